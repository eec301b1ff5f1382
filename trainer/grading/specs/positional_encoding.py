"""positional_encoding(max_len, d_model): the Transformer's sines and cosines."""

from __future__ import annotations

from trainer.grading.compare import Tolerance
from trainer.grading.spec import Check, Example, Exercise, call, program

PROGRAM = program(call("positional_encoding", "max_len", "d_model", save="pe"), outputs=("pe",))


def checks() -> list[Check]:
    from trainer.grading import strategies as s

    return [
        Check(
            "PE[p, 2i] = sin(p / 10000**(2i/d)), PE[p, 2i+1] = cos(same angle)",
            PROGRAM,
            lambda: s.fixed(max_len=s.integers(1, 60), d_model=s.integers(1, 16)),
            examples=(
                Example("4 positions, 6 dimensions", {"max_len": 4, "d_model": 6}),
                Example("odd d_model", {"max_len": 3, "d_model": 5}),
                Example("one dimension", {"max_len": 5, "d_model": 1}),
            ),
            max_examples=30,
            tolerance=Tolerance(1e-9, 1e-12),
            explain={
                "pe": "the angle of columns 2i and 2i+1 is p / 10000**(2i / d_model): the "
                "exponent uses the even index 2i for both; sin on even columns, cos on odd ones"
            },
        ),
    ]


EXERCISE = Exercise(
    id="positional_encoding",
    title="Sinusoidal positional encoding",
    topic="deep_learning/transformer",
    source="course notes 002 §4 C15 (Transformer, l.1653-1654; "
    "the formula from Vaswani et al. 2017)",
    summary="positional_encoding(max_len, d_model) -> (max_len, d_model) array",
    functions=("positional_encoding",),
    hints=(
        "positions = np.arange(max_len)[:, None]; the even column indices are "
        "np.arange(0, d_model, 2).",
        "angle = positions / 10000 ** (even / d_model): the exponent is 2i/d, with 2i the even "
        "column, shared by the pair (2i, 2i+1).",
        "pe[:, 0::2] = sin(angle); pe[:, 1::2] = cos(angle) for as many odd columns as there "
        "are (one fewer when d_model is odd).",
    ),
    checks=checks,
    tags=("transformer",),
)

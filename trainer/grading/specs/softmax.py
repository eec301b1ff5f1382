"""softmax(x): probabilities over the last axis, stable for any finite input."""

from __future__ import annotations

import numpy as np

from trainer.grading.compare import Tolerance
from trainer.grading.spec import Check, Example, Exercise, call, program, snap

MUTATION = {"x_after": "softmax must not modify x: x_after is x after your call"}
PROGRAM = program(
    call("softmax", "x", save="y"), snap("x", save="x_after"), outputs=("y", "x_after")
)


def checks() -> list[Check]:
    from trainer.grading import strategies as s

    return [
        Check(
            "1-D scores",
            PROGRAM,
            lambda: s.fixed(x=s.arrays(s.integers(1, 8), -20, 20)),
            examples=(
                Example("the course notes' example", {"x": np.array([0.3, 2.9, 4.0])}),
                Example("a single score", {"x": np.array([5.0])}),
                Example("all equal", {"x": np.zeros(4)}),
            ),
            explain=MUTATION,
        ),
        Check(
            "2-D batch: one distribution per row",
            PROGRAM,
            lambda: s.fixed(x=s.arrays(s.shapes(2, 2, 1, 5), -20, 20)),
            examples=(
                Example("rows differ", {"x": np.array([[1.0, 2.0, 3.0], [1.0, 1.0, 5.0]])}),
                Example("one row", {"x": np.array([[0.5, -1.0]])}),
                Example("one column", {"x": np.array([[0.5], [-1.0]])}),
            ),
            explain=MUTATION,
        ),
        Check(
            "large logits: no overflow",
            PROGRAM,
            lambda: s.fixed(x=s.arrays(s.shapes(1, 2, 1, 5), -1e4, 1e4)),
            examples=(
                Example("logits of 1000", {"x": np.array([1000.0, 1001.0, 990.0])}),
                Example("very negative", {"x": np.array([[-1000.0, -1001.0], [-5e4, -5e4]])}),
                Example("huge spread", {"x": np.array([1e300, -1e300, 0.0])}),
            ),
            tolerance=Tolerance(1e-7, 1e-12),
            explain=MUTATION,
        ),
    ]


EXERCISE = Exercise(
    id="softmax",
    title="Stable softmax",
    topic="deep_learning/activation",
    source="course notes 004 §4 E3 (Stage.3 Day1, l.426-434); DLFS1 common/functions.py softmax(x)",
    summary="softmax(x) over the last axis for 1-D and 2-D x, stable for logits of 1000 and more",
    functions=("softmax",),
    hints=(
        "exp(1000) overflows to inf, and inf/inf is NaN. But softmax(x) equals softmax(x - c) "
        "for any constant c.",
        "Subtract the maximum of each row: np.max(x, axis=-1, keepdims=True). keepdims lets it "
        "broadcast against x for both 1-D and 2-D inputs.",
        "Normalize with np.sum(..., axis=-1, keepdims=True), and put x - m in a new array: "
        "`x -= m` would change the caller's array.",
    ),
    checks=checks,
)

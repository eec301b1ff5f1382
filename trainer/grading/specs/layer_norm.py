"""layer_norm(x, gamma, beta, eps=1e-5): normalize each sample over its last axis."""

from __future__ import annotations

from typing import Any

import numpy as np

from trainer.grading.compare import Tolerance
from trainer.grading.spec import Check, Example, Exercise, call, program, snap

PROGRAM = program(
    call("layer_norm", "x", "gamma", "beta", save="out"),
    snap("x", save="x_after"),
    outputs=("out", "x_after"),
)


def checks() -> list[Check]:
    from trainer.grading import strategies as s

    @s.composite
    def cases(draw: s.DrawFn) -> dict[str, Any]:
        shape = draw(s.shapes(1, 3, 1, 5))
        d = shape[-1]
        x = draw(s.arrays(shape, -5, 5))
        if d > 1:
            x[..., 0] -= 2.0  # rows with some spread
            x[..., -1] += 2.0
        return {"x": x, "gamma": draw(s.arrays((d,), 0.5, 2)), "beta": draw(s.arrays((d,), -1, 1))}

    tokens = np.array([[1.0, 2.0, 3.0, 4.0], [10.0, 0.0, -10.0, 5.0], [0.5, 0.5, 0.5, 0.5]])
    return [
        Check(
            "normalize over the last axis",
            PROGRAM,
            cases,
            examples=(
                Example(
                    "three tokens of 4 features (one constant)",
                    {"x": tokens, "gamma": np.ones(4), "beta": np.zeros(4)},
                ),
                Example(
                    "a batch of 2 sequences of 3 tokens",
                    {
                        "x": np.stack([tokens, -tokens]),
                        "gamma": np.arange(1.0, 5.0),
                        "beta": np.ones(4),
                    },
                ),
            ),
            tolerance=Tolerance(1e-9, 1e-12),
            explain={
                "out": "each sample (each row over the LAST axis) is normalized on its own, with "
                "its mean and biased variance, eps = 1e-5 inside the square root",
                "x_after": "layer_norm must not modify x",
            },
        ),
    ]


EXERCISE = Exercise(
    id="layer_norm",
    title="Layer normalization",
    topic="deep_learning/normalization",
    source="course notes 002 §4 C12 (ViT / Transformer, l.1650-1652)",
    summary="layer_norm(x, gamma, beta, eps=1e-5) over the last axis",
    functions=("layer_norm",),
    hints=(
        "Unlike batch norm, the statistics are per sample: mean and variance over axis=-1 with "
        "keepdims=True.",
        "Biased variance (np.var's default ddof=0) and eps inside the square root: "
        "(x - mean) / np.sqrt(var + eps).",
        "gamma and beta have shape (D,) and broadcast over the leading axes.",
    ),
    checks=checks,
    tags=("normalization",),
)

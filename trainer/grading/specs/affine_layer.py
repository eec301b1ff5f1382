"""Affine(W, b): x @ W + b for x of any rank (flattened per sample), with dx, dW, db."""

from __future__ import annotations

from typing import Any

import numpy as np

from trainer.grading.spec import Check, Example, Exercise, GradCheck, attr, call, method, program

FORWARD = program(
    call("Affine", "W", "b", save="layer"),
    method("layer", "forward", "x", save="out"),
    outputs=("out",),
)
BOTH = program(
    call("Affine", "W", "b", save="layer"),
    method("layer", "forward", "x", save="out"),
    method("layer", "backward", "dout", save="dx"),
    attr("layer", "dW", save="dW"),
    attr("layer", "db", save="db"),
    outputs=("out", "dx", "dW", "db"),
)


def checks() -> list[Check]:
    from trainer.grading import strategies as s

    @s.composite
    def cases(draw: s.DrawFn, max_side: int) -> dict[str, Any]:
        n = draw(s.integers(1, 3))
        tail = draw(s.shapes(1, 3, 1, max_side))
        d = int(np.prod(tail))
        m = draw(s.integers(1, 4))
        return {
            "W": draw(s.arrays((d, m), -2, 2)),
            "b": draw(s.arrays((m,), -2, 2)),
            "x": draw(s.arrays((n, *tail), -3, 3)),
            "dout": draw(s.arrays((n, m), -2, 2)),
        }

    square = {
        "W": np.array([[1.0, 2.0], [3.0, 4.0]]),
        "b": np.array([0.5, -0.5]),
        "x": np.array([[1.0, -1.0], [2.0, 0.5], [0.0, 1.0]]),
        "dout": np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]]),
    }
    images = {
        "W": np.arange(12.0).reshape(4, 3) / 10,
        "b": np.zeros(3),
        "x": np.arange(8.0).reshape(2, 1, 2, 2),
        "dout": np.ones((2, 3)),
    }
    return [
        Check(
            "forward and backward against the reference",
            BOTH,
            lambda: cases(3),
            examples=(
                Example("square W (a transposed dW still has the right shape)", square),
                Example("4-D x: (N, C, H, W) flattened per sample", images),
            ),
            explain={
                "dx": "dx must have the shape of the original x (restore it after flattening)"
            },
        ),
        Check(
            "dx, dW, db match finite differences of forward",
            BOTH,
            lambda: cases(2),
            max_examples=5,
            gradcheck=GradCheck(
                forward=lambda inputs: FORWARD,
                loss_terms=(("out", "dout"),),
                wrt=(("dx", "x"), ("dW", "W"), ("db", "b")),
            ),
        ),
    ]


EXERCISE = Exercise(
    id="affine_layer",
    title="Affine layer (forward and backward)",
    topic="deep_learning/backprop",
    source="course notes 004 §4 E5 (backward of u = xW + b); DLFS1 common/layers.py Affine",
    summary="class Affine(W, b): forward(x) = x @ W + b; backward(dout) -> dx, sets dW and db",
    functions=("Affine",),
    hints=(
        "Rows are samples: x has shape (N, D) and W (D, M). In forward, keep "
        "x.reshape(x.shape[0], -1) and the original shape.",
        "dW = x.T @ dout (shape of W), db = the sum of dout over the batch axis (shape of b), "
        "dx = dout @ W.T.",
        "Reshape dx to the shape x had before you flattened it.",
    ),
    checks=checks,
    tags=("layer",),
)

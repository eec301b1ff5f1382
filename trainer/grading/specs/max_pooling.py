"""Pooling(pool_h, pool_w, stride=2, pad=0): max pooling forward and backward (pad 0)."""

from __future__ import annotations

from typing import Any

import numpy as np

from trainer.grading.compare import Tolerance
from trainer.grading.spec import Check, Example, Exercise, GradCheck, call, method, program

FORWARD = program(
    call("Pooling", "pool_h", "pool_w", stride="stride", save="layer"),
    method("layer", "forward", "x", save="out"),
    outputs=("out",),
)
BOTH = program(
    call("Pooling", "pool_h", "pool_w", stride="stride", save="layer"),
    method("layer", "forward", "x", save="out"),
    method("layer", "backward", "dout", save="dx"),
    outputs=("out", "dx"),
)


def checks() -> list[Check]:
    from trainer.grading import strategies as s

    @s.composite
    def cases(draw: s.DrawFn, max_side: int) -> dict[str, Any]:
        n, c = draw(s.integers(1, 2)), draw(s.integers(1, 2))
        h, w = draw(s.integers(1, max_side)), draw(s.integers(1, max_side))
        ph, pw = draw(s.integers(1, min(3, h))), draw(s.integers(1, min(3, w)))
        stride = draw(s.integers(1, 3))
        oh, ow = (h - ph) // stride + 1, (w - pw) // stride + 1
        size = n * c * h * w
        # distinct values, well apart: no ties for the maximum, even after a finite-difference step
        values = draw(s.permutations(list(range(size))))
        x = (np.array(values, dtype=np.float64).reshape(n, c, h, w) - size / 2) / 4
        return {
            "x": x,
            "pool_h": ph,
            "pool_w": pw,
            "stride": stride,
            "dout": draw(s.arrays((n, c, oh, ow), -1, 1)),
        }

    slide = np.array(
        [[1.0, 2.0, 0.0, 1.0], [3.0, 0.5, 7.0, 6.0], [2.5, 1.0, 0.2, 8.0], [0.1, 0.3, 4.0, 0.6]]
    )
    two = np.stack([slide, -slide])[None]
    return [
        Check(
            "forward and backward, overlapping windows included",
            BOTH,
            lambda: cases(5),
            examples=(
                Example(
                    "2x2 windows, stride 2, two channels",
                    {
                        "x": two,
                        "pool_h": 2,
                        "pool_w": 2,
                        "stride": 2,
                        "dout": np.arange(8.0).reshape(1, 2, 2, 2),
                    },
                ),
                Example(
                    "3x3 windows, stride 1 (overlapping)",
                    {
                        "x": two,
                        "pool_h": 3,
                        "pool_w": 3,
                        "stride": 1,
                        "dout": np.ones((1, 2, 2, 2)),
                    },
                ),
            ),
            tolerance=Tolerance(1e-12, 1e-12),
            explain={
                "out": "out has shape (N, C, out_h, out_w): max over each window, reshape to "
                "(N, out_h, out_w, C), then transpose(0, 3, 1, 2)",
                "dx": "each dout value goes to the position of its window's maximum; where "
                "windows overlap the contributions add up (col2im sums them)",
            },
        ),
        Check(
            "dx matches finite differences of forward",
            BOTH,
            lambda: cases(4),
            max_examples=5,
            gradcheck=GradCheck(
                forward=lambda inputs: FORWARD,
                loss_terms=(("out", "dout"),),
                wrt=(("dx", "x"),),
            ),
        ),
    ]


EXERCISE = Exercise(
    id="max_pooling",
    title="Max pooling layer (forward and backward)",
    topic="deep_learning/cnn",
    source="course notes 003 §5.3(d), §2.8, §2.15 (SkillUP DAY5 l.375-441, l.1772-1904); DLFS1 "
    "common/layers.py Pooling",
    summary="class Pooling(pool_h, pool_w, stride=2, pad=0): max pooling, forward(x) and "
    "backward(dout)",
    functions=("Pooling",),
    hints=(
        "im2col and col2im are given. col = im2col(x, pool_h, pool_w, stride, pad)"
        ".reshape(-1, pool_h * pool_w): one row per (n, out_h, out_w, c) window.",
        "Keep arg_max = np.argmax(col, axis=1); out = col.max(axis=1).reshape(N, out_h, out_w, C)"
        ".transpose(0, 3, 1, 2).",
        "Backward: dout.transpose(0, 2, 3, 1); put each value at its arg_max in a "
        "(dout.size, pool_h*pool_w) zero matrix; reshape to one row per window position, "
        "(N*out_h*out_w, C*pool_h*pool_w); col2im it back to x's shape.",
    ),
    checks=checks,
    tags=("cnn", "layer"),
)

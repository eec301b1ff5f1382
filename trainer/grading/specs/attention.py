"""scaled_dot_product_attention(Q, K, V, mask=None) -> (out, weights)."""

from __future__ import annotations

from typing import Any

import numpy as np

from trainer.grading.compare import Tolerance
from trainer.grading.spec import Check, Example, Exercise, Inputs, Program, call, item, program


def _program(inputs: Inputs) -> Program:
    extra = {"mask": "mask"} if inputs.get("mask") is not None else {}
    return program(
        call("scaled_dot_product_attention", "Q", "K", "V", save="result", **extra),
        item("result", 0, save="out", what="the result (out, weights)"),
        item("result", 1, save="weights", what="the result (out, weights)"),
        outputs=("weights", "out"),
    )


def checks() -> list[Check]:
    from trainer.grading import strategies as s

    @s.composite
    def cases(draw: s.DrawFn, scale: float, masked: bool) -> dict[str, Any]:
        lead = (draw(s.integers(1, 2)),) if draw(s.booleans()) else ()
        lq, lk = draw(s.integers(1, 4)), draw(s.integers(1, 4))
        dk, dv = draw(s.integers(1, 4)), draw(s.integers(1, 3))
        case: dict[str, Any] = {
            "Q": draw(s.arrays((*lead, lq, dk), -scale, scale)),
            "K": draw(s.arrays((*lead, lk, dk), -scale, scale)),
            "V": draw(s.arrays((*lead, lk, dv), -3, 3)),
            "mask": None,
        }
        if masked:
            mask = np.array(
                [[draw(s.booleans()) for _ in range(lk)] for _ in range(lq)], dtype=bool
            )
            mask[np.arange(lq), [draw(s.integers(0, lk - 1)) for _ in range(lq)]] = True
            case["mask"] = mask
        return case

    Q = np.array([[1.0, 0.0], [0.0, 2.0]])
    K = np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]])
    V = np.array([[1.0, 10.0], [2.0, 20.0], [3.0, 30.0]])
    causal = np.tril(np.ones((3, 3), dtype=bool))
    return [
        Check(
            "no mask",
            _program,
            lambda: cases(2.0, False),
            examples=(Example("d_k = 2", {"Q": Q, "K": K, "V": V, "mask": None}),),
            tolerance=Tolerance(1e-9, 1e-12),
            explain={
                "weights": "scores = Q @ K^T / sqrt(d_k) (d_k = Q.shape[-1]); the softmax runs "
                "over the LAST axis (the keys)",
                "out": "out = weights @ V",
            },
        ),
        Check(
            "with a mask (True: may attend)",
            _program,
            lambda: cases(2.0, True),
            examples=(Example("causal mask", {"Q": K, "K": K, "V": V, "mask": causal}),),
            tolerance=Tolerance(1e-9, 1e-12),
            explain={
                "weights": "masked positions (mask False) get weight exactly 0 and the other "
                "weights of the row still sum to 1: set their scores to -inf before the softmax"
            },
        ),
        Check(
            "large scores: no overflow",
            _program,
            lambda: cases(300.0, True),
            examples=(
                Example(
                    "scores in the thousands", {"Q": 100 * K, "K": 100 * K, "V": V, "mask": None}
                ),
            ),
            tolerance=Tolerance(1e-9, 1e-12),
        ),
    ]


EXERCISE = Exercise(
    id="attention",
    title="Scaled dot-product attention with a mask",
    topic="deep_learning/transformer",
    source="course notes 002 §4 C13 (Transformer, l.1635-1641); DLFS2 ch08 attention (unscaled, "
    "for contrast)",
    summary="scaled_dot_product_attention(Q, K, V, mask=None) -> (out, weights), any leading "
    "batch axes",
    functions=("scaled_dot_product_attention",),
    hints=(
        "scores = Q @ np.swapaxes(K, -1, -2) / np.sqrt(d_k): the scale is the square root of the "
        "key dimension, not d_k.",
        "Masked scores become -inf before the softmax (np.where(mask, scores, -np.inf)); the "
        "softmax is over the last axis and subtracts the row maximum first.",
        "Return (weights @ V, weights). Every row of the mask has at least one True.",
    ),
    checks=checks,
    tags=("transformer",),
)

"""Relu: forward and backward; the derivative at exactly 0 is 0 (mask = x <= 0)."""

from __future__ import annotations

from typing import Any

import numpy as np

from trainer.grading.spec import (
    Check,
    Example,
    Exercise,
    GradCheck,
    call,
    method,
    program,
    snap,
)

FORWARD = program(
    call("Relu", save="layer"),
    method("layer", "forward", "x", save="out"),
    outputs=("out",),
)
BOTH = program(
    call("Relu", save="layer"),
    method("layer", "forward", "x", save="out"),
    snap("x", save="x_after"),
    method("layer", "backward", "dout", save="dx"),
    outputs=("out", "x_after", "dx"),
)
AT_ZERO = (
    "the contract fixes the derivative at exactly x = 0 to 0 (mask = x <= 0), "
    "as the textbook's Relu layer does"
)


def checks() -> list[Check]:
    from trainer.grading import strategies as s

    @s.composite
    def cases(draw: s.DrawFn, kink: bool) -> dict[str, Any]:
        shape = draw(s.shapes(1, 3, 1, 4))
        values = s.one_of(s.floats(-5, 5), s.just(0.0)) if kink else s.floats(-5, 5)
        x = draw(s.arrays(shape, elements=values))
        if not kink:
            x = np.where(np.abs(x) < 0.01, 0.5, x)
        return {"x": x, "dout": draw(s.arrays(shape, -3, 3))}

    zeros = {"x": np.array([[-1.0, 0.0, 2.0], [0.0, 3.0, -0.5]]), "dout": np.ones((2, 3))}
    return [
        Check(
            "forward and backward, with exact zeros in x",
            BOTH,
            lambda: cases(True),
            examples=(Example("x with exact zeros", zeros),),
            explain={
                "dx": AT_ZERO,
                "x_after": "forward must not modify x (copy it, or use np.where / np.maximum)",
            },
        ),
        Check(
            "backward matches finite differences of forward (away from 0)",
            BOTH,
            lambda: cases(False),
            max_examples=6,
            gradcheck=GradCheck(
                forward=lambda inputs: FORWARD,
                loss_terms=(("out", "dout"),),
                wrt=(("dx", "x"),),
            ),
        ),
    ]


EXERCISE = Exercise(
    id="relu_layer",
    title="ReLU layer (forward and backward)",
    topic="deep_learning/backprop",
    source="course notes 004 §4 E6 (d_relu); DLFS1 common/layers.py Relu",
    summary="class Relu with forward(x) and backward(dout); derivative 0 at exactly x = 0",
    functions=("Relu",),
    hints=(
        "Remember where x <= 0 in forward (self.mask = (x <= 0)): backward needs the same "
        "positions.",
        "x == 0 counts as 'off': the derivative there is 0. With x < 0 instead, a gradient "
        "leaks through the units that are exactly 0.",
        "Do not zero x in place: out = x.copy(); out[self.mask] = 0 (or np.where).",
    ),
    checks=checks,
    tags=("layer", "convention"),
)

"""SoftmaxWithLoss: forward(x, t) -> loss; backward(dout=1) -> dout * (y - t) / N."""

from __future__ import annotations

from typing import Any

import numpy as np

from trainer.grading.spec import Check, Example, Exercise, GradCheck, call, method, program

FORWARD = program(
    call("SoftmaxWithLoss", save="layer"),
    method("layer", "forward", "x", "t", save="loss"),
    outputs=("loss",),
)
BOTH = program(
    call("SoftmaxWithLoss", save="layer"),
    method("layer", "forward", "x", "t", save="loss"),
    method("layer", "backward", save="dx"),
    outputs=("loss", "dx"),
)
SCALED = program(
    call("SoftmaxWithLoss", save="layer"),
    method("layer", "forward", "x", "t", save="loss"),
    method("layer", "backward", "dout", save="dx"),
    outputs=("loss", "dx"),
)

DOUT = (
    "backward must multiply by dout: dx = dout * (softmax(x) - t) / batch_size (the "
    "textbook's SoftmaxWithLoss ignores dout; this contract does not)"
)


def checks() -> list[Check]:
    from trainer.grading import strategies as s

    @s.composite
    def cases(draw: s.DrawFn, low: float, high: float) -> dict[str, Any]:
        n = draw(s.integers(1, 4))
        c = draw(s.integers(2, 4))
        x = draw(s.arrays((n, c), low, high))
        labels = np.array([draw(s.integers(0, c - 1)) for _ in range(n)], dtype=np.int64)
        t = np.eye(c)[labels] if draw(s.booleans()) else labels
        return {
            "x": x,
            "t": t,
            "dout": draw(s.sampled_from([1.0, 0.5, 2.0])),
            "_one": np.array(1.0),
        }

    logits = np.array([[2.0, 1.0, 0.1], [0.5, 2.5, -1.0]])
    return [
        Check(
            "loss and dx for one-hot and label targets",
            BOTH,
            lambda: cases(-5, 5),
            examples=(
                Example("one-hot targets", {"x": logits, "t": np.eye(3)[[0, 1]]}),
                Example("label targets", {"x": logits, "t": np.array([0, 1])}),
                Example("logits of 1000", {"x": logits + 1000, "t": np.array([2, 0])}),
            ),
            explain={"dx": "dx = (softmax(x) - t) / batch_size (t as one-hot)"},
        ),
        Check(
            "backward(dout) scales the gradient by dout",
            SCALED,
            lambda: cases(-5, 5),
            examples=(
                Example(
                    "dout = 2",
                    {"x": logits, "t": np.array([0, 1]), "dout": 2.0, "_one": np.array(1.0)},
                    explain={"dx": DOUT},
                ),
            ),
            max_examples=10,
        ),
        Check(
            "dx matches finite differences of the loss",
            BOTH,
            lambda: cases(-2, 2),
            max_examples=5,
            gradcheck=GradCheck(
                forward=lambda inputs: FORWARD,
                loss_terms=(("loss", "_one"),),
                wrt=(("dx", "x"),),
                tolerance=1e-3,  # the loss has the textbook's 1e-7 inside the log
            ),
        ),
    ]


EXERCISE = Exercise(
    id="softmax_with_loss",
    title="Softmax-with-loss layer",
    topic="deep_learning/backprop",
    source="DLFS1 common/layers.py SoftmaxWithLoss; "
    "course notes 001 §4.1.B (softmax + cross-entropy)",
    summary="class SoftmaxWithLoss: forward(x, t) -> loss, backward(dout=1) -> dout * (y - t) / N",
    functions=("SoftmaxWithLoss",),
    hints=(
        "softmax and cross_entropy_error are given in the file: forward keeps y = softmax(x) and "
        "t, and returns the loss.",
        "The gradient of the mean loss with respect to x is (y - t) / batch_size, with t one-hot.",
        "For label targets, copy y and subtract 1 at [np.arange(batch_size), t]. "
        "Multiply by dout at the end.",
    ),
    checks=checks,
    tags=("layer", "loss"),
)

"""LSTM(Wx, Wh, b): one step, fused gates sliced in the order f, g, i, o (DLFS2)."""

from __future__ import annotations

from typing import Any

import numpy as np

from trainer.grading.compare import Tolerance
from trainer.grading.spec import (
    Check,
    Example,
    Exercise,
    GradCheck,
    alias,
    attr,
    call,
    item,
    method,
    program,
    snap,
)

FORWARD = program(
    call("LSTM", "Wx", "Wh", "b", save="layer"),
    method("layer", "forward", "x", "h_prev", "c_prev", save="next"),
    item("next", 0, save="h_next", what="the result of forward"),
    item("next", 1, save="c_next", what="the result of forward"),
    outputs=("h_next", "c_next"),
)
# c_next first: it depends on f, g and i only, so a wrong c_next points at the gates' order, and a
# right c_next with a wrong h_next at h_next = o * tanh(c_next) (o is last in either order).
FORWARD_C_FIRST = program(
    call("LSTM", "Wx", "Wh", "b", save="layer"),
    method("layer", "forward", "x", "h_prev", "c_prev", save="next"),
    item("next", 0, save="h_next", what="the result of forward"),
    item("next", 1, save="c_next", what="the result of forward"),
    outputs=("c_next", "h_next"),
)
H_NEXT = "with c_next right: h_next = o * tanh(c_next), o = sigmoid(A[:, 3H:])"
BOTH = program(
    call("LSTM", "Wx", "Wh", "b", save="layer"),
    attr("layer", "grads", save="grads_live"),
    alias("grads_live", save="grads_held"),
    method("layer", "forward", "x", "h_prev", "c_prev", save="next"),
    item("next", 0, save="h_next", what="the result of forward"),
    item("next", 1, save="c_next", what="the result of forward"),
    method("layer", "backward", "dh_next", "dc_next", save="back"),
    item("back", 0, save="dx", what="the result of backward"),
    item("back", 1, save="dh_prev", what="the result of backward"),
    item("back", 2, save="dc_prev", what="the result of backward"),
    attr("layer", "grads", save="grads"),
    snap("grads_held", save="grads_in_place"),
    item("grads", 0, save="dWx", what="self.grads"),
    item("grads", 1, save="dWh", what="self.grads"),
    item("grads", 2, save="db", what="self.grads"),
    outputs=(
        "h_next", "c_next", "dx", "dh_prev", "dc_prev", "grads_in_place", "dWx", "dWh", "db"
    ),
)  # fmt: skip
TOLERANCE = Tolerance(1e-9, 1e-12)
ORDER = (
    "the fused pre-activation A = x @ Wx + h_prev @ Wh + b holds the gates in the order "
    "f, g, i, o (DLFS2), not PyTorch's i, f, g, o"
)


def checks() -> list[Check]:
    from trainer.grading import strategies as s

    @s.composite
    def cases(draw: s.DrawFn, small: bool) -> dict[str, Any]:
        n, d, h = (
            draw(s.integers(1, 2 if small else 3)),
            draw(s.integers(1, 3)),
            draw(s.integers(1, 2 if small else 3)),
        )
        return {
            "Wx": draw(s.arrays((d, 4 * h), -1, 1)),
            "Wh": draw(s.arrays((h, 4 * h), -1, 1)),
            "b": draw(s.arrays((4 * h,), -1, 1)),
            "x": draw(s.arrays((n, d), -2, 2)),
            "h_prev": draw(s.arrays((n, h), -1, 1)),
            "c_prev": draw(s.arrays((n, h), -2, 2)),
            "dh_next": draw(s.arrays((n, h), -1, 1)),
            "dc_next": draw(s.arrays((n, h), -1, 1)),
        }

    # One unit, gates told apart by the bias: f open, g = tanh(2), i half open, o nearly shut.
    gates = {
        "Wx": np.zeros((1, 4)),
        "Wh": np.zeros((1, 4)),
        "b": np.array([10.0, 2.0, 0.0, -3.0]),
        "x": np.ones((1, 1)),
        "h_prev": np.zeros((1, 1)),
        "c_prev": np.ones((1, 1)),
        "dh_next": np.ones((1, 1)),
        "dc_next": np.zeros((1, 1)),
    }
    return [
        Check(
            "forward: gate order f, g, i, o",
            FORWARD_C_FIRST,
            lambda: cases(False),
            examples=(Example("each gate with its own bias", gates),),
            tolerance=TOLERANCE,
            explain={"c_next": ORDER, "h_next": H_NEXT},
        ),
        Check(
            "backward against the reference and finite differences",
            BOTH,
            lambda: cases(True),
            examples=(Example("each gate with its own bias", gates),),
            max_examples=5,
            tolerance=TOLERANCE,
            explain={
                "dc_prev": "dc = dc_next + dh_next * o * (1 - tanh(c_next)**2); dc_prev = dc * f",
                "grads_in_place": "write the gradients into the existing arrays, in place "
                "(self.grads[0][...] = dWx): an optimizer holds references to them",
            },
            gradcheck=GradCheck(
                forward=lambda inputs: FORWARD,
                loss_terms=(("h_next", "dh_next"), ("c_next", "dc_next")),
                wrt=(
                    ("dx", "x"),
                    ("dh_prev", "h_prev"),
                    ("dc_prev", "c_prev"),
                    ("dWx", "Wx"),
                    ("dWh", "Wh"),
                    ("db", "b"),
                ),
            ),
        ),
    ]


EXERCISE = Exercise(
    id="lstm_cell",
    title="LSTM cell (gate order f, g, i, o)",
    topic="deep_learning/rnn",
    source="DLFS2 common/time_layers.py LSTM; exam.md §3.2, §3.4 (gate order); "
    "course notes 000 §1b (LSTM heading, no code)",
    summary="class LSTM(Wx, Wh, b): forward(x, h_prev, c_prev) -> (h_next, c_next); "
    "backward(dh_next, dc_next) -> (dx, dh_prev, dc_prev)",
    functions=("LSTM",),
    hints=(
        "A = x @ Wx + h_prev @ Wh + b has 4H columns: f = sigmoid(A[:, :H]), "
        "g = tanh(A[:, H:2H]), i = sigmoid(A[:, 2H:3H]), o = sigmoid(A[:, 3H:]).",
        "c_next = f * c_prev + g * i and h_next = o * tanh(c_next). Keep what backward needs.",
        "Backward: ds = dc_next + dh_next * o * (1 - tanh(c_next)**2); the gate gradients go back "
        "through their nonlinearities; dA = np.hstack((df, dg, di, do)); "
        "dWx = x.T @ dA, dWh = h_prev.T @ dA, db = dA.sum(0), written with [...] =.",
    ),
    checks=checks,
    tags=("rnn", "layer", "convention"),
)

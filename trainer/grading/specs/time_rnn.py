"""TimeRNN(Wx, Wh, b): forward over T steps and backpropagation through time."""

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
    call("TimeRNN", "Wx", "Wh", "b", save="layer"),
    method("layer", "forward", "xs", save="hs"),
    outputs=("hs",),
)
BOTH = program(
    call("TimeRNN", "Wx", "Wh", "b", save="layer"),
    attr("layer", "grads", save="grads_live"),
    alias("grads_live", save="grads_held"),
    method("layer", "forward", "xs", save="hs"),
    method("layer", "backward", "dhs", save="dxs"),
    attr("layer", "grads", save="grads"),
    snap("grads_held", save="grads_in_place"),
    item("grads", 0, save="dWx", what="self.grads"),
    item("grads", 1, save="dWh", what="self.grads"),
    item("grads", 2, save="db", what="self.grads"),
    outputs=("hs", "dxs", "grads", "grads_in_place", "dWx", "dWh", "db"),
)
TOLERANCE = Tolerance(1e-9, 1e-12)


def checks() -> list[Check]:
    from trainer.grading import strategies as s

    @s.composite
    def cases(draw: s.DrawFn, small: bool) -> dict[str, Any]:
        n, t = draw(s.integers(1, 2 if small else 3)), draw(s.integers(1, 3 if small else 5))
        d, h = draw(s.integers(1, 2 if small else 3)), draw(s.integers(1, 2 if small else 3))
        return {
            "Wx": draw(s.arrays((d, h), -1, 1)),
            "Wh": draw(s.arrays((h, h), -1, 1)),
            "b": draw(s.arrays((h,), -0.5, 0.5)),
            "xs": draw(s.arrays((n, t, d), -2, 2)),
            "dhs": draw(s.arrays((n, t, h), -1, 1)),
        }

    rng = np.random.default_rng(3)
    example = {
        "Wx": rng.normal(size=(2, 3)) / 2,
        "Wh": rng.normal(size=(3, 3)) / 2,
        "b": rng.normal(size=3) / 4,
        "xs": rng.normal(size=(2, 4, 2)),
        "dhs": np.zeros((2, 4, 3)),
    }
    example["dhs"][:, -1] = 1.0  # only the last step's output matters: all of it flows back
    return [
        Check(
            "forward and BPTT against the reference",
            BOTH,
            lambda: cases(False),
            examples=(Example("a loss on the last step only", example),),
            tolerance=TOLERANCE,
            explain={
                "hs": "h starts at zeros (stateful=False) and each step feeds the next",
                "dxs": "at each step the cell receives dhs[:, t] plus the dh coming back from "
                "step t + 1",
                "grads": "the weights are shared by every step: add the gradients of all steps",
                "grads_in_place": "write the sums into the existing arrays, in place "
                "(self.grads[0][...] = dWx): an optimizer holds references to them",
            },
        ),
        Check(
            "gradients match finite differences",
            BOTH,
            lambda: cases(True),
            max_examples=4,
            tolerance=TOLERANCE,
            gradcheck=GradCheck(
                forward=lambda inputs: FORWARD,
                loss_terms=(("hs", "dhs"),),
                wrt=(("dxs", "xs"), ("dWx", "Wx"), ("dWh", "Wh"), ("db", "b")),
            ),
        ),
    ]


EXERCISE = Exercise(
    id="time_rnn",
    title="TimeRNN: forward and backpropagation through time",
    topic="deep_learning/rnn",
    source="course notes 000 §4 E13, E15 (Stage.4 Day3, l.80-162, with the notes' errata fixed); "
    "DLFS2 common/time_layers.py TimeRNN",
    summary="class TimeRNN(Wx, Wh, b, stateful=False): forward(xs) (N, T, D) -> hs (N, T, H); "
    "backward(dhs) -> dxs, grads summed over time",
    functions=("TimeRNN",),
    hints=(
        "The one-step RNN cell is given. Forward: h = zeros((N, H)) (unless stateful and a state "
        "exists), then for each t: a new RNN cell, h = cell.forward(xs[:, t, :], h), keep the "
        "cell and store h in hs[:, t, :].",
        "Backward goes from t = T-1 down to 0 with dh = 0 at first: "
        "dx, dh = cell.backward(dhs[:, t, :] + dh). The dh that comes back is added, not replaced.",
        "The same Wx, Wh, b serve every step: sum each cell's grads over t, then write the sums "
        "into self.grads with [...] = (in place).",
    ),
    checks=checks,
    tags=("rnn", "layer"),
)

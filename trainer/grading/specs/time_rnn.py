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
    lit,
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
    attr("layer", "dh", save="dh"),
    item("grads", 0, save="dWx", what="self.grads"),
    item("grads", 1, save="dWh", what="self.grads"),
    item("grads", 2, save="db", what="self.grads"),
    outputs=("hs", "dxs", "grads", "grads_in_place", "dh", "dWx", "dWh", "db"),
)
STATE = program(
    call("TimeRNN", "Wx", "Wh", "b", save="layer"),
    method("layer", "forward", "xs", save="hs"),
    method("layer", "forward", "xs2", save="hs_again"),
    call("TimeRNN", "Wx", "Wh", "b", save="kept", stateful=lit(True)),
    method("kept", "forward", "xs", save="hs_kept"),
    method("kept", "forward", "xs2", save="hs_continued"),
    outputs=("hs", "hs_again", "hs_kept", "hs_continued"),
)
# float32 work is right (the textbook allocates hs with dtype='f'): about float32's precision.
TOLERANCE = Tolerance(1e-5, 1e-7)
RESET = (
    "stateful=False: every call of forward starts again from h = zeros; do not carry the last h "
    "of the previous call over"
)
CONTINUE = (
    "stateful=True: the next call of forward starts from the last h of the previous call "
    "(zeros only when there is no state yet)"
)
CARRY = "at each step the cell receives dhs[:, t] plus the dh coming back from step t + 1"
SUMS = "the weights are shared by every step: add the gradients of all steps"
IN_PLACE = (
    "write the sums into the existing arrays, in place (self.grads[0][...] = dWx): an "
    "optimizer holds references to them"
)


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
    every_step = {**example, "dhs": np.ones((2, 4, 3))}

    @s.composite
    def two_calls(draw: s.DrawFn) -> dict[str, Any]:
        n, d, h = draw(s.integers(1, 2)), draw(s.integers(1, 3)), draw(s.integers(1, 3))
        return {
            "Wx": draw(s.arrays((d, h), -1, 1)),
            "Wh": draw(s.arrays((h, h), -1, 1)),
            "b": draw(s.arrays((h,), -0.5, 0.5)),
            "xs": draw(s.arrays((n, draw(s.integers(1, 3)), d), -2, 2)),
            "xs2": draw(s.arrays((n, draw(s.integers(1, 3)), d), -2, 2)),
        }

    states = {k: example[k] for k in ("Wx", "Wh", "b", "xs")}
    states["xs2"] = rng.normal(size=(2, 2, 2))
    return [
        Check(
            "forward and BPTT against the reference",
            BOTH,
            lambda: cases(False),
            examples=(
                Example(
                    "a loss on the last step only",
                    example,
                    explain={"dxs": CARRY, "grads": SUMS},
                ),
                Example("a loss on every step", every_step, explain={"grads": SUMS}),
            ),
            tolerance=TOLERANCE,
            explain={
                "grads_in_place": IN_PLACE,
                "dh": "self.dh is the gradient for the initial h: the dh left after the loop "
                "reaches t = 0",
            },
        ),
        Check(
            "the state between calls of forward (stateful=False, then True)",
            STATE,
            two_calls,
            examples=(
                Example(
                    "forward twice on each layer",
                    states,
                    explain={"hs_again": RESET, "hs_continued": CONTINUE},
                ),
            ),
            max_examples=10,
            tolerance=TOLERANCE,
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

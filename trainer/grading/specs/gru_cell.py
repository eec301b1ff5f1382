"""GRU(Wx, Wh, b): one step, slices z, r, h~; h_next = (1 - z) * h_prev + z * h~ (DLFS2 / Cho)."""

from __future__ import annotations

from typing import Any

import numpy as np

from trainer.grading.compare import Tolerance
from trainer.grading.spec import Check, Convention, Example, Exercise, Inputs, call, method, program

FORWARD = program(
    call("GRU", "Wx", "Wh", "b", save="layer"),
    method("layer", "forward", "x", "h_prev", save="h_next"),
    outputs=("h_next",),
)
CONVENTION = (
    "the contract is DLFS2's (Cho et al. 2014): h_next = (1 - z) * h_prev + z * h_hat, with r "
    "applied to h_prev BEFORE the matrix product, h_hat = tanh(x @ Wxh + (r * h_prev) @ Whh + bh); "
    "PyTorch swaps the roles of z and applies r after the product"
)


def _sigmoid(x: Any) -> Any:
    return 0.5 * (1.0 + np.tanh(0.5 * x))


def pytorch(update_swapped: bool, reset_after: bool) -> Any:
    """h_next under PyTorch's conventions (either or both)."""

    def compute(inputs: Inputs) -> Any:
        wx, wh, b, x, h = (np.asarray(inputs[k]) for k in ("Wx", "Wh", "b", "x", "h_prev"))
        n = wh.shape[0]
        z = _sigmoid(x @ wx[:, :n] + h @ wh[:, :n] + b[:n])
        r = _sigmoid(x @ wx[:, n : 2 * n] + h @ wh[:, n : 2 * n] + b[n : 2 * n])
        recurrent = r * (h @ wh[:, 2 * n :]) if reset_after else (r * h) @ wh[:, 2 * n :]
        h_hat = np.tanh(x @ wx[:, 2 * n :] + recurrent + b[2 * n :])
        return z * h + (1 - z) * h_hat if update_swapped else (1 - z) * h + z * h_hat

    return compute


def checks() -> list[Check]:
    from trainer.grading import strategies as s

    @s.composite
    def cases(draw: s.DrawFn) -> dict[str, Any]:
        n, d, h = draw(s.integers(1, 3)), draw(s.integers(1, 3)), draw(s.integers(1, 3))
        return {
            "Wx": draw(s.arrays((d, 3 * h), -1, 1)),
            "Wh": draw(s.arrays((h, 3 * h), -1, 1)),
            "b": draw(s.arrays((3 * h,), -1, 1)),
            "x": draw(s.arrays((n, d), -2, 2)),
            "h_prev": draw(s.arrays((n, h), -1, 1)),
        }

    # z nearly 1: the new state is almost all h_hat.
    update = {
        "Wx": np.zeros((1, 3)),
        "Wh": np.array([[0.0, 0.0, 1.0]]),
        "b": np.array([8.0, 0.0, 0.5]),
        "x": np.ones((1, 1)),
        "h_prev": np.array([[0.8]]),
    }
    # Two hidden units with different reset gates and an Whh that mixes them: r * h_prev before
    # the product differs from r after it (with one unit the two are the same).
    reset = {
        "Wx": np.zeros((1, 6)),
        "Wh": np.hstack([np.zeros((2, 4)), np.array([[1.0, -1.0], [0.5, 2.0]])]),
        "b": np.array([8.0, 8.0, 2.0, -2.0, 0.0, 0.0]),
        "x": np.ones((1, 1)),
        "h_prev": np.array([[0.8, -0.6]]),
    }
    return [
        Check(
            "one step against the reference",
            FORWARD,
            cases,
            examples=(
                Example("z close to 1", update),
                Example("two units, one reset gate nearly open, one nearly shut", reset),
            ),
            tolerance=Tolerance(1e-9, 1e-12),
            conventions=tuple(
                Convention("h_next", pytorch(swapped, after), CONVENTION)
                for swapped, after in ((True, False), (False, True), (True, True))
            ),
        ),
    ]


EXERCISE = Exercise(
    id="gru_cell",
    title="GRU cell (the update convention)",
    topic="deep_learning/rnn",
    source="DLFS2 common/time_layers.py GRU; exam.md §3.2, §3.4 (GRU convention); "
    "course notes 000 §1b",
    summary="class GRU(Wx, Wh, b): forward(x, h_prev) -> h_next, with z, r, h~ slices",
    functions=("GRU",),
    hints=(
        "Wx is (D, 3H) and Wh is (H, 3H), sliced in the order z, r, h~: Wx[:, :H], "
        "Wx[:, H:2H], Wx[:, 2H:] (and the same for Wh and b).",
        "z = sigmoid(x @ Wxz + h_prev @ Whz + bz), r likewise; the reset gate multiplies h_prev "
        "before its product: h_hat = tanh(x @ Wxh + (r * h_prev) @ Whh + bh).",
        "h_next = (1 - z) * h_prev + z * h_hat: z is the share of the NEW state.",
    ),
    checks=checks,
    tags=("rnn", "convention"),
)

"""Embedding(W): forward(idx) = W[idx]; backward accumulates repeated ids with np.add.at."""

from __future__ import annotations

from typing import Any

import numpy as np

from trainer.grading.compare import Tolerance
from trainer.grading.spec import (
    Check,
    Example,
    Exercise,
    alias,
    attr,
    call,
    method,
    program,
    snap,
)

IN_PLACE = (
    "write the gradient in place, into the array self.grads[0] already holds (dW[...] = 0, then "
    "np.add.at(dW, ...)), never self.grads[0] = a new array: a model gathers the gradient arrays "
    "once (self.grads += layer.grads) and would never see the new one"
)

PROGRAM = program(
    call("Embedding", "W", save="layer"),
    attr("layer", "grads", save="grads_live"),
    alias("grads_live", save="grads_held"),
    method("layer", "forward", "idx", save="out"),
    method("layer", "backward", "dout"),
    attr("layer", "grads", save="grads_now"),
    snap("grads_now", save="grads"),
    snap("grads_held", save="grads_in_place"),
    method("layer", "forward", "idx2", save="out2"),
    method("layer", "backward", "dout2"),
    attr("layer", "grads", save="grads_now2"),
    snap("grads_now2", save="grads2"),
    outputs=("out", "grads", "grads_in_place", "out2", "grads2"),
)


def checks() -> list[Check]:
    from trainer.grading import strategies as s

    @s.composite
    def cases(draw: s.DrawFn) -> dict[str, Any]:
        vocab, dim = draw(s.integers(1, 5)), draw(s.integers(1, 3))
        shape = draw(s.shapes(1, 2, 1, 6))

        def ids() -> np.ndarray:
            flat = [draw(s.integers(0, vocab - 1)) for _ in range(int(np.prod(shape)))]
            return np.array(flat, dtype=np.int64).reshape(shape)

        return {
            "W": draw(s.arrays((vocab, dim), -2, 2)),
            "idx": ids(),
            "dout": draw(s.arrays((*shape, dim), -1, 1)),
            "idx2": ids(),
            "dout2": draw(s.arrays((*shape, dim), -1, 1)),
        }

    W = np.arange(12.0).reshape(4, 3)
    repeated = {
        "W": W,
        "idx": np.array([0, 2, 0, 3]),
        "dout": np.ones((4, 3)),
        "idx2": np.array([1, 1]),
        "dout2": np.array([[1.0, 2.0, 3.0], [10.0, 20.0, 30.0]]),
    }
    return [
        Check(
            "forward picks rows; backward adds up repeated ids",
            PROGRAM,
            cases,
            examples=(Example("id 0 twice, then id 1 twice", repeated),),
            tolerance=Tolerance(1e-12, 1e-12),
            explain={
                "grads": "an id that appears several times receives the SUM of its rows of dout: "
                "dW[idx] = dout or dW[idx] += dout keep only one of them; use np.add.at(dW, idx, "
                "dout).",
                "grads_in_place": IN_PLACE,
                "grads2": "each backward starts from dW[...] = 0: the gradient of one call must "
                "not include the previous call's",
            },
        ),
    ]


EXERCISE = Exercise(
    id="embedding",
    title="Embedding layer (repeated ids)",
    topic="deep_learning/nlp",
    source="DLFS2 common/layers.py Embedding; course notes 000 §1b (Word2vec heading, no code)",
    summary="class Embedding(W): forward(idx) -> W[idx]; backward(dout) accumulates into "
    "self.grads[0]",
    functions=("Embedding",),
    hints=(
        "self.params = [W] and self.grads = [np.zeros_like(W)] are given; forward keeps idx and "
        "returns W[idx].",
        "backward: dW, = self.grads; dW[...] = 0; then add each row of dout to the row of its id.",
        "Fancy-index assignment keeps only one of the duplicates; np.add.at(dW, self.idx, dout) "
        "adds them all. backward returns None.",
    ),
    checks=checks,
    tags=("nlp", "layer"),
)

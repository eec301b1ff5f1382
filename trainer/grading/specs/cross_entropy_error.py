"""cross_entropy_error(y, t): one-hot or label targets, batch mean, y may contain exact zeros."""

from __future__ import annotations

from typing import Any

import numpy as np

from trainer.grading.spec import Check, Example, Exercise, call, program, snap

PROGRAM = program(
    call("cross_entropy_error", "y", "t", save="loss"),
    snap("y", save="y_after"),
    outputs=("loss", "y_after"),
)

EXPLAIN = {
    "loss": "the loss is the batch mean of -sum(t * log(y + 1e-7)): the 1e-7 (inside the log) "
    "keeps log(0) finite, and a 1-D y is a batch of one",
    "y_after": "cross_entropy_error must not modify y",
}
TEXTBOOK_Y = np.array([0.1, 0.05, 0.6, 0.0, 0.05, 0.1, 0.0, 0.1, 0.0, 0.0])


def checks() -> list[Check]:
    from trainer.grading import strategies as s

    @s.composite
    def probabilities(draw: s.DrawFn, batched: bool) -> dict[str, Any]:
        n = draw(s.integers(1, 4)) if batched else 1
        c = draw(s.integers(2, 6))
        raw = draw(s.arrays((n, c), 0.0, 1.0))
        raw[raw < 0.15] = 0.0  # exact zeros, as a softmax output can underflow to
        raw[raw.sum(axis=1) == 0, 0] = 1.0
        y = raw / raw.sum(axis=1, keepdims=True)
        labels = np.array(draw(s.arrays((n,), 0, c - 0.001)), dtype=np.int64)
        one_hot = draw(s.booleans())
        t: Any = np.eye(c)[labels] if one_hot else labels
        if not batched:
            y = y[0]
            t = t[0] if one_hot else int(labels[0])
        return {"y": y, "t": t}

    return [
        Check(
            "one sample: y of shape (C,)",
            PROGRAM,
            lambda: probabilities(False),
            examples=(
                Example("the textbook's example, one-hot", {"y": TEXTBOOK_Y, "t": np.eye(10)[2]}),
                Example(
                    "the textbook's y with a single int label t = 2 (not an array: the "
                    "textbook's code calls t.reshape, which an int lacks)",
                    {"y": TEXTBOOK_Y, "t": 2},
                ),
                Example("the right class has probability 0", {"y": TEXTBOOK_Y, "t": 3}),
            ),
            explain=EXPLAIN,
        ),
        Check(
            "a batch: y of shape (N, C), the mean over the batch",
            PROGRAM,
            lambda: probabilities(True),
            examples=(
                Example(
                    "two samples, labels",
                    {"y": np.stack([TEXTBOOK_Y, TEXTBOOK_Y[::-1]]), "t": np.array([2, 2])},
                ),
                Example(
                    "two samples, one-hot",
                    {"y": np.stack([TEXTBOOK_Y, TEXTBOOK_Y[::-1]]), "t": np.eye(10)[[2, 7]]},
                ),
                Example(
                    "zeros everywhere but one class", {"y": np.eye(3), "t": np.array([0, 2, 1])}
                ),
            ),
            explain=EXPLAIN,
        ),
    ]


EXERCISE = Exercise(
    id="cross_entropy_error",
    title="Cross-entropy error",
    topic="deep_learning/loss",
    source="course notes 004 §4 E4 (Stage.3 Day1, l.442-452); DLFS1 common/functions.py",
    summary="cross_entropy_error(y, t) for one-hot or label targets, the batch mean, "
    "safe when y has exact zeros",
    functions=("cross_entropy_error",),
    hints=(
        "log(0) is -inf: add a small delta inside the log, log(y + 1e-7), as the textbook does.",
        "Make 1-D inputs look like a batch of one: y.reshape(1, -1). Labels come as integers of "
        "shape (N,) (or one integer for 1-D y); one-hot targets have the same shape as y.",
        "With labels, pick the probability of the right class in each row: "
        "y[np.arange(batch_size), t]. Divide the sum by the batch size, not by the number of "
        "classes.",
    ),
    checks=checks,
    tags=("loss",),
)

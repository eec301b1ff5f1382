"""mean_squared_error(d, y) and d_mean_squared_error(d, y): the course's teacher-first order."""

from __future__ import annotations

from typing import Any

import numpy as np

from trainer.grading.compare import Tolerance
from trainer.grading.spec import Check, Example, Exercise, GradCheck, call, program

LOSS = program(call("mean_squared_error", "d", "y", save="E"), outputs=("E",))
GRAD = program(call("d_mean_squared_error", "d", "y", save="dy"), outputs=("dy",))
ORDER_NOTE = (
    "the teacher (target) d comes first, the network output y second: "
    "d_mean_squared_error(d, y) = (y - d) / batch_size"
)

PER_BATCH = (
    "divide by the batch size B = y.shape[0] only, not by the number of elements B*K "
    "(np.mean divides by B*K): loss = sum((y - d)**2) / (2 * B)"
)
PER_BATCH_GRAD = "(y - d) / B with B = y.shape[0], not y.size"


def checks() -> list[Check]:
    from trainer.grading import strategies as s

    @s.composite
    def pairs(draw: s.DrawFn) -> dict[str, Any]:
        shape = draw(s.shapes(1, 2, 1, 5))
        return {
            "d": draw(s.arrays(shape, -5, 5)),
            "y": draw(s.arrays(shape, -5, 5)),
            "_one": np.array(1.0),
        }

    regression = {"d": np.array([3.0, 1.0]), "y": np.array([2.5, 2.0]), "_one": np.array(1.0)}
    batch = {
        "d": np.array([[1.0, 0.0, 0.0], [0.0, 1.0, 0.0]]),
        "y": np.array([[0.7, 0.2, 0.1], [0.1, 0.6, 0.3]]),
        "_one": np.array(1.0),
    }
    return [
        Check(
            "mean_squared_error(d, y) = sum((y - d)**2) / (2 * batch_size)",
            LOSS,
            pairs,
            examples=(
                Example("batch of 2 scalars", regression),
                Example("batch of 2 x 3", batch, explain={"E": PER_BATCH}),
            ),
        ),
        Check(
            "d_mean_squared_error(d, y) = (y - d) / batch_size",
            GRAD,
            pairs,
            examples=(
                Example("batch of 2 scalars", regression),
                Example("batch of 2 x 3", batch, explain={"dy": PER_BATCH_GRAD}),
            ),
            explain={"dy": ORDER_NOTE},
        ),
        Check(
            "the derivative matches finite differences of the loss",
            GRAD,
            pairs,
            max_examples=8,
            tolerance=Tolerance(1e-7, 1e-10),
            gradcheck=GradCheck(
                forward=lambda inputs: LOSS,
                loss_terms=(("E", "_one"),),
                wrt=(("dy", "y"),),
            ),
        ),
    ]


EXERCISE = Exercise(
    id="mean_squared_error",
    title="Squared error and its derivative, teacher first",
    topic="deep_learning/loss",
    source="course notes 004 §4 E5-E6 (Stage.3 Day1, l.529, l.587-618: sum / (2 * batch_size))",
    summary="mean_squared_error(d, y) and d_mean_squared_error(d, y), target first",
    functions=("mean_squared_error", "d_mean_squared_error"),
    hints=(
        "In this course the teacher signal d comes first: f(d, y). Swapping them flips the sign "
        "of the derivative and the network climbs the loss instead of descending it.",
        "batch_size is y.shape[0]: the loss is sum((y - d)**2) / (2 * batch_size), "
        "even when each sample has several outputs.",
        "The derivative of the loss with respect to y is (y - d) / batch_size.",
    ),
    checks=checks,
    tags=("loss", "convention"),
)

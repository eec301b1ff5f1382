"""box_iou(boxes1, boxes2): (N, 4) x (M, 4) -> (N, M) IoU; disjoint -> 0; zero union -> 0."""

from __future__ import annotations

from typing import Any

import numpy as np

from trainer.grading.compare import Tolerance
from trainer.grading.spec import Check, Example, Exercise, call, program

PROGRAM = program(call("box_iou", "boxes1", "boxes2", save="iou"), outputs=("iou",))


def boxes_strategy(min_n: int = 0, max_n: int = 4) -> Any:
    from trainer.grading import strategies as s

    @s.composite
    def boxes(draw: s.DrawFn) -> np.ndarray:
        n = draw(s.integers(min_n, max_n))
        rows = []
        for _ in range(n):
            # Coordinates on a half-unit grid make touching, nested and equal boxes common.
            x1, y1 = draw(s.integers(0, 12)) / 2, draw(s.integers(0, 12)) / 2
            w, h = draw(s.integers(0, 8)) / 2, draw(s.integers(0, 8)) / 2
            rows.append([x1, y1, x1 + w, y1 + h])
        return np.array(rows, dtype=np.float64).reshape(n, 4)

    return boxes()


FORMULA = (
    "IoU = inter / (area1 + area2 - inter) in continuous coordinates: a box [x1, y1, x2, y2] has "
    "area (x2 - x1) * (y2 - y1) (no +1)"
)
CLAMP = "clamp the intersection's width and height at 0 before multiplying them"
ZERO_UNION = "a pair whose union is 0 has IoU 0 (no division by 0)"


def checks() -> list[Check]:
    from trainer.grading import strategies as s

    unit = np.array([[0.0, 0.0, 2.0, 2.0]])
    return [
        Check(
            "pairwise IoU",
            PROGRAM,
            lambda: s.fixed(boxes1=boxes_strategy(), boxes2=boxes_strategy()),
            examples=(
                Example(
                    "one overlapping pair",
                    {"boxes1": unit, "boxes2": np.array([[1.0, 1.0, 3.0, 3.0]])},
                    explain={"iou": FORMULA},
                ),
                Example(
                    "overlap, disjoint, touching, inside",
                    {
                        "boxes1": unit,
                        "boxes2": np.array(
                            [
                                [1.0, 1.0, 3.0, 3.0],
                                [5.0, 5.0, 6.0, 6.0],
                                [2.0, 0.0, 4.0, 2.0],
                                [0.5, 0.5, 1.5, 1.5],
                            ]
                        ),
                    },
                ),
                Example(
                    "disjoint in x and in y (negative overlaps must not multiply)",
                    {"boxes1": unit, "boxes2": np.array([[3.0, 3.0, 4.0, 4.0]])},
                    explain={"iou": CLAMP},
                ),
                Example(
                    "zero-area boxes (union 0)",
                    {
                        "boxes1": np.array([[1.0, 1.0, 1.0, 1.0]]),
                        "boxes2": np.array([[1.0, 1.0, 1.0, 1.0], [0.0, 0.0, 2.0, 2.0]]),
                    },
                    explain={"iou": ZERO_UNION},
                ),
                Example("no boxes on one side", {"boxes1": np.zeros((0, 4)), "boxes2": unit}),
            ),
            tolerance=Tolerance(1e-12, 1e-12),
        ),
    ]


EXERCISE = Exercise(
    id="box_iou",
    title="Pairwise IoU of boxes",
    topic="deep_learning/detection",
    source="course notes 000 §4 E16; course notes 002 §4 C01; course notes 003 §2.19",
    summary="box_iou(boxes1, boxes2): (N, 4) and (M, 4) [x1, y1, x2, y2] boxes to an (N, M) matrix",
    functions=("box_iou",),
    hints=(
        "Broadcast (N, 1, 2) against (1, M, 2): the intersection's top-left corner is the "
        "maximum of the top-left corners, its bottom-right the minimum of the bottom-right ones.",
        "Width and height of the intersection are clipped at 0: two negative overlaps would "
        "multiply to a positive 'area' for boxes that do not touch.",
        "union = area1[:, None] + area2[None, :] - inter; where union is 0 the IoU is 0 (use "
        "np.where, and avoid dividing by 0).",
    ),
    checks=checks,
    tags=("detection",),
)

"""average_precision(scores, is_tp, n_gt): all-point interpolated AP (VOC 2010 and later)."""

from __future__ import annotations

from typing import Any

import numpy as np

from trainer.grading.compare import Tolerance
from trainer.grading.spec import Check, Example, Exercise, call, program

PROGRAM = program(call("average_precision", "scores", "is_tp", "n_gt", save="ap"), outputs=("ap",))


TIES = (
    "equal scores keep their order of index, the lower index first: np.argsort(-scores, "
    "kind='stable'); np.argsort(scores)[::-1] puts the higher index first, and the default "
    "quicksort promises no order at all"
)


def checks() -> list[Check]:
    from trainer.grading import strategies as s

    @s.composite
    def cases(draw: s.DrawFn) -> dict[str, Any]:
        n = draw(s.integers(0, 10))
        if draw(s.booleans()):  # distinct scores
            ranks = draw(s.permutations(list(range(n))))
        else:  # ties, whose order the contract fixes (the lower index first)
            ranks = draw(s.lists(s.integers(0, 2), min_size=n, max_size=n))
        scores = (np.array(ranks, dtype=np.float64) + 1) / (n + 1)
        is_tp = np.array([draw(s.booleans()) for _ in range(n)], dtype=bool)
        n_gt = int(is_tp.sum()) + draw(s.integers(0 if is_tp.any() else 1, 3))
        return {"scores": scores, "is_tp": is_tp, "n_gt": n_gt}

    ranked = np.array([0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3])
    return [
        Check(
            "all-point interpolated AP",
            PROGRAM,
            cases,
            examples=(
                Example(
                    "hand example: AP = 0.614286",
                    {
                        "scores": ranked,
                        "is_tp": np.array([1, 0, 1, 1, 0, 0, 1], dtype=bool),
                        "n_gt": 5,
                    },
                ),
                Example(
                    "unsorted scores",
                    {
                        "scores": ranked[::-1],
                        "is_tp": np.array([1, 0, 0, 1, 1, 0, 1], dtype=bool),
                        "n_gt": 5,
                    },
                ),
                Example(
                    "perfect ranking",
                    {"scores": ranked[:3], "is_tp": np.array([1, 1, 0], dtype=bool), "n_gt": 2},
                ),
                Example(
                    "equal scores: the lower index first",
                    {
                        "scores": np.array([0.5, 0.5]),
                        "is_tp": np.array([0, 1], dtype=bool),
                        "n_gt": 1,
                    },
                    explain={"ap": TIES},
                ),
                Example(
                    "no true positive",
                    {"scores": ranked[:2], "is_tp": np.array([0, 0], dtype=bool), "n_gt": 3},
                ),
            ),
            tolerance=Tolerance(1e-9, 1e-12),
            explain={
                "ap": "sort by decreasing score; precision and recall after each detection; "
                "replace each precision by the maximum precision at any higher recall (the "
                "envelope); AP = sum of (recall step) x (envelope precision)"
            },
        ),
    ]


EXERCISE = Exercise(
    id="average_precision",
    title="Average precision (all-point interpolation)",
    topic="deep_learning/detection",
    source="course notes 000 §4 E16 (l.253-296); course notes 002 §4 C03; course notes 003 §2.19",
    summary="average_precision(scores, is_tp, n_gt) -> float, all-point interpolated",
    functions=("average_precision",),
    hints=(
        "Sort the detections by decreasing score (np.argsort(-scores, kind='stable')), then "
        "tp = np.cumsum(is_tp), fp = np.cumsum(~is_tp).",
        "recall = tp / n_gt and precision = tp / (tp + fp), one value per detection.",
        "Prepend recall 0; make precision non-increasing from the right "
        "(np.maximum.accumulate on the reversed array); AP = sum((r[k] - r[k-1]) * p_env[k]).",
    ),
    checks=checks,
    tags=("detection",),
)

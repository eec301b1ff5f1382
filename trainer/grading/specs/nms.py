"""nms(boxes, scores, iou_threshold): greedy suppression as torchvision.ops.nms."""

from __future__ import annotations

from typing import Any

import numpy as np

from trainer.grading.spec import Check, Example, Exercise, call, program
from trainer.grading.specs.box_iou import boxes_strategy

PROGRAM = program(call("nms", "boxes", "scores", "iou_threshold", save="keep"), outputs=("keep",))


def checks() -> list[Check]:
    from trainer.grading import strategies as s

    @s.composite
    def cases(draw: s.DrawFn) -> dict[str, Any]:
        boxes = draw(boxes_strategy(0, 7))
        n = boxes.shape[0]
        ranks = draw(s.permutations(list(range(n))))
        scores = (np.array(ranks, dtype=np.float64) + 1) / (n + 1)
        threshold = draw(s.sampled_from([0.0, 0.1, 0.3, 0.5, 0.7, 1.0, 1 / 3]))
        return {"boxes": boxes, "scores": scores, "iou_threshold": threshold}

    chain = {
        # B overlaps A a lot (suppressed); C overlaps B but not A: C must be KEPT.
        "boxes": np.array([[0.0, 0.0, 4.0, 4.0], [2.0, 0.0, 6.0, 4.0], [3.5, 0.0, 7.5, 4.0]]),
        "scores": np.array([0.9, 0.8, 0.7]),
        "iou_threshold": 0.3,
    }
    equal = {
        # IoU exactly 1/3 (2 / 6): not above the threshold, so both stay.
        "boxes": np.array([[0.0, 0.0, 2.0, 2.0], [1.0, 0.0, 3.0, 2.0]]),
        "scores": np.array([0.5, 0.9]),
        "iou_threshold": 2 / 6,
    }
    return [
        Check(
            "greedy suppression, kept indices by decreasing score",
            PROGRAM,
            cases,
            examples=(
                Example("a chain: only kept boxes suppress", chain),
                Example("IoU equal to the threshold", equal),
                Example(
                    "no boxes",
                    {"boxes": np.zeros((0, 4)), "scores": np.zeros(0), "iou_threshold": 0.5},
                ),
                Example(
                    "tied scores: lower index first",
                    {
                        "boxes": np.array([[0.0, 0.0, 1.0, 1.0], [5.0, 5.0, 6.0, 6.0]]),
                        "scores": np.array([0.5, 0.5]),
                        "iou_threshold": 0.5,
                    },
                ),
            ),
            dtypes={"keep": "int64"},
            explain={
                "keep": "take boxes by decreasing score; a box is dropped only if its IoU with an "
                "already KEPT box is above (strictly) the threshold; return the kept indices as "
                "an int64 array in the order they were kept"
            },
        ),
    ]


EXERCISE = Exercise(
    id="nms",
    title="Non-maximum suppression",
    topic="deep_learning/detection",
    source="course notes 000 §4 E16; course notes 002 §4 C04 (l.1228); "
    "torchvision.ops.nms semantics",
    summary="nms(boxes, scores, iou_threshold) -> kept indices (int64), by decreasing score",
    functions=("nms",),
    hints=(
        "Paste your box_iou from the previous exercise into the helper at the top of the file.",
        "order = np.argsort(-scores, kind='stable'); walk through it, skipping suppressed boxes; "
        "each box you keep suppresses the boxes whose IoU with IT is > iou_threshold.",
        "A box that was suppressed never suppresses anything. "
        "Return np.array(keep, dtype=np.int64).",
    ),
    checks=checks,
    tags=("detection",),
)

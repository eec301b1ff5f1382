"""iou: intersection over union of two axis-aligned boxes [x1, y1, x2, y2].

Continuous coordinates (area = width x height, no +1). The drawn relation covers the cases that trip
people up: overlapping, disjoint (IoU 0), touching along an edge or a corner (IoU 0) and nested. By
default the boxes share area (overlapping or nested): a question drilling IoU 0 lists the relations.
"""

from __future__ import annotations

import random
from typing import Literal

from pydantic import Field

from trainer.bank.generators.common import fmt
from trainer.bank.generators.registry import Generated, GeneratorConfig, Margin, generator

Box = tuple[int, int, int, int]


Relation = Literal["overlap", "disjoint", "touching", "nested"]


class IouConfig(GeneratorConfig):
    coord_max: int = Field(default=12, ge=6, le=1000)
    relations: tuple[Relation, ...] = Field(
        default=("overlap", "overlap", "overlap", "nested"), min_length=1
    )  # boxes that share area; a question drilling IoU 0 lists disjoint / touching


def area(box: Box) -> int:
    return max(0, box[2] - box[0]) * max(0, box[3] - box[1])


def intersection(a: Box, b: Box) -> int:
    width = min(a[2], b[2]) - max(a[0], b[0])
    height = min(a[3], b[3]) - max(a[1], b[1])
    return max(0, width) * max(0, height)


def iou(a: Box, b: Box) -> float:
    inter = intersection(a, b)
    union = area(a) + area(b) - inter
    return inter / union if union > 0 else 0.0


def _random_box(rng: random.Random, limit: int) -> Box:
    x1, x2 = sorted(rng.sample(range(limit + 1), 2))
    y1, y2 = sorted(rng.sample(range(limit + 1), 2))
    return (x1, y1, x2, y2)


def _has_relation(a: Box, b: Box, relation: Relation) -> bool:
    inter = intersection(a, b)
    nested = (a[0] <= b[0] and a[1] <= b[1] and b[2] <= a[2] and b[3] <= a[3]) or (
        b[0] <= a[0] and b[1] <= a[1] and a[2] <= b[2] and a[3] <= b[3]
    )
    gap_x = max(a[0], b[0]) - min(a[2], b[2])
    gap_y = max(a[1], b[1]) - min(a[3], b[3])
    if relation == "overlap":
        return inter > 0 and not nested
    if relation == "nested":
        return nested and a != b
    if relation == "touching":
        return inter == 0 and max(gap_x, gap_y) == 0
    return gap_x > 0 or gap_y > 0


def _touching_pair(rng: random.Random, limit: int) -> tuple[Box, Box]:
    """Touching boxes are rare under uniform draws, so build one: b starts where a ends."""
    while True:
        a = _random_box(rng, limit - 2)
        width, height = rng.randint(1, limit - a[2]), rng.randint(1, limit)
        y1 = rng.randint(max(0, a[1] - height), min(a[3], limit - height))
        b = (a[2], y1, a[2] + width, y1 + height)
        if rng.random() < 0.5:  # transpose: touch along y instead of x
            a, b = (a[1], a[0], a[3], a[2]), (b[1], b[0], b[3], b[2])
        if max(b) <= limit and _has_relation(a, b, "touching"):
            return (a, b) if rng.random() < 0.5 else (b, a)


@generator(
    "iou",
    kind="numeric",
    config=IouConfig,
    slips=("pixel-plus-one", "over-sum", "dice", "over-smaller"),
    margin=Margin(abs=1e-3, rel=2e-3),
)
def iou_question(rng: random.Random, config: IouConfig) -> Generated:
    relation = rng.choice(config.relations)
    limit = config.coord_max
    if relation == "touching":
        a, b = _touching_pair(rng, limit)
    else:
        while True:
            a, b = _random_box(rng, limit), _random_box(rng, limit)
            if _has_relation(a, b, relation):
                break
    inter, area_a, area_b = intersection(a, b), area(a), area(b)
    union = area_a + area_b - inter
    answer = inter / union

    def plus_one(box: Box) -> int:
        return (box[2] - box[0] + 1) * (box[3] - box[1] + 1)

    inter_w = min(a[2], b[2]) - max(a[0], b[0]) + 1
    inter_h = min(a[3], b[3]) - max(a[1], b[1]) + 1
    inter_pixels = max(0, inter_w) * max(0, inter_h)
    slips = {
        "pixel-plus-one": inter_pixels / (plus_one(a) + plus_one(b) - inter_pixels),
        "over-sum": inter / (area_a + area_b),
        "dice": 2 * inter / (area_a + area_b),
        "over-smaller": inter / min(area_a, area_b),
    }
    values = {
        "box_a": str(list(a)),
        "box_b": str(list(b)),
        "area_a": str(area_a),
        "area_b": str(area_b),
        "inter": str(inter),
        "union": str(union),
        "relation": relation,
        "answer": fmt(answer),
    }
    return Generated({"box_a": list(a), "box_b": list(b)}, values, answer, slips)

"""nms-kept: greedy non-maximum suppression on a small drawn set of scored boxes.

Boxes are [x1, y1, x2, y2] in continuous coordinates, drawn as jittered copies of two or three
objects so that suppression happens. The procedure is the seed's: mark the best remaining box
"kept", mark every unmarked box whose IoU with it is at least the threshold "suppressed", repeat.
IoU is compared with the threshold exactly (as fractions), so a tie counts as suppressed.
"""

from __future__ import annotations

import random
from fractions import Fraction

from pydantic import Field

from trainer.bank.generators.common import fmt
from trainer.bank.generators.registry import Generated, GeneratorConfig, generator

Box = tuple[int, int, int, int]


class NmsConfig(GeneratorConfig):
    boxes: tuple[int, int] = (4, 6)
    thresholds: tuple[float, ...] = Field(default=(0.3, 0.4, 0.5, 0.6, 0.7), min_length=1)
    coord_max: int = Field(default=20, ge=10, le=100)


def iou_fraction(a: Box, b: Box) -> Fraction:
    w = max(0, min(a[2], b[2]) - max(a[0], b[0]))
    h = max(0, min(a[3], b[3]) - max(a[1], b[1]))
    inter = w * h
    union = (a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inter
    return Fraction(inter, union)


def greedy_nms(boxes: list[Box], order: list[int], threshold: Fraction, strict: bool) -> list[int]:
    """Indices kept, visiting `order` (best score first)."""
    kept: list[int] = []
    suppressed: set[int] = set()
    for i in order:
        if i in suppressed:
            continue
        kept.append(i)
        for j in order:
            if j in suppressed or j in kept:
                continue
            overlap = iou_fraction(boxes[i], boxes[j])
            if overlap > threshold or (not strict and overlap == threshold):
                suppressed.add(j)
    return kept


def _jittered(rng: random.Random, base: Box, limit: int) -> Box:
    while True:
        box = tuple(v + rng.randint(-2, 2) for v in base)
        x1, y1, x2, y2 = box
        if 0 <= x1 < x2 <= limit and 0 <= y1 < y2 <= limit:
            return (x1, y1, x2, y2)


@generator(
    "nms-kept",
    kind="numeric",
    config=NmsConfig,
    slips=("keep-all", "top-only", "suppress-chain", "strict-threshold"),
)
def nms_kept(rng: random.Random, config: NmsConfig) -> Generated:
    limit = config.coord_max
    count = rng.randint(*config.boxes)
    objects: list[Box] = []
    for _ in range(rng.randint(2, 3)):
        w, h = rng.randint(4, 9), rng.randint(4, 9)
        x, y = rng.randint(2, limit - w - 2), rng.randint(2, limit - h - 2)
        objects.append((x, y, x + w, y + h))
    boxes = [objects[i] for i in range(len(objects))]
    while len(boxes) < count:
        boxes.append(_jittered(rng, rng.choice(objects), limit))
    rng.shuffle(boxes)
    scores = sorted(rng.sample(range(40, 100), count), reverse=True)
    rng.shuffle(scores)
    order = sorted(range(count), key=lambda i: -scores[i])
    threshold = rng.choice(config.thresholds)
    thr = Fraction(threshold).limit_denominator(100)
    kept = greedy_nms(boxes, order, thr, strict=False)
    chain = [
        i
        for rank, i in enumerate(order)
        if all(iou_fraction(boxes[i], boxes[j]) < thr for j in order[:rank])
    ]
    slips = {
        "keep-all": float(count),
        "top-only": 1.0,
        "suppress-chain": float(len(chain)),
        "strict-threshold": float(len(greedy_nms(boxes, order, thr, strict=True))),
    }

    def listing(word: str) -> str:
        return "\n".join(
            f"  B{i + 1}: {list(boxes[i])}  {word} {scores[i] / 100:.2f}" for i in range(count)
        )

    trace_ja, trace_en = [], []
    marked: set[int] = set()
    for i in kept:
        hits = [
            j
            for j in order
            if j not in marked
            and j != i
            and j not in kept
            and iou_fraction(boxes[i], boxes[j]) >= thr
        ]
        marked.update(hits)
        detail = ", ".join(
            f"IoU(B{i + 1},B{j + 1}) = {fmt(float(iou_fraction(boxes[i], boxes[j])), 3)}"
            for j in hits
        )
        names = ", ".join(f"B{j + 1}" for j in hits)
        trace_ja.append(
            f"B{i + 1} を採用"
            + (f"し、{detail}（≥ {threshold}）の {names} を非採用" if hits else "")
        )
        trace_en.append(
            f"keep B{i + 1}" + (f" and suppress {names} ({detail} ≥ {threshold})" if hits else "")
        )
    values = {
        "boxes_ja": listing("スコア"),
        "boxes_en": listing("score"),
        "n": str(count),
        "thr": fmt(threshold),
        "order": " > ".join(f"B{i + 1}" for i in order),
        "trace_ja": "。".join(trace_ja),
        "trace_en": "; ".join(trace_en),
        "kept": ", ".join(f"B{i + 1}" for i in sorted(kept)),
        "answer": str(len(kept)),
    }
    params = {
        "boxes": [list(b) for b in boxes],
        "scores": [s / 100 for s in scores],
        "threshold": threshold,
        "kept": sorted(kept),
    }
    return Generated(params, values, float(len(kept)), slips)

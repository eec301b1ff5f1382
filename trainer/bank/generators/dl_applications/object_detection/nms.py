"""nms-kept: greedy non-maximum suppression on a small drawn set of scored boxes.

Boxes are [x1, y1, x2, y2] in continuous coordinates. Four of them are built so that every
named slip gives a count other than the key (see `_core`); the others are jittered copies of one
more object. The procedure is the seed's: mark the best remaining box "kept", mark every unmarked
box whose IoU with it is at least the threshold "suppressed", repeat. IoU is compared with the
threshold exactly (as fractions), so a tie counts as suppressed.
"""

from __future__ import annotations

import random
from fractions import Fraction
from functools import cache
from itertools import product

from pydantic import Field, model_validator

from trainer.bank.generators.common import IntRange, draw, fmt
from trainer.bank.generators.registry import Generated, GeneratorConfig, generator

Box = tuple[int, int, int, int]


MAX_TRIES = 10_000  # a draw that keeps failing means the configured ranges allow no valid one


def iou_fraction(a: Box, b: Box) -> Fraction:
    w = max(0, min(a[2], b[2]) - max(a[0], b[0]))
    h = max(0, min(a[3], b[3]) - max(a[1], b[1]))
    inter = w * h
    union = (a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inter
    return Fraction(inter, union)


@cache
def _ties(threshold: Fraction) -> tuple[tuple[Box, Box], ...]:
    """Small box pairs, the first at the origin, whose IoU is exactly `threshold`."""
    pairs: list[tuple[Box, Box]] = []
    for w, h in product(range(4, 10), repeat=2):
        base = (0, 0, w, h)
        for dx1, dy1 in product(range(4), repeat=2):
            for dx2, dy2 in product(range(-3, 4), repeat=2):
                other = (dx1, dy1, w + dx2, h + dy2)
                proper = other[2] > other[0] and other[3] > other[1]
                if proper and iou_fraction(base, other) == threshold:
                    pairs.append((base, other))
    return tuple(pairs)


class NmsConfig(GeneratorConfig):
    boxes: IntRange = (4, 6)
    thresholds: tuple[float, ...] = Field(default=(0.3, 0.4, 0.5, 0.6, 0.7), min_length=1)
    coord_max: int = Field(default=20, ge=10, le=100)

    @model_validator(mode="after")
    def _every_slip_can_show(self) -> NmsConfig:
        if self.boxes[0] < 4:
            raise ValueError("at least 4 boxes: a chain of three and a tie show every slip")
        for threshold in self.thresholds:
            if not _ties(Fraction(threshold).limit_denominator(100)):
                raise ValueError(f"threshold {threshold}: no small box pair has exactly this IoU")
        return self


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


def _moved(box: Box, dx: int, dy: int) -> Box:
    return (box[0] + dx, box[1] + dy, box[2] + dx, box[3] + dy)


def _core(rng: random.Random, thr: Fraction, limit: int) -> list[Box] | None:
    """Four boxes in score order A > B > C > T that tell every slip from the key.

    B overlaps A above the threshold and C overlaps B, but not A: greedy NMS keeps A and C, a
    suppression that chains through the dropped B keeps only A. T ties C exactly at the
    threshold and stays clear of A: suppressed as a tie should be, kept by a strict ">".
    """
    ties = _ties(thr)
    if not ties:
        return None
    base, tied = rng.choice(ties)
    if rng.random() < 0.5:  # T may sit on either side of C
        base, tied = tied, base
    span = max(base[2], tied[2])
    height = max(base[3], tied[3])
    if span + 4 > limit or height + 4 > limit:
        return None
    dx, dy = rng.randint(2, limit - span - 2), rng.randint(2, limit - height - 2)
    c, t = _moved(base, dx, dy), _moved(tied, dx, dy)
    step = rng.randint(1, 3)
    ux, uy = rng.choice(((1, 0), (-1, 0), (0, 1), (0, -1), (1, 1), (-1, 1), (1, -1), (-1, -1)))
    b = _moved(c, step * ux, step * uy)
    a = _moved(c, 2 * step * ux, 2 * step * uy)
    if min(a[:2]) < 0 or max(a[2:]) > limit:
        return None
    if (
        iou_fraction(a, b) > thr
        and iou_fraction(b, c) > thr
        and iou_fraction(a, c) < thr
        and iou_fraction(a, t) < thr
    ):
        return [a, b, c, t]
    return None


@generator(
    "nms-kept",
    kind="numeric",
    config=NmsConfig,
    slips=("keep-all", "top-only", "suppress-chain", "strict-threshold"),
)
def nms_kept(rng: random.Random, config: NmsConfig) -> Generated:
    limit = config.coord_max
    count = draw(rng, config.boxes)
    threshold = rng.choice(config.thresholds)
    thr = Fraction(threshold).limit_denominator(100)
    for _ in range(MAX_TRIES):
        core = _core(rng, thr, limit)
        if core is not None:
            break
    else:
        raise ValueError("no valid draw in these ranges")
    # The core keeps its score order; any further boxes are copies of one more object.
    w, h = rng.randint(4, 9), rng.randint(4, 9)
    x, y = rng.randint(2, limit - w - 2), rng.randint(2, limit - h - 2)
    extra: list[Box] = [(x, y, x + w, y + h)]
    while len(extra) < count - len(core):
        extra.append(_jittered(rng, extra[0], limit))
    ranked = rng.sample(range(40, 100), count)
    core_scores = sorted(ranked[: len(core)], reverse=True)
    pairs = list(zip(core, core_scores, strict=True))
    pairs += zip(extra[: count - len(core)], ranked[len(core) :], strict=True)
    rng.shuffle(pairs)
    boxes = [box for box, _ in pairs]
    scores = [score for _, score in pairs]
    order = sorted(range(count), key=lambda i: -scores[i])
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

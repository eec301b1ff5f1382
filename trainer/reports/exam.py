"""The mock exam's pure parts: the weighted draw across the syllabus and the score per area.

The draw is stratified like the real exam: each area gets a share of the items in proportion to
its syllabus weight (the fractional parts of the quotas are given out at random, in proportion to
the fractions), then each area's items are drawn by weight without replacement. A single item is
therefore question `q` with probability `weight(q) / total weight`, as the report's readiness
assumes. Deterministic for a given seed; nothing here knows about the database or the terminal.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from trainer.reports.rows import QuestionMeta

AREAS = ("applied_math", "machine_learning", "deep_learning", "dev_env")
AREA_NAMES = {
    "applied_math": "応用数学",
    "machine_learning": "機械学習",
    "deep_learning": "深層学習",
    "dev_env": "開発環境",
}
AREA_EN = {
    "applied_math": "applied math",
    "machine_learning": "machine learning",
    "deep_learning": "deep learning",
    "dev_env": "dev environment",
}
SEED_LIMIT = 2**31  # variant seeds, as `trainer bank sample --seed` takes them


def area_name(area: str, lang: str) -> str:
    """An exam area as the interface names it (`ja`: the exam's own names); unknown: as is."""
    return (AREA_NAMES if lang == "ja" else AREA_EN).get(area, area)


@dataclass(frozen=True)
class ExamPick:
    """One drawn item: the question and the seed of the variant shown."""

    question: QuestionMeta
    seed: int


def _weight(meta: QuestionMeta) -> float:
    return max(meta.weight, 1e-12)


def _weighted_pick(rng: random.Random, options: Sequence[tuple[str, float]]) -> str:
    total = sum(w for _, w in options)
    point = rng.random() * total
    for name, w in options:
        point -= w
        if point < 0:
            return name
    return options[-1][0]


def allocate(
    area_weights: dict[str, float], sizes: dict[str, int], count: int, rng: random.Random
) -> dict[str, int]:
    """Items per area: proportional to weight, never more than an area holds, summing to
    `min(count, sum(sizes))`."""
    quota = dict.fromkeys(sizes, 0)
    remaining = min(count, sum(sizes.values()))
    while remaining > 0:
        open_areas = sorted(a for a in sizes if quota[a] < sizes[a])
        total = sum(max(area_weights.get(a, 0.0), 0.0) for a in open_areas)
        weights = {
            a: (max(area_weights.get(a, 0.0), 0.0) / total if total > 0 else 1 / len(open_areas))
            for a in open_areas
        }
        shares = {a: remaining * weights[a] for a in open_areas}
        given = 0
        for area in open_areas:
            room = sizes[area] - quota[area]
            whole = min(int(shares[area]), room)
            quota[area] += whole
            given += whole
        remaining -= given
        if remaining <= 0:
            break
        # The fractional parts: one slot at a time, in proportion to what is left of each share.
        fractions = [
            (a, shares[a] - int(shares[a]))
            for a in open_areas
            if quota[a] < sizes[a] and shares[a] - int(shares[a]) > 0
        ]
        if not fractions:  # the shares were capped by room: go round again with the rest
            continue
        area = _weighted_pick(rng, fractions)
        quota[area] += 1
        remaining -= 1
    return quota


def draw(questions: Sequence[QuestionMeta], count: int, seed: int) -> list[ExamPick]:
    """`count` distinct questions (fewer if the bank is smaller), drawn by weight, spread over the
    areas by weight, in a shuffled order, each with a variant seed."""
    rng = random.Random(seed)
    by_area: dict[str, list[QuestionMeta]] = {}
    for meta in sorted(questions, key=lambda q: q.id):
        by_area.setdefault(meta.area, []).append(meta)
    area_weights = {a: sum(_weight(q) for q in qs) for a, qs in by_area.items()}
    quota = allocate(area_weights, {a: len(qs) for a, qs in by_area.items()}, count, rng)
    chosen: list[QuestionMeta] = []
    for area in sorted(by_area):
        # Efraimidis-Spirakis: the k largest u ** (1 / w) are a weighted draw without replacement.
        keyed = sorted(by_area[area], key=lambda q: rng.random() ** (1 / _weight(q)), reverse=True)
        chosen.extend(keyed[: quota[area]])
    rng.shuffle(chosen)
    return [ExamPick(meta, rng.randrange(SEED_LIMIT)) for meta in chosen]


@dataclass(frozen=True)
class ItemResult:
    """One item of a finished exam; `answered` is False for items left when time or input ran
    out (they count as wrong)."""

    question_id: str
    area: str
    answered: bool
    correct: bool


@dataclass(frozen=True)
class AreaScore:
    area: str
    questions: int
    correct: int

    @property
    def share(self) -> float | None:
        return self.correct / self.questions if self.questions else None


@dataclass(frozen=True)
class ExamScore:
    questions: int
    answered: int
    correct: int
    areas: list[AreaScore]  # the four exam areas in order, then any other area met

    @property
    def share(self) -> float:
        return self.correct / self.questions if self.questions else 0.0


def score(items: Iterable[ItemResult]) -> ExamScore:
    """The overall and per-area scores; unanswered items count as wrong."""
    listed = list(items)
    per_area: dict[str, list[int]] = {a: [0, 0] for a in AREAS}
    for item in listed:
        cell = per_area.setdefault(item.area, [0, 0])
        cell[0] += 1
        cell[1] += int(item.answered and item.correct)
    return ExamScore(
        questions=len(listed),
        answered=sum(1 for i in listed if i.answered),
        correct=sum(1 for i in listed if i.answered and i.correct),
        areas=[AreaScore(a, n, k) for a, (n, k) in per_area.items()],
    )

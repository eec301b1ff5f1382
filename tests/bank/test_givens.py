"""Givens that contradict each other or leave the key open (issue 15, defect 3): every question
states the convention its key depends on, and its drawn values obey the rules it states."""

from __future__ import annotations

import math

from tests.bank.test_shipped_bank import shipped
from trainer.bank.variants import Variant, make_variant

SEEDS = range(200)


def _question_variants(generator: str) -> list[Variant]:
    return [
        make_variant(q, seed)
        for q in shipped().questions.values()
        if q.generator == generator
        for seed in SEEDS
    ]


def _nearest(point: list[float], centres: list[list[float]]) -> int:
    distances = [math.dist(point, c) for c in centres]
    return distances.index(min(distances))


def test_the_kmeans_sse_says_whether_points_are_reassigned() -> None:
    """The SSE after the update differs when points move to their new nearest centre: the
    prompt must say which assignment it means."""
    variants = [v for v in _question_variants("kmeans-step") if v.params["ask"] == "sse"]
    assert variants
    for variant in variants:
        points, centres = variant.params["points"], variant.params["centres"]
        first = [_nearest(p, centres) for p in points]
        k = len(centres)
        means = [
            [
                sum(p[d] for p, a in zip(points, first, strict=True) if a == c) / first.count(c)
                for d in range(2)
            ]
            for c in range(k)
        ]
        again = [_nearest(p, means) for p in points]
        if again == first:
            continue
        assert "再割り当て" in variant.prompt.ja and "reassign" in variant.prompt.en, (
            f"seed {variant.seed}: reassigning to the updated centres changes the clusters, "
            "and the prompt does not say which assignment the SSE uses"
        )


def test_nms_states_how_a_tie_with_the_threshold_goes() -> None:
    """An IoU exactly at the threshold is drawn on purpose (the strict-threshold slip): the
    prompt says such a box is suppressed ("at least" / "以上")."""
    for variant in _question_variants("nms-kept"):
        assert "以上" in variant.prompt.ja and "at least" in variant.prompt.en

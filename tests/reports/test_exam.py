"""The mock exam's pure parts: the weighted draw and the per-area score."""

from __future__ import annotations

import random
from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

from trainer.reports.exam import AREAS, ItemResult, allocate, draw, score
from trainer.reports.rows import QuestionMeta

WEIGHTS = st.sampled_from([1.0, 0.5, 0.25, 1 / 3, 0.125])


@st.composite
def banks(draw_: st.DrawFn) -> list[QuestionMeta]:
    size = draw_(st.integers(0, 40))
    return [
        QuestionMeta(f"q{n:03d}", f"t/{n % 5}", draw_(st.sampled_from(AREAS)), draw_(WEIGHTS))
        for n in range(size)
    ]


@settings(max_examples=200, deadline=None)
@given(banks(), st.integers(0, 60), st.integers(0, 2**31))
def test_draw_size_distinct_and_deterministic(
    questions: list[QuestionMeta], count: int, seed: int
) -> None:
    picks = draw(questions, count, seed)
    ids = [p.question.id for p in picks]
    assert len(ids) == min(count, len(questions))
    assert len(set(ids)) == len(ids)
    assert set(ids) <= {q.id for q in questions}
    assert draw(questions, count, seed) == picks


@settings(max_examples=200, deadline=None)
@given(
    st.dictionaries(st.sampled_from(AREAS), st.tuples(st.floats(0.0, 10.0), st.integers(0, 30))),
    st.integers(0, 100),
    st.integers(0, 1000),
)
def test_allocation_sums_and_caps(
    areas: dict[str, tuple[float, int]], count: int, seed: int
) -> None:
    sizes = {a: n for a, (_, n) in areas.items()}
    quota = allocate({a: w for a, (w, _) in areas.items()}, sizes, count, random.Random(seed))
    assert sum(quota.values()) == min(count, sum(sizes.values()))
    assert all(0 <= quota[a] <= sizes[a] for a in sizes)


def test_allocation_follows_the_weights() -> None:
    quota = allocate({"a": 3.0, "b": 1.0}, {"a": 100, "b": 100}, 40, random.Random(0))
    assert quota == {"a": 30, "b": 10}


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.sampled_from([*AREAS, "other"]), st.booleans(), st.booleans())))
def test_area_scores_sum_to_the_overall(items: list[tuple[str, bool, bool]]) -> None:
    results = [ItemResult(f"q{n}", a, ans, ok) for n, (a, ans, ok) in enumerate(items)]
    result = score(results)
    assert [a.area for a in result.areas][:4] == list(AREAS)
    assert sum(a.questions for a in result.areas) == result.questions == len(items)
    assert sum(a.correct for a in result.areas) == result.correct
    assert result.correct == sum(1 for _, ans, ok in items if ans and ok)  # unanswered = wrong
    assert result.answered == sum(1 for _, ans, _ in items if ans)
    assert 0.0 <= result.share <= 1.0


def test_single_draws_follow_the_weights() -> None:
    """One item is question q with probability weight(q) / total, across and within areas."""
    questions = [
        QuestionMeta("a1", "x", "applied_math", 1.0),
        QuestionMeta("a2", "x", "applied_math", 0.25),
        QuestionMeta("d1", "y", "deep_learning", 1.0),
        QuestionMeta("d2", "y", "deep_learning", 0.5),
        QuestionMeta("d3", "y", "deep_learning", 0.5),
        QuestionMeta("e1", "z", "dev_env", 0.25),
    ]
    total = sum(q.weight for q in questions)
    runs = 20_000
    counts = Counter(draw(questions, 1, seed)[0].question.id for seed in range(runs))
    for q in questions:
        expected = runs * q.weight / total
        assert abs(counts[q.id] - expected) < 5 * (expected**0.5) + 5, (q.id, counts[q.id])


def test_larger_draws_spread_over_areas_by_weight() -> None:
    questions = [QuestionMeta(f"m{n}", "m", "machine_learning", 1.0) for n in range(60)] + [
        QuestionMeta(f"o{n}", "o", "dev_env", 0.25) for n in range(60)
    ]
    picks = draw(questions, 50, 7)
    areas = Counter(p.question.area for p in picks)
    assert areas == {"machine_learning": 40, "dev_env": 10}  # 60 : 15 of the weight

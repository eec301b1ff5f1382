"""Report functions on generated histories with known answers."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from trainer.reports import compute
from trainer.reports.rows import (
    CardAccuracy,
    CardRow,
    DayCount,
    QuestionMeta,
    RecallBand,
    RetentionCount,
)
from trainer.scheduling import Scheduler, State

NOW = datetime(2026, 6, 1, 3, 0, tzinfo=UTC)
TOPICS = ("a/x/p", "a/x/q", "a/y", "b/z/r", "b/w")


def card(qid: str, *, due_days: float, stability: float = 5.0, suspended: bool = False,
         lapses: int = 0, last_days: float = 2.0) -> CardRow:  # fmt: skip
    return CardRow(
        qid, int(State.REVIEW), None, stability, 5.0, NOW + timedelta(days=due_days),
        NOW - timedelta(days=last_days), 3, lapses, suspended,
    )  # fmt: skip


questions_st = st.lists(
    st.tuples(st.sampled_from(TOPICS), st.sampled_from(compute.AREAS), st.floats(0.1, 2.0)),
    min_size=1,
    max_size=30,
).map(lambda items: [QuestionMeta(f"q{n}", t, a, w) for n, (t, a, w) in enumerate(items)])


@st.composite
def histories(draw: st.DrawFn) -> tuple[list[QuestionMeta], list[CardRow], list[CardAccuracy]]:
    questions = draw(questions_st)
    cards = []
    accuracy = []
    for q in questions:
        if draw(st.booleans()):
            cards.append(
                card(
                    q.id,
                    due_days=draw(st.floats(-10, 60)),
                    stability=draw(st.floats(0.1, 300)),
                    suspended=draw(st.booleans()),
                    lapses=draw(st.integers(0, 10)),
                    last_days=draw(st.floats(0, 100)),
                )
            )
            n = draw(st.integers(0, 20))
            accuracy.append(CardAccuracy(q.id, n, draw(st.integers(0, n))))
    return questions, cards, accuracy


@given(histories())
def test_rolled_up_counts_equal_the_sum_of_their_parts(
    history: tuple[list[QuestionMeta], list[CardRow], list[CardAccuracy]],
) -> None:
    questions, cards, accuracy = history
    recall = compute.recalls(cards, NOW, Scheduler())
    stats = {t.topic: t for t in compute.topic_stats(questions, cards, recall, accuracy, 8)}
    for topic, stat in stats.items():
        children = [s for s in stats.values() if s.depth == stat.depth + 1
                    and s.topic.startswith(topic + "/")]  # fmt: skip
        own = [q for q in questions if q.topic == topic]
        for field in ("questions", "seen", "reviews_30d", "correct_30d", "leeches"):
            expected = sum(getattr(c, field) for c in children)
            if field == "questions":
                expected += len(own)
            elif own:
                continue  # a topic with its own questions also counts those
            assert getattr(stat, field) == expected, (topic, field)
        assert stat.recall is None or 0.0 <= stat.recall <= 1.0
        assert stat.accuracy_30d is None or 0.0 <= stat.accuracy_30d <= 1.0
    roots = [s for s in stats.values() if s.depth == 0]
    assert sum(s.questions for s in roots) == len(questions)
    assert sum(s.seen for s in roots) == len(cards)


@given(histories(), st.integers(-720, 840))
def test_forecast_totals_equal_the_cards_due(
    history: tuple[list[QuestionMeta], list[CardRow], list[CardAccuracy]], offset: int
) -> None:
    _, cards, _ = history
    fc = compute.forecast(cards, NOW, offset)
    assert len(fc.days) == compute.FORECAST_DAYS
    end = datetime.combine(
        compute.local_day(NOW, offset) + timedelta(days=compute.FORECAST_DAYS),
        datetime.min.time(),
        tzinfo=UTC,
    ) - timedelta(minutes=offset)
    due = [c for c in cards if not c.suspended and c.due is not None and c.due < end]
    assert fc.total == len(due)
    assert fc.overdue == sum(1 for c in due if c.due is not None and c.due <= NOW)


@given(st.lists(st.tuples(st.booleans(), st.integers(0, 50), st.integers(0, 50))))
def test_retention_is_in_0_1_and_sums(rows: list[tuple[bool, int, int]]) -> None:
    counts = [RetentionCount(r, n + k, k) for r, n, k in rows]
    ret = compute.retention(counts, 0.9)
    assert ret.overall.reviews == sum(c.reviews for c in counts)
    assert ret.recent.reviews == sum(c.reviews for c in counts if c.recent)
    for cell in (ret.recent, ret.overall):
        assert cell.rate is None or 0.0 <= cell.rate <= 1.0


def test_calibration_error_is_the_review_weighted_gap() -> None:
    bands = [RecallBand(8, 10, 9, 8.5), RecallBand(7, 30, 18, 22.5), RecallBand(2, 0, 0, 0.0)]
    ret = compute.retention([], 0.9, bands)
    assert [(b.low, b.high, b.reviews) for b in ret.calibration] == [(0.7, 0.8, 30), (0.8, 0.9, 10)]
    # band 0.8: observed 0.90 vs predicted 0.85; band 0.7: observed 0.60 vs predicted 0.75
    assert ret.calibration_error == pytest.approx((10 * 0.05 + 30 * 0.15) / 40)
    assert compute.retention([], 0.9).calibration_error is None


@given(
    st.lists(
        st.tuples(st.integers(0, 9), st.integers(1, 40), st.floats(0, 1), st.floats(0, 0.0999)),
        unique_by=lambda t: t[0],
    )
)
def test_calibration_error_is_in_0_1_and_0_when_predictions_come_true(
    rows: list[tuple[int, int, float, float]],
) -> None:
    bands = [RecallBand(b, n, round(n * share), n * (b / 10 + x)) for b, n, share, x in rows]
    error = compute.retention([], 0.9, bands).calibration_error
    assert error is None if not rows else 0.0 <= error <= 1.0
    exact = [RecallBand(b, n, round(n * (b / 10 + x)), n * (b / 10 + x)) for b, n, _, x in rows]
    perfect = compute.retention([], 0.9, exact).calibration_error
    assert perfect is None or perfect <= 0.5 / min(n for _, n, _, _ in rows) + 1e-12  # rounding


@given(histories())
def test_readiness_is_a_weighted_mean_in_0_1(
    history: tuple[list[QuestionMeta], list[CardRow], list[CardAccuracy]],
) -> None:
    questions, cards, _ = history
    recall = compute.recalls(cards, NOW, Scheduler())
    r = compute.readiness(questions, recall, NOW)
    assert 0.0 <= r.low <= r.expected <= r.high <= 1.0
    assert 0.0 <= r.p_pass <= 1.0
    total = sum(q.weight for q in questions)
    assert abs(r.expected - sum(q.weight * recall.get(q.id, 0) for q in questions) / total) < 1e-9
    assert len(r.weakest) <= 5
    assert all(0.0 <= v <= 1.0 for v in r.areas.values())


def test_readiness_known_answer() -> None:
    questions = [QuestionMeta("q1", "a/x", "applied_math", 1.0),
                 QuestionMeta("q2", "b/y", "deep_learning", 3.0)]  # fmt: skip
    r = compute.readiness(questions, {"q1": 1.0, "q2": 0.5}, NOW, exam_questions=100)
    assert abs(r.expected - (1.0 + 1.5) / 4) < 1e-12  # 0.625
    assert r.areas == {"applied_math": 1.0, "deep_learning": 0.5}
    assert r.seen_share == 1.0
    assert r.weakest[0].topic == "b/y"  # 0.75 weight at 0.5 recall: the largest gain
    sd = (0.625 * 0.375 / 100) ** 0.5
    assert abs(r.high - (0.625 + compute.Z95 * sd)) < 1e-9
    unseen = compute.readiness(questions, {}, NOW)
    assert unseen.expected == 0.0 and unseen.p_pass == 0.0 and unseen.seen_share == 0.0


def test_streaks_and_heatmap() -> None:
    today = date(2026, 6, 10)  # a Wednesday
    days = [DayCount(today - timedelta(n), 3, 2) for n in (0, 1, 2, 5, 6, 7, 8)]
    h = compute.history(days, today)
    assert (h.current_streak, h.best_streak, h.total_reviews, h.total_correct) == (3, 4, 21, 14)
    assert compute.history(days, today + timedelta(1)).current_streak == 3  # yesterday counts
    assert compute.history(days, today + timedelta(2)).current_streak == 0
    grid = compute.heatmap(days, today, weeks=2)
    assert len(grid) == 2 and all(len(col) == 7 for col in grid)
    assert grid[1][2] == 3 and grid[1][3] is None  # Wednesday today, Thursday in the future
    assert sum(v or 0 for col in grid for v in col) == 3 * 7


def test_plan_projects_to_the_exam_and_counts_the_work() -> None:
    questions = [QuestionMeta(f"q{n}", "a/x", "applied_math") for n in range(10)]
    cards = [card("q0", due_days=3, stability=100), card("q1", due_days=40, stability=0.5)]
    exam_at = NOW + timedelta(days=50)
    recall = compute.recalls(cards, exam_at, Scheduler())
    assert recall["q0"] > 0.8 and recall["q1"] < 0.5
    p = compute.plan(questions, cards, recall, exam_at, NOW, 0, target=0.5)
    assert p.days_left == 50
    assert p.projected.expected < 0.2
    assert p.reachable
    gained = p.projected.expected + 0.9 * p.new_needed / 10
    assert p.new_needed + p.refresh_needed <= 9
    assert gained + 0.1 >= 0.5
    assert p.due_before_exam == 2
    assert p.daily_new == -(-p.new_needed // 50)
    impossible = compute.plan(questions, cards, recall, exam_at, NOW, 0, target=0.95)
    assert not impossible.reachable


def test_one_question_seen_of_thirty_is_not_full_mastery() -> None:
    """Issue 12: a topic with 1 of 30 questions seen showed 100% (the mean over seen cards)."""
    questions = [QuestionMeta(f"q{n:02d}", "a/x/p", "applied_math") for n in range(30)]
    cards = [card("q00", due_days=300, stability=3000.0, last_days=0.0)]
    recall = compute.recalls(cards, NOW, Scheduler())
    assert recall["q00"] > 0.99
    stats = {t.topic: t for t in compute.topic_stats(questions, cards, recall, [], 8)}
    for node in ("a", "a/x", "a/x/p"):
        stat = stats[node]
        assert (stat.seen, stat.questions) == (1, 30)
        assert stat.mastery == pytest.approx(recall["q00"] / 30)
        assert stat.coverage == pytest.approx(1 / 30)
        assert stat.recall == pytest.approx(recall["q00"])  # the old figure, kept for the JSON
    ready = compute.readiness(questions, recall, NOW)
    assert [w.topic for w in ready.weakest] == ["a/x"]
    assert ready.weakest[0].mastery == pytest.approx(stats["a/x"].mastery)
    assert ready.expected == pytest.approx(stats["a"].mastery)


def test_mastery_is_weighted_and_never_above_coverage() -> None:
    questions = [QuestionMeta("big", "a/x/p", "applied_math", 3.0),
                 QuestionMeta("small", "a/x/q", "applied_math", 1.0)]  # fmt: skip
    tally = compute.mastery_by(questions, {"small": 0.8}, lambda q: q.topic.split("/")[0])["a"]
    assert (tally.seen, tally.questions) == (1, 2)
    assert tally.mastery == pytest.approx(0.8 * 1 / 4)
    assert tally.coverage == pytest.approx(1 / 4)
    assert compute.Mastery().mastery == 0.0 and compute.Mastery().coverage == 0.0


@given(histories())
def test_the_weakest_list_and_the_topic_table_agree(
    history: tuple[list[QuestionMeta], list[CardRow], list[CardAccuracy]],
) -> None:
    """Both lists read one definition (`compute.Mastery`) on the same nodes: a topic in the
    weakest list has exactly the table's figures, and the readiness score is the whole bank's
    mastery."""
    questions, cards, accuracy = history
    recall = compute.recalls(cards, NOW, Scheduler())
    stats = {t.topic: t for t in compute.topic_stats(questions, cards, recall, accuracy, 8)}
    ready = compute.readiness(questions, recall, NOW)
    for weak in ready.weakest:
        row = stats[weak.topic]
        assert row.depth == compute.TOPIC_DEPTH
        assert (weak.mastery, weak.coverage) == pytest.approx((row.mastery, row.coverage))
        assert (weak.seen, weak.questions) == (row.seen, row.questions)
        assert weak.gain > 0 and weak.recall == weak.mastery
    roots = [t.tally for t in stats.values() if t.depth == 0]
    whole = sum(r.recall_weight for r in roots) / sum(r.weight for r in roots)
    assert ready.expected == pytest.approx(whole)  # the whole bank's mastery
    by_area = compute.mastery_by(questions, recall, lambda q: q.area)  # the bank: area == root
    assert ready.areas == pytest.approx({a: m.mastery for a, m in by_area.items()})
    for stat in stats.values():
        assert 0.0 <= stat.mastery <= stat.coverage + 1e-12 <= 1.0 + 1e-12
    groups = {t.topic for t in stats.values() if t.depth == compute.TOPIC_DEPTH}
    assert {w.topic for w in ready.weakest} <= groups

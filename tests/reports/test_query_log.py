"""The report's reads of the review log, on recorded histories, against counts made here.

Reviews per local day, true retention and the calibration bands come from tallies kept as reviews
are recorded. All are checked against a plain count of the answers given (and a replay of FSRS for
the predictions), for several learners and UTC offsets.
"""

from __future__ import annotations

from collections import Counter
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from trainer.reports.query import load_calibration, load_days, load_retention
from trainer.reports.rows import DayCount
from trainer.scheduling import Rating, ReviewEvent, Scheduler
from trainer.store.engine import make_engine
from trainer.store.repository import Answer, Store, elapsed_days
from trainer.store.tally import quarter_start
from trainer.store.upgrade import ensure_schema

NOW = datetime(2026, 6, 1, 12, 7, tzinfo=UTC)
START = NOW - timedelta(days=60)
OFFSETS = (0, 540, -300, 330, 345, -570)  # UTC, Tokyo, New York, India, Nepal, Marquesas

# (question index, minutes after the previous answer, rating)
answers_st = st.lists(
    st.tuples(
        st.integers(0, 3),
        st.one_of(st.integers(0, 180), st.integers(600, 3 * 24 * 60)),
        st.sampled_from(list(Rating)),
    ),
    max_size=40,
)
Timeline = list[tuple[int, datetime, Rating]]


def _record(answers: list[tuple[int, int, Rating]]) -> tuple[Store, int, Timeline]:
    """A fresh in-memory store where `ann` gave these answers (and `ben` some of the same)."""
    engine = make_engine("sqlite://")
    ensure_schema(engine)
    store = Store(engine)
    user = store.user_id("ann")
    other = store.user_id("ben")  # another learner's reviews must not count
    scheduler = Scheduler()
    at = START
    timeline = []
    for question, minutes, rating in answers:
        at += timedelta(minutes=minutes)
        timeline.append((question, at, rating))
        for who in (user, other) if question == 0 else (user,):
            store.record_review(
                who,
                Answer(f"q{question}", rating, "x", rating != Rating.AGAIN, 1, None, at),
                scheduler,
            )
    return store, user, timeline


def _expected_retention(timeline: Timeline) -> tuple[int, int, int, int]:
    """(all interday, passed, in the last 30 days, passed in the last 30 days)."""
    last_day: dict[int, date] = {}
    total = passed = recent = recent_passed = 0
    for question, at, rating in timeline:
        previous = last_day.get(question)
        last_day[question] = at.date()
        if previous is None or previous == at.date():
            continue
        ok = rating != Rating.AGAIN
        is_recent = at >= quarter_start(NOW - timedelta(days=30))
        total += 1
        passed += ok
        recent += is_recent
        recent_passed += is_recent and ok
    return total, passed, recent, recent_passed


def _expected_days(timeline: Timeline, offset_minutes: int) -> list[DayCount]:
    reviews: Counter[date] = Counter()
    correct: Counter[date] = Counter()
    for _, at, rating in timeline:
        day = (at + timedelta(minutes=offset_minutes)).date()
        reviews[day] += 1
        correct[day] += rating != Rating.AGAIN
    return [DayCount(day, reviews[day], correct[day]) for day in sorted(reviews)]


def _expected_bands(timeline: Timeline) -> dict[int, tuple[int, int, float]]:
    """Interday reviews per tenth of the recall FSRS predicted just before each: the state is
    rebuilt by replaying the card's earlier answers, independently of what the store kept."""
    scheduler = Scheduler()
    earlier: dict[int, list[ReviewEvent]] = {}
    bands: dict[int, tuple[int, int, float]] = {}
    for question, at, rating in timeline:
        events = earlier.setdefault(question, [])
        if events and events[-1].reviewed_at.date() != at.date():
            recall = scheduler.retrievability(scheduler.replay(0, events), at)
            band = min(int(recall * 10), 9)
            n, k, total = bands.get(band, (0, 0, 0.0))
            bands[band] = (n + 1, k + (rating != Rating.AGAIN), total + recall)
        events.append(ReviewEvent(rating, at, None))
    return bands


@settings(max_examples=40, deadline=None)
@given(answers=answers_st)
def test_retention_and_days_match_a_plain_count_of_the_answers(
    answers: list[tuple[int, int, Rating]],
) -> None:
    store, user, timeline = _record(answers)
    try:
        recent, older = load_retention(store, user, NOW)
        total, passed, recent_n, recent_passed = _expected_retention(timeline)
        total_interday = total
        assert (recent.reviews, recent.passed) == (recent_n, recent_passed)
        assert (older.reviews, older.passed) == (total - recent_n, passed - recent_passed)
        for offset in OFFSETS:
            assert load_days(store, user, offset) == _expected_days(timeline, offset), offset
        bands = {
            b.band: (b.reviews, b.passed, b.predicted_sum) for b in load_calibration(store, user)
        }
        expected = _expected_bands(timeline)
        assert bands.keys() == expected.keys()
        for band, (n, k, total) in expected.items():
            assert bands[band][:2] == (n, k) and bands[band][2] == pytest.approx(total)
        assert sum(n for n, _, _ in bands.values()) == total_interday
    finally:
        store.engine.dispose()


@pytest.mark.parametrize("offset", [7, -61])  # not whole quarter hours: grouped from the log
def test_days_for_an_offset_the_tallies_cannot_split(offset: int) -> None:
    minutes = [(n % 4, 37 * n % 500, Rating(1 + n % 4)) for n in range(60)]
    store, user, timeline = _record(minutes)
    try:
        assert load_days(store, user, offset) == _expected_days(timeline, offset)
    finally:
        store.engine.dispose()


def test_quarter_start_is_the_utc_quarter_hour_an_instant_falls_in() -> None:
    tokyo = datetime(2026, 6, 2, 0, 44, 59, 999999, tzinfo=ZoneInfo("Asia/Tokyo"))
    assert quarter_start(tokyo) == datetime(2026, 6, 1, 15, 30, tzinfo=UTC)
    assert quarter_start(datetime(2026, 6, 1, 15, 45, tzinfo=UTC)).minute == 45


def test_elapsed_days_counts_utc_calendar_days_not_24_hour_periods() -> None:
    late = datetime(2026, 6, 1, 23, 50, tzinfo=UTC)
    assert elapsed_days(None, late) is None
    assert elapsed_days(late - timedelta(hours=23), late) == 0
    assert elapsed_days(late, late + timedelta(minutes=20)) == 1  # past midnight UTC
    tokyo = late.astimezone(ZoneInfo("Asia/Tokyo"))  # the same instant, another zone
    assert elapsed_days(late - timedelta(days=2), tokyo) == 2
    assert elapsed_days(late, late - timedelta(days=3)) == 0  # a clock set back: same day

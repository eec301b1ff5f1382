"""The FSRS wrapper: upstream conformance, time zones, deterministic fuzz, replay, and laws."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from trainer.scheduling import CardState, Rating, ReviewEvent, Scheduler, SchedulerConfig, State

START = datetime(2022, 11, 29, 12, 30, tzinfo=UTC)
NO_FUZZ = Scheduler(SchedulerConfig(fuzz=False))
FUZZ = Scheduler()


def test_matches_upstream_fsrs_intervals_without_fuzz() -> None:
    # py-fsrs tests/test_basic.py::test_review_card (ratings G x6, A, A, G x5, each at due time).
    ratings = [Rating.GOOD] * 6 + [Rating.AGAIN] * 2 + [Rating.GOOD] * 5
    card = CardState(card_id=1)
    at = START
    intervals = []
    for rating in ratings:
        card = NO_FUZZ.review(card, rating, at)
        assert card.due is not None
        intervals.append((card.due - card.last_review).days if card.last_review else None)
        at = card.due
    assert intervals == [0, 2, 11, 46, 163, 498, 0, 0, 2, 4, 7, 12, 21]


def test_new_card_first_reviews_follow_the_learning_steps() -> None:
    card = CardState(card_id=7)
    assert card.is_new
    again = NO_FUZZ.review(card, Rating.AGAIN, START)
    good = NO_FUZZ.review(card, Rating.GOOD, START)
    easy = NO_FUZZ.review(card, Rating.EASY, START)
    assert again.due == START + timedelta(minutes=1)
    assert good.due == START + timedelta(minutes=10) and good.step == 1
    assert easy.state == State.REVIEW and easy.due == START + timedelta(days=8)
    assert not good.is_new and good.reps == 1 and good.last_review == START


def test_naive_datetimes_are_refused_and_other_utc_forms_normalised() -> None:
    card = CardState(card_id=1)
    with pytest.raises(ValueError, match="naive"):
        FUZZ.review(card, Rating.GOOD, datetime(2025, 1, 1, 12))
    tokyo = datetime(2025, 1, 1, 21, tzinfo=ZoneInfo("Asia/Tokyo"))
    from_zoneinfo_utc = FUZZ.review(
        card, Rating.GOOD, datetime(2025, 1, 1, 12, tzinfo=ZoneInfo("UTC"))
    )
    from_tokyo = FUZZ.review(card, Rating.GOOD, tokyo)
    assert from_zoneinfo_utc == from_tokyo
    assert from_tokyo.last_review is not None and from_tokyo.last_review.tzinfo is timezone.utc  # noqa: UP017 (what fsrs checks)
    assert from_tokyo.last_review == datetime(2025, 1, 1, 12, tzinfo=UTC)


def test_lapses_count_only_forgetting_a_learned_card() -> None:
    card = CardState(card_id=3)
    card = NO_FUZZ.review(card, Rating.AGAIN, START)  # still learning: not a lapse
    assert card.lapses == 0
    card = NO_FUZZ.review(card, Rating.EASY, START + timedelta(minutes=2))
    assert card.state == State.REVIEW
    assert card.due is not None
    card = NO_FUZZ.review(card, Rating.AGAIN, card.due)
    assert (card.lapses, card.state) == (1, State.RELEARNING)


def test_config_is_validated() -> None:
    with pytest.raises(ValueError, match="desired retention"):
        SchedulerConfig(desired_retention=1.2)
    with pytest.raises(ValueError, match="leech threshold"):
        SchedulerConfig(leech_threshold=0)


def test_desired_retention_changes_intervals() -> None:
    strict = Scheduler(SchedulerConfig(desired_retention=0.97, fuzz=False))
    card = NO_FUZZ.review(CardState(card_id=1), Rating.EASY, START)
    strict_card = strict.review(CardState(card_id=1), Rating.EASY, START)
    assert strict_card.due is not None and card.due is not None
    assert strict_card.due < card.due


def test_retrievability() -> None:
    card = NO_FUZZ.review(CardState(card_id=1), Rating.EASY, START)
    assert NO_FUZZ.retrievability(CardState(card_id=2), START) == 0.0
    assert NO_FUZZ.retrievability(card, START) == pytest.approx(1.0)
    week, month = (NO_FUZZ.retrievability(card, START + timedelta(days=d)) for d in (7, 30))
    assert 1.0 > week > month > 0.0


# -- fuzz ------------------------------------------------------------------------------------


def _reference_range(days: int, maximum: int = 36500) -> tuple[int, int]:
    """fsrs 6.3.2 `_get_fuzz_range`, restated."""
    delta = 1.0 + 0.15 * max(min(days, 7.0) - 2.5, 0) + 0.10 * max(min(days, 20.0) - 7.0, 0)
    delta += 0.05 * max(days - 20.0, 0)
    low, high = max(2, round(days - delta)), min(round(days + delta), maximum)
    return min(low, high), high


@given(days=st.integers(0, 5000), card_id=st.integers(1, 10**9), reps=st.integers(0, 500))
def test_fuzz_stays_in_the_fsrs_range_and_is_deterministic(
    days: int, card_id: int, reps: int
) -> None:
    fuzzed = FUZZ.fuzzed_days(days, card_id=card_id, reps=reps)
    if days < 3:
        assert fuzzed == days
    else:
        low, high = _reference_range(days)
        assert low <= fuzzed <= high
    random.seed(reps)  # the global generator has no say
    assert Scheduler().fuzzed_days(days, card_id=card_id, reps=reps) == fuzzed


def test_fuzz_spreads_cards_that_would_fall_due_together() -> None:
    picks = {FUZZ.fuzzed_days(30, card_id=card_id, reps=3) for card_id in range(200)}
    assert picks == set(range(_reference_range(30)[0], _reference_range(30)[1] + 1))


def test_fuzz_is_applied_only_to_review_intervals() -> None:
    card = FUZZ.review(CardState(card_id=1), Rating.GOOD, START)
    assert card.due == START + timedelta(minutes=10)  # learning step: no fuzz


# -- laws ------------------------------------------------------------------------------------

ratings = st.sampled_from(list(Rating))
gaps = st.one_of(
    st.just(timedelta(0)),
    st.integers(1, 24 * 60).map(lambda m: timedelta(minutes=m)),
    st.integers(1, 400).map(lambda d: timedelta(days=d)),
)
histories = st.lists(st.tuples(ratings, gaps, st.booleans()), max_size=25)


def _play(
    scheduler: Scheduler, card_id: int, history: list[tuple[Rating, timedelta, bool]]
) -> tuple[CardState, list[ReviewEvent]]:
    """Review `gap` after the previous review, or at the due date when the flag is set."""
    card, at, events = CardState(card_id=card_id), START, []
    for rating, gap, on_due in history:
        at = card.due if on_due and card.due is not None else at + gap
        card = scheduler.review(card, rating, at)
        events.append(ReviewEvent(rating, at))
    return card, events


@given(history=histories, card_id=st.integers(1, 10**6), fuzz=st.booleans())
def test_due_never_precedes_the_last_review(
    history: list[tuple[Rating, timedelta, bool]], card_id: int, fuzz: bool
) -> None:
    scheduler = FUZZ if fuzz else NO_FUZZ
    card = CardState(card_id=card_id)
    at = START
    for rating, gap, on_due in history:
        at = card.due if on_due and card.due is not None else at + gap
        card = scheduler.review(card, rating, at)
        assert card.last_review == at
        assert card.due is not None and card.due > card.last_review


@given(
    history=histories,
    card_id=st.integers(1, 10**6),
    fuzz=st.booleans(),
    wait=gaps,
)
def test_again_never_schedules_later_than_good(
    history: list[tuple[Rating, timedelta, bool]], card_id: int, fuzz: bool, wait: timedelta
) -> None:
    scheduler = FUZZ if fuzz else NO_FUZZ
    card, _ = _play(scheduler, card_id, history)
    at = (card.last_review or START) + wait
    outcomes = scheduler.preview(card, at)
    again, good = outcomes[Rating.AGAIN].due, outcomes[Rating.GOOD].due
    assert again is not None and good is not None
    assert again <= good


@given(history=histories, card_id=st.integers(1, 10**6), fuzz=st.booleans())
def test_replaying_the_log_rebuilds_the_state(
    history: list[tuple[Rating, timedelta, bool]], card_id: int, fuzz: bool
) -> None:
    scheduler = FUZZ if fuzz else NO_FUZZ
    card, events = _play(scheduler, card_id, history)
    assert scheduler.replay(card_id, events) == card
    random.shuffle(events)  # the log's row order does not matter, its times do
    if len({e.reviewed_at for e in events}) == len(events):
        assert scheduler.replay(card_id, events) == card


@given(history=histories, card_id=st.integers(1, 10**6))
def test_fuzzed_scheduling_is_reproducible(
    history: list[tuple[Rating, timedelta, bool]], card_id: int
) -> None:
    random.seed(1)
    first, _ = _play(Scheduler(), card_id, history)
    random.seed(2)
    second, _ = _play(Scheduler(), card_id, history)
    assert first == second

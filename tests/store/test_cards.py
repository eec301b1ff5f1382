"""Card actions and undo: bury, suspend, flag, reset; review then undo equals never reviewed."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import text

from trainer.scheduling import Rating, Scheduler
from trainer.store import cards
from trainer.store.repository import Answer, Store

T0 = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
SCHEDULER = Scheduler()
TABLES = {
    "card": "SELECT * FROM card ORDER BY id",
    "review_log": "SELECT * FROM review_log ORDER BY id",
    "review_tally": "SELECT user_id, starts_at, reviews, correct, interday, interday_passed"
    " FROM review_tally ORDER BY user_id, starts_at",
    "recall_tally": "SELECT user_id, band, reviews, passed, round(predicted, 9)"
    " FROM recall_tally ORDER BY user_id, band",
}


def dump(store: Store) -> dict[str, list[tuple[Any, ...]]]:
    with store.engine.connect() as connection:
        return {
            name: [tuple(row) for row in connection.execute(text(query))]
            for name, query in TABLES.items()
        }


def answer(question_id: str, rating: Rating, at: datetime) -> Answer:
    return Answer(question_id, rating, "typed", rating != Rating.AGAIN, 7, 900, at)


history = st.lists(
    st.tuples(st.sampled_from(list(Rating)), st.integers(min_value=0, max_value=40 * 24 * 60)),
    max_size=6,
)


@given(history=history, last=st.sampled_from(list(Rating)), gap=st.integers(0, 60 * 24 * 30))
def test_review_then_undo_equals_never_reviewed(
    memory_store: Store, history: list[tuple[Rating, int]], last: Rating, gap: int
) -> None:
    """Whatever came before, undoing a review restores the card (stability, difficulty, due,
    reps, lapses, step, suspension), deletes the log row and leaves the tallies as they were."""
    store = memory_store
    user = store.user_id(f"u{len(history)}-{int(last)}-{gap}")
    question = "q.undo"
    cards.ensure_card(store, user, question)
    at = T0
    for rating, minutes in history:
        at += timedelta(minutes=minutes)
        store.record_review(user, answer(question, rating, at), SCHEDULER)
    before = dump(store)
    outcome = store.record_review(
        user, answer(question, last, at + timedelta(minutes=gap)), SCHEDULER
    )
    assert outcome.undo is not None and dump(store) != before
    restored = cards.undo_review(store, user, outcome.undo)
    assert dump(store) == before
    assert store.card_state(user, question) == restored


@pytest.fixture
def store(any_store: Store) -> Store:
    """Every test here runs on SQLite and on PostgreSQL."""
    return any_store


def test_only_the_latest_review_of_a_card_can_be_undone(store: Store) -> None:
    user = store.user_id("ann")
    first = store.record_review(user, answer("q", Rating.GOOD, T0), SCHEDULER)
    store.record_review(user, answer("q", Rating.GOOD, T0 + timedelta(days=3)), SCHEDULER)
    assert first.undo is not None
    with pytest.raises(cards.UndoError):
        cards.undo_review(store, user, first.undo)


def test_undoing_twice_is_refused(store: Store) -> None:
    user = store.user_id("ann")
    outcome = store.record_review(user, answer("q", Rating.GOOD, T0), SCHEDULER)
    assert outcome.undo is not None
    cards.undo_review(store, user, outcome.undo)
    with pytest.raises(cards.UndoError):
        cards.undo_review(store, user, outcome.undo)


def test_undo_gives_a_leech_back_its_earlier_suspension(store: Store) -> None:
    scheduler = Scheduler()
    user = store.user_id("ann")
    at = T0
    store.record_review(user, answer("hard", Rating.EASY, at), scheduler)
    outcome = None
    for _ in range(scheduler.config.leech_threshold):
        at += timedelta(days=30)
        outcome = store.record_review(user, answer("hard", Rating.AGAIN, at), scheduler)
        at += timedelta(days=30)
        if outcome.became_leech:
            break
        store.record_review(user, answer("hard", Rating.EASY, at), scheduler)
    assert outcome is not None and outcome.became_leech and outcome.undo is not None
    assert cards.card_record(store, user, "hard").suspended  # type: ignore[union-attr]
    cards.undo_review(store, user, outcome.undo)
    assert not cards.card_record(store, user, "hard").suspended  # type: ignore[union-attr]


def test_buried_and_suspended_cards_sit_out_of_the_queue(store: Store) -> None:
    user = store.user_id("ann")
    for question in ("a", "b", "c"):
        store.record_review(user, answer(question, Rating.AGAIN, T0), SCHEDULER)
    later = T0 + timedelta(hours=1)
    cards.bury(store, user, "a", until=T0 + timedelta(hours=20))
    cards.suspend(store, user, "b")
    held = {info.question_id: info.suspended for info in store.card_infos(user, now=later)}
    assert held == {"a": True, "b": True, "c": False}
    next_day = T0 + timedelta(days=1)
    held = {info.question_id: info.suspended for info in store.card_infos(user, now=next_day)}
    assert held == {"a": False, "b": True, "c": False}  # the bury is over, the suspension not
    cards.unsuspend(store, user, "b")
    cards.unbury(store, user, "a")
    assert not any(info.suspended for info in store.card_infos(user, now=later))


def test_acting_on_a_question_never_answered_keeps_it_new(store: Store) -> None:
    user = store.user_id("ann")
    record = cards.flag(store, user, "fresh", T0, "the key looks wrong")
    assert record.is_new and record.flag_note == "the key looks wrong"
    assert record.flagged_at == T0
    assert cards.flagged_count(store, user) == 1
    assert cards.unflag(store, user, "fresh").flagged_at is None
    assert cards.flagged_count(store, user) == 0
    suspended = cards.suspend(store, user, "new.one")
    assert suspended.is_new and suspended.suspended


def test_reset_makes_a_card_new_again_and_keeps_its_log(store: Store) -> None:
    user = store.user_id("ann")
    store.record_review(user, answer("q", Rating.GOOD, T0), SCHEDULER)
    outcome = store.record_review(
        user, answer("q", Rating.AGAIN, T0 + timedelta(days=2)), SCHEDULER
    )
    record = cards.reset(store, user, "q")
    assert record.is_new and record.state.lapses == 0 and record.state.due is None
    assert len(store.reviews(outcome.undo.card_id)) == 2  # type: ignore[union-attr]
    queue_view = {info.question_id: info for info in store.card_infos(user)}
    assert queue_view["q"].is_new


def test_ensure_card_gives_the_id_the_review_then_uses(store: Store) -> None:
    user = store.user_id("ann")
    card_id = cards.ensure_card(store, user, "q")
    assert cards.ensure_card(store, user, "q") == card_id
    outcome = store.record_review(user, answer("q", Rating.GOOD, T0), SCHEDULER)
    assert outcome.card.card_id == card_id


def test_a_buried_card_is_not_counted_as_due_until_its_day_is_over(store: Store) -> None:
    user = store.user_id("ann")
    store.record_review(user, answer("q", Rating.AGAIN, T0), SCHEDULER)
    later = T0 + timedelta(hours=1)
    assert store.due_counts(user, {"q": "t"}, later)["t"].due == 1
    cards.bury(store, user, "q", until=T0 + timedelta(hours=20))
    assert store.due_counts(user, {"q": "t"}, later)["t"].due == 0
    assert store.due_counts(user, {"q": "t"}, T0 + timedelta(days=1))["t"].due == 1

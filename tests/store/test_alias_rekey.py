"""A learner's cards and reviews under a merged question's former id follow the question kept
(issue 15, defect 6), on SQLite and on PostgreSQL."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import text

from trainer.bank.loader import load_bank
from trainer.scheduling import Rating, Scheduler
from trainer.store import cards
from trainer.store.aliases import follow_aliases, follow_aliases_for_all
from trainer.store.repository import Answer, Store

T0 = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
SCHEDULER = Scheduler()
ALIASES = {"q.old": "q.kept", "q.older": "q.kept"}


@pytest.fixture
def store(any_store: Store) -> Store:
    return any_store


def review(store: Store, user: int, question_id: str, rating: Rating, at: datetime) -> None:
    answer = Answer(question_id, rating, f"{question_id} {at:%d}", True, 3, 800, at)
    store.record_review(user, answer, SCHEDULER)


def card_rows(store: Store, user: int) -> list[tuple[object, ...]]:
    query = "SELECT id, question_id, reps, last_review FROM card WHERE user_id = :u ORDER BY id"
    with store.engine.connect() as connection:
        return [tuple(row) for row in connection.execute(text(query), {"u": user})]


def answers_by_question(store: Store, user: int) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for question_id, stored in store.user_reviews(user):
        found.setdefault(question_id, []).append(stored.answer)
    return found


def test_reviews_under_an_old_id_move_to_the_survivor(store: Store) -> None:
    user = store.user_id("ann")
    review(store, user, "q.old", Rating.GOOD, T0)
    review(store, user, "q.old", Rating.HARD, T0 + timedelta(days=2))
    before = store.card_state(user, "q.old")

    assert follow_aliases(store, user, ALIASES) == 1

    assert store.card_state(user, "q.old") is None
    assert store.card_state(user, "q.kept") == before
    assert answers_by_question(store, user) == {"q.kept": ["q.old 01", "q.old 03"]}


def test_cards_under_both_ids_become_one_with_the_latest_state_and_every_review(
    store: Store,
) -> None:
    user = store.user_id("ann")
    review(store, user, "q.kept", Rating.GOOD, T0)
    review(store, user, "q.old", Rating.AGAIN, T0 + timedelta(days=1))
    review(store, user, "q.old", Rating.GOOD, T0 + timedelta(days=5))  # the latest review
    review(store, user, "q.older", Rating.EASY, T0 + timedelta(days=3))
    latest = store.card_state(user, "q.old")
    kept_id = card_rows(store, user)[0][0]

    assert follow_aliases(store, user, ALIASES) == 2

    rows = card_rows(store, user)
    assert [(row[0], row[1]) for row in rows] == [(kept_id, "q.kept")]  # the survivor's row
    assert latest is not None
    assert store.card_state(user, "q.kept") == replace(latest, card_id=kept_id)
    assert answers_by_question(store, user) == {
        "q.kept": ["q.kept 01", "q.old 02", "q.old 06", "q.older 04"]
    }


def test_the_survivor_reviewed_last_keeps_its_own_state(store: Store) -> None:
    user = store.user_id("ann")
    review(store, user, "q.old", Rating.AGAIN, T0)
    review(store, user, "q.kept", Rating.EASY, T0 + timedelta(days=4))
    latest = store.card_state(user, "q.kept")

    follow_aliases(store, user, ALIASES)

    assert store.card_state(user, "q.kept") == latest
    assert sorted(answers_by_question(store, user)["q.kept"]) == ["q.kept 05", "q.old 01"]


def test_a_flag_under_an_old_id_is_kept(store: Store) -> None:
    user = store.user_id("ann")
    review(store, user, "q.kept", Rating.GOOD, T0 + timedelta(days=1))
    cards.flag(store, user, "q.old", T0, "the key looks wrong")

    follow_aliases(store, user, ALIASES)

    record = cards.card_record(store, user, "q.kept")
    assert record is not None and record.flag_note == "the key looks wrong"
    assert record.state.reps == 1


def test_following_twice_changes_nothing_more(store: Store) -> None:
    user = store.user_id("ann")
    review(store, user, "q.kept", Rating.GOOD, T0)
    review(store, user, "q.old", Rating.GOOD, T0 + timedelta(days=1))
    follow_aliases(store, user, ALIASES)
    cards_once, reviews_once = card_rows(store, user), answers_by_question(store, user)

    assert follow_aliases(store, user, ALIASES) == 0

    assert card_rows(store, user) == cards_once
    assert answers_by_question(store, user) == reviews_once


def test_other_learners_and_other_questions_are_left_alone(store: Store) -> None:
    ann, bob = store.user_id("ann"), store.user_id("bob")
    review(store, ann, "q.old", Rating.GOOD, T0)
    review(store, ann, "q.other", Rating.GOOD, T0)
    review(store, bob, "q.old", Rating.GOOD, T0)

    follow_aliases(store, ann, ALIASES)

    assert set(answers_by_question(store, ann)) == {"q.kept", "q.other"}
    assert set(answers_by_question(store, bob)) == {"q.old"}


def test_the_class_report_moves_every_learners_cards(store: Store) -> None:
    ann, bob, eve = store.user_id("ann"), store.user_id("bob"), store.user_id("eve")
    review(store, ann, "q.old", Rating.GOOD, T0)
    review(store, bob, "q.older", Rating.GOOD, T0)
    review(store, eve, "q.other", Rating.GOOD, T0)

    assert follow_aliases_for_all(store, ALIASES) == 2

    assert [set(answers_by_question(store, user)) for user in (ann, bob, eve)] == [
        {"q.kept"},
        {"q.kept"},
        {"q.other"},
    ]
    assert follow_aliases_for_all(store, ALIASES) == 0


def test_opening_a_study_service_with_the_bank_moves_the_cards(store: Store) -> None:
    """The sync point: the app opens a learner's progress with the bank (`StudyService`)."""
    from trainer.study.session import StudyService

    bank = load_bank()
    old, kept = "adv4.fps", "fnd.fps-inference-time"
    assert bank.resolve(old) == kept
    user = store.user_id("ann")
    review(store, user, old, Rating.GOOD, T0)

    StudyService(store, bank, user, clock=lambda: T0 + timedelta(days=1))

    assert store.card_state(user, old) is None
    assert answers_by_question(store, user) == {kept: [f"{old} 01"]}

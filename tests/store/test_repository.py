"""The repository: per-user data, recording reviews, replay, leeches, counts."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import Engine, select
from sqlalchemy.exc import OperationalError

from trainer.scheduling import CardState, Rating, Scheduler, SchedulerConfig, State
from trainer.store.engine import make_engine
from trainer.store.errors import ReadOnlyDatabaseError, translate
from trainer.store.models import Card
from trainer.store.repository import Answer, Store, Submission, TopicCounts

T0 = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
SCHEDULER = Scheduler()


def answer(
    question_id: str, rating: Rating, at: datetime, *, correct: bool | None = None, seed: int = 1
) -> Answer:
    ok = rating != Rating.AGAIN if correct is None else correct
    return Answer(question_id, rating, f"typed {seed}", ok, seed, 1234, at)


@pytest.fixture
def store(any_store: Store) -> Store:
    """Every test here runs on SQLite and on PostgreSQL."""
    return any_store


def test_users_are_created_once_and_kept_apart(store: Store) -> None:
    ann, ben = store.user_id("ann"), store.user_id("ben")
    assert ann != ben and store.user_id("ann") == ann
    store.record_review(ann, answer("q1", Rating.GOOD, T0), SCHEDULER)
    store.record_review(ben, answer("q1", Rating.AGAIN, T0), SCHEDULER)
    store.record_review(ben, answer("q2", Rating.EASY, T0), SCHEDULER)
    assert [c.question_id for c in store.card_infos(ann)] == ["q1"]
    assert sorted(c.question_id for c in store.card_infos(ben)) == ["q1", "q2"]
    ann_card, ben_card = store.card_state(ann, "q1"), store.card_state(ben, "q1")
    assert ann_card is not None and ben_card is not None
    assert ann_card.card_id != ben_card.card_id
    assert [r.rating for _, r in store.user_reviews(ann)] == [Rating.GOOD]


def test_a_review_is_recorded_with_everything_the_issue_asks_for(store: Store) -> None:
    user = store.user_id("ann")
    outcome = store.record_review(
        user, Answer("fam.x", Rating.HARD, "0.25", True, 987654, 4321, T0), SCHEDULER
    )
    expected = SCHEDULER.review(CardState(card_id=outcome.card.card_id), Rating.HARD, T0)
    assert outcome.card == expected
    assert store.card_state(user, "fam.x") == expected
    [(question_id, review)] = store.user_reviews(user)
    assert question_id == "fam.x"
    assert (review.rating, review.answer, review.correct, review.seed, review.duration_ms) == (
        Rating.HARD,
        "0.25",
        True,
        987654,
        4321,
    )
    assert review.reviewed_at == T0 and review.reviewed_at.tzinfo is UTC


@given(
    steps=st.lists(
        st.tuples(
            st.sampled_from(list(Rating)),
            st.integers(0, 60 * 24 * 90).map(lambda m: timedelta(minutes=m)),
        ),
        min_size=1,
        max_size=15,
    )
)
def test_replaying_the_stored_log_gives_the_stored_state(
    memory_store: Store, steps: list[tuple[Rating, timedelta]]
) -> None:
    user = memory_store.user_id("replay")
    with memory_store.writing() as session:  # a fresh card for each example
        for card in session.scalars(select(Card).where(Card.user_id == user)):
            session.delete(card)
    at = T0
    for seed, (rating, gap) in enumerate(steps):
        at += gap
        memory_store.record_review(user, answer("q", rating, at, seed=seed), SCHEDULER)
    stored = memory_store.card_state(user, "q")
    assert stored is not None and stored.reps == len(steps)
    log = memory_store.reviews(stored.card_id)
    assert [r.seed for r in log] == list(range(len(steps)))
    assert SCHEDULER.replay(stored.card_id, [r.event() for r in log]) == stored


def test_a_leech_is_suspended_once_and_leaves_the_queue(store: Store) -> None:
    scheduler = Scheduler(SchedulerConfig(leech_threshold=3, fuzz=False))
    user = store.user_id("ann")
    at, news = T0, []
    outcome = store.record_review(user, answer("hard", Rating.EASY, at), scheduler)
    for _ in range(4):  # graduate, forget, relearn, repeat
        assert outcome.card.due is not None
        at = outcome.card.due
        outcome = store.record_review(user, answer("hard", Rating.AGAIN, at), scheduler)
        news.append(outcome.became_leech)
        at += timedelta(minutes=10)
        outcome = store.record_review(user, answer("hard", Rating.EASY, at), scheduler)
    assert news == [False, False, True, False]
    [info] = store.card_infos(user)
    assert info.suspended and info.reps == 9
    counts = store.due_counts(user, {"hard": "t/x"}, at + timedelta(days=365))
    assert counts == {"t/x": TopicCounts(due=0, new=0, leeches=1)}
    assert store.next_due(user) is None  # suspended cards are not "next"


def test_counts_next_due_and_new_today(store: Store) -> None:
    user = store.user_id("ann")
    store.record_review(user, answer("a1", Rating.EASY, T0), SCHEDULER)  # due in ~8 days
    store.record_review(user, answer("a2", Rating.AGAIN, T0), SCHEDULER)  # due in 1 minute
    store.record_review(user, answer("b1", Rating.GOOD, T0 - timedelta(days=1)), SCHEDULER)
    topics = {"a1": "t/a", "a2": "t/a", "a3": "t/a", "b1": "t/b", "b2": "t/b"}
    counts = store.due_counts(user, topics, T0 + timedelta(hours=1))
    assert counts == {
        "t/a": TopicCounts(due=1, new=1, leeches=0),
        "t/b": TopicCounts(due=1, new=1, leeches=0),
    }
    assert store.next_due(user) == T0 - timedelta(days=1) + timedelta(minutes=10)
    by_id = {c.question_id: c for c in store.card_infos(user, due_by=T0 + timedelta(hours=1))}
    assert by_id["a1"].due is None and by_id["a1"].reps == 1  # not due yet: date not read
    assert by_id["a2"].due == T0 + timedelta(minutes=1)
    assert store.new_cards_since(user, T0) == 2
    assert store.new_cards_since(user, T0 - timedelta(days=2)) == 3
    state = store.card_state(user, "a2")
    assert state is not None and state.state == State.LEARNING


def test_threads_sharing_one_store_lose_nothing(store: Store) -> None:
    user = store.user_id("ann")
    errors: list[BaseException] = []

    def work(worker: int) -> None:
        try:
            for n in range(40):
                at = T0 + timedelta(seconds=n)
                store.record_review(
                    user, answer(f"q{n % 7}", Rating.GOOD, at, seed=worker), SCHEDULER
                )
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(w,)) for w in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len(store.user_reviews(user)) == 120
    assert sum(c.reps for c in store.card_infos(user)) == 120  # no lost update


def test_writing_to_a_read_only_connection_gives_a_clear_error(
    db_path: Path, engine: Engine
) -> None:
    """SQLite's read-only files (a file opened with mode=ro)."""
    Store(engine).user_id("ann")
    read_only = Store(make_engine(f"sqlite:///file:{db_path}?mode=ro&uri=true"))
    user = read_only.user_id("ann")  # reading works
    with pytest.raises(OperationalError) as caught:
        read_only.record_review(user, answer("q", Rating.GOOD, T0), SCHEDULER)
    error = translate(caught.value, str(db_path))
    assert isinstance(error, ReadOnlyDatabaseError) and error.exit_code == 4
    assert "read-only" in str(error)
    read_only.close()


def test_exercise_submissions_round_trip(store: Store) -> None:
    ann, ben = store.user_id("ann"), store.user_id("ben")
    first = Submission("ex.conv2d", "fail", {"failed": ["test_shape"], "note": "形状"}, 812, T0)
    second = Submission("ex.conv2d", "pass", None, 640, T0 + timedelta(minutes=5))
    store.record_submission(ann, first)
    store.record_submission(ann, second)
    store.record_submission(ben, Submission("ex.rnn", "pass", {}, 1, T0))
    assert store.submissions(ann) == [first, second]
    assert store.submissions(ann, "ex.rnn") == []
    assert [s.exercise_id for s in store.submissions(ben)] == ["ex.rnn"]

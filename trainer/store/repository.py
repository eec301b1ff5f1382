"""Per-user queries and the one write that matters: recording a review.

Every method opens its own short unit of work (never a session shared across calls or threads)
and returns plain dataclasses, so callers never touch lazy-loading ORM objects after the session
is gone. Writes begin with BEGIN IMMEDIATE on SQLite (and lock the card row on PostgreSQL), so two
processes answering at once queue up for the write lock instead of losing an update.

A class server may restart while a learner studies: a pooled connection found dead is replaced
(`pool_pre_ping`), and a review whose connection fails before its COMMIT is sent (the server
still starting up, a connection cut mid-transaction) is recorded again after a pause, for a
while (`RETRY_PAUSES_S`). Then the error goes up, and the study session keeps the answer to save.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Engine, Executable, case, false, func, select, true
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session

from trainer.scheduling import CardInfo, CardState, Rating, ReviewEvent, Scheduler, State
from trainer.store.engine import WRITE, make_sessionmaker
from trainer.store.models import Card, ExerciseSubmission, ReviewLog, User
from trainer.store.tally import count_review

# The card and review log tables as SQLAlchemy Core sees them: the counting queries below read
# plain rows through a connection, without an ORM session (a third of their time went to it).
CARD = Card.__table__.c
REVIEW = ReviewLog.__table__.c
USER = User.__table__.c

# Pauses before recording a review again when its connection failed before COMMIT (a server
# restarting): about 15 s in all, enough for a restart, short enough to say so when it is down.
RETRY_PAUSES_S = (0.2, 0.5, 1.0, 2.0, 4.0, 8.0)


class _NotSent(Exception):
    """The connection failed before the COMMIT was sent: nothing was written, a retry is safe."""

    def __init__(self, error: OperationalError) -> None:
        super().__init__(str(error))
        self.error = error


@dataclass(frozen=True)
class ReviewOutcome:
    """What recording a review did: the card's new state, the log row, and leech news."""

    card: CardState
    review_id: int
    became_leech: bool
    undo: UndoToken | None = None  # what `trainer.store.cards.undo_review` needs to take it back


@dataclass(frozen=True)
class StoredReview:
    """One review log row, as plain data."""

    id: int
    card_id: int
    rating: Rating
    answer: str
    correct: bool
    seed: int
    duration_ms: int | None
    reviewed_at: datetime

    def event(self) -> ReviewEvent:
        return ReviewEvent(self.rating, self.reviewed_at, self.duration_ms)


@dataclass(frozen=True)
class Answer:
    """One answered question, ready to be recorded."""

    question_id: str
    rating: Rating
    text: str  # exactly what the learner typed
    correct: bool
    seed: int  # the variant that was shown
    duration_ms: int | None
    reviewed_at: datetime
    overridden: bool = False  # the learner overruled a "wrong" verdict ("I was right")


@dataclass(frozen=True)
class UndoToken:
    """A recorded review and the card as it was before it: enough to make it never have been."""

    review_id: int
    card_id: int
    before: CardState
    suspended: bool  # before the review (it may have made the card a leech)
    first_review: datetime | None
    # What the review added to the tallies (see `trainer.store.tally.count_review`).
    reviewed_at: datetime
    correct: bool
    rating: int
    elapsed_days: int | None
    predicted_recall: float | None


@dataclass(frozen=True)
class Submission:
    """One graded submission of a code exercise."""

    exercise_id: str
    verdict: str
    details: dict[str, Any] | None
    duration_ms: int | None
    submitted_at: datetime


@dataclass(frozen=True)
class TopicCounts:
    """Per topic: cards due now, questions never studied, and suspended leeches."""

    due: int = 0
    new: int = 0
    leeches: int = 0


def card_state(card: Card) -> CardState:
    return CardState(
        card_id=card.id,
        state=State(card.state),
        step=card.step,
        stability=card.stability,
        difficulty=card.difficulty,
        due=card.due,
        last_review=card.last_review,
        reps=card.reps,
        lapses=card.lapses,
    )


def _stored(row: ReviewLog) -> StoredReview:
    return StoredReview(
        row.id,
        row.card_id,
        Rating(row.rating),
        row.answer,
        row.correct,
        row.seed,
        row.duration_ms,
        row.reviewed_at,
    )


def elapsed_days(previous: datetime | None, now: datetime) -> int | None:
    """UTC calendar days from the card's previous review to this one; None for a first review,
    never negative (a clock set back counts as the same day)."""
    if previous is None:
        return None
    return max(0, (now.astimezone(UTC).date() - previous.astimezone(UTC).date()).days)


def locked_card(session: Session, user_id: int, question_id: str) -> Card:
    """The user's card for `question_id`, locked for the write; created (new) when missing."""
    card = session.scalar(
        select(Card)
        .where(Card.user_id == user_id, Card.question_id == question_id)
        .with_for_update()
    )
    if card is None:
        card = Card(
            user_id=user_id,
            question_id=question_id,
            state=int(State.LEARNING),
            step=0,
            reps=0,
            lapses=0,
            suspended=False,
        )
        session.add(card)
        session.flush()
    return card


def apply_state(card: Card, state: CardState) -> None:
    card.state = int(state.state)
    card.step = state.step
    card.stability = state.stability
    card.difficulty = state.difficulty
    card.due = state.due
    card.last_review = state.last_review
    card.reps = state.reps
    card.lapses = state.lapses


class Store:
    """The progress store of one database; cheap to keep for the life of the app."""

    def __init__(self, engine: Engine, *, retry_pauses_s: Sequence[float] | None = None) -> None:
        self.engine = engine
        self.sessions = make_sessionmaker(engine)
        pauses = RETRY_PAUSES_S if retry_pauses_s is None else retry_pauses_s
        # SQLite waits for its lock itself (busy timeout); only a server is worth waiting for.
        self.retry_pauses_s = () if engine.dialect.name == "sqlite" else tuple(pauses)
        self.sleep: Callable[[float], None] = time.sleep

    def close(self) -> None:
        self.engine.dispose()

    @contextmanager
    def reading(self) -> Iterator[Session]:
        with self.sessions() as session:
            yield session

    def rows(self, query: Executable) -> list[Any]:
        """The rows (tuples) of a read-only Core query, on a connection of its own."""
        with self.engine.connect() as connection:
            return list(connection.execute(query).all())

    @contextmanager
    def writing(self) -> Iterator[Session]:
        """A unit of work that commits on success; takes the write lock first on SQLite."""
        with self.sessions.begin() as session:
            session.connection(execution_options={WRITE: True})
            yield session

    # -- users -------------------------------------------------------------------------------

    def user_id(self, name: str, *, now: datetime | None = None) -> int:
        """The id of user `name`, created on first use."""
        for (known,) in self.rows(select(USER.id).where(USER.name == name)):
            return int(known)
        try:
            with self.writing() as session:
                found = session.scalar(select(User.id).where(User.name == name))
                if found is not None:
                    return found
                user = User(name=name, created_at=now or datetime.now(UTC))
                session.add(user)
                session.flush()
                return user.id
        except IntegrityError:  # created meanwhile by another process (PostgreSQL)
            with self.reading() as session:
                return session.execute(select(User.id).where(User.name == name)).scalar_one()

    # -- cards -------------------------------------------------------------------------------

    def card_infos(
        self, user_id: int, *, due_by: datetime | None = None, now: datetime | None = None
    ) -> list[CardInfo]:
        """Every card of the user, as the queue needs them (buried at `now` counts as suspended).

        With `due_by`, only due dates up to that instant are read (later ones come back as None,
        which the queue treats alike): converting thousands of future dates is most of the cost.
        """
        mine = Card.user_id == user_id
        # Buried cards sit out like suspended ones until their day is over.
        now = now or datetime.now(UTC)
        held = case((Card.buried_until > now, true()), else_=Card.suspended)
        with self.reading() as session:
            if due_by is None:
                query = select(Card.question_id, Card.due, Card.reps, held).where(mine)
                return [CardInfo(*row) for row in session.execute(query)]
            query_due = select(Card.question_id, Card.due).where(mine, Card.due <= due_by)
            due = {question_id: when for question_id, when in session.execute(query_due)}
            rest = session.execute(select(Card.question_id, Card.reps, held).where(mine))
            return [CardInfo(q, due.get(q), reps, bool(out)) for q, reps, out in rest]

    def card_state(self, user_id: int, question_id: str) -> CardState | None:
        with self.reading() as session:
            card = session.scalar(
                select(Card).where(Card.user_id == user_id, Card.question_id == question_id)
            )
            return None if card is None else card_state(card)

    def new_cards_since(self, user_id: int, since: datetime) -> int:
        """How many cards had their first review at or after `since` (the daily new limit)."""
        query = select(func.count()).where(CARD.user_id == user_id, CARD.first_review >= since)
        return int(self.rows(query)[0][0])

    def reviews_since(self, user_id: int, since: datetime) -> int:
        """How many cards first studied before `since` were reviewed since (the daily review
        limit counts cards, as Anki's does, not answers)."""
        query = (
            select(func.count(func.distinct(REVIEW.card_id)))
            .select_from(ReviewLog.__table__.join(Card.__table__, CARD.id == REVIEW.card_id))
            .where(CARD.user_id == user_id, REVIEW.reviewed_at >= since, CARD.first_review < since)
        )
        return int(self.rows(query)[0][0])

    def next_due(self, user_id: int) -> datetime | None:
        """When the next studied, unsuspended card falls due."""
        query = select(func.min(CARD.due)).where(
            CARD.user_id == user_id, CARD.reps > 0, CARD.suspended.is_(False)
        )
        value: datetime | None = self.rows(query)[0][0]
        return value

    def due_counts(
        self, user_id: int, topics: Mapping[str, str], now: datetime
    ) -> dict[str, TopicCounts]:
        """Due, new and leech counts per topic; `topics` maps each bank question id to its topic."""
        due: dict[str, int] = {}
        new: dict[str, int] = dict.fromkeys(topics.values(), 0)
        leeches: dict[str, int] = {}
        for question_id in topics:
            new[topics[question_id]] += 1
        # Compared in SQL (no parsing of dates); a buried card is not due until its day is over.
        is_due = case((CARD.buried_until > now, false()), (CARD.due <= now, true()), else_=false())
        query = select(CARD.question_id, CARD.suspended, is_due).where(
            CARD.user_id == user_id, CARD.reps > 0
        )
        rows = self.rows(query)
        for question_id, suspended, due_now in rows:
            topic = topics.get(question_id)
            if topic is None:
                continue
            new[topic] -= 1
            if suspended:
                leeches[topic] = leeches.get(topic, 0) + 1
            elif due_now:
                due[topic] = due.get(topic, 0) + 1
        return {
            topic: TopicCounts(due.get(topic, 0), new[topic], leeches.get(topic, 0))
            for topic in sorted(new)
        }

    # -- reviews -----------------------------------------------------------------------------

    def record_review(self, user_id: int, answer: Answer, scheduler: Scheduler) -> ReviewOutcome:
        """Schedule the card and append the log row in one transaction, committed on return.

        A connection that fails before the COMMIT (see the module docstring) is retried after
        each of `retry_pauses_s`; then its `OperationalError` is raised, nothing recorded."""
        for pause in (*self.retry_pauses_s, None):
            try:
                return self._record_once(user_id, answer, scheduler)
            except _NotSent as failed:
                if pause is None:
                    raise failed.error from None
                self.sleep(pause)
        raise AssertionError("unreachable")  # the last round returns or raises

    def _record_once(self, user_id: int, answer: Answer, scheduler: Scheduler) -> ReviewOutcome:
        try:
            return self._record(user_id, answer, scheduler)
        except IntegrityError:
            # PostgreSQL only: another session created the same card between our SELECT and
            # INSERT. The card exists now, so one retry sees it. (SQLite's write lock rules it out.)
            return self._record(user_id, answer, scheduler)

    def _record(self, user_id: int, answer: Answer, scheduler: Scheduler) -> ReviewOutcome:
        committing = False
        try:
            with self.writing() as session:
                outcome = self._write_review(session, user_id, answer, scheduler)
                committing = True  # leaving the block sends the COMMIT
        except OperationalError as exc:
            if committing:  # it may have been written: recording it again could count it twice
                raise
            raise _NotSent(exc) from exc  # rolled back (or never begun): nothing was written
        return outcome

    def _write_review(
        self, session: Session, user_id: int, answer: Answer, scheduler: Scheduler
    ) -> ReviewOutcome:
        card = locked_card(session, user_id, answer.question_id)
        before = card_state(card)
        suspended_before, first_review_before = card.suspended, card.first_review
        after = scheduler.review(before, answer.rating, answer.reviewed_at)
        apply_state(card, after)
        if card.first_review is None:
            card.first_review = after.last_review
        threshold = scheduler.config.leech_threshold
        became_leech = before.lapses < threshold <= after.lapses
        if became_leech:
            card.suspended = True
        days = elapsed_days(before.last_review, answer.reviewed_at)
        predicted = None if before.is_new else scheduler.retrievability(before, answer.reviewed_at)
        log = ReviewLog(
            card_id=card.id,
            rating=int(answer.rating),
            answer=answer.text,
            correct=answer.correct,
            seed=answer.seed,
            duration_ms=answer.duration_ms,
            reviewed_at=after.last_review,
            elapsed_days=days,
            predicted_recall=predicted,
            overridden=answer.overridden,
        )
        session.add(log)
        session.flush()
        count_review(
            session,
            user_id,
            log.reviewed_at,
            correct=answer.correct,
            rating=int(answer.rating),
            elapsed_days=days,
            predicted_recall=predicted,
        )
        token = UndoToken(
            review_id=log.id,
            card_id=card.id,
            before=before,
            suspended=suspended_before,
            first_review=first_review_before,
            reviewed_at=log.reviewed_at,
            correct=answer.correct,
            rating=int(answer.rating),
            elapsed_days=days,
            predicted_recall=predicted,
        )
        return ReviewOutcome(after, log.id, became_leech, token)

    def reviews(self, card_id: int) -> list[StoredReview]:
        """A card's review log, oldest first."""
        query = select(ReviewLog).where(ReviewLog.card_id == card_id).order_by(ReviewLog.id)
        with self.reading() as session:
            return [_stored(row) for row in session.scalars(query)]

    def user_reviews(self, user_id: int) -> list[tuple[str, StoredReview]]:
        """All of a user's reviews as (question id, review), in the order they were recorded."""
        query = (
            select(Card.question_id, ReviewLog)
            .join(ReviewLog, ReviewLog.card_id == Card.id)
            .where(Card.user_id == user_id)
            .order_by(ReviewLog.id)
        )
        with self.reading() as session:
            return [(question_id, _stored(row)) for question_id, row in session.execute(query)]

    # -- exercise submissions ------------------------------------------------------------------

    def record_submission(self, user_id: int, submission: Submission) -> int:
        """Append a grader verdict; returns its row id."""
        with self.writing() as session:
            row = ExerciseSubmission(
                user_id=user_id,
                exercise_id=submission.exercise_id,
                verdict=submission.verdict,
                details=submission.details,
                duration_ms=submission.duration_ms,
                submitted_at=submission.submitted_at,
            )
            session.add(row)
            session.flush()
            return row.id

    def submissions(self, user_id: int, exercise_id: str | None = None) -> list[Submission]:
        """A user's submissions (of one exercise, if given), oldest first."""
        query = select(ExerciseSubmission).where(ExerciseSubmission.user_id == user_id)
        if exercise_id is not None:
            query = query.where(ExerciseSubmission.exercise_id == exercise_id)
        with self.reading() as session:
            return [
                Submission(r.exercise_id, r.verdict, r.details, r.duration_ms, r.submitted_at)
                for r in session.scalars(query.order_by(ExerciseSubmission.id))
            ]

"""What a learner does to a card besides answering it: bury, suspend, flag, reset, undo, browse.

As Anki: a buried card sits out until the next study day, a suspended one until it is
unsuspended (leeches are suspended by the scheduler), a flag marks a question the learner thinks
is wrong (with a note for the author). A card that was never answered gets a row (reps = 0, still
new) when one of these is done to it. Undo takes back a review recorded in the current session:
the card returns to its exact earlier state, the log row and its tallies go away.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError

from trainer.scheduling import CardState
from trainer.store.models import Card, ReviewLog
from trainer.store.repository import Store, UndoToken, apply_state, card_state, locked_card
from trainer.store.tally import uncount_review


class UndoError(Exception):
    """The review cannot be taken back (already undone, or a later review of the card exists)."""


@dataclass(frozen=True)
class CardRecord:
    """A stored card with everything the card browser shows."""

    card_id: int
    question_id: str
    state: CardState
    suspended: bool
    buried_until: datetime | None
    flagged_at: datetime | None
    flag_note: str | None

    @property
    def is_new(self) -> bool:
        return self.state.is_new

    def buried(self, now: datetime) -> bool:
        return self.buried_until is not None and self.buried_until > now


def _record(card: Card) -> CardRecord:
    return CardRecord(
        card.id,
        card.question_id,
        card_state(card),
        card.suspended,
        card.buried_until,
        card.flagged_at,
        card.flag_note,
    )


def _change(store: Store, user_id: int, question_id: str, **values: object) -> CardRecord:
    """Set columns of the user's card for `question_id` (created, still new, if missing)."""
    try:
        with store.writing() as session:
            card = locked_card(session, user_id, question_id)
            for name, value in values.items():
                setattr(card, name, value)
            session.flush()
            return _record(card)
    except IntegrityError:  # PostgreSQL: created meanwhile by another session; it exists now
        return _change(store, user_id, question_id, **values)


def ensure_card(store: Store, user_id: int, question_id: str) -> int:
    """The id of the user's card for `question_id`, created (new, reps = 0) if missing: the
    scheduler's fuzz is seeded by the card id, so a preview needs the id the review will use."""
    with store.reading() as session:
        found = session.scalar(
            select(Card.id).where(Card.user_id == user_id, Card.question_id == question_id)
        )
    if found is not None:
        return found
    return _change(store, user_id, question_id).card_id


def bury(store: Store, user_id: int, question_id: str, until: datetime) -> CardRecord:
    return _change(store, user_id, question_id, buried_until=until)


def unbury(store: Store, user_id: int, question_id: str) -> CardRecord:
    return _change(store, user_id, question_id, buried_until=None)


def suspend(store: Store, user_id: int, question_id: str) -> CardRecord:
    return _change(store, user_id, question_id, suspended=True)


def unsuspend(store: Store, user_id: int, question_id: str) -> CardRecord:
    return _change(store, user_id, question_id, suspended=False)


def flag(
    store: Store, user_id: int, question_id: str, at: datetime, note: str | None = None
) -> CardRecord:
    return _change(store, user_id, question_id, flagged_at=at, flag_note=note or None)


def unflag(store: Store, user_id: int, question_id: str) -> CardRecord:
    return _change(store, user_id, question_id, flagged_at=None, flag_note=None)


def reset(store: Store, user_id: int, question_id: str) -> CardRecord:
    """Forget the card (as Anki's "Reset"): new again, its reviews kept in the log."""
    fresh = CardState(card_id=0)
    return _change(
        store,
        user_id,
        question_id,
        state=int(fresh.state),
        step=fresh.step,
        stability=None,
        difficulty=None,
        due=None,
        last_review=None,
        first_review=None,
        reps=0,
        lapses=0,
        suspended=False,
        buried_until=None,
    )


def undo_review(store: Store, user_id: int, token: UndoToken) -> CardState:
    """Take back the review `token` stands for: delete its log row and what it added to the
    tallies, and give the card back its state from before. Only the card's latest review can
    be undone (undo in the order reviews were made). Raises `UndoError` otherwise."""
    with store.writing() as session:
        card = session.scalar(
            select(Card).where(Card.id == token.card_id, Card.user_id == user_id).with_for_update()
        )
        latest = session.scalar(
            select(func.max(ReviewLog.id)).where(ReviewLog.card_id == token.card_id)
        )
        if card is None or latest != token.review_id:
            raise UndoError(f"review {token.review_id} is not the latest of its card")
        session.execute(delete(ReviewLog).where(ReviewLog.id == token.review_id))
        apply_state(card, token.before)
        card.suspended = token.suspended
        card.first_review = token.first_review
        uncount_review(
            session,
            user_id,
            token.reviewed_at,
            correct=token.correct,
            rating=token.rating,
            elapsed_days=token.elapsed_days,
            predicted_recall=token.predicted_recall,
        )
        return token.before


def card_records(store: Store, user_id: int) -> list[CardRecord]:
    """Every stored card of the user (never-answered questions without a row are not here)."""
    with store.reading() as session:
        query = select(Card).where(Card.user_id == user_id).order_by(Card.question_id)
        return [_record(card) for card in session.scalars(query)]


def card_record(store: Store, user_id: int, question_id: str) -> CardRecord | None:
    query = select(Card).where(Card.user_id == user_id, Card.question_id == question_id)
    with store.reading() as session:
        card = session.scalar(query)
        return None if card is None else _record(card)


def flagged_count(store: Store, user_id: int) -> int:
    query = select(func.count()).where(Card.user_id == user_id, Card.flagged_at.is_not(None))
    with store.reading() as session:
        return session.execute(query).scalar_one()

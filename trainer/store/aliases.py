"""A learner's cards under a merged question's former ids follow the question it was merged into.

When the bank merges duplicate questions, the one kept lists the others' ids as `aliases`, and a
learner may have cards, with their reviews, flags and burials, under any of those ids.
`follow_aliases` moves them to the surviving id in one transaction: a card under an alias alone
is renamed; where the learner has cards under several ids of one question, one card row stays
and takes the memory state of the card reviewed last, and every review of every one of them moves
onto it, so the history stays whole; only the redundant card rows go. Per learner, so that it
works for a learner of a class too (row-level security lets them change only their own rows).
Running it again finds nothing to do.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from datetime import datetime

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from trainer.store.models import Card, ReviewLog
from trainer.store.repository import Store

# What a card's memory and queue state is: taken whole from the card reviewed last.
STATE_COLUMNS = (
    "state",
    "step",
    "stability",
    "difficulty",
    "due",
    "last_review",
    "reps",
    "lapses",
    "suspended",
    "buried_until",
)


def follow_aliases(store: Store, user_id: int, aliases: Mapping[str, str]) -> int:
    """Move the user's cards under alias ids (alias -> surviving id) to their survivors; returns
    how many alias cards there were. Nothing is written when there are none (the usual case, and
    a read-only database stays usable)."""
    if not aliases:
        return 0
    columns = Card.__table__.c  # Core: a start-up with nothing to move configures no ORM mapper
    under_alias = select(columns.id).where(
        columns.user_id == user_id, columns.question_id.in_(sorted(aliases))
    )
    if not store.rows(under_alias.limit(1)):
        return 0
    ids = sorted(set(aliases) | set(aliases.values()))
    with store.writing() as session:
        cards = session.scalars(
            select(Card)
            .where(Card.user_id == user_id, Card.question_id.in_(ids))
            .order_by(Card.id)
            .with_for_update()
        ).all()
        groups: dict[str, list[Card]] = defaultdict(list)
        for card in cards:
            groups[aliases.get(card.question_id, card.question_id)].append(card)
        moved = 0
        for survivor, group in groups.items():
            strays = [card for card in group if card.question_id != survivor]
            if strays:
                _merge(session, survivor, group)
                moved += len(strays)
        return moved


def follow_aliases_for_all(store: Store, aliases: Mapping[str, str]) -> int:
    """`follow_aliases` for every user holding a card under an alias (the instructor's class
    report, which reads every learner, some of whom may not have opened the app since)."""
    if not aliases:
        return 0
    columns = Card.__table__.c
    holders = select(columns.user_id).where(columns.question_id.in_(sorted(aliases))).distinct()
    return sum(follow_aliases(store, user_id, aliases) for (user_id,) in store.rows(holders))


def _latest(group: Sequence[Card]) -> Card:
    reviewed = [card for card in group if card.last_review is not None]
    if not reviewed:
        return group[0]
    return max(reviewed, key=lambda card: card.last_review or datetime.min)


def _merge(session: Session, survivor: str, group: Sequence[Card]) -> None:
    """One card under `survivor` for the whole group: the survivor's own row if it has one."""
    keeper = next((card for card in group if card.question_id == survivor), None)
    latest = _latest(group)
    keeper = keeper or latest
    others = [card for card in group if card is not keeper]
    if latest is not keeper:
        for column in STATE_COLUMNS:
            setattr(keeper, column, getattr(latest, column))
    firsts = [card.first_review for card in group if card.first_review is not None]
    keeper.first_review = min(firsts) if firsts else None
    if keeper.flagged_at is None:
        flagged = [card for card in others if card.flagged_at is not None]
        if flagged:
            newest = max(flagged, key=lambda card: card.flagged_at or datetime.min)
            keeper.flagged_at, keeper.flag_note = newest.flagged_at, newest.flag_note
    other_ids = [card.id for card in others]
    session.execute(
        update(ReviewLog).where(ReviewLog.card_id.in_(other_ids)).values(card_id=keeper.id)
    )
    for card in others:
        session.expunge(card)
    session.execute(delete(Card).where(Card.id.in_(other_ids)))
    keeper.question_id = survivor
    session.flush()

"""Questions the learner flagged as possibly wrong (with their notes), for the report.

`trainer cards list --state flagged` lists them with everything else about their cards; the
report counts them and names them, so an author reading a learner's report sees them too.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from trainer.store.repository import Store


@dataclass(frozen=True)
class FlaggedQuestion:
    question_id: str
    flagged_at: datetime
    note: str | None

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.question_id,
            "flagged_at": self.flagged_at.isoformat(),
            "note": self.note,
        }


def load_flagged(store: Store, user_id: int) -> list[FlaggedQuestion]:
    """The user's flagged questions, oldest flag first."""
    from sqlalchemy import select

    from trainer.store.models import Card

    query = (
        select(Card.question_id, Card.flagged_at, Card.flag_note)
        .where(Card.user_id == user_id, Card.flagged_at.is_not(None))
        .order_by(Card.flagged_at, Card.question_id)
    )
    with store.reading() as session:
        rows = session.execute(query).all()
    return [FlaggedQuestion(qid, at, note) for qid, at, note in rows if at is not None]


def flagged_line(flagged: list[FlaggedQuestion], lang: str = "en") -> str | None:
    """One summary line naming the flagged questions, in `lang` (None when there are none)."""
    from trainer.reports.words import word

    if not flagged:
        return None
    names = ", ".join(f"{f.question_id} ({f.note})" if f.note else f.question_id for f in flagged)
    return word(lang, "flagged", n=len(flagged), names=names)

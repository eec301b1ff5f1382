"""Counting a review into its user's quarter-hour tally: one upsert, as each dialect spells it."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy.orm import Session

from trainer.store.models_reports import ReviewTally

QUARTER_MINUTES = 15


def quarter_start(moment: datetime) -> datetime:
    """The UTC quarter hour (:00, :15, :30, :45) that `moment` falls in."""
    utc = moment.astimezone(UTC)
    return utc.replace(minute=utc.minute - utc.minute % QUARTER_MINUTES, second=0, microsecond=0)


def count_review(
    session: Session, user_id: int, at: datetime, *, correct: bool, interday: bool, passed: bool
) -> None:
    """Add one review to the tally of its quarter hour: always to `reviews`, and to the other
    counts when it was correct, interday, and an interday review not rated Again."""
    if session.get_bind().dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:  # SQLite: the same ON CONFLICT DO UPDATE clause (3.24+)
        from sqlalchemy.dialects.sqlite import insert  # type: ignore[assignment]
    counts = {
        "reviews": 1,
        "correct": int(correct),
        "interday": int(interday),
        "interday_passed": int(interday and passed),
    }
    statement = insert(ReviewTally).values(user_id=user_id, starts_at=quarter_start(at), **counts)
    session.execute(
        statement.on_conflict_do_update(
            index_elements=[ReviewTally.user_id, ReviewTally.starts_at],
            set_={name: getattr(ReviewTally, name) + n for name, n in counts.items()},
        )
    )

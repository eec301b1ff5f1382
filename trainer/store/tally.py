"""Counting a review into its user's tallies: upserts, as each dialect spells them."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy.orm import Session

from trainer.store.models_reports import RecallTally, ReviewTally

QUARTER_MINUTES = 15
RECALL_BANDS = 10


def quarter_start(moment: datetime) -> datetime:
    """The UTC quarter hour (:00, :15, :30, :45) that `moment` falls in."""
    utc = moment.astimezone(UTC)
    return utc.replace(minute=utc.minute - utc.minute % QUARTER_MINUTES, second=0, microsecond=0)


def _insert(session: Session) -> Any:
    if session.get_bind().dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:  # SQLite: the same ON CONFLICT DO UPDATE clause (3.24+)
        from sqlalchemy.dialects.sqlite import insert  # type: ignore[assignment]
    return insert


def _add(session: Session, table: Any, key: dict[str, Any], counts: dict[str, Any]) -> None:
    """Insert the row `key` with `counts`, or add `counts` to the row already there."""
    statement = _insert(session)(table).values(**key, **counts)
    session.execute(
        statement.on_conflict_do_update(
            index_elements=[getattr(table, name) for name in key],
            set_={name: getattr(table, name) + n for name, n in counts.items()},
        )
    )


def recall_band(recall: float) -> int:
    """The tenth that a predicted recall falls in: 0 for [0, 0.1) ... 9 for [0.9, 1]."""
    return min(int(recall * RECALL_BANDS), RECALL_BANDS - 1)


def is_interday(elapsed_days: int | None) -> bool:
    """The card's previous review was on an earlier UTC day (what true retention is measured on)."""
    return elapsed_days is not None and elapsed_days > 0


def _counts(
    correct: bool, rating: int, elapsed_days: int | None, predicted_recall: float | None
) -> tuple[dict[str, int], tuple[int, dict[str, float]] | None]:
    """What one review adds to its quarter-hour tally, and which recall band it adds what to
    (None unless it is interday and was predicted). Passed means not rated Again (1)."""
    interday = is_interday(elapsed_days)
    passed = rating > 1
    quarter = {
        "reviews": 1,
        "correct": int(correct),
        "interday": int(interday),
        "interday_passed": int(interday and passed),
    }
    if not interday or predicted_recall is None:
        return quarter, None
    band = {"reviews": 1, "passed": int(passed), "predicted": predicted_recall}
    return quarter, (recall_band(predicted_recall), band)


def count_review(
    session: Session,
    user_id: int,
    at: datetime,
    *,
    correct: bool,
    rating: int,
    elapsed_days: int | None,
    predicted_recall: float | None,
) -> None:
    """Add one review to the tally of its quarter hour and, when interday with a prediction, to
    the tally of its band of predicted recall."""
    quarter, band = _counts(correct, rating, elapsed_days, predicted_recall)
    _add(session, ReviewTally, {"user_id": user_id, "starts_at": quarter_start(at)}, quarter)
    if band is not None:
        index, counts = band
        _add(session, RecallTally, {"user_id": user_id, "band": index}, counts)


def recount(session: Session) -> tuple[int, int, int]:
    """Rebuild every user's tallies from the review log, the source of truth (for a database
    whose log was edited or imported by hand). Counts with the same function as recording.

    Returns (reviews read, quarter-hour rows, recall-band rows)."""
    from collections import Counter

    from sqlalchemy import delete, select

    from trainer.store.models import Card, ReviewLog

    quarters: dict[tuple[int, datetime], Counter[str]] = {}
    bands: dict[tuple[int, int], Counter[str]] = {}
    rows = session.execute(
        select(
            Card.user_id,
            ReviewLog.reviewed_at,
            ReviewLog.correct,
            ReviewLog.rating,
            ReviewLog.elapsed_days,
            ReviewLog.predicted_recall,
        )
        .join(Card, Card.id == ReviewLog.card_id)
        .execution_options(yield_per=10_000)
    )
    reviews = 0
    for user_id, at, correct, rating, days, recall in rows:
        reviews += 1
        quarter, band = _counts(correct, rating, days, recall)
        quarters.setdefault((user_id, quarter_start(at)), Counter()).update(quarter)
        if band is not None:
            index, counts = band
            bands.setdefault((user_id, index), Counter()).update(counts)
    session.execute(delete(ReviewTally))
    session.execute(delete(RecallTally))
    session.add_all(
        ReviewTally(user_id=user, starts_at=start, **counts)
        for (user, start), counts in quarters.items()
    )
    session.add_all(
        RecallTally(user_id=user, band=band, **counts) for (user, band), counts in bands.items()
    )
    return reviews, len(quarters), len(bands)


def uncount_review(
    session: Session,
    user_id: int,
    at: datetime,
    *,
    correct: bool,
    rating: int,
    elapsed_days: int | None,
    predicted_recall: float | None,
) -> None:
    """Take back what `count_review` added for the same review (an undo); a tally row left with
    no reviews is deleted, so undoing a review leaves the tallies as if it never happened."""
    from sqlalchemy import delete

    quarter, band = _counts(correct, rating, elapsed_days, predicted_recall)
    _subtract(session, ReviewTally, {"user_id": user_id, "starts_at": quarter_start(at)}, quarter)
    if band is not None:
        index, counts = band
        _subtract(session, RecallTally, {"user_id": user_id, "band": index}, counts)
    for table in (ReviewTally, RecallTally):
        session.execute(delete(table).where(table.user_id == user_id, table.reviews <= 0))


def _subtract(session: Session, table: Any, key: dict[str, Any], counts: dict[str, Any]) -> None:
    from sqlalchemy import update

    where = [getattr(table, name) == value for name, value in key.items()]
    session.execute(
        update(table)
        .where(*where)
        .values({name: getattr(table, name) - n for name, n in counts.items()})
    )

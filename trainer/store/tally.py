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


def count_review(
    session: Session,
    user_id: int,
    at: datetime,
    *,
    correct: bool,
    interday: bool,
    passed: bool,
    predicted_recall: float | None,
) -> None:
    """Add one review to the tally of its quarter hour (always to `reviews`; to the others when
    it was correct, interday, and an interday review not rated Again), and an interday review
    with a prediction to the tally of its band of predicted recall."""
    _add(
        session,
        ReviewTally,
        {"user_id": user_id, "starts_at": quarter_start(at)},
        {
            "reviews": 1,
            "correct": int(correct),
            "interday": int(interday),
            "interday_passed": int(interday and passed),
        },
    )
    if interday and predicted_recall is not None:
        _add(
            session,
            RecallTally,
            {"user_id": user_id, "band": recall_band(predicted_recall)},
            {"reviews": 1, "passed": int(passed), "predicted": predicted_recall},
        )


def recount(session: Session) -> tuple[int, int, int]:
    """Rebuild every user's tallies from the review log, the source of truth (for a database
    whose log was edited or imported by hand). Counts with the same functions as recording.

    Returns (reviews read, quarter-hour rows, recall-band rows)."""
    from sqlalchemy import delete, select

    from trainer.store.models import Card, ReviewLog

    quarters: dict[tuple[int, datetime], list[int]] = {}
    bands: dict[tuple[int, int], list[float]] = {}
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
        interday = days is not None and days > 0
        passed = rating > 1  # not Again
        cell = quarters.setdefault((user_id, quarter_start(at)), [0, 0, 0, 0])
        cell[0] += 1
        cell[1] += int(correct)
        cell[2] += int(interday)
        cell[3] += int(interday and passed)
        if interday and recall is not None:
            band = bands.setdefault((user_id, recall_band(recall)), [0, 0, 0.0])
            band[0] += 1
            band[1] += int(passed)
            band[2] += recall
    session.execute(delete(ReviewTally))
    session.execute(delete(RecallTally))
    session.add_all(
        ReviewTally(
            user_id=user, starts_at=start, reviews=n, correct=k, interday=i, interday_passed=p
        )
        for (user, start), (n, k, i, p) in quarters.items()
    )
    session.add_all(
        RecallTally(user_id=user, band=band, reviews=int(n), passed=int(k), predicted=total)
        for (user, band), (n, k, total) in bands.items()
    )
    return reviews, len(quarters), len(bands)

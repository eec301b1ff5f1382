"""Storing check runs as `ExerciseSubmission` rows (the store has no repository call for them yet).

Only the command layer calls this, with a `Store` it opened; importing this module imports nothing
of the database (the store is imported inside the functions), so `trainer.grading` stays free of
it. Each submission keeps the verdict, the code hash and the timings, never the captured output.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from trainer.grading.verdict import Verdict

if TYPE_CHECKING:
    from trainer.store.repository import Store


@dataclass(frozen=True)
class StoredSubmission:
    id: int
    exercise_id: str
    verdict: str
    details: dict[str, Any]
    duration_ms: int | None
    submitted_at: datetime


def submission_fields(verdict: Verdict, now: datetime | None = None) -> dict[str, Any]:
    """The column values of one submission (plain data; no database needed)."""
    return {
        "exercise_id": verdict.exercise,
        "verdict": str(verdict.status),
        "details": verdict.summary(),
        "duration_ms": round(verdict.timings.get("total", 0.0)),
        "submitted_at": now or datetime.now(UTC),
    }


def record_submission(
    store: Store, user_id: int, verdict: Verdict, now: datetime | None = None
) -> int:
    """Append one submission in its own unit of work; returns its id."""
    from trainer.store.models import ExerciseSubmission

    with store.writing() as session:
        row = ExerciseSubmission(user_id=user_id, **submission_fields(verdict, now))
        session.add(row)
        session.flush()
        return row.id


def record_timing(
    store: Store,
    user_id: int,
    exercise_id: str,
    timings: list[dict[str, Any]],
    now: datetime | None = None,
) -> int:
    """Append a timing sweep as a submission with verdict "timed" (the report reads it back)."""
    from trainer.store.models import ExerciseSubmission

    with store.writing() as session:
        row = ExerciseSubmission(
            user_id=user_id,
            exercise_id=exercise_id,
            verdict="timed",
            details={"kind": "timing", "timings": timings},
            duration_ms=None,
            submitted_at=now or datetime.now(UTC),
        )
        session.add(row)
        session.flush()
        return row.id


def submissions(
    store: Store, user_id: int, exercise_id: str | None = None
) -> list[StoredSubmission]:
    """A user's submissions, oldest first (optionally of one exercise)."""
    from trainer.store.models import ExerciseSubmission

    with store.reading() as session:
        query = session.query(ExerciseSubmission).filter(ExerciseSubmission.user_id == user_id)
        if exercise_id is not None:
            query = query.filter(ExerciseSubmission.exercise_id == exercise_id)
        return [
            StoredSubmission(
                row.id,
                row.exercise_id,
                row.verdict,
                dict(row.details or {}),
                row.duration_ms,
                row.submitted_at,
            )
            for row in query.order_by(ExerciseSubmission.id)
        ]

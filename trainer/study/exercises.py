"""Saving code-exercise results: a grader `Verdict` or a timing sweep as a submission row.

This joins the grader and the store, so it lives in the service layer: `trainer.grading` stays
pure (no database), and the store keeps no knowledge of verdicts. Importing this module imports
neither SQLAlchemy nor the grader's runner; each submission keeps the verdict's summary and
timings, never the captured output.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from trainer.grading.verdict import Verdict
    from trainer.store.repository import Store, Submission


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
    """Append one graded submission in its own unit of work; returns its id."""
    from trainer.store.repository import Submission

    return store.record_submission(user_id, Submission(**submission_fields(verdict, now)))


def record_timing(
    store: Store,
    user_id: int,
    exercise_id: str,
    timings: list[dict[str, Any]],
    now: datetime | None = None,
) -> int:
    """Append a timing sweep as a submission with verdict "timed" (the report reads it back)."""
    from trainer.store.repository import Submission

    submission = Submission(
        exercise_id=exercise_id,
        verdict="timed",  # `trainer.reports.gpu.TIMED`: shown by the report, never an attempt
        details={"kind": "timing", "timings": timings},
        duration_ms=None,
        submitted_at=now or datetime.now(UTC),
    )
    return store.record_submission(user_id, submission)


def submissions(store: Store, user_id: int, exercise_id: str | None = None) -> list[Submission]:
    """A user's submissions, oldest first (optionally of one exercise)."""
    return store.submissions(user_id, exercise_id)

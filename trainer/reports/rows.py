"""The plain inputs of every report: rows as the store's GROUP BY queries return them.

Nothing here knows about the database: `trainer.reports.query` fills these from a `Store`, tests
build them by hand, and the TUI's progress screen can reuse both.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any


@dataclass(frozen=True)
class QuestionMeta:
    """What the reports need of one bank question."""

    id: str
    topic: str  # slash path, e.g. deep_learning/cnn/conv
    area: str  # applied_math | machine_learning | deep_learning | dev_env
    weight: float = 1.0  # share of the exam (from the syllabus scope), before normalising


@dataclass(frozen=True)
class CardRow:
    """One studied card (reps > 0) of the user."""

    question_id: str
    state: int
    step: int | None
    stability: float | None
    difficulty: float | None
    due: datetime | None
    last_review: datetime | None
    reps: int
    lapses: int
    suspended: bool


@dataclass(frozen=True)
class DayCount:
    """Reviews on one (local) day."""

    day: date
    reviews: int
    correct: int


@dataclass(frozen=True)
class CardAccuracy:
    """Reviews of one card within a window (the last 30 days)."""

    question_id: str
    reviews: int
    correct: int


@dataclass(frozen=True)
class RetentionCount:
    """First reviews of a day on a card studied on an earlier day (Anki's "true retention");
    `recent` means within the last 30 days."""

    recent: bool
    reviews: int
    passed: int


RECALL_BANDS = 10  # tenths of predicted recall, as the store counts them (store.tally)


@dataclass(frozen=True)
class RecallBand:
    """Interday reviews whose predicted recall fell in one tenth (`band` 7: 0.7 to 0.8)."""

    band: int
    reviews: int
    passed: int
    predicted_sum: float  # the predictions added up: their mean is predicted_sum / reviews


@dataclass(frozen=True)
class SubmissionSummary:
    """One exercise's submissions, aggregated."""

    exercise_id: str
    attempts: int
    passed: int
    best_ms: int | None  # fastest passing run
    last_verdict: str
    last_at: datetime
    last_details: dict[str, Any] | None


@dataclass(frozen=True)
class ExamSummary:
    """One stored mock-exam attempt."""

    started_at: datetime
    questions: int
    answered: int
    correct: int
    score: float
    areas: dict[str, dict[str, int]]  # area -> {"questions", "correct"}

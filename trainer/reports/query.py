"""The store's side of the reports: one GROUP BY query per report part, returning plain rows.

No query reads the whole log (500k rows): reviews per day and true retention add up the counts
kept per user and quarter hour as reviews are recorded, and accuracy per card reads the last 30
days of the log through its index. Only per-card, per-day or per-group rows come back. SQLite
and PostgreSQL spell day arithmetic differently.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from sqlalchemy import ColumnElement, case, func, select

from trainer.reports import gpu
from trainer.reports.rows import (
    CardAccuracy,
    CardRow,
    DayCount,
    ExamSummary,
    QuestionMeta,
    RecallBand,
    RetentionCount,
    SubmissionSummary,
)
from trainer.store.models import Card, ExerciseSubmission, ReviewLog
from trainer.store.models_reports import ExamAttempt, RecallTally, ReviewTally
from trainer.store.records import get_setting
from trainer.store.tally import QUARTER_MINUTES, quarter_start

if TYPE_CHECKING:
    from trainer.bank.loader import Bank
    from trainer.store.repository import Store

SCOPE_WEIGHTS = {"core": 1.0, "disputed": 0.5, "optional": 0.25}
EXAM_DATE = "exam_date"


def question_metas(bank: Bank) -> list[QuestionMeta]:
    """Bank questions with exam weights: each syllabus leaf weighs by its scope, shared equally
    among its questions (a leaf with 10 questions does not count 10 times as much)."""
    per_leaf: dict[str, int] = {}
    for q in bank.questions.values():
        per_leaf[q.syllabus] = per_leaf.get(q.syllabus, 0) + 1
    metas = []
    for q in sorted(bank.questions.values(), key=lambda q: q.id):
        entry = bank.syllabus.entries.get(q.syllabus)
        scope = str(entry.scope) if entry is not None else "core"
        weight = SCOPE_WEIGHTS.get(scope, 1.0) / per_leaf[q.syllabus]
        metas.append(QuestionMeta(q.id, q.topic, str(q.area), weight))
    return metas


def _day(column: Any, dialect: str, offset_minutes: int) -> ColumnElement[Any]:
    if dialect == "sqlite":
        return func.date(column, f"{offset_minutes:+d} minutes")
    shifted = column + func.make_interval(0, 0, 0, 0, 0, offset_minutes)
    return func.date(func.timezone("UTC", shifted))


def _as_date(value: Any) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def load_cards(store: Store, user_id: int) -> list[CardRow]:
    query = select(
        Card.question_id,
        Card.state,
        Card.step,
        Card.stability,
        Card.difficulty,
        Card.due,
        Card.last_review,
        Card.reps,
        Card.lapses,
        Card.suspended,
    ).where(Card.user_id == user_id, Card.reps > 0)
    with store.reading() as session:
        return [
            CardRow(
                question_id=q,
                state=state,
                step=step,
                stability=stability,
                difficulty=difficulty,
                due=due,
                last_review=last,
                reps=reps,
                lapses=lapses,
                suspended=suspended,
            )
            for q, state, step, stability, difficulty, due, last, reps, lapses, suspended in (
                session.execute(query)
            )
        ]


def _mine(user_id: int) -> ColumnElement[bool]:
    """Reviews of the user's cards: an IN list, which SQLite runs as one scan of the log."""
    return ReviewLog.card_id.in_(select(Card.id).where(Card.user_id == user_id))


def load_days(store: Store, user_id: int, offset_minutes: int) -> list[DayCount]:
    """Reviews per local day, added up from the quarter-hour tallies (a few thousand rows a year
    at most, not the log). An offset that is not whole quarter hours (none is in use today)
    groups the log itself by local day instead."""
    dialect = store.engine.dialect.name
    if offset_minutes % QUARTER_MINUTES:
        day = _day(ReviewLog.reviewed_at, dialect, offset_minutes).label("day")
        correct = func.sum(case((ReviewLog.correct, 1), else_=0))
        query = select(day, func.count(), correct).where(_mine(user_id))
    else:
        day = _day(ReviewTally.starts_at, dialect, offset_minutes).label("day")
        query = select(day, func.sum(ReviewTally.reviews), func.sum(ReviewTally.correct)).where(
            ReviewTally.user_id == user_id
        )
    with store.reading() as session:
        rows = session.execute(query.group_by(day).order_by(day))
        return [DayCount(_as_date(d), int(n), int(k or 0)) for d, n, k in rows]


def load_accuracy(store: Store, user_id: int, since: datetime) -> list[CardAccuracy]:
    query = (
        select(Card.question_id, func.count(), func.sum(case((ReviewLog.correct, 1), else_=0)))
        .select_from(ReviewLog)
        .join(Card, Card.id == ReviewLog.card_id)
        .where(Card.user_id == user_id, ReviewLog.reviewed_at >= since)
        .group_by(Card.question_id)
    )
    with store.reading() as session:
        return [CardAccuracy(q, n, int(k or 0)) for q, n, k in session.execute(query)]


def load_retention(store: Store, user_id: int, now: datetime) -> list[RetentionCount]:
    """Interday reviews (the card's previous review was on an earlier UTC day), passed or not,
    summed from the quarter-hour tallies; "recent" starts at the quarter hour 30 days ago."""
    recent = ReviewTally.starts_at >= quarter_start(now - timedelta(days=30))

    def recent_sum(column: Any) -> ColumnElement[Any]:
        return func.sum(case((recent, column), else_=0))

    query = select(
        func.sum(ReviewTally.interday),
        func.sum(ReviewTally.interday_passed),
        recent_sum(ReviewTally.interday),
        recent_sum(ReviewTally.interday_passed),
    ).where(ReviewTally.user_id == user_id)
    with store.reading() as session:
        total, total_passed, recent_n, recent_passed = session.execute(query).one()
    total, total_passed = int(total or 0), int(total_passed or 0)
    recent_n, recent_passed = int(recent_n or 0), int(recent_passed or 0)
    return [
        RetentionCount(recent=True, reviews=recent_n, passed=recent_passed),
        RetentionCount(recent=False, reviews=total - recent_n, passed=total_passed - recent_passed),
    ]


def load_calibration(store: Store, user_id: int) -> list[RecallBand]:
    """Interday reviews per tenth of predicted recall (counted as reviews are recorded)."""
    query = select(
        RecallTally.band, RecallTally.reviews, RecallTally.passed, RecallTally.predicted
    ).where(RecallTally.user_id == user_id)
    with store.reading() as session:
        return [RecallBand(b, n, k, p) for b, n, k, p in session.execute(query)]


def load_submissions(store: Store, user_id: int) -> list[SubmissionSummary]:
    mine = ExerciseSubmission.user_id == user_id
    passed = ExerciseSubmission.verdict == "passed"
    groups = (
        select(
            ExerciseSubmission.exercise_id,
            func.count(),
            func.sum(case((passed, 1), else_=0)),
            func.min(case((passed, ExerciseSubmission.duration_ms), else_=None)),
            func.max(ExerciseSubmission.id),
        )
        .where(mine, ExerciseSubmission.verdict != gpu.TIMED)  # timing runs are not attempts
        .group_by(ExerciseSubmission.exercise_id)
    )
    with store.reading() as session:
        summary = session.execute(groups).all()
        last_ids = [row[4] for row in summary]
        lasts = {
            row.id: row
            for row in session.execute(
                select(
                    ExerciseSubmission.id,
                    ExerciseSubmission.verdict,
                    ExerciseSubmission.submitted_at,
                    ExerciseSubmission.details,
                ).where(ExerciseSubmission.id.in_(last_ids))
            )
        }
    return [
        SubmissionSummary(
            exercise,
            attempts,
            int(npass or 0),
            None if best is None else int(best),
            lasts[last].verdict,
            lasts[last].submitted_at,
            lasts[last].details,
        )
        for exercise, attempts, npass, best, last in summary
    ]


# -- settings --------------------------------------------------------------------------------


def exam_date(store: Store, user_id: int) -> date | None:
    value = get_setting(store, user_id, EXAM_DATE)
    return None if value is None else date.fromisoformat(value)


# -- mock exams ------------------------------------------------------------------------------


def load_exams(store: Store, user_id: int, limit: int = 5) -> list[ExamSummary]:
    """The latest `limit` mock-exam attempts, newest first."""
    query = (
        select(
            ExamAttempt.started_at,
            ExamAttempt.questions,
            ExamAttempt.answered,
            ExamAttempt.correct,
            ExamAttempt.score,
            ExamAttempt.areas,
        )
        .where(ExamAttempt.user_id == user_id)
        .order_by(ExamAttempt.started_at.desc(), ExamAttempt.id.desc())
        .limit(limit)
    )
    with store.reading() as session:
        return [
            ExamSummary(
                started_at=r.started_at,
                questions=r.questions,
                answered=r.answered,
                correct=r.correct,
                score=r.score,
                areas={
                    str(a): {"questions": int(v["questions"]), "correct": int(v["correct"])}
                    for a, v in dict(r.areas).items()
                },
            )
            for r in session.execute(query)
        ]

"""The instructor's dashboard: every learner of a class at a glance, and the class by topic.

Built from each learner's own progress report (`trainer.reports.report.build`), so a learner's
figures here are the ones their `trainer report` shows; only the instructor's connection, which
row-level security lets read every learner, can build it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, select

from trainer.store.models import Card, ReviewLog, User

if TYPE_CHECKING:
    from trainer.bank.topics import TopicNames
    from trainer.reports.report import Report
    from trainer.reports.rows import QuestionMeta
    from trainer.store.repository import Store

WEAKEST = 10
MISSED = 10


@dataclass(frozen=True)
class LearnerRow:
    name: str
    expected: float  # readiness: expected mock-exam score now
    p_pass: float  # on the exam date where one is set, else now
    exam_date: date | None
    reviews_7d: int
    reviews_30d: int
    streak: int
    true_retention: float | None  # last 30 days
    exercises_passed: int
    last_exam: dict[str, float]  # area -> share right, of the latest mock exam
    flagged: int
    mastery: dict[str, float]  # topic path (majors and sections) -> mastery


@dataclass(frozen=True)
class ClassReport:
    generated_at: datetime
    learners: list[LearnerRow]
    topics: list[str]  # majors and sections, in syllabus order
    weakest: list[tuple[str, float]]  # the class's lowest mean mastery, lowest first
    missed: list[tuple[str, int, int]]  # (question id, misses, learners who missed it)
    names: TopicNames


def _row(report: Report) -> LearnerRow:
    today = report.today
    recent = [d for d in report.history.days if d.day > today - timedelta(days=7)]
    month = [d for d in report.history.days if d.day > today - timedelta(days=30)]
    plan = report.plan
    latest = report.exams[0] if report.exams else None
    return LearnerRow(
        name=report.user,
        expected=report.readiness.expected,
        p_pass=plan.projected.p_pass if plan is not None else report.readiness.p_pass,
        exam_date=plan.exam_date if plan is not None else None,
        reviews_7d=sum(d.reviews for d in recent),
        reviews_30d=sum(d.reviews for d in month),
        streak=report.history.current_streak,
        true_retention=report.retention.recent.rate,
        exercises_passed=sum(1 for e in report.exercises if e.status == "passed"),
        last_exam={}
        if latest is None
        else {
            area: cell["correct"] / cell["questions"]
            for area, cell in latest.areas.items()
            if cell.get("questions")
        },
        flagged=len(report.flagged),
        mastery={t.topic: t.mastery for t in report.topics if t.depth <= 1},
    )


def build_class_report(
    store: Store,
    metas: list[QuestionMeta],
    names: TopicNames,
    now: datetime,
    offset_minutes: int,
    lang: str,
) -> ClassReport:
    from trainer.reports.report import build

    with store.reading() as session:
        users = session.execute(select(User.id, User.name).order_by(User.name)).all()
        missed_rows = session.execute(
            select(Card.question_id, func.count(ReviewLog.id), func.count(Card.user_id.distinct()))
            .join(ReviewLog, ReviewLog.card_id == Card.id)
            .where(ReviewLog.correct.is_(False))
            .group_by(Card.question_id)
            .order_by(func.count(ReviewLog.id).desc(), Card.question_id)
            .limit(MISSED)
        ).all()
    rows = [
        _row(build(store, user_id, name, metas, now, offset_minutes, lang=lang, names=names))
        for user_id, name in users
    ]
    topics = sorted({topic for row in rows for topic in row.mastery})
    sections = [t for t in topics if "/" in t]
    means = {t: sum(row.mastery.get(t, 0.0) for row in rows) / len(rows) for t in sections if rows}
    weakest = sorted(means.items(), key=lambda item: (item[1], item[0]))[:WEAKEST]
    missed = [(str(q), int(n), int(k)) for q, n, k in missed_rows]
    return ClassReport(now, rows, topics, weakest, missed, names)


def _r(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def class_json(report: ClassReport) -> dict[str, Any]:
    return {
        "generated_at": report.generated_at.isoformat(),
        "learners": [
            {
                "name": r.name,
                "readiness": _r(r.expected),
                "p_pass": _r(r.p_pass),
                "exam_date": None if r.exam_date is None else r.exam_date.isoformat(),
                "reviews_7d": r.reviews_7d,
                "reviews_30d": r.reviews_30d,
                "streak": r.streak,
                "true_retention": _r(r.true_retention),
                "exercises_passed": r.exercises_passed,
                "last_exam": {a: _r(v) for a, v in r.last_exam.items()},
                "flagged": r.flagged,
            }
            for r in report.learners
        ],
        "topics": [
            {
                "topic": t,
                "name": report.names.localized(t),
                "mastery": {r.name: _r(r.mastery.get(t, 0.0)) for r in report.learners},
            }
            for t in report.topics
        ],
        "weakest": [{"topic": t, "mastery": _r(m)} for t, m in report.weakest],
        "missed": [{"question": q, "misses": n, "learners": k} for q, n, k in report.missed],
    }

"""One report object from the rows, and its stable JSON form (documented in `SCHEMA.md`)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any

from trainer.bank.topics import TopicNames
from trainer.reports import compute
from trainer.reports.compute import (
    ExerciseStat,
    Forecast,
    History,
    Plan,
    Readiness,
    Retention,
    RetentionCell,
    TopicStat,
)
from trainer.reports.flags import FlaggedQuestion
from trainer.reports.gpu import GpuTiming
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
from trainer.scheduling import Scheduler

if TYPE_CHECKING:
    from trainer.store.parameters import StoredFit
    from trainer.store.repository import Store

SCHEMA_VERSION = 1


@dataclass(frozen=True)
class Report:
    user: str
    generated_at: datetime
    offset_minutes: int
    today: date
    questions: int
    topics: list[TopicStat]
    history: History
    heatmap: list[list[int | None]]
    trend: list[DayCount]
    forecast: Forecast
    retention: Retention
    exercises: list[ExerciseStat]
    readiness: Readiness
    plan: Plan | None
    exams: list[ExamSummary] = field(default_factory=list)  # latest mock exams, newest first
    gpu_timing: list[GpuTiming] = field(default_factory=list)  # newest `exercise time` sweep
    flagged: list[FlaggedQuestion] = field(default_factory=list)  # possibly wrong questions
    lang: str = "ja"  # the language the text, Markdown and HTML renderings are written in
    names: TopicNames = field(default_factory=lambda: TopicNames({}))  # topic display names
    fsrs: StoredFit | None = None  # the learner's own FSRS parameters in force (None: defaults)

    def topic_name(self, topic: str, lang: str | None = None) -> str:
        """The topic's syllabus name in `lang` (default: the report's language); an area the
        names lack (a report assembled without them): the exam's name for it."""
        if topic not in self.names.names and "/" not in topic:
            from trainer.reports.exam import area_name

            return area_name(topic, lang or self.lang)
        return self.names.name(topic, lang or self.lang)

    def topic_label(self, topic: str, lang: str | None = None) -> str:
        """The name with the last part of the path beside it, where that tells topics apart."""
        return self.names.label(topic, lang or self.lang)


def exam_instant(day: date, offset_minutes: int) -> datetime:
    """09:00 local time on the exam day, as UTC."""
    local = datetime.combine(day, time(9, 0), tzinfo=UTC)
    return local - timedelta(minutes=offset_minutes)


def assemble(
    *,
    user: str,
    now: datetime,
    offset_minutes: int,
    questions: list[QuestionMeta],
    cards: list[CardRow],
    days: list[DayCount],
    accuracy: list[CardAccuracy],
    retention_counts: list[RetentionCount],
    submissions: list[SubmissionSummary],
    recall_bands: Sequence[RecallBand] = (),
    scheduler: Scheduler,
    exam_day: date | None = None,
    exams: Sequence[ExamSummary] = (),
    gpu_timing: Sequence[GpuTiming] = (),
    flagged: Sequence[FlaggedQuestion] = (),
    lang: str = "ja",
    names: TopicNames | None = None,
    fsrs: StoredFit | None = None,
) -> Report:
    """The whole report from plain rows (pure: the TUI can call this with its own rows).

    `lang` is the language the report is rendered in; `names` the topics' display names
    (`trainer.bank.topics.topic_names(bank)`; without them a topic reads as its path's last part).
    """
    known = {q.id for q in questions}
    bank_cards = [c for c in cards if c.question_id in known]
    recall_now = compute.recalls(bank_cards, now, scheduler)
    today = compute.local_day(now, offset_minutes)
    desired = scheduler.config.desired_retention
    plan = None
    if exam_day is not None:
        exam_at = exam_instant(exam_day, offset_minutes)
        recall_exam = compute.recalls(bank_cards, max(exam_at, now), scheduler)
        plan = compute.plan(
            questions, bank_cards, recall_exam, exam_at, now, offset_minutes, desired
        )
    return Report(
        user=user,
        generated_at=now,
        offset_minutes=offset_minutes,
        today=today,
        questions=len(questions),
        topics=compute.topic_stats(
            questions, bank_cards, recall_now, accuracy, scheduler.config.leech_threshold
        ),
        history=compute.history(days, today),
        heatmap=compute.heatmap(days, today),
        trend=compute.accuracy_trend(days, today),
        forecast=compute.forecast(bank_cards, now, offset_minutes),
        retention=compute.retention(retention_counts, desired, recall_bands),
        exercises=compute.exercises(submissions),
        readiness=compute.readiness(questions, recall_now, now, desired),
        plan=plan,
        exams=list(exams),
        gpu_timing=list(gpu_timing),
        flagged=list(flagged),
        lang=lang,
        names=names or TopicNames({}),
        fsrs=fsrs,
    )


def local_offset_minutes(now: datetime) -> int:
    offset = now.astimezone().utcoffset()
    return 0 if offset is None else round(offset.total_seconds() / 60)


def build(
    store: Store,
    user_id: int,
    user: str,
    questions: list[QuestionMeta],
    now: datetime,
    offset_minutes: int,
    scheduler: Scheduler | None = None,
    *,
    lang: str = "ja",
    names: TopicNames | None = None,
) -> Report:
    """Run the report queries on `store` and assemble the report (in `lang`, see `assemble`)."""
    from trainer.reports import query
    from trainer.reports.flags import load_flagged
    from trainer.reports.gpu import load_gpu_timing
    from trainer.scheduling import SchedulerConfig
    from trainer.store.parameters import parameters_in_force

    fsrs = parameters_in_force(store, user_id)
    if scheduler is None and fsrs is not None:
        scheduler = Scheduler(SchedulerConfig(parameters=fsrs.parameters))
    return assemble(
        user=user,
        now=now,
        offset_minutes=offset_minutes,
        questions=questions,
        cards=query.load_cards(store, user_id),
        days=query.load_days(store, user_id, offset_minutes),
        accuracy=query.load_accuracy(store, user_id, now - timedelta(days=30)),
        retention_counts=query.load_retention(store, user_id, now),
        submissions=query.load_submissions(store, user_id),
        recall_bands=query.load_calibration(store, user_id),
        scheduler=scheduler or Scheduler(),
        exam_day=query.exam_date(store, user_id),
        exams=query.load_exams(store, user_id),
        gpu_timing=load_gpu_timing(store, user_id),
        flagged=load_flagged(store, user_id),
        lang=lang,
        names=names,
        fsrs=fsrs,
    )


# -- JSON ------------------------------------------------------------------------------------


def _r(value: float | None, digits: int = 4) -> float | None:
    return None if value is None else round(value, digits)


def _cell(cell: RetentionCell) -> dict[str, Any]:
    return {"reviews": cell.reviews, "passed": cell.passed, "rate": _r(cell.rate)}


def _readiness_json(r: Readiness, names: TopicNames) -> dict[str, Any]:
    return {
        "at": r.at.isoformat(),
        "expected": _r(r.expected),
        "interval95": [_r(r.low), _r(r.high)],
        "exam_questions": r.questions,
        "pass_mark": r.pass_mark,
        "p_pass": _r(r.p_pass),
        "seen_share": _r(r.seen_share),
        "areas": {a: _r(v) for a, v in r.areas.items()},
        "weakest": [
            {
                "topic": w.topic,
                "name": names.localized(w.topic),
                "weight": _r(w.weight),
                "mastery": _r(w.mastery),
                "coverage": _r(w.coverage),
                "seen": w.seen,
                "questions": w.questions,
                "recall": _r(w.recall),  # = mastery; the name before mastery was defined
                "gain": _r(w.gain),
            }
            for w in r.weakest
        ],
    }


def to_json(report: Report) -> dict[str, Any]:
    """The stable JSON document (`schema_version` changes on any incompatible change)."""
    from trainer.reports.parameters import parameters_json

    plan = report.plan
    return {
        "schema_version": SCHEMA_VERSION,
        "user": report.user,
        "generated_at": report.generated_at.isoformat(),
        "utc_offset_minutes": report.offset_minutes,
        "today": report.today.isoformat(),
        "questions": report.questions,
        "topics": [
            {
                "topic": t.topic,
                "name": report.names.localized(t.topic),
                "depth": t.depth,
                "questions": t.questions,
                "seen": t.seen,
                "mastery": _r(t.mastery),
                "coverage": _r(t.coverage),
                "recall": _r(t.recall),
                "reviews_30d": t.reviews_30d,
                "correct_30d": t.correct_30d,
                "accuracy_30d": _r(t.accuracy_30d),
                "leeches": t.leeches,
            }
            for t in report.topics
        ],
        "history": {
            "total_reviews": report.history.total_reviews,
            "total_correct": report.history.total_correct,
            "accuracy": _r(report.history.accuracy),
            "current_streak": report.history.current_streak,
            "best_streak": report.history.best_streak,
            "days": [
                {"day": d.day.isoformat(), "reviews": d.reviews, "correct": d.correct}
                for d in report.history.days
            ],
        },
        "forecast": {
            "overdue": report.forecast.overdue,
            "total": report.forecast.total,
            "days": [{"day": d.isoformat(), "due": n} for d, n in report.forecast.days],
        },
        "retention": {
            "desired": report.retention.desired,
            "verdict": report.retention.verdict(),
            "last_30_days": _cell(report.retention.recent),
            "all_time": _cell(report.retention.overall),
            "calibration": {
                "error": _r(report.retention.calibration_error),
                "bands": [
                    {
                        "from": b.low,
                        "to": b.high,
                        "reviews": b.reviews,
                        "passed": b.passed,
                        "predicted": _r(b.predicted),
                        "observed": _r(b.observed),
                    }
                    for b in report.retention.calibration
                ],
                "parameters": parameters_json(report.fsrs),
            },
        },
        "exercises": [
            {
                "exercise": e.exercise_id,
                "status": e.status,
                "attempts": e.attempts,
                "last_verdict": e.last_verdict,
                "last_at": e.last_at.isoformat(),
                "best_ms": e.best_ms,
                "timings_ms": e.timings_ms,
            }
            for e in report.exercises
        ],
        "readiness": _readiness_json(report.readiness, report.names),
        "gpu_timing": [t.as_json() for t in report.gpu_timing],
        "flagged": len(report.flagged),
        "flagged_questions": [f.as_json() for f in report.flagged],
        "mock_exams": [
            {
                "started_at": e.started_at.isoformat(),
                "questions": e.questions,
                "answered": e.answered,
                "correct": e.correct,
                "score": _r(e.score),
                "areas": e.areas,
            }
            for e in report.exams
        ],
        "exam": None
        if plan is None
        else {
            "date": plan.exam_date.isoformat(),
            "days_left": plan.days_left,
            "target": _r(plan.target),
            "reachable": plan.reachable,
            "projected": _readiness_json(plan.projected, report.names),
            "new_needed": plan.new_needed,
            "refresh_needed": plan.refresh_needed,
            "due_before_exam": plan.due_before_exam,
            "daily_new": plan.daily_new,
            "daily_reviews": plan.daily_reviews,
            "notes": plan.notes,
        },
    }

"""Report data from plain rows: pure functions, shared by every renderer and the TUI.

The heavy lifting (500k review logs) happens in SQL (`trainer.reports.query`); what arrives here
is one row per card, per day or per group, so plain Python loops are cheap.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from trainer.reports.rows import (
    RECALL_BANDS,
    CardAccuracy,
    CardRow,
    DayCount,
    QuestionMeta,
    RecallBand,
    RetentionCount,
    SubmissionSummary,
)
from trainer.scheduling import CardState, Scheduler, State

AREAS = ("applied_math", "machine_learning", "deep_learning", "dev_env")
PASS_MARK = 0.65  # not published; candidates assume 60-70 % (shared/syllabus/exam.md §1.1)
EXAM_QUESTIONS = 100
FORECAST_DAYS = 30
NEW_CARD_REVIEWS = 4  # reviews a new card takes until it graduates (steps + first intervals)
Z95 = 1.959964


# -- helpers ---------------------------------------------------------------------------------


def local_day(moment: datetime, offset_minutes: int) -> date:
    """The calendar day of `moment` at a fixed offset from UTC (the learner's time zone)."""
    return (moment + timedelta(minutes=offset_minutes)).date()


def card_state(row: CardRow) -> CardState:
    return CardState(
        card_id=0,
        state=State(row.state),
        step=row.step,
        stability=row.stability,
        difficulty=row.difficulty,
        due=row.due,
        last_review=row.last_review,
        reps=row.reps,
        lapses=row.lapses,
    )


def recalls(cards: Iterable[CardRow], at: datetime, scheduler: Scheduler) -> dict[str, float]:
    """Predicted recall (FSRS retrievability) of every studied card at `at`."""
    return {row.question_id: scheduler.retrievability(card_state(row), at) for row in cards}


def _ratio(part: int | float, whole: int | float) -> float | None:
    return None if not whole else part / whole


def normal_cdf(x: float) -> float:
    return 0.5 * (1.0 + math.erf(x / math.sqrt(2.0)))


# -- mastery: the one definition every list uses ---------------------------------------------

TOPIC_DEPTH = 1  # topic lists group questions as area/topic (depth 0: area, 1: topic)


@dataclass
class Mastery:
    """Mastery and coverage of a group of questions (a topic, an area, the whole bank).

    This is the only place they are defined; the topic table, the weakest topics, the expected
    score per area and every report read them from here, so no two lists can disagree.

    - mastery: the mean predicted recall now over ALL the group's questions, weighted by their
      share of the exam, an unseen question counting 0. It is the expected share right on exam
      items drawn from the group, so for the whole bank it is the readiness score.
    - coverage: the exam-weighted share of the group's questions reviewed at least once; `seen`
      of `questions` counts them. Mastery never exceeds coverage: a topic with 1 of 30 questions
      seen cannot show 100 %.
    """

    questions: int = 0
    seen: int = 0
    weight: float = 0.0  # Σ exam weight of the questions
    seen_weight: float = 0.0  # Σ exam weight of the questions seen
    recall_weight: float = 0.0  # Σ exam weight × predicted recall now, over the seen questions
    recall_sum: float = 0.0  # Σ predicted recall now over the seen questions (unweighted)

    def add(self, weight: float, recall: float | None) -> None:
        """Count one question of exam `weight`; `recall` None: never studied."""
        self.questions += 1
        self.weight += weight
        if recall is not None:
            self.seen += 1
            self.seen_weight += weight
            self.recall_weight += weight * recall
            self.recall_sum += recall

    @property
    def mastery(self) -> float:
        return self.recall_weight / self.weight if self.weight > 0 else 0.0

    @property
    def coverage(self) -> float:
        if self.weight > 0:
            return self.seen_weight / self.weight
        return self.seen / self.questions if self.questions else 0.0

    @property
    def recall_seen(self) -> float | None:
        """Mean predicted recall over the seen questions only (None if none): not mastery, which
        also counts what was never studied."""
        return _ratio(self.recall_sum, self.seen)


def topic_prefixes(topic: str) -> list[str]:
    parts = topic.split("/")
    return ["/".join(parts[: n + 1]) for n in range(len(parts))]


def topic_group(topic: str) -> str:
    """The node of the topic lists a question's topic falls in (`deep_learning/generative/gan`
    -> `deep_learning/generative`)."""
    return "/".join(topic.split("/")[: TOPIC_DEPTH + 1])


def mastery_by(
    questions: Iterable[QuestionMeta],
    recall_at: Mapping[str, float],
    key: Callable[[QuestionMeta], str],
) -> dict[str, Mastery]:
    """Mastery of the groups `key` puts the questions in (unseen: not in `recall_at`)."""
    out: dict[str, Mastery] = {}
    for q in questions:
        out.setdefault(key(q), Mastery()).add(q.weight, recall_at.get(q.id))
    return out


# -- topics ----------------------------------------------------------------------------------


@dataclass
class TopicStat:
    """One node of the topic tree; every count is the sum over the node's questions."""

    topic: str
    depth: int
    tally: Mastery = field(default_factory=Mastery)
    reviews_30d: int = 0
    correct_30d: int = 0
    leeches: int = 0

    @property
    def questions(self) -> int:
        return self.tally.questions

    @property
    def seen(self) -> int:
        return self.tally.seen

    @property
    def mastery(self) -> float:
        return self.tally.mastery

    @property
    def coverage(self) -> float:
        return self.tally.coverage

    @property
    def recall(self) -> float | None:
        """Mean predicted recall now over the cards studied only (None if none): kept for the
        JSON report's `recall`; what the lists show is `mastery`."""
        return self.tally.recall_seen

    @property
    def accuracy_30d(self) -> float | None:
        return _ratio(self.correct_30d, self.reviews_30d)


def topic_stats(
    questions: Sequence[QuestionMeta],
    cards: Sequence[CardRow],
    recall_now: Mapping[str, float],
    accuracy: Sequence[CardAccuracy],
    leech_threshold: int,
) -> list[TopicStat]:
    """Per topic path, rolled up to every ancestor; sorted depth-first by path."""
    by_card = {row.question_id: row for row in cards}
    acc = {row.question_id: row for row in accuracy}
    stats: dict[str, TopicStat] = {}
    for question in questions:
        card = by_card.get(question.id)
        hits = acc.get(question.id)
        recall = None if card is None else recall_now.get(question.id, 0.0)
        for prefix in topic_prefixes(question.topic):
            stat = stats.get(prefix)
            if stat is None:
                stat = stats[prefix] = TopicStat(prefix, prefix.count("/"))
            stat.tally.add(question.weight, recall)
            if card is not None:
                stat.leeches += int(card.suspended or card.lapses >= leech_threshold)
            if hits is not None:
                stat.reviews_30d += hits.reviews
                stat.correct_30d += hits.correct
    return [stats[key] for key in sorted(stats)]


# -- review history --------------------------------------------------------------------------


@dataclass(frozen=True)
class History:
    days: list[DayCount]  # oldest first, only days with reviews
    total_reviews: int
    total_correct: int
    current_streak: int  # consecutive days with reviews ending today (or yesterday)
    best_streak: int

    @property
    def accuracy(self) -> float | None:
        return _ratio(self.total_correct, self.total_reviews)


def history(days: Iterable[DayCount], today: date) -> History:
    ordered = sorted((d for d in days if d.reviews > 0), key=lambda d: d.day)
    best = run = 0
    previous: date | None = None
    for entry in ordered:
        run = run + 1 if previous is not None and entry.day - previous == timedelta(1) else 1
        best = max(best, run)
        previous = entry.day
    current = 0
    active = {d.day for d in ordered}
    cursor = today if today in active else today - timedelta(1)
    while cursor in active:
        current += 1
        cursor -= timedelta(1)
    return History(
        ordered,
        sum(d.reviews for d in ordered),
        sum(d.correct for d in ordered),
        current,
        best,
    )


def heatmap(days: Iterable[DayCount], today: date, weeks: int = 26) -> list[list[int | None]]:
    """`weeks` columns of 7 days (Monday first) ending with today's week; None after today."""
    counts = {d.day: d.reviews for d in days}
    start = today - timedelta(days=today.weekday()) - timedelta(weeks=weeks - 1)
    grid: list[list[int | None]] = []
    for week in range(weeks):
        column: list[int | None] = []
        for weekday in range(7):
            day = start + timedelta(days=7 * week + weekday)
            column.append(None if day > today else counts.get(day, 0))
        grid.append(column)
    return grid


def accuracy_trend(days: Sequence[DayCount], today: date, window: int = 7) -> list[DayCount]:
    """Reviews and correct answers summed over a trailing `window` days, one entry per week."""
    counts = {d.day: d for d in days}
    if not days:
        return []
    first = min(d.day for d in days)
    out: list[DayCount] = []
    end = today
    while end >= first:
        span = [counts[end - timedelta(n)] for n in range(window) if end - timedelta(n) in counts]
        out.append(DayCount(end, sum(d.reviews for d in span), sum(d.correct for d in span)))
        end -= timedelta(window)
    return out[::-1]


# -- forecast --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Forecast:
    overdue: int  # due before now
    days: list[tuple[date, int]]  # today first: cards falling due on each day (after now)

    @property
    def total(self) -> int:
        return self.overdue + sum(count for _, count in self.days)


def forecast(
    cards: Iterable[CardRow], now: datetime, offset_minutes: int, horizon: int = FORECAST_DAYS
) -> Forecast:
    """Cards due per local day for `horizon` days from today; suspended cards are left out."""
    today = local_day(now, offset_minutes)
    counts = [0] * horizon
    overdue = 0
    for card in cards:
        if card.suspended or card.due is None:
            continue
        if card.due <= now:
            overdue += 1
            continue
        index = (local_day(card.due, offset_minutes) - today).days
        if index < horizon:
            counts[index] += 1
    return Forecast(overdue, [(today + timedelta(n), counts[n]) for n in range(horizon)])


# -- retention -------------------------------------------------------------------------------


@dataclass(frozen=True)
class RetentionCell:
    reviews: int
    passed: int

    @property
    def rate(self) -> float | None:
        return _ratio(self.passed, self.reviews)


@dataclass(frozen=True)
class CalibrationBand:
    """Observed against predicted recall for the interday reviews predicted in [low, high)."""

    low: float
    high: float
    reviews: int
    passed: int
    predicted: float  # mean predicted recall

    @property
    def observed(self) -> float | None:
        return _ratio(self.passed, self.reviews)


@dataclass(frozen=True)
class Retention:
    desired: float
    recent: RetentionCell  # last 30 days
    overall: RetentionCell
    calibration: tuple[CalibrationBand, ...] = ()

    @property
    def calibration_error(self) -> float | None:
        """How far observed recall is from FSRS's prediction, averaged over the reviews (the
        expected calibration error): 0 is a perfectly calibrated scheduler."""
        total = sum(b.reviews for b in self.calibration)
        if not total:
            return None
        return sum(
            b.reviews * abs(b.passed / b.reviews - b.predicted) for b in self.calibration
        ) / (total)

    def verdict_code(self) -> str:
        """How measured retention over the last 30 days (else all) compares with the target:
        `few` (not enough reviews), `below`, `above` or `on`."""
        cell = self.recent if self.recent.reviews else self.overall
        rate = cell.rate
        if rate is None or cell.reviews < 30:
            return "few"
        if rate < self.desired - 0.05:
            return "below"
        if rate > self.desired + 0.05:
            return "above"
        return "on"

    def verdict(self, lang: str = "en") -> str:
        """`verdict_code` in words (English in the JSON)."""
        from trainer.reports.words import word

        return word(lang, f"verdict_{self.verdict_code()}")


def retention(
    counts: Iterable[RetentionCount], desired: float, bands: Iterable[RecallBand] = ()
) -> Retention:
    calibration = tuple(
        CalibrationBand(
            b.band / RECALL_BANDS,
            (b.band + 1) / RECALL_BANDS,
            b.reviews,
            b.passed,
            b.predicted_sum / b.reviews,
        )
        for b in sorted(bands, key=lambda b: b.band)
        if b.reviews > 0
    )
    recent = [0, 0]
    overall = [0, 0]
    for row in counts:
        overall[0] += row.reviews
        overall[1] += row.passed
        if row.recent:
            recent[0] += row.reviews
            recent[1] += row.passed
    return Retention(desired, RetentionCell(*recent), RetentionCell(*overall), calibration)


# -- exercises -------------------------------------------------------------------------------


@dataclass(frozen=True)
class ExerciseStat:
    exercise_id: str
    status: str  # passed | attempted
    attempts: int
    last_verdict: str
    last_at: datetime
    best_ms: int | None
    timings_ms: dict[str, float]


def exercises(rows: Iterable[SubmissionSummary]) -> list[ExerciseStat]:
    out = []
    for row in sorted(rows, key=lambda r: r.exercise_id):
        details = row.last_details or {}
        timings = details.get("timings_ms") or {}
        out.append(
            ExerciseStat(
                row.exercise_id,
                "passed" if row.passed else "attempted",
                row.attempts,
                row.last_verdict,
                row.last_at,
                row.best_ms,
                {str(k): float(v) for k, v in timings.items() if isinstance(v, int | float)},
            )
        )
    return out


# -- exam readiness --------------------------------------------------------------------------


WEAKEST = 5  # topics in the "study next" list


@dataclass(frozen=True)
class WeakTopic:
    """A topic of the topic lists (`TOPIC_DEPTH`), with its `Mastery` as the table shows it."""

    topic: str
    weight: float  # share of the exam
    mastery: float  # Mastery.mastery: exam-weighted mean predicted recall, unseen = 0
    coverage: float  # Mastery.coverage
    seen: int
    questions: int
    gain: float  # points of expected score if the topic were at desired retention

    @property
    def recall(self) -> float:
        """The JSON report's older name for `mastery` (it always counted unseen as 0)."""
        return self.mastery


@dataclass(frozen=True)
class Readiness:
    at: datetime
    expected: float  # expected share of a weighted mock exam answered right
    low: float  # 95 % interval for an `questions`-item exam
    high: float
    questions: int
    pass_mark: float
    p_pass: float
    seen_share: float  # weight share of questions ever studied (coverage of the whole bank)
    areas: dict[str, float]  # expected score per area (its mastery)
    weakest: list[WeakTopic]


def weakest_topics(
    questions: Sequence[QuestionMeta],
    recall_at: Mapping[str, float],
    desired: float = 0.9,
    count: int = WEAKEST,
) -> list[WeakTopic]:
    """The topics (grouped as the topic table groups them) where studying gains the most
    expected score: weight share x how far mastery is below the desired retention."""
    total = sum(q.weight for q in questions) or 1.0
    weak = [
        WeakTopic(
            topic,
            m.weight / total,
            m.mastery,
            m.coverage,
            m.seen,
            m.questions,
            m.weight * max(0.0, desired - m.mastery) / total,
        )
        for topic, m in mastery_by(questions, recall_at, lambda q: topic_group(q.topic)).items()
        if m.weight > 0
    ]
    weak = [w for w in weak if w.gain > 0]
    weak.sort(key=lambda t: (-t.gain, t.topic))
    return weak[:count]


def readiness(
    questions: Sequence[QuestionMeta],
    recall_at: Mapping[str, float],
    at: datetime,
    desired: float = 0.9,
    exam_questions: int = EXAM_QUESTIONS,
    pass_mark: float = PASS_MARK,
) -> Readiness:
    """Expected score on a mock exam drawn by weight; unseen questions count as 0.

    Each item is a weighted draw, answered right with that question's predicted recall, so an
    item is right with probability `expected` and the score of `exam_questions` items is
    binomial: the interval and P(pass) use its normal approximation. `expected` and the areas
    are the `Mastery` of the whole bank and of each area.
    """
    whole = Mastery()
    for q in questions:
        whole.add(q.weight, recall_at.get(q.id))
    expected, seen = whole.mastery, whole.coverage
    sd = math.sqrt(max(expected * (1 - expected), 0.0) / max(exam_questions, 1))
    low, high = max(0.0, expected - Z95 * sd), min(1.0, expected + Z95 * sd)
    if sd == 0:
        p_pass = 1.0 if expected >= pass_mark else 0.0
    else:
        p_pass = normal_cdf((expected - pass_mark) / sd)
    by_area = mastery_by(questions, recall_at, lambda q: q.area)
    areas = {a: by_area[a].mastery for a in AREAS if a in by_area and by_area[a].weight > 0}
    return Readiness(
        at,
        expected,
        low,
        high,
        exam_questions,
        pass_mark,
        p_pass,
        seen,
        areas,
        weakest_topics(questions, recall_at, desired),
    )


@dataclass(frozen=True)
class Plan:
    """What it takes to reach `target` expected score by the exam date."""

    exam_date: date
    days_left: int
    target: float
    projected: Readiness  # if nothing more is studied
    reachable: bool
    new_needed: int  # unseen questions to learn
    refresh_needed: int  # studied questions whose recall at the exam is below desired
    due_before_exam: int  # reviews already scheduled before the exam
    daily_new: int
    daily_reviews: int
    notes: list[str] = field(default_factory=list)


def plan(
    questions: Sequence[QuestionMeta],
    cards: Sequence[CardRow],
    recall_exam: Mapping[str, float],
    exam_at: datetime,
    now: datetime,
    offset_minutes: int,
    desired: float = 0.9,
    target: float | None = None,
) -> Plan:
    """Readiness projected to the exam, and the daily work to reach `target` in time.

    Model: a question learned or refreshed before the exam is at `desired` recall on the day.
    Questions are taken greedily by weighted gain until the expected score reaches the target;
    each new one costs about `NEW_CARD_REVIEWS` reviews, each refresh one review, on top of the
    reviews already scheduled before the exam.
    """
    target = target if target is not None else PASS_MARK + 0.05
    projected = readiness(questions, recall_exam, exam_at, desired)
    exam_day = local_day(exam_at, offset_minutes)
    days_left = max((exam_day - local_day(now, offset_minutes)).days, 0)
    total = sum(q.weight for q in questions) or 1.0
    gains = []
    for q in questions:
        r = recall_exam.get(q.id)
        value = 0.0 if r is None else r
        if value < desired:
            gains.append((q.weight * (desired - value) / total, r is None))
    gains.sort(key=lambda g: -g[0])
    score = projected.expected
    new_needed = refresh_needed = 0
    for gain, is_new in gains:
        if score >= target:
            break
        score += gain
        if is_new:
            new_needed += 1
        else:
            refresh_needed += 1
    reachable = score >= target - 1e-9 and (days_left > 0 or new_needed + refresh_needed == 0)
    due_before = sum(1 for c in cards if not c.suspended and c.due is not None and c.due < exam_at)
    span = max(days_left, 1)
    notes = []
    if days_left == 0:
        notes.append("the exam date is today or past")
    if target > desired:
        notes.append(f"a target above the desired retention ({desired:.0%}) cannot be reached")
    return Plan(
        exam_day,
        days_left,
        target,
        projected,
        reachable,
        new_needed,
        refresh_needed,
        due_before,
        math.ceil(new_needed / span),
        math.ceil((due_before + refresh_needed + NEW_CARD_REVIEWS * new_needed) / span),
        notes,
    )

"""`StudyService` (one open database, bank and learner) and `StudySession` (one queue of questions).

Everything crosses this boundary as plain frozen dataclasses; the clock and the seed source are
injectable. Each review is committed by `StudySession.record` before it returns, so a front end
that quits between questions loses nothing. The TUI's review screen and `trainer quiz --plain`
both drive a `StudySession`; a `SessionStyle` holds what line mode does differently. Importing this
module loads neither pydantic nor SQLAlchemy (the CLI imports `utcnow` and `new_seed` at start).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from trainer.study.options import SessionOptions

if TYPE_CHECKING:
    from trainer.bank.loader import Bank
    from trainer.bank.schema import Localized, Question
    from trainer.bank.variants import Variant
    from trainer.reports.exam import ExamPick
    from trainer.scheduling import QuestionInfo, QueueItem, QueuePlan, Scheduler
    from trainer.store.repository import Store, UndoToken
    from trainer.study.exam import ExamSession
    from trainer.study.settings import Settings

RATINGS = (1, 2, 3, 4)  # Again, Hard, Good, Easy (the values of `trainer.scheduling.Rating`)


def utcnow() -> datetime:
    return datetime.now(UTC)


def new_seed() -> int:
    import secrets  # here: the CLI imports this module at start, and --help needs no seed

    return secrets.randbits(31)


EXTRA_NEW = "extra_new_today"  # user setting: "YYYY-MM-DD:N", more new questions that day


def hash_seed(text: str) -> int:
    """A stable seed from text (Python's own `hash` of a str changes from run to run)."""
    import zlib

    return zlib.crc32(text.encode())


def topic_group(topic: str) -> str:
    """The row a topic is counted under on the home screen: its first two path segments (a
    syllabus section, `3_dl_fundamentals/3-4_cnn`)."""
    return "/".join(topic.split("/")[:2])


@dataclass(frozen=True)
class TopicRow:
    """A row of the home screen: a major (depth 0, the sum of its sections) or a section."""

    topic: str
    due: int
    new: int
    learned: int
    leeches: int
    depth: int = 1


@dataclass(frozen=True)
class Limits:
    """Today's daily limits and what is left of them (as Anki's deck options)."""

    new_limit: int  # new questions per day, with any extra granted for today
    new_today: int  # new questions started today
    review_limit: int  # reviews per day
    reviews_today: int  # cards reviewed today that were not new today

    @property
    def new_left(self) -> int:
        return max(0, self.new_limit - self.new_today)

    @property
    def reviews_left(self) -> int:
        return max(0, self.review_limit - self.reviews_today)


@dataclass(frozen=True)
class Overview:
    rows: tuple[TopicRow, ...]
    next_due: datetime | None
    limits: Limits | None = None

    @property
    def due(self) -> int:
        return sum(row.due for row in self.rows if row.depth == 0)

    @property
    def new(self) -> int:
        return sum(row.new for row in self.rows if row.depth == 0)

    @property
    def learned(self) -> int:
        return sum(row.learned for row in self.rows if row.depth == 0)


@dataclass(frozen=True)
class SessionStyle:
    """How a front end wants answers timed, previewed and cited; the defaults are the TUI's."""

    # Take the answer's time and duration when it is checked (line mode, which then waits for
    # the rating), not when it is recorded (the TUI, where rating is a key press).
    timed_at_check: bool = False
    # Preview the time until due per rating in `check` (the TUI's rating bar); off, the
    # feedback's `intervals` are empty and checking reads nothing from the database.
    intervals: bool = True
    # Between the seed's title and the section in the Japanese source citation.
    ja_source_separator: str = "、"


@dataclass(frozen=True)
class Presented:
    """The question being asked: its place in the session and the variant drawn for it."""

    index: int  # 1-based
    total: int
    question_id: str
    topic: str
    is_new: bool
    variant: Variant
    source: Localized  # seed title and section, as a learner can look it up


@dataclass(frozen=True)
class Feedback:
    correct: bool
    expected: str
    message: Localized
    explanation: Localized
    source: Localized
    intervals: dict[int, timedelta]  # rating value -> time until due again (see SessionStyle)
    allowed: tuple[int, ...]  # the ratings the learner may pick (a wrong answer: Again only)
    overridden: bool = False  # judged wrong, then the learner said "I was right"
    gave_up: bool = False  # "I don't know": the answer was shown without a guess

    @property
    def can_override(self) -> bool:
        """A wrong verdict on a typed or picked answer may be overruled ("I was right")."""
        return not self.correct and not self.gave_up


@dataclass(frozen=True)
class Missed:
    """A question answered wrong in this session, with its key, for the end summary."""

    question_id: str
    expected: str


@dataclass(frozen=True)
class Recorded:
    rating: int
    due: datetime | None
    became_leech: bool
    lapses: int
    reviewed_at: datetime


@dataclass
class Tally:
    answered: int = 0
    correct: int = 0
    leeches: list[str] = field(default_factory=list)
    missed: list[Missed] = field(default_factory=list)
    requeued: int = 0  # answers whose (re)learning step came due again within this session


@dataclass(frozen=True)
class _Done:
    """One recorded answer, kept so that it can be undone within the session."""

    token: UndoToken
    presented: Presented
    position: int
    requeued: bool
    leech: bool
    feedback: Feedback  # what was recorded: right or wrong (then it is in the missed list)
    text: str
    timing: tuple[int, datetime]  # how long the answer took, and when it was given


UNDO_DEPTH = 10  # as many answers back as undo reaches within a session


class StudyService:
    """An open store, the bank and one learner: overviews and new sessions."""

    def __init__(
        self,
        store: Store,
        bank: Bank,
        user_id: int,
        *,
        scheduler: Scheduler | None = None,
        clock: Callable[[], datetime] = utcnow,
        seeds: Callable[[], int] = new_seed,
        settings: Settings | None = None,
    ) -> None:
        from trainer.study.settings import Settings

        self.store = store
        self.bank = bank
        self.user_id = user_id
        self.settings = settings or Settings()
        self._given_scheduler = scheduler  # tests inject one: the settings then leave it be
        self._scheduler: Scheduler | None = None
        self._parameters: tuple[float, ...] | None = None  # the learner's FSRS parameters
        self.clock = clock
        self.seeds = seeds
        self.topics = {q.id: q.topic for q in bank.questions.values()}
        self._questions: list[QuestionInfo] | None = None
        from trainer.store.aliases import follow_aliases

        follow_aliases(store, user_id, bank.aliases)  # cards under merged ids follow the survivor

    @property
    def scheduler(self) -> Scheduler:
        """FSRS with the learner's desired retention and own parameters (`trainer optimize`;
        the defaults until then), unless a scheduler was given."""
        from trainer.scheduling import Scheduler, SchedulerConfig

        if self._given_scheduler is not None:
            return self._given_scheduler
        if self._parameters is None:
            from trainer.study.personal import learner_parameters

            self._parameters = learner_parameters(self.store, self.user_id)
        wanted = self.settings.desired_retention
        scheduler = self._scheduler
        if scheduler is None or (
            scheduler.config.desired_retention,
            scheduler.config.parameters,
        ) != (wanted, self._parameters):
            scheduler = Scheduler(
                SchedulerConfig(desired_retention=wanted, parameters=self._parameters)
            )
            self._scheduler = scheduler
        return scheduler

    def use_settings(self, settings: Settings) -> None:
        """Apply settings changed meanwhile (the settings screen) to sessions started later."""
        self.settings = settings
        self._parameters = None  # read again: an optimisation may have applied new ones

    def reload_settings(self) -> Settings:
        from trainer.study.settings import load_settings

        self.settings = load_settings(self.store, self.user_id)
        self._parameters = None
        return self.settings

    @classmethod
    def open(
        cls,
        url: str | None,
        user: str | None,
        *,
        bank: Bank | None = None,
        clock: Callable[[], datetime] = utcnow,
        seeds: Callable[[], int] = new_seed,
    ) -> StudyService:
        """Open (and upgrade) the database at `url` (None: the default) for learner `user`.

        Raises `StoreError` (a message for the learner) or `BankError`.
        """
        from trainer.bank.loader import load_bank
        from trainer.store.connect import make_engine_or_fail, prepare_store
        from trainer.store.engine import default_user, resolve_url
        from trainer.store.repository import Store

        bank = bank if bank is not None else load_bank()
        engine = make_engine_or_fail(resolve_url(url))
        try:
            name = prepare_store(engine, user or default_user())  # a class learner: their role
            store = Store(engine)
            user_id = store.user_id(name)
        except BaseException:
            engine.dispose()
            raise
        from trainer.study.settings import load_settings

        try:
            settings = load_settings(store, user_id)
            # Constructing moves cards under merged ids (a write), so it can fail too.
            return cls(store, bank, user_id, clock=clock, seeds=seeds, settings=settings)
        except BaseException:
            engine.dispose()
            raise

    def close(self) -> None:
        self.store.close()

    def overview(self) -> Overview:
        counts = self.store.due_counts(self.user_id, self.topics, self.clock())
        totals: dict[str, int] = {}
        for topic in self.topics.values():
            totals[topic] = totals.get(topic, 0) + 1
        grouped: dict[str, list[int]] = {}
        for topic, count in counts.items():
            group = topic_group(topic)
            # The major (the path's first part) sums its sections; paths sort in syllabus order.
            for key in dict.fromkeys((group.split("/")[0], group)):
                row = grouped.setdefault(key, [0, 0, 0, 0])
                row[0] += count.due
                row[1] += count.new
                row[2] += totals.get(topic, 0) - count.new
                row[3] += count.leeches
        rows = tuple(
            TopicRow(name, due, new, learned, leeches, depth=name.count("/"))
            for name, (due, new, learned, leeches) in sorted(grouped.items())
        )
        return Overview(rows, self.store.next_due(self.user_id), self.limits())

    def limits(self, options: SessionOptions | None = None) -> Limits:
        """Today's limits: the learner's settings, `options` overriding, plus any extra new
        questions granted for today (custom study)."""
        from trainer.scheduling.queue import day_start

        options = options or SessionOptions()
        settings = self.settings
        start = day_start(self.clock())
        new_limit = settings.new_per_day if options.new_limit is None else options.new_limit
        review_limit = (
            settings.reviews_per_day if options.review_limit is None else options.review_limit
        )
        return Limits(
            new_limit=new_limit + self.extra_new_today(),
            new_today=self.store.new_cards_since(self.user_id, start),
            review_limit=review_limit,
            reviews_today=self.store.reviews_since(self.user_id, start),
        )

    def extra_new_today(self) -> int:
        """New questions granted on top of today's limit ("study more new cards today")."""
        from trainer.scheduling.queue import day_start
        from trainer.store.records import get_setting

        stored = get_setting(self.store, self.user_id, EXTRA_NEW)
        day, _, count = (stored or "").partition(":")
        today = day_start(self.clock()).date().isoformat()
        return int(count) if day == today and count.isdigit() else 0

    def allow_more_new(self, count: int) -> Limits:
        """Custom study: raise today's new limit by `count` (only today; as Anki's)."""
        from trainer.scheduling.queue import day_start
        from trainer.store.records import set_setting

        if count < 1:
            raise ValueError(f"a positive number of new questions, not {count}")
        today = day_start(self.clock()).date().isoformat()
        total = self.extra_new_today() + count
        set_setting(self.store, self.user_id, EXTRA_NEW, f"{today}:{total}")
        return self.limits()

    def session(
        self, options: SessionOptions | None = None, style: SessionStyle | None = None
    ) -> StudySession:
        options = options or SessionOptions()
        plan, limits = self.planned(options)
        session = StudySession(self, plan.items, style, learn_ahead=self.learn_ahead(options))
        session.plan, session.limits = plan, limits
        return session

    def learn_ahead(self, options: SessionOptions) -> timedelta:
        minutes = options.learn_ahead_minutes
        return timedelta(minutes=self.settings.learn_ahead_minutes if minutes is None else minutes)

    def questions(self) -> list[QuestionInfo]:
        """The bank's questions as the queue needs them, ranked along the syllabus (once)."""
        if self._questions is None:
            from trainer.bank.syllabus import syllabus_rank
            from trainer.scheduling import QuestionInfo

            questions = list(self.bank.questions.values())
            ranks = syllabus_rank(questions, self.bank.syllabus)
            self._questions = [
                QuestionInfo(q.id, q.topic, str(q.area), ranks[q.id], q.legacy_topic)
                for q in questions
            ]
        return self._questions

    def plan(self, options: SessionOptions | None = None) -> QueuePlan:
        """What a session with `options` asks now, and how the daily limits shaped it."""
        return self.planned(options)[0]

    def planned(self, options: SessionOptions | None = None) -> tuple[QueuePlan, Limits]:
        """`plan`, with the limits it was made under (for saying which one held questions
        back, without reading them a second time)."""
        from trainer.scheduling import plan_queue

        options = options or SessionOptions()
        limits = self.limits(options)
        if options.question is not None:
            return self.one_question(options.question), limits
        now = self.clock()
        learn_ahead = self.learn_ahead(options)
        order = options.new_order or self.settings.new_order
        # A random order is drawn once per learner and day, so reopening keeps it.
        seed = hash_seed(f"{self.user_id}:{now.date().isoformat()}")
        plan = plan_queue(
            self.store.card_infos(self.user_id, due_by=now + learn_ahead, now=now),
            self.questions(),
            now,
            new_limit=limits.new_limit,
            new_today=limits.new_today,
            review_limit=limits.review_limit,
            reviews_today=limits.reviews_today,
            topic=self.resolve_topic(options.topic),
            limit=options.limit,
            new_order=order,
            seed=seed,
            learn_ahead=learn_ahead,
        )
        return plan, limits

    def resolve_topic(self, topic: str | None) -> str | None:
        """A `--topic` value as the path it selects (a number, slug or old path resolved;
        one that selects nothing is kept, and selects nothing)."""
        if topic is None:
            return None
        from trainer.bank.topics import resolve_topic

        return resolve_topic(self.bank, topic) or topic

    def one_question(self, question_id: str) -> QueuePlan:
        """A plan of that one question, whatever its card's state (a `KeyError` if the bank has
        no such question): no limit holds it back, and none is said to."""
        from trainer.scheduling import QueueItem, QueuePlan

        question = self.bank.questions[question_id]
        card = self.store.card_state(self.user_id, question_id)
        is_new = card is None or card.reps == 0
        item = QueueItem(question_id, question.topic, is_new, None if card is None else card.due)
        new, due = int(is_new), int(not is_new)
        return QueuePlan([item], due, due, new, new, None, new)

    def queue(self, options: SessionOptions | None = None) -> list[QueueItem]:
        """What a session with `options` asks now (see `plan`)."""
        return self.plan(options).items

    def exam(
        self,
        picks: Sequence[ExamPick],
        *,
        minutes: int,
        seed: int,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> ExamSession:
        """A mock exam over `picks` (see `trainer.study.exam.draw_exam`); its time starts now."""
        from trainer.study.exam import ExamSession

        return ExamSession(
            self.store,
            self.bank,
            self.user_id,
            picks,
            minutes=minutes,
            seed=seed,
            scheduler=self.scheduler,
            clock=self.clock,
            monotonic=monotonic,
        )

    def source(self, question: Question, *, ja_separator: str = "、") -> Localized:
        from trainer.bank.schema import Localized

        seed = self.bank.syllabus.seeds.get(question.source.seed)
        section = question.source.section
        if seed is None:
            return Localized(
                ja=f"{question.source.seed}, {section}", en=f"{question.source.seed}, {section}"
            )
        return Localized(
            ja=f"{seed.title.ja}{ja_separator}{section}", en=f"{seed.title.en}, {section}"
        )


class StudySession:
    """A queue being worked through: present, check, record, repeat.

    Answers that leave a card in a (re)learning step due within the learn-ahead window come back
    at the end of the queue, so a missed question is asked again before the session ends (as in
    Anki). The last `UNDO_DEPTH` answers can be undone; the question is then asked again.
    """

    def __init__(
        self,
        service: StudyService,
        queue: list[QueueItem],
        style: SessionStyle | None = None,
        *,
        learn_ahead: timedelta = timedelta(minutes=20),
    ) -> None:
        self.service = service
        self.queue = queue
        self.style = style or SessionStyle()
        self.learn_ahead = learn_ahead
        self.position = 0  # index of the question being asked
        self.tally = Tally()
        self.current: Presented | None = None
        self.feedback: Feedback | None = None
        self._answer = ""
        self._started = 0.0
        self._answered: tuple[int, datetime] | None = None  # see `SessionStyle.timed_at_check`
        self._done: list[_Done] = []
        # How the daily limits shaped the queue, and the limits themselves, if known.
        self.plan: QueuePlan | None = None
        self.limits: Limits | None = None

    @property
    def total(self) -> int:
        return len(self.queue)

    @property
    def done(self) -> bool:
        return self.position >= len(self.queue)

    @property
    def can_undo(self) -> bool:
        return bool(self._done)

    def present(self) -> Presented | None:
        """The current question with a freshly drawn variant (None when the session is over)."""
        from trainer.bank.variants import make_variant

        if self.done:
            self.current = None
            return None
        if self.current is not None and self.current.index == self.position + 1:
            return self.current
        item = self.queue[self.position]
        question = self.service.bank.questions[item.question_id]
        variant = make_variant(question, self.service.seeds())
        self.current = Presented(
            index=self.position + 1,
            total=len(self.queue),
            question_id=item.question_id,
            topic=item.topic,
            is_new=item.is_new,
            variant=variant,
            source=self.service.source(question, ja_separator=self.style.ja_source_separator),
        )
        self.feedback = None
        self._started = time.monotonic()
        return self.current

    def check(self, text: str) -> Feedback:
        """Judge `text`; raises `AnswerError` (nothing recorded) when it cannot be read."""
        from trainer.bank.checking import check_answer, clean_answer

        current = self._presented()
        text = clean_answer(text)  # stored as judged: never a string the database refuses
        verdict = check_answer(current.variant, text)
        return self._judged(current, text, verdict.correct, verdict.expected, verdict.message)

    def dont_know(self) -> Feedback:
        """ "I don't know": show the key without a guess; the answer is recorded as Again."""
        from trainer.bank.checking import expected_text
        from trainer.bank.schema import Localized

        current = self._presented()
        message = Localized(ja="答えを表示しました。", en="Answer shown.")
        feedback = self._judged(current, "", False, expected_text(current.variant), message)
        self.feedback = replace(feedback, gave_up=True)
        return self.feedback

    def override(self) -> Feedback:
        """ "I was right": count the checked answer as right after all (marked in the log), so
        it may be rated Hard, Good or Easy. Raises `RuntimeError` when there is nothing to
        overrule (no wrong verdict pending, or "I don't know")."""
        from trainer.bank.schema import Localized

        feedback = self.feedback
        if feedback is None or not feedback.can_override:
            raise RuntimeError("no wrong verdict to overrule")
        message = Localized(
            ja="正解として記録します（判定を上書き）。", en="Counted as right (verdict overruled)."
        )
        self.feedback = replace(
            feedback, correct=True, overridden=True, allowed=RATINGS[1:], message=message
        )
        return self.feedback

    def _presented(self) -> Presented:
        current = self.present()
        if current is None:
            raise RuntimeError("the session is over")
        return current

    def _judged(
        self, current: Presented, text: str, correct: bool, expected: str, message: Localized
    ) -> Feedback:
        self._answered = self._timing() if self.style.timed_at_check else None
        intervals = self._intervals(current.question_id) if self.style.intervals else {}
        # As `rating_for`: a wrong answer is Again whatever is pressed; a right one is not Again.
        allowed = RATINGS[1:] if correct else RATINGS[:1]
        self._answer = text
        self.feedback = Feedback(
            correct=correct,
            expected=expected,
            message=message,
            explanation=current.variant.explanation,
            source=current.source,
            intervals=intervals,
            allowed=allowed,
        )
        return self.feedback

    def _timing(self) -> tuple[int, datetime]:
        """Milliseconds since the question was presented, and the time now."""
        return round((time.monotonic() - self._started) * 1000), self.service.clock()

    def _intervals(self, question_id: str) -> dict[int, timedelta]:
        """Time until due per rating, computed on the stored card itself: the fuzz is seeded by
        the card's id, so a question never answered gets its card (still new) here first."""
        from trainer.scheduling import CardState
        from trainer.store.cards import ensure_card

        service = self.service
        now = service.clock()
        card = service.store.card_state(service.user_id, question_id)
        if card is None:
            card = CardState(ensure_card(service.store, service.user_id, question_id))
        preview = service.scheduler.preview(card, now)
        return {
            int(rating): (state.due - now if state.due is not None else timedelta(0))
            for rating, state in preview.items()
        }

    def record(self, rating: int | None = None) -> Recorded:
        """Save the checked answer with `rating` (None: the default), commit, move on."""
        from trainer.scheduling import Rating, State, rating_for
        from trainer.store.repository import Answer

        current, feedback = self.current, self.feedback
        if current is None or feedback is None:
            raise RuntimeError("no checked answer to record")
        chosen = None if rating is None or not feedback.correct else Rating(rating)
        final = rating_for(feedback.correct, chosen)
        duration_ms, reviewed_at = self._answered or self._timing()
        service = self.service
        outcome = service.store.record_review(
            service.user_id,
            Answer(
                question_id=current.question_id,
                rating=final,
                text=self._answer,
                correct=feedback.correct,
                seed=current.variant.seed,
                duration_ms=duration_ms,
                reviewed_at=reviewed_at,
                overridden=feedback.overridden,
            ),
            service.scheduler,
        )
        card = outcome.card
        requeue = (
            not outcome.became_leech
            and card.state in (State.LEARNING, State.RELEARNING)
            and card.due is not None
            and card.due <= reviewed_at + self.learn_ahead
        )
        if requeue:
            item = self.queue[self.position]
            self.queue.append(replace(item, is_new=False, due=card.due))
            self.tally.requeued += 1
        self.tally.answered += 1
        self.tally.correct += int(feedback.correct)
        if not feedback.correct:
            self.tally.missed.append(Missed(current.question_id, feedback.expected))
        if outcome.became_leech:
            self.tally.leeches.append(current.question_id)
        if outcome.undo is not None:
            self._done.append(
                _Done(
                    outcome.undo,
                    current,
                    self.position,
                    requeue,
                    outcome.became_leech,
                    feedback,
                    self._answer,
                    (duration_ms, reviewed_at),
                )
            )
            del self._done[:-UNDO_DEPTH]
        self.position += 1
        self.current = None
        self.feedback = None
        self._answered = None
        return Recorded(int(final), card.due, outcome.became_leech, card.lapses, reviewed_at)

    def undo(self) -> Presented:
        """Take back the last recorded answer: the card gets its earlier state back, the review
        and its tallies are deleted, and that question is asked again (the same variant). An
        answer checked but not yet rated is dropped first (it was never recorded).

        Raises `UndoError` (from the store) when the review cannot be taken back, and
        `RuntimeError` when there is nothing to undo."""
        from trainer.store.cards import undo_review

        if not self._done:
            raise RuntimeError("nothing to undo")
        last = self._done[-1]
        undo_review(self.service.store, self.service.user_id, last.token)
        self._done.pop()
        if last.requeued:
            for index in range(len(self.queue) - 1, last.position, -1):
                if self.queue[index].question_id == last.presented.question_id:
                    del self.queue[index]
                    break
            self.tally.requeued -= 1
        self.tally.answered -= 1
        self.tally.correct -= int(last.feedback.correct)
        if not last.feedback.correct:
            for index in range(len(self.tally.missed) - 1, -1, -1):
                if self.tally.missed[index].question_id == last.presented.question_id:
                    del self.tally.missed[index]
                    break
        if last.leech:
            self.tally.leeches.remove(last.presented.question_id)
        self.position = last.position
        self.current = replace(last.presented, total=len(self.queue))
        self.feedback = None
        self._answered = None
        self._started = time.monotonic()
        return self.current

    @property
    def can_overrule_last(self) -> bool:
        """The last recorded answer was judged wrong and may be overruled ("I was right")."""
        return bool(self._done) and self._done[-1].feedback.can_override

    def overrule_last(self) -> Feedback:
        """ "I was right" after the answer was already recorded as wrong (line mode records at
        once): undo it and make it pending again, overruled, for `record` with 2, 3 or 4. The
        question being asked now is drawn afresh afterwards."""
        if not self.can_overrule_last:
            raise RuntimeError("the last answer was not judged wrong")
        last = self._done[-1]
        self.undo()
        self._answer = last.text
        self._answered = last.timing
        self.feedback = last.feedback
        return self.override()

    def set_aside(self, how: str, note: str | None = None) -> None:
        """Bury (until the next study day), suspend or flag the current question. Bury and
        suspend drop an answer checked but not rated and move on; flag keeps the question."""
        from trainer.scheduling.queue import day_start
        from trainer.store import cards

        current = self._presented()
        service = self.service
        store, user, qid = service.store, service.user_id, current.question_id
        now = service.clock()
        if how == "flag":
            cards.flag(store, user, qid, now, note)
            return
        if how == "bury":
            cards.bury(store, user, qid, day_start(now) + timedelta(days=1))
        elif how == "suspend":
            cards.suspend(store, user, qid)
        else:
            raise ValueError(f"unknown action {how!r}: bury, suspend or flag")
        # Later copies (a learning step due again) go too: the card sits out.
        self.queue[self.position + 1 :] = [
            item for item in self.queue[self.position + 1 :] if item.question_id != qid
        ]
        self.position += 1
        self.current = None
        self.feedback = None
        self._answered = None

    @property
    def pending(self) -> bool:
        """An answer has been checked but not recorded yet."""
        return self.feedback is not None

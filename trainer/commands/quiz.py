"""`trainer quiz`: ask what is due (and some new questions), record every answer, sum up.

Line mode (`--plain`) reads answers from stdin and writes plain text to stdout, so it works in a
dumb terminal, over ssh, in a pipe and in tests. Each answer is committed before the next
question is printed: killing the process loses at most the answer being typed. The end of the
input ends the session with the summary, like the last question does. Without `--plain`,
`trainer quiz` on a terminal opens the TUI instead; with no terminal it runs line mode.
Both front ends drive the same `trainer.study.session.StudySession`; this one only talks.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, TextIO

from trainer.commands.language import add_lang_argument, forced_lang, learner_lang
from trainer.commands.output import fail, load_bank_or_fail
from trainer.commands.storage import EXIT_CODES, add_store_arguments, user_name
from trainer.locale import Section

if TYPE_CHECKING:
    from trainer.bank.loader import Bank
    from trainer.scheduling import QueueItem, Rating, Scheduler
    from trainer.store.repository import Store
    from trainer.study.options import SessionOptions
    from trainer.study.session import (
        Presented,
        SessionStyle,
        StudyService,
        StudySession,
        Tally,
    )

EXIT_USAGE = 2

# Interface text. The prompts end with "> " and no newline; tests and scripts wait for them.
TEXT = Section("quiz")  # trainer/locale/{ja,en}.json, [quiz]


def _positive(value: str) -> int:
    number = int(value)
    if number < 1:
        raise argparse.ArgumentTypeError(f"must be 1 or more, not {number}")
    return number


def _not_negative(value: str) -> int:
    number = int(value)
    if number < 0:
        raise argparse.ArgumentTypeError(f"must be 0 or more, not {number}")
    return number


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "quiz",
        help="study: due reviews first, then new questions",
        description="Ask the questions that are due (most overdue first), then new ones up to\n"
        "the daily limit, topics interleaved. Every answer is saved before the next\n"
        "question is shown.",
        epilog=EXIT_CODES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--plain",
        action="store_true",
        help="line mode: questions on stdout, answers on stdin (pipes, ssh, dumb terminals)",
    )
    which = parser.add_mutually_exclusive_group()
    which.add_argument(
        "--topic", help="one syllabus major or section: its number (3, 3-4), slug (cnn) or path"
    )
    which.add_argument(
        "--question",
        metavar="ID",
        help="ask only this question (e.g. adv.virtualization-types), due or not, to see it as it"
        " is shown; the answer is recorded as a review as usual",
    )
    parser.add_argument(
        "--seed",
        type=int,
        metavar="N",
        help="with --question: draw this variant (the numbers of a calculation question, the"
        " order of the choices)",
    )
    parser.add_argument(
        "--limit", type=_positive, metavar="N", help="at most N questions in this session"
    )
    parser.add_argument(
        "--new",
        dest="new_limit",
        type=_not_negative,
        default=None,
        metavar="N",
        help="new questions per day, this time (default: the setting new-per-day, 20 unless"
        " changed; those started earlier today count)",
    )
    parser.add_argument(
        "--learn-ahead",
        dest="learn_ahead",
        type=_not_negative,
        default=None,
        metavar="MIN",
        help="ask again in this session what falls due within MIN minutes (default: the"
        " setting learn-ahead, 20; 0: each question once)",
    )
    add_lang_argument(parser)
    add_store_arguments(parser)
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from sqlalchemy.exc import DBAPIError

    from trainer.bank.topics import resolve_topic
    from trainer.commands.storage import database_url, open_store, store_failed
    from trainer.store.engine import display_url
    from trainer.store.errors import StoreError, error_text, translate, unsaved
    from trainer.study.options import SessionOptions

    bank = load_bank_or_fail()
    if isinstance(bank, int):
        return bank
    options = question_options(args, bank)
    if isinstance(options, int):
        return options
    if args.topic and resolve_topic(bank, args.topic) is None:  # before any database is made
        return fail(unknown_topic(bank, args.topic, forced_lang(args) or "ja"), EXIT_USAGE)
    if hasattr(sys.stdout, "reconfigure"):
        sys.stdout.reconfigure(errors="backslashreplace")  # a dumb terminal may not do UTF-8
    where = display_url(database_url(args))
    try:
        store = open_store(args)
    except StoreError as exc:
        return store_failed(args, exc)
    quiz: PlainQuiz | None = None
    try:
        user_id = store.user_id(user_name(args))
        lang = learner_lang(args, store, user_id)
        seed: int | None = args.seed
        quiz = PlainQuiz(
            store=store,
            bank=bank,
            scheduler=None,
            user_id=user_id,
            lang=lang,
            new_seed=_new_seed() if seed is None else lambda: seed,
        )
        if options is None:
            options = SessionOptions(
                topic=args.topic,
                limit=args.limit,
                new_limit=args.new_limit,
                learn_ahead_minutes=args.learn_ahead,
            )
        return quiz.start(options)
    except StoreError as exc:
        return fail(str(exc), exc.exit_code)
    except DBAPIError as exc:
        error = translate(exc, where)
        lang = quiz.lang if quiz else forced_lang(args) or "ja"
        lost = unsaved(lang, quiz.saving) if quiz and quiz.saving else ""
        return fail(f"{error_text(error, lang)}{lost}", error.exit_code)
    finally:
        store.close()


def unknown_topic(bank: Bank, topic: str, lang: str) -> str:
    """What `--topic` takes, in the learner's language, for a value that selects nothing."""
    from trainer.bank.topics import topic_choices

    choices = "\n".join(f"  {c}" for c in topic_choices(bank, lang))
    return TEXT[lang]["unknown_topic"].format(topic=topic, choices=choices)


def question_options(args: argparse.Namespace, bank: Bank) -> SessionOptions | int | None:
    """`--question ID`: a session of that one question (asked once: a wrong answer does not come
    back in it), or the exit code after saying the id is unknown; None without `--question`."""
    from trainer.study.options import SessionOptions

    question = getattr(args, "question", None)
    if question is None:
        if getattr(args, "seed", None) is not None:
            return fail("--seed needs --question ID", EXIT_USAGE)
        return None
    found = bank.question(question)  # a merged question's former id names the one kept
    if found is None:
        return fail(f"unknown question '{question}' (see 'trainer bank list')", EXIT_USAGE)
    return SessionOptions(question=found.id, learn_ahead_minutes=0)


def line_mode() -> SessionStyle:
    """What line mode does differently from the TUI's review screen: the answer is timed when it
    is given (the rating prompt may wait), nothing is previewed, sources are cited as "title,
    section"."""
    from trainer.study.session import SessionStyle

    return SessionStyle(timed_at_check=True, intervals=False, ja_source_separator=", ")


# trainer.study.session is imported when a session starts, not with the command line: the TUI
# draws its first frame without it.
def _utcnow() -> Callable[[], datetime]:
    from trainer.study.session import utcnow

    return utcnow


def _new_seed() -> Callable[[], int]:
    from trainer.study.session import new_seed

    return new_seed


@dataclass
class PlainQuiz:
    """One line-mode session over a queue; streams and clock are injectable for tests."""

    store: Store
    bank: Bank
    scheduler: Scheduler | None  # None: FSRS with the learner's desired retention
    user_id: int
    lang: str = "ja"
    stdin: TextIO = field(default_factory=lambda: sys.stdin)
    stdout: TextIO = field(default_factory=lambda: sys.stdout)
    clock: Callable[[], datetime] = field(default_factory=_utcnow)
    new_seed: Callable[[], int] = field(default_factory=_new_seed)
    saving: str | None = None  # the question whose answer is being written, for error messages
    service: StudyService = field(init=False)

    def __post_init__(self) -> None:
        from trainer.study.session import StudyService
        from trainer.study.settings import load_settings

        self.service = StudyService(
            self.store,
            self.bank,
            self.user_id,
            scheduler=self.scheduler,
            clock=self.clock,
            seeds=self.new_seed,
            settings=load_settings(self.store, self.user_id),
        )

    def start(self, options: SessionOptions) -> int:
        """A session as the learner's settings and `options` make it, saying what limits held
        back."""
        from trainer.study.limits import MORE_NEW_CLI, limit_notes

        plan, limits = self.service.planned(options)
        notes = [note.get(self.lang) for note in limit_notes(plan, limits, more_new=MORE_NEW_CLI)]
        return self.run(plan.items, notes=notes, learn_ahead=self.service.learn_ahead(options))

    def say(self, key: str, **values: object) -> str:
        return TEXT[self.lang][key].format(**values)

    def write(self, text: str = "", end: str = "\n") -> None:
        """A line (or lines) wrapped to the terminal's width (`trainer.wrap`); a prompt
        (`end=""`) as it is."""
        if end == "\n" and text:
            from trainer.wrap import fill, terminal_width

            text = fill(text, terminal_width(self.stdout))
        self.stdout.write(text + end)
        self.stdout.flush()

    def ask(self, prompt: str) -> str | None:
        """One line of input without its newline; None at the end of the input."""
        self.write(prompt, end="")
        line = self.stdin.readline()
        if not line:
            self.write()
            return None
        return line.rstrip("\r\n")

    def run(
        self,
        queue: list[QueueItem],
        *,
        notes: Sequence[str] = (),
        learn_ahead: timedelta = timedelta(minutes=20),
    ) -> int:
        from trainer.study.session import StudySession

        session = StudySession(self.service, queue, line_mode(), learn_ahead=learn_ahead)
        if not queue:
            self.write(self.say("nothing"))
        for note in notes:
            self.write(note)
        if queue:
            self.write(self.say("commands"))
        try:
            while (presented := session.present()) is not None:
                if not self.ask_one(session, presented):
                    break
        except KeyboardInterrupt:  # Ctrl-C: what was answered is saved; say so, then stop
            self.summary(session.tally)
            raise
        self.summary(session.tally)
        return 0

    def ask_one(self, session: StudySession, presented: Presented) -> bool:
        """Ask the presented question and record the answer; False when the input has ended."""
        from trainer.bank.errors import AnswerError
        from trainer.scheduling import parse_rating

        variant = presented.variant
        label = self.say("new") if presented.is_new else self.say("due")
        from trainer.bank.topics import question_place

        topic = question_place(self.bank, presented.question_id, self.lang)
        self.write(
            f"\n[{presented.index}/{presented.total}] {topic} ({label})  {presented.question_id}"
        )
        self.write(variant.prompt.get(self.lang))
        for choice in variant.choices:
            self.write(f"  {choice.label}. {choice.text.get(self.lang)}")
        while True:
            text = self.ask(self.say("answer"))
            if text is None:
                return False
            if text.strip().startswith(":"):
                done = self.command(session, presented, text.strip())
                if done is None:
                    continue  # a flag: the same question is still asked
                if done == "idk":
                    feedback = session.feedback
                    assert feedback is not None
                    break
                return True  # undo, :right, bury, suspend: the loop presents what comes now
            try:
                feedback = session.check(text)
                break
            except AnswerError as exc:
                self.write(exc.get(self.lang))
        verdict = self.say("right") if feedback.correct else self.say("wrong")
        if feedback.gave_up:
            verdict = self.say("gave_up")
        self.write(f"{verdict}: {feedback.message.get(self.lang)}")
        self.write(f"{self.say('expected')}: {feedback.expected}")
        self.write(f"{self.say('explanation')}: {feedback.explanation.get(self.lang)}")
        self.write(f"{self.say('source')}: {feedback.source.get(self.lang)}")
        chosen = None
        ended = False
        if feedback.correct:
            while True:
                reply = self.ask(self.say("rating"))
                if reply is None:  # input ended: the answer still counts, with the default
                    ended = True
                    break
                chosen = parse_rating(reply)
                if chosen is not None:
                    break
                self.write(self.say("rating_help"))
        return self.save(session, presented.question_id, chosen) and not ended

    def save(self, session: StudySession, question_id: str, chosen: Rating | None) -> bool:
        """Record the pending answer and say when it is due again."""
        self.saving = question_id
        recorded = session.record(chosen)
        self.saving = None
        if recorded.became_leech:
            self.write(self.say("leech", n=recorded.lapses))
        elif recorded.due is not None:
            self.write(
                f"{self.say('saved')} {self.say('next')}: "
                f"{describe_due(recorded.due, recorded.reviewed_at, self.lang)}"
            )
        return True

    def command(self, session: StudySession, presented: Presented, text: str) -> str | None:
        """A command typed at the answer prompt; returns what happened (None: ask again)."""
        from trainer.bank.checking import shown
        from trainer.store.cards import UndoError

        name, _, rest = text.partition(" ")
        name = name.lower()
        question = presented.question_id
        if name in (":?", ":idk"):
            session.dont_know()
            return "idk"
        if name == ":undo":
            if not session.can_undo:
                self.write(self.say("nothing_to_undo"))
                return None
            try:
                back = session.undo()
            except UndoError:
                self.write(self.say("undo_failed"))
                return None
            self.write(self.say("undone", id=back.question_id))
            return "undo"
        if name == ":right":
            return self.overrule(session)
        if name in (":bury", ":suspend", ":flag"):
            how = name[1:]
            session.set_aside(how, rest.strip() or None)
            self.write(self.say(f"done_{how}", id=question))
            return None if how == "flag" else how
        self.write(self.say("unknown_command", command=shown(text)))
        return None

    def overrule(self, session: StudySession) -> str | None:
        """`:right`: the last answer, judged wrong, was right; rate it again (2, 3, 4)."""
        from trainer.scheduling import parse_rating

        if not session.can_overrule_last:
            self.write(self.say("not_overrulable"))
            return None
        session.overrule_last()
        current = session.current
        assert current is not None
        self.write(self.say("overruled", id=current.question_id))
        chosen = None
        while True:
            reply = self.ask(self.say("rating"))
            if reply is None:
                break
            chosen = parse_rating(reply)
            if chosen is not None:
                break
            self.write(self.say("rating_help"))
        self.save(session, current.question_id, chosen)
        return "right"

    def summary(self, tally: Tally) -> None:
        pct = f"{100 * tally.correct / tally.answered:.0f}%" if tally.answered else "-"
        self.write()
        self.write(self.say("summary", n=tally.answered, k=tally.correct, pct=pct))
        if tally.missed:
            self.write(self.say("missed_title", n=len(tally.missed)))
            for missed in tally.missed:
                self.write(f"  × {missed.question_id}  {self.say('expected')}: {missed.expected}")
        if tally.leeches:
            self.write(self.say("leeches", ids=", ".join(tally.leeches)))
        next_due = self.store.next_due(self.user_id)
        if next_due is None:
            self.write(self.say("no_next"))
        else:
            self.write(self.say("next_due", when=describe_due(next_due, self.clock(), self.lang)))


def describe_due(due: datetime, now: datetime, lang: str) -> str:
    """`2026-11-24 09:30 (in 22 h)` in local time: what a learner wants to know."""
    delta = due - now
    local = due.astimezone().strftime("%Y-%m-%d %H:%M")
    return f"{local} ({_span(delta, lang)})"


def _span(delta: timedelta, lang: str) -> str:
    seconds = delta.total_seconds()
    if seconds <= 0:
        return "今" if lang == "ja" else "now"
    for size, ja, en in ((86400, "日", "d"), (3600, "時間", "h"), (60, "分", "min")):
        if seconds >= size:
            amount = round(seconds / size)
            return f"{amount}{ja}後" if lang == "ja" else f"in {amount} {en}"
    return "1分以内" if lang == "ja" else "in under a minute"

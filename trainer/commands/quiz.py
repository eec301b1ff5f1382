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
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, TextIO

from trainer.commands.language import add_lang_argument, learner_lang
from trainer.commands.output import fail, load_bank_or_fail
from trainer.commands.storage import EXIT_CODES, add_store_arguments, user_name
from trainer.study import session as study

if TYPE_CHECKING:
    from trainer.bank.loader import Bank
    from trainer.scheduling import QueueItem, Scheduler
    from trainer.store.repository import Store
    from trainer.study.session import Presented, StudyService, StudySession, Tally

EXIT_USAGE = 2

# Interface text. The prompts end with "> " and no newline; tests and scripts wait for them.
TEXT = {
    "ja": {
        "new": "新規",
        "due": "復習",
        "answer": "解答> ",
        "rating": "評価 [Enter=Good, 2=Hard, 3=Good, 4=Easy]> ",
        "rating_help": "Enter、2、3、4 のいずれかを入力してください。",
        "right": "○ 正解",
        "wrong": "× 不正解",
        "expected": "正解",
        "explanation": "解説",
        "source": "出典",
        "next": "次回",
        "leech": "この問題は {n} 回忘れたため「リーチ」として出題を停止しました。"
        "解説と出典を読み直してください。",
        "nothing": "いま学習する問題はありません。",
        "summary": "解答 {n} 問、正解 {k} 問（正答率 {pct}）",
        "leeches": "出題停止（リーチ）: {ids}",
        "next_due": "次の復習: {when}",
        "no_next": "予定された復習はありません。",
        "saved": "記録済み。",
    },
    "en": {
        "new": "new",
        "due": "review",
        "answer": "answer> ",
        "rating": "rating [Enter=Good, 2=Hard, 3=Good, 4=Easy]> ",
        "rating_help": "Type Enter, 2, 3 or 4.",
        "right": "RIGHT",
        "wrong": "WRONG",
        "expected": "answer",
        "explanation": "explanation",
        "source": "source",
        "next": "next review",
        "leech": "You have missed this question {n} times: it is suspended as a leech. "
        "Re-read the explanation and the source before trying it again.",
        "nothing": "Nothing to study right now.",
        "summary": "answered {n}, correct {k} (accuracy {pct})",
        "leeches": "suspended as leeches: {ids}",
        "next_due": "next review due: {when}",
        "no_next": "No reviews scheduled.",
        "saved": "saved.",
    },
}


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
    parser.add_argument("--topic", help="only topics under this path, e.g. deep_learning/cnn")
    parser.add_argument(
        "--limit", type=_positive, metavar="N", help="at most N questions in this session"
    )
    parser.add_argument(
        "--new",
        dest="new_limit",
        type=_not_negative,
        default=20,
        metavar="N",
        help="new questions per day (default: 20; those started earlier today count)",
    )
    add_lang_argument(parser)
    add_store_arguments(parser)
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from sqlalchemy.exc import DBAPIError

    from trainer.commands.storage import database_url, open_store
    from trainer.scheduling import Scheduler
    from trainer.scheduling.queue import topic_matches
    from trainer.store.engine import display_url
    from trainer.store.errors import StoreError, translate
    from trainer.study.options import SessionOptions

    bank = load_bank_or_fail()
    if isinstance(bank, int):
        return bank
    questions = bank.questions.values()
    if args.topic and not any(topic_matches(q.topic, args.topic) for q in questions):
        known = sorted({q.topic.split("/")[0] for q in questions})
        return fail(
            f"unknown topic '{args.topic}' (topics start with: {', '.join(known)}; "
            "see 'trainer bank list')",
            EXIT_USAGE,
        )
    if hasattr(sys.stdout, "reconfigure"):
        sys.stdout.reconfigure(errors="backslashreplace")  # a dumb terminal may not do UTF-8
    where = display_url(database_url(args))
    try:
        store = open_store(args)
    except StoreError as exc:
        return fail(str(exc), exc.exit_code)
    quiz: PlainQuiz | None = None
    try:
        user_id = store.user_id(user_name(args))
        lang = learner_lang(args, store, user_id)
        quiz = PlainQuiz(store=store, bank=bank, scheduler=Scheduler(), user_id=user_id, lang=lang)
        options = SessionOptions(topic=args.topic, limit=args.limit, new_limit=args.new_limit)
        return quiz.run(quiz.service.queue(options))
    except StoreError as exc:
        return fail(str(exc), exc.exit_code)
    except DBAPIError as exc:
        error = translate(exc, where)
        lost = f"; your answer to {quiz.saving} was not saved" if quiz and quiz.saving else ""
        return fail(f"{error}{lost}", error.exit_code)
    finally:
        store.close()


# What line mode does differently from the TUI's review screen: the answer is timed when it is
# given (the rating prompt may wait), nothing is previewed, sources are cited as "title, section".
LINE_MODE = study.SessionStyle(timed_at_check=True, intervals=False, ja_source_separator=", ")


@dataclass
class PlainQuiz:
    """One line-mode session over a queue; streams and clock are injectable for tests."""

    store: Store
    bank: Bank
    scheduler: Scheduler
    user_id: int
    lang: str = "ja"
    stdin: TextIO = field(default_factory=lambda: sys.stdin)
    stdout: TextIO = field(default_factory=lambda: sys.stdout)
    clock: Callable[[], datetime] = study.utcnow
    new_seed: Callable[[], int] = study.new_seed
    saving: str | None = None  # the question whose answer is being written, for error messages
    service: StudyService = field(init=False)

    def __post_init__(self) -> None:
        self.service = study.StudyService(
            self.store,
            self.bank,
            self.user_id,
            scheduler=self.scheduler,
            clock=self.clock,
            seeds=self.new_seed,
        )

    def say(self, key: str, **values: object) -> str:
        return TEXT[self.lang][key].format(**values)

    def write(self, text: str = "", end: str = "\n") -> None:
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

    def run(self, queue: list[QueueItem]) -> int:
        session = study.StudySession(self.service, queue, LINE_MODE)
        if not queue:
            self.write(self.say("nothing"))
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
        self.write(
            f"\n[{presented.index}/{presented.total}] {presented.topic} ({label})  "
            f"{presented.question_id}"
        )
        self.write(variant.prompt.get(self.lang))
        for choice in variant.choices:
            self.write(f"  {choice.label}. {choice.text.get(self.lang)}")
        while True:
            text = self.ask(self.say("answer"))
            if text is None:
                return False
            try:
                feedback = session.check(text)
                break
            except AnswerError as exc:
                self.write(str(exc))
        self.write(f"{self.say('right') if feedback.correct else self.say('wrong')}: ", end="")
        self.write(feedback.message.get(self.lang))
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
        self.saving = presented.question_id
        recorded = session.record(chosen)
        self.saving = None
        if recorded.became_leech:
            self.write(self.say("leech", n=recorded.lapses))
        elif recorded.due is not None:
            self.write(
                f"{self.say('saved')} {self.say('next')}: "
                f"{describe_due(recorded.due, recorded.reviewed_at, self.lang)}"
            )
        return not ended

    def summary(self, tally: Tally) -> None:
        pct = f"{100 * tally.correct / tally.answered:.0f}%" if tally.answered else "-"
        self.write()
        self.write(self.say("summary", n=tally.answered, k=tally.correct, pct=pct))
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

"""`trainer exam`: a timed mock exam drawn across the syllabus by weight, scored per area.

In a terminal it opens the TUI's exam screen (`trainer.commands.tui`); `--plain`, or a run whose
stdin or stdout is not a terminal, stays in line mode, here. Both drive `trainer.study.exam`.
Line mode: questions on stdout, answers on stdin, no feedback until the end. Each prompt shows the
minutes left. An empty line skips an item: after the last one the skipped items come back in
order (one line says so, and their prompts say "skipped earlier"), pass after pass, as long as a
pass answers any of them. An answer typed after the time is up does not count and ends the exam,
as does the end of the input. Items left unanswered count as wrong. Every answer is saved as a
review when it is given (wrong = Again, right = Good), the attempt itself at the end.
"""

from __future__ import annotations

import argparse
import math
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, TextIO

from trainer.commands.language import add_lang_argument, learner_lang
from trainer.commands.output import load_bank_or_fail
from trainer.commands.quiz import _positive, _utcnow
from trainer.commands.storage import EXIT_CODES, add_store_arguments, user_name
from trainer.locale import Section
from trainer.study.options import FRAMEWORKS

if TYPE_CHECKING:
    from trainer.bank.loader import Bank
    from trainer.reports.exam import ExamPick, ExamScore
    from trainer.scheduling import Scheduler
    from trainer.store.repository import Store
    from trainer.study.exam import ExamResult, ExamSession


TEXT = Section("exam")  # trainer/locale/{ja,en}.json, [exam]


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "exam",
        help="timed mock exam across the syllabus, scored per area",
        description="A mock exam like the real one: questions drawn across the syllabus by\n"
        "weight (core 1, disputed 0.5, optional 0.25), spread over the four areas, no\n"
        "feedback until the end, then the score per area and the questions missed.\n"
        "Answers also count as reviews (wrong = Again, right = Good).\n"
        "In a terminal the exam opens in the TUI (a countdown, Esc finishes early);\n"
        "with --plain, or when stdin or stdout is not a terminal, it runs in line mode.",
        epilog=EXIT_CODES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--questions", type=_positive, default=100, metavar="N", help="default: 100"
    )
    parser.add_argument(
        "--minutes", type=_positive, default=120, metavar="M", help="time limit (default: 120)"
    )
    parser.add_argument(
        "--plain",
        action="store_true",
        help="line mode: questions on stdout, answers on stdin (pipes, ssh, dumb terminals)",
    )
    parser.add_argument(
        "--framework",
        choices=FRAMEWORKS,
        default=FRAMEWORKS[0],
        help="whose code items to ask, as chosen at the start of the exam (default: pytorch; "
        "none: NumPy items only, which are for everyone)",
    )
    add_lang_argument(parser)
    parser.add_argument(
        "--seed", type=int, metavar="S", help="draw this exam (default: a new random one)"
    )
    add_store_arguments(parser)
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from trainer.commands.storage import with_store
    from trainer.scheduling import Scheduler
    from trainer.study.exam import draw_exam

    bank = load_bank_or_fail()
    if isinstance(bank, int):
        return bank
    if hasattr(sys.stdout, "reconfigure"):
        sys.stdout.reconfigure(errors="backslashreplace")
    from trainer.study.session import new_seed

    seed = args.seed if args.seed is not None else new_seed()
    picks = draw_exam(bank, args.questions, seed, args.framework)

    def work(store: Store) -> int:
        user_id = store.user_id(user_name(args))
        exam = PlainExam(
            store=store,
            bank=bank,
            scheduler=Scheduler(),
            user_id=user_id,
            minutes=args.minutes,
            seed=seed,
            lang=learner_lang(args, store, user_id),
        )
        exam.run(picks)
        return 0

    return with_store(args, work)


@dataclass
class PlainExam:
    """One line-mode mock exam over an `ExamSession`; streams and clocks are injectable."""

    store: Store
    bank: Bank
    scheduler: Scheduler
    user_id: int
    minutes: int
    seed: int
    lang: str = "ja"
    stdin: TextIO = field(default_factory=lambda: sys.stdin)
    stdout: TextIO = field(default_factory=lambda: sys.stdout)
    clock: Callable[[], datetime] = field(default_factory=_utcnow)
    monotonic: Callable[[], float] = time.monotonic

    def say(self, key: str, **values: object) -> str:
        from trainer.bank.english import words  # "{m:# minute}": 1 minute, 2 minutes

        return TEXT[self.lang][key].format(**words(values))

    def write(self, text: str = "", end: str = "\n") -> None:
        """A line (or lines) wrapped to the terminal's width (`trainer.wrap`); a prompt
        (`end=""`) as it is."""
        if end == "\n" and text:
            from trainer.wrap import fill, terminal_width

            text = fill(text, terminal_width(self.stdout))
        self.stdout.write(text + end)
        self.stdout.flush()

    def run(self, picks: list[ExamPick]) -> ExamScore:
        from trainer.study.exam import ExamSession

        session = ExamSession(
            self.store,
            self.bank,
            self.user_id,
            picks,
            minutes=self.minutes,
            seed=self.seed,
            scheduler=self.scheduler,
            clock=self.clock,
            monotonic=self.monotonic,
        )
        self.write(self.say("intro", n=len(picks), m=self.minutes, seed=self.seed))
        try:
            while not session.done:
                if not self.ask_one(session):
                    break
        finally:  # also on Ctrl-C: what was answered is marked and saved
            result = session.finish()
            self.report(result)
        return result.score

    def ask_one(self, session: ExamSession) -> bool:
        """Ask the current item and record the answer; False when the exam is over."""
        from trainer.bank.errors import AnswerError
        from trainer.study.exam import ExamOver

        left = session.time_left()
        if left <= 0:
            self.write(self.say("time_up"))
            return False
        question = session.present()
        assert question is not None
        variant = question.variant
        if question.opens_pass:
            n = question.pass_length
            self.write("\n" + self.say("back_one" if n == 1 else "back", n=n))
        revisit = f" {self.say('revisit')}" if question.revisit else ""
        self.write(f"\n[{question.index}/{question.total}]{revisit} {question.question_id}")
        self.write(variant.prompt.get(self.lang))
        for choice in variant.choices:
            self.write(f"  {choice.label}. {choice.text.get(self.lang)}")
        while True:
            self.write(self.say("answer", left=math.ceil(left / 60)), end="")
            line = self.stdin.readline()
            if not line:
                self.write()
                return False
            text = line.rstrip("\r\n")
            try:
                if text.strip():
                    session.answer(text)
                else:
                    session.skip()  # an empty line: unanswered for now, as in the TUI; no review
            except ExamOver:
                self.write(self.say("time_up"))
                return False
            except AnswerError as exc:
                self.write(exc.get(self.lang))
                left = session.time_left()
                continue
            return True

    def report(self, result: ExamResult) -> None:
        from trainer.reports.exam import area_name

        def pct(share: float | None) -> str:
            return "-" if share is None else f"{100 * share:.0f}%"

        total = result.score
        self.write()
        self.write(
            self.say(
                "result", k=total.correct, n=total.questions, a=total.answered, pct=pct(total.share)
            )
        )
        for area in total.areas:
            self.write(
                self.say(
                    "area",
                    name=area_name(area.area, self.lang),
                    k=area.correct,
                    n=area.questions,
                    pct=pct(area.share),
                )
            )
        if result.missed:
            self.write()
            self.write(self.say("missed"))
        for item in result.missed:
            self.write(f"- {item.question_id}")
            if item.answer is None:
                self.write(f"  {self.say('unanswered')}")
            else:
                self.write(f"  {self.say('your')}: {item.answer}")
                from trainer.bank.checking import why_wrong

                why = why_wrong(item.variant, item.answer)  # the pick's reason, the false one
                if why is not None:
                    self.write(f"  {why.get(self.lang)}")
            self.write(f"  {self.say('expected')}: {item.expected}")
            self.write(f"  {self.say('explanation')}: {item.variant.explanation.get(self.lang)}")
        self.write(self.say("saved", id=result.attempt_id))

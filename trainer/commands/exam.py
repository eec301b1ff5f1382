"""`trainer exam`: a timed mock exam drawn across the syllabus by weight, scored per area.

Line mode: questions on stdout, answers on stdin, no feedback until the end. Each prompt shows the
minutes left; an answer typed after the time is up does not count and ends the exam, as does the
end of the input. Items not reached count as wrong. Every answer is saved as a review when it is
given (wrong = Again, right = Good), the attempt itself at the end.
"""

from __future__ import annotations

import argparse
import math
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any, TextIO

from trainer.commands.output import load_bank_or_fail
from trainer.commands.quiz import _new_seed, _positive, _utcnow
from trainer.commands.storage import EXIT_CODES, add_store_arguments, user_name

if TYPE_CHECKING:
    from trainer.bank.loader import Bank
    from trainer.reports.exam import ExamPick, ExamScore
    from trainer.scheduling import Scheduler
    from trainer.store.repository import Store


TEXT = {
    "ja": {
        "intro": "模擬試験: {n} 問、制限時間 {m} 分（シード {seed}）。"
        "採点は最後にまとめて行います。空行で解答をとばせます。",
        "answer": "残り {left} 分 解答> ",
        "time_up": "時間切れです。",
        "result": "結果: {k}/{n} 問正解（{pct}）、解答 {a} 問",
        "area": "  {name:<8} {k}/{n}（{pct}）",
        "missed": "不正解・未解答の問題:",
        "unanswered": "（未解答）",
        "your": "あなたの解答",
        "expected": "正解",
        "explanation": "解説",
        "saved": "記録しました（模擬試験 #{id}）。",
    },
    "en": {
        "intro": "Mock exam: {n} questions in {m} minutes (seed {seed}). "
        "Answers are marked at the end. An empty line skips a question.",
        "answer": "{left} min left  answer> ",
        "time_up": "Time is up.",
        "result": "Score: {k}/{n} correct ({pct}), {a} answered",
        "area": "  {name:<16} {k}/{n} ({pct})",
        "missed": "Missed or unanswered:",
        "unanswered": "(not answered)",
        "your": "your answer",
        "expected": "answer",
        "explanation": "explanation",
        "saved": "Saved (mock exam #{id}).",
    },
}
AREA_EN = {
    "applied_math": "applied math",
    "machine_learning": "machine learning",
    "deep_learning": "deep learning",
    "dev_env": "dev environment",
}


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "exam",
        help="timed mock exam across the syllabus, scored per area",
        description="A mock exam like the real one: questions drawn across the syllabus by\n"
        "weight (core 1, disputed 0.5, optional 0.25), spread over the four areas, no\n"
        "feedback until the end, then the score per area and the questions missed.\n"
        "Answers also count as reviews (wrong = Again, right = Good).\n"
        "For now the exam always runs in line mode, with or without --plain.",
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
        help="line mode: questions on stdout, answers on stdin (currently the only mode)",
    )
    parser.add_argument("--lang", choices=("ja", "en"), default="ja", help="default: ja")
    parser.add_argument(
        "--seed", type=int, metavar="S", help="draw this exam (default: a new random one)"
    )
    add_store_arguments(parser)
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from trainer.commands.storage import with_store
    from trainer.reports.exam import draw
    from trainer.reports.query import question_metas
    from trainer.scheduling import Scheduler

    bank = load_bank_or_fail()
    if isinstance(bank, int):
        return bank
    if hasattr(sys.stdout, "reconfigure"):
        sys.stdout.reconfigure(errors="backslashreplace")
    seed = args.seed if args.seed is not None else _new_seed()
    picks = draw(question_metas(bank), args.questions, seed)

    def work(store: Store) -> int:
        exam = PlainExam(
            store=store,
            bank=bank,
            scheduler=Scheduler(),
            user_id=store.user_id(user_name(args)),
            minutes=args.minutes,
            seed=seed,
            lang=args.lang,
        )
        exam.run(picks)
        return 0

    return with_store(args, work)


@dataclass
class Given:
    """What was typed for one item; `text` None when the item was not reached."""

    pick: ExamPick
    text: str | None = None
    correct: bool = False
    expected: str = ""
    explanation: str = ""


@dataclass
class PlainExam:
    """One line-mode mock exam; streams and clocks are injectable for tests."""

    store: Store
    bank: Bank
    scheduler: Scheduler
    user_id: int
    minutes: int
    seed: int
    lang: str = "ja"
    stdin: TextIO = field(default_factory=lambda: sys.stdin)
    stdout: TextIO = field(default_factory=lambda: sys.stdout)
    clock: Callable[[], datetime] = _utcnow
    monotonic: Callable[[], float] = time.monotonic

    def say(self, key: str, **values: object) -> str:
        return TEXT[self.lang][key].format(**values)

    def write(self, text: str = "", end: str = "\n") -> None:
        self.stdout.write(text + end)
        self.stdout.flush()

    def run(self, picks: list[ExamPick]) -> ExamScore:
        from trainer.reports.exam import ItemResult, score

        started_at = self.clock()
        deadline = self.monotonic() + 60 * self.minutes
        given = [Given(pick) for pick in picks]
        self.write(self.say("intro", n=len(picks), m=self.minutes, seed=self.seed))
        try:
            for index, item in enumerate(given, start=1):
                if not self.ask_one(item, index, len(given), deadline):
                    break
        finally:  # also on Ctrl-C: what was answered is marked and saved
            result = score(
                ItemResult(g.pick.question.id, g.pick.question.area, g.text is not None, g.correct)
                for g in given
            )
            attempt_id = self.save(given, result, started_at)
            self.report(given, result, attempt_id)
        return result

    def ask_one(self, item: Given, index: int, total: int, deadline: float) -> bool:
        """Ask one item and record the answer; False when the exam is over."""
        from trainer.bank.checking import check_answer, expected_text
        from trainer.bank.errors import AnswerError
        from trainer.bank.variants import make_variant

        question = self.bank.questions[item.pick.question.id]
        variant = make_variant(question, item.pick.seed)
        item.expected = expected_text(variant)
        item.explanation = variant.explanation.get(self.lang)
        left = deadline - self.monotonic()
        if left <= 0:
            self.write(self.say("time_up"))
            return False
        self.write(f"\n[{index}/{total}] {question.id}")
        self.write(variant.prompt.get(self.lang))
        for choice in variant.choices:
            self.write(f"  {choice.label}. {choice.text.get(self.lang)}")
        started = self.monotonic()
        while True:
            self.write(self.say("answer", left=math.ceil(left / 60)), end="")
            line = self.stdin.readline()
            if not line:
                self.write()
                return False
            if self.monotonic() > deadline:
                self.write(self.say("time_up"))
                return False
            text = line.rstrip("\r\n")
            if not text.strip():
                correct = False
                break
            try:
                correct = check_answer(variant, text).correct
                break
            except AnswerError as exc:
                self.write(str(exc))
                left = deadline - self.monotonic()
        item.text = text
        item.correct = correct
        self._record(item, round((self.monotonic() - started) * 1000))
        return True

    def _record(self, item: Given, duration_ms: int) -> None:
        from trainer.scheduling import Rating
        from trainer.store.repository import Answer

        assert item.text is not None
        self.store.record_review(
            self.user_id,
            Answer(
                question_id=item.pick.question.id,
                rating=Rating.GOOD if item.correct else Rating.AGAIN,
                text=item.text,
                correct=item.correct,
                seed=item.pick.seed,
                duration_ms=duration_ms,
                reviewed_at=self.clock(),
            ),
            self.scheduler,
        )

    def save(self, given: list[Given], result: ExamScore, started_at: datetime) -> int:
        from trainer.reports.query import save_exam_attempt

        items: list[dict[str, Any]] = [
            {
                "id": g.pick.question.id,
                "seed": g.pick.seed,
                "answer": g.text,
                "correct": g.correct,
            }
            for g in given
        ]
        return save_exam_attempt(
            self.store,
            self.user_id,
            started_at=started_at,
            finished_at=self.clock(),
            time_limit_s=60 * self.minutes,
            questions=result.questions,
            answered=result.answered,
            correct=result.correct,
            areas={a.area: {"questions": a.questions, "correct": a.correct} for a in result.areas},
            items=items,
        )

    def report(self, given: list[Given], result: ExamScore, attempt_id: int) -> None:
        from trainer.reports.exam import AREA_NAMES

        def pct(share: float | None) -> str:
            return "-" if share is None else f"{100 * share:.0f}%"

        self.write()
        self.write(
            self.say(
                "result",
                k=result.correct,
                n=result.questions,
                a=result.answered,
                pct=pct(result.share),
            )
        )
        for area in result.areas:
            names = AREA_NAMES if self.lang == "ja" else AREA_EN
            self.write(
                self.say(
                    "area",
                    name=names.get(area.area, area.area),
                    k=area.correct,
                    n=area.questions,
                    pct=pct(area.share),
                )
            )
        missed = [g for g in given if not g.correct]
        if missed:
            self.write()
            self.write(self.say("missed"))
        for g in missed:
            self.write(f"- {g.pick.question.id}")
            if g.text is None:
                self.write(f"  {self.say('unanswered')}")
                if not g.expected:  # not reached: make the variant now to show the key
                    self._fill_key(g)
            else:
                self.write(f"  {self.say('your')}: {g.text}")
            self.write(f"  {self.say('expected')}: {g.expected}")
            self.write(f"  {self.say('explanation')}: {g.explanation}")
        self.write(self.say("saved", id=attempt_id))

    def _fill_key(self, item: Given) -> None:
        from trainer.bank.checking import expected_text
        from trainer.bank.variants import make_variant

        variant = make_variant(self.bank.questions[item.pick.question.id], item.pick.seed)
        item.expected = expected_text(variant)
        item.explanation = variant.explanation.get(self.lang)

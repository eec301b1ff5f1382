"""`trainer`, `trainer quiz` and `trainer exam` in a terminal: the Textual app (textual is
imported here only).

`--plain`, or any run whose stdin or stdout is not a terminal, stays in line mode.
`trainer quiz --question ID [--seed N]` opens the review screen on that one question.
"""

from __future__ import annotations

import argparse
import sys


def wanted(args: argparse.Namespace) -> bool:
    """The quiz or exam command, not `--plain`, in an interactive terminal."""
    return (
        getattr(args, "command", None) in ("quiz", "exam")
        and not getattr(args, "plain", False)
        and sys.stdin.isatty()
        and sys.stdout.isatty()
    )


def run(args: argparse.Namespace) -> int:
    from trainer.study.options import FRAMEWORKS, ExamOptions, SessionOptions

    topic = getattr(args, "topic", None)
    limit = getattr(args, "limit", None)
    start = SessionOptions(topic=topic, limit=limit) if topic or limit else None
    bank = None
    seeds = None
    if getattr(args, "command", None) == "quiz" and (
        args.question is not None or args.seed is not None
    ):
        from trainer.commands.output import load_bank_or_fail
        from trainer.commands.quiz import question_options

        loaded = load_bank_or_fail()
        if isinstance(loaded, int):
            return loaded
        one = question_options(args, loaded)
        if isinstance(one, int):
            return one
        start, bank = one, loaded
        seed: int | None = args.seed
        seeds = None if seed is None else lambda: seed

    from trainer.tui.app import TrainerApp

    exam = None
    if getattr(args, "command", None) == "exam":
        exam = ExamOptions(
            questions=args.questions,
            minutes=args.minutes,
            seed=args.seed,
            framework=getattr(args, "framework", FRAMEWORKS[0]),
        )
    app = TrainerApp(
        db_url=getattr(args, "db", None),
        user=getattr(args, "user", None),
        lang=getattr(args, "lang", None),  # None: the learner's stored language
        new_limit=getattr(args, "new_limit", None),
        start=start,
        exam=exam,
        bank=bank,  # None: loaded with the database
        seeds=seeds,
    )
    result = app.run()
    if app.error is not None:
        print(f"trainer: {app.error}", file=sys.stderr)
    return result if isinstance(result, int) else 0

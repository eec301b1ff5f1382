"""`trainer`, `trainer quiz` and `trainer exam` in a terminal: the Textual app (textual is
imported here only).

`--plain`, or any run whose stdin or stdout is not a terminal, stays in line mode.
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
    from trainer.study.options import ExamOptions, SessionOptions
    from trainer.tui.app import TrainerApp

    topic = getattr(args, "topic", None)
    limit = getattr(args, "limit", None)
    start = SessionOptions(topic=topic, limit=limit) if topic or limit else None
    exam = None
    if getattr(args, "command", None) == "exam":
        exam = ExamOptions(questions=args.questions, minutes=args.minutes, seed=args.seed)
    app = TrainerApp(
        db_url=getattr(args, "db", None),
        user=getattr(args, "user", None),
        lang=getattr(args, "lang", None),  # None: the learner's stored language
        new_limit=getattr(args, "new_limit", None),
        start=start,
        exam=exam,
    )
    result = app.run()
    if app.error is not None:
        print(f"trainer: {app.error}", file=sys.stderr)
    return result if isinstance(result, int) else 0

"""The `trainer` command line: argument parsing and dispatch only.

Each sub-command lives in `trainer/commands/<name>.py` with `register(subparsers)`; modules import
their heavy dependencies inside the handler so that `trainer --help` stays fast.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from trainer import __version__
from trainer.commands.language import add_lang_argument

COMMAND_MODULES = (
    "trainer.commands.bank",
    "trainer.commands.quiz",
    "trainer.commands.db",
    "trainer.commands.exercise",
    "trainer.commands.report",
    "trainer.commands.config",
    "trainer.commands.exam",
    "trainer.commands.cards",
    "trainer.commands.classroom",
    "trainer.commands.optimize",
    "trainer.commands.plan",
    "trainer.commands.export",
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="trainer",
        description="E資格 exam trainer: spaced-repetition quizzes, exercises, progress reports.",
    )
    parser.add_argument("--version", action="version", version=f"trainer {__version__}")
    parser.add_argument(
        "--db",
        metavar="URL",
        help="SQLAlchemy database URL (default: TRAINER_DB, else SQLite in the user data dir)",
    )
    parser.add_argument("--user", metavar="NAME", help="learner name (default: the OS user name)")
    add_lang_argument(parser, main=True)
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    handler = getattr(args, "handler", None)
    if handler is None:
        if args.command is None and "trainer.commands.quiz" in COMMAND_MODULES:
            return main([*(argv or sys.argv[1:]), "quiz"])
        parser.print_help()
        return 0 if args.command is None else 2
    if args.command in ("quiz", "exam"):
        from trainer.commands import tui

        handler = tui.run if tui.wanted(args) else handler
    try:
        result: int = handler(args)
    except KeyboardInterrupt:
        print(file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    return result


if __name__ == "__main__":
    raise SystemExit(main())

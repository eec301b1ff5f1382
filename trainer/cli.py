"""The `trainer` command line: argument parsing and dispatch only.

Each sub-command lives in `trainer/commands/<name>.py` with `register(subparsers)`; modules import
their heavy dependencies inside the handler so that `trainer --help` stays fast. A command line
that names its sub-command gets a parser with that one registered (the other modules are neither
imported nor registered: tens of milliseconds off every command); anything else, the whole parser.
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

# A sub-command whose module is not trainer/commands/<name>.py.
MODULE_OF = {"class": "trainer.commands.classroom"}
# The main options that take a value (the next word, unless given as --option=value).
VALUED = ("--db", "--user", "--lang")


def module_of(command: str) -> str | None:
    """The module that registers `command`, if it is one."""
    name = MODULE_OF.get(command, f"trainer.commands.{command}")
    return name if name in COMMAND_MODULES else None


def named_command(argv: Sequence[str], bare: str | None = None) -> str | None:
    """The sub-command `argv` names, when that is certain without parsing (else None); `bare`
    for a line that names none (only main options: the bare `trainer` is a quiz).

    Skips the main options and their values; an abbreviated option (argparse takes `--us`
    for `--user`) counts as taking a value when it abbreviates one that does. Help asked for
    before the sub-command, `--`, or an unknown word gives None: those get the whole parser.
    """
    words = iter(argv)
    for word in words:
        if word in ("-h", "--help", "--"):
            return None
        if word.startswith("-"):
            if "=" not in word and len(word) > 2 and any(v.startswith(word) for v in VALUED):
                next(words, None)
            continue
        return word if module_of(word) is not None else None
    return bare


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
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
    only = module_of(command) if command is not None else None
    for name in COMMAND_MODULES if only is None else (only,):
        importlib.import_module(name).register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    given = list(sys.argv[1:] if argv is None else argv)
    bare = "quiz" if module_of("quiz") is not None else None
    parser = build_parser(named_command(given, bare))
    args = parser.parse_args(given)
    handler = getattr(args, "handler", None)
    if handler is None and args.command is None and bare is not None:
        # The bare command is `quiz`: parsed again by the same parser, which has it (and, for a
        # line of main options only, nothing else: the TUI's launch imports no other command).
        args = parser.parse_args([*given, bare])
        handler = getattr(args, "handler", None)
    if handler is None:
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

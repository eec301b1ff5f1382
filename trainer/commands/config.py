"""`trainer config`: per-learner settings kept in the progress store (for now: the exam date)."""

from __future__ import annotations

import argparse
from datetime import date
from typing import TYPE_CHECKING

from trainer.commands.storage import EXIT_CODES, add_store_arguments, user_name

if TYPE_CHECKING:
    from trainer.store.repository import Store


def _day(value: str) -> str:
    if value in ("none", "clear"):
        return value
    try:
        return date.fromisoformat(value).isoformat()
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {value!r}") from None


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "config",
        help="settings: the exam date",
        epilog=EXIT_CODES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    actions = parser.add_subparsers(dest="config_command", metavar="SETTING", required=True)
    exam = actions.add_parser(
        "exam-date",
        help="show or set the exam date; reports then project readiness to that day",
        epilog=EXIT_CODES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    exam.add_argument(
        "date", nargs="?", type=_day, help="YYYY-MM-DD, or 'clear' to remove it (omit: show it)"
    )
    add_store_arguments(exam)
    exam.set_defaults(handler=run_exam_date)


def run_exam_date(args: argparse.Namespace) -> int:
    from trainer.commands.storage import with_store
    from trainer.reports.query import EXAM_DATE, get_setting, set_setting

    def work(store: Store) -> int:
        user_id = store.user_id(user_name(args))
        if args.date is None:
            current = get_setting(store, user_id, EXAM_DATE)
            print(current or "no exam date set (trainer config exam-date YYYY-MM-DD)")
            return 0
        if args.date in ("none", "clear"):
            set_setting(store, user_id, EXAM_DATE, None)
            print("exam date cleared")
            return 0
        set_setting(store, user_id, EXAM_DATE, args.date)
        days = (date.fromisoformat(args.date) - date.today()).days
        when = f"in {days} days" if days >= 0 else f"{-days} days ago"
        print(f"exam date set to {args.date} ({when})")
        return 0

    return with_store(args, work)

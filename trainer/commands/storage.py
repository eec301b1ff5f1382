"""The `--db` / `--user` options and opening the progress store, for the commands that need them.

The options exist on the main parser (`trainer --db URL quiz`) and again on each sub-command
(`trainer quiz --db URL`), the latter with `SUPPRESS` defaults so they never clobber the former.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Callable

    from trainer.store.errors import StoreError
    from trainer.store.repository import Store

EXIT_CODES = """\
exit codes:
  0  done (also when the input ends)      1  the question bank has problems
  2  bad usage (e.g. an unknown topic)    3  the database cannot be used (not a database, damaged)
  4  the database is read-only            5  the database is from a newer version of trainer
  6  the database server refused the login or cannot be reached
  130 interrupted (Ctrl-C)"""


def add_store_arguments(parser: argparse.ArgumentParser, *, user: bool = True) -> None:
    parser.add_argument(
        "--db",
        metavar="URL",
        default=argparse.SUPPRESS,
        help="SQLAlchemy URL or SQLite file (default: $TRAINER_DB, else a file in the data folder)",
    )
    if not user:
        return
    parser.add_argument(
        "--user",
        metavar="NAME",
        default=argparse.SUPPRESS,
        help="learner name (default: the OS user name)",
    )


def database_url(args: argparse.Namespace) -> str:
    from trainer.store.engine import resolve_url

    return resolve_url(getattr(args, "db", None))


def user_name(args: argparse.Namespace) -> str:
    from trainer.store.engine import default_user

    name: str | None = getattr(args, "user", None)
    return name or default_user()


def open_store(args: argparse.Namespace) -> Store:
    """The store at `--db`, upgraded to the current schema (a class learner's: checked, and
    `args.user` set to their role). Raises `StoreError` if unusable."""
    from trainer.store.connect import make_engine_or_fail, prepare_store
    from trainer.store.repository import Store

    engine = make_engine_or_fail(database_url(args))
    try:
        # A learner of a class is their database role, whatever --user says.
        args.user = prepare_store(engine, user_name(args))
    except BaseException:
        engine.dispose()
        raise
    return Store(engine)


def store_failed(args: argparse.Namespace, error: StoreError) -> int:
    """Say `error` on one line (a server's, in `--lang`: the learner's stored language is out of
    reach) and return its exit code."""
    from trainer.commands.language import forced_lang
    from trainer.commands.output import fail
    from trainer.store.errors import error_text

    return fail(error_text(error, forced_lang(args) or "ja"), error.exit_code)


def with_store(args: argparse.Namespace, work: Callable[[Store], int]) -> int:
    """Open the store, run `work` with it, close it; database trouble becomes one line + code."""
    from sqlalchemy.exc import DBAPIError

    from trainer.store.engine import display_url
    from trainer.store.errors import StoreError, translate

    try:
        store = open_store(args)
    except StoreError as exc:
        return store_failed(args, exc)
    try:
        return work(store)
    except StoreError as exc:
        return store_failed(args, exc)
    except DBAPIError as exc:
        return store_failed(args, translate(exc, display_url(database_url(args))))
    finally:
        store.close()

"""`trainer db upgrade|current|recount`: the progress database, by hand.

Every command that opens the database upgrades it anyway; these are for scripts, for a class
server's administrator, and for checking which revision a file is at without changing it.
`recount` rebuilds the counts that reports read (kept as reviews are recorded) from the review
log, for a database whose log was changed by other means.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from trainer.commands.output import fail
from trainer.commands.storage import EXIT_CODES, add_store_arguments, database_url

if TYPE_CHECKING:
    from trainer.store.repository import Store


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "db", help="the progress database: upgrade, current revision, recount"
    )
    actions = parser.add_subparsers(dest="db_command", metavar="ACTION", required=True)
    upgrade = actions.add_parser(
        "upgrade",
        help="apply pending schema migrations (a SQLite file is copied aside first)",
        epilog=EXIT_CODES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add_store_arguments(upgrade, user=False)
    upgrade.set_defaults(handler=run_upgrade)
    current = actions.add_parser(
        "current",
        help="print the schema revision, changing nothing",
        epilog=EXIT_CODES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add_store_arguments(current, user=False)
    current.set_defaults(handler=run_current)
    recount = actions.add_parser(
        "recount",
        help="rebuild the report tallies of every learner from the review log",
        epilog=EXIT_CODES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add_store_arguments(recount, user=False)
    recount.set_defaults(handler=run_recount)


def run_upgrade(args: argparse.Namespace) -> int:
    from trainer.store.connect import make_engine_or_fail
    from trainer.store.engine import display_url
    from trainer.store.errors import StoreError
    from trainer.store.upgrade import current_revision, ensure_schema

    url = database_url(args)
    try:
        engine = make_engine_or_fail(url)
        try:
            before = current_revision(engine)
            after = ensure_schema(engine)
        finally:
            engine.dispose()
    except StoreError as exc:
        return fail(str(exc), exc.exit_code)
    where = display_url(url)
    if before == after:
        print(f"{where}: schema {after} (up to date)")
    else:
        print(f"{where}: schema {before or 'empty'} -> {after}")
    return 0


def run_current(args: argparse.Namespace) -> int:
    from trainer.store.connect import make_engine_or_fail
    from trainer.store.errors import StoreError
    from trainer.store.upgrade import inspect_schema

    url = database_url(args)
    try:
        engine = make_engine_or_fail(url)
        try:
            status = inspect_schema(url, engine)
        finally:
            engine.dispose()
    except StoreError as exc:
        return fail(str(exc), exc.exit_code)
    if status.revision is None:
        print("none" if status.exists else "none (no database yet)")
    else:
        print(f"{status.revision}{' (head)' if status.current else ''}")
    return 0


def run_recount(args: argparse.Namespace) -> int:
    from trainer.commands.storage import with_store
    from trainer.store.engine import display_url
    from trainer.store.tally import recount

    def work(store: Store) -> int:
        with store.writing() as session:
            reviews, quarters, bands = recount(session)
        print(
            f"{display_url(database_url(args))}: {reviews} reviews recounted into {quarters} "
            f"quarter-hour tallies and {bands} recall bands"
        )
        return 0

    return with_store(args, work)

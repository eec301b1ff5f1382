"""`trainer db upgrade|current`: the schema of the progress database, by hand.

Every command that opens the database upgrades it anyway; these are for scripts, for a class
server's administrator, and for checking which revision a file is at without changing it.
"""

from __future__ import annotations

import argparse

from trainer.commands.output import fail
from trainer.commands.storage import EXIT_CODES, add_store_arguments, database_url


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser("db", help="the progress database: upgrade, current revision")
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


def run_upgrade(args: argparse.Namespace) -> int:
    from trainer.commands.storage import make_engine_or_fail
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
    from trainer.commands.storage import make_engine_or_fail
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

"""`trainer db upgrade|current|recount`: the progress database, by hand.

Every command that opens the database upgrades it anyway; these are for scripts, for a class
server's administrator, and for checking which revision a file is at without changing it.
`recount` rebuilds the counts that reports read (kept as reviews are recorded) from the review
log, for a database whose log was changed by other means.

They speak `--lang`, else the learner's stored language once the database is at the current
schema (read without changing anything: `current` must not), else Japanese.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from trainer.commands.language import add_lang_argument
from trainer.commands.storage import EXIT_CODES, add_store_arguments, database_url
from trainer.locale import Section

if TYPE_CHECKING:
    from trainer.store.repository import Store

TEXT = Section("db_cli")  # trainer/locale/{ja,en}.json, [db_cli]


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
    add_lang_argument(upgrade)
    upgrade.set_defaults(handler=run_upgrade)
    current = actions.add_parser(
        "current",
        help="print the schema revision, changing nothing",
        epilog=EXIT_CODES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add_store_arguments(current, user=False)
    add_lang_argument(current)
    current.set_defaults(handler=run_current)
    recount = actions.add_parser(
        "recount",
        help="rebuild the report tallies of every learner from the review log",
        epilog=EXIT_CODES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add_store_arguments(recount, user=False)
    add_lang_argument(recount)
    recount.set_defaults(handler=run_recount)


def _say(lang: str, key: str, **values: object) -> str:
    return TEXT[lang][key].format(**values)


def _lang(args: argparse.Namespace) -> str:
    from trainer.commands.language import peeked_lang

    return peeked_lang(args)


def run_upgrade(args: argparse.Namespace) -> int:
    from trainer.commands.storage import store_failed
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
        return store_failed(args, exc)
    where, lang = display_url(url), _lang(args)
    if before == after:
        print(_say(lang, "up_to_date", where=where, revision=after))
    else:
        was = before or _say(lang, "empty")
        print(_say(lang, "upgraded", where=where, before=was, after=after))
    return 0


def run_current(args: argparse.Namespace) -> int:
    from trainer.commands.storage import store_failed
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
        return store_failed(args, exc)
    lang = _lang(args)
    if status.revision is None:
        print(_say(lang, "none" if status.exists else "no_database"))
    else:
        print(_say(lang, "head", revision=status.revision) if status.current else status.revision)
    return 0


def run_recount(args: argparse.Namespace) -> int:
    from trainer.commands.storage import with_store
    from trainer.store.engine import display_url
    from trainer.store.tally import recount

    counted: list[tuple[int, int, int]] = []

    def work(store: Store) -> int:
        with store.writing() as session:
            counted.append(recount(session))
        return 0

    code = with_store(args, work)
    for reviews, quarters, bands in counted:  # said once the store is closed: the language
        where, lang = display_url(database_url(args)), _lang(args)  # is a look of its own
        print(_say(lang, "recounted", where=where, reviews=reviews, quarters=quarters, bands=bands))
    return code

"""`trainer --db URL class init|add|remove|list`: a class on one PostgreSQL server.

Run by the instructor, whose role owns the schema. `init` migrates and turns on row-level
security (trainer.store.classroom); `add NAME` makes a learner's login role and prints the URL to
give them; a learner then runs `trainer --db THEIR_URL` as usual, as that role.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from trainer.commands.output import fail
from trainer.commands.storage import EXIT_CODES, add_store_arguments, database_url

if TYPE_CHECKING:
    from sqlalchemy import Engine

EXIT_USAGE = 2


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "class",
        help="a class on one PostgreSQL server: init, add/remove/list learners (the instructor)",
    )
    actions = parser.add_subparsers(dest="class_command", metavar="ACTION", required=True)
    init = actions.add_parser(
        "init",
        help="migrate the class database and turn on row-level security (again after upgrades)",
        epilog=EXIT_CODES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add_store_arguments(init, user=False)
    init.set_defaults(handler=run_init)
    add = actions.add_parser("add", help="a learner's login role; prints the URL to give them")
    add.add_argument("name", help="lower-case letters, digits and _, starting with a letter")
    add.add_argument("--json", action="store_true")
    add_store_arguments(add, user=False)
    add.set_defaults(handler=run_add)
    remove = actions.add_parser("remove", help="drop a learner's role")
    remove.add_argument("name")
    keep = remove.add_mutually_exclusive_group(required=True)
    keep.add_argument("--keep-progress", action="store_true", help="keep their rows for reports")
    keep.add_argument("--delete-progress", action="store_true", help="delete their rows too")
    add_store_arguments(remove, user=False)
    remove.set_defaults(handler=run_remove)
    report = actions.add_parser(
        "report", help="the instructor's dashboard: every learner, the class by topic"
    )
    report.add_argument("--format", choices=("text", "json", "html"), default="text")
    report.add_argument("--out", type=Path, metavar="FILE", help="write here, not to stdout")
    report.add_argument("--lang", choices=("ja", "en"), default="ja")
    add_store_arguments(report, user=False)
    report.set_defaults(handler=run_report)
    listing = actions.add_parser("list", help="the learners, their reviews and last review")
    listing.add_argument("--json", action="store_true")
    add_store_arguments(listing, user=False)
    listing.set_defaults(handler=run_list)


def _with_engine(args: argparse.Namespace, work: Callable[[Engine], int]) -> int:
    from sqlalchemy.exc import DBAPIError

    from trainer.store.classroom import ClassError
    from trainer.store.connect import make_engine_or_fail
    from trainer.store.engine import display_url
    from trainer.store.errors import StoreError, translate

    url = database_url(args)
    try:
        engine = make_engine_or_fail(url)
    except StoreError as exc:
        return fail(str(exc), exc.exit_code)
    try:
        return work(engine)
    except ClassError as exc:
        return fail(str(exc), EXIT_USAGE)
    except StoreError as exc:
        return fail(str(exc), exc.exit_code)
    except DBAPIError as exc:
        error = translate(exc, display_url(url))
        return fail(str(error), error.exit_code)
    finally:
        engine.dispose()


def run_init(args: argparse.Namespace) -> int:
    from trainer.store.classroom import init_class

    def work(engine: Engine) -> int:
        covered = init_class(engine)
        print(f"class ready: row-level security on {len(covered)} tables ({', '.join(covered)})")
        return 0

    return _with_engine(args, work)


def run_add(args: argparse.Namespace) -> int:
    from trainer.commands.output import print_json
    from trainer.store.classroom import add_learner, learner_url

    def work(engine: Engine) -> int:
        password = add_learner(engine, args.name)
        url = learner_url(database_url(args), args.name, password)
        if args.json:
            print_json({"name": args.name, "url": url})
        else:
            print(f"{args.name}: give them this (it holds their password):\n  {url}")
        return 0

    return _with_engine(args, work)


def run_remove(args: argparse.Namespace) -> int:
    from trainer.store.classroom import remove_learner

    def work(engine: Engine) -> int:
        remove_learner(engine, args.name, keep_rows=args.keep_progress)
        kept = "kept" if args.keep_progress else "deleted"
        print(f"{args.name} removed; their progress was {kept}")
        return 0

    return _with_engine(args, work)


def run_list(args: argparse.Namespace) -> int:
    from trainer.commands.output import print_json
    from trainer.store.classroom import list_learners

    def work(engine: Engine) -> int:
        learners = list_learners(engine)
        if args.json:
            print_json(
                [
                    {"name": ln.name, "reviews": ln.reviews, "last_review": ln.last_review}
                    for ln in learners
                ]
            )
        elif not learners:
            print("no learners yet: trainer --db URL class add NAME")
        else:
            for ln in learners:
                print(f"{ln.name:<24} {ln.reviews:>6} reviews  last: {ln.last_review or '-'}")
        return 0

    return _with_engine(args, work)


def run_report(args: argparse.Namespace) -> int:
    """Every learner's figures and the class by topic; needs the instructor's connection."""
    import json
    from datetime import UTC, datetime

    from trainer.bank.topics import topic_names
    from trainer.commands.output import load_bank_or_fail
    from trainer.reports.class_report import build_class_report, class_json
    from trainer.reports.query import question_metas
    from trainer.reports.render_class import render_class_html, render_class_text
    from trainer.reports.report import local_offset_minutes
    from trainer.store.aliases import follow_aliases_for_all
    from trainer.store.classroom import learner_role
    from trainer.store.repository import Store
    from trainer.store.upgrade import ensure_schema

    bank = load_bank_or_fail()
    if isinstance(bank, int):
        return bank

    def work(engine: Engine) -> int:
        if learner_role(engine) is not None:
            return fail("the class report needs the instructor's connection, not a learner's")
        ensure_schema(engine)
        now = datetime.now(UTC)
        store = Store(engine)
        follow_aliases_for_all(store, bank.aliases)  # cards under merged ids follow the survivor
        report = build_class_report(
            store, question_metas(bank), topic_names(bank), now,
            local_offset_minutes(now), args.lang,
        )  # fmt: skip
        if args.format == "json":
            text = json.dumps(class_json(report), ensure_ascii=False, indent=2) + "\n"
        elif args.format == "html":
            text = render_class_html(report, args.lang)
        else:
            text = render_class_text(report, args.lang)
        if args.out is None:
            sys.stdout.write(text)
            return 0
        try:
            args.out.write_text(text, encoding="utf-8")
        except OSError as exc:
            return fail(f"cannot write {args.out}: {exc.strerror or exc}")
        return 0

    return _with_engine(args, work)

"""`trainer report`: progress as text, Markdown, JSON (stable, see trainer/reports/SCHEMA.md) or
one self-contained HTML file."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from trainer.commands.output import fail
from trainer.commands.storage import EXIT_CODES, add_store_arguments, user_name

EXIT_BANK = 1


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "report",
        help="progress report: mastery, history, forecast, retention, exam readiness",
        epilog=EXIT_CODES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--format", choices=("text", "md", "json", "html"), default="text", help="default: text"
    )
    parser.add_argument("--out", type=Path, metavar="FILE", help="write here, not to stdout")
    add_store_arguments(parser)
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    import json
    from datetime import UTC, datetime

    from sqlalchemy.exc import DBAPIError

    from trainer.bank.errors import BankError
    from trainer.bank.loader import load_bank
    from trainer.commands.storage import database_url, open_store
    from trainer.reports.query import question_metas
    from trainer.reports.report import build, local_offset_minutes, to_json
    from trainer.store.engine import display_url
    from trainer.store.errors import StoreError, translate

    try:
        bank = load_bank()
    except BankError:
        return fail("the question bank has problems; run 'trainer bank validate'", EXIT_BANK)
    try:
        store = open_store(args)
    except StoreError as exc:
        return fail(str(exc), exc.exit_code)
    name = user_name(args)
    now = datetime.now(UTC)
    try:
        report = build(
            store,
            store.user_id(name),
            name,
            question_metas(bank),
            now,
            local_offset_minutes(now),
        )
    except StoreError as exc:
        return fail(str(exc), exc.exit_code)
    except DBAPIError as exc:
        error = translate(exc, display_url(database_url(args)))
        return fail(str(error), error.exit_code)
    finally:
        store.close()
    if args.format == "json":
        text = json.dumps(to_json(report), ensure_ascii=False, indent=2) + "\n"
    elif args.format == "md":
        from trainer.reports.render_text import render_markdown

        text = render_markdown(report)
    elif args.format == "html":
        from trainer.reports.render_html import render_html

        text = render_html(report)
    else:
        from trainer.reports.render_text import render_text

        text = render_text(report, color=args.out is None and sys.stdout.isatty())
    if args.out is not None:
        try:
            args.out.write_text(text, encoding="utf-8")
        except OSError as exc:
            return fail(f"cannot write {args.out}: {exc.strerror or exc}")
        print(f"report written to {args.out}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return 0

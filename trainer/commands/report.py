"""`trainer report`: progress as text, Markdown, JSON (stable, see trainer/reports/SCHEMA.md) or
one self-contained HTML file; text, Markdown and HTML in one language (`--lang`, else the
learner's stored language), JSON language-neutral."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from trainer.commands.language import add_lang_argument, learner_lang
from trainer.commands.output import fail, load_bank_or_fail
from trainer.commands.storage import EXIT_CODES, add_store_arguments, user_name

if TYPE_CHECKING:
    from trainer.reports.report import Report
    from trainer.store.repository import Store


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
    add_lang_argument(parser)
    add_store_arguments(parser)
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from datetime import UTC, datetime

    from trainer.bank.topics import topic_names
    from trainer.commands.storage import with_store
    from trainer.reports.query import question_metas
    from trainer.reports.report import build, local_offset_minutes
    from trainer.store.aliases import follow_aliases

    bank = load_bank_or_fail()
    if isinstance(bank, int):
        return bank
    now = datetime.now(UTC)

    def work(store: Store) -> int:
        name = user_name(args)  # here: a class learner's name is their role, known once open
        metas = question_metas(bank)
        user_id = store.user_id(name)
        follow_aliases(store, user_id, bank.aliases)  # cards under merged ids follow the survivor
        lang = learner_lang(args, store, user_id)
        offset = local_offset_minutes(now)
        names = topic_names(bank)
        report = build(store, user_id, name, metas, now, offset, lang=lang, names=names)
        return _write(args, report)

    return with_store(args, work)


def _write(args: argparse.Namespace, report: Report) -> int:
    """Render in the chosen format to --out or stdout."""
    import json

    from trainer.reports.report import to_json
    from trainer.reports.words import word

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
            return fail(word(report.lang, "cannot_write", path=args.out, error=exc.strerror or exc))
        print(word(report.lang, "written_to", path=args.out), file=sys.stderr)
    else:
        sys.stdout.write(text)
    return 0

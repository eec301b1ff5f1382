"""`trainer export`: the bank to Anki, the review log to the FSRS tools.

`export anki --out FILE.apkg [--lang ja|en|both] [--variants N]` writes the question bank as an
Anki package (trainer/reports/anki.py); exporting again updates the notes already in Anki.
`export reviews --format csv --out FILE` writes the learner's review log in the FSRS optimizer's
schema (trainer/reports/review_csv.py). Bad input is one line in the learner's language.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from trainer.commands.language import add_lang_argument, stored_lang
from trainer.commands.storage import EXIT_CODES, add_store_arguments, user_name
from trainer.locale import Section

if TYPE_CHECKING:
    from trainer.store.repository import Store

TEXT = Section("export")  # trainer/locale/{ja,en}.json, [export]
EXIT_USAGE = 2
DEFAULT_VARIANTS = 3  # trainer.reports.anki.DEFAULT_VARIANTS, kept here so --help stays light


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "export",
        help="export the bank to Anki (.apkg) or the review log for the FSRS tools (CSV)",
        description="Export the question bank to Anki, or your review log for the FSRS tools.",
        epilog=EXIT_CODES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    targets = parser.add_subparsers(dest="export_command", metavar="WHAT", required=True)

    anki = targets.add_parser(
        "anki",
        help="the question bank as an Anki package; exporting again updates the notes",
        description=(
            "Write the question bank as an Anki package: one note type per answer kind, decks "
            "by syllabus section, parametric questions as several drawn variants. Notes keep "
            "their ids, so importing a new export updates them instead of adding copies."
        ),
        epilog=EXIT_CODES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    anki.add_argument("--out", type=Path, metavar="FILE.apkg", required=True, help="write here")
    anki.add_argument(
        "--lang",
        dest="card_lang",
        choices=("ja", "en", "both"),
        default=None,
        help="the cards' language (default: the stored 'language' setting, else ja)",
    )
    anki.add_argument(
        "--variants",
        metavar="N",
        default=str(DEFAULT_VARIANTS),
        help=f"notes per parametric question, each a drawn variant (default {DEFAULT_VARIANTS})",
    )
    add_store_arguments(anki)
    anki.set_defaults(handler=run_anki)

    reviews = targets.add_parser(
        "reviews",
        help="your review log in the FSRS optimizer's schema",
        description=(
            "Write your review log as the FSRS optimizer reads it: card_id, review_time (ms), "
            "review_rating, review_state, review_duration (ms)."
        ),
        epilog=EXIT_CODES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    reviews.add_argument("--format", choices=("csv",), default="csv", help="default: csv")
    reviews.add_argument("--out", type=Path, metavar="FILE", required=True, help="write here")
    add_lang_argument(reviews)
    add_store_arguments(reviews)
    reviews.set_defaults(handler=run_reviews)


def _say(lang: str, key: str, **values: object) -> str:
    return TEXT[lang][key].format(**values)


def _error_text(exc: OSError) -> str:
    return exc.strerror or str(exc)


def run_anki(args: argparse.Namespace) -> int:
    from trainer.commands.output import fail, load_bank_or_fail

    card_lang: str | None = args.card_lang
    lang = card_lang if card_lang in ("ja", "en") else stored_lang(args)
    card_lang = card_lang or lang
    try:
        variants = int(args.variants)
    except ValueError:
        variants = 0
    if variants < 1:
        return fail(_say(lang, "bad_variants", given=args.variants), EXIT_USAGE)
    bank = load_bank_or_fail()
    if isinstance(bank, int):
        return bank
    from trainer.reports.anki import write_apkg

    try:
        summary = write_apkg(bank, args.out, lang=card_lang, variants=variants)
    except OSError as exc:
        return fail(_say(lang, "cannot_write", path=args.out, error=_error_text(exc)))
    print(
        _say(
            lang,
            "anki_written",
            notes=summary.notes,
            questions=summary.questions,
            decks=summary.decks,
            path=args.out,
        ),
        file=sys.stderr,
    )
    return 0


def run_reviews(args: argparse.Namespace) -> int:
    from trainer.commands.language import learner_lang
    from trainer.commands.output import fail
    from trainer.commands.storage import with_store

    def work(store: Store) -> int:
        from trainer.reports.review_csv import user_review_rows, write_csv

        user_id = store.user_id(user_name(args))
        lang = learner_lang(args, store, user_id)
        rows = user_review_rows(store, user_id)
        try:
            with args.out.open("w", encoding="utf-8", newline="") as file:
                count = write_csv(rows, file)
        except OSError as exc:
            return fail(_say(lang, "cannot_write", path=args.out, error=_error_text(exc)))
        print(_say(lang, "reviews_written", reviews=count, path=args.out), file=sys.stderr)
        return 0

    return with_store(args, work)

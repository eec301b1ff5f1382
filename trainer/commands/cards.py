"""`trainer cards`: the card browser on the command line.

`cards list` lists every question with its card (filters: --search, --topic, --state),
`cards show ID` one card with its question and every review, and `cards suspend|unsuspend|bury|
unbury|flag|unflag|reset ID` act on one card. The core is `trainer.study.browser`, shared with
the TUI's browser screen (`b` on the home screen).
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from trainer.commands.language import add_lang_argument
from trainer.commands.storage import EXIT_CODES, add_store_arguments, user_name
from trainer.locale import Section

if TYPE_CHECKING:
    from collections.abc import Callable

    from trainer.bank.loader import Bank
    from trainer.store.repository import Store

EXIT_USAGE = 2
STATE_HELP = "new, learning, review, due, suspended, buried, flagged or leech"

TEXT = Section("cards")  # trainer/locale/{ja,en}.json, [cards]

ACTION_HELP = {
    "suspend": "leave a card out of study until unsuspended",
    "unsuspend": "study a suspended card (a leech too) again",
    "bury": "leave a card out until the next study day",
    "unbury": "study a buried card today again",
    "flag": "mark a question as possibly wrong, with an optional note",
    "unflag": "take the flag off a card",
    "reset": "make a card new again (its reviews stay in the log)",
}


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "cards",
        help="card browser: list, show, suspend, bury, flag, reset",
        description="Browse every question with its card, see one in detail, act on one.",
        epilog=EXIT_CODES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    actions = parser.add_subparsers(dest="cards_command", metavar="ACTION", required=True)

    listing = _action(actions, "list", "every question with its card, filtered")
    listing.add_argument("--search", metavar="TEXT", help="in the id, topic or prompt (ja/en)")
    listing.add_argument(
        "--topic", metavar="T", help="a syllabus major or section: number (3, 3-4), slug or path"
    )
    listing.add_argument("--state", metavar="STATE", help=STATE_HELP)
    listing.add_argument("--json", action="store_true", help="as JSON (a list; each has its id)")
    listing.set_defaults(handler=run_list)

    show = _action(actions, "show", "one card: question, state, memory, every review")
    show.add_argument("id", metavar="ID", help="question id")
    show.add_argument("--json", action="store_true", help="as JSON")
    show.set_defaults(handler=run_show)

    for name, help_text in ACTION_HELP.items():
        action = _action(actions, name, help_text)
        action.add_argument("id", metavar="ID", help="question id")
        if name == "flag":
            action.add_argument("--note", metavar="TEXT", help="what looks wrong (for the author)")
        action.set_defaults(handler=run_action, action=name)


def _action(
    actions: argparse._SubParsersAction[argparse.ArgumentParser], name: str, help_text: str
) -> argparse.ArgumentParser:
    parser = actions.add_parser(
        name,
        help=help_text,
        description=help_text[0].upper() + help_text[1:] + ".",
        epilog=EXIT_CODES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add_lang_argument(parser)
    add_store_arguments(parser)
    return parser


def _say(lang: str, key: str, **values: object) -> str:
    return TEXT[lang][key].format(**values)


def _run(args: argparse.Namespace, work: Callable[[Store, Bank, int, str], int]) -> int:
    """Load the bank, open the store, find the learner and their language, run `work`; a
    `BrowserError` (unknown id, state) becomes one line on stderr and exit 2."""
    from trainer.commands.language import learner_lang
    from trainer.commands.output import fail, load_bank_or_fail
    from trainer.commands.storage import with_store
    from trainer.study.browser import BrowserError

    bank = load_bank_or_fail()
    if isinstance(bank, int):
        return bank

    def opened(store: Store) -> int:
        from trainer.store.aliases import follow_aliases

        user_id = store.user_id(user_name(args))
        follow_aliases(store, user_id, bank.aliases)  # cards under merged ids follow the survivor
        lang = learner_lang(args, store, user_id)
        try:
            return work(store, bank, user_id, lang)
        except BrowserError as exc:
            return fail(exc.get(lang), EXIT_USAGE)

    return with_store(args, opened)


def run_list(args: argparse.Namespace) -> int:
    from trainer.commands.output import print_json
    from trainer.study.browser import browse, days_text, marks_text, state_text, when_text
    from trainer.study.session import utcnow

    def work(store: Store, bank: Bank, user_id: int, lang: str) -> int:
        cards = browse(
            store, bank, user_id, utcnow(), search=args.search, topic=args.topic, state=args.state
        )
        if args.json:
            print_json([card.as_json() for card in cards])
            return 0
        if not cards:
            print(_say(lang, "none"))
            return 0
        heads = [_say(lang, key) for key in ("id", "state", "due", "stability", "lapses", "marks")]
        rows = [
            [
                card.question_id,
                state_text(lang, card),
                when_text(card.due),
                days_text(lang, card.stability),
                str(card.lapses),
                marks_text(lang, card),
            ]
            for card in cards
        ]
        _print_table(heads, rows)
        print(_say(lang, "count", n=len(cards), total=len(bank.questions)))
        return 0

    return _run(args, work)


def _print_table(heads: list[str], rows: list[list[str]]) -> None:
    from rich.cells import cell_len

    widths = [max(cell_len(cell) for cell in column) for column in zip(heads, *rows, strict=True)]
    for row in (heads, *rows):
        cells = [
            cell + " " * (width - cell_len(cell)) for cell, width in zip(row, widths, strict=True)
        ]
        print("  ".join(cells).rstrip())


def run_show(args: argparse.Namespace) -> int:
    from trainer.commands.output import print_json
    from trainer.study.browser import card_detail, detail_lines
    from trainer.study.session import utcnow

    def work(store: Store, bank: Bank, user_id: int, lang: str) -> int:
        detail = card_detail(store, bank, user_id, args.id, utcnow())
        if args.json:
            print_json(detail.as_json())
        else:
            print("\n".join(detail_lines(detail, lang)))
        return 0

    return _run(args, work)


def run_action(args: argparse.Namespace) -> int:
    from trainer.study.browser import act, when_text
    from trainer.study.session import utcnow

    def work(store: Store, bank: Bank, user_id: int, lang: str) -> int:
        note = getattr(args, "note", None)
        record = act(store, user_id, args.id, args.action, utcnow(), note, bank=bank)
        when = when_text(record.buried_until)
        print(_say(lang, f"done_{args.action}", id=record.question_id, when=when))
        return 0

    return _run(args, work)

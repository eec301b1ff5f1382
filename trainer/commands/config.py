"""`trainer config`: the learner's settings, kept in the progress store (so they follow the
learner to every machine that opens the same database).

`config show [--json]` lists them, `config set KEY VALUE` changes one (`trainer.study.settings`
checks it), `config exam-date [DATE|clear]` is the older way to set the exam date.
"""

from __future__ import annotations

import argparse
from datetime import date
from typing import TYPE_CHECKING

from trainer.commands.language import add_lang_argument, forced_lang
from trainer.commands.storage import EXIT_CODES, add_store_arguments, user_name
from trainer.locale import Section

if TYPE_CHECKING:
    from trainer.store.repository import Store

EXIT_USAGE = 2

TEXT = Section("config")  # trainer/locale/{ja,en}.json, [config]


def _day(value: str) -> str:
    if value in ("none", "clear"):
        return value
    try:
        return date.fromisoformat(value).isoformat()
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {value!r}") from None


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    from trainer.study.settings import KEYS

    keys = ", ".join(KEYS)
    parser = subparsers.add_parser(
        "config",
        help="settings: daily limits, retention, order, language, exam date",
        description=f"The learner's settings, kept in the database: {keys}.",
        epilog=EXIT_CODES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    actions = parser.add_subparsers(dest="config_command", metavar="ACTION", required=True)

    show = actions.add_parser(
        "show",
        help="every setting with its value and what it means",
        epilog=EXIT_CODES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    show.add_argument("--json", action="store_true", help="as JSON")
    add_lang_argument(show)
    add_store_arguments(show)
    show.set_defaults(handler=run_show)

    change = actions.add_parser(
        "set",
        help="change one setting",
        description=f"Change one setting: {keys}. VALUE 'default' restores the default.",
        epilog=EXIT_CODES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    change.add_argument("key", metavar="KEY", help=keys)
    change.add_argument("value", metavar="VALUE")
    add_lang_argument(change)
    add_store_arguments(change)
    change.set_defaults(handler=run_set)

    exam = actions.add_parser(
        "exam-date",
        help="show or set the exam date; reports then project readiness to that day",
        epilog=EXIT_CODES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    exam.add_argument(
        "date", nargs="?", type=_day, help="YYYY-MM-DD, or 'clear' to remove it (omit: show it)"
    )
    add_lang_argument(exam)
    add_store_arguments(exam)
    exam.set_defaults(handler=run_exam_date)


def run_show(args: argparse.Namespace) -> int:
    from rich.cells import cell_len

    from trainer.commands.output import print_json
    from trainer.commands.storage import with_store
    from trainer.study.settings import KEYS, is_default, load_settings, settings_json, value_text

    def work(store: Store) -> int:
        name = user_name(args)
        settings = load_settings(store, store.user_id(name))
        lang = forced_lang(args) or settings.language
        if args.json:
            print_json({"user": name, "settings": settings_json(settings, lang)})
            return 0
        marker = TEXT[lang]["default"]
        values = {
            key: value_text(settings, key) + (f" {marker}" if is_default(settings, key) else "")
            for key in KEYS
        }
        width = max(len(key) for key in KEYS)
        value_width = max(cell_len(value) for value in values.values())
        for key, spec in KEYS.items():
            pad = " " * (value_width - cell_len(values[key]))
            print(f"{key:<{width}}  {values[key]}{pad}  {spec.description.get(lang)}")
        print()
        print(TEXT[lang]["how"])
        return 0

    return with_store(args, work)


def run_set(args: argparse.Namespace) -> int:
    from trainer.commands.output import fail
    from trainer.commands.storage import with_store
    from trainer.study.settings import (
        SettingError,
        load_settings,
        parse_setting,
        save_setting,
        setting_key,
        value_text,
    )

    forced = forced_lang(args)
    try:
        parse_setting(args.key, args.value)
    except SettingError as exc:
        if forced is not None:  # the language is known: say it without opening the database
            return fail(exc.get(forced), EXIT_USAGE)
        error: SettingError | None = exc
    else:
        error = None

    def work(store: Store) -> int:
        user_id = store.user_id(user_name(args))
        if error is not None:  # nothing is saved; say why in the learner's language
            return fail(error.get(load_settings(store, user_id).language), EXIT_USAGE)
        settings = save_setting(store, user_id, args.key, args.value)
        key = setting_key(args.key).name
        lang = forced or settings.language
        print(TEXT[lang]["set"].format(key=key, value=value_text(settings, key)))
        return 0

    return with_store(args, work)


def run_exam_date(args: argparse.Namespace) -> int:
    from trainer.bank.english import words
    from trainer.commands.language import learner_lang
    from trainer.commands.storage import with_store
    from trainer.reports.query import EXAM_DATE
    from trainer.store.records import get_setting, set_setting

    def work(store: Store) -> int:
        user_id = store.user_id(user_name(args))
        if args.date is None:
            current = get_setting(store, user_id, EXAM_DATE)
            print(current or TEXT[learner_lang(args, store, user_id)]["exam_date_none"])
            return 0
        lang = learner_lang(args, store, user_id)
        if args.date in ("none", "clear"):
            set_setting(store, user_id, EXAM_DATE, None)
            print(TEXT[lang]["exam_date_cleared"])
            return 0
        set_setting(store, user_id, EXAM_DATE, args.date)
        days = (date.fromisoformat(args.date) - date.today()).days
        ahead = "exam_date_ahead" if days >= 0 else "exam_date_ago"
        when = TEXT[lang][ahead].format(**words({"days": abs(days)}))
        print(TEXT[lang]["exam_date_set"].format(date=args.date, when=when))
        return 0

    return with_store(args, work)

"""`--lang`: on the main parser (`trainer --lang en`, the bare command included) and again on
each sub-command that talks (`trainer quiz --lang en`), the latter with a `SUPPRESS` default so
it never clobbers the former. Neither given, the learner's stored `language` setting decides."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from trainer.store.repository import Store

LANG_HELP = "ja or en (default: the stored 'language' setting, else ja)"


def add_lang_argument(parser: argparse.ArgumentParser, *, main: bool = False) -> None:
    parser.add_argument(
        "--lang",
        choices=("ja", "en"),
        default=None if main else argparse.SUPPRESS,
        help=LANG_HELP,
    )


def forced_lang(args: argparse.Namespace) -> str | None:
    """The language given on the command line, if any."""
    lang: str | None = getattr(args, "lang", None)
    return lang


def learner_lang(args: argparse.Namespace, store: Store, user_id: int) -> str:
    """`--lang` if given, else the learner's stored language (one query)."""
    from trainer.study.settings import load_settings

    return forced_lang(args) or load_settings(store, user_id).language


def stored_lang(args: argparse.Namespace) -> str:
    """`--lang`, else the learner's stored language; ja when the store cannot be read (the
    language is not worth failing a command for)."""
    forced = forced_lang(args)
    if forced is not None:
        return forced
    from trainer.commands.storage import open_store, user_name
    from trainer.store.errors import StoreError
    from trainer.study.settings import load_settings

    try:
        store = open_store(args)
    except StoreError:
        return "ja"
    try:
        return load_settings(store, store.user_id(user_name(args))).language
    except Exception:
        return "ja"
    finally:
        store.close()

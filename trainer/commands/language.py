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


def peeked_lang(args: argparse.Namespace) -> str:
    """`--lang`, else the stored language of `--user` read without changing the database (none
    is created or upgraded, no learner added), else ja: for `trainer bank` and `trainer db`, which
    must not make or change a database just to pick the language they speak."""
    forced = forced_lang(args)
    if forced is not None:
        return forced
    from trainer.commands.storage import database_url, user_name

    try:
        return _stored_language(database_url(args), user_name(args)) or "ja"
    except Exception:  # the language is not worth failing a command for
        return "ja"


def _stored_language(url: str, name: str) -> str | None:
    from sqlalchemy import select

    from trainer.store.connect import make_engine_or_fail
    from trainer.store.engine import sqlite_path
    from trainer.store.repository import USER, Store
    from trainer.store.upgrade import inspect_schema
    from trainer.study.settings import load_settings

    path = sqlite_path(url)
    if path is not None and not path.is_file():
        return None
    engine = make_engine_or_fail(url)
    try:
        if not inspect_schema(url, engine).current:
            return None  # an older schema may lack the settings; a newer one is not ours to read
        store = Store(engine)
        for (user_id,) in store.rows(select(USER.id).where(USER.name == name)):
            return load_settings(store, int(user_id)).language
        return None
    finally:
        engine.dispose()

"""Turning a database URL into an engine, or into a `StoreError` a learner can act on.

Here, not in the command layer, because the study service opens databases too (the TUI has no
command line under it); the CLI and the service share this one translation of driver errors.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlalchemy import Engine

# The PostgreSQL advisory lock that makes upgrades of one database wait for each other.
SCHEMA_LOCK = 0x7472_6169_6E65_72  # "trainer"


def make_engine_or_fail(url: str) -> Engine:
    """`make_engine`, with a bad URL or a missing driver turned into a `StoreError`."""
    from sqlalchemy.exc import ArgumentError, NoSuchModuleError

    from trainer.store.engine import display_url, make_engine
    from trainer.store.errors import StoreError

    try:
        return make_engine(url)
    except NoSuchModuleError as exc:
        raise StoreError(f"unknown database type in --db: {exc}") from None
    except ArgumentError as exc:
        raise StoreError(f"not a database URL: {url!r} ({exc})") from None
    except ImportError as exc:
        raise StoreError(
            f"no driver for {display_url(url)}: {exc.name or exc} is not installed "
            "(for PostgreSQL: pip install 'trainer[postgres]')"
        ) from None


def prepare_store(engine: Engine, user: str) -> str:
    """Make the database ready and say whose progress it holds: `user`, upgraded to the newest
    schema; or, connected as a learner of a class (PostgreSQL), the learner's own role, with the
    schema checked but never migrated (the instructor does that). A server that refuses the
    login or cannot be reached raises `ServerUnavailableError`."""
    from trainer.store.upgrade import ensure_schema

    if engine.dialect.name != "postgresql":
        ensure_schema(engine)
        return user
    from sqlalchemy import text
    from sqlalchemy.exc import DBAPIError

    from trainer.store.classroom import learner_role
    from trainer.store.errors import server_unavailable

    try:
        role = learner_role(engine)  # the first connection: a wrong password or no server here
    except DBAPIError as exc:
        unavailable = server_unavailable(exc, engine.url.render_as_string(hide_password=False))
        if unavailable is None:
            raise
        raise unavailable from None
    if role is None:
        with engine.connect() as lock:
            # Two first runs at once would both create the tables (a duplicate key in the
            # catalog): the second waits here, then finds the schema current. Held until this
            # transaction ends, on the way out of the block.
            lock.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": SCHEMA_LOCK})
            ensure_schema(engine)
        return user
    from trainer.store.engine import display_url
    from trainer.store.errors import StoreError
    from trainer.store.upgrade import inspect_schema

    url = engine.url.render_as_string(hide_password=False)
    status = inspect_schema(url, engine)
    if not status.current:
        raise StoreError(
            f"the class database {display_url(url)} is at schema {status.revision or 'none'} "
            f"and this trainer needs {status.head}: ask your instructor to run "
            "'trainer --db URL class init'"
        )
    return role

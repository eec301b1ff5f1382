"""Which database, and how to talk to it: URL resolution, the engine, the one `sessionmaker`.

SQLite gets its settings on every new connection (a `connect` listener): foreign keys on (SQLite
ignores them otherwise), WAL (readers never block the writer), a busy timeout (a second process
waits instead of failing with "database is locked"), and `synchronous=NORMAL` (safe with WAL).
SQLAlchemy's documented listener touches `dbapi_connection.autocommit`, which only exists from
Python 3.12, so it is not used. We also take over BEGIN from the sqlite3 module (the recipe in
SQLAlchemy's SQLite dialect docs), so that DDL is transactional and a write unit can start with
BEGIN IMMEDIATE: then it waits for the write lock up front, rather than failing half-way.
"""

from __future__ import annotations

import getpass
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, Connection, make_url
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import StaticPool

ENV_VAR = "TRAINER_DB"
DEFAULT_FILE_NAME = "trainer.db"
BUSY_TIMEOUT_MS = 15_000
CONNECT_TIMEOUT_S = 10  # a database server that does not answer (PostgreSQL)
WRITE = "trainer_write"  # execution option: this unit of work will write (BEGIN IMMEDIATE)


def default_url() -> str:
    """A SQLite file in the per-user data directory (e.g. ~/.local/share/trainer/trainer.db)."""
    import platformdirs

    directory = Path(platformdirs.user_data_dir("trainer", appauthor=False))
    return f"sqlite:///{directory / DEFAULT_FILE_NAME}"


def resolve_url(option: str | None = None, environ: Mapping[str, str] | None = None) -> str:
    """`--db URL` wins over `TRAINER_DB`, which wins over the default file.

    A value without `://` is taken as a SQLite file path, which is what people type.
    """
    environ = os.environ if environ is None else environ
    value = option or environ.get(ENV_VAR) or default_url()
    if "://" not in value:
        value = f"sqlite:///{Path(value).expanduser()}"
    return value


def default_user() -> str:
    """The OS user name: one learner per account unless `--user` says otherwise."""
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no passwd entry and no LOGNAME (some containers)
        return "learner"


def sqlite_path(url: str | URL) -> Path | None:
    """The file behind a SQLite URL, or None for other databases and in-memory SQLite."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return None
    database = parsed.database or ""
    if database in ("", ":memory:") or database.startswith("file:"):
        return None
    return Path(database)


def display_url(url: str | URL) -> str:
    """The URL for messages: password hidden, a SQLite file shown as its path."""
    path = sqlite_path(url)
    if path is not None:
        return str(path)
    return make_url(url).render_as_string(hide_password=True)


def make_engine(url: str, *, echo: bool = False) -> Engine:
    """An engine for `url`; SQLite connections are configured as the module docstring says."""
    parsed = make_url(url)
    options: dict[str, Any] = {"echo": echo}
    if parsed.get_backend_name() == "sqlite":
        if parsed.database in (None, "", ":memory:"):
            # One shared in-memory database instead of one per pooled connection.
            options["poolclass"] = StaticPool
            options["connect_args"] = {"check_same_thread": False}
        engine = create_engine(parsed, **options)
        event.listen(engine, "connect", _configure_sqlite)
        event.listen(engine, "begin", _begin_sqlite)
        return engine
    if parsed.get_backend_name() == "postgresql" and "connect_timeout" not in parsed.query:
        # A server behind a firewall that drops packets: say so in seconds, not minutes.
        options["connect_args"] = {"connect_timeout": CONNECT_TIMEOUT_S}
    return create_engine(parsed, pool_pre_ping=True, **options)


def _configure_sqlite(dbapi_connection: Any, _record: Any) -> None:
    # Let SQLAlchemy emit BEGIN (see _begin_sqlite); with this, PRAGMAs run outside transactions.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = NORMAL")
    finally:
        cursor.close()


def _begin_sqlite(connection: Connection) -> None:
    immediate = connection.get_execution_options().get(WRITE, False)
    connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def make_sessionmaker(engine: Engine) -> sessionmaker[Session]:
    """The app's one `sessionmaker`. Objects stay readable after commit; sessions stay short."""
    return sessionmaker(engine, expire_on_commit=False)

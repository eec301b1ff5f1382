"""Bring a database to the current schema on start, or refuse it clearly. Never overwrite.

Before anything writes, a SQLite file is looked at through a plain connection that only reads
(none of our PRAGMAs, so not even the switch to WAL): not a database, not ours, marked read-only,
or from a newer trainer (a revision we do not know) each raise a typed error and leave the file
byte for byte as it was. Migrations then run in one transaction, with
foreign keys off (else a batch rebuild of a parent table cascade-deletes its children) and
`PRAGMA foreign_key_check` before commit. An existing file is copied aside before it is migrated.
"""

from __future__ import annotations

import os
import sqlite3
import stat
import sys
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote

from sqlalchemy import Connection, Engine, create_engine, inspect, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.pool import NullPool

from trainer.store.engine import WRITE, display_url, sqlite_path
from trainer.store.errors import (
    SQLITE_FULL,
    MigrationError,
    NotADatabaseError,
    ReadOnlyDatabaseError,
    SchemaTooNewError,
    StoreError,
    sqlite_error_code,
    translate,
)

if TYPE_CHECKING:
    from alembic.config import Config

VERSION_TABLE = "alembic_version"
# The newest revision this package ships. A test holds it equal to alembic's head; knowing it
# here lets every start on an up-to-date database skip importing alembic (a tenth of a second).
HEAD = "0006"


@dataclass(frozen=True)
class SchemaStatus:
    """What is in a database, found without changing it."""

    exists: bool
    revision: str | None  # None: empty (or missing) database
    head: str

    @property
    def current(self) -> bool:
        return self.revision == self.head


def alembic_config() -> Config:
    """Alembic settings pointing at the migrations inside the installed package."""
    from alembic.config import Config

    config = Config(stdout=sys.stdout)  # now: a default would be the stdout of first import
    location = resources.files("trainer.store") / "migrations"
    config.set_main_option("script_location", str(location))
    # Revision files must be importable names (mypy checks them): r0003_add_something.py
    config.set_main_option("file_template", "r%%(rev)s_%%(slug)s")
    return config


def head_revision() -> str:
    """The head as alembic finds it in the migration scripts (slow: reads every script)."""
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None, "the package ships no migrations"
    return head


def _known_revisions() -> set[str]:
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(alembic_config())
    return {revision.revision for revision in script.walk_revisions()}


def inspect_schema(url: str, engine: Engine | None = None) -> SchemaStatus:
    """The database's schema revision, read without writing anything.

    Raises a `StoreError` for a file that is not a database, not ours, or from a newer trainer.
    """
    where = display_url(url)
    path = sqlite_path(url)
    head = HEAD
    if path is not None:
        if not path.exists():
            return SchemaStatus(exists=False, revision=None, head=head)
        if not path.is_file():
            raise NotADatabaseError(f"{where} is not a file")
        left = _left_as_is(path)  # before opening: SQLite replays a waiting -wal file on open
        probe = _plain_sqlite(path)
        try:
            with probe.connect() as connection:
                return _status(connection, where, head, left)
        except DBAPIError as exc:
            raise translate(exc, where) from None
        finally:
            probe.dispose()
    if engine is None:
        raise ValueError("a non-SQLite database is inspected through its engine")
    try:
        with engine.connect() as connection:
            return _status(connection, where, head)
    except DBAPIError as exc:
        raise translate(exc, where) from None


def _plain_sqlite(path: Path) -> Engine:
    # mode=rw never creates the file. Not mode=ro: a read-only connection cannot clean up the
    # -wal/-shm files of a WAL database when it closes, and would leave them behind.
    uri = f"file:{quote(str(path.resolve()))}?mode=rw"
    return create_engine(
        "sqlite://",
        creator=lambda: sqlite3.connect(uri, uri=True, timeout=15, check_same_thread=False),
        poolclass=NullPool,
    )


def _left_as_is(path: Path) -> str:
    """How to say what opening did to the file: nothing, or (a -wal journal waiting beside it,
    from a crash or copied along with it) SQLite applied the changes in the journal."""
    wal = path.with_name(path.name + "-wal")
    try:
        size = wal.stat().st_size
    except OSError:
        return "it was left as is"
    if size == 0:
        return "it was left as is"
    return (
        f"it was left as is, except that SQLite applied the {size} bytes of changes waiting in "
        f"{wal.name} beside it (as it does on every open)"
    )


def _status(
    connection: Connection, where: str, head: str, left: str = "it was left as is"
) -> SchemaStatus:
    tables = set(inspect(connection).get_table_names())
    if VERSION_TABLE not in tables:
        if tables:
            names = ", ".join(sorted(tables)[:5])
            raise NotADatabaseError(
                f"{where} is a database, but not a trainer database (tables: {names}); "
                f"{left} - pass --db with another file"
            )
        return SchemaStatus(exists=True, revision=None, head=head)
    heads = tuple(
        row[0] for row in connection.execute(text(f"SELECT version_num FROM {VERSION_TABLE}"))
    )
    if not heads and tables - {VERSION_TABLE}:
        raise MigrationError(
            f"{where} has trainer's tables but no schema version (its {VERSION_TABLE} table is "
            f"empty), so it cannot be upgraded safely; {left} - restore it from a backup "
            "(a .before-* file beside it) or pass --db with another file"
        )
    if heads == (head,):  # the common case, decided without alembic
        return SchemaStatus(exists=True, revision=head, head=head)
    unknown = sorted(set(heads) - _known_revisions())
    if unknown:
        raise SchemaTooNewError(
            f"{where} was made by a newer version of trainer (schema {', '.join(unknown)}; "
            f"this version knows up to {head}); {left} - upgrade trainer to use it"
        )
    if len(heads) > 1:
        raise MigrationError(f"{where} has several schema heads ({', '.join(heads)})")
    return SchemaStatus(exists=True, revision=heads[0] if heads else None, head=head)


def _refuse_read_only(path: Path, where: str) -> None:
    # The permission bits count even for root, who could write anyway: a file marked
    # read-only was marked so by someone, and a migration must not slip past that.
    mode = path.stat().st_mode
    if not os.access(path, os.W_OK) or not mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH):
        raise ReadOnlyDatabaseError(
            f"{where} is read-only; make it writable (chmod u+w) or pass --db with another file"
        )
    if not os.access(path.parent, os.W_OK):
        raise ReadOnlyDatabaseError(
            f"the folder of {where} is read-only, and SQLite needs to write its journal there"
        )


def ensure_schema(engine: Engine) -> str:
    """Upgrade the database behind `engine` to the newest schema; returns the revision.

    Raises a `StoreError` subclass, with nothing changed, when the database cannot be used.
    """
    url = engine.url.render_as_string(hide_password=False)
    where = display_url(url)
    path = sqlite_path(url)
    if path is not None:
        if path.exists():
            _refuse_read_only(path, where)
        else:
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise StoreError(f"cannot create the folder for {where}: {exc.strerror}") from None
    status = inspect_schema(url, engine)
    if status.current:
        return status.head
    if path is not None and status.revision is not None:
        backup_sqlite(path, path.with_name(f"{path.name}.before-{status.head}"))
    try:
        migrate(engine, "head")
    except (DBAPIError, OSError) as exc:
        if path is not None and not status.exists and _disk_full(exc):
            engine.dispose()
            _remove_new_database(path)  # a full disk must not leave a 0-byte database behind
        if isinstance(exc, OSError):
            raise StoreError(f"cannot create {where}: {exc.strerror or exc}") from None
        raise translate(exc, where) from None
    return status.head


def _disk_full(exc: BaseException) -> bool:
    """The first start failed for want of space: what it made is a leftover of its own. (Any
    other failure, "database is locked" above all, may mean another process created the file at
    the same moment and is migrating it: removing it would pull the database from under it.)"""
    return isinstance(exc, OSError) or sqlite_error_code(exc) == SQLITE_FULL


def _remove_new_database(path: Path) -> None:
    """Remove what a failed first start made: the database file and its journals."""
    for leftover in (path, *(path.with_name(path.name + s) for s in ("-wal", "-shm", "-journal"))):
        leftover.unlink(missing_ok=True)


def migrate(engine: Engine, target: str = "head", *, down: bool = False) -> None:
    """Migrate up (or `down`) to `target`: foreign keys off, checked after, one transaction."""
    from alembic import command

    config = alembic_config()
    step = command.downgrade if down else command.upgrade
    with engine.connect() as connection:
        sqlite = connection.dialect.name == "sqlite"
        raw = connection.connection.driver_connection
        assert raw is not None
        if sqlite:
            # Outside any transaction (the PRAGMA is a no-op inside one), on this connection.
            raw.execute("PRAGMA foreign_keys = OFF")
        try:
            with connection.execution_options(**{WRITE: True}).begin():
                config.attributes["connection"] = connection
                step(config, target)
                if sqlite:
                    broken = connection.exec_driver_sql("PRAGMA foreign_key_check").all()
                    if broken:
                        raise MigrationError(
                            f"the migration to {target} would leave {len(broken)} rows pointing "
                            "at missing rows; it was rolled back and nothing changed"
                        )
        finally:
            if sqlite:
                raw.execute("PRAGMA foreign_keys = ON")


def current_revision(engine: Engine) -> str | None:
    """The schema revision of the database, or None if it has none yet (read-only)."""
    url = engine.url.render_as_string(hide_password=False)
    return inspect_schema(url, engine).revision


def backup_sqlite(source: Path, target: Path) -> None:
    """A consistent copy of a live SQLite file (the backup API, not a byte copy of a WAL file)."""
    from_db = sqlite3.connect(f"file:{quote(str(source.resolve()))}?mode=ro", uri=True)
    try:
        to_db = sqlite3.connect(target)
        try:
            from_db.backup(to_db)
        finally:
            to_db.close()
    finally:
        from_db.close()


def new_revision(message: str, rev_id: str) -> None:
    """Developer tool: autogenerate the next revision from the models' difference to head.

    `python -c "from trainer.store.upgrade import new_revision; new_revision('add x', '0003')"`
    writes `migrations/versions/r0003_add_x.py`; read it, fix what autogenerate cannot know
    (backfills before NOT NULL, server defaults), add a test that fills the old schema, and
    move `HEAD` above to the new revision.
    """
    import tempfile

    from alembic import command

    from trainer.store.engine import make_engine

    with tempfile.TemporaryDirectory() as folder:
        engine = make_engine(f"sqlite:///{Path(folder) / 'head.db'}")
        try:
            migrate(engine)
            config = alembic_config()
            with engine.connect() as connection:
                config.attributes["connection"] = connection
                command.revision(config, message=message, autogenerate=True, rev_id=rev_id)
        finally:
            engine.dispose()

"""Database files that are not what they seem (issue 17, "Database files"): each gets a message
that says what is wrong and what opening did, and a failed first start leaves nothing behind.
SQLite only by nature: these are files on disk."""

from __future__ import annotations

import errno
import shutil
import sqlite3
from pathlib import Path

import pytest

from trainer.store import upgrade
from trainer.store.engine import make_engine
from trainer.store.errors import MigrationError, NotADatabaseError, StoreError
from trainer.store.upgrade import ensure_schema, inspect_schema


def test_an_empty_version_table_is_named_not_table_user_already_exists(tmp_path: Path) -> None:
    path = tmp_path / "t.db"
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL)")
        connection.execute("CREATE TABLE user (id INTEGER PRIMARY KEY, name TEXT)")
    engine = make_engine(f"sqlite:///{path}")
    try:
        with pytest.raises(MigrationError, match="no schema version"):
            ensure_schema(engine)
    finally:
        engine.dispose()


def test_a_waiting_wal_file_is_said_to_be_applied_not_left_as_is(tmp_path: Path) -> None:
    """A foreign database copied with its -wal journal: SQLite replays it on open."""
    source = tmp_path / "src.db"
    keeper = sqlite3.connect(source)
    keeper.execute("PRAGMA journal_mode=WAL")
    keeper.execute("PRAGMA wal_autocheckpoint=0")
    keeper.execute("CREATE TABLE notes (body TEXT)")
    keeper.execute("INSERT INTO notes VALUES ('x')")
    keeper.commit()
    target = tmp_path / "copy.db"
    shutil.copy(source, target)
    shutil.copy(source.with_name("src.db-wal"), target.with_name("copy.db-wal"))
    keeper.close()
    size = target.with_name("copy.db-wal").stat().st_size
    assert size > 0
    with pytest.raises(NotADatabaseError) as caught:
        inspect_schema(f"sqlite:///{target}")
    message = str(caught.value)
    assert "not a trainer database" in message
    assert f"applied the {size} bytes of changes waiting in copy.db-wal" in message


def test_without_a_journal_the_file_is_left_as_is(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE notes (body TEXT)")
    before = path.read_bytes()
    with pytest.raises(NotADatabaseError, match="it was left as is - pass --db"):
        inspect_schema(f"sqlite:///{path}")
    assert path.read_bytes() == before


def test_a_full_disk_at_the_first_start_leaves_no_database_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "new" / "trainer.db"

    def disk_full(engine: object, target: str = "head", *, down: bool = False) -> None:
        path.write_bytes(b"")  # what SQLite had made when the disk filled up
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(upgrade, "migrate", disk_full)
    engine = make_engine(f"sqlite:///{path}")
    try:
        with pytest.raises(StoreError, match="No space left on device"):
            ensure_schema(engine)
    finally:
        engine.dispose()
    assert not path.exists()
    assert not list(path.parent.iterdir())


def test_a_first_start_that_finds_the_new_file_locked_leaves_it_to_its_maker(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two first starts at once: the one that loses the race must not remove the database the
    other has just created and is migrating (it did, and the winner got "disk I/O error")."""
    import sqlite3

    from sqlalchemy.exc import OperationalError

    path = tmp_path / "new" / "trainer.db"

    def made_and_locked_by_another(
        engine: object, target: str = "head", *, down: bool = False
    ) -> None:
        path.write_bytes(b"the other process's database")
        locked = sqlite3.OperationalError("database is locked")
        locked.sqlite_errorcode = 5  # SQLITE_BUSY
        raise OperationalError("CREATE TABLE", {}, locked)

    monkeypatch.setattr(upgrade, "migrate", made_and_locked_by_another)
    engine = make_engine(f"sqlite:///{path}")
    try:
        with pytest.raises(StoreError, match="locked"):
            ensure_schema(engine)
    finally:
        engine.dispose()
    assert path.read_bytes() == b"the other process's database"

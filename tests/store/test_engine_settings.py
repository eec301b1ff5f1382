"""Engine: URL resolution, SQLite settings on every connection, transactions we control.
Mostly SQLite by nature (its PRAGMAs, BEGIN IMMEDIATE, file paths in URLs)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import Engine, inspect, text

from trainer.store.engine import (
    BUSY_TIMEOUT_MS,
    default_url,
    display_url,
    make_engine,
    resolve_url,
    sqlite_path,
)
from trainer.store.repository import Store


def test_url_resolution_order() -> None:
    env = {"TRAINER_DB": "sqlite:////env.db"}
    assert resolve_url("sqlite:////opt.db", env) == "sqlite:////opt.db"
    assert resolve_url(None, env) == "sqlite:////env.db"
    assert resolve_url(None, {}) == default_url()
    assert resolve_url("/tmp/plain path.db", {}) == "sqlite:////tmp/plain path.db"
    assert resolve_url("postgresql://u:secret@host/db", env).startswith("postgresql://")


def test_default_database_lives_in_the_user_data_folder() -> None:
    import platformdirs

    path = sqlite_path(default_url())
    assert path is not None
    assert path.parent == Path(platformdirs.user_data_dir("trainer", appauthor=False))


def test_display_url_hides_passwords() -> None:
    assert display_url("sqlite:////a/b.db") == "/a/b.db"
    shown = display_url("postgresql://ann:secret@db.example/trainer")
    assert "secret" not in shown and "db.example" in shown
    assert sqlite_path("sqlite://") is None and sqlite_path("postgresql://h/d") is None


def test_every_connection_gets_the_sqlite_settings(engine: Engine) -> None:
    with engine.connect() as first, engine.connect() as second:
        for connection in (first, second):
            values = [
                connection.exec_driver_sql(f"PRAGMA {name}").scalar()
                for name in ("foreign_keys", "journal_mode", "busy_timeout", "synchronous")
            ]
            assert values == [1, "wal", BUSY_TIMEOUT_MS, 1]


def test_constraints_have_the_conventional_names(engine: Engine) -> None:
    inspector = inspect(engine)
    assert inspector.get_pk_constraint("card")["name"] == "pk_card"
    assert [u["name"] for u in inspector.get_unique_constraints("card")] == [
        "uq_card_user_id_question_id"
    ]
    assert [f["name"] for f in inspector.get_foreign_keys("review_log")] == [
        "fk_review_log_card_id_card"
    ]
    assert [c["name"] for c in inspector.get_check_constraints("card")] == [
        "ck_card_counts_not_negative"
    ]


def test_a_write_unit_takes_the_write_lock_up_front(store: Store, db_path: Path) -> None:
    other = sqlite3.connect(db_path, timeout=0.05, isolation_level=None)
    try:
        with store.writing(), pytest.raises(sqlite3.OperationalError, match="locked"):
            other.execute("BEGIN IMMEDIATE")
        other.execute("BEGIN IMMEDIATE")  # released on commit
        other.execute("ROLLBACK")
    finally:
        other.close()


def test_ddl_is_transactional(engine: Engine) -> None:
    with engine.connect() as connection:
        connection.execute(text("CREATE TABLE scratch (x INTEGER)"))
        connection.rollback()
    assert "scratch" not in inspect(engine).get_table_names()


def test_in_memory_database_is_one_database() -> None:
    engine = make_engine("sqlite://")
    from trainer.store.upgrade import ensure_schema

    assert ensure_schema(engine) == ensure_schema(engine)
    store = Store(engine)
    assert store.user_id("a") == store.user_id("a")
    engine.dispose()

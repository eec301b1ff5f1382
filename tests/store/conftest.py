"""A fresh SQLite file per test, at the newest schema; `any_store`: the same on SQLite and on
PostgreSQL 15 (a server the tests start; emptied between tests)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, text

from trainer.store.engine import make_engine
from trainer.store.repository import Store
from trainer.store.upgrade import ensure_schema


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "progress.db"


@pytest.fixture
def engine(db_path: Path) -> Iterator[Engine]:
    engine = make_engine(f"sqlite:///{db_path}")
    ensure_schema(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def store(engine: Engine) -> Store:
    return Store(engine)


@pytest.fixture(scope="module")
def memory_store() -> Iterator[Store]:
    """One in-memory database shared by a module's tests (hypothesis runs many examples)."""
    engine = make_engine("sqlite://")
    ensure_schema(engine)
    yield Store(engine)
    engine.dispose()


@pytest.fixture(scope="session")
def pg_engine(pg_url: str) -> Iterator[Engine]:
    engine = make_engine(pg_url)
    ensure_schema(engine)
    yield engine
    engine.dispose()


def _empty(engine: Engine) -> None:
    """Every table of the schema emptied (faster than migrating down and up per test)."""
    with engine.begin() as connection:
        tables = [
            row[0]
            for row in connection.execute(
                text(
                    "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() "
                    "AND tablename <> 'alembic_version'"
                )
            )
        ]
        if tables:
            quoted = ", ".join(f'"{t}"' for t in tables)
            connection.execute(text(f"TRUNCATE {quoted} RESTART IDENTITY CASCADE"))


@pytest.fixture(params=["sqlite", "postgresql"])
def any_store(request: pytest.FixtureRequest, store: Store) -> Store:
    """The store on each backend: the tests that take it hold on SQLite and PostgreSQL alike."""
    if request.param == "sqlite":
        return store
    engine: Engine = request.getfixturevalue("pg_engine")
    _empty(engine)
    return Store(engine)

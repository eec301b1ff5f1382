"""A fresh SQLite file per test, at the newest schema (`any_store`, in tests/conftest.py, gives
this file store and the PostgreSQL 15 test server's database in turn)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine

from tests.conftest import fresh_database
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


@pytest.fixture(params=["sqlite", "postgresql"])
def any_engine(request: pytest.FixtureRequest, engine: Engine) -> Iterator[Engine]:
    """A database at the newest schema on each backend: the SQLite file, or a PostgreSQL
    database of its own (these tests migrate down and up, which would pull the tables from
    under the other tests' shared one)."""
    if request.param == "sqlite":
        yield engine
        return
    pg_url: str = request.getfixturevalue("pg_url")
    own = make_engine(fresh_database(pg_url))
    ensure_schema(own)
    yield own
    own.dispose()

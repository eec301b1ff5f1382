"""A fresh SQLite file per test, at the newest schema."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine

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

"""Shared test settings: hypothesis profiles sized for a 2-core CI machine."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from hypothesis import HealthCheck, settings

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from tests.pg_server import Server
    from trainer.store.repository import Store

settings.register_profile(
    "ci", max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile("dev", max_examples=100, deadline=None)
settings.load_profile("ci" if os.environ.get("CI") else "dev")


ROOT = Path(__file__).resolve().parents[1]

# The bank cache of this test run (and of the processes it starts), never the user's own.
os.environ.setdefault("TRAINER_CACHE", tempfile.mkdtemp(prefix="trainer-test-cache-"))


@dataclass(frozen=True)
class BuiltWheel:
    names: list[str]
    site: Path  # the wheel unpacked: put it alone on PYTHONPATH to run the installed package


@pytest.fixture(scope="session")
def built_wheel(tmp_path_factory: pytest.TempPathFactory) -> BuiltWheel:
    """The project built as a real (non-editable) wheel, once per test run."""
    pytest.importorskip("hatchling")
    dist = tmp_path_factory.mktemp("dist")
    build = subprocess.run(
        [sys.executable, "-m", "hatchling", "build", "-t", "wheel", "-d", str(dist)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert build.returncode == 0, build.stderr
    wheel = zipfile.ZipFile(next(dist.glob("trainer-*.whl")))
    site = tmp_path_factory.mktemp("site")
    wheel.extractall(site)
    return BuiltWheel(wheel.namelist(), site)


def installed_environment(site: Path) -> dict[str, str]:
    """This environment with only the unpacked wheel importable (no source tree, no overrides)."""
    drop = ("PYTHONPATH", "TRAINER_DB", "TRAINER_BANK", "TRAINER_WORKSPACE")
    env = {k: v for k, v in os.environ.items() if k not in drop}
    env["PYTHONPATH"] = str(site)
    return env


def modules_after(code: str) -> set[str]:
    """The modules a fresh interpreter has loaded after running `code` from the source tree."""
    script = f"import sys, json\n{code}\nprint(json.dumps(sorted(sys.modules)))"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    out = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, env=env, check=True
    )
    return set(json.loads(out.stdout.splitlines()[-1]))


@pytest.fixture
def store() -> Iterator[Store]:
    """A fresh in-memory database at the newest schema (tests/store overrides it with a file)."""
    from trainer.store.engine import make_engine
    from trainer.store.repository import Store
    from trainer.store.upgrade import ensure_schema

    engine = make_engine("sqlite://")
    ensure_schema(engine)
    yield Store(engine)
    engine.dispose()


@pytest.fixture(scope="session")
def pg_server() -> Iterator[Server]:
    """A PostgreSQL 15 server for the session, started by the tests (tests/pg_server.py)."""
    from tests.pg_server import postgres_server

    with postgres_server() as server:
        yield server


@pytest.fixture(scope="session")
def pg_url(pg_server: Server) -> str:
    return pg_server.url


def fresh_database(pg_url: str) -> str:
    """A new, empty database on the test server (its own, so that tests which migrate up and
    down never pull tables from under another test's database)."""
    import uuid

    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    name = f"t_{uuid.uuid4().hex[:10]}"
    server = create_engine(pg_url, isolation_level="AUTOCOMMIT")
    with server.connect() as connection:
        connection.execute(text(f"CREATE DATABASE {name}"))
    server.dispose()
    return make_url(pg_url).set(database=name).render_as_string(hide_password=False)


@pytest.fixture(scope="session")
def pg_engine(pg_url: str) -> Iterator[Engine]:
    """The test server's database at the newest schema, shared by the session's tests (each
    empties it first: `empty_pg`)."""
    from trainer.store.engine import make_engine
    from trainer.store.upgrade import ensure_schema

    engine = make_engine(pg_url)
    ensure_schema(engine)
    yield engine
    engine.dispose()


def empty_pg(engine: Engine) -> None:
    """Every table of the schema emptied (faster than migrating down and up per test)."""
    from sqlalchemy import text

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
    """The store on each backend: SQLite (the `store` this test would get) and PostgreSQL 15
    (the test server's database, emptied). A module runs all its store tests on both with
    `def store(any_store): return any_store`."""
    from trainer.store.repository import Store

    if request.param == "sqlite":
        return store
    engine: Engine = request.getfixturevalue("pg_engine")
    empty_pg(engine)
    return Store(engine)

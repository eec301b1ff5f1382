"""A database the quiz must not use: one clear line, the documented exit code, file untouched.

Through the real command line, in a subprocess, as a learner would meet it: no traceback.
SQLite only by nature: damaged, foreign and read-only files.
"""

from __future__ import annotations

import hashlib
import sqlite3
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.reliability.quizdriver import ROOT, quiz_command, quiz_env, write_bank
from trainer.store.engine import make_engine
from trainer.store.upgrade import ensure_schema


def not_a_database(path: Path) -> None:
    path.write_text("my shopping list\n" * 100)


def damaged_header(path: Path) -> None:
    path.write_bytes(b"SQLite format 3\x00" + bytes(range(256)) * 16)


def newer_schema(path: Path) -> None:
    engine = make_engine(f"sqlite:///{path}")
    ensure_schema(engine)
    with engine.begin() as connection:
        connection.exec_driver_sql("UPDATE alembic_version SET version_num = '0107'")
    engine.dispose()


def read_only(path: Path) -> None:
    engine = make_engine(f"sqlite:///{path}")
    ensure_schema(engine)
    engine.dispose()
    path.chmod(0o444)


def someone_elses(path: Path) -> None:
    connection = sqlite3.connect(path)
    connection.execute("CREATE TABLE photos (id INTEGER PRIMARY KEY, name TEXT)")
    connection.execute("INSERT INTO photos (name) VALUES ('cat.jpg')")
    connection.commit()
    connection.close()


CASES: list[tuple[Callable[[Path], None], int, str]] = [
    (not_a_database, 3, "is not a SQLite database"),
    (damaged_header, 3, "is not a SQLite database"),
    (someone_elses, 3, "not a trainer database"),
    (read_only, 4, "is read-only"),
    (newer_schema, 5, "newer version of trainer"),
]


@pytest.fixture(scope="module")
def bank(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_bank(tmp_path_factory.mktemp("bank"), 3)


@pytest.mark.slow
@pytest.mark.parametrize(("make", "code", "message"), CASES, ids=[c[0].__name__ for c in CASES])
@pytest.mark.parametrize("action", ["quiz", "db upgrade"])
def test_refused_clearly_and_left_untouched(
    tmp_path: Path,
    bank: Path,
    make: Callable[[Path], None],
    code: int,
    message: str,
    action: str,
) -> None:
    path = tmp_path / "progress.db"
    make(path)
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    mode = path.stat().st_mode
    files = sorted(p.name for p in tmp_path.iterdir())
    command = quiz_command(path)
    if action != "quiz":
        command = [*command[:7], "db", "upgrade"]
    result = subprocess.run(
        command, input=b"1\n", capture_output=True, env=quiz_env(bank), cwd=ROOT, timeout=60
    )
    err = result.stderr.decode()
    assert result.returncode == code, err
    assert err.startswith("trainer: ") and err.count("\n") == 1, err
    assert message in err and str(path) in err
    assert "Traceback" not in err and result.stdout == b""
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before
    assert path.stat().st_mode == mode
    assert sorted(p.name for p in tmp_path.iterdir()) == files  # no backup, no journal left

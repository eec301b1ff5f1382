"""Two quizzes on one database at once: every answer lands, nobody sees "database is locked", no
update of a card both answered is lost. On a SQLite file (the write lock) and on PostgreSQL 15
(the card's row lock), where both processes also race to create the schema."""

from __future__ import annotations

import sqlite3
import subprocess
from pathlib import Path

import pytest
from sqlalchemy import text

from tests.conftest import fresh_database
from tests.reliability.quizdriver import ROOT, quiz_command, quiz_env, write_bank
from trainer.store.engine import make_engine

PER_PROCESS = 200


@pytest.mark.slow
@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_two_processes_answering_200_questions_each(
    tmp_path: Path, backend: str, request: pytest.FixtureRequest
) -> None:
    # 2 x 200 questions, so each process finds 200 it has not seen whatever the other did.
    bank = write_bank(tmp_path / "bank", 2 * PER_PROCESS + 10)
    db = tmp_path / "shared.db"  # not created yet: both processes also race to create it
    # "3" is a valid choice and a valid rating (Good), so the input never gets out of step.
    (tmp_path / "answers.txt").write_text("3\n" * (3 * PER_PROCESS))
    # No learn-ahead: each question is asked once, so both sessions end after 200 answers.
    command = quiz_command(db, "--new", "1000", "--limit", str(PER_PROCESS), "--learn-ahead", "0")
    url = f"sqlite:///{db}"
    if backend == "postgresql":  # an empty database of its own on the test server
        url = fresh_database(request.getfixturevalue("pg_url"))
        command[command.index(f"sqlite:///{db}")] = url
    processes = []
    for name in ("one", "two"):
        with (
            open(tmp_path / "answers.txt", "rb") as stdin,
            open(tmp_path / f"{name}.out", "wb") as stdout,
            open(tmp_path / f"{name}.err", "wb") as stderr,
        ):
            processes.append(
                subprocess.Popen(
                    command, stdin=stdin, stdout=stdout, stderr=stderr, env=quiz_env(bank), cwd=ROOT
                )
            )
    codes = [process.wait(timeout=240) for process in processes]
    errors = [(tmp_path / f"{name}.err").read_text() for name in ("one", "two")]
    outputs = [(tmp_path / f"{name}.out").read_text() for name in ("one", "two")]
    assert codes == [0, 0], errors
    assert errors == ["", ""]
    for output in outputs:
        assert "locked" not in output
        assert f"answered {PER_PROCESS}," in output

    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            assert connection.execute(text("SELECT count(*) FROM review_log")).scalar() == 400
            assert connection.execute(text('SELECT count(*) FROM "user"')).scalar() == 1
            mismatched = connection.execute(
                text(
                    "SELECT c.question_id FROM card c WHERE c.reps !="
                    " (SELECT count(*) FROM review_log r WHERE r.card_id = c.id)"
                )
            ).all()
            assert mismatched == []  # no lost update on cards both processes reviewed
    finally:
        engine.dispose()
    if backend == "sqlite":
        connection = sqlite3.connect(db)
        try:
            assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        finally:
            connection.close()

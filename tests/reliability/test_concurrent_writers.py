"""Two quizzes on one SQLite file at once: every answer lands, nobody sees "database is locked"."""

from __future__ import annotations

import sqlite3
import subprocess
from pathlib import Path

import pytest

from tests.reliability.quizdriver import ROOT, quiz_command, quiz_env, write_bank

PER_PROCESS = 200


@pytest.mark.slow
def test_two_processes_answering_200_questions_each(tmp_path: Path) -> None:
    # 2 x 200 questions, so each process finds 200 it has not seen whatever the other did.
    bank = write_bank(tmp_path / "bank", 2 * PER_PROCESS + 10)
    db = tmp_path / "shared.db"  # not created yet: both processes also race to create it
    # "3" is a valid choice and a valid rating (Good), so the input never gets out of step.
    (tmp_path / "answers.txt").write_text("3\n" * (3 * PER_PROCESS))
    # No learn-ahead: each question is asked once, so both sessions end after 200 answers.
    command = quiz_command(db, "--new", "1000", "--limit", str(PER_PROCESS), "--learn-ahead", "0")
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

    connection = sqlite3.connect(db)
    try:
        assert connection.execute("SELECT count(*) FROM review_log").fetchone() == (400,)
        assert connection.execute("SELECT count(*) FROM user").fetchone() == (1,)
        mismatched = connection.execute(
            "SELECT c.question_id FROM card c WHERE c.reps !="
            " (SELECT count(*) FROM review_log r WHERE r.card_id = c.id)"
        ).fetchall()
        assert mismatched == []  # no lost update on cards both processes reviewed
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    finally:
        connection.close()

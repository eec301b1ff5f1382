"""The instructor's and the learner's commands on a class server, end to end (issue 18)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

from sqlalchemy import create_engine, text

from tests.conftest import fresh_database

ROOT = Path(__file__).resolve().parents[2]


def trainer(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "trainer", *args],
        input=stdin,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        timeout=180,
        check=False,
    )


def test_from_an_empty_database_to_a_learner_studying(pg_url: str) -> None:
    url = fresh_database(pg_url)
    init = trainer("--db", url, "class", "init")
    assert init.returncode == 0, init.stderr
    assert "row-level security" in init.stdout
    learner = f"dee_{uuid.uuid4().hex[:6]}"
    added = trainer("--db", url, "class", "add", learner, "--json")
    assert added.returncode == 0, added.stderr
    given = json.loads(added.stdout)
    assert given["name"] == learner and f"{learner}:" in given["url"]
    # the learner studies as their role, whatever --user says, and migrates nothing
    studied = trainer(
        "--db", given["url"], "--user", "someone_else",
        "quiz", "--plain", "--lang", "en", "--question", "fam.conv-output-size",
        stdin="1\n\n",
    )  # fmt: skip
    assert studied.returncode == 0, studied.stderr
    # their own report, under their role too (it once read --user before the store was open)
    mine = trainer("--db", given["url"], "--user", "someone_else", "report", "--format", "json")
    assert mine.returncode == 0, mine.stderr
    assert json.loads(mine.stdout)["user"] == learner
    listed = json.loads(trainer("--db", url, "class", "list", "--json").stdout)
    assert [(ln["name"], ln["reviews"]) for ln in listed] == [(learner, 1)]
    engine = create_engine(url)
    with engine.connect() as connection:
        names = connection.execute(text('SELECT name FROM "user"')).scalars().all()
    engine.dispose()
    assert names == [learner]
    # the instructor's dashboard: every learner, the class by topic
    dashboard = json.loads(trainer("--db", url, "class", "report", "--format", "json").stdout)
    (row,) = dashboard["learners"]
    assert row["name"] == learner and row["reviews_7d"] == 1 and row["streak"] == 1
    topics = {t["topic"]: t for t in dashboard["topics"]}
    assert topics["3_dl_fundamentals/3-4_cnn"]["mastery"][learner] > 0
    assert dashboard["missed"] == [] or dashboard["missed"][0]["question"]
    page = trainer("--db", url, "class", "report", "--format", "html", "--lang", "en")
    assert page.returncode == 0 and "<svg" in page.stdout and learner in page.stdout
    as_learner = trainer("--db", given["url"], "class", "report")
    assert as_learner.returncode != 0 and "instructor" in as_learner.stderr
    again = trainer("--db", url, "class", "add", learner)
    assert (
        again.returncode == 2
        and again.stderr.startswith("trainer: ")
        and "Traceback" not in again.stderr
    )
    removed = trainer("--db", url, "class", "remove", learner, "--keep-progress")
    assert removed.returncode == 0 and "kept" in removed.stdout


def test_an_unreachable_server_is_one_line() -> None:
    done = trainer("--db", "postgresql+psycopg://nobody@127.0.0.1:1/none", "class", "list")
    assert done.returncode != 0
    assert done.stderr.startswith("trainer: ") and "Traceback" not in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1


def test_a_class_on_sqlite_is_refused_in_one_line(tmp_path: Path) -> None:
    done = trainer("--db", f"sqlite:///{tmp_path / 'x.db'}", "class", "init")
    assert done.returncode == 2 and "PostgreSQL" in done.stderr

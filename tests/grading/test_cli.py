"""`trainer exercise ...` end to end: list, show, hint, check (and its record), reset, watch."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from trainer.cli import main
from trainer.grading.catalog import exercise_ids, solution_path, stub_path

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    workspace = tmp_path / "workspace"
    monkeypatch.setenv("TRAINER_WORKSPACE", str(workspace))
    monkeypatch.setenv("TRAINER_DB", str(tmp_path / "progress.db"))
    monkeypatch.setenv("USER", "learner")
    return workspace


def _json(capsys: pytest.CaptureFixture[str]) -> object:
    return json.loads(capsys.readouterr().out)


def _submissions(tmp_path: Path) -> list[tuple[str, str, dict[str, object]]]:
    import sqlite3

    with sqlite3.connect(tmp_path / "progress.db") as db:
        rows = db.execute(
            "SELECT exercise_id, verdict, details FROM exercise_submission ORDER BY id"
        ).fetchall()
    return [(e, v, json.loads(d)) for e, v, d in rows]


def test_list(env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["exercise", "list", "--json"]) == 0
    rows = _json(capsys)
    assert isinstance(rows, list)
    assert [r["id"] for r in rows] == list(exercise_ids())
    assert {r["state"] for r in rows} == {"missing"}
    assert rows[0]["file"] == str(env / "softmax.py")
    assert main(["exercise", "list"]) == 0
    assert "softmax" in capsys.readouterr().out


def test_show_creates_the_working_copy(env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["exercise", "show", "im2col", "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert "Contract" in out and str(env / "im2col.py") in out
    assert (env / "im2col.py").read_text() == stub_path("im2col").read_text()
    assert main(["exercise", "show", "im2col", "--json"]) == 0
    data = _json(capsys)
    assert isinstance(data, dict) and data["functions"] == ["im2col"]


def test_hints_come_one_at_a_time(env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["exercise", "hint", "softmax", "--lang", "en"]) == 0
    first = capsys.readouterr().out
    assert "hint 1/3" in first and "hint 2/3" not in first
    assert main(["exercise", "hint", "softmax", "--lang", "en"]) == 0
    assert "hint 2/3" in capsys.readouterr().out
    assert main(["exercise", "hint", "softmax", "--all", "--lang", "en"]) == 0
    assert "hint 3/3" in capsys.readouterr().out


def test_check_the_stub_fails_and_is_recorded(
    env: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["exercise", "check", "softmax", "--json"]) == 1
    data = _json(capsys)
    assert isinstance(data, dict)
    assert data["status"] == "error" and data["passed"] is False
    assert data["recorded"] is True
    assert [c["status"] for c in data["checks"]] == ["error", "not run", "not run"]
    assert data["checks"][0]["case"].startswith("x = np.array(")
    ((exercise, verdict, details),) = _submissions(tmp_path)
    assert (exercise, verdict) == ("softmax", "error")
    assert str(details["code_hash"]).startswith("sha256:")
    assert "total" in details["timings_ms"]  # type: ignore[operator]


def test_check_a_right_file_passes(
    env: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(
        ["exercise", "check", "softmax", "--file", str(solution_path("softmax")), "--lang", "en"]
    )
    out = capsys.readouterr().out
    assert code == 0, out
    assert "softmax: PASSED" in out and "next: trainer exercise show" in out
    assert _submissions(tmp_path)[0][1] == "passed"


def test_check_all_checks_runs_every_check(env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["exercise", "check", "softmax", "--all-checks", "--json", "--no-record"]) == 1
    data = _json(capsys)
    assert isinstance(data, dict)
    assert "not run" not in [c["status"] for c in data["checks"]]
    assert data["recorded"] is False


def test_check_usage_errors(env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["exercise", "check", "nope", "--lang", "en"]) == 2
    assert "unknown exercise" in capsys.readouterr().err
    assert main(["exercise", "check", "softmax", "--file", str(env / "missing.py")]) == 2


def test_a_broken_database_does_not_stop_the_check(
    env: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "not-a-db"
    bad.write_text("this is not SQLite")
    code = main(["exercise", "check", "softmax", "--file", str(solution_path("softmax")),
                 "--db", str(bad), "--lang", "en"])  # fmt: skip
    captured = capsys.readouterr()
    assert code == 0
    assert "not recorded" in captured.err
    assert bad.read_text() == "this is not SQLite"


def test_reset_keeps_a_backup(env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["exercise", "show", "softmax"]) == 0
    copy = env / "softmax.py"
    copy.write_text("# my attempt\n")
    assert main(["exercise", "reset", "softmax"]) == 0
    out = capsys.readouterr().out
    assert copy.read_text() == stub_path("softmax").read_text()
    (backup,) = (env / ".backup").iterdir()
    assert backup.read_text() == "# my attempt\n" and str(backup) in out
    assert main(["exercise", "reset", "softmax"]) == 0  # untouched: nothing more to save
    assert len(list((env / ".backup").iterdir())) == 1


def test_reset_refuses_the_stub_folder(capsys: pytest.CaptureFixture[str]) -> None:
    stubs = stub_path("softmax").parent
    before = stub_path("softmax").read_text()
    assert main(["exercise", "reset", "softmax", "--workspace", str(stubs)]) == 2
    assert "pristine" in capsys.readouterr().err
    assert stub_path("softmax").read_text() == before


@pytest.mark.slow
def test_watch_rechecks_on_save_and_stops_on_ctrl_c(env: Path) -> None:
    environment = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONUNBUFFERED": "1"}
    process = subprocess.Popen(
        [sys.executable, "-m", "trainer", "exercise", "watch", "softmax", "--interval", "0.1",
         "--no-record", "--lang", "en"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=environment,
    )  # fmt: skip
    assert process.stdout is not None
    seen: list[str] = []

    def wait_for(text: str, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            line = process.stdout.readline()  # type: ignore[union-attr]
            seen.append(line)
            if text in line:
                return
        raise AssertionError(f"{text!r} never came: {''.join(seen)}")

    try:
        wait_for("softmax: ERROR")
        wait_for("watching")
        time.sleep(0.2)
        (env / "softmax.py").write_text(solution_path("softmax").read_text())
        wait_for("softmax: PASSED")
        wait_for("watching")
        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=10) == 0
    finally:
        process.kill()
        process.wait()

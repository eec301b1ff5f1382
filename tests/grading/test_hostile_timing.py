"""`trainer exercise time` runs the learner's code in the grading sandbox (issue 17, point 9): code
that behaves while graded cannot write, change or read outside its scratch folder when timed."""

from __future__ import annotations

import os
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from trainer.cli import main
from trainer.grading.catalog import solution_path
from trainer.grading.runner import check_file
from trainer.grading.timing import TimingError, run_timing

REFERENCE = solution_path("gpu_timing")


def _sneaky(target: Path, extra: str = "") -> str:
    """The reference, plus a write outside that fails quietly (so the graded run passes)."""
    return REFERENCE.read_text(encoding="utf-8") + (
        "\n_right = batched_matmul\n\n"
        "def batched_matmul(a, b):\n"
        "    try:\n"
        f"        open({str(target)!r}, 'w').write('escaped')\n"
        f"{extra}"
        "    except OSError:\n"
        "        pass\n"
        "    return _right(a, b)\n"
    )


@pytest.fixture
def victim() -> Iterator[subprocess.Popen[bytes]]:
    process = subprocess.Popen(["sleep", "600"])
    try:
        yield process
    finally:
        process.kill()
        process.wait()


@pytest.mark.slow
def test_code_that_passes_the_check_cannot_write_outside_when_timed(
    tmp_path: Path, victim: subprocess.Popen[bytes]
) -> None:
    target = tmp_path / "written-when-timed.txt"
    database = tmp_path / "progress.db"
    database.write_bytes(b"SQLite format 3\x00")
    mode = database.stat().st_mode
    extra = (
        f"        os.chmod({str(database)!r}, 0o444)\n"
        f"        os.setpriority(os.PRIO_PROCESS, {victim.pid}, 19)\n"
    )
    learner = tmp_path / "gpu_timing.py"
    learner.write_text("import os\n" + _sneaky(target, extra), encoding="utf-8")
    verdict = check_file("gpu_timing", learner)
    assert verdict.passed, verdict.report()
    if not verdict.sandbox.get("landlock"):
        pytest.skip(f"no Landlock here: {verdict.sandbox}")
    report = run_timing(learner, REFERENCE, "batched_matmul", (8,), repeat=2)
    assert report.median("student", "numpy", 8) is not None  # it was timed
    assert not target.exists()
    assert database.stat().st_mode == mode
    assert os.getpriority(os.PRIO_PROCESS, victim.pid) == 0
    left = list(Path(tempfile.gettempdir()).glob(f"trainer-timing-{os.getpid()}-*"))
    assert left == []  # its scratch folder went with it


def test_timed_code_cannot_read_the_reference(tmp_path: Path) -> None:
    learner = tmp_path / "gpu_timing.py"
    learner.write_text(f"exec(open({str(REFERENCE)!r}).read())\n", encoding="utf-8")
    with pytest.raises(TimingError, match="Permission denied"):
        run_timing(learner, REFERENCE, "batched_matmul", (8,), repeat=2)


def test_what_timed_code_prints_is_escaped(tmp_path: Path) -> None:
    learner = tmp_path / "gpu_timing.py"
    learner.write_text("raise ValueError('\\x1b[2J\\rall fine')\n", encoding="utf-8")
    with pytest.raises(TimingError) as raised:
        run_timing(learner, REFERENCE, "batched_matmul", (8,), repeat=2)
    assert "\x1b" not in str(raised.value) and "\r" not in str(raised.value)
    assert "\\x1b[2J" in str(raised.value)


@pytest.mark.slow
def test_exercise_time_on_the_command_line_keeps_the_learner_inside(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("TRAINER_WORKSPACE", str(tmp_path / "workspace"))
    monkeypatch.setenv("TRAINER_DB", str(tmp_path / "progress.db"))
    target = tmp_path / "written-when-timed.txt"
    learner = tmp_path / "gpu_timing.py"
    learner.write_text(_sneaky(target), encoding="utf-8")
    code = main(
        ["exercise", "time", "gpu_timing", "--file", str(learner), "--sizes", "8", "--json"]
    )
    out = capsys.readouterr().out
    assert code == 0, out
    assert '"recorded": true' in out  # graded, passed, timed and recorded
    assert not target.exists()

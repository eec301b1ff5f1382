"""`trainer exercise time`: the timing worker on real files, its failure modes, and the CLI."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from trainer.grading.catalog import solution_path
from trainer.grading.timing import TimingError, explain, render_chart, render_table, run_timing

ROOT = Path(__file__).resolve().parents[2]
REFERENCE = solution_path("gpu_timing")


def test_sweep_of_the_reference_on_cpu_backends() -> None:
    report = run_timing(REFERENCE, REFERENCE, "batched_matmul", (8, 32), repeat=3)
    backends = [b["name"] for b in report.backends]
    assert backends[:2] == ["numpy", "numpy-1thread"]
    keys = {(r["who"], r["backend"], r["size"]) for r in report.rows}
    assert keys >= {(w, b, s) for w in ("student", "reference") for b in backends for s in (8, 32)}
    assert all(r["median_s"] > 0 for r in report.rows)
    table, chart, words = render_table(report), render_chart(report), explain(report)
    assert "numpy ms" in table and "32" in table
    assert "log scale" in chart and "█" in chart
    if not report.has_gpu:
        assert report.summary.startswith("no GPU backend found (")
        assert "correctness was graded on NumPy" in words
    assert "Your code vs the reference" in words


def test_conv2d_is_timed_too() -> None:
    report = run_timing(REFERENCE, REFERENCE, "conv2d", (6,), repeat=2)
    assert report.median("student", "numpy", 6) is not None


def test_code_failing_at_one_size_is_reported_not_fatal(tmp_path: Path) -> None:
    learner = tmp_path / "learner.py"
    learner.write_text(
        REFERENCE.read_text(encoding="utf-8")
        + "\n_ok = batched_matmul\n\ndef batched_matmul(a, b):\n"
        "    if a.shape[1] > 16:\n        raise MemoryError('too big for me')\n"
        "    return _ok(a, b)\n",
        encoding="utf-8",
    )
    report = run_timing(learner, REFERENCE, "batched_matmul", (8, 32), repeat=2)
    assert report.median("student", "numpy", 8) is not None
    assert report.median("student", "numpy", 32) is None
    assert any("too big for me" in e["error"] and e["size"] == "32" for e in report.errors)
    assert "too big for me" in explain(report)


def test_a_hanging_learner_is_killed_and_reported(tmp_path: Path) -> None:
    learner = tmp_path / "learner.py"
    learner.write_text(
        "def batched_matmul(a, b):\n    while True:\n        pass\n", encoding="utf-8"
    )
    started = time.monotonic()
    with pytest.raises(TimingError, match="did not finish"):
        run_timing(learner, REFERENCE, "batched_matmul", (8,), timeout_s=3)
    assert time.monotonic() - started < 15


def test_output_flood_does_not_break_the_result(tmp_path: Path) -> None:
    learner = tmp_path / "learner.py"
    learner.write_text(
        REFERENCE.read_text(encoding="utf-8") + "\nprint('x' * 2_000_000)\n", encoding="utf-8"
    )
    report = run_timing(learner, REFERENCE, "batched_matmul", (8,), repeat=2)
    assert report.median("student", "numpy", 8) is not None


def trainer(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, "-m", "trainer", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )


def test_cli_times_records_and_never_fails_for_lack_of_a_gpu(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'progress.db'}"
    result = trainer(
        "exercise",
        "time",
        "gpu_timing",
        "--file",
        str(REFERENCE),
        "--sizes",
        "8,16",
        "--json",
        "--db",
        db,
        "--user",
        "tester",
    )
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["recorded"] is True
    [timing] = data["timings"]
    assert timing["function"] == "batched_matmul"
    if not timing["has_gpu"]:
        assert timing["summary"].startswith("no GPU backend found (")
        assert "cupy" in timing["missing"]
    from trainer.store.engine import make_engine
    from trainer.store.repository import Store
    from trainer.study.exercises import submissions

    store = Store(make_engine(db))
    try:
        [row] = submissions(store, store.user_id("tester"), "gpu_timing")
    finally:
        store.close()
    assert row.verdict == "timed" and row.details["timings"][0]["rows"]
    report = trainer("report", "--format", "json", "--db", db, "--user", "tester")
    assert report.returncode == 0, report.stderr
    data = json.loads(report.stdout)
    [shown] = data["gpu_timing"]
    assert shown["function"] == "batched_matmul"
    assert {s["backend"] for s in shown["series"]} >= {"numpy", "numpy-1thread"}
    assert data["exercises"] == []  # a timing run is not an attempt at the exercise
    html_path = tmp_path / "report.html"
    html = trainer(
        "report", "--format", "html", "--out", str(html_path), "--db", db, "--user", "tester"
    )
    assert html.returncode == 0, html.stderr
    assert '<figure data-chart="gpu-batched_matmul">' in html_path.read_text(encoding="utf-8")


def test_cli_refuses_to_time_code_that_is_not_correct(tmp_path: Path) -> None:
    stub = ROOT / "exercises" / "gpu_timing.py"
    result = trainer(
        "exercise", "time", "gpu_timing", "--file", str(stub), "--no-record", "--lang", "en"
    )
    assert result.returncode == 1
    assert "fix the correctness checks first" in result.stdout


def test_cli_time_on_an_exercise_without_timing() -> None:
    result = trainer("exercise", "time", "softmax", "--no-record", "--lang", "en")
    assert result.returncode == 2 and "has no timing part" in result.stderr
    japanese = trainer("exercise", "time", "softmax", "--no-record", "--lang", "ja")
    assert japanese.returncode == 2 and "計時の部分がありません" in japanese.stderr

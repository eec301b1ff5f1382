"""Spare workers (`runner.spawn_worker`, `check_file(..., spare=...)`): an interpreter started
ahead of the learner's file grades exactly as a fresh one, under the same lock-down, for one file
only, and is gone after its check.
"""

from __future__ import annotations

import dataclasses
import json
import os
import string
import tempfile
import time
from pathlib import Path
from typing import Any

import pytest

from tests.grading.conftest import QUICK
from tests.grading.hostile_catalogue import CATALOGUE, Hostile
from tests.grading.test_hostile_catalogue import (  # the same arena and outcomes
    LIMITS,
    Arena,
    _files,
    _left_processes,
    _process,
    _shown_controls,
    arena,  # noqa: F401  (a fixture)
)
from trainer.grading.catalog import solution_path, stub_path
from trainer.grading.replay import ReplayCache
from trainer.grading.runner import Options, check_file, spawn_worker
from trainer.grading.sandbox import Worker
from trainer.grading.verdict import Verdict


def _comparable(verdict: Verdict) -> dict[str, Any]:
    data = dataclasses.asdict(verdict)
    for key in ("timings", "stdout", "stderr", "output_truncated"):
        data.pop(key)
    for check in data["checks"]:
        check.pop("duration_ms")
    return data


def _ours() -> list[int]:
    """Our workers' processes (spare or not): their scratch folder is their environment."""
    marker = f"trainer-grade-{os.getpid()}-".encode()
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if marker in (entry / "environ").read_bytes():
                    found.append(int(entry.name))
            except OSError:
                continue
    return found


def _all_folders() -> set[Path]:
    prefix = f"trainer-grade-{os.getpid()}-"
    return {p for p in Path(tempfile.gettempdir()).iterdir() if p.name.startswith(prefix)}


@pytest.fixture(autouse=True)
def _before() -> None:
    """Scratch folders this process had before the test (another test may keep one on purpose)."""
    BEFORE.clear()
    BEFORE.update(_all_folders())


BEFORE: set[Path] = set()


def _folders() -> list[Path]:
    """The scratch folders made during this test and still there."""
    return sorted(_all_folders() - BEFORE)


@pytest.mark.parametrize("source", ["reference", "stub"])
def test_a_spare_grades_as_a_fresh_worker_and_is_gone_after(source: str, tmp_path: Path) -> None:
    path = tmp_path / "softmax.py"
    path.write_bytes(
        (solution_path if source == "reference" else stub_path)("softmax").read_bytes()
    )
    cold = check_file("softmax", path)
    spare = spawn_worker("softmax")
    assert len(_ours()) == 1  # the spare's interpreter, waiting
    warm = check_file("softmax", path, spare=spare)
    assert _comparable(warm) == _comparable(cold)
    assert warm.sandbox == cold.sandbox  # the same lock-down, applied before the file was read
    assert _ours() == [] and _folders() == []


def test_a_spare_grades_one_file_only(tmp_path: Path) -> None:
    path = tmp_path / "softmax.py"
    path.write_bytes(solution_path("softmax").read_bytes())
    spare = spawn_worker("softmax")
    assert check_file("softmax", path, spare=spare).passed
    with pytest.raises(RuntimeError):
        spare.use("print('a second file')\n", "second.py")
    with pytest.raises(RuntimeError):
        spare.start()
    # Handed over again, it is not used: a fresh worker grades the file.
    path.write_bytes(stub_path("softmax").read_bytes())
    verdict = check_file("softmax", path, spare=spare)
    assert not verdict.passed and verdict.cases > 0
    assert _ours() == [] and _folders() == []


def test_a_spare_started_for_other_limits_is_closed_unused(tmp_path: Path) -> None:
    """The limits are the check's: a spare started with the default ones is not used for a check
    with shorter ones (the busy loop meets the short budget)."""
    path = tmp_path / "softmax.py"
    path.write_text("def softmax(x):\n    while True:\n        pass\n", encoding="utf-8")
    spare = spawn_worker("softmax")
    verdict = check_file("softmax", path, Options(limits=QUICK), spare=spare)
    assert str(verdict.status) == "timeout", verdict.report()
    assert f"{QUICK.wall_s:g}" in verdict.report()
    assert _ours() == [] and _folders() == []


def test_a_spare_that_died_waiting_is_not_taken_for_a_crash(tmp_path: Path) -> None:
    path = tmp_path / "softmax.py"
    path.write_bytes(solution_path("softmax").read_bytes())
    spare = spawn_worker("softmax")
    (pid,) = _ours()
    os.kill(pid, 9)
    deadline = time.monotonic() + 60  # dead (a zombie until the check reaps it), not dying
    while Path(f"/proc/{pid}/stat").read_text().split()[2] != "Z" and time.monotonic() < deadline:
        time.sleep(0.01)
    verdict = check_file("softmax", path, spare=spare)
    assert verdict.passed, verdict.report()
    assert _ours() == [] and _folders() == []


def test_a_spare_never_started_is_closed_cleanly() -> None:
    worker = Worker(None, "", "softmax", QUICK)
    with pytest.raises(RuntimeError):
        worker.start()  # no file yet
    worker.close()
    with pytest.raises(RuntimeError):
        worker.spawn()  # closed for good
    assert _folders() == []


_PRIMED: dict[str, ReplayCache] = {}


def _primed(limits: str) -> ReplayCache:
    if limits not in _PRIMED:
        cache = ReplayCache()
        options = Options(limits=LIMITS[limits])
        assert check_file("softmax", solution_path("softmax"), options, replay=cache).passed
        _PRIMED[limits] = cache
    return _PRIMED[limits]


@pytest.mark.slow
@pytest.mark.parametrize(
    "entry",
    [e for e in CATALOGUE if e.runner != "time"],
    ids=[e.name for e in CATALOGUE if e.runner != "time"],
)
def test_a_hostile_submission_is_contained_in_watch_mode(
    entry: Hostile,
    arena: Arena,  # noqa: F811
    tmp_path: Path,
) -> None:
    """The hostile catalogue through watch mode's path: a spare worker and kept cases."""
    source = string.Template(entry.source).safe_substitute(arena.values)
    files, app, other = _files(arena.outside), _process(os.getpid()), _process(arena.victim.pid)
    path = tmp_path / "softmax.py"
    path.write_text(source, encoding="utf-8")
    options = Options(limits=LIMITS[entry.limits])
    cache = _primed(entry.limits)
    verdict = check_file(
        "softmax", path, options, spare=spawn_worker("softmax", options), replay=cache
    )
    shown = verdict.report() + "\n" + json.dumps(verdict.as_json(), ensure_ascii=False)
    status = str(verdict.status)
    assert status != "passed" or entry.solves, shown
    assert status in entry.statuses, shown
    if entry.says:
        assert entry.says in shown, shown
    assert _files(arena.outside) == files
    assert _process(os.getpid()) == app
    assert _process(arena.victim.pid) == other and arena.victim.poll() is None
    assert _left_processes() == [] and _folders() == []
    assert _shown_controls(shown) == []

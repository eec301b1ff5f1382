"""Hostile submissions: each gets its proper non-passing status within its limit, and the app, the
machine and the files around stay as they were. Run against `softmax` with short limits."""

from __future__ import annotations

import os
import time
import uuid
from pathlib import Path

import pytest

from tests.grading.conftest import QUICK, Grade
from tests.grading.hostile_catalogue import source_of
from trainer.grading.catalog import solution_path
from trainer.grading.sandbox import Limits
from trainer.grading.verdict import Verdict

CORRECT = """
def softmax(x):
    e = np.exp(x - np.max(x, axis=-1, keepdims=True))
    return e / np.sum(e, axis=-1, keepdims=True)
"""
HEADER = "import numpy as np\n"
SLACK_S = 1.5  # start-up, the traceback dump, the kill


# Filling memory page by page takes a while on a loaded machine: more time, less memory.
MEMORY = Limits(wall_s=8.0, startup_s=8.0, memory_mb=400)


def _timed(grade: Grade, source: str, limits: Limits = QUICK) -> tuple[Verdict, float]:
    started = time.monotonic()
    verdict = grade("softmax", source, limits=limits)
    return verdict, time.monotonic() - started


def _processes_with(marker: str) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            cmdline = (entry / "cmdline").read_bytes()
        except OSError:
            continue
        if marker.encode() in cmdline:
            found.append(int(entry.name))
    return found


# The sources live in the catalogue (tests.grading.hostile_catalogue), which runs them all too.
@pytest.mark.slow
@pytest.mark.parametrize(
    "label",
    ["busy loop", "sleep", "a BLAS call that never ends", "ignores the traceback signal"],
)
def test_code_that_never_returns_times_out(grade: Grade, label: str) -> None:
    verdict, elapsed = _timed(grade, source_of(label))
    assert verdict.status == "timeout", verdict.report()
    assert elapsed < QUICK.wall_s + SLACK_S, elapsed


def test_a_timeout_says_where_the_code_was(grade: Grade) -> None:
    verdict, _ = _timed(grade, "def softmax(x):\n    while True:\n        pass\n")
    failure = verdict.first_failure()
    # the dump lands on the loop's test or its body, whichever line runs at that instant
    assert failure.where and failure.where.endswith((":2 in softmax", ":3 in softmax")), failure


def test_an_endless_loop_at_import_times_out_during_start(grade: Grade) -> None:
    verdict, elapsed = _timed(grade, "while True:\n    pass\n")
    assert verdict.status == "timeout"
    assert "while loading your file" in verdict.message
    assert elapsed < QUICK.startup_s + SLACK_S


@pytest.mark.parametrize("label", ["a growing list", "one huge array", "memory at import"])
def test_memory_bombs_hit_the_memory_limit(grade: Grade, label: str) -> None:
    verdict, elapsed = _timed(grade, source_of(label), MEMORY)
    assert verdict.status == "memory", verdict.report()
    assert elapsed < MEMORY.wall_s + SLACK_S


@pytest.mark.parametrize(
    ("label", "says"),
    [
        ("os._exit(0)", "exited (code 0)"),
        ("a segfault via ctypes", "segmentation fault"),
        ("exits after some right answers", "exited (code 0)"),
        ("forged bytes on every descriptor", "channel was corrupted"),
    ],
)
def test_a_worker_that_dies_or_lies_is_crashed_never_passed(
    grade: Grade, label: str, says: str
) -> None:
    verdict, elapsed = _timed(grade, source_of(label))
    assert verdict.status == "crashed", verdict.report()
    assert says in verdict.report()
    assert elapsed < QUICK.wall_s + SLACK_S


def test_a_segfault_shows_the_learners_line(grade: Grade) -> None:
    verdict, _ = _timed(grade, "import ctypes\ndef softmax(x):\n    ctypes.string_at(0)\n")
    failure = verdict.first_failure()
    assert failure.where and failure.where.endswith(":3 in softmax")


def test_children_left_sleeping_do_not_survive(grade: Grade) -> None:
    marker = f"{uuid.uuid4().int % 10**6}.{os.getpid()}"
    source = (
        "import os, subprocess, time\n"
        + HEADER
        + CORRECT.replace(
            "    e = ",
            f"    subprocess.Popen(['sleep', '{marker}'], start_new_session=True)\n"
            "    pid = os.fork()\n    if pid == 0:\n        os.setsid()\n"
            "        time.sleep(600)\n    e = ",
        )
    )
    verdict, _ = _timed(grade, source)
    assert not verdict.passed
    if not verdict.sandbox.get("seccomp"):
        pytest.skip(f"no seccomp here: {verdict.sandbox}")
    assert verdict.status == "error"
    assert "Operation not permitted" in verdict.report()
    assert _processes_with(marker) == []


def test_a_forked_child_cannot_outlive_the_check(grade: Grade) -> None:
    source = (
        "import os, time\n"
        + HEADER
        + CORRECT.replace(
            "    e = ",
            "    pid = os.fork()\n    if pid == 0:\n        time.sleep(600)\n"
            "    print('CHILD', pid, flush=True)\n    e = ",
        )
    )
    verdict, _ = _timed(grade, source)
    assert not verdict.passed
    for line in verdict.stdout.splitlines():
        if line.startswith("CHILD "):
            pid = int(line.split()[1])
            assert not Path(f"/proc/{pid}").exists() or "Z" in _state(pid)


def _state(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/stat").read_text().split()[2]
    except OSError:
        return "Z"


@pytest.mark.parametrize(
    "label",
    ["patched numpy comparisons", "an ndarray subclass with a lying __eq__", "patched builtins"],
)
def test_patching_the_child_cannot_change_the_verdict(grade: Grade, label: str) -> None:
    verdict, _ = _timed(grade, source_of(label))
    assert not verdict.passed
    # Wrong values are caught as such; breaking the worker itself makes it crash.
    assert verdict.status in ("failed", "crashed"), verdict.report()


def test_a_syntax_error_is_an_error_with_the_line(grade: Grade) -> None:
    verdict, _ = _timed(grade, HEADER + "def softmax(x)\n    return x\n")
    assert verdict.status == "error"
    assert "syntax error" in verdict.message
    assert "line 2" in (verdict.traceback or "")


@pytest.mark.parametrize(
    "label", ["import solutions", "import trainer", "the repository on sys.path"]
)
def test_the_reference_cannot_be_imported(grade: Grade, label: str) -> None:
    source = source_of(label, repo=str(solution_path("softmax").parents[1]))
    verdict, _ = _timed(grade, source)
    assert verdict.status == "error", verdict.report()
    assert not verdict.passed


def test_the_reference_file_cannot_be_read(grade: Grade) -> None:
    path = solution_path("softmax")
    source = f"exec(open({str(path)!r}).read())\n"
    verdict, _ = _timed(grade, source)
    if not verdict.sandbox.get("landlock"):
        pytest.skip(f"no Landlock here: {verdict.sandbox}")
    assert verdict.status == "error"
    assert "Permission denied" in verdict.message


def test_files_outside_the_sandbox_stay_untouched(grade: Grade, tmp_path: Path) -> None:
    target = tmp_path / "pwned.txt"
    source = f"def softmax(x):\n    open({str(target)!r}, 'w').write('x')\n"
    verdict, _ = _timed(grade, source)
    if not verdict.sandbox.get("landlock"):
        pytest.skip(f"no Landlock here: {verdict.sandbox}")
    assert verdict.status == "error"
    assert not target.exists()


def test_the_app_cannot_be_killed(grade: Grade) -> None:
    source = "import os, signal\ndef softmax(x):\n    os.kill(os.getppid(), signal.SIGKILL)\n"
    verdict, _ = _timed(grade, source)  # still running: the signal never arrived
    assert verdict.status == "error"


def test_the_network_is_closed(grade: Grade) -> None:
    source = "import socket\ndef softmax(x):\n    socket.create_connection(('127.0.0.1', 9))\n"
    verdict, _ = _timed(grade, source)
    assert verdict.status == "error"


def test_endless_recursion_is_an_error(grade: Grade) -> None:
    verdict, _ = _timed(grade, "def softmax(x):\n    return softmax(x)\n")
    assert verdict.status == "error"
    assert "RecursionError" in verdict.report()


def test_a_flood_of_output_still_passes_with_the_output_truncated(grade: Grade) -> None:
    source = (
        "import sys\n"
        + HEADER
        + "print('x' * 3_000_000)\n"
        + CORRECT.replace(
            "    e = ",
            "    print('y' * 20_000)\n    sys.stderr.write('z' * 20_000 + '\\n')\n    e = ",
        )
    )
    verdict, _ = _timed(grade, source)
    assert verdict.passed, verdict.report()
    assert verdict.output_truncated
    assert len(verdict.stdout) < 3 * QUICK.output_kb * 1024
    assert "bytes of output left out" in verdict.stdout

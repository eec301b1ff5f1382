"""`trainer.grading.watch`: what counts as a save, and the loop that `exercise watch` runs."""

from __future__ import annotations

import contextlib
import dataclasses
import os
import shutil
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

from trainer.grading.catalog import solution_path, stub_path
from trainer.grading.runner import check_file
from trainer.grading.verdict import Verdict
from trainer.grading.watch import Saves, settled, watch


def test_a_save_is_a_new_time_or_size_and_a_missing_file_is_not(tmp_path: Path) -> None:
    here, later = tmp_path / "here.py", tmp_path / "later.py"
    here.write_text("a = 1\n", encoding="utf-8")
    saves = Saves()
    saves.track([here, later])
    assert saves.saved() == []
    here.write_text("a = 22\n", encoding="utf-8")  # a new size
    assert saves.saved() == [here]
    assert saves.saved() == []  # each save is reported once
    stat = here.stat()
    os.utime(here, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))  # same size, new time
    assert saves.saved() == [here]
    later.write_text("b = 2\n", encoding="utf-8")  # a copy that appears is a save
    assert saves.saved() == [later]
    later.unlink()  # one that goes away is not
    assert saves.saved() == []
    here.write_text("a = 333\n", encoding="utf-8")
    saves.mark(here)  # the app itself checked it as it is now
    assert saves.saved() == []
    saves.track([here])  # tracking again keeps what was seen
    assert saves.saved() == []


def test_watch_checks_at_once_then_after_each_save_until_stopped(tmp_path: Path) -> None:
    path = tmp_path / "softmax.py"
    shutil.copyfile(stub_path("softmax"), path)
    verdicts: list[Verdict] = []
    checking = threading.Event()
    arrived = threading.Semaphore(0)
    stop = threading.Event()

    def record(verdict: Verdict) -> None:
        verdicts.append(verdict)
        arrived.release()

    thread = threading.Thread(
        target=watch,
        args=("softmax", path, checking.set, record, stop),
        kwargs={"interval": 0.05},
    )
    thread.start()
    try:
        assert arrived.acquire(timeout=120)  # the stub, at once
        assert checking.is_set() and not verdicts[0].passed
        shutil.copyfile(solution_path("softmax"), path)  # the save
        assert arrived.acquire(timeout=120)
        assert verdicts[1].passed
    finally:
        stop.set()
        thread.join(timeout=120)
    assert not thread.is_alive()
    assert len(verdicts) == 2  # nothing was saved after: no third check


def test_a_save_is_checked_once_the_file_stands_still(tmp_path: Path) -> None:
    path = tmp_path / "softmax.py"
    path.write_text("x = 1\n", encoding="utf-8")
    writes = iter(["x = 12\n", "x = 123\n"])

    class Writing(threading.Event):
        """Each wait of `settled` sees one more write, until the editor is done."""

        def wait(self, timeout: float | None = None) -> bool:
            text = next(writes, None)
            if text is not None:
                path.write_text(text, encoding="utf-8")
            return False

    assert settled(path, Writing())
    assert path.read_text(encoding="utf-8") == "x = 123\n"  # waited through both writes
    stopped = threading.Event()
    stopped.set()
    assert not settled(path, stopped)  # stopped meanwhile: no check


def _comparable(verdict: Verdict) -> dict[str, Any]:
    data = dataclasses.asdict(verdict)
    for key in ("timings", "stdout", "stderr", "output_truncated"):
        data.pop(key)
    for check in data["checks"]:
        check.pop("duration_ms")
    return data


def _workers() -> list[str]:
    """Our workers' live processes (a spare's included): their scratch folder is in their
    environment."""
    marker = f"trainer-grade-{os.getpid()}-".encode()
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError):
                if marker in (entry / "environ").read_bytes():
                    found.append(entry.name)
    return found


def _folders() -> set[str]:
    marker = f"trainer-grade-{os.getpid()}-"
    return {p.name for p in Path(tempfile.gettempdir()).iterdir() if p.name.startswith(marker)}


# The reference, wrong on generated inputs of some sizes only (past the hand-written examples).
WRONG_ON_SOME_SIZES = """
_reference_softmax = softmax


def softmax(x):
    out = _reference_softmax(x)
    return out * 1.5 if x.size > 5 and x.size % 3 == 1 else out
"""


def test_a_recheck_with_the_spare_worker_gives_the_cold_verdict(tmp_path: Path) -> None:
    """Watch mode re-checks with a spare worker and the kept cases: each save's verdict is the
    one a cold check of the same file gives, and no worker is left when it stops."""
    reference = solution_path("softmax").read_text(encoding="utf-8")
    saves = [
        stub_path("softmax").read_text(encoding="utf-8"),
        reference,
        reference + WRONG_ON_SOME_SIZES,  # fails on a case the last check kept
        reference + "\n# saved again\n",
    ]
    path = tmp_path / "softmax.py"
    path.write_text(saves[0], encoding="utf-8")
    folders = _folders()  # (another test may keep one on purpose)
    verdicts: list[Verdict] = []
    arrived = threading.Semaphore(0)
    stop = threading.Event()

    def record(verdict: Verdict) -> None:
        verdicts.append(verdict)
        arrived.release()

    thread = threading.Thread(
        target=watch, args=("softmax", path, lambda: None, record, stop), kwargs={"interval": 0.05}
    )
    thread.start()
    try:
        assert arrived.acquire(timeout=120)
        waiting = time.monotonic() + 60
        while len(_workers()) != 1 and time.monotonic() < waiting:
            time.sleep(0.02)
        assert len(_workers()) == 1  # a spare, started for the next save while none came
        for source in saves[1:]:
            time.sleep(0.1)
            path.write_text(source, encoding="utf-8")
            assert arrived.acquire(timeout=120)
    finally:
        stop.set()
        thread.join(timeout=120)
    assert not thread.is_alive()
    assert [v.passed for v in verdicts] == [False, True, False, True]
    assert _workers() == [] and _folders() == folders  # the spare waiting was closed
    for number, (source, verdict) in enumerate(zip(saves, verdicts, strict=True)):
        copy = tmp_path / f"cold-{number}" / "softmax.py"
        copy.parent.mkdir()
        copy.write_text(source, encoding="utf-8")
        cold = check_file("softmax", copy, display_path=str(path))
        assert _comparable(verdict) == _comparable(cold)

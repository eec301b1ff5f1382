"""Noticing saves of the learner's files and re-checking them: `trainer exercise watch` and the
TUI's exercises screen share this, so both see a save the same way.

A save is a change of a file's modification time or size, found by polling (no file-system
notification library, and editors that replace the file on save are seen too); a stat every
`INTERVAL_S` costs nothing next to a check. A change is checked once the file has stood still
for `SETTLE_S`, so a check does not read half a write.

Between saves the loop keeps a spare worker started (its interpreter and NumPy loaded, nothing of
the learner's run yet) and each passing check's drawn cases (`replay.py`), so that a re-check
neither starts Python nor draws its cases again; it is still a full check.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from trainer.grading.runner import Options
    from trainer.grading.sandbox import Worker
    from trainer.grading.verdict import Verdict

Fingerprint = tuple[int, int]  # modification time (ns), size
INTERVAL_S = 0.1
SETTLE_S = 0.03


def fingerprint(path: Path) -> Fingerprint | None:
    """What changes when the file is saved (None while it does not exist)."""
    try:
        stat = path.stat()
    except OSError:
        return None
    return stat.st_mtime_ns, stat.st_size


@dataclass
class Saves:
    """The files being watched and how each looked when last checked."""

    seen: dict[Path, Fingerprint | None] = field(default_factory=dict)

    def track(self, paths: Iterable[Path]) -> None:
        """Watch these too, from how they are now (a file already watched keeps its state)."""
        for path in paths:
            if path not in self.seen:
                self.seen[path] = fingerprint(path)

    def saved(self) -> list[Path]:
        """The files saved since the last call (or `mark`); a missing file is not a save."""
        changed = []
        for path, before in self.seen.items():
            now = fingerprint(path)
            if now is not None and now != before:
                self.seen[path] = now
                changed.append(path)
        return changed

    def mark(self, path: Path) -> None:
        """Take the file as it is now as checked (after the app itself checked it)."""
        self.seen[path] = fingerprint(path)


def prepare(exercise_id: str) -> None:
    """Do ahead of the first save what every check of this exercise needs in this process: the
    grader's imports, the exercise, its reference and its checks (each cached or cheap after)."""
    from trainer.grading.catalog import load_exercise, load_reference
    from trainer.grading.runner import check_file  # noqa: F401  (NumPy, the sandbox's code)

    exercise = load_exercise(exercise_id)
    load_reference(exercise_id)
    exercise.checks()  # imports the strategies and Hypothesis


def watch(
    exercise_id: str,
    path: Path,
    on_checking: Callable[[], None],
    on_verdict: Callable[[Verdict], None],
    stop: threading.Event,
    *,
    options: Options | None = None,
    interval: float = INTERVAL_S,
) -> None:
    """Check `path` now, then after every save, until `stop` is set (a check is never cut off).

    No worker outlives the call: the spare waiting for the next save is closed on the way out.
    """
    from trainer.grading.replay import ReplayCache
    from trainer.grading.runner import check_file, spawn_worker

    spare: Worker | None = spawn_worker(
        exercise_id, options
    )  # starts while this process imports the grader
    try:
        prepare(exercise_id)
        replay = ReplayCache()
        saves = Saves()
        first = True
        while not stop.is_set():
            if first or saves.saved():
                first = False
                if not settled(path, stop):
                    break
                saves.mark(path)
                on_checking()
                worker, spare = spare, None
                verdict = check_file(exercise_id, path, options, spare=worker, replay=replay)
                on_verdict(verdict)
                spare = spawn_worker(exercise_id, options)  # for the next save
            stop.wait(max(0.02, interval))
    finally:
        if spare is not None:
            spare.close()


def settled(path: Path, stop: threading.Event) -> bool:
    """Wait until the file stands still for `SETTLE_S` (the editor finished writing); False
    when `stop` was set meanwhile."""
    before = fingerprint(path)
    while not stop.wait(SETTLE_S):
        now = fingerprint(path)
        if now == before:
            return True
        before = now
    return False

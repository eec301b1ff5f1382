"""The worker's scratch folders in the temporary directory, and the ones a killed app left behind.

A folder is named `trainer-<kind>-<pid>-<random>`, where pid is the app process that made it: the
app removes it when the worker is done, but an app killed during a check cannot. Before making a
new one, folders of this user whose app process is gone are removed (a pid that is alive again,
reused by another process, only keeps its folder a while longer: never a wrong removal).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import stat
import tempfile
from pathlib import Path

KINDS = ("grade", "timing")


def make_scratch(kind: str) -> str:
    """A new private folder for one worker (after removing stale ones of every kind)."""
    remove_stale()
    return tempfile.mkdtemp(prefix=f"trainer-{kind}-{os.getpid()}-")


def owner_pid(name: str) -> int | None:
    """The app's pid recorded in a scratch folder's name (None: not one of ours)."""
    for kind in KINDS:
        prefix = f"trainer-{kind}-"
        if name.startswith(prefix):
            pid, dash, _ = name[len(prefix) :].partition("-")
            return int(pid) if dash and pid.isdigit() else None
    return None


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process: alive
        return True
    return True


def remove_stale(where: str | None = None) -> list[Path]:
    """Remove this user's scratch folders whose app process is gone; return what was removed."""
    folder = Path(where or tempfile.gettempdir())
    removed: list[Path] = []
    if os.name != "posix":  # os.kill(pid, 0) is no liveness test elsewhere (Windows: Ctrl-C)
        return removed
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    for entry in entries:
        pid = owner_pid(entry.name)
        if pid is None or pid == os.getpid() or _alive(pid):
            continue
        with contextlib.suppress(OSError):
            info = entry.stat(follow_symlinks=False)
            if not stat.S_ISDIR(info.st_mode) or info.st_uid != os.getuid():
                continue
            shutil.rmtree(entry.path)
            removed.append(Path(entry.path))
    return removed

"""Every hostile submission of `hostile_catalogue` meets its required outcome (issue 17).

For each entry: no PASS unless it solves the exercise by itself, a status among those allowed,
what the report must say, no file outside the scratch folder changed (mode, owner, times, content,
extended attributes), no process or scratch folder left, the app's and an unrelated process's
limits, priority and CPUs unchanged, no control character in the report or the JSON, and the
verdict recorded in a progress database that the entries attack. The figures (contained / total)
are printed at the end: `pytest -s tests/grading/test_hostile_catalogue.py`.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import resource
import string
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from tests.grading.conftest import QUICK
from tests.grading.hostile_catalogue import CATALOGUE, ITEMS, Hostile
from trainer.grading.catalog import solution_path
from trainer.grading.runner import Options, check_file
from trainer.grading.sandbox import Limits, hidden_paths
from trainer.grading.timing import TimingError, run_timing
from trainer.grading.verdict import Verdict
from trainer.store.engine import make_engine
from trainer.store.repository import Store
from trainer.store.upgrade import ensure_schema
from trainer.study.exercises import record_submission, submissions

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
LIMITS = {"quick": QUICK, "memory": Limits(wall_s=8.0, startup_s=8.0, memory_mb=400)}
CONTROL = {chr(c) for c in (*range(0x00, 0x09), *range(0x0B, 0x20), *range(0x7F, 0xA0))}
CONTROL |= {"\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2069"}
SHOWN_CHARS = 200_000
RESULTS: dict[str, bool] = {}  # entry -> contained (every required outcome held)


@dataclass
class Arena:
    """What the entries attack: files outside the scratch folder, the database, another process."""

    outside: Path
    db: Path
    notes: Path
    victim: subprocess.Popen[bytes]
    store: Store
    user: int
    values: dict[str, str] = field(default_factory=dict)


def _installed_copy() -> Path:
    """A copy of the reference the sandbox hides (an editable install's data), else the one."""
    for folder in hidden_paths():
        candidate = folder / "solutions" / "softmax.py"
        if candidate.is_file() and candidate.resolve() != solution_path("softmax").resolve():
            return candidate
    return solution_path("softmax")


@pytest.fixture(scope="module")
def arena(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Arena]:
    outside = tmp_path_factory.mktemp("outside")
    db = outside / "progress.db"
    engine = make_engine(f"sqlite:///{db}")
    ensure_schema(engine)
    store = Store(engine)
    notes = outside / "notes.txt"
    notes.write_text("the learner's notes\n", encoding="utf-8")
    (outside / "sub").mkdir()
    (outside / "sub" / "kept.txt").write_text("kept\n", encoding="utf-8")
    with contextlib.suppress(OSError):  # a file system without user attributes
        os.setxattr(notes, "user.keep", b"1")
    victim = subprocess.Popen(["sleep", "3600"])
    values = {
        "victim": str(victim.pid),
        "outside": str(outside),
        "db": str(db),
        "notes": str(notes),
        "reference": str(solution_path("softmax")),
        "copy": str(_installed_copy()),
        "repo": str(ROOT),
        "home": str(Path.home()),
        "tmp": tempfile.gettempdir(),
    }
    try:
        yield Arena(outside, db, notes, victim, store, store.user_id("hostile"), values)
    finally:
        store.close()
        victim.kill()
        victim.wait()


def _files(folder: Path) -> dict[str, tuple[Any, ...]]:
    """Everything about every file under `folder` that a submission could change."""
    found: dict[str, tuple[Any, ...]] = {}
    for path in [folder, *sorted(folder.rglob("*"))]:
        info = os.lstat(path)
        try:
            xattrs = {name: os.getxattr(path, name) for name in os.listxattr(path)}
        except OSError:
            xattrs = {}
        content = hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else ""
        # (not the access time: reading the content here sets it)
        found[str(path)] = (info.st_mode, info.st_uid, info.st_gid, info.st_mtime_ns, content,
                            xattrs)  # fmt: skip
    return found


def _process(pid: int) -> tuple[Any, ...]:
    names = sorted(n for n in dir(resource) if n.startswith("RLIMIT_"))
    limits = tuple(resource.prlimit(pid, getattr(resource, n)) for n in names)
    policy = os.sched_getscheduler(pid)
    return limits, os.getpriority(os.PRIO_PROCESS, pid), os.sched_getaffinity(pid), policy


def _ours() -> tuple[str, ...]:
    """Names of the scratch folders this process's workers get."""
    return tuple(f"trainer-{kind}-{os.getpid()}-" for kind in ("grade", "timing"))


def _left_processes() -> list[int]:
    """Processes descending from our workers: their scratch folder is their environment or cwd."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            environ = (entry / "environ").read_bytes()
            cwd = os.readlink(entry / "cwd")
        except OSError:
            continue
        if any(name.encode() in environ or name in cwd for name in _ours()):
            found.append(int(entry.name))
    return found


def _left_folders() -> list[Path]:
    return [p for p in Path(tempfile.gettempdir()).iterdir() if p.name.startswith(_ours())]


def _shown_controls(text: str) -> list[str]:
    return sorted({hex(ord(c)) for c in text if c in CONTROL})


def _run(entry: Hostile, source: str, tmp_path: Path) -> tuple[str, str, Verdict | None]:
    """Status, what the learner would be shown, and the verdict (None for a timing run)."""
    if entry.runner == "time":
        path = tmp_path / "gpu_timing.py"
        path.write_text(source, encoding="utf-8")
        try:
            report = run_timing(
                path, solution_path("gpu_timing"), "batched_matmul", (8,), repeat=2, timeout_s=60
            )
        except TimingError as exc:
            return "timing error", str(exc), None
        return "timed", json.dumps(report.as_json(), ensure_ascii=False) + report.output, None
    path = tmp_path / "softmax.py"
    path.write_text(source, encoding="utf-8")
    verdict = check_file("softmax", path, Options(limits=LIMITS[entry.limits]))
    shown = verdict.report() + "\n" + json.dumps(verdict.as_json(), ensure_ascii=False)
    return str(verdict.status), shown, verdict


@pytest.mark.parametrize("entry", CATALOGUE, ids=[e.name for e in CATALOGUE])
def test_a_hostile_submission_is_contained(entry: Hostile, arena: Arena, tmp_path: Path) -> None:
    RESULTS[entry.name] = False
    source = string.Template(entry.source).safe_substitute(arena.values)
    files, app, other = _files(arena.outside), _process(os.getpid()), _process(arena.victim.pid)
    status, shown, verdict = _run(entry, source, tmp_path)
    # The app is alive (this process), and so is everything around it.
    assert status != "passed" or entry.solves, shown
    assert status in entry.statuses, shown
    if entry.says:
        assert entry.says in shown, shown
    assert _files(arena.outside) == files
    assert _process(os.getpid()) == app
    assert _process(arena.victim.pid) == other and arena.victim.poll() is None
    assert _left_processes() == []
    assert _left_folders() == []
    assert _shown_controls(shown) == []
    assert len(shown) < SHOWN_CHARS  # the report and its JSON, with everything relayed cut
    if verdict is not None:  # its verdict is recorded, in the very database it attacked
        before = len(submissions(arena.store, arena.user))
        record_submission(arena.store, arena.user, verdict)
        assert len(submissions(arena.store, arena.user)) == before + 1
    RESULTS[entry.name] = True


def test_the_catalogue_covers_every_point(capsys: pytest.CaptureFixture[str]) -> None:
    assert len(CATALOGUE) >= 50
    assert len({e.name for e in CATALOGUE}) == len(CATALOGUE)
    assert {e.item for e in CATALOGUE} == set(ITEMS)
    ran = [name for name in RESULTS]
    contained = [name for name, ok in RESULTS.items() if ok]
    with capsys.disabled():
        by_item = {
            item: (
                sum(1 for e in CATALOGUE if e.item == item and RESULTS.get(e.name)),
                sum(1 for e in CATALOGUE if e.item == item),
            )
            for item in ITEMS
        }
        print(
            f"\nhostile submissions contained: {len(contained)} / {len(CATALOGUE)}"
            f" (ran {len(ran)}); by item: "
            + ", ".join(f"{item} {done}/{total}" for item, (done, total) in by_item.items())
        )
    assert contained == ran

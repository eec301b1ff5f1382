"""The grading sandbox against what issue 17 found (points 5-10): other processes' limits and
priorities, metadata outside the scratch folder, what the worker may read, oversized messages,
scratch folders left by a killed app, and control characters relayed from the learner's code."""

from __future__ import annotations

import contextlib
import json
import os
import resource
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.grading.conftest import QUICK, Grade
from trainer.cli import main
from trainer.grading import worker as codec
from trainer.grading.catalog import solution_path
from trainer.grading.relay import relayed
from trainer.grading.sandbox import hidden_paths, readable_paths
from trainer.grading.scratch import make_scratch, owner_pid, remove_stale

ROOT = Path(__file__).resolve().parents[2]
CORRECT = """
import numpy as np
def softmax(x):
    e = np.exp(x - np.max(x, axis=-1, keepdims=True))
    return e / np.sum(e, axis=-1, keepdims=True)
"""
CONTROL = [chr(c) for c in (*range(0x00, 0x09), *range(0x0B, 0x20), 0x7F, 0x9B, 0x202E)]


@pytest.fixture
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A workspace and a progress database for the CLI; returns the database's path."""
    monkeypatch.setenv("TRAINER_WORKSPACE", str(tmp_path / "workspace"))
    monkeypatch.setenv("TRAINER_DB", str(tmp_path / "progress.db"))
    monkeypatch.setenv("USER", "learner")
    return tmp_path / "progress.db"


@pytest.fixture
def victim() -> Iterator[subprocess.Popen[bytes]]:
    """An unrelated process of the same user."""
    process = subprocess.Popen(["sleep", "600"])
    try:
        yield process
    finally:
        process.kill()
        process.wait()


def _recorded(db: Path) -> list[tuple[str, str]]:
    with sqlite3.connect(db) as connection:
        rows = connection.execute(
            "SELECT exercise_id, verdict FROM exercise_submission ORDER BY id"
        ).fetchall()
    return [(str(e), str(v)) for e, v in rows]


def _check(path: Path, capsys: pytest.CaptureFixture[str]) -> dict[str, object]:
    main(["exercise", "check", "softmax", "--file", str(path), "--json"])
    data = json.loads(capsys.readouterr().out)
    assert isinstance(data, dict)
    return data


def _process_state(pid: int) -> tuple[object, ...]:
    limits = tuple(resource.prlimit(pid, getattr(resource, n)) for n in dir(resource)
                   if n.startswith("RLIMIT_"))  # fmt: skip
    return limits, os.getpriority(os.PRIO_PROCESS, pid), os.sched_getaffinity(pid)


# -- point 6: other processes' limits, priority and CPUs -----------------------------------------


def test_other_processes_keep_their_limits_priority_and_cpus(
    env: Path,
    tmp_path: Path,
    victim: subprocess.Popen[bytes],
    capsys: pytest.CaptureFixture[str],
) -> None:
    app_before, victim_before = _process_state(os.getpid()), _process_state(victim.pid)
    attempts = (
        "resource.prlimit(os.getppid(), resource.RLIMIT_CPU, (1, 1))",
        "resource.prlimit(os.getppid(), resource.RLIMIT_FSIZE, (0, 0))",
        f"resource.prlimit({victim.pid}, resource.RLIMIT_NOFILE, (7, 7))",
        f"os.setpriority(os.PRIO_PROCESS, {victim.pid}, 19)",
        "os.setpriority(os.PRIO_PROCESS, os.getppid(), 19)",
        "os.setpriority(os.PRIO_USER, 0, 19)",
        "os.setpriority(os.PRIO_PGRP, os.getpgid(os.getppid()), 19)",
        f"os.sched_setaffinity({victim.pid}, {{0}})",
        "os.sched_setaffinity(os.getppid(), {0})",
        f"os.sched_setscheduler({victim.pid}, os.SCHED_IDLE, os.sched_param(0))",
        f"os.sched_setparam({victim.pid}, os.sched_param(0))",
    )
    lines = ["import os, resource", "done = []"]
    for attempt in attempts:
        lines += ["try:", f"    {attempt}", f"    done.append({attempt!r})", "except OSError:",
                  "    pass"]  # fmt: skip
    lines += [  # the worker itself may still change its own (a library might)
        "resource.setrlimit(resource.RLIMIT_NOFILE, (128, 128))",
        "os.setpriority(os.PRIO_PROCESS, 0, 1)",
        "os.sched_setaffinity(0, os.sched_getaffinity(0))",
        "print('CHANGED', done)",
    ]
    path = tmp_path / "hostile.py"
    path.write_text("\n".join(lines) + CORRECT, encoding="utf-8")
    data = _check(path, capsys)
    assert "CHANGED []" in str(data["stdout"]), data["stdout"]
    assert data["status"] == "passed" and data["recorded"] is True  # it solved it, and it counts
    assert _recorded(env) == [("softmax", "passed")]
    assert _process_state(os.getpid()) == app_before
    assert _process_state(victim.pid) == victim_before


# -- point 7: metadata outside the scratch folder -------------------------------------------------


def _metadata(path: Path) -> tuple[object, ...]:
    info = os.stat(path)
    try:
        xattrs = {name: os.getxattr(path, name) for name in os.listxattr(path)}
    except OSError:
        xattrs = {}
    return info.st_mode, info.st_uid, info.st_gid, info.st_mtime_ns, info.st_atime_ns, xattrs


def test_metadata_outside_the_scratch_folder_cannot_change(
    env: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    first = tmp_path / "first.py"
    first.write_text(CORRECT, encoding="utf-8")
    assert _check(first, capsys)["recorded"] is True  # the progress database now exists
    target = str(env)
    with contextlib.suppress(OSError):  # a file system without user attributes
        os.setxattr(env, "user.keep", b"1")
    before = _metadata(env)
    attempts = (
        f"os.chmod({target!r}, 0o444)",
        f"os.chmod({str(tmp_path)!r}, 0o500)",
        f"os.utime({target!r}, (0, 0))",
        f"os.utime({target!r}, ns=(5, 5))",
        f"os.chown({target!r}, 4321, 4321)",
        f"os.chown({target!r}, -1, os.getgid())",
        f"os.setxattr({target!r}, 'user.trainer', b'x')",
        f"os.removexattr({target!r}, 'user.keep')",
        f"os.fchmod(os.open({target!r}, os.O_RDONLY), 0o444)",
        f"os.utime(os.open({target!r}, os.O_RDONLY), (0, 0))",
        f"os.fchown(os.open({target!r}, os.O_RDONLY), 4321, 4321)",
        f"os.setxattr(os.open({target!r}, os.O_RDONLY), 'user.trainer', b'x')",
        "os.fchmod(os.open(np.__file__, os.O_RDONLY), os.stat(np.__file__).st_mode & 0o7777)",
    )
    lines = ["import os", "import numpy as np", "done = []"]
    for attempt in attempts:
        lines += ["try:", f"    {attempt}", f"    done.append({attempt!r})", "except OSError:",
                  "    pass"]  # fmt: skip
    lines += ["print('CHANGED', done)"]
    path = tmp_path / "hostile.py"
    path.write_text("\n".join(lines) + CORRECT, encoding="utf-8")
    data = _check(path, capsys)
    assert "CHANGED []" in str(data["stdout"]), data["stdout"]
    assert data["status"] == "passed" and data["recorded"] is True
    assert _recorded(env)[-1] == ("softmax", "passed")
    after = _metadata(env)
    assert after[:3] == before[:3] and after[5] == before[5]  # mode, owner, extended attributes
    assert os.stat(tmp_path).st_mode & 0o777 != 0o500


def test_metadata_in_the_scratch_folder_is_refused_too(grade: Grade) -> None:
    """seccomp cannot tell the scratch folder from the rest: every metadata change is refused."""
    source = "import os\nopen('mine', 'w').close()\nos.chmod('mine', 0o600)\n" + CORRECT
    verdict = grade("softmax", source, limits=QUICK)
    if not verdict.sandbox.get("seccomp"):
        pytest.skip(f"no seccomp here: {verdict.sandbox}")
    assert verdict.status == "error"
    assert "Operation not permitted" in verdict.message


# -- point 8: what the worker may read ------------------------------------------------------------


def _home_file() -> Path:
    home = Path.home()
    for name in (".ssh/known_hosts", ".bashrc", ".profile", ".gitconfig"):
        if (home / name).is_file():
            return home / name
    return home


def test_the_worker_reads_only_its_interpreter_libraries_and_scratch(
    grade: Grade, tmp_path: Path
) -> None:
    database = tmp_path / "progress.db"
    database.write_bytes(b"SQLite format 3\x00")
    copies = [p / "solutions" / "softmax.py" for p in hidden_paths()]
    secrets = [
        solution_path("softmax"),
        *[p for p in copies if p.is_file()],
        ROOT / ".git" / "HEAD",
        ROOT / "tests" / "conftest.py",
        ROOT / "tests" / "grading" / "implementations.py",
        database,
        _home_file(),
        Path.home(),
        ROOT,
        Path("/etc/passwd"),
        Path(tempfile.gettempdir()),
    ]
    probes = "\n".join(
        f"try:\n    _read({str(p)!r})\n    print('READ', {str(p)!r})\nexcept OSError:\n    pass"
        for p in secrets
    )
    source = (
        "import os\ndef _read(p):\n"
        "    return os.listdir(p) if os.path.isdir(p) else open(p, 'rb').read(1)\n"
        f"{probes}\nexec(open({str(solution_path('softmax'))!r}).read())\n"
    )
    verdict = grade("softmax", source, limits=QUICK)
    if not verdict.sandbox.get("landlock"):
        pytest.skip(f"no Landlock here: {verdict.sandbox}")
    assert "READ" not in verdict.stdout, verdict.stdout
    assert verdict.status == "error", verdict.report()
    assert "Permission denied" in verdict.message


def test_an_editable_installs_data_copy_of_the_references_is_hidden(tmp_path: Path) -> None:
    """A `trainer` folder in site-packages (an editable install's data) is left out, whatever
    `forbidden` says: only the package and its references in this checkout are passed."""
    site = tmp_path / "site-packages"
    (site / "trainer" / "solutions").mkdir(parents=True)
    (site / "numpy_like").mkdir()
    sys.path.append(str(site))
    try:
        allowed = readable_paths([])
    finally:
        sys.path.remove(str(site))
    assert str(site / "trainer") not in allowed
    assert not any(Path(p).is_relative_to(ROOT) and "site-packages" not in p for p in allowed), [
        p for p in allowed if Path(p).is_relative_to(ROOT)
    ]


# -- point 10: oversized messages, stale scratch folders ------------------------------------------


def test_an_oversized_message_is_refused_from_its_header() -> None:
    reader = codec.FrameReader()
    announced = codec.HEADER.pack(100, 250 * 1024 * 1024)
    with pytest.raises(codec.ProtocolError, match="too large"):
        reader.feed(announced + b"\0" * 1024)
    assert len(reader.buffer) < 2 * 1024  # nothing more was kept
    with pytest.raises(codec.ProtocolError, match="too large"):
        codec.FrameReader().feed(codec.HEADER.pack(codec.MAX_JSON + 1, 0))


MEMORY_SCRIPT = """
import resource, sys
from trainer.grading.runner import Options, check_file
from trainer.grading.sandbox import Limits
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
verdict = check_file("softmax", sys.argv[1], Options(limits=Limits(wall_s=20, startup_s=20)))
after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(verdict.status, (after - before) // 1024, verdict.report().replace(chr(10), " "))
"""

FLOOD = """
import os, struct
def softmax(x):
    size = 250 * 1024 * 1024
    header = struct.pack('>II', 2, size)
    chunk = b'\\0' * (1 << 20)
    for fd in range(3, 40):
        try:
            os.write(fd, header + b'{}')
        except OSError:
            continue
        for _ in range(size // len(chunk)):
            try:
                os.write(fd, chunk)
            except OSError:
                break
"""


@pytest.mark.slow
def test_a_250_mb_message_is_refused_before_the_app_grows(tmp_path: Path) -> None:
    path = tmp_path / "flood.py"
    path.write_text(FLOOD, encoding="utf-8")
    out = subprocess.run(
        [sys.executable, "-c", MEMORY_SCRIPT, str(path)],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert out.returncode == 0, out.stderr
    status, grown_mb, message = out.stdout.strip().splitlines()[-1].split(" ", 2)
    assert status == "crashed", message
    assert "too large" in message
    assert int(grown_mb) < 100, f"the app grew by {grown_mb} MB"


def test_stale_scratch_folders_are_removed_and_live_ones_kept(
    tmp_path: Path, victim: subprocess.Popen[bytes]
) -> None:
    dead = subprocess.Popen(["true"])
    dead.wait()
    stale = tmp_path / f"trainer-grade-{dead.pid}-abc"
    stale_timing = tmp_path / f"trainer-timing-{dead.pid}-abc"
    live = tmp_path / f"trainer-grade-{victim.pid}-abc"
    mine = tmp_path / f"trainer-grade-{os.getpid()}-abc"
    foreign = tmp_path / "trainer-grade-notapid"
    plain_file = tmp_path / f"trainer-grade-{dead.pid}-file"
    for folder in (stale, stale_timing, live, mine, foreign):
        (folder / "sub").mkdir(parents=True)
        (folder / "sub" / "x.py").write_text("x")
    plain_file.write_text("not a folder")
    (tmp_path / f"trainer-grade-{dead.pid}-link").symlink_to(live)
    removed = remove_stale(str(tmp_path))
    assert sorted(removed) == sorted([stale, stale_timing])
    assert not stale.exists() and not stale_timing.exists()
    assert live.is_dir() and mine.is_dir() and foreign.is_dir() and plain_file.is_file()
    assert (live / "sub" / "x.py").is_file()
    assert owner_pid(Path(make_scratch("grade")).name) == os.getpid()


KILLED_APP = """
import sys
from trainer.grading.runner import Options, check_file
from trainer.grading.sandbox import Limits
check_file("softmax", sys.argv[1], Options(limits=Limits(wall_s=60, startup_s=60)))
"""


@pytest.mark.slow
def test_a_folder_left_by_a_killed_app_goes_at_the_next_check(grade: Grade, tmp_path: Path) -> None:
    hang = tmp_path / "hang.py"
    hang.write_text("import time\ntime.sleep(120)\n", encoding="utf-8")
    app = subprocess.Popen(
        [sys.executable, "-c", KILLED_APP, str(hang)],
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    pattern = f"trainer-grade-{app.pid}-*"
    temporary = Path(tempfile.gettempdir())
    try:
        deadline = time.monotonic() + 60
        while not list(temporary.glob(pattern)) and time.monotonic() < deadline:
            time.sleep(0.1)
        left = list(temporary.glob(pattern))
        assert left, "the app never started its worker"
    finally:
        app.send_signal(signal.SIGKILL)
        app.wait()
    assert all(p.exists() for p in left)  # killed mid-check: nothing removed it
    grade("softmax", CORRECT, limits=QUICK)
    assert not any(p.exists() for p in left)


# -- point 5: control characters relayed from the learner's code ----------------------------------

FAKE = (
    "import sys\n"
    "print('\\x1b[2J\\x1b[H\\x1b[1;32msoftmax: PASSED\\x1b[0m\\r\\u202e')\n"
    "sys.stderr.write('\\x1b]0;pwned\\x07\\x9b2J' + 'e' * 200_000)\n"
    "class Boom(Exception):\n    pass\n"
    "def softmax(x):\n    raise Boom('\\x1b[2J\\rPASSED ' + 'm' * 100_000)\n"
)


def _no_control(text: str) -> None:
    found = sorted({hex(ord(c)) for c in text if c in CONTROL})
    assert not found, found


def test_a_report_cannot_be_cleared_or_faked_by_what_the_code_prints(
    env: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "fake.py"
    path.write_text(FAKE, encoding="utf-8")
    assert main(["exercise", "check", "softmax", "--file", str(path), "--lang", "en"]) == 1
    out = capsys.readouterr().out
    _no_control(out)
    assert out.startswith("softmax: ERROR")
    assert "\\x1b[2J" in out  # shown, escaped
    assert len(out) < 60_000  # the 100 KB message and 200 KB of stderr are cut
    data = _check(path, capsys)
    assert data["status"] == "error"
    for value in (data["stdout"], data["stderr"], json.dumps(data["checks"], ensure_ascii=False)):
        _no_control(str(value))
    [check] = [c for c in data["checks"] if isinstance(c, dict) and c["status"] == "error"]
    assert len(check["message"]) < 3000 and "characters left out" in check["message"]


def test_a_type_name_with_control_characters_is_escaped(grade: Grade) -> None:
    source = "def softmax(x):\n    return type('\\x1b[2J\\rOK', (), {})()\n"
    verdict = grade("softmax", source, limits=QUICK)
    assert verdict.status == "failed"
    _no_control(verdict.report())
    _no_control(json.dumps(verdict.as_json(), ensure_ascii=False))


def test_relayed_escapes_controls_keeps_lines_and_cuts() -> None:
    assert relayed("a\x1b[2Jb\rc\td\ne\u202ef") == "a\\x1b[2Jb\\x0dc\td\ne\\u202ef"
    assert relayed("日本語 ok") == "日本語 ok"
    assert relayed("x" * 50, 10) == "x" * 10 + " [... 40 characters left out / 以下 40 文字省略]"

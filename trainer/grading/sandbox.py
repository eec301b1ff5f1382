"""Starting, feeding and killing the grading worker (the parent's side of `worker.py`).

One worker per check run, and one learner file per worker: a fresh `python -I` started with
`subprocess` (fork+exec in C, never a `fork` of this NumPy-importing process), in a new session,
with a scrubbed environment, a temporary working directory holding a copy of the learner's file,
BLAS pinned to one thread. Its stdout and stderr are drained continuously and only a head and a
tail are kept, so a flood of prints neither blocks it nor fills memory. Every wait has a deadline
on the wall clock; at the deadline, and at the end in any case, the whole process group is killed
with SIGKILL. A result that did not arrive is never taken for a pass: the caller gets a
`WorkerFailure` that says why (timeout, memory, crashed) instead.

The interpreter may be started ahead of the file (`spawn`, a spare for watch mode's next save):
until its configuration arrives it runs only the worker script and NumPy, and it still sets its
limits and locks itself down before it reads the learner's file. `start` configures a worker once:
a second file needs a second worker.
"""

from __future__ import annotations

import contextlib
import functools
import os
import selectors
import shutil
import signal
import subprocess
import sys
import sysconfig
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from trainer.grading import worker as codec
from trainer.grading.l10n import Bi, say
from trainer.grading.relay import MESSAGE_CHARS, TRACEBACK_CHARS, relayed
from trainer.grading.scratch import make_scratch
from trainer.grading.verdict import Status

WORKER_SCRIPT = Path(codec.__file__).resolve()


@dataclass(frozen=True)
class Limits:
    """Resource limits for one check run."""

    wall_s: float = 10.0  # time the learner's code may spend on all calls together
    startup_s: float = 10.0  # interpreter, NumPy and the learner's module
    memory_mb: int | None = 1024  # address space (NumPy needs ~100-200 MB; None: no limit,
    # for the later GPU exercise: CUDA reserves far more address space than it uses)
    fsize_mb: int = 16  # largest file the learner's code may write
    output_kb: int = 8  # kept of stdout and of stderr, each (half head, half tail)

    @property
    def cpu_s(self) -> int:
        return int(self.wall_s + self.startup_s) + 2


@dataclass
class Captured:
    """One output stream: a head and a tail of at most `limit` bytes in all, and the total."""

    limit: int
    head: bytearray = field(default_factory=bytearray)
    tail: bytearray = field(default_factory=bytearray)
    total: int = 0

    def add(self, data: bytes) -> None:
        self.total += len(data)
        room = self.limit // 2 - len(self.head)
        if room > 0:
            self.head += data[:room]
            data = data[room:]
        if data:
            self.tail += data
            if len(self.tail) > self.limit // 2:
                del self.tail[: len(self.tail) - self.limit // 2]

    @property
    def truncated(self) -> bool:
        return self.total > len(self.head) + len(self.tail)

    def text(self, swap: tuple[str, str] = ("", "")) -> str:
        """The kept text, control characters escaped; `swap` replaces one string by another (a
        temporary path, say)."""
        head = self.head.decode("utf-8", "replace")
        tail = self.tail.decode("utf-8", "replace")
        if swap[0]:
            head = head.replace(*swap)
            tail = tail.replace(*swap)
        head, tail = relayed(head, 4 * self.limit), relayed(tail, 4 * self.limit)
        if self.truncated:
            skipped = self.total - len(self.head) - len(self.tail)
            return f"{head}\n[... {skipped} bytes of output left out ...]\n{tail}"
        return head + tail


class WorkerFailure(Exception):
    """The worker stopped answering: the status says why (never 'passed')."""

    def __init__(self, status: Status, message: str, where: str | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.where = where


@dataclass(frozen=True)
class CallResult:
    """One call's answer: outputs, or the learner's exception, or memory exhaustion."""

    outputs: dict[str, Any] | None = None
    error: dict[str, Any] | None = None
    memory: bool = False


def relayed_error(error: Any) -> dict[str, Any] | None:
    """An exception as the worker described it, safe to show (None: not a description at all)."""
    if not isinstance(error, dict):
        return None
    line = error.get("line")
    return {
        "type": relayed(str(error.get("type", "Exception")), 100),
        "message": relayed(str(error.get("message", "")), MESSAGE_CHARS),
        "traceback": relayed(str(error.get("traceback") or ""), TRACEBACK_CHARS),
        "line": line if isinstance(line, int) and not isinstance(line, bool) else None,
    }


def _sandbox_info(info: Any) -> dict[str, Any]:
    """What the worker says of its lock-down, keeping only the known keys, safe to show."""
    if not isinstance(info, dict):
        return {}
    notes = info.get("notes")
    return {
        "landlock": info.get("landlock") is True,
        "seccomp": info.get("seccomp") is True,
        "notes": [relayed(str(n), 300) for n in notes[:10]] if isinstance(notes, list) else [],
    }


def clean_environment(workdir: str) -> dict[str, str]:
    return {
        "PATH": "/usr/bin:/bin",
        "HOME": workdir,
        "TMPDIR": workdir,
        "LANG": "C.UTF-8",
        "LC_ALL": "C.UTF-8",
        "PYTHONHASHSEED": "0",
        "PYTHONIOENCODING": "utf-8",
        "PYTHONDONTWRITEBYTECODE": "1",
        "OPENBLAS_NUM_THREADS": "1",
        "OMP_NUM_THREADS": "1",
        "MKL_NUM_THREADS": "1",
        "NUMEXPR_NUM_THREADS": "1",
        "VECLIB_MAXIMUM_THREADS": "1",
        "NUMBA_NUM_THREADS": "1",
    }


def _module_home(name: str) -> Path | None:
    """The folder holding an importable package (its site-packages, usually)."""
    import importlib.util

    try:
        spec = importlib.util.find_spec(name)
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations))).resolve().parent


def _child_sys_path(modules: Sequence[str] = ()) -> list[str]:
    """Where the child finds the standard library, NumPy and `modules`: the interpreter's own
    folders and site-packages, never other `sys.path` entries (the repository of an editable
    install, the current folder)."""
    paths: list[str] = []
    for key in ("stdlib", "platstdlib", "purelib", "platlib"):
        with contextlib.suppress(KeyError):
            paths.append(sysconfig.get_paths()[key])
    import site

    with contextlib.suppress(AttributeError):
        paths += site.getsitepackages()
    for name in ("numpy", *modules):
        home = _module_home(name)
        if home is not None:
            paths.append(str(home))
    return list(dict.fromkeys(str(Path(p).resolve()) for p in paths if Path(p).exists()))


def _is_within(path: Path, parent: Path) -> bool:
    return path == parent or parent in path.parents


def hidden_paths(forbidden: Sequence[Path] = ()) -> list[Path]:
    """What the child must not read: `forbidden`, and every copy of the trainer package (with its
    references) on this interpreter's path, an editable install's data copy in site-packages too."""
    hidden = [Path(p).resolve() for p in forbidden]
    for entry in [*sys.path, *_child_sys_path()]:
        candidate = Path(entry or ".") / "trainer"
        if candidate.is_dir():
            hidden.append(candidate.resolve())
    return list(dict.fromkeys(hidden))


def readable_paths(forbidden: Sequence[Path], modules: Sequence[str] = ()) -> list[str]:
    """Landlock read-only roots: the Python installation and system libraries, minus `forbidden`
    and the trainer package (`hidden_paths`).

    Landlock grants a whole directory tree, so a root that contains a hidden path (the trainer
    package inside site-packages, say) is replaced by its entries, recursively, leaving out the
    hidden one. Worked out once per interpreter path (it walks site-packages: ~0.1 s).
    """
    return list(_readable(tuple(map(str, forbidden)), tuple(modules), tuple(sys.path)))


@functools.lru_cache(maxsize=8)
def _readable(
    forbidden: tuple[str, ...], modules: tuple[str, ...], path: tuple[str, ...]
) -> list[str]:
    del path  # a key only: what is hidden depends on it
    blocked = hidden_paths([Path(p) for p in forbidden])
    roots = [Path(p) for p in _child_sys_path(modules)]
    roots += [Path(p) for p in ("/usr/lib", "/usr/lib64", "/lib", "/lib64", "/usr/local/lib")]
    roots += [Path(sys.base_prefix) / "lib", Path(sys.prefix) / "lib"]
    files = ["/dev/null", "/dev/zero", "/dev/urandom", "/etc/ld.so.cache", "/etc/localtime"]
    allowed: list[str] = []

    def add(path: Path) -> None:
        if any(_is_within(path, b) for b in blocked):
            return
        if not any(_is_within(b, path) for b in blocked):
            allowed.append(str(path))
            return
        try:
            entries = sorted(path.iterdir())
        except OSError:
            return
        for entry in entries:
            add(entry)

    for root in dict.fromkeys(roots):
        if root.exists():
            add(root.resolve())
    return list(dict.fromkeys(allowed + [f for f in files if Path(f).exists()]))


class Worker:
    """A sandboxed child that imported the learner's file and evaluates programs on request."""

    def __init__(
        self,
        source: str | None,
        display_path: str,
        module_name: str,
        limits: Limits,
        forbidden: Sequence[Path] = (),
        sandbox: bool = True,
        devices: Sequence[str] = (),
        array_modules: Sequence[str] = (),
    ) -> None:
        self.limits = limits
        self.source = source or ""
        self.array_modules = list(array_modules)  # imported in the child before the learner's file
        self.display_path = display_path
        self.module_name = module_name
        self.busy_s = 0.0
        self.startup_ms = 0.0
        self.stdout = Captured(limits.output_kb * 1024)
        self.stderr = Captured(limits.output_kb * 1024)
        self.sandbox_info: dict[str, Any] = {}
        self.import_error: dict[str, Any] | None = None
        self._reader = codec.FrameReader()
        self._messages: list[tuple[dict[str, Any], list[bytes]]] = []
        self._workdir = make_scratch("grade")
        self._module_path = os.path.join(self._workdir, f"{module_name}.py")
        self._has_file = False
        self._configured = False
        self._closed = False
        if source is not None:
            self.use(source, display_path)
        self._forbidden = list(forbidden)
        self._devices = list(devices)  # read-write paths beyond the work folder (/dev/nvidia*)
        self._sandbox = sandbox and sys.platform == "linux"
        self._process: subprocess.Popen[bytes] | None = None
        self._selector: selectors.BaseSelector | None = None
        self._to_child = -1
        self._from_child = -1
        self._outbox = bytearray()
        self._dead = False
        self._corrupted: str | None = None

    # -- life cycle ------------------------------------------------------------------------------

    def __enter__(self) -> Worker:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def use(self, source: str, display_path: str) -> None:
        """The learner's file this worker will import (once, before `start`)."""
        if self._configured or self._has_file:
            raise RuntimeError("a worker grades one file: start another one")
        self.source = source
        self.display_path = display_path
        with open(self._module_path, "w", encoding="utf-8") as handle:
            handle.write(source)
        self._has_file = True

    def fits(
        self,
        module_name: str,
        limits: Limits,
        forbidden: Sequence[Path],
        sandbox: bool,
        devices: Sequence[str],
        array_modules: Sequence[str],
    ) -> bool:
        """Whether this unused spare was started for a check with exactly these settings, and
        its interpreter is still waiting for them."""
        return (
            not self._configured
            and not self._has_file
            and not self._dead
            and self._process is not None
            and self._process.poll() is None
            and self.module_name == module_name
            and self.limits == limits
            and self._forbidden == list(forbidden)
            and self._sandbox == (sandbox and sys.platform == "linux")
            and self._devices == list(devices)
            and self.array_modules == list(array_modules)
        )

    def start(self) -> None:
        """Start the child (unless `spawn` did) and wait for it to import the learner's file.

        Raises `WorkerFailure` if it does not get that far. An exception in the learner's module
        is not a failure here: it is kept in `import_error`.
        """
        if self._configured or not self._has_file:
            raise RuntimeError("start needs one learner file, once: see `use`")
        started = time.perf_counter()
        if self._process is None:
            self.spawn()
        self._configured = True
        self._configure(started)

    def spawn(self) -> None:
        """Start the interpreter: it imports NumPy and waits for its configuration (the limits,
        the lock-down, the file), running nothing else meanwhile."""
        if self._process is not None or self._configured or self._closed:
            raise RuntimeError("this worker's interpreter was already started")
        request_read, request_write = os.pipe()
        result_read, result_write = os.pipe()
        command = [
            sys.executable, "-I", "-B", str(WORKER_SCRIPT),
            str(request_read), str(result_write),
        ]  # fmt: skip
        try:
            self._process = subprocess.Popen(
                command,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                pass_fds=(request_read, result_write),
                cwd=self._workdir,
                env=clean_environment(self._workdir),
                start_new_session=True,
                close_fds=True,
            )
        finally:
            os.close(request_read)
            os.close(result_write)
        self._to_child = request_write
        self._from_child = result_read
        os.set_blocking(self._to_child, False)
        os.set_blocking(self._from_child, False)
        assert self._process.stdout is not None and self._process.stderr is not None
        os.set_blocking(self._process.stdout.fileno(), False)
        os.set_blocking(self._process.stderr.fileno(), False)
        self._selector = selectors.DefaultSelector()
        self._selector.register(self._from_child, selectors.EVENT_READ, "result")
        self._selector.register(self._process.stdout, selectors.EVENT_READ, "stdout")
        self._selector.register(self._process.stderr, selectors.EVENT_READ, "stderr")

    def _configure(self, started: float) -> None:
        """Send the configuration and wait for "ready" (limits, lock-down, the learner's file)."""
        config = {
            "kind": "config",
            "workdir": self._workdir,
            "module_path": self._module_path,
            "module_name": self.module_name,
            "display_path": self.display_path,
            "startup_s": self.limits.startup_s,
            "array_modules": self.array_modules,
            "limits": {
                "cpu_s": self.limits.cpu_s,
                "memory_mb": self.limits.memory_mb,
                "fsize_mb": self.limits.fsize_mb,
            },
            "sandbox": {
                "landlock": self._sandbox,
                "seccomp": self._sandbox,
                "read_only": readable_paths(self._forbidden, self.array_modules)
                if self._sandbox
                else [],
                "read_write": self._devices,
            },
        }
        self._send(codec.pack(config))
        deadline = time.monotonic() + self.limits.startup_s + 1.0
        message, _ = self._next_message(deadline, say("worker.while_loading"))
        self.startup_ms = (time.perf_counter() - started) * 1000
        if message.get("kind") != "ready":
            self._corrupted = say("channel.first")
            raise self._failure(False, say("worker.while_loading"))
        self.sandbox_info = _sandbox_info(message.get("sandbox"))
        if "memory" in message:
            raise WorkerFailure(Status.MEMORY, say("worker.load_memory"))
        if "error" in message:
            self.import_error = relayed_error(message["error"])
            if self.import_error is None:
                self._corrupted = say("channel.error")
                raise self._failure(False, say("worker.while_loading"))

    def close(self) -> None:
        """Kill the whole process group, reap the child, remove the temporary directory."""
        self._closed = True
        process = self._process
        if process is not None:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(process.pid, signal.SIGKILL)
            with contextlib.suppress(subprocess.TimeoutExpired):
                process.wait(timeout=5)
            self._drain_all(process)
            for stream in (process.stdout, process.stderr):
                if stream is not None:
                    stream.close()
            self._process = None
        if self._selector is not None:
            self._selector.close()
            self._selector = None
        for fd in (self._to_child, self._from_child):
            if fd >= 0:
                with contextlib.suppress(OSError):
                    os.close(fd)
        self._to_child = self._from_child = -1
        shutil.rmtree(self._workdir, ignore_errors=True)

    def _drain_all(self, process: subprocess.Popen[bytes]) -> None:
        """Read what is left in the output pipes (the child is dead: they end)."""
        for stream, target in ((process.stdout, self.stdout), (process.stderr, self.stderr)):
            if stream is None or stream.closed:
                continue
            with contextlib.suppress(OSError, ValueError):
                while True:
                    data = os.read(stream.fileno(), 1 << 16)
                    if not data:
                        break
                    target.add(data)

    # -- requests --------------------------------------------------------------------------------

    def run(self, calls: Sequence[tuple[dict[str, Any], dict[str, Any]]]) -> Iterator[CallResult]:
        """Evaluate `(program, inputs)` pairs in order, yielding each result as it arrives.

        The learner's time on this batch counts against `Limits.wall_s` (what is left of it);
        raises `WorkerFailure` when the worker dies, hangs or breaks the protocol.
        """
        if self._dead or self._process is None:
            raise WorkerFailure(Status.CRASHED, say("worker.not_running"))
        remaining = self.limits.wall_s - self.busy_s
        if remaining <= 0:
            raise self._failure(True, "")
        blobs: list[bytes] = []
        encoded = [
            {"id": i, "program": program, "inputs": codec.encode(inputs, blobs, [0])}
            for i, (program, inputs) in enumerate(calls)
        ]
        request = {"kind": "run", "calls": encoded, "timeout": remaining}
        started = time.monotonic()
        deadline = started + remaining
        self._send(codec.pack(request, blobs))
        try:
            for i in range(len(calls)):
                message, result_blobs = self._next_message(deadline, "")
                if message.get("kind") != "result" or message.get("id") != i:
                    self._corrupted = say("channel.turn")
                    raise self._failure(False, "")
                if "memory" in message:
                    self._dead = True
                    yield CallResult(memory=True)
                    return
                if "error" in message:
                    error = relayed_error(message["error"])
                    if error is None:
                        self._corrupted = say("channel.error")
                        raise self._failure(False, "")
                    yield CallResult(error=error)
                    continue
                try:
                    outputs = codec.decode(message.get("ok"), result_blobs)
                except codec.ProtocolError as exc:
                    self._corrupted = say("channel.unreadable", error=relayed(str(exc)))
                    raise self._failure(False, "") from None
                if not isinstance(outputs, dict):
                    self._corrupted = say("channel.result")
                    raise self._failure(False, "")
                yield CallResult(outputs=outputs)
        finally:
            self.busy_s += time.monotonic() - started

    # -- plumbing --------------------------------------------------------------------------------

    def _send(self, data: bytes) -> None:
        self._outbox += data
        assert self._selector is not None
        self._selector.register(self._to_child, selectors.EVENT_WRITE, "request")
        try:
            while self._outbox:
                self._pump(time.monotonic() + self.limits.startup_s + self.limits.wall_s + 1.0)
        finally:
            with contextlib.suppress(KeyError, ValueError):
                self._selector.unregister(self._to_child)

    def _next_message(self, deadline: float, context: str) -> tuple[dict[str, Any], list[bytes]]:
        while not self._messages:
            if not self._pump(deadline):
                raise self._failure(time.monotonic() >= deadline, context)
        return self._messages.pop(0)

    def _pump(self, deadline: float) -> bool:
        """One round of I/O; False when the results pipe closed or the deadline passed."""
        assert self._selector is not None
        timeout = deadline - time.monotonic()
        if timeout <= 0:
            return False
        for key, _ in self._selector.select(timeout):
            if key.data == "request":
                try:
                    written = os.write(self._to_child, self._outbox)
                except (BrokenPipeError, BlockingIOError) as exc:
                    if isinstance(exc, BlockingIOError):
                        continue
                    self._outbox.clear()
                    return False
                del self._outbox[:written]
                continue
            try:
                data = os.read(key.fd, 1 << 20)
            except BlockingIOError:
                continue
            if key.data == "stdout":
                self.stdout.add(data)
            elif key.data == "stderr":
                self.stderr.add(data)
            if not data:
                self._selector.unregister(key.fileobj)
                if key.data == "result":
                    return False
                continue
            if key.data == "result":
                try:
                    self._messages.extend(self._reader.feed(data))
                except codec.ProtocolError as exc:
                    self._corrupted = relayed(str(exc))
                    return False
        return True

    def _failure(self, timed_out: bool, context: str) -> WorkerFailure:
        """Kill the child and say why it stopped: timeout, memory or crash."""
        self._dead = True
        process = self._process
        if process is None:
            return WorkerFailure(Status.CRASHED, say("worker.not_running"))
        if timed_out:
            self._dump_where(process)
        if timed_out or self._corrupted:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(process.pid, signal.SIGKILL)
        try:
            code = process.wait(timeout=2)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(process.pid, signal.SIGKILL)
            code = process.wait()
        self._drain_all(process)
        stderr = self.stderr.text()
        where = self._where(stderr)
        ja_context = context.ja if isinstance(context, Bi) else context
        suffix = Bi(f" {context}", f"（{ja_context}）") if context else ""
        if self._corrupted:
            return WorkerFailure(
                Status.CRASHED,
                say("worker.corrupted", suffix=suffix, what=self._corrupted),
                where,
            )
        if timed_out or "Timeout (" in stderr:
            budget = self.limits.startup_s if context else self.limits.wall_s
            return WorkerFailure(
                Status.TIMEOUT, say("worker.timeout", suffix=suffix, budget=f"{budget:g}"), where
            )
        if code == -signal.SIGXCPU:
            return WorkerFailure(Status.TIMEOUT, say("worker.cpu", suffix=suffix), where)
        if "MemoryError" in stderr:
            return WorkerFailure(Status.MEMORY, say("worker.memory", suffix=suffix), where)
        if code is not None and code < 0:
            name = signal.Signals(-code).name if -code in signal.valid_signals() else str(-code)
            known = ("SIGSEGV", "SIGBUS", "SIGABRT", "SIGFPE", "SIGILL", "SIGKILL", "SIGXFSZ")
            meaning = say(
                f"signal.{name}" if name in known else "signal.other", limit=self.limits.fsize_mb
            )
            return WorkerFailure(
                Status.CRASHED,
                say("worker.signal", meaning=meaning, name=name, suffix=suffix),
                where,
            )
        return WorkerFailure(Status.CRASHED, say("worker.exited", code=code, suffix=suffix), where)

    def _dump_where(self, process: subprocess.Popen[bytes]) -> None:
        """Ask a hung worker for a traceback (faulthandler on SIGUSR1) before killing it."""
        if process.poll() is not None:
            return
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.kill(process.pid, signal.SIGUSR1)
        assert self._selector is not None
        until = time.monotonic() + 0.25
        before = self.stderr.total
        while time.monotonic() < until:
            self._pump(until)
            text = self.stderr.text()
            if self.stderr.total > before and "most recent call first" in text:
                time.sleep(0.02)  # the rest of the dump
                self._pump(time.monotonic() + 0.01)
                break

    def output(self) -> tuple[str, str]:
        """The captured stdout and stderr, with the temporary file's path shown as the learner's."""
        swap = (self._module_path, self.display_path)
        return self.stdout.text(swap), _trim_dump(self.stderr.text(swap), self.display_path)

    def _where(self, stderr: str) -> str | None:
        """The learner's line in a faulthandler dump (timeouts, segfaults), if any."""
        marker = f'File "{self._module_path}", line '
        for line in stderr.splitlines():
            line = line.strip()
            if line.startswith(marker):
                rest = line[len(marker) :]
                number, _, function = rest.partition(" in ")
                return relayed(f"{self.display_path}:{number} in {function}".strip(), 300)
        return None


def _trim_dump(stderr: str, display_path: str) -> str:
    """Keep only the learner's frames in a faulthandler dump (timeouts, segfaults)."""
    if "most recent call first" not in stderr:
        return stderr
    kept = []
    for line in stderr.splitlines():
        stripped = line.strip()
        if stripped.startswith("File ") and f'"{display_path}"' not in stripped:
            continue
        if stripped.startswith("Extension modules:"):
            continue
        kept.append(line)
    return "\n".join(kept) + "\n"

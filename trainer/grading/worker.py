"""The grading worker: runs a learner's file in a sandbox and evaluates the calls the parent sends.

This file is both a module (the parent imports the codec and the program interpreter from it, to
run the reference the same way) and the script the child runs: `python -I -B worker.py IN OUT`,
where IN and OUT are pipe descriptors. As a script it imports only the standard library and NumPy,
never `trainer`, so the learner's code cannot reach the app through it.

Start-up, in this order: read the configuration message; set the resource limits (address space,
CPU seconds, file size, no core files, open files); import NumPy; lock the process down (Landlock:
read-only access to the Python installation minus the trainer package, read-write access to its
scratch folder only, no TCP, no signals to processes outside; seccomp: no fork, exec, ptrace,
sockets or signals to other processes, no limits, priority or CPUs changed for any process but
this one, no change of mode, owner, times or extended attributes of any file, since Landlock does
not cover them); import the learner's file; answer "ready". Then each request is a batch of calls;
every call's result is streamed back as soon as it is known.

Only plain data crosses the pipe: a JSON header plus NumPy `.npy` blobs, loaded with
`allow_pickle=False`. The parent does every comparison, so nothing the learner's code patches in
this process (NumPy's comparisons, `__eq__`, this interpreter) can change a verdict.
"""

from __future__ import annotations

import ctypes
import errno
import io
import json
import os
import platform
import random
import struct
import sys
import traceback
from collections.abc import Callable, Mapping
from typing import Any

import numpy as np

HEADER = struct.Struct(">II")  # JSON length, blob length
# A message's size is refused from its header, before its bytes are read: the largest result of
# an exercise is a few MiB of arrays, and the reader briefly holds about twice a message.
MAX_MESSAGE = 64 * 1024 * 1024
MAX_JSON = 4 * 1024 * 1024  # the JSON part (arrays travel as blobs; a long list is refused here)
MAX_DEPTH = 16
MAX_STRING = 2000
FRAMES_KEPT = 6

# -- the codec: plain values <-> JSON + .npy blobs ---------------------------------------------


class ProtocolError(Exception):
    """A message that is not what the protocol allows (never read as a result)."""


class TooLarge(Exception):
    """An output bigger than a message may be."""


def encode(value: Any, blobs: list[bytes], size: list[int], depth: int = 0) -> Any:
    """`value` as a JSON-able tree; arrays go to `blobs` as .npy bytes (never pickled)."""
    if depth > MAX_DEPTH:
        return {"$object": "structure nested too deeply"}
    if value is None or isinstance(value, bool | int | float):
        return value
    if isinstance(value, str):
        return value[:MAX_STRING]
    if isinstance(value, np.ndarray | np.generic):
        array = np.array(value, copy=True, subok=False)
        if array.dtype.hasobject or array.dtype.fields is not None:
            return {"$object": f"array of dtype {array.dtype}"}
        size[0] += array.nbytes
        if size[0] > MAX_MESSAGE // 2:
            raise TooLarge(f"the output is too large ({size[0]} bytes)")
        buffer = io.BytesIO()
        np.save(buffer, array, allow_pickle=False)
        blobs.append(buffer.getvalue())
        node: dict[str, Any] = {"$nd": len(blobs) - 1}
        if isinstance(value, np.generic):
            node["scalar"] = True
        return node
    if isinstance(value, tuple):
        return {"$tuple": [encode(v, blobs, size, depth + 1) for v in value]}
    if isinstance(value, list):
        return [encode(v, blobs, size, depth + 1) for v in value]
    if isinstance(value, dict):
        items = {}
        for key, item in value.items():
            if not isinstance(key, str):
                return {"$object": "dict with non-string keys"}
            items[key] = encode(item, blobs, size, depth + 1)
        return {"$dict": items}
    return {"$object": type(value).__name__[:100]}


class Opaque:
    """Something the learner returned that is not plain data (a class instance, a generator...)."""

    def __init__(self, description: str) -> None:
        # the learner's type name: shown in reports, so no control characters, and short
        self.description = "".join(
            c if c.isprintable() else repr(c)[1:-1] for c in description[:200]
        )

    def __repr__(self) -> str:
        return f"<{self.description}>"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Opaque) and other.description == self.description

    def __hash__(self) -> int:
        return hash(self.description)


def decode(node: Any, blobs: list[bytes], depth: int = 0) -> Any:
    """The inverse of `encode`; anything unexpected is a `ProtocolError`."""
    if depth > MAX_DEPTH + 1:
        raise ProtocolError("structure nested too deeply")
    if node is None or isinstance(node, bool | int | float | str):
        return node
    if isinstance(node, list):
        return [decode(v, blobs, depth + 1) for v in node]
    if not isinstance(node, dict) or len(node) not in (1, 2):
        raise ProtocolError(f"unexpected node {str(node)[:80]}")
    if "$nd" in node:
        index = node["$nd"]
        if not isinstance(index, int) or not 0 <= index < len(blobs):
            raise ProtocolError("bad array reference")
        try:
            array = np.load(io.BytesIO(blobs[index]), allow_pickle=False)
        except Exception as exc:
            raise ProtocolError(f"unreadable array: {exc}") from None
        if not isinstance(array, np.ndarray):
            raise ProtocolError("not an array")
        return array[()] if node.get("scalar") is True and array.ndim == 0 else array
    if len(node) != 1:
        raise ProtocolError("unexpected node")
    ((kind, inner),) = node.items()
    if kind == "$tuple" and isinstance(inner, list):
        return tuple(decode(v, blobs, depth + 1) for v in inner)
    if kind == "$dict" and isinstance(inner, dict):
        return {str(k): decode(v, blobs, depth + 1) for k, v in inner.items()}
    if kind == "$object" and isinstance(inner, str):
        return Opaque(inner)
    if kind == "$lit":
        return inner
    raise ProtocolError(f"unexpected node kind {kind!r}")


def pack(message: Mapping[str, Any], blobs: list[bytes] | None = None) -> bytes:
    blobs = blobs or []
    offsets = []
    position = 0
    for blob in blobs:
        offsets.append([position, len(blob)])
        position += len(blob)
    header = json.dumps({**message, "$blobs": offsets}).encode()
    return HEADER.pack(len(header), position) + header + b"".join(blobs)


def unpack(header: bytes, body: bytes) -> tuple[dict[str, Any], list[bytes]]:
    try:
        message = json.loads(header.decode())
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ProtocolError(f"unreadable message: {exc}") from None
    if not isinstance(message, dict):
        raise ProtocolError("message is not an object")
    offsets = message.pop("$blobs", [])
    blobs = []
    for item in offsets:
        if not (
            isinstance(item, list) and len(item) == 2 and all(isinstance(i, int) for i in item)
        ):
            raise ProtocolError("bad blob table")
        start, length = item
        if start < 0 or length < 0 or start + length > len(body):
            raise ProtocolError("blob outside the message")
        blobs.append(body[start : start + length])
    return message, blobs


def check_header(json_length: int, blob_length: int) -> None:
    """Refuse a message by the sizes its header announces (before reading the rest)."""
    if json_length > MAX_JSON or json_length + blob_length > MAX_MESSAGE:
        raise ProtocolError(
            f"message too large ({json_length + blob_length} bytes announced, "
            f"at most {MAX_MESSAGE})"
        )


class FrameReader:
    """Accumulates bytes and yields complete messages; an oversized one is refused as soon as
    its header has arrived, so at most one read's worth of it is ever held."""

    def __init__(self) -> None:
        self.buffer = bytearray()

    def feed(self, data: bytes) -> list[tuple[dict[str, Any], list[bytes]]]:
        self.buffer += data
        messages = []
        while len(self.buffer) >= HEADER.size:
            json_length, blob_length = HEADER.unpack_from(self.buffer)
            check_header(json_length, blob_length)
            end = HEADER.size + json_length + blob_length
            if len(self.buffer) < end:
                break
            header = bytes(self.buffer[HEADER.size : HEADER.size + json_length])
            body = bytes(self.buffer[HEADER.size + json_length : end])
            if end == len(self.buffer):
                self.buffer = bytearray()  # free the copy now, not after the next message
            else:
                del self.buffer[:end]
            messages.append(unpack(header, body))
        return messages


# -- programs: what to call, with which inputs, and what to send back ---------------------------


class ContractError(Exception):
    """The learner's file does not provide what the exercise asks for (no traceback to show)."""


def _sum_sin(x: np.ndarray) -> float:
    return float(np.sum(np.sin(x)))


def _coupled(x: np.ndarray) -> float:
    flat = x.ravel()
    return float(np.sum(np.sin(flat) * np.cos(flat[::-1])) + 0.5 * np.sum(flat**2))


def _quadratic(x: np.ndarray) -> float:
    flat = x.ravel()
    weights = np.arange(1, flat.size + 1, dtype=np.float64)
    return float(np.sum(weights * flat**2) + np.sum(flat))


# Functions an exercise may pass to the learner's code (e.g. `numerical_gradient(f, x)`).
TEST_FUNCTIONS: dict[str, Callable[[np.ndarray], float]] = {
    "sum_sin": _sum_sin,
    "coupled": _coupled,
    "quadratic": _quadratic,
}


def plain_copy(value: Any) -> Any:
    """A snapshot of plain data (arrays copied as base ndarrays); other objects as they are."""
    if isinstance(value, np.ndarray):
        return np.array(value, copy=True, subok=False)
    if isinstance(value, tuple):
        return tuple(plain_copy(v) for v in value)
    if isinstance(value, list):
        return [plain_copy(v) for v in value]
    if isinstance(value, dict):
        return {k: plain_copy(v) for k, v in value.items()}
    return value


def _shallow(value: Any) -> Any:
    """A new container holding the same objects (the arrays themselves, not copies)."""
    if isinstance(value, dict):
        return dict(value)
    if isinstance(value, list | tuple):
        return list(value)
    return value


# Array libraries a program may hand the learner's code (instead of NumPy arrays).
ARRAY_MODULES = ("array_api_strict", "torch")


def _array_module(name: str) -> Any:
    if name not in ARRAY_MODULES:
        raise ProtocolError(f"unknown array module {name!r}")
    import importlib

    return importlib.import_module(name)


def _to_numpy(value: Any, module: str, what: str) -> Any:
    """An array of `module` as a NumPy array; anything else is the learner's mistake."""
    if isinstance(value, tuple | list):
        return type(value)(_to_numpy(v, module, what) for v in value)
    if type(value).__module__.partition(".")[0] != module:
        kind = f"{type(value).__module__.partition('.')[0]}.{type(value).__name__}"
        raise ContractError(
            f"{what} should be an array of {module}, like its inputs; it is a {kind}"
        )
    if module == "torch":
        value = value.detach().cpu()
    return np.array(np.from_dlpack(value), copy=True)


def _resolve(argument: Any, env: Mapping[str, Any]) -> Any:
    if isinstance(argument, str):
        return env[argument]
    if isinstance(argument, dict) and "$lit" in argument:
        return argument["$lit"]
    raise ProtocolError(f"bad argument {argument!r}")


def _lookup(target: Any, name: str, on_module: bool) -> Any:
    try:
        return getattr(target, name)
    except AttributeError:
        if on_module:
            raise ContractError(f"your file defines no function or class named '{name}'") from None
        kind = type(target).__name__
        raise ContractError(f"'{kind}' object has no attribute or method '{name}'") from None


def _item(container: Any, name: str, index: int) -> Any:
    if not isinstance(container, tuple | list) or len(container) <= index:
        kind = type(container).__name__
        size = f" of length {len(container)}" if isinstance(container, tuple | list) else ""
        raise ContractError(
            f"{name} should be a tuple of at least {index + 1} items; it is a {kind}{size}"
        )
    return container[index]


def run_program(module: Any, program: Mapping[str, Any], inputs: Mapping[str, Any]) -> Any:
    """Run the steps of `program` against `module`; return the snapshots it names as outputs."""
    env: dict[str, Any] = dict(inputs)
    wanted = set(program["outputs"])
    outputs: dict[str, Any] = {}
    np.random.seed(0)
    random.seed(0)
    for step in program["steps"]:
        op = step["op"]
        value: Any
        if op == "seed":
            np.random.seed(step["value"])
            random.seed(step["value"])
            continue
        if op == "snap":
            value = env[step["src"]]
        elif op == "alias":
            value = _shallow(env[step["src"]])
        elif op == "asarray":
            value = _array_module(step["module"]).asarray(env[step["src"]])
        elif op == "to_numpy":
            value = _to_numpy(env[step["src"]], step["module"], step.get("what", step["src"]))
        elif op == "attr":
            value = _lookup(env[step["obj"]], step["name"], on_module=False)
        elif op == "item":
            value = _item(env[step["src"]], step.get("what", step["src"]), step["index"])
        elif op == "func":
            value = TEST_FUNCTIONS[step["name"]]
        elif op == "call":
            on_module = step.get("obj") is None
            target = module if on_module else env[step["obj"]]
            function = _lookup(target, step["fn"], on_module)
            args = [_resolve(a, env) for a in step.get("args", [])]
            kwargs = {k: _resolve(v, env) for k, v in step.get("kwargs", {}).items()}
            value = function(*args, **kwargs)
        else:
            raise ProtocolError(f"unknown step {op!r}")
        name = step.get("save")
        if name:
            env[name] = value
            if name in wanted:
                outputs[name] = plain_copy(value)
    return {name: outputs.get(name) for name in program["outputs"]}


# -- tracebacks trimmed to the learner's file ---------------------------------------------------


def describe_exception(exc: BaseException, student_path: str, display_path: str) -> dict[str, Any]:
    """The exception as the learner should see it: their frames only, with their file's name."""
    if isinstance(exc, ContractError):
        return {"type": "ContractError", "message": str(exc), "traceback": "", "line": None}
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename == student_path][
        -FRAMES_KEPT:
    ]
    lines = []
    for frame in frames:
        lines.append(f'  File "{display_path}", line {frame.lineno}, in {frame.name}')
        if frame.line:
            lines.append(f"    {frame.line.strip()}")
    try:
        message = str(exc)
    except Exception:  # a hostile __str__
        message = "<unprintable>"
    if isinstance(exc, SyntaxError) and exc.filename == student_path:
        lines = [f'  File "{display_path}", line {exc.lineno}']
        if exc.text:
            lines.append(f"    {exc.text.rstrip()}")
            if exc.offset:
                lines.append(
                    "    " + " " * (exc.offset - 1 - (len(exc.text) - len(exc.text.lstrip()))) + "^"
                )
        message = exc.msg
    line = frames[-1].lineno if frames else getattr(exc, "lineno", None)
    name = type(exc).__name__
    text = "\n".join(
        ["Traceback (your code, most recent call last):", *lines, f"{name}: {message}"]
    )
    return {"type": name[:100], "message": message[:MAX_STRING], "traceback": text, "line": line}


# -- the sandbox --------------------------------------------------------------------------------

PR_SET_NO_NEW_PRIVS = 38
PR_SET_PDEATHSIG = 1
SECCOMP_SET_MODE_FILTER = 1
SECCOMP_FILTER_FLAG_TSYNC = 1
CLONE_THREAD = 0x00010000

# name -> (audit arch, {syscall: number})
SYSCALLS: dict[str, tuple[int, dict[str, int]]] = {
    "x86_64": (
        0xC000003E,
        {
            "clone": 56, "fork": 57, "vfork": 58, "execve": 59, "kill": 62, "ptrace": 101,
            "tkill": 200, "tgkill": 234, "execveat": 322, "clone3": 435, "socket": 41,
            "seccomp": 317, "pidfd_send_signal": 424, "rt_sigqueueinfo": 129,
            "rt_tgsigqueueinfo": 297, "process_vm_readv": 310, "process_vm_writev": 311,
            "pidfd_getfd": 438, "process_madvise": 440, "migrate_pages": 256, "move_pages": 279,
            # other processes' limits and scheduling (allowed on the worker itself only)
            "prlimit64": 302, "setpriority": 141, "sched_setaffinity": 203,
            "sched_setscheduler": 144, "sched_setparam": 142, "sched_setattr": 314,
            "ioprio_set": 251,
            # metadata (refused: Landlock does not cover it)
            "chmod": 90, "fchmod": 91, "fchmodat": 268, "fchmodat2": 452, "chown": 92,
            "fchown": 93, "lchown": 94, "fchownat": 260, "utime": 132, "utimes": 235,
            "utimensat": 280, "futimesat": 261, "setxattr": 188, "lsetxattr": 189,
            "fsetxattr": 190, "removexattr": 197, "lremovexattr": 198, "fremovexattr": 199,
            "setxattrat": 463, "removexattrat": 466,
        },
    ),
    "aarch64": (
        0xC00000B7,
        {
            "clone": 220, "execve": 221, "kill": 129, "ptrace": 117, "tkill": 130,
            "tgkill": 131, "execveat": 281, "clone3": 435, "socket": 198, "seccomp": 277,
            "pidfd_send_signal": 424, "rt_sigqueueinfo": 138, "rt_tgsigqueueinfo": 240,
            "process_vm_readv": 270, "process_vm_writev": 271,
            "pidfd_getfd": 438, "process_madvise": 440, "migrate_pages": 238, "move_pages": 239,
            "prlimit64": 261, "setpriority": 140, "sched_setaffinity": 122,
            "sched_setscheduler": 119, "sched_setparam": 118, "sched_setattr": 274,
            "ioprio_set": 30,
            "fchmod": 52, "fchmodat": 53, "fchmodat2": 452, "fchownat": 54, "fchown": 55,
            "utimensat": 88, "setxattr": 5, "lsetxattr": 6, "fsetxattr": 7, "removexattr": 14,
            "lremovexattr": 15, "fremovexattr": 16, "setxattrat": 463, "removexattrat": 466,
        },
    ),
}  # fmt: skip

# Refused outright. Metadata changes (mode, owner, times, extended attributes) are refused on
# every file, fd-based calls included: seccomp sees only the arguments' values, never the path
# behind a pointer or an fd, and an fd opened read-only on any readable file (the Python
# installation, say) is enough for fchmod or fsetxattr. The learner's code never needs them: it
# creates files in its scratch folder with the mode it asks open() for.
DENIED = (
    "fork", "vfork", "execve", "execveat", "ptrace", "socket", "tkill", "pidfd_send_signal",
    "rt_sigqueueinfo", "rt_tgsigqueueinfo", "process_vm_readv", "process_vm_writev",
    "pidfd_getfd", "process_madvise", "migrate_pages", "move_pages",
    "chmod", "fchmod", "fchmodat", "fchmodat2", "chown", "fchown", "lchown", "fchownat",
    "utime", "utimes", "utimensat", "futimesat", "setxattr", "lsetxattr", "fsetxattr",
    "removexattr", "lremovexattr", "fremovexattr", "setxattrat", "removexattrat",
)  # fmt: skip
# Allowed only when their first argument is 0 or the worker's own pid (itself): a process of the
# same user must keep its limits, priority and CPUs (the app's RLIMIT_CPU set to 1 s kills it).
# Another thread's id is refused too: the filter is fixed before any thread of the learner exists,
# and the worker pins BLAS to one thread, so only the main thread needs them.
OWN_PID_ONLY = (
    "kill", "tgkill", "prlimit64", "sched_setaffinity", "sched_setscheduler", "sched_setparam",
    "sched_setattr",
)  # fmt: skip
PRIO_PROCESS, PRIO_IOPRIO_WHO_PROCESS = 0, 1


class _SockFilter(ctypes.Structure):
    _fields_ = [
        ("code", ctypes.c_uint16),
        ("jt", ctypes.c_uint8),
        ("jf", ctypes.c_uint8),
        ("k", ctypes.c_uint32),
    ]


class _SockFprog(ctypes.Structure):
    _fields_ = [("len", ctypes.c_uint16), ("filter", ctypes.POINTER(_SockFilter))]


def _seccomp_program(
    arch: int, numbers: Mapping[str, int], pid: int
) -> list[tuple[int, int, int, int]]:
    """A BPF filter: no new processes or programs, no sockets, no signals, limits or scheduling
    for other processes, no metadata changes (see `DENIED` and `OWN_PID_ONLY`)."""
    ld, jeq, jge, jset, ret = 0x20, 0x15, 0x35, 0x45, 0x06
    allow, kill = 0x7FFF0000, 0x80000000
    eperm, enosys = 0x00050000 | errno.EPERM, 0x00050000 | errno.ENOSYS
    arg0, arg1 = 16, 24  # the low halves of the first two arguments (little-endian)
    # Instructions with symbolic targets, resolved below: ("label", name) marks a position.
    code: list[Any] = [
        (ld, 4),  # arch
        (jeq, arch, "check", "kill"),
        ("label", "check"),
        (ld, 0),  # syscall number
    ]
    if arch == SYSCALLS["x86_64"][0]:
        code.append((jge, 0x40000000, "eperm", "next0"))  # the x32 ABI
        code.append(("label", "next0"))
    code.append((jeq, numbers["clone3"], "enosys", "next1"))  # glibc falls back to clone
    code.append(("label", "next1"))
    for i, number in enumerate(numbers[name] for name in DENIED if name in numbers):
        code.append((jeq, number, "eperm", f"d{i}"))
        code.append(("label", f"d{i}"))
    code += [(jeq, numbers["clone"], "clone", "c0"), ("label", "c0")]
    for i, name in enumerate(("kill", "tgkill")):
        code += [(jeq, numbers[name], "exact_pid", f"k{i}"), ("label", f"k{i}")]
    for i, name in enumerate(n for n in OWN_PID_ONLY if n not in ("kill", "tgkill")):
        code += [(jeq, numbers[name], "self_pid", f"p{i}"), ("label", f"p{i}")]
    code += [
        (jeq, numbers["setpriority"], "priority", "s0"),
        ("label", "s0"),
        (jeq, numbers["ioprio_set"], "ioprio", "s1"),
        ("label", "s1"),
        (ret, allow),
        ("label", "clone"),
        (ld, arg0),  # flags
        (jset, CLONE_THREAD, "allow", "eperm"),
        ("label", "exact_pid"),  # kill, tgkill: this process only (0 is a process group)
        (ld, arg0),
        (jeq, pid, "allow", "eperm"),
        ("label", "priority"),  # setpriority(which, who, ...): PRIO_PROCESS and itself
        (ld, arg0),
        (jeq, PRIO_PROCESS, "who", "eperm"),
        ("label", "ioprio"),  # ioprio_set(which, who, ...): IOPRIO_WHO_PROCESS and itself
        (ld, arg0),
        (jeq, PRIO_IOPRIO_WHO_PROCESS, "who", "eperm"),
        ("label", "who"),
        (ld, arg1),
        (jeq, 0, "allow", "who_pid"),
        ("label", "who_pid"),
        (jeq, pid, "allow", "eperm"),
        ("label", "self_pid"),  # prlimit64, sched_*: 0 (the caller) or this process
        (ld, arg0),
        (jeq, 0, "allow", "self_pid2"),
        ("label", "self_pid2"),
        (jeq, pid, "allow", "eperm"),
        ("label", "allow"),
        (ret, allow),
        ("label", "eperm"),
        (ret, eperm),
        ("label", "enosys"),
        (ret, enosys),
        ("label", "kill"),
        (ret, kill),
    ]
    positions: dict[str, int] = {}
    count = 0
    for item in code:
        if item[0] == "label":
            positions[item[1]] = count
        else:
            count += 1
    program: list[tuple[int, int, int, int]] = []
    for item in code:
        if item[0] == "label":
            continue
        here = len(program)
        if len(item) == 2:
            program.append((item[0], 0, 0, item[1]))
        else:
            op, k, true, false = item
            jt = positions[true] - here - 1
            jf = positions[false] - here - 1
            if not (0 <= jt < 256 and 0 <= jf < 256):
                raise ValueError("seccomp jump out of range")
            program.append((op, jt, jf, k))
    return program


def _libc() -> Any:
    libc = ctypes.CDLL(None, use_errno=True)
    libc.syscall.restype = ctypes.c_long
    return libc


def install_seccomp() -> str | None:
    """Install the filter on every thread of this process; None on success, else why not."""
    machine = platform.machine().lower()
    machine = {"amd64": "x86_64", "arm64": "aarch64"}.get(machine, machine)
    if sys.platform != "linux" or machine not in SYSCALLS:
        return f"seccomp: unsupported platform {sys.platform}/{machine}"
    arch, numbers = SYSCALLS[machine]
    instructions = _seccomp_program(arch, numbers, os.getpid())
    array = (_SockFilter * len(instructions))(*[_SockFilter(*i) for i in instructions])
    fprog = _SockFprog(len(instructions), array)
    libc = _libc()
    if libc.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0:
        return f"seccomp: no_new_privs failed ({os.strerror(ctypes.get_errno())})"
    result = libc.syscall(
        numbers["seccomp"], SECCOMP_SET_MODE_FILTER, SECCOMP_FILTER_FLAG_TSYNC, ctypes.byref(fprog)
    )
    if result != 0:
        return f"seccomp: {os.strerror(ctypes.get_errno())}"
    return None


LANDLOCK_CREATE_RULESET, LANDLOCK_ADD_RULE, LANDLOCK_RESTRICT_SELF = 444, 445, 446
LANDLOCK_RULE_PATH_BENEATH = 1
FS_EXECUTE, FS_WRITE_FILE, FS_READ_FILE, FS_READ_DIR = 1, 2, 4, 8
FS_TRUNCATE, FS_IOCTL_DEV = 1 << 14, 1 << 15
FILE_ACCESS = FS_EXECUTE | FS_WRITE_FILE | FS_READ_FILE | FS_TRUNCATE | FS_IOCTL_DEV


class _RulesetAttr(ctypes.Structure):
    _fields_ = [
        ("handled_access_fs", ctypes.c_uint64),
        ("handled_access_net", ctypes.c_uint64),
        ("scoped", ctypes.c_uint64),
    ]


class _PathBeneathAttr(ctypes.Structure):
    _pack_ = 1
    _fields_ = [("allowed_access", ctypes.c_uint64), ("parent_fd", ctypes.c_int32)]


def landlock_abi() -> int:
    if sys.platform != "linux":
        return 0
    abi = int(_libc().syscall(LANDLOCK_CREATE_RULESET, None, 0, 1))
    return max(abi, 0)


def install_landlock(read_only: list[str], read_write: list[str]) -> str | None:
    """Allow only these paths (and, from ABI 4 and 6, no TCP and no outside signals)."""
    abi = landlock_abi()
    if abi < 1:
        return "landlock: not available"
    handled = (1 << 13) - 1  # EXECUTE .. MAKE_SYM
    if abi >= 2:
        handled |= 1 << 13  # REFER
    if abi >= 3:
        handled |= FS_TRUNCATE
    if abi >= 5:
        handled |= FS_IOCTL_DEV
    net = 0b11 if abi >= 4 else 0  # BIND_TCP | CONNECT_TCP, with no rule allowing any port
    scoped = 0b11 if abi >= 6 else 0  # abstract UNIX sockets, signals
    attr = _RulesetAttr(handled, net, scoped)
    size = ctypes.sizeof(_RulesetAttr) if abi >= 6 else (16 if abi >= 4 else 8)
    libc = _libc()
    ruleset = int(libc.syscall(LANDLOCK_CREATE_RULESET, ctypes.byref(attr), size, 0))
    if ruleset < 0:
        return f"landlock: {os.strerror(ctypes.get_errno())}"
    try:
        read_rights = FS_EXECUTE | FS_READ_FILE | FS_READ_DIR
        for paths, rights in ((read_only, read_rights), (read_write, handled)):
            for path in paths:
                try:
                    fd = os.open(path, os.O_PATH | os.O_CLOEXEC)
                except OSError:
                    continue
                try:
                    allowed = rights if os.path.isdir(path) else rights & FILE_ACCESS
                    rule = _PathBeneathAttr(allowed & handled, fd)
                    if libc.syscall(LANDLOCK_ADD_RULE, ruleset, LANDLOCK_RULE_PATH_BENEATH,
                                    ctypes.byref(rule), 0) != 0:  # fmt: skip
                        return f"landlock: rule for {path}: {os.strerror(ctypes.get_errno())}"
                finally:
                    os.close(fd)
        if libc.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0:
            return "landlock: no_new_privs failed"
        if libc.syscall(LANDLOCK_RESTRICT_SELF, ruleset, 0) != 0:
            return f"landlock: {os.strerror(ctypes.get_errno())}"
    finally:
        os.close(ruleset)
    return None


def set_limits(limits: Mapping[str, Any]) -> None:
    import resource

    mib = 1024 * 1024
    cpu = int(limits["cpu_s"])
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 2))
    resource.setrlimit(resource.RLIMIT_FSIZE, (limits["fsize_mb"] * mib,) * 2)
    if limits["memory_mb"] is not None:
        resource.setrlimit(resource.RLIMIT_AS, (limits["memory_mb"] * mib,) * 2)
    resource.setrlimit(resource.RLIMIT_NOFILE, (256, 256))


# -- the child's main loop ----------------------------------------------------------------------


class Channel:
    def __init__(self, fd_in: int, fd_out: int) -> None:
        self.fd_in = fd_in
        self.fd_out = fd_out
        self.reader = FrameReader()
        self.pending: list[tuple[dict[str, Any], list[bytes]]] = []

    def receive(self) -> tuple[dict[str, Any], list[bytes]] | None:
        while not self.pending:
            data = os.read(self.fd_in, 1 << 20)
            if not data:
                return None
            self.pending.extend(self.reader.feed(data))
        return self.pending.pop(0)

    def send(self, message: Mapping[str, Any], blobs: list[bytes] | None = None) -> None:
        data = memoryview(pack(message, blobs))
        while data:
            written = os.write(self.fd_out, data)
            data = data[written:]


def _load_student(config: Mapping[str, Any]) -> Any:
    import importlib.util

    spec = importlib.util.spec_from_file_location(config["module_name"], config["module_path"])
    if spec is None or spec.loader is None:
        raise ContractError("your file cannot be loaded as a Python module")
    module = importlib.util.module_from_spec(spec)
    sys.modules[config["module_name"]] = module
    spec.loader.exec_module(module)
    return module


def _result_message(call_id: Any, module: Any, call: Mapping[str, Any], blobs_in: list[bytes],
                    config: Mapping[str, Any]) -> tuple[dict[str, Any], list[bytes]]:  # fmt: skip
    blobs: list[bytes] = []
    try:
        inputs = decode(call["inputs"], blobs_in)
        outputs = run_program(module, call["program"], inputs)
        sys.stdout.flush()
        return {"kind": "result", "id": call_id, "ok": encode(outputs, blobs, [0])}, blobs
    except MemoryError:
        return {"kind": "result", "id": call_id, "memory": "MemoryError"}, []
    except TooLarge as exc:
        return {"kind": "result", "id": call_id, "error": {"type": "OutputTooLarge",
                "message": str(exc), "traceback": "", "line": None}}, []  # fmt: skip
    except RecursionError as exc:
        described = describe_exception(exc, config["module_path"], config["display_path"])
        return {"kind": "result", "id": call_id, "error": described}, []
    except BaseException as exc:  # SystemExit and KeyboardInterrupt from the learner's code too
        described = describe_exception(exc, config["module_path"], config["display_path"])
        return {"kind": "result", "id": call_id, "error": described}, []


def main(argv: list[str]) -> int:
    import faulthandler
    import signal

    channel = Channel(int(argv[1]), int(argv[2]))
    received = channel.receive()
    if received is None:
        return 2
    config = received[0]
    set_limits(config["limits"])
    os.chdir(config["workdir"])
    faulthandler.enable()
    # At its deadline the parent sends SIGUSR1 (a traceback of where the code hangs, even inside
    # a C call), then kills the process group.
    faulthandler.register(signal.SIGUSR1, all_threads=False)
    if sys.platform == "linux":
        _libc().prctl(PR_SET_PDEATHSIG, 9, 0, 0, 0)
    sandbox: dict[str, Any] = {"landlock": False, "seccomp": False, "notes": []}
    try:  # trusted libraries, before the lock-down (they read /proc) and the learner's code
        for name in config.get("array_modules", []):
            xp = _array_module(name)
            xp.matmul(xp.ones((2, 2)), xp.ones((2, 2)))  # lazy start-up work, done now
    except Exception as exc:
        sandbox["notes"].append(f"array module: {exc!r}"[:200])
    if config["sandbox"]["landlock"]:
        writable = [config["workdir"], *config["sandbox"].get("read_write", [])]
        problem = install_landlock(config["sandbox"]["read_only"], writable)
        sandbox["landlock"] = problem is None
        if problem:
            sandbox["notes"].append(problem)
    if config["sandbox"]["seccomp"]:
        problem = install_seccomp()
        sandbox["seccomp"] = problem is None
        if problem:
            sandbox["notes"].append(problem)
    faulthandler.dump_traceback_later(config["startup_s"], exit=True)
    try:
        module = _load_student(config)
    except MemoryError:
        faulthandler.cancel_dump_traceback_later()
        channel.send({"kind": "ready", "memory": "MemoryError", "sandbox": sandbox})
        return 0
    except BaseException as exc:
        faulthandler.cancel_dump_traceback_later()
        error = describe_exception(exc, config["module_path"], config["display_path"])
        channel.send({"kind": "ready", "error": error, "sandbox": sandbox})
        return 0
    faulthandler.cancel_dump_traceback_later()
    sys.stdout.flush()
    channel.send({"kind": "ready", "ok": True, "sandbox": sandbox})
    while True:
        received = channel.receive()
        if received is None:
            return 0
        request, blobs_in = received
        for call in request["calls"]:
            message, blobs = _result_message(call["id"], module, call, blobs_in, config)
            channel.send(message, blobs)
            if "memory" in message:
                return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

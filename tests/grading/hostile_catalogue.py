"""Every hostile submission the grader is tested against (issue 17), with its required outcome.

Each entry is run by `test_hostile_catalogue.py` against `softmax` (or, for `runner="time"`,
timed as `gpu_timing` by `trainer exercise time`'s worker). Whatever the entry, the run must end
with: no PASS unless the code solves the exercise by itself (`solves`), a status among `statuses`,
no file outside the scratch folder changed, no process or scratch folder left, the app (the test
process) alive with its limits, priority and CPUs as they were, an unrelated process likewise, no
control character in what is shown and no more than 200,000 characters of it, and the verdict
recorded in the progress database.

`item` names what the entry probes: "5" to "10" are the points of issue 17; "base" marks the cases
that were already in `test_hostile.py` (time, memory, crashes, patching, imports, signals...).

Sources are `string.Template`s; the test fills in:
  $victim     the pid of an unrelated process of the same user (`sleep`)
  $outside    a folder outside the scratch folder   $db  the progress database in it
  $notes      a file there with an extended attribute `user.keep` (where the file system has them)
  $reference  the reference solution of softmax      $copy  another copy of it, if installed
  $repo       the repository                         $home  the home folder
  $tmp        the temporary directory (where the scratch folders are)
"""

from __future__ import annotations

import string
from dataclasses import dataclass

from trainer.grading.catalog import solution_path

CORRECT = """
import numpy as np
def softmax(x):
    e = np.exp(x - np.max(x, axis=-1, keepdims=True))
    return e / np.sum(e, axis=-1, keepdims=True)
"""
HEADER = "import numpy as np\n"
WRONG = "import numpy as np\ndef softmax(x):\n    return np.zeros_like(x)\n"
GPU_REFERENCE = solution_path("gpu_timing").read_text(encoding="utf-8")

NOT_PASSED = frozenset({"failed", "error", "timeout", "memory", "crashed"})
ERROR = frozenset({"error"})
CRASHED = frozenset({"crashed"})
TIMEOUT = frozenset({"timeout"})
MEMORY = frozenset({"memory"})
FAILED = frozenset({"failed"})
ANY = NOT_PASSED | {"passed"}
TIMED = frozenset({"timed", "timing error"})  # the two outcomes of a timing run
DENIED = "Operation not permitted"
UNREADABLE = "Permission denied"


@dataclass(frozen=True)
class Hostile:
    name: str
    item: str
    source: str
    statuses: frozenset[str] = NOT_PASSED
    solves: bool = False  # the code solves the exercise by itself: a PASS is allowed
    says: str | None = None  # what the report must say (the refusal, say)
    limits: str = "quick"  # "quick" (tests.grading.conftest.QUICK) or "memory"
    runner: str = "check"  # "check" (graded) or "time" (`trainer exercise time`)


def _then_solve(statement: str) -> str:
    """Try `statement`, swallow its refusal, then solve the exercise (a PASS is fine)."""
    return f"import os, resource\ntry:\n    {statement}\nexcept OSError:\n    pass\n{CORRECT}"


def _at_import(statement: str, imports: str = "os, resource") -> str:
    """Do `statement` while the file is imported, then solve: only a refusal keeps it from PASS."""
    return f"import {imports}\n{statement}\n{CORRECT}"


def _timed(body: str) -> str:
    """The gpu_timing reference, with `body` run on every timed call of batched_matmul."""
    indented = "".join(f"    {line}\n" for line in body.splitlines())
    return (
        f"import os, resource\n{GPU_REFERENCE}\n_right = batched_matmul\n\n"
        f"def batched_matmul(a, b):\n{indented}    return _right(a, b)\n"
    )


def _quietly(body: str) -> str:
    return (
        "try:\n"
        + "".join(f"    {line}\n" for line in body.splitlines())
        + ("except OSError:\n    pass\n")
    )


BASE = [
    Hostile("busy loop", "base", "def softmax(x):\n    while True:\n        pass\n", TIMEOUT),
    Hostile("sleep", "base", "import time\ndef softmax(x):\n    time.sleep(600)\n", TIMEOUT),
    Hostile(
        "a BLAS call that never ends",
        "base",
        HEADER + "def softmax(x):\n    a = np.random.rand(2000, 2000)\n    while True:\n"
        "        a = a @ a\n        a /= np.abs(a).max()\n",
        TIMEOUT,
    ),
    Hostile(
        "ignores the traceback signal",
        "base",
        "import signal\nsignal.signal(signal.SIGUSR1, signal.SIG_IGN)\n"
        "def softmax(x):\n    while True:\n        pass\n",
        TIMEOUT,
    ),
    Hostile("an endless loop at import", "base", "while True:\n    pass\n", TIMEOUT),
    Hostile(
        "a growing list",
        "base",
        "def softmax(x):\n    a = []\n    while True:\n        a.append(bytearray(10**7))\n",
        MEMORY,
        limits="memory",
    ),
    Hostile(
        "one huge array",
        "base",
        HEADER + "def softmax(x):\n    return np.ones((10**6, 10**6))\n",
        MEMORY,
        limits="memory",
    ),
    Hostile(
        "memory at import",
        "base",
        "hog = bytearray(1024**3)\n" + HEADER + CORRECT,
        MEMORY,
        limits="memory",
    ),
    Hostile("os._exit(0)", "base", "import os\ndef softmax(x):\n    os._exit(0)\n", CRASHED),
    Hostile(
        "a segfault via ctypes",
        "base",
        "import ctypes\ndef softmax(x):\n    ctypes.string_at(0)\n",
        CRASHED,
    ),
    Hostile(
        "exits after some right answers",
        "base",
        "import os\n"
        + HEADER
        + CORRECT.replace("    e = ", "    if x.size > 2:\n        os._exit(0)\n    e = "),
        CRASHED,
    ),
    Hostile(
        "forged bytes on every descriptor",
        "base",
        "import os\n"
        + HEADER
        + CORRECT.replace(
            "    e = ",
            "    for fd in range(3, 40):\n        try:\n"
            "            os.write(fd, b'garbage' * 10)\n        except OSError:\n"
            "            pass\n    e = ",
        ),
        CRASHED,
    ),
    Hostile(
        "children left sleeping",
        "base",
        "import os, subprocess, time\n"
        + HEADER
        + CORRECT.replace(
            "    e = ",
            "    subprocess.Popen(['sleep', '600'], start_new_session=True)\n"
            "    pid = os.fork()\n    if pid == 0:\n        os.setsid()\n"
            "        time.sleep(600)\n    e = ",
        ),
        ERROR,
        says=DENIED,
    ),
    Hostile(
        "a forked child",
        "base",
        "import os, time\n"
        + HEADER
        + CORRECT.replace("    e = ", "    if os.fork() == 0:\n        time.sleep(600)\n    e = "),
        ERROR,
        says=DENIED,
    ),
    Hostile(
        "patched numpy comparisons",
        "base",
        HEADER + "np.allclose = lambda *a, **k: True\nnp.isclose = lambda *a, **k: True\n"
        "np.array_equal = lambda *a, **k: True\n"
        "np.testing.assert_allclose = lambda *a, **k: None\n"
        "def softmax(x):\n    return np.zeros_like(x)\n",
        FAILED | CRASHED,
    ),
    Hostile(
        "an ndarray subclass with a lying __eq__",
        "base",
        HEADER + "class Liar(np.ndarray):\n"
        "    def __eq__(self, other):\n        return np.ones(np.shape(other), dtype=bool)\n"
        "    def __ne__(self, other):\n        return np.zeros(np.shape(other), dtype=bool)\n"
        "    def __array__(self, *a, **k):\n        return np.full(self.shape, 0.5)\n"
        "    def __float__(self):\n        return 1.0\n"
        "def softmax(x):\n    return np.zeros(x.shape).view(Liar)\n",
        FAILED | CRASHED,
    ),
    Hostile(
        "patched builtins",
        "base",
        HEADER + "import builtins\nbuiltins.isinstance = lambda *a: True\n"
        "def softmax(x):\n    return 'all good'\n",
        FAILED | CRASHED,
    ),
    Hostile("a syntax error", "base", HEADER + "def softmax(x)\n    return x\n", ERROR),
    Hostile("import solutions", "base", "from solutions.softmax import softmax\n", ERROR),
    Hostile(
        "import trainer",
        "base",
        "from trainer.grading.catalog import load_reference\n"
        "softmax = load_reference('softmax').softmax\n",
        ERROR,
    ),
    Hostile(
        "the repository on sys.path",
        "base",
        "import sys\nsys.path.insert(0, '$repo')\nfrom solutions.softmax import softmax\n",
        ERROR,
    ),
    Hostile(
        "exec of the reference file",
        "base",
        "exec(open('$reference').read())\n",
        ERROR,
        says=UNREADABLE,
    ),
    Hostile(
        "a file written outside",
        "base",
        "def softmax(x):\n    open('$outside/pwned.txt', 'w').write('x')\n",
        ERROR,
    ),
    Hostile(
        "SIGKILL to the app",
        "base",
        "import os, signal\ndef softmax(x):\n    os.kill(os.getppid(), signal.SIGKILL)\n",
        ERROR,
    ),
    Hostile(
        "the network",
        "base",
        "import socket\ndef softmax(x):\n    socket.create_connection(('127.0.0.1', 9))\n",
        ERROR,
    ),
    Hostile("endless recursion", "base", "def softmax(x):\n    return softmax(x)\n", ERROR),
    Hostile(
        "a flood of output",
        "base",
        "import sys\n"
        + HEADER
        + "print('x' * 3_000_000)\n"
        + CORRECT.replace(
            "    e = ",
            "    print('y' * 20_000)\n    sys.stderr.write('z' * 20_000 + '\\n')\n    e = ",
        ),
        ANY,
        solves=True,
    ),
]

LIMITS_OF_OTHERS = [  # point 6
    Hostile(
        "RLIMIT_CPU of the app set to 1 s",
        "6",
        _at_import("resource.prlimit(os.getppid(), resource.RLIMIT_CPU, (1, 1))"),
        ERROR,
        says=DENIED,
    ),
    Hostile(
        "RLIMIT_FSIZE of the app set to 0, then solved",
        "6",
        _then_solve("resource.prlimit(os.getppid(), resource.RLIMIT_FSIZE, (0, 0))"),
        ANY,
        solves=True,
    ),
    Hostile(
        "RLIMIT_NOFILE of another process set to 7",
        "6",
        _at_import("resource.prlimit($victim, resource.RLIMIT_NOFILE, (7, 7))"),
        ERROR,
        says=DENIED,
    ),
    Hostile(
        "another process reniced to 19",
        "6",
        _at_import("os.setpriority(os.PRIO_PROCESS, $victim, 19)"),
        ERROR,
        says=DENIED,
    ),
    Hostile(
        "every process of the user reniced",
        "6",
        _at_import("os.setpriority(os.PRIO_USER, 0, 19)"),
        ERROR,
        says=DENIED,
    ),
    Hostile(
        "the app's process group reniced",
        "6",
        _at_import("os.setpriority(os.PRIO_PGRP, os.getpgid(os.getppid()), 19)"),
        ERROR,
        says=DENIED,
    ),
    Hostile(
        "another process pinned to CPU 0",
        "6",
        _at_import("os.sched_setaffinity($victim, {0})"),
        ERROR,
        says=DENIED,
    ),
    Hostile(
        "the app pinned to CPU 0",
        "6",
        _at_import("os.sched_setaffinity(os.getppid(), {0})"),
        ERROR,
        says=DENIED,
    ),
    Hostile(
        "another process made SCHED_IDLE",
        "6",
        _at_import("os.sched_setscheduler($victim, os.SCHED_IDLE, os.sched_param(0))"),
        ERROR,
        says=DENIED,
    ),
    Hostile(
        "sched_setparam on the app",
        "6",
        _at_import("os.sched_setparam(os.getppid(), os.sched_param(0))"),
        ERROR,
        says=DENIED,
    ),
    Hostile(
        "prlimit of the app from a thread",
        "6",
        "import os, resource, threading\nfound = []\n"
        "def _go():\n    try:\n"
        "        resource.prlimit(os.getppid(), resource.RLIMIT_CPU, (1, 1))\n"
        "    except OSError as exc:\n        found.append(exc)\n"
        "t = threading.Thread(target=_go)\nt.start()\nt.join()\n"
        "if found:\n    raise found[0]\n" + CORRECT,
        ERROR,
        says=DENIED,
    ),
    Hostile(
        "raw prlimit64 with the pid's high bits set",
        "6",
        "import ctypes, os, platform\n"
        "if platform.machine() != 'x86_64':\n    raise OSError(1, 'Operation not permitted')\n"
        "libc = ctypes.CDLL(None, use_errno=True)\n"
        "new = (ctypes.c_uint64 * 2)(7, 7)\n"
        "r = libc.syscall(ctypes.c_long(302), ctypes.c_long($victim | (1 << 32)),"
        " ctypes.c_long(7), new, None)\n"
        "if r != 0:\n    raise OSError(ctypes.get_errno(), os.strerror(ctypes.get_errno()))\n"
        + CORRECT,
        ERROR,
        says=DENIED,
    ),
]

METADATA = [  # point 7
    Hostile(
        "chmod of the progress database",
        "7",
        _at_import("os.chmod('$db', 0o444)"),
        ERROR,
        says=DENIED,
    ),
    Hostile(
        "chmod of a folder outside",
        "7",
        _at_import("os.chmod('$outside', 0o500)"),
        ERROR,
        says=DENIED,
    ),
    Hostile(
        "utime of the progress database",
        "7",
        _at_import("os.utime('$db', (0, 0))"),
        ERROR,
        says=DENIED,
    ),
    Hostile(
        "utime in nanoseconds, then solved",
        "7",
        _then_solve("os.utime('$db', ns=(5, 5))"),
        ANY,
        solves=True,
    ),
    Hostile(
        "chown of the progress database",
        "7",
        _at_import("os.chown('$db', 4321, 4321)"),
        ERROR,
        says=DENIED,
    ),
    Hostile(
        "lchown of a file outside",
        "7",
        _at_import("os.lchown('$notes', 4321, 4321)"),
        ERROR,
        says=DENIED,
    ),
    Hostile(
        "setxattr on the progress database",
        "7",
        _at_import("os.setxattr('$db', 'user.trainer', b'x')"),
        ERROR,
        says=DENIED,
    ),
    Hostile(
        "removexattr of a file outside",
        "7",
        _at_import("os.removexattr('$notes', 'user.keep')"),
        ERROR,
        says=DENIED,
    ),
    Hostile(
        "fchmod of a library file opened read-only",
        "7",
        _at_import(
            "fd = os.open(np.__file__, os.O_RDONLY)\nos.fchmod(fd, os.stat(fd).st_mode & 0o7777)",
            "os, numpy as np",
        ),
        ERROR,
        says=DENIED,
    ),
    Hostile(
        "futimens of a library file opened read-only",
        "7",
        _at_import(
            "fd = os.open(np.__file__, os.O_RDONLY)\n"
            "os.utime(fd, ns=(os.stat(fd).st_atime_ns, os.stat(fd).st_mtime_ns))",
            "os, numpy as np",
        ),
        ERROR,
        says=DENIED,
    ),
    Hostile(
        "fsetxattr on a library file opened read-only",
        "7",
        _at_import(
            "fd = os.open(np.__file__, os.O_RDONLY)\n"
            "os.setxattr(fd, 'user.trainer', b'x', os.XATTR_REPLACE)",
            "os, numpy as np",
        ),
        ERROR,
        says=DENIED,
    ),
    Hostile(
        "touch of the progress database",
        "7",
        _at_import("pathlib.Path('$db').touch()", "pathlib"),
        ERROR,
    ),
    Hostile(
        "copymode onto the progress database",
        "7",
        _at_import("open('mine', 'w').close()\nshutil.copymode('mine', '$db')", "shutil"),
        ERROR,
        says=DENIED,
    ),
    Hostile(
        "a symlink from scratch to the database, written through",
        "7",
        _at_import("os.symlink('$db', 'link')\nopen('link', 'ab').write(b'x')", "os"),
        ERROR,
    ),
    Hostile(
        "a hard link to the database",
        "7",
        _at_import("os.link('$db', 'hard')\nos.chmod('hard', 0o444)", "os"),
        ERROR,
    ),
    Hostile(
        "the database renamed into scratch",
        "7",
        _at_import("os.rename('$db', 'stolen.db')", "os"),
        ERROR,
    ),
]

READING = [  # point 8
    Hostile(
        "exec of the installed copy of the reference",
        "8",
        "exec(open('$copy').read())\n",
        ERROR,
        says=UNREADABLE,
    ),
    Hostile(
        "the reference through /proc/self/root",
        "8",
        "exec(open('/proc/self/root' + '$reference').read())\n",
        ERROR,
    ),
    Hostile(
        "the reference by a relative path",
        "8",
        "import os\nexec(open(os.path.relpath('$reference', os.getcwd())).read())\n",
        ERROR,
        says=UNREADABLE,
    ),
    Hostile(
        "the reference found through the package metadata",
        "8",
        "import importlib.metadata as m\n"
        "files = [f for f in m.files('trainer') or [] if str(f).endswith('softmax.py')]\n"
        "for f in files:\n    exec(open(f.locate()).read())\n"
        "softmax\n",
        ERROR,
    ),
    Hostile("the repository's .git", "8", "open('$repo/.git/HEAD').read()\n" + CORRECT, ERROR),
    Hostile("the tests' conftest", "8", "open('$repo/tests/conftest.py').read()\n", ERROR),
    Hostile(
        "the tests' implementations imported",
        "8",
        "import sys\nsys.path.insert(0, '$repo')\n"
        "import tests.grading.implementations as impl\nsoftmax = impl.softmax\n",
        ERROR,
    ),
    Hostile("the repository listed", "8", "import os\nos.listdir('$repo')\n" + CORRECT, ERROR),
    Hostile("the progress database read", "8", "open('$db', 'rb').read()\n" + CORRECT, ERROR),
    Hostile("the home folder listed", "8", "import os\nos.listdir('$home')\n" + CORRECT, ERROR),
    Hostile("/etc/passwd", "8", "open('/etc/passwd').read()\n" + CORRECT, ERROR),
    Hostile(
        "other workers' scratch folders",
        "8",
        "import os\nos.listdir('$tmp')\n" + CORRECT,
        ERROR,
    ),
    Hostile(
        "the app's command line and environment",
        "8",
        "import os\nopen(f'/proc/{os.getppid()}/environ', 'rb').read()\n" + CORRECT,
        ERROR,
    ),
    Hostile(
        "the app's memory",
        "8",
        "import os\nopen(f'/proc/{os.getppid()}/mem', 'rb').read(1)\n" + CORRECT,
        ERROR,
    ),
]

TIMED_RUNS = [  # point 9: the same code, timed by `trainer exercise time`
    Hostile(
        "a file written outside when timed",
        "9",
        _timed(_quietly("open('$outside/timed.txt', 'w').write('x')")),
        TIMED,
        solves=True,
        runner="time",
    ),
    Hostile(
        "chmod of the database when timed",
        "9",
        _timed(_quietly("os.chmod('$db', 0o444)")),
        TIMED,
        solves=True,
        runner="time",
    ),
    Hostile(
        "RLIMIT_CPU of the app when timed",
        "9",
        _timed(_quietly("resource.prlimit(os.getppid(), resource.RLIMIT_CPU, (1, 1))")),
        TIMED,
        solves=True,
        runner="time",
    ),
    Hostile(
        "SIGKILL to the app when timed",
        "9",
        _timed(_quietly("os.kill(os.getppid(), 9)")),
        TIMED,
        solves=True,
        runner="time",
    ),
    Hostile(
        "the reference read when timed",
        "9",
        "exec(open('$reference').read())\n" + GPU_REFERENCE,
        frozenset({"timing error"}),
        says=UNREADABLE,
        runner="time",
    ),
]

MESSAGES = [  # point 10
    Hostile(
        "a 250 MB message",
        "10",
        "import os, struct\ndef softmax(x):\n"
        "    header = struct.pack('>II', 2, 250 * 1024 * 1024) + b'{}'\n"
        "    for fd in range(3, 40):\n        try:\n            os.write(fd, header)\n"
        "            for _ in range(250):\n                os.write(fd, bytes(1 << 20))\n"
        "        except OSError:\n            continue\n",
        CRASHED,
        says="too large",
    ),
    Hostile(
        "a JSON header over its cap",
        "10",
        "import os, struct\ndef softmax(x):\n"
        "    for fd in range(3, 40):\n        try:\n"
        "            os.write(fd, struct.pack('>II', 5 * 1024 * 1024, 0))\n"
        "        except OSError:\n            pass\n",
        CRASHED,
        says="too large",
    ),
    Hostile(
        "a list too long for a message",
        "10",
        "def softmax(x):\n    return ['m' * 2000] * 3000\n",
        CRASHED,
        says="too large",
    ),
    Hostile(
        "an array too large to send",
        "10",
        HEADER + "def softmax(x):\n    return np.zeros(6_000_000)\n",
        ERROR,
        says="too large",
    ),
    Hostile(
        "a forged result pointing at a missing array",
        "10",
        "import json, os, struct\n"
        "def softmax(x):\n"
        "    body = json.dumps({'kind': 'result', 'id': 0, 'ok': {'y': {'$nd': 5}},"
        " '$blobs': []}).encode()\n"
        "    for fd in range(3, 40):\n        try:\n"
        "            os.write(fd, struct.pack('>II', len(body), 0) + body)\n"
        "        except OSError:\n            pass\n"
        "    return np.zeros_like(x)\nimport numpy as np\n",
        CRASHED | FAILED,
    ),
]

CONTROL_CHARACTERS = [  # point 5
    Hostile(
        "a screen cleared and PASSED faked",
        "5",
        "print('\\x1b[2J\\x1b[H\\x1b[1;32msoftmax: PASSED\\x1b[0m')\n" + WRONG,
        FAILED,
    ),
    Hostile(
        "PASSED written over FAILED with a carriage return",
        "5",
        "import sys\nsys.stderr.write('\\r\\x1b[1A\\x1b[2KPASSED\\n')\n" + WRONG,
        FAILED,
    ),
    Hostile(
        "an exception message with escapes",
        "5",
        "def softmax(x):\n    raise ValueError('\\x1b[2J\\rsoftmax: PASSED')\n",
        ERROR,
        says="\\x1b[2J",
    ),
    Hostile(
        "a window title and a C1 control",
        "5",
        "print('\\x1b]0;pwned\\x07\\x9b2J\\x90q\\x9c')\n" + CORRECT,
        ANY,
        solves=True,
    ),
    Hostile(
        "a type name with escapes",
        "5",
        "def softmax(x):\n    return type('\\x1b[2J\\rOK', (), {})()\n",
        FAILED,
    ),
    Hostile(
        "bidirectional overrides",
        "5",
        "print('\\u202eDESSAP\\u202c')\ndef softmax(x):\n    raise KeyError('\\u2066x\\u2069')\n",
        ERROR,
    ),
    Hostile(
        "a 1 MB exception message",
        "5",
        "def softmax(x):\n    raise ValueError('m' * 1_000_000)\n",
        ERROR,
        says="characters left out",
    ),
    Hostile(
        "bytes that are not UTF-8, with NULs",
        "5",
        "import os\nos.write(1, b'\\xff\\xfe\\x00\\x1b[2J\\n')\n" + WRONG,
        FAILED,
    ),
    Hostile(
        "a returned list of long strings with escapes",
        "5",
        "def softmax(x):\n    return ['\\x1b[2J' + 'm' * 1990] * 1000\n",
        FAILED,
        says="characters left out",
    ),
    Hostile(
        "an escape in a syntax error's line",
        "5",
        "x = 1 +\x1b[2J\n",
        ERROR,
    ),
]

CATALOGUE: list[Hostile] = [
    *BASE,
    *LIMITS_OF_OTHERS,
    *METADATA,
    *READING,
    *TIMED_RUNS,
    *MESSAGES,
    *CONTROL_CHARACTERS,
]
ITEMS = ("base", "5", "6", "7", "8", "9", "10")


def source_of(name: str, **values: str) -> str:
    """The source of the entry called `name`, its placeholders filled in from `values`."""
    (entry,) = [e for e in CATALOGUE if e.name == name]
    return string.Template(entry.source).safe_substitute(values)

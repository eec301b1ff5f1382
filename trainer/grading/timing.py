"""`trainer exercise time`: run the timing worker on the learner's file, then explain the result.

The worker is a separate process killed with its whole group at a wall-clock limit, sandboxed like
the grading worker (see `timing_worker`): it sees a copy of the learner's file in its own scratch
folder, never the file's own folder. A missing or unreadable result is an error, never an empty
"nothing was slower" table; what it relays from the learner's code is escaped (`relay`).
"""

from __future__ import annotations

import json
import math
import os
import shutil
import signal
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from trainer.grading.relay import relayed
from trainer.grading.scratch import make_scratch

DEFAULT_SIZES: dict[str, tuple[int, ...]] = {
    "batched_matmul": (16, 32, 64, 128, 256, 512),
    "conv2d": (8, 16, 32, 64),
}


class TimingError(Exception):
    """The timing run did not produce a result (timeout, crash, the learner's code failing)."""


@dataclass(frozen=True)
class TimingReport:
    function: str
    summary: str
    backends: list[dict[str, Any]]
    missing: dict[str, str]
    rows: list[dict[str, Any]]
    crossovers: list[dict[str, Any]]
    errors: list[dict[str, str]] = field(default_factory=list)
    output: str = ""

    @property
    def has_gpu(self) -> bool:
        return any(b["device"] == "gpu" for b in self.backends)

    def median(self, who: str, backend: str, size: int) -> float | None:
        for row in self.rows:
            if (row["who"], row["backend"], row["size"]) == (who, backend, size):
                return float(row["median_s"])
        return None

    def sizes(self) -> list[int]:
        return sorted({int(r["size"]) for r in self.rows})

    def as_json(self) -> dict[str, Any]:
        return {
            "function": self.function,
            "summary": self.summary,
            "has_gpu": self.has_gpu,
            "backends": self.backends,
            "missing": self.missing,
            "rows": self.rows,
            "crossovers": self.crossovers,
            "errors": self.errors,
        }


def run_timing(
    student: Path,
    reference: Path,
    function: str,
    sizes: tuple[int, ...] | None = None,
    *,
    timeout_s: float = 300.0,
    repeat: int = 9,
) -> TimingReport:
    workdir = make_scratch("timing")
    try:
        return _run_in(
            Path(workdir), student, reference, function, sizes, timeout_s=timeout_s, repeat=repeat
        )
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def _sandbox() -> dict[str, Any]:
    """Landlock's read-only roots for the timing worker (what the grading worker gets)."""
    from trainer.grading.catalog import package_dir, solutions_dir, stubs_dir
    from trainer.grading.sandbox import readable_paths

    locked = sys.platform == "linux"
    forbidden = [package_dir(), solutions_dir(), stubs_dir()]
    return {
        "landlock": locked,
        "seccomp": locked,
        "read_only": readable_paths(forbidden, ("torch", "cupy")) if locked else [],
    }


def _run_in(
    workdir: Path,
    student: Path,
    reference: Path,
    function: str,
    sizes: tuple[int, ...] | None,
    *,
    timeout_s: float,
    repeat: int,
) -> TimingReport:
    result_path = workdir / "result.json"
    copy = workdir / (student.name if student.suffix == ".py" else "learner.py")
    try:
        shutil.copyfile(student, copy)
    except OSError as exc:
        raise TimingError(f"cannot read {student}: {exc}") from None
    config = {
        "student": str(copy),
        "reference": str(reference.resolve()),
        "function": function,
        "sizes": list(sizes or DEFAULT_SIZES[function]),
        "repeat": repeat,
        "cpu_s": int(timeout_s),
        "result": str(result_path),
        "workdir": str(workdir),
        "sandbox": _sandbox(),
    }
    # The learner's prints go to an unnamed file (bounded by the worker's file-size limit, never
    # held in memory); only its tail is kept.
    with tempfile.TemporaryFile() as printed:
        process = subprocess.Popen(
            [sys.executable, "-m", "trainer.grading.timing_worker"],
            stdin=subprocess.PIPE,
            stdout=printed,
            stderr=subprocess.STDOUT,
            cwd=workdir,
            env=_child_environment(),
            start_new_session=True,
        )
        try:
            process.communicate(json.dumps(config).encode(), timeout=timeout_s)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
            raise TimingError(f"timing did not finish within {timeout_s:.0f} s") from None
        finally:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGKILL)
        printed.seek(max(0, printed.seek(0, os.SEEK_END) - 4000))
        tail = relayed(printed.read().decode(errors="replace"), 4000)
    if process.returncode == -signal.SIGXCPU:
        raise TimingError(f"timing did not finish within its CPU-time limit ({timeout_s:.0f} s)")
    if process.returncode != 0 or not result_path.is_file():
        raise TimingError(f"the timing process failed (exit {process.returncode}): {tail[-800:]}")
    try:
        data = _relayed_tree(json.loads(result_path.read_text(encoding="utf-8")))
        if "fatal" in data:
            raise TimingError(str(data["fatal"]))
        rows = [
            {
                **row,
                "who": str(row["who"]),
                "backend": str(row["backend"]),
                "size": int(row["size"]),
                "median_s": float(row["median_s"]),
                "transfer_s": float(row["transfer_s"]),
            }
            for row in data["rows"]
        ]
        return TimingReport(
            str(data["function"]),
            str(data["summary"]),
            list(data["backends"]),
            dict(data["missing"]),
            rows,
            list(data["crossovers"]),
            [dict(e) for e in data["errors"]],
            tail,
        )
    except (ValueError, TypeError, KeyError, AttributeError, OSError) as exc:
        raise TimingError(f"the timing result is unreadable ({type(exc).__name__})") from None


def _relayed_tree(value: Any) -> Any:
    """Every string in a JSON document escaped (the worker's file: the learner could write it)."""
    if isinstance(value, str):
        return relayed(value)
    if isinstance(value, list):
        return [_relayed_tree(v) for v in value]
    if isinstance(value, dict):
        return {relayed(str(k), 100): _relayed_tree(v) for k, v in value.items()}
    return value


def _child_environment() -> dict[str, str]:
    """The app's environment (the GPU driver needs it) with this package importable."""
    package_root = str(Path(__file__).resolve().parents[2])
    path = os.environ.get("PYTHONPATH")
    return {**os.environ, "PYTHONPATH": package_root + (os.pathsep + path if path else "")}


def _ms(seconds: float | None) -> str:
    if seconds is None:
        return "-"
    return f"{seconds * 1000:.3f}" if seconds < 0.01 else f"{seconds * 1000:.1f}"


def render_table(report: TimingReport) -> str:
    """Median milliseconds of the learner's code per size and backend, and speedups vs NumPy."""
    names = [b["name"] for b in report.backends]
    head = ["size", *[f"{n} ms" for n in names], *[f"x vs numpy ({n})" for n in names[1:]]]
    lines = ["  ".join(f"{h:>14}" for h in head)]
    for size in report.sizes():
        base = report.median("student", "numpy", size)
        cells = [str(size)] + [_ms(report.median("student", n, size)) for n in names]
        for name in names[1:]:
            other = report.median("student", name, size)
            cells.append(f"{base / other:.2f}" if base and other else "-")
        lines.append("  ".join(f"{c:>14}" for c in cells))
    gpu_rows = [r for r in report.rows if r["who"] == "student" and r["transfer_s"] > 0]
    for row in gpu_rows:
        share = row["transfer_s"] / (row["transfer_s"] + row["median_s"])
        lines.append(
            f"  {row['backend']} n={row['size']}: host->device copy {_ms(row['transfer_s'])} ms "
            f"({share:.0%} of an end-to-end call)"
        )
    return "\n".join(lines)


def render_chart(report: TimingReport, width: int = 40) -> str:
    """Bars on a log scale: each character is the same factor of time, so slopes compare."""
    values = [float(r["median_s"]) for r in report.rows if r["who"] == "student"]
    if not values:
        return ""
    low, high = math.log10(min(values)), math.log10(max(values))
    span = max(high - low, 1e-9)
    lines = [f"time per call (log scale, {_ms(min(values))} .. {_ms(max(values))} ms)"]
    for size in report.sizes():
        for backend in report.backends:
            value = report.median("student", backend["name"], size)
            if value is None:
                continue
            length = 1 + round((math.log10(value) - low) / span * (width - 1))
            lines.append(f"{size:>6} {backend['name']:<14} {'█' * length} {_ms(value)} ms")
    return "\n".join(lines)


def explain(report: TimingReport) -> str:
    """What the numbers say, in words a learner can check against the table."""
    lines: list[str] = []
    if not report.has_gpu:
        lines.append(report.summary + ". The CPU sweep ran; correctness was graded on NumPy.")
    gpus = {b["name"] for b in report.backends if b["device"] == "gpu"}
    for cross in (c for c in report.crossovers if c["fast"] in gpus):
        fast = cross["fast"]
        if cross["size"] is None:
            lines.append(f"{fast} never beat numpy at the largest size measured.")
        elif cross["always"]:
            lines.append(f"{fast} was faster than numpy at every size measured.")
        else:
            lines.append(
                f"{fast} beats numpy from n = {cross['size']} on (crossover near "
                f"n ≈ {cross['estimate']:.0f}): below it the fixed cost per call dominates, "
                "above it the parallel work pays."
            )
    single = [r for r in report.rows if r["backend"] == "numpy-1thread" and r["who"] == "student"]
    if single:
        largest = max(int(r["size"]) for r in single)
        many = report.median("student", "numpy", largest)
        one = report.median("student", "numpy-1thread", largest)
        threads = next((b["threads"] for b in report.backends if b["name"] == "numpy"), None)
        if many and one:
            lines.append(
                f"At n = {largest}, NumPy with {threads or 'its default'} BLAS thread(s) ran "
                f"{one / many:.2f}x the speed of one thread: more cores help only with enough work."
            )
    ref = report.sizes()[-1] if report.rows else None
    if ref is not None:
        mine, theirs = (
            report.median("student", "numpy", ref),
            report.median("reference", "numpy", ref),
        )
        if mine and theirs:
            lines.append(
                f"Your code vs the reference on numpy at n = {ref}: {mine / theirs:.2f}x the time."
            )
    for error in report.errors:
        lines.append(
            f"error on {error['backend']} (n={error['size']}, {error['who']}): {error['error']}"
        )
    return "\n".join(lines)

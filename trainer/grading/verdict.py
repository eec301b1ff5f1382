"""What a check run says: one status per check, one for the whole run, as text or JSON."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class Status(StrEnum):
    PASSED = "passed"
    FAILED = "failed"  # wrong values, shapes, dtypes, or a broken invariant
    ERROR = "error"  # an exception in the learner's code (a syntax error included)
    TIMEOUT = "timeout"  # wall-clock or CPU limit
    MEMORY = "memory"  # address-space limit (MemoryError)
    CRASHED = "crashed"  # killed by a signal, or exited before answering
    NOT_RUN = "not run"  # a check after a failing one (never the status of a whole run)


@dataclass
class CheckResult:
    """One check of an exercise: how many cases ran and, on failure, the smallest failing case."""

    name: str
    status: Status
    cases: int = 0
    message: str = ""
    case: str | None = None  # the failing input, as Python the learner can paste
    case_label: str | None = None  # e.g. "edge case: logits of 1000" or "generated (shrunk)"
    expected: str | None = None
    got: str | None = None
    where: str | None = None  # e.g. "out[1, 0]" or "softmax.py:12 in softmax"
    max_abs_error: float | None = None
    max_rel_error: float | None = None
    traceback: str | None = None
    duration_ms: float = 0.0

    @property
    def passed(self) -> bool:
        return self.status is Status.PASSED

    def as_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "name": self.name,
            "status": str(self.status),
            "passed": self.passed,
            "cases": self.cases,
            "duration_ms": round(self.duration_ms, 1),
        }
        for key in (
            "message",
            "case",
            "case_label",
            "expected",
            "got",
            "where",
            "max_abs_error",
            "max_rel_error",
            "traceback",
        ):
            value = getattr(self, key)
            if value not in (None, ""):
                data[key] = _finite(value)
        return data


def _finite(value: Any) -> Any:
    """JSON has no NaN or infinity: say them as strings."""
    if isinstance(value, float) and (value != value or value in (float("inf"), float("-inf"))):
        return str(value)
    return value


@dataclass
class Verdict:
    """The outcome of checking one file against one exercise."""

    exercise: str
    file: str
    code_hash: str
    status: Status
    checks: list[CheckResult] = field(default_factory=list)
    message: str = ""  # for a failure before any check ran (syntax error, crash on import)
    traceback: str | None = None
    stdout: str = ""
    stderr: str = ""
    output_truncated: bool = False
    timings: dict[str, float] = field(default_factory=dict)
    sandbox: dict[str, Any] = field(default_factory=dict)

    @property
    def passed(self) -> bool:
        return self.status is Status.PASSED

    @property
    def cases(self) -> int:
        return sum(c.cases for c in self.checks)

    def first_failure(self) -> CheckResult | None:
        return next(
            (c for c in self.checks if c.status not in (Status.PASSED, Status.NOT_RUN)), None
        )

    def as_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "exercise": self.exercise,
            "file": self.file,
            "status": str(self.status),
            "passed": self.passed,
            "code_hash": self.code_hash,
            "cases": self.cases,
            "checks": [c.as_json() for c in self.checks],
            "stdout": self.stdout,
            "stderr": self.stderr,
            "output_truncated": self.output_truncated,
            "timings_ms": {k: round(v, 1) for k, v in self.timings.items()},
            "sandbox": self.sandbox,
        }
        if self.message:
            data["message"] = self.message
        if self.traceback:
            data["traceback"] = self.traceback
        return data

    def summary(self) -> dict[str, Any]:
        """What a stored submission keeps: small, no captured output."""
        return {
            "status": str(self.status),
            "passed": self.passed,
            "code_hash": self.code_hash,
            "file": self.file,
            "cases": self.cases,
            "message": (self.message or _first_message(self))[:500],
            "checks": [
                {"name": c.name, "status": str(c.status), "cases": c.cases} for c in self.checks
            ],
            "timings_ms": {k: round(v, 1) for k, v in self.timings.items()},
        }

    def report(self, *, color: bool = False) -> str:
        """The verdict as the learner reads it in a terminal."""
        from trainer.bank.english import plural

        marks = {
            Status.PASSED: ("ok", "32"),
            Status.NOT_RUN: ("--", "2"),
        }

        def paint(text: str, code: str) -> str:
            return f"\033[{code}m{text}\033[0m" if color else text

        lines = []
        headline = f"{self.exercise}: {self.status.upper()}"
        if self.passed:
            headline += f" ({plural(self.cases, 'case')})"
        lines.append(paint(headline, "1;32" if self.passed else "1;31"))
        if self.message:
            lines.append(self.message)
        if self.traceback:
            lines.append(self.traceback)
        for check in self.checks:
            mark, code = marks.get(check.status, ("!!", "31"))
            count = f" ({plural(check.cases, 'case')})" if check.cases else ""
            lines.append(paint(f"  [{mark}] {check.name}{count}", code))
            if check.passed or check.status is Status.NOT_RUN:
                continue
            lines.extend(_indent(_check_details(check), 6))
        if self.stdout or self.stderr:
            lines.append("")
            note = " (truncated)" if self.output_truncated else ""
            if self.stdout:
                lines.append(f"your output{note}:")
                lines.extend(_indent(self.stdout.rstrip("\n"), 2))
            if self.stderr:
                lines.append(f"your stderr{note}:")
                lines.extend(_indent(self.stderr.rstrip("\n"), 2))
        return "\n".join(lines)


def _first_message(verdict: Verdict) -> str:
    failure = verdict.first_failure()
    return failure.message if failure else ""


def _indent(text: str | list[str], width: int) -> list[str]:
    lines = text if isinstance(text, list) else text.splitlines()
    return [" " * width + line if line else "" for line in lines]


def _check_details(check: CheckResult) -> list[str]:
    lines = [str(check.status)]
    if check.message:
        first, *rest = check.message.splitlines()
        lines = [f"{check.status}: {first}", *("  " + line for line in rest)]
    if check.case is not None:
        label = f" ({check.case_label})" if check.case_label else ""
        lines.append(f"input{label}:")
        lines.extend(_indent(check.case, 2))
    if check.where and check.traceback is None:
        lines.append(f"where: {check.where}")
    if check.max_abs_error is not None:
        rel = (
            f", max rel error {check.max_rel_error:.3g}" if check.max_rel_error is not None else ""
        )
        lines.append(f"max abs error {check.max_abs_error:.3g}{rel}")
    if check.expected is not None:
        lines.append("expected:")
        lines.extend(_indent(check.expected, 2))
    if check.got is not None:
        lines.append("got:")
        lines.extend(_indent(check.got, 2))
    if check.traceback:
        lines.extend(check.traceback.splitlines())
    return lines

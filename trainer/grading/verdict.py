"""What a check run says: one status per check, one for the whole run, as text or JSON.

Texts are `l10n.Bi` where the grader has both languages: `report(lang=...)` picks one; the JSON
keeps the English under each key and adds `KEY_ja` beside it (ids and statuses stay as they are).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from trainer.grading.l10n import ja_of, say, status, text


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
        if (name_ja := ja_of(self.name)) is not None:
            data["name_ja"] = name_ja
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
                if (value_ja := ja_of(value)) is not None:
                    data[f"{key}_ja"] = value_ja
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
            if (message_ja := ja_of(self.message)) is not None:
                data["message_ja"] = message_ja
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

    def report(self, *, color: bool = False, lang: str = "en") -> str:
        """The verdict as the learner reads it in a terminal, in `lang` (ja or en)."""

        def cases(count: int) -> str:
            return text(say("report.cases", cases=count), lang)

        marks = {
            Status.PASSED: ("ok", "32"),
            Status.NOT_RUN: ("--", "2"),
        }

        def paint(text: str, code: str) -> str:
            return f"\033[{code}m{text}\033[0m" if color else text

        lines = []
        shown = text(status(self.status), lang)
        headline = f"{self.exercise}: {shown.upper() if lang == 'en' else shown}"
        if self.passed:
            headline += _paren(cases(self.cases), lang)
        lines.append(paint(headline, "1;32" if self.passed else "1;31"))
        if self.message:
            lines.append(text(self.message, lang))
        if self.traceback:
            lines.append(self.traceback)
        for check in self.checks:
            mark, code = marks.get(check.status, ("!!", "31"))
            count = _paren(cases(check.cases), lang) if check.cases else ""
            lines.append(paint(f"  [{mark}] {text(check.name, lang)}{count}", code))
            if check.passed or check.status is Status.NOT_RUN:
                continue
            lines.extend(_indent(_check_details(check, lang), 6))
        if self.stdout or self.stderr:
            lines.append("")
            note = say("report.truncated") if self.output_truncated else ""
            if self.stdout:
                lines.append(text(say("report.stdout", note=note), lang))
                lines.extend(_indent(self.stdout.rstrip("\n"), 2))
            if self.stderr:
                lines.append(text(say("report.stderr", note=note), lang))
                lines.extend(_indent(self.stderr.rstrip("\n"), 2))
        return "\n".join(lines)


def _first_message(verdict: Verdict) -> str:
    failure = verdict.first_failure()
    return failure.message if failure else ""


def _indent(text: str | list[str], width: int) -> list[str]:
    lines = text if isinstance(text, list) else text.splitlines()
    return [" " * width + line if line else "" for line in lines]


def _paren(inner: str, lang: str) -> str:
    return f"（{inner}）" if lang == "ja" else f" ({inner})"


def _check_details(check: CheckResult, lang: str = "en") -> list[str]:
    shown = text(status(check.status), lang)
    lines = [shown]
    if check.message:
        first, *rest = text(check.message, lang).splitlines()
        lines = [f"{shown}: {first}", *("  " + line for line in rest)]
    if check.case is not None:
        label = say("report.label", label=check.case_label) if check.case_label else ""
        lines.append(text(say("report.input", label=label), lang))
        lines.extend(_indent(check.case, 2))
    if check.where and check.traceback is None:
        lines.append(text(say("report.where", where=check.where), lang))
    if check.max_abs_error is not None:
        rel = (
            say("report.max_rel", rel=f"{check.max_rel_error:.3g}")
            if check.max_rel_error is not None
            else ""
        )
        lines.append(text(say("report.max_abs", abs=f"{check.max_abs_error:.3g}"), lang))
        lines[-1] += text(rel, lang)
    if check.expected is not None:
        lines.append(text(say("report.expected"), lang))
        lines.extend(_indent(check.expected, 2))
    if check.got is not None:
        lines.append(text(say("report.got"), lang))
        lines.extend(_indent(check.got, 2))
    if check.traceback:
        lines.extend(check.traceback.splitlines())
    return lines

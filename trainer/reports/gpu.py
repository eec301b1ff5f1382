"""The latest CPU-vs-GPU timing run (`trainer exercise time`), shaped for the report.

The timing command stores its sweep as an exercise submission with verdict "timed"; this module
reads the newest one back and turns it into series (one per backend: median ms by size), the
crossovers and the share of host-to-device transfer, which every renderer draws the same way.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from trainer.store.repository import Store

TIMED = "timed"


@dataclass(frozen=True)
class TimingSeries:
    backend: str
    device: str
    sizes: list[int]
    median_ms: list[float]


@dataclass(frozen=True)
class GpuTiming:
    at: datetime
    function: str
    summary: str
    has_gpu: bool
    series: list[TimingSeries]
    crossovers: list[dict[str, Any]] = field(default_factory=list)
    transfer_share: dict[str, float] = field(default_factory=dict)  # backend -> share at max size

    def as_json(self) -> dict[str, Any]:
        return {
            "at": self.at.isoformat(),
            "function": self.function,
            "summary": self.summary,
            "has_gpu": self.has_gpu,
            "series": [s.__dict__ for s in self.series],
            "crossovers": self.crossovers,
            "transfer_share": self.transfer_share,
        }


def from_details(details: dict[str, Any] | None, at: datetime) -> list[GpuTiming]:
    """One entry per timed function of a stored sweep (pure; tolerant of missing keys)."""
    if not details or details.get("kind") != "timing":
        return []
    results = []
    for timing in details.get("timings", []):
        devices = {b["name"]: b.get("device", "cpu") for b in timing.get("backends", [])}
        series = []
        for backend, device in devices.items():
            points = sorted(
                (int(r["size"]), float(r["median_s"]) * 1000)
                for r in timing.get("rows", [])
                if r.get("who") == "student" and r.get("backend") == backend
            )
            if points:
                series.append(
                    TimingSeries(backend, device, [p[0] for p in points], [p[1] for p in points])
                )
        shares: dict[str, float] = {}
        for backend in (b for b, d in devices.items() if d == "gpu"):
            rows = [
                r
                for r in timing.get("rows", [])
                if r.get("who") == "student" and r.get("backend") == backend
            ]
            if rows:
                top = max(rows, key=lambda r: int(r["size"]))
                total = float(top["median_s"]) + float(top["transfer_s"])
                shares[backend] = float(top["transfer_s"]) / total if total > 0 else 0.0
        results.append(
            GpuTiming(
                at,
                str(timing.get("function", "")),
                str(timing.get("summary", "")),
                bool(timing.get("has_gpu", False)),
                series,
                list(timing.get("crossovers", [])),
                shares,
            )
        )
    return results


def load_gpu_timing(store: Store, user_id: int) -> list[GpuTiming]:
    """The newest stored timing sweep of this user (empty when none was run)."""
    from sqlalchemy import select

    from trainer.store.models import ExerciseSubmission

    query = (
        select(ExerciseSubmission.details, ExerciseSubmission.submitted_at)
        .where(ExerciseSubmission.user_id == user_id, ExerciseSubmission.verdict == TIMED)
        .order_by(ExerciseSubmission.id.desc())
        .limit(1)
    )
    with store.reading() as session:
        row = session.execute(query).first()
    return [] if row is None else from_details(row[0], row[1])

"""Timing helpers for benchmarks: medians of repeated runs, in milliseconds."""

from __future__ import annotations

import statistics
import subprocess
import time
from collections.abc import Callable, Sequence


def median_ms(function: Callable[[], object], repeat: int = 7, warmup: int = 1) -> float:
    for _ in range(warmup):
        function()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def command_ms(command: Sequence[str], repeat: int = 7, env: dict[str, str] | None = None) -> float:
    """Median wall time of a whole process, start to exit."""
    return median_ms(
        lambda: subprocess.run(command, check=True, capture_output=True, env=env), repeat
    )


def entry(
    name: str, value_ms: float, baseline_ms: float, target: str, **extra: object
) -> dict[str, object]:
    return {
        "name": name,
        "median_ms": round(value_ms, 3),
        "baseline_ms": round(baseline_ms, 3),
        "ratio": round(value_ms / baseline_ms, 2) if baseline_ms else None,
        "target": target,
        **extra,
    }

"""Timing a function across sizes and backends the way GPU benchmarks must be timed.

The method follows `cupyx.profiler.benchmark` and `torch.utils.benchmark`:
- warm-up calls first, untimed: the first call on a GPU creates the context and compiles kernels;
- synchronise the device before reading the clock and after the call, since GPU calls return
  before the work is done (without it one measures the launch, not the work);
- many repeats, reporting the median and the interquartile spread, because single runs are noisy;
- inputs already on the device for the compute time, and the host-to-device copy timed on its own,
  so that the share of transfer in an end-to-end call is visible.
"""

from __future__ import annotations

import math
import statistics
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from trainer.grading.backends import Backend

Inputs = tuple[np.ndarray[Any, Any], ...]


@dataclass(frozen=True)
class Measurement:
    backend: str
    size: int
    median_s: float
    q1_s: float
    q3_s: float
    min_s: float
    runs: int
    transfer_s: float  # host -> device copy of the inputs (0 on CPU backends)

    @property
    def end_to_end_s(self) -> float:
        return self.median_s + self.transfer_s

    @property
    def transfer_share(self) -> float:
        return self.transfer_s / self.end_to_end_s if self.end_to_end_s > 0 else 0.0


def _quartiles(samples: Sequence[float]) -> tuple[float, float, float]:
    if len(samples) < 2:
        value = samples[0]
        return value, value, value
    q1, q2, q3 = statistics.quantiles(samples, n=4, method="inclusive")
    return q1, q2, q3


def measure(
    function: Callable[..., Any],
    inputs: Inputs,
    backend: Backend,
    size: int,
    *,
    warmup: int = 3,
    repeat: int = 15,
    budget_s: float = 1.0,
    clock: Callable[[], float] = time.perf_counter,
) -> Measurement:
    """Median time of `function(*inputs)` on `backend`, inputs resident on its device."""
    copies: list[float] = []
    for _ in range(3 if backend.device == "gpu" else 1):
        backend.synchronize()
        start = clock()
        args = tuple(backend.to_device(a) for a in inputs)
        backend.synchronize()
        copies.append(clock() - start)
    transfer = statistics.median(copies) if backend.device == "gpu" else 0.0
    samples: list[float] = []
    with backend.context():
        for _ in range(warmup):
            function(*args)
        backend.synchronize()
        spent = 0.0
        while len(samples) < repeat and (spent < budget_s or len(samples) < 3):
            backend.synchronize()
            start = clock()
            function(*args)
            backend.synchronize()
            elapsed = clock() - start
            samples.append(elapsed)
            spent += elapsed
    q1, median, q3 = _quartiles(samples)
    return Measurement(backend.name, size, median, q1, q3, min(samples), len(samples), transfer)


def sweep(
    functions: dict[str, Callable[..., Any]],
    make_inputs: Callable[[int, np.random.Generator], Inputs],
    sizes: Sequence[int],
    backends: Sequence[Backend],
    *,
    seed: int = 0,
    warmup: int = 3,
    repeat: int = 15,
    budget_s: float = 1.0,
) -> list[Measurement]:
    """Every size on every backend; `functions` maps a backend name to the function for its xp."""
    results = []
    for size in sizes:
        inputs = make_inputs(size, np.random.default_rng(seed + size))
        for backend in backends:
            results.append(
                measure(
                    functions[backend.name],
                    inputs,
                    backend,
                    size,
                    warmup=warmup,
                    repeat=repeat,
                    budget_s=budget_s,
                )
            )
    return results


@dataclass(frozen=True)
class Crossover:
    """Where `fast` starts to beat `slow` for good: the first size of the final winning run."""

    fast: str
    slow: str
    size: int | None  # None: never wins at the largest sizes measured
    estimate: float | None  # log-log interpolation between the bracketing sizes
    always: bool = False  # wins at every size measured


def speedups(results: Sequence[Measurement], fast: str, slow: str) -> dict[int, float]:
    """slow / fast median time, per size measured on both."""
    by_size = {(m.backend, m.size): m for m in results}
    sizes = sorted({m.size for m in results})
    return {
        size: by_size[(slow, size)].median_s / by_size[(fast, size)].median_s
        for size in sizes
        if (slow, size) in by_size
        and (fast, size) in by_size
        and by_size[(fast, size)].median_s > 0
    }


def crossover(results: Sequence[Measurement], fast: str, slow: str) -> Crossover:
    ratios = speedups(results, fast, slow)
    sizes = sorted(ratios)
    if not sizes or ratios[sizes[-1]] <= 1.0:
        return Crossover(fast, slow, None, None)
    first = len(sizes) - 1
    while first > 0 and ratios[sizes[first - 1]] > 1.0:
        first -= 1
    if first == 0:
        return Crossover(fast, slow, sizes[0], float(sizes[0]), always=True)
    low, high = sizes[first - 1], sizes[first]
    # log(ratio) is ~linear in log(size) between neighbours; find where it crosses 0.
    r_low, r_high = math.log(ratios[low]), math.log(ratios[high])
    fraction = -r_low / (r_high - r_low) if r_high != r_low else 1.0
    estimate = math.exp(math.log(low) + fraction * (math.log(high) - math.log(low)))
    return Crossover(fast, slow, high, estimate)

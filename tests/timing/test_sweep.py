"""The timing harness on real CPU backends (NumPy with default and single-thread BLAS), and the
crossover logic on recorded timing tables whose answer is known."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from trainer.grading.backends import (
    Backend,
    blas_threads,
    detect_backends,
    numpy_backend,
    numpy_single_thread_backend,
)
from trainer.grading.sweep import Measurement, crossover, measure, speedups, sweep


def matmul(a: Any, b: Any) -> Any:
    return a @ b


def square_pair(size: int, rng: np.random.Generator) -> tuple[np.ndarray[Any, Any], ...]:
    return rng.standard_normal((size, size)), rng.standard_normal((size, size))


def test_detection_without_a_gpu_says_why_and_keeps_the_cpu() -> None:
    detection = detect_backends()
    names = [b.name for b in detection.backends]
    assert names[:2] == ["numpy", "numpy-1thread"]
    if not detection.has_gpu:
        assert detection.missing.get("cupy")
        assert detection.summary().startswith("no GPU backend found (")
        assert "cupy:" in detection.summary()


def test_single_thread_backend_really_pins_blas() -> None:
    backend = numpy_single_thread_backend()
    with backend.context():
        assert blas_threads() in (1, None)
    assert numpy_backend().threads == blas_threads()


def test_sweep_measures_every_size_on_every_backend() -> None:
    backends = [numpy_backend(), numpy_single_thread_backend()]
    results = sweep(
        {b.name: matmul for b in backends}, square_pair, [8, 64, 128], backends, repeat=5, warmup=1
    )
    assert [(m.size, m.backend) for m in results] == [
        (size, name) for size in (8, 64, 128) for name in ("numpy", "numpy-1thread")
    ]
    for m in results:
        assert 0 < m.min_s <= m.q1_s <= m.median_s <= m.q3_s
        assert m.runs >= 3 and m.transfer_s == 0.0
    big = {m.backend: m.median_s for m in results if m.size == 128}
    small = {m.backend: m.median_s for m in results if m.size == 8}
    assert big["numpy"] > small["numpy"]  # 128^3 work is measurably more than 8^3


class FakeClock:
    """A clock that advances by a fixed cost per call of the timed function, plus sync costs."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_measure_synchronises_around_each_call_and_warms_up() -> None:
    clock = FakeClock()
    events: list[str] = []

    def work(x: Any) -> None:
        events.append("call")
        clock.now += 0.002

    def sync() -> None:
        events.append("sync")
        clock.now += 0.0005  # queued GPU work finishing: must be inside the timed window

    def copy(a: Any) -> Any:
        clock.now += 0.001
        return a

    gpu = Backend("fake-gpu", "gpu", np, to_device=copy, synchronize=sync)
    result = measure(work, (np.zeros(3),), gpu, 3, warmup=2, repeat=4, clock=clock)
    calls = [i for i, e in enumerate(events) if e == "call"]
    assert len(calls) == 6  # 2 warm-up + 4 timed
    for index in calls[2:]:
        assert events[index - 1] == "sync" and events[index + 1] == "sync"
    assert result.median_s == pytest.approx(0.0025)  # the call plus the closing sync
    assert result.transfer_s == pytest.approx(0.0015)  # the copy plus its sync
    assert result.transfer_share == pytest.approx(0.0015 / 0.004)


def recorded(table: dict[int, tuple[float, float]]) -> list[Measurement]:
    """A timing table: size -> (cpu seconds, gpu seconds)."""
    rows = []
    for size, (cpu, gpu) in table.items():
        rows.append(Measurement("numpy", size, cpu, cpu, cpu, cpu, 10, 0.0))
        rows.append(Measurement("cupy", size, gpu, gpu, gpu, gpu, 10, 1e-4))
    return rows


def test_crossover_from_a_recorded_table() -> None:
    # CPU grows like n^3, GPU is launch-bound (20 us) until large n: crossover between 64 and 128.
    table = {
        16: (2e-6, 2e-5),
        32: (3e-6, 2e-5),
        64: (6.5e-6, 2.1e-5),
        128: (7.5e-5, 2.5e-5),
        256: (3.2e-4, 4e-5),
    }
    result = crossover(recorded(table), fast="cupy", slow="numpy")
    assert result.size == 128 and not result.always
    assert result.estimate is not None and 64 < result.estimate < 128
    assert speedups(recorded(table), "cupy", "numpy")[256] == pytest.approx(8.0)


def test_crossover_needs_a_lasting_win() -> None:
    table = {
        16: (1e-6, 2e-5),
        32: (5e-5, 2e-5),
        64: (1e-5, 2e-5),
        128: (9e-5, 2e-5),
        256: (4e-4, 3e-5),
    }
    assert crossover(recorded(table), "cupy", "numpy").size == 128


def test_no_crossover_and_always_faster() -> None:
    never = {16: (1e-6, 2e-5), 32: (2e-6, 2e-5)}
    assert crossover(recorded(never), "cupy", "numpy").size is None
    always = {16: (1e-4, 2e-5), 32: (2e-4, 2e-5)}
    result = crossover(recorded(always), "cupy", "numpy")
    assert result.size == 16 and result.always


@given(
    st.lists(st.floats(1e-6, 1.0), min_size=2, max_size=8),
    st.lists(st.floats(1e-6, 1.0), min_size=2, max_size=8),
)
def test_crossover_definition_holds_for_any_table(cpu: list[float], gpu: list[float]) -> None:
    n = min(len(cpu), len(gpu))
    table = {2 ** (4 + i): (cpu[i], gpu[i]) for i in range(n)}
    result = crossover(recorded(table), "cupy", "numpy")
    sizes = sorted(table)
    if result.size is None:
        assert table[sizes[-1]][1] >= table[sizes[-1]][0]
    else:
        assert all(table[s][1] < table[s][0] for s in sizes if s >= result.size)
        earlier = [s for s in sizes if s < result.size]
        if earlier:
            assert table[earlier[-1]][1] >= table[earlier[-1]][0]
        assert result.estimate is not None

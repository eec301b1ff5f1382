"""Grader benchmarks: one whole check of an exercise (100+ cases, process start included), the
sandboxed worker's start, the cost of a call through the worker, `trainer exercise check` as a
learner runs it (a whole process, over every reference and the catalogue of wrong submissions),
and a re-check in watch mode (from the save to the verdict).

Baselines measured in the same run: a bare `python -c "import numpy"` process (the floor for any
check that runs learner code in a fresh interpreter), and the same calls made in-process.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from benchmarks.timing import command_ms, entry, median_ms

if TYPE_CHECKING:
    from trainer.grading.verdict import Verdict

ROOT = Path(__file__).resolve().parents[1]
CHECK_MEDIAN_MS = 1000.0
CHECK_P95_MS = 2000.0


def _trainer_command() -> list[str]:
    """The installed `trainer` script beside this interpreter, else `python -m trainer`."""
    script = Path(sys.executable).with_name("trainer")
    return [str(script)] if script.exists() else [sys.executable, "-m", "trainer"]


def _percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def _submissions(folder: Path) -> list[tuple[str, str, Path]]:
    """(exercise, what it is, file): every reference, then every wrong catalogue entry."""
    from tests.grading.catalogue import WRONG
    from trainer.grading.catalog import exercise_ids, solution_path

    found = [(i, "reference", solution_path(i)) for i in exercise_ids()]
    for exercise_id, wrongs in sorted(WRONG.items()):
        for number, wrong in enumerate(wrongs):
            path = folder / exercise_id / f"{number}.py"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(wrong.source, encoding="utf-8")
            found.append((exercise_id, wrong.label, path))
    return found


def cli_checks(numpy_ms: float) -> list[dict[str, object]]:
    """`trainer exercise check ID --file F --json` from process start, one process per file.

    Recorded into a fresh SQLite file, as a learner's check is (the store's import is part of
    the cost); the first run creates the database and is not counted. Bytecode is written as an
    installed package has it (PYTHONDONTWRITEBYTECODE in a developer's shell would make every
    edited module compile again in every process).
    """
    with tempfile.TemporaryDirectory(prefix="trainer-bench-") as tmp:
        folder = Path(tmp)
        env = {**os.environ, "TRAINER_DB": f"sqlite:///{folder / 'bench.db'}"}
        env.pop("TRAINER_WORKSPACE", None)
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        base = [*_trainer_command(), "exercise", "check"]
        subprocess.run(
            [*base, "softmax", "--file", str(_submissions(folder)[0][2]), "--json"],
            capture_output=True,
            env=env,
            check=False,
        )
        times: list[tuple[float, str, str, str]] = []
        for exercise_id, what, path in _submissions(folder):
            started = time.perf_counter()
            done = subprocess.run(
                [*base, exercise_id, "--file", str(path), "--json"],
                capture_output=True,
                env=env,
                check=False,
            )
            elapsed = (time.perf_counter() - started) * 1000
            status = "passed" if done.returncode == 0 else "not passed"
            times.append((elapsed, exercise_id, what, status))
    every = [t for t, *_ in times]
    references = [t for t, _, what, _ in times if what == "reference"]
    wrong = [t for t, _, what, _ in times if what != "reference"]
    slowest = sorted(times, reverse=True)[:8]
    # gpu_timing's worker imports PyTorch (and the parent too, for the reference on tensors).
    without_torch = [t for t, exercise_id, *_ in times if exercise_id != "gpu_timing"]
    median, p95 = statistics.median(every), _percentile(every, 0.95)
    return [
        entry(
            "cli_check_from_process_start",
            median,
            numpy_ms,
            f"median < {CHECK_MEDIAN_MS:.0f} ms, p95 < {CHECK_P95_MS:.0f} ms",
            p95_ms=round(p95, 1),
            max_ms=round(max(every), 1),
            without_gpu_timing_median_ms=round(statistics.median(without_torch), 1),
            without_gpu_timing_p95_ms=round(_percentile(without_torch, 0.95), 1),
            met=median < CHECK_MEDIAN_MS and p95 < CHECK_P95_MS,
            checks=len(every),
            references=len(references),
            references_median_ms=round(statistics.median(references), 1),
            references_p95_ms=round(_percentile(references, 0.95), 1),
            wrong=len(wrong),
            wrong_median_ms=round(statistics.median(wrong), 1),
            wrong_p95_ms=round(_percentile(wrong, 0.95), 1),
            references_passed=sum(
                1 for _, _, what, status in times if what == "reference" and status == "passed"
            ),
            wrong_passed=sum(
                1 for _, _, what, status in times if what != "reference" and status == "passed"
            ),
            slowest=[f"{i}: {what} ({t:.0f} ms)" for t, i, what, _ in slowest],
            load=_load(),
            baseline="python -I -c 'import numpy' (whole process)",
        )
    ]


def _cold_watch(
    exercise_id: str,
    path: Path,
    on_checking: Callable[[], None],
    on_verdict: Callable[[Verdict], None],
    stop: threading.Event,
) -> None:
    """The watch loop without a spare worker or kept cases (a fresh worker and Hypothesis for
    every save, as before issue 16's re-check work): the baseline."""
    from trainer.grading.runner import check_file
    from trainer.grading.watch import INTERVAL_S, Saves, prepare, settled

    prepare(exercise_id)
    saves = Saves()
    first = True
    while not stop.is_set():
        if first or saves.saved():
            first = False
            if not settled(path, stop):
                break
            saves.mark(path)
            on_checking()
            on_verdict(check_file(exercise_id, path))
        stop.wait(INTERVAL_S)


def _recheck_times(
    loop: Callable[..., None], exercise_id: str, repeat: int
) -> tuple[list[float], list[float]]:
    """Milliseconds from each save to its verdict, and the worker's start within each."""
    from trainer.grading.catalog import solution_path
    from trainer.grading.watch import INTERVAL_S

    source = solution_path(exercise_id).read_text(encoding="utf-8")
    times: list[float] = []
    worker_start: list[float] = []
    with tempfile.TemporaryDirectory(prefix="trainer-bench-") as tmp:
        path = Path(tmp) / f"{exercise_id}.py"
        path.write_text(source, encoding="utf-8")
        verdicts: list[tuple[float, Verdict]] = []
        arrived = threading.Semaphore(0)
        stop = threading.Event()

        def record(verdict: Verdict) -> None:
            verdicts.append((time.perf_counter(), verdict))
            arrived.release()

        thread = threading.Thread(
            target=loop, args=(exercise_id, path, lambda: None, record, stop), daemon=True
        )
        thread.start()
        arrived.acquire(timeout=120)  # the first check, at start
        for number in range(repeat):
            time.sleep(INTERVAL_S * 1.5)
            saved = time.perf_counter()
            path.write_text(f"{source}\n# save {number}\n", encoding="utf-8")
            if not arrived.acquire(timeout=120):
                break
            done, verdict = verdicts[-1]
            assert verdict.passed, verdict.report()
            times.append((done - saved) * 1000)
            worker_start.append(verdict.timings["startup"])
        stop.set()
        thread.join(timeout=120)
    return times, worker_start


def watch_recheck(repeat: int = 15) -> list[dict[str, object]]:
    """A re-check in `trainer exercise watch`: from the save to the verdict, through the real
    watch loop (a spare worker started while it waits, the last passing check's cases replayed),
    the grader's imports, the exercise and its reference already warm. The baseline is the same
    loop with a fresh worker and Hypothesis's draws for every save, measured in the same run."""
    from trainer.grading.watch import INTERVAL_S, SETTLE_S, watch

    exercise_id = "softmax"
    load_before = _load()
    cold, cold_start = _recheck_times(_cold_watch, exercise_id, repeat)
    warm, warm_start = _recheck_times(watch, exercise_id, repeat)
    return [
        entry(
            "watch_recheck_softmax",
            statistics.median(warm),
            statistics.median(cold),
            "< 300 ms from the save to the verdict",
            saves=len(warm),
            max_ms=round(max(warm), 1),
            p90_ms=round(_percentile(warm, 0.9), 1),
            worker_start_ms=round(statistics.median(warm_start), 1),
            baseline_worker_start_ms=round(statistics.median(cold_start), 1),
            baseline_max_ms=round(max(cold), 1),
            poll_interval_ms=INTERVAL_S * 1000,
            settle_ms=SETTLE_S * 1000,
            load=f"before: {load_before}; after: {_load()}",
            baseline="the same loop with a fresh worker and Hypothesis for every save",
        )
    ]


def _load() -> str:
    """The load average when measured: the machine is shared, and figures move with it."""
    try:
        one, five, fifteen = os.getloadavg()
    except OSError:
        return "unknown"
    return f"{one:.2f} {five:.2f} {fifteen:.2f} (1, 5, 15 min) on {os.cpu_count()} CPUs"


def main() -> list[dict[str, object]]:
    from trainer.grading.catalog import exercise_ids, load_reference, solution_path
    from trainer.grading.runner import check_reference
    from trainer.grading.sandbox import Limits, Worker
    from trainer.grading.spec import call, program
    from trainer.grading.worker import run_program

    env = {**os.environ, "OPENBLAS_NUM_THREADS": "1"}
    numpy_ms = command_ms([sys.executable, "-I", "-c", "import numpy"], env=env)

    verdict = check_reference("softmax")
    assert verdict.passed, verdict.report()
    check_ms = median_ms(lambda: check_reference("softmax"), repeat=5)

    source = solution_path("softmax").read_text(encoding="utf-8")

    def start_and_stop() -> None:
        with Worker(source, "softmax.py", "softmax", Limits()) as worker:
            worker.start()

    start_ms = median_ms(start_and_stop, repeat=7)

    softmax = program(call("softmax", "x", save="y"), outputs=("y",)).as_data()
    calls = [(softmax, {"x": np.arange(float(i % 7 + 1))}) for i in range(100)]
    reference = load_reference("softmax")
    with Worker(source, "softmax.py", "softmax", Limits(wall_s=60)) as worker:
        worker.start()
        batched_ms = median_ms(lambda: list(worker.run(calls)), repeat=7)
        single_ms = median_ms(lambda: [list(worker.run([c])) for c in calls[:20]], repeat=5) / 20
    in_process_ms = median_ms(lambda: [run_program(reference, p, i) for p, i in calls], repeat=7)

    every = [check_reference(i) for i in exercise_ids()]
    total_cases = sum(v.cases for v in every)
    all_ms = sum(v.timings["total"] for v in every)
    return [
        entry(
            "check_softmax_reference",
            check_ms,
            numpy_ms,
            "< 2000 ms for 100+ cases, process start included",
            cases=verdict.cases,
            baseline="python -I -c 'import numpy' (whole process)",
        ),
        entry(
            "worker_start_sandboxed",
            start_ms,
            numpy_ms,
            "close to the bare interpreter + NumPy",
            baseline="python -I -c 'import numpy' (whole process)",
        ),
        entry(
            "worker_100_calls_batched",
            batched_ms,
            in_process_ms,
            "IPC overhead per call well under 1 ms",
            per_call_ms=round(batched_ms / 100, 3),
            single_round_trip_ms=round(single_ms, 3),
            baseline="the same 100 calls in-process",
        ),
        entry(
            "check_every_reference",
            all_ms,
            numpy_ms * len(every),
            "every reference passes; one fresh worker each",
            exercises=len(every),
            cases=total_cases,
            passed=sum(v.passed for v in every),
            baseline="one bare numpy process per exercise",
        ),
        *cli_checks(numpy_ms),
        *watch_recheck(),
    ]


if __name__ == "__main__":
    import json

    sys.path.insert(0, str(ROOT))
    print(json.dumps(main(), indent=2, ensure_ascii=False))

"""Grader benchmarks: one whole check of an exercise (100+ cases, process start included), the
sandboxed worker's start, and the cost of a call through the worker.

Baselines measured in the same run: a bare `python -c "import numpy"` process (the floor for any
check that runs learner code in a fresh interpreter), and the same calls made in-process.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import numpy as np

from benchmarks.timing import command_ms, entry, median_ms

ROOT = Path(__file__).resolve().parents[1]


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
    ]


if __name__ == "__main__":
    import json

    sys.path.insert(0, str(ROOT))
    print(json.dumps(main(), indent=2, ensure_ascii=False))

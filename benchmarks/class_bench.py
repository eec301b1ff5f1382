"""A class on one PostgreSQL server under load: 30 learners at once (separate processes), each
recording 200 reviews and 5 exercise submissions through their own connection.

Measured: the latency of recording a review (p50, p95 over all 6,000), against a baseline in the
same run: one learner alone on the same server. Also counted: rows lost (must be 0).

Twice: paced, each learner answering every THINK_S (0.25 s: twenty times faster than anyone
reads and answers an exam question, so 120 reviews a second reach the server), which is what
the p95 < 20 ms goal is about; and flat out, every learner answering back to back, a stress
figure: 30 busy processes on 2 cores each wait for the CPU about 15 times as long as they
use it, whatever the database does. The workers start answering together (a go file), after
all of them have imported Python and connected.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

if __package__ in (None, ""):  # run as a script: `python benchmarks/class_bench.py`
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.timing import entry

ROOT = Path(__file__).resolve().parents[1]
LEARNERS, REVIEWS = 30, 200
THINK_S = 0.25


def _run(url: str, names: list[str], think_s: float) -> list[float]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    start = Path(tempfile.mkdtemp(prefix="class-bench-"))
    command = [sys.executable, "-m", "tests.store.class_load", url]
    workers = [
        subprocess.Popen(
            [*command, name, str(REVIEWS), str(think_s), str(start)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        for name in names
    ]
    while len(list(start.glob("*.ready"))) < len(names):
        if any(worker.poll() is not None for worker in workers):
            break  # one failed before it was ready: its error is read below
        time.sleep(0.05)
    (start / "go").touch()
    latencies: list[float] = []
    for worker in workers:
        out, err = worker.communicate(timeout=900)
        if worker.returncode != 0:
            raise RuntimeError(err)
        latencies.extend(json.loads(out))
    return latencies


def _p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1]


def main() -> list[dict[str, object]]:
    from sqlalchemy import text

    from tests.pg_server import postgres_server
    from trainer.store.engine import make_engine
    from trainer.store.upgrade import ensure_schema

    with postgres_server() as server:
        engine = make_engine(server.url)
        ensure_schema(engine)
        alone = _run(server.url, ["solo"], THINK_S)
        paced = _run(server.url, [f"paced{n}" for n in range(LEARNERS)], THINK_S)
        alone_flat = _run(server.url, ["solo_flat"], 0.0)
        flat = _run(server.url, [f"flat{n}" for n in range(LEARNERS)], 0.0)
        with engine.connect() as sql:
            logged = sql.execute(text("SELECT count(*) FROM review_log")).scalar() or 0
            submitted = sql.execute(text("SELECT count(*) FROM exercise_submission")).scalar() or 0
        engine.dispose()
    runs = 2 * (LEARNERS + 1)
    lost = runs * REVIEWS - logged + runs * 5 - submitted
    shape = {"learners": LEARNERS, "reviews_each": REVIEWS, "rows_lost": lost}
    return [
        entry(
            "class_record_review_p50",
            statistics.median(paced),
            statistics.median(alone),
            f"p95 < 20 ms on a 2-core machine (below); p50 reported; each learner answers "
            f"every {THINK_S} s",
            **shape,
        ),
        entry("class_record_review_p95", _p95(paced), _p95(alone), "< 20 ms", **shape),
        entry(
            "class_record_review_flat_out_p50",
            statistics.median(flat),
            statistics.median(alone_flat),
            "stress figure, no goal: 30 learners answering back to back on 2 cores",
            **shape,
        ),
        entry(
            "class_record_review_flat_out_p95",
            _p95(flat),
            _p95(alone_flat),
            "stress figure, no goal",
            **shape,
        ),
    ]


if __name__ == "__main__":
    print(json.dumps(main(), indent=2))

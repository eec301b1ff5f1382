"""A class on one PostgreSQL server under load: 30 learners at once (separate processes), each
recording 200 reviews and 5 exercise submissions through their own connection.

Measured: the latency of recording a review (p50, p95 over all 6,000), against a baseline in the
same run: one learner alone on the same server. Also counted: rows lost (must be 0).
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

if __package__ in (None, ""):  # run as a script: `python benchmarks/class_bench.py`
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.timing import entry

ROOT = Path(__file__).resolve().parents[1]
LEARNERS, REVIEWS = 30, 200


def _run(url: str, names: list[str]) -> list[float]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    workers = [
        subprocess.Popen(
            [sys.executable, "-m", "tests.store.class_load", url, name, str(REVIEWS)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        for name in names
    ]
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
        alone = _run(server.url, ["solo"])
        together = _run(server.url, [f"learner{n}" for n in range(LEARNERS)])
        with engine.connect() as sql:
            logged = sql.execute(text("SELECT count(*) FROM review_log")).scalar() or 0
            submitted = sql.execute(text("SELECT count(*) FROM exercise_submission")).scalar() or 0
        engine.dispose()
    expected = (LEARNERS + 1) * REVIEWS
    lost = expected - logged + (LEARNERS + 1) * 5 - submitted
    return [
        entry(
            "class_record_review_p50",
            statistics.median(together),
            statistics.median(alone),
            "p95 < 20 ms on a 2-core machine (below); p50 reported",
            learners=LEARNERS,
            reviews_each=REVIEWS,
            rows_lost=lost,
        ),
        entry(
            "class_record_review_p95",
            _p95(together),
            _p95(alone),
            "< 20 ms",
            rows_lost=lost,
        ),
    ]


if __name__ == "__main__":
    print(json.dumps(main(), indent=2))

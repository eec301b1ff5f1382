"""One learner of a class, as a separate process:
`python -m tests.store.class_load URL NAME N [THINK_S [START_DIR]]` records N reviews and 5
exercise submissions through their own connection and prints the latency of each review in
milliseconds as JSON (used by the load test and `make bench`).

THINK_S: a pause before each answer (a learner reads and thinks; 0: answers back to back).
START_DIR: once connected, the worker writes START_DIR/NAME.ready and waits for START_DIR/go,
so that 30 of them start answering together, not while the others still import Python.
"""

from __future__ import annotations

import json
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from trainer.scheduling import Rating, Scheduler
from trainer.store.engine import make_engine
from trainer.store.repository import Answer, Store, Submission

T0 = datetime(2026, 6, 1, 9, tzinfo=UTC)
WAIT_S = 300  # for the go file at most


def _wait_for_go(start_dir: Path, name: str) -> None:
    (start_dir / f"{name}.ready").touch()
    deadline = time.monotonic() + WAIT_S
    while not (start_dir / "go").exists():
        if time.monotonic() > deadline:
            raise SystemExit(f"{name}: no go after {WAIT_S} s")
        time.sleep(0.01)


def main() -> None:
    url, name, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
    think = float(sys.argv[4]) if len(sys.argv) > 4 else 0.0
    engine = make_engine(url)
    store = Store(engine)
    scheduler = Scheduler()
    user = store.user_id(name)
    if len(sys.argv) > 5:
        _wait_for_go(Path(sys.argv[5]), name)
    latencies = []
    for n in range(count):
        if think:
            time.sleep(think)
        rating = Rating.AGAIN if n % 5 == 0 else Rating.GOOD
        answer = Answer(f"q{n % 40}", rating, "x", n % 5 != 0, 0, 5, T0 + timedelta(minutes=n))
        started = time.perf_counter()
        store.record_review(user, answer, scheduler)
        latencies.append((time.perf_counter() - started) * 1000)
    for n in range(5):
        store.record_submission(
            user, Submission(f"ex{n}", "pass", {"n": n}, 10, T0 + timedelta(hours=n))
        )
    engine.dispose()
    print(json.dumps(latencies))


if __name__ == "__main__":
    main()

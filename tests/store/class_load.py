"""One learner of a class, as a separate process: `python -m tests.store.class_load URL NAME N`
records N reviews and 5 exercise submissions through their own connection and prints the
latency of each review in milliseconds as JSON (used by the load test and `make bench`)."""

from __future__ import annotations

import json
import sys
import time
from datetime import UTC, datetime, timedelta

from trainer.scheduling import Rating, Scheduler
from trainer.store.engine import make_engine
from trainer.store.repository import Answer, Store, Submission

T0 = datetime(2026, 6, 1, 9, tzinfo=UTC)


def main() -> None:
    url, name, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
    engine = make_engine(url)
    store = Store(engine)
    scheduler = Scheduler()
    user = store.user_id(name)
    latencies = []
    for n in range(count):
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

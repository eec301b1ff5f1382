"""Store benchmarks on a SQLite file with 5,000 cards and 500,000 review logs.

Measured: building today's queue, the due counts per topic, and recording one review. Each has a
baseline run in the same process on the same file: the plain `sqlite3` query (or write) doing the
same database work, so the ratio is what SQLAlchemy, the scheduler and our code add on top.
"""

from __future__ import annotations

import json
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

if __package__ in (None, ""):  # run as a script: `python benchmarks/store_bench.py`
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.timing import entry, median_ms

CARDS = 5_000
REVIEWS_PER_CARD = 100  # 500,000 review logs
TOPICS = 60
UNSEEN = 500  # bank questions never studied, so the queue also draws new ones
RECORDS = 300
SQLITE_TIME = "%Y-%m-%d %H:%M:%S.%f"


def _fill(path: Path, now: datetime) -> list[str]:
    """The schema made by the app, then rows bulk-inserted with plain sqlite3 (seconds)."""
    from trainer.store.engine import make_engine
    from trainer.store.upgrade import ensure_schema

    engine = make_engine(f"sqlite:///{path}")
    ensure_schema(engine)
    engine.dispose()
    rng = random.Random(42)
    naive_now = now.replace(tzinfo=None)
    question_ids = [f"bench.q{n:05d}" for n in range(CARDS + UNSEEN)]
    connection = sqlite3.connect(path, isolation_level=None)
    connection.execute("PRAGMA synchronous = OFF")
    connection.execute("BEGIN")
    connection.execute(
        "INSERT INTO user (id, name, created_at) VALUES (1, 'bench', ?)",
        ((naive_now - timedelta(days=400)).strftime(SQLITE_TIME),),
    )
    cards = []
    for card_id in range(1, CARDS + 1):
        last = naive_now - timedelta(days=rng.uniform(0, 60))
        due = last + timedelta(days=rng.uniform(0.5, 120))
        first = naive_now - timedelta(days=rng.uniform(60, 400))
        cards.append(
            (card_id, 1, question_ids[card_id - 1], 2, None, rng.uniform(1, 200),
             rng.uniform(1, 10), due.strftime(SQLITE_TIME), last.strftime(SQLITE_TIME),
             first.strftime(SQLITE_TIME), REVIEWS_PER_CARD, rng.randint(0, 6),
             int(rng.random() < 0.01))
        )  # fmt: skip
    connection.executemany(
        "INSERT INTO card (id, user_id, question_id, state, step, stability, difficulty, due,"
        " last_review, first_review, reps, lapses, suspended)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        cards,
    )
    start = naive_now - timedelta(days=400)
    last_day: dict[int, date] = {}

    def days_since(card_id: int, at: datetime) -> int | None:
        previous, last_day[card_id] = last_day.get(card_id), at.date()
        return None if previous is None else (at.date() - previous).days

    connection.executemany(
        "INSERT INTO review_log (card_id, rating, answer, correct, seed, duration_ms, reviewed_at,"
        " elapsed_days) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (
            (card_id, rating, "0.25", rating > 1, n, 5000, at.strftime(SQLITE_TIME),
             days_since(card_id, at))
            for n in range(CARDS * REVIEWS_PER_CARD)
            for card_id, rating, at in [(1 + n % CARDS, 1 + n % 4, start + timedelta(minutes=n))]
        ),
    )  # fmt: skip
    connection.execute("COMMIT")
    connection.close()
    _tally(path)
    return question_ids


def _tally(path: Path) -> None:
    """The report tallies the store keeps as reviews are recorded, counted from the bulk-inserted
    log by the store's own `recount`, then the WAL folded into the file."""
    from trainer.store.engine import make_engine
    from trainer.store.repository import Store
    from trainer.store.tally import recount

    store = Store(make_engine(f"sqlite:///{path}"))
    try:
        with store.writing() as session:
            recount(session)
        with store.engine.connect() as connection:
            connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        store.close()


def _median_each(function: Callable[[int], object], count: int) -> float:
    """Median over `count` single calls (for writes, each call is one review)."""
    times = []
    for n in range(count):
        start = time.perf_counter()
        function(n)
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> list[dict[str, object]]:
    from trainer.scheduling import QuestionInfo, Rating, Scheduler, build_queue
    from trainer.scheduling.queue import day_start
    from trainer.store.engine import make_engine
    from trainer.store.repository import Answer, Store

    now = datetime.now(UTC).replace(microsecond=0)
    with tempfile.TemporaryDirectory(prefix="trainer-bench-") as folder:
        path = Path(folder) / "bench.db"
        started = time.perf_counter()
        question_ids = _fill(path, now)
        fill_s = time.perf_counter() - started
        topics = {qid: f"topic/t{n % TOPICS:02d}" for n, qid in enumerate(question_ids)}
        questions = [QuestionInfo(qid, topic) for qid, topic in topics.items()]
        store = Store(make_engine(f"sqlite:///{path}"))
        plain = sqlite3.connect(path, isolation_level=None)
        plain.execute("PRAGMA busy_timeout = 15000")
        plain.execute(
            "PRAGMA synchronous = NORMAL"
        )  # as the app's connections (WAL is in the file)
        naive_now = now.replace(tzinfo=None).strftime(SQLITE_TIME)
        try:
            user = store.user_id("bench")

            def queue() -> object:
                return build_queue(
                    store.card_infos(user, due_by=now),
                    questions,
                    now,
                    new_today=store.new_cards_since(user, day_start(now)),
                )

            def queue_baseline() -> object:  # the same three queries, rows fetched, nothing else
                plain.execute(
                    "SELECT count(*) FROM card WHERE user_id = ? AND first_review >= ?",
                    (user, naive_now),
                ).fetchall()
                plain.execute(
                    "SELECT question_id, due FROM card WHERE user_id = ? AND due <= ?",
                    (user, naive_now),
                ).fetchall()
                return plain.execute(
                    "SELECT question_id, reps, suspended FROM card WHERE user_id = ?", (user,)
                ).fetchall()

            size = len(build_queue(store.card_infos(user, due_by=now), questions, now))
            queue_ms = median_ms(queue, repeat=15)
            queue_base = median_ms(queue_baseline, repeat=15)

            def counts() -> object:
                return store.due_counts(user, topics, now)

            def counts_baseline() -> object:  # the same query, rows fetched, nothing else
                return plain.execute(
                    "SELECT question_id, suspended, CASE WHEN due <= ? THEN 1 ELSE 0 END"
                    " FROM card WHERE user_id = ? AND reps > 0",
                    (naive_now, user),
                ).fetchall()

            counts_ms = median_ms(counts, repeat=15)
            counts_base = median_ms(counts_baseline, repeat=15)

            scheduler = Scheduler()
            rng = random.Random(7)
            picks = [question_ids[rng.randrange(CARDS)] for _ in range(RECORDS)]

            def record(n: int) -> object:
                return store.record_review(
                    user,
                    Answer(picks[n], Rating.GOOD, "0.25", True, n, 4000, now + timedelta(days=1)),
                    scheduler,
                )

            def record_baseline(n: int) -> None:
                at = (now + timedelta(days=1)).replace(tzinfo=None).strftime(SQLITE_TIME)
                plain.execute("BEGIN IMMEDIATE")
                card_id = plain.execute(
                    "SELECT id FROM card WHERE user_id = ? AND question_id = ?", (user, picks[n])
                ).fetchone()[0]
                plain.execute(
                    "UPDATE card SET stability = ?, difficulty = ?, due = ?, last_review = ?,"
                    " reps = reps + 1 WHERE id = ?",
                    (10.0, 5.0, at, at, card_id),
                )
                plain.execute(
                    "INSERT INTO review_log (card_id, rating, answer, correct, seed, duration_ms,"
                    " reviewed_at) VALUES (?, 3, '0.25', 1, ?, 4000, ?)",
                    (card_id, n, at),
                )
                plain.execute("COMMIT")

            record(0)  # warm up the statement caches
            record_ms = _median_each(record, RECORDS)
            record_base = _median_each(record_baseline, RECORDS)
            reviews = plain.execute("SELECT count(*) FROM review_log").fetchone()[0]
        finally:
            plain.close()
            store.close()
    shared = {"cards": CARDS, "review_logs": reviews, "fill_s": round(fill_s, 1)}
    return [
        entry("store_build_today_queue", queue_ms, queue_base, "< 50 ms", queue=size, **shared),
        entry("store_due_counts_per_topic", counts_ms, counts_base, "< 50 ms", topics=TOPICS),
        entry("store_record_one_review", record_ms, record_base, "< 5 ms median", n=RECORDS),
    ]


if __name__ == "__main__":
    print(json.dumps(main(), indent=2))

"""Many learners at once on one PostgreSQL server, and the server restarted mid-session
(issue 18, "Load and faults"); `make bench` runs the full 30 learners × 200 reviews."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import Engine, text

from tests.conftest import empty_pg
from tests.pg_server import Server
from trainer.scheduling import Rating, Scheduler
from trainer.store.engine import make_engine
from trainer.store.repository import Answer, Store

ROOT = Path(__file__).resolve().parents[2]
LEARNERS, REVIEWS = 10, 40


def test_learners_at_once_lose_nothing(pg_engine: Engine, pg_url: str) -> None:
    empty_pg(pg_engine)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    workers = [
        subprocess.Popen(
            [sys.executable, "-m", "tests.store.class_load", pg_url, f"l{n}", str(REVIEWS)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        for n in range(LEARNERS)
    ]
    for worker in workers:
        out, err = worker.communicate(timeout=300)
        assert worker.returncode == 0, err
        assert len(json.loads(out)) == REVIEWS
    with pg_engine.connect() as sql:
        assert sql.execute(text('SELECT count(*) FROM "user"')).scalar() == LEARNERS
        assert sql.execute(text("SELECT count(*) FROM review_log")).scalar() == LEARNERS * REVIEWS
        reps = sql.execute(text("SELECT sum(reps) FROM card")).scalar()
        assert reps == LEARNERS * REVIEWS  # no lost update
        count = sql.execute(text("SELECT count(*) FROM exercise_submission")).scalar()
        assert count == LEARNERS * 5


def test_an_answer_after_a_server_restart_is_saved(pg_server: Server, pg_engine: Engine) -> None:
    empty_pg(pg_engine)
    engine = make_engine(pg_server.url)
    store = Store(engine)
    user = store.user_id("kai")
    at = datetime(2026, 6, 1, 9, tzinfo=UTC)
    store.record_review(user, Answer("q1", Rating.GOOD, "x", True, 0, 5, at), Scheduler())
    pg_server.restart()  # the pooled connection is dead now
    later = at + timedelta(minutes=10)
    store.record_review(user, Answer("q1", Rating.GOOD, "x", True, 0, 5, later), Scheduler())
    assert len(store.user_reviews(user)) == 2
    engine.dispose()

"""The same store on PostgreSQL 15 (a class sharing one server), on a server the tests start
(tests/pg_server.py; TRAINER_TEST_PG_URL names one of your own instead, whose database is
emptied: every revision is downgraded first). Needs the `postgres` extra, which make test installs.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from alembic import command
from sqlalchemy import Engine

from tests.conftest import fresh_database
from tests.store.test_migrations import _tallies_and_elapsed_days, record_around_midnights
from trainer.scheduling import Rating, Scheduler
from trainer.store.engine import make_engine
from trainer.store.repository import Answer, Store, TopicCounts
from trainer.store.upgrade import (
    alembic_config,
    current_revision,
    ensure_schema,
    head_revision,
    migrate,
)


@pytest.fixture
def pg(pg_url: str) -> Iterator[Engine]:
    engine = make_engine(fresh_database(pg_url))
    migrate(engine, "base", down=True)
    yield engine
    migrate(engine, "base", down=True)
    engine.dispose()


def test_migrations_models_and_queries_on_postgresql(pg: Engine) -> None:
    migrate(pg, "0001")
    assert current_revision(pg) == "0001"
    assert ensure_schema(pg) == head_revision()
    config = alembic_config()
    with pg.connect() as connection:
        config.attributes["connection"] = connection
        command.check(config)
    store = Store(pg)
    user = store.user_id("ann")
    assert store.user_id("ann") == user
    scheduler, now = Scheduler(), datetime(2026, 5, 1, 9, tzinfo=UTC)
    for n in range(9):
        rating = Rating.AGAIN if n % 4 == 0 else Rating.GOOD
        at = now + timedelta(days=n)
        store.record_review(user, Answer(f"q{n % 3}", rating, "x", n % 4 != 0, n, 5, at), scheduler)
    state = store.card_state(user, "q0")
    assert state is not None and state.due is not None and state.due.tzinfo is UTC
    log = store.reviews(state.card_id)
    assert scheduler.replay(state.card_id, [r.event() for r in log]) == state
    counts = store.due_counts(
        user, {"q0": "t/a", "q1": "t/a", "q9": "t/b"}, now + timedelta(days=60)
    )
    assert counts == {"t/a": TopicCounts(due=2), "t/b": TopicCounts(new=1)}
    assert store.new_cards_since(user, now) == 3


def test_the_backfill_gives_what_recording_gives_on_postgresql(pg: Engine) -> None:
    ensure_schema(pg)
    record_around_midnights(Store(pg))
    recorded = _tallies_and_elapsed_days(pg)
    assert recorded[0] and any(days for _, days in recorded[1])
    migrate(pg, "0003", down=True)
    migrate(pg, "head")
    assert _tallies_and_elapsed_days(pg) == recorded

"""A class on one PostgreSQL server (issue 18): learners are kept apart by row-level security,
tested with raw SQL through a learner's own connection."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from sqlalchemy import Engine, text
from sqlalchemy.exc import DBAPIError

from tests.conftest import fresh_database
from trainer.scheduling import Rating, Scheduler
from trainer.store.classroom import (
    ClassError,
    add_learner,
    init_class,
    learner_role,
    learner_url,
    list_learners,
    remove_learner,
)
from trainer.store.engine import make_engine
from trainer.store.repository import Answer, Store

T0 = datetime(2026, 6, 1, 9, tzinfo=UTC)


@pytest.fixture
def instructor(pg_url: str) -> Iterator[Engine]:
    """A database of its own for each test (roles are the server's, so names are unique)."""
    engine = make_engine(fresh_database(pg_url))
    init_class(engine)
    yield engine
    engine.dispose()


def _learner(instructor: Engine, name: str) -> Engine:
    password = add_learner(instructor, name)
    url = learner_url(instructor.url.render_as_string(hide_password=False), name, password)
    return make_engine(url)


def _study(engine: Engine, name: str) -> int:
    store = Store(engine)
    user = store.user_id(name)
    store.record_review(user, Answer("q1", Rating.GOOD, "x", True, 1, 5, T0), Scheduler())
    return user


def test_a_learner_reads_and_changes_only_their_own_rows(instructor: Engine) -> None:
    suffix = uuid.uuid4().hex[:6]
    ann_name, bob_name = f"ann_{suffix}", f"bob_{suffix}"
    ann, bob = _learner(instructor, ann_name), _learner(instructor, bob_name)
    try:
        ann_id, bob_id = _study(ann, ann_name), _study(bob, bob_name)
        assert learner_role(ann) == ann_name and learner_role(instructor) is None
        with ann.begin() as sql:
            assert sql.execute(text('SELECT name FROM "user"')).scalars().all() == [ann_name]
            assert set(sql.execute(text("SELECT user_id FROM card")).scalars()) == {ann_id}
            assert sql.execute(text("SELECT count(*) FROM review_log")).scalar() == 1
            changed = sql.execute(
                text("UPDATE card SET lapses = 99 WHERE user_id = :b"), {"b": bob_id}
            )
            assert changed.rowcount == 0
            gone = sql.execute(text("DELETE FROM card WHERE user_id = :b"), {"b": bob_id})
            assert gone.rowcount == 0
            assert sql.execute(text("DELETE FROM review_log")).rowcount == 1  # only their own
        for forged in (
            "INSERT INTO card (user_id, question_id, state, step, reps, lapses) "
            "VALUES (:b, 'q9', 0, 0, 0, 0)",
            "INSERT INTO \"user\" (name, created_at) VALUES ('someone_else', now())",
            "UPDATE card SET user_id = :b",
        ):
            with pytest.raises(DBAPIError, match=r"row-level security"), ann.begin() as sql:
                sql.execute(text(forged), {"b": bob_id})
        with instructor.connect() as sql:  # the instructor reads everyone
            assert sql.execute(text("SELECT count(*) FROM card")).scalar() == 2
            assert sql.execute(text("SELECT count(*) FROM review_log")).scalar() == 1
            lapses = sql.execute(text("SELECT lapses FROM card WHERE user_id = :b"), {"b": bob_id})
            assert lapses.scalar() == 0
    finally:
        ann.dispose()
        bob.dispose()


def test_learners_are_listed_and_removed(instructor: Engine) -> None:
    name = f"cy_{uuid.uuid4().hex[:6]}"
    engine = _learner(instructor, name)
    try:
        _study(engine, name)
    finally:
        engine.dispose()
    listed = {learner.name: learner for learner in list_learners(instructor)}
    assert listed[name].reviews == 1 and listed[name].last_review is not None
    with pytest.raises(ClassError, match="already exists"):
        add_learner(instructor, name)
    remove_learner(instructor, name, keep_rows=True)
    assert name not in {learner.name for learner in list_learners(instructor)}
    with instructor.connect() as sql:  # the progress stays for the report
        count = sql.execute(text('SELECT count(*) FROM "user" WHERE name = :n'), {"n": name})
        assert count.scalar() == 1


@pytest.mark.parametrize("name", ["Ann", "1ann", "ann-b", "a" * 41, 'x"; DROP TABLE card; --'])
def test_a_learner_name_is_a_plain_identifier(instructor: Engine, name: str) -> None:
    with pytest.raises(ClassError, match="cannot be a learner's name"):
        add_learner(instructor, name)


def test_a_class_needs_postgresql(tmp_path: object) -> None:
    engine = make_engine("sqlite://")
    with pytest.raises(ClassError, match="PostgreSQL"):
        init_class(engine)

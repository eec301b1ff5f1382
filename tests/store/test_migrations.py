"""Migrations keep every review, agree with the models, and refuse what they must not touch."""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine, select, text

from tests.conftest import modules_after
from trainer.scheduling import Rating, Scheduler
from trainer.store.engine import make_engine
from trainer.store.models_reports import ReviewTally
from trainer.store.repository import Answer, Store
from trainer.store.tally import quarter_start
from trainer.store.upgrade import (
    HEAD,
    current_revision,
    ensure_schema,
    head_revision,
    migrate,
)

USERS = [(1, "ann"), (2, "ben")]
CARDS = [  # id, user, question, state, step, stability, difficulty, due, last, first, reps, lapses
    (
        1,
        1,
        "q.a",
        2,
        None,
        12.5,
        4.25,
        "2026-02-01 09:00:00.000000",
        "2026-01-20 09:00:00.000000",
        "2026-01-01 09:00:00.000000",
        4,
        1,
    ),
    (
        2,
        1,
        "q.b",
        1,
        1,
        2.3,
        5.0,
        "2026-01-20 09:10:00.000000",
        "2026-01-20 09:00:00.000000",
        "2026-01-20 09:00:00.000000",
        1,
        0,
    ),
    (
        3,
        2,
        "q.a",
        3,
        0,
        0.9,
        7.5,
        "2026-01-21 09:10:00.000000",
        "2026-01-21 09:00:00.000000",
        "2026-01-02 09:00:00.000000",
        6,
        2,
    ),
]


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def old_db(tmp_path: Path) -> Iterator[tuple[Path, Engine]]:
    """A database made by the first migration only, with users, cards and 300 reviews."""
    path = tmp_path / "old.db"
    engine = make_engine(f"sqlite:///{path}")
    migrate(engine, "0001")
    with engine.begin() as connection:
        connection.execute(
            text("INSERT INTO user (id, name, created_at) VALUES (:id, :name, :at)"),
            [{"id": i, "name": n, "at": "2026-01-01 00:00:00.000000"} for i, n in USERS],
        )
        connection.execute(
            text(
                "INSERT INTO card (id, user_id, question_id, state, step, stability, difficulty,"
                " due, last_review, first_review, reps, lapses) VALUES"
                " (:i, :u, :q, :s, :st, :sb, :d, :due, :last, :first, :reps, :lapses)"
            ),
            [
                dict(
                    zip(
                        (
                            "i",
                            "u",
                            "q",
                            "s",
                            "st",
                            "sb",
                            "d",
                            "due",
                            "last",
                            "first",
                            "reps",
                            "lapses",
                        ),
                        row,
                        strict=True,
                    )
                )
                for row in CARDS
            ],
        )
        connection.execute(
            text(
                "INSERT INTO review_log (card_id, rating, answer, correct, seed, duration_ms,"
                " reviewed_at) VALUES (:c, :r, :a, :ok, :seed, :ms, :at)"
            ),
            [
                {
                    "c": 1 + n % 3,
                    "r": 1 + n % 4,
                    "a": f"answer {n} 答え",
                    "ok": n % 4 != 0,
                    "seed": n * 7919,
                    "ms": 1000 + n,
                    "at": f"2026-01-{1 + n % 28:02d} 10:{n % 60:02d}:00.{n:06d}",
                }
                for n in range(300)
            ],
        )
    yield path, engine
    engine.dispose()


def _rows(path: Path, query: str) -> list[tuple[object, ...]]:
    connection = sqlite3.connect(path)
    try:
        return connection.execute(query).fetchall()
    finally:
        connection.close()


def test_upgrading_a_filled_first_schema_database_loses_nothing(
    old_db: tuple[Path, Engine],
) -> None:
    path, engine = old_db
    reviews = _rows(path, "SELECT * FROM review_log ORDER BY id")
    cards = _rows(path, "SELECT * FROM card ORDER BY id")
    users = _rows(path, "SELECT * FROM user ORDER BY id")
    assert current_revision(engine) == "0001" and len(reviews) == 300

    assert ensure_schema(engine) == head_revision() == "0004"

    original = "id, card_id, rating, answer, correct, seed, duration_ms, reviewed_at"
    assert _rows(path, f"SELECT {original} FROM review_log ORDER BY id") == reviews
    assert _rows(path, "SELECT * FROM user ORDER BY id") == users
    columns = "id, user_id, question_id, state, step, stability, difficulty, due, last_review, "
    columns += "first_review, reps, lapses"
    assert _rows(path, f"SELECT {columns} FROM card ORDER BY id") == cards
    assert _rows(path, "SELECT DISTINCT suspended FROM card") == [(0,)]
    assert _rows(path, "PRAGMA foreign_keys") == [(0,)]  # a plain connection: default off
    with engine.connect() as connection:  # but ours are back on after the migration
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    backup = path.with_name("old.db.before-0004")
    assert _rows(backup, "SELECT * FROM review_log ORDER BY id") == reviews


def _expected_elapsed_days(reviews: list[tuple[object, ...]]) -> dict[object, int | None]:
    """Days between each review's UTC date and its card's previous review's, computed here."""
    previous: dict[object, date] = {}
    elapsed: dict[object, int | None] = {}
    for review_id, card_id, *_, reviewed_at in sorted(reviews, key=lambda r: (r[1], r[-1], r[0])):
        day = date.fromisoformat(str(reviewed_at)[:10])
        before = previous.get(card_id)
        elapsed[review_id] = None if before is None else (day - before).days
        previous[card_id] = day
    return elapsed


def test_the_upgrade_backfills_the_days_since_each_cards_previous_review(
    old_db: tuple[Path, Engine],
) -> None:
    path, engine = old_db
    reviews = _rows(path, "SELECT * FROM review_log ORDER BY id")
    expected = _expected_elapsed_days(reviews)
    assert sum(v is None for v in expected.values()) == 3  # one first review per card
    assert any(v == 0 for v in expected.values()) and any(v for v in expected.values())

    ensure_schema(engine)

    assert dict(_rows(path, "SELECT id, elapsed_days FROM review_log")) == expected


def test_the_upgrade_tallies_every_review_where_new_reviews_will_be_counted(
    old_db: tuple[Path, Engine],
) -> None:
    path, engine = old_db
    owner = dict(_rows(path, "SELECT id, user_id FROM card"))
    reviews = _rows(path, "SELECT * FROM review_log ORDER BY id")
    elapsed = _expected_elapsed_days(reviews)
    tally: dict[tuple[int, datetime], list[int]] = {}
    for review_id, card_id, rating, _, correct, _, _, reviewed_at in reviews:
        at = datetime.fromisoformat(str(reviewed_at)).replace(tzinfo=UTC)
        interday = (elapsed[review_id] or 0) > 0
        cell = tally.setdefault((owner[card_id], quarter_start(at)), [0, 0, 0, 0])
        for n, counts in enumerate((True, correct, interday, interday and rating > 1)):
            cell[n] += bool(counts)
    assert any(cell[2] for cell in tally.values()) and any(cell[3] for cell in tally.values())

    ensure_schema(engine)

    store = Store(engine)
    with store.reading() as session:
        stored = {
            (row.user_id, row.starts_at): [
                row.reviews,
                row.correct,
                row.interday,
                row.interday_passed,
            ]
            for row in session.scalars(select(ReviewTally))
        }
    assert stored == tally
    # A review recorded now lands in the backfilled row of its quarter hour, not in a new one.
    user_id, starts_at = min(tally)
    question = "q.a" if user_id == 1 else "q.b"
    at = starts_at + timedelta(minutes=14, seconds=59)
    store.record_review(user_id, Answer(question, Rating.GOOD, "x", True, 1, None, at), Scheduler())
    rows = _rows(path, f"SELECT count(*) FROM review_tally WHERE user_id = {user_id}")
    assert rows == [(len([key for key in tally if key[0] == user_id]),)]
    with store.reading() as session:
        row = session.get(ReviewTally, (user_id, starts_at))
        assert row is not None
        assert [row.reviews, row.correct] == [n + 1 for n in tally[user_id, starts_at][:2]]


def test_the_head_known_without_alembic_is_alembics_head() -> None:
    assert head_revision() == HEAD


def test_opening_an_up_to_date_database_does_not_import_alembic(db_path: Path) -> None:
    code = (
        "from trainer.store.engine import make_engine\n"
        "from trainer.store.upgrade import ensure_schema\n"
        f"engine = make_engine('sqlite:///{db_path}')\n"
        "print(ensure_schema(engine))\n"
    )
    first = modules_after(code)  # creates the database: alembic runs the migrations
    assert "alembic" in first
    again = modules_after(code)
    assert not any(name == "alembic" or name.startswith("alembic.") for name in again)

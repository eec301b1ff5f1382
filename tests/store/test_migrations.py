"""Migrations keep every review, agree with the models, and refuse what they must not touch."""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine, inspect, select, text

from tests.conftest import fresh_database, modules_after
from trainer.scheduling import Rating, Scheduler
from trainer.store.engine import make_engine
from trainer.store.errors import MigrationError, NotADatabaseError, SchemaTooNewError
from trainer.store.models import Base
from trainer.store.models_reports import ReviewTally
from trainer.store.repository import Answer, Store
from trainer.store.tally import quarter_start
from trainer.store.upgrade import (
    HEAD,
    alembic_config,
    current_revision,
    ensure_schema,
    head_revision,
    inspect_schema,
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


def fill_first_schema(engine: Engine) -> None:
    """Users, cards and 300 reviews, in the tables of the first migration (either backend)."""
    with engine.begin() as connection:
        connection.execute(
            text('INSERT INTO "user" (id, name, created_at) VALUES (:id, :name, :at)'),
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


# SQLite by nature, the tests on this fixture: its batch rebuild with foreign keys off, PRAGMAs,
# the .before-* backup file. Their PostgreSQL counterpart: ..._loses_nothing_on_postgresql below.
@pytest.fixture
def old_db(tmp_path: Path) -> Iterator[tuple[Path, Engine]]:
    """A database made by the first migration only, with users, cards and 300 reviews."""
    path = tmp_path / "old.db"
    engine = make_engine(f"sqlite:///{path}")
    migrate(engine, "0001")
    fill_first_schema(engine)
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

    assert ensure_schema(engine) == head_revision() == "0006"

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
    backup = path.with_name("old.db.before-0006")
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


def test_the_trap_is_real_a_batch_rebuild_with_foreign_keys_on_wipes_children(
    old_db: tuple[Path, Engine],
) -> None:
    """What `migrate` prevents: the same upgrade on a plain connection (foreign keys on)."""
    path, engine = old_db
    config = alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
    assert _rows(path, "SELECT count(*) FROM card") == [(3,)]
    assert _rows(path, "SELECT count(*) FROM review_log") == [(0,)]  # silently cascaded away


def test_a_migration_leaving_dangling_rows_is_rolled_back(old_db: tuple[Path, Engine]) -> None:
    path, engine = old_db
    raw = sqlite3.connect(path, isolation_level=None)
    raw.execute(  # an orphan (foreign keys are off on a plain connection)
        "INSERT INTO review_log (card_id, rating, answer, correct, seed, reviewed_at)"
        " VALUES (99, 1, 'x', 0, 1, '2026-01-01 00:00:00.000000')"
    )
    raw.close()
    before = _rows(path, "SELECT * FROM card ORDER BY id")
    with pytest.raises(MigrationError, match="rolled back"):
        ensure_schema(engine)
    assert current_revision(engine) == "0001"
    assert _rows(path, "SELECT * FROM card ORDER BY id") == before
    assert "suspended" not in {row[1] for row in _rows(path, "PRAGMA table_info(card)")}


def test_models_and_migrations_agree(any_engine: Engine) -> None:
    config = alembic_config()
    with any_engine.connect() as connection:
        config.attributes["connection"] = connection
        command.check(config)  # raises AutogenerateDiffsDetected on any difference
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, Base.metadata) == []


def test_every_revision_downgrades_and_upgrades_again(any_engine: Engine) -> None:
    migrate(any_engine, "base", down=True)
    assert current_revision(any_engine) is None
    migrate(any_engine, "head")
    assert current_revision(any_engine) == head_revision()


def test_a_newer_schema_is_refused_and_left_alone(engine: Engine, db_path: Path) -> None:
    with engine.begin() as connection:
        connection.exec_driver_sql("UPDATE alembic_version SET version_num = '0099'")
    engine.dispose()
    digest = _digest(db_path)
    with pytest.raises(SchemaTooNewError, match="newer version of trainer"):
        ensure_schema(make_engine(f"sqlite:///{db_path}"))
    assert _digest(db_path) == digest


def test_a_newer_schema_is_refused_and_left_alone_on_postgresql(pg_url: str) -> None:
    url = fresh_database(pg_url)
    engine = make_engine(url)
    ensure_schema(engine)
    with engine.begin() as connection:
        connection.exec_driver_sql("UPDATE alembic_version SET version_num = '0099'")
    tables = set(inspect(engine).get_table_names())
    with pytest.raises(SchemaTooNewError, match="newer version of trainer"):
        ensure_schema(make_engine(url))
    with engine.connect() as connection:
        version = connection.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()
    assert version == "0099" and set(inspect(engine).get_table_names()) == tables
    engine.dispose()


def test_upgrading_a_filled_first_schema_database_loses_nothing_on_postgresql(
    pg_url: str,
) -> None:
    """The SQLite tests above, on a server: every row kept, the days between reviews and the
    tallies backfilled as computed here. (Foreign keys, the batch rebuild and the backup file
    before it are SQLite's alone, so their tests stay SQLite-only.)"""
    engine = make_engine(fresh_database(pg_url))
    migrate(engine, "0001")
    fill_first_schema(engine)
    original = "id, card_id, rating, answer, correct, seed, duration_ms, reviewed_at"
    columns = "id, user_id, question_id, state, step, stability, difficulty, due, last_review, "
    columns += "first_review, reps, lapses"

    def rows(query: str) -> list[tuple[object, ...]]:
        with engine.connect() as connection:
            return [tuple(row) for row in connection.execute(text(query))]

    reviews = rows(f"SELECT {original} FROM review_log ORDER BY id")
    cards = rows(f"SELECT {columns} FROM card ORDER BY id")
    users = rows('SELECT * FROM "user" ORDER BY id')
    owner = dict(rows("SELECT id, user_id FROM card"))
    as_text = [(r[0], r[1], *r[2:-1], str(r[-1])) for r in reviews]
    expected = _expected_elapsed_days(as_text)

    assert ensure_schema(engine) == head_revision()

    assert rows(f"SELECT {original} FROM review_log ORDER BY id") == reviews
    assert rows(f"SELECT {columns} FROM card ORDER BY id") == cards
    assert rows('SELECT id, name, created_at FROM "user" ORDER BY id') == users
    assert dict(rows("SELECT id, elapsed_days FROM review_log")) == expected
    counted = rows("SELECT user_id, sum(reviews), sum(correct) FROM review_tally GROUP BY user_id")
    per_user = {
        user: (
            sum(owner[r[1]] == user for r in reviews),
            sum(owner[r[1]] == user and r[4] for r in reviews),
        )
        for user in owner.values()
    }
    assert {user: (int(n), int(ok)) for user, n, ok in counted} == per_user
    engine.dispose()


@pytest.mark.parametrize(
    "content",
    [b"just some text, certainly not SQLite\n" * 200, b"SQLite format 3\x00" + b"\xff" * 4000],
)
def test_a_file_that_is_not_a_database_is_refused_and_left_alone(
    tmp_path: Path, content: bytes
) -> None:
    path = tmp_path / "notes.db"
    path.write_bytes(content)
    with pytest.raises(NotADatabaseError, match=r"notes\.db"):
        ensure_schema(make_engine(f"sqlite:///{path}"))
    assert path.read_bytes() == content
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.db"]


def test_someone_elses_sqlite_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    connection = sqlite3.connect(path)
    connection.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY)")
    connection.commit()
    connection.close()
    digest = _digest(path)
    with pytest.raises(NotADatabaseError, match="not a trainer database"):
        ensure_schema(make_engine(f"sqlite:///{path}"))
    assert _digest(path) == digest


def test_inspecting_a_missing_file_creates_nothing(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'later' / 'x.db'}"
    status = inspect_schema(url)
    assert (status.exists, status.revision) == (False, None)
    assert not (tmp_path / "later").exists()


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


def _tallies_and_elapsed_days(engine: Engine) -> tuple[list[tuple[object, ...]], ...]:
    with engine.connect() as connection:
        tallies = connection.execute(
            text(
                "SELECT user_id, starts_at, reviews, correct, interday, interday_passed"
                " FROM review_tally ORDER BY user_id, starts_at"
            )
        ).all()
        elapsed = connection.execute(text("SELECT id, elapsed_days FROM review_log ORDER BY id"))
        return [tuple(row) for row in tallies], [tuple(row) for row in elapsed]


def record_around_midnights(store: Store) -> None:
    """Reviews by two learners near UTC midnights and quarter-hour edges, some on the same day."""
    scheduler = Scheduler()
    start = datetime(2026, 3, 1, 23, 44, 59, tzinfo=UTC)
    for n in range(40):
        at = start + timedelta(hours=5 * n, minutes=n % 3)
        user = store.user_id("ann" if n % 5 else "ben")
        rating = Rating(1 + n % 4)
        answer = Answer(f"q{n % 3}", rating, "x", rating != Rating.AGAIN, n, None, at)
        store.record_review(user, answer, scheduler)


def test_the_backfill_gives_what_recording_gives(any_engine: Engine) -> None:
    """Counts written review by review equal the ones the upgrade computes from the log."""
    record_around_midnights(Store(any_engine))
    recorded = _tallies_and_elapsed_days(any_engine)
    assert any(days == 0 for _, days in recorded[1]) and any(days for _, days in recorded[1])

    migrate(any_engine, "0003", down=True)
    migrate(any_engine, "head")

    assert _tallies_and_elapsed_days(any_engine) == recorded

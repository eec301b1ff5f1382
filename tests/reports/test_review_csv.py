"""`trainer export reviews --format csv`: the review log in the FSRS optimizer's schema, for a
small simulated history (states rebuilt by replay: new, learning, review, relearning)."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from trainer.cli import main
from trainer.reports.review_csv import HEADER, user_review_rows, write_csv
from trainer.scheduling import Rating, Scheduler
from trainer.store.engine import make_engine
from trainer.store.repository import Answer, Store
from trainer.store.upgrade import ensure_schema


@pytest.fixture
def store(any_store: Store) -> Store:
    """Every test here runs on SQLite and on PostgreSQL 15."""
    return any_store


START = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
# (question, rating, time after START, duration in ms)
HISTORY = [
    ("q.one", Rating.GOOD, timedelta(0), 4000),
    ("q.two", Rating.AGAIN, timedelta(minutes=1), None),
    ("q.one", Rating.GOOD, timedelta(minutes=15), 2500),
    ("q.one", Rating.AGAIN, timedelta(days=5), 9000),
    ("q.one", Rating.GOOD, timedelta(days=5, minutes=20), 3000),
]


def simulate(store: Store, name: str = "ann") -> int:
    user = store.user_id(name)
    scheduler = Scheduler()
    for question, rating, after, duration in HISTORY:
        answer = Answer(question, rating, "x", rating != Rating.AGAIN, 0, duration, START + after)
        store.record_review(user, answer, scheduler)
    return user


def ms(after: timedelta) -> int:
    return int((START + after).timestamp() * 1000)


def test_rows_in_the_fsrs_schema(store: Store) -> None:
    user = simulate(store)
    store.user_id("bob")  # another learner's (empty) log stays out
    buffer = io.StringIO()
    count = write_csv(user_review_rows(store, user), buffer)
    lines = list(csv.reader(io.StringIO(buffer.getvalue())))
    assert count == len(HISTORY)
    assert tuple(lines[0]) == HEADER
    rows = [[int(value) for value in line] for line in lines[1:]]
    one, two = rows[0][0], rows[1][0]
    assert one != two
    assert rows == [
        [one, ms(timedelta(0)), 3, 0, 4000],  # new
        [two, ms(timedelta(minutes=1)), 1, 0, 0],  # new; no duration recorded
        [one, ms(timedelta(minutes=15)), 3, 1, 2500],  # learning (second step)
        [one, ms(timedelta(days=5)), 1, 2, 9000],  # review, lapsed
        [one, ms(timedelta(days=5, minutes=20)), 3, 3, 3000],  # relearning
    ]


def test_an_empty_log_is_the_header_alone(store: Store) -> None:
    buffer = io.StringIO()
    assert write_csv(user_review_rows(store, store.user_id("nobody")), buffer) == 0
    assert buffer.getvalue() == ",".join(HEADER) + "\n"


@pytest.fixture
def db(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'p.db'}"
    engine = make_engine(url)
    ensure_schema(engine)
    simulate(Store(engine))
    engine.dispose()
    return url


def test_command_writes_the_csv(
    db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "revlog.csv"
    args = ["--db", db, "--user", "ann", "export", "reviews", "--format", "csv"]
    code = main([*args, "--out", str(out), "--lang", "en"])
    stdout, err = capsys.readouterr()
    assert code == 0, err
    assert stdout == "" and err.strip() == f"wrote 5 reviews to {out}"
    lines = out.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "card_id,review_time,review_rating,review_state,review_duration"
    assert len(lines) == 1 + len(HISTORY)


def test_command_says_when_it_cannot_write(
    db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "no" / "such" / "revlog.csv"
    args = ["--db", db, "--user", "ann", "export", "reviews", "--out", str(out), "--lang", "ja"]
    code = main(args)
    _, err = capsys.readouterr()
    assert code == 2
    assert err.count("\n") == 1 and "Traceback" not in err
    assert err.startswith(f"trainer: {out} に書き込めません")

"""SIGKILL a quiz at 20+ points: every answer shown as done is in the database, nothing else.

One learner, one database, killed again and again (as a laptop lid or an OOM killer would):
after each kill the database is reopened and must hold exactly the answers given so far. Half
of the kills land just after an answer was sent, before the quiz could confirm it: then that
one answer may or may not be there, but nothing else may differ and the file must be sound.
SQLite only by nature (a killed writer and its file); on PostgreSQL the server outlives its
clients, and tests/store/test_server_restart.py restarts the server instead.
"""

from __future__ import annotations

import random
import sqlite3
from pathlib import Path

import pytest

from tests.reliability.quizdriver import Given, Learner, quiz_command, quiz_env, write_bank
from trainer.store.engine import make_engine
from trainer.store.repository import Store

KILL_POINTS = 22


def stored(db: Path) -> list[Given]:
    store = Store(make_engine(f"sqlite:///{db}"))
    try:
        user = store.user_id("learner")
        return [
            Given(question, review.answer, review.correct, int(review.rating))
            for question, review in store.user_reviews(user)
        ]
    finally:
        store.close()


@pytest.mark.slow
def test_killed_quizzes_keep_exactly_the_answers_given(tmp_path: Path) -> None:
    bank = write_bank(tmp_path / "bank", 60)
    db = tmp_path / "progress.db"
    env = quiz_env(bank)
    rng = random.Random(20261123)
    expected: list[Given] = []
    for point in range(KILL_POINTS):
        target = rng.randint(0, 6)
        learner = Learner.start(quiz_command(db, "--new", "1000"), env)
        going = learner.read_until_prompt() is not None
        while going and len(learner.given) < target:
            going = learner.answer(rng.choice("123"), rng.choice(["", "2", "3", "4"]))
        in_flight = None
        if going and point % 2:
            in_flight = (learner.current_question(), rng.choice("123"))
            learner.send(in_flight[1])  # ... and kill before the quiz can reply
        learner.kill()
        expected += learner.given

        found = stored(db)
        assert found[: len(expected)] == expected, f"kill point {point}"
        extra = found[len(expected) :]
        if extra:  # only the answer in flight, and only if it was wrong (no rating to wait for)
            assert in_flight is not None and len(extra) == 1
            assert extra[0] == Given(*in_flight, correct=False, rating=1)
            expected += extra
        integrity = sqlite3.connect(db).execute("PRAGMA integrity_check").fetchall()
        assert integrity == [("ok",)]
    assert len(expected) >= 40  # the test really answered things
    connection = sqlite3.connect(db)
    rows = connection.execute(
        "SELECT c.reps, (SELECT count(*) FROM review_log r WHERE r.card_id = c.id) FROM card c"
    ).fetchall()
    connection.close()
    assert all(reps == logs for reps, logs in rows)  # card state and log never disagree

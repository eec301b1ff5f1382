"""Line mode's study-loop commands at the answer prompt: :? :right :undo :bury :suspend :flag."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from tests.reliability.test_quiz_plain import play, right, wrong
from trainer.bank.loader import Bank
from trainer.scheduling import Rating
from trainer.store import cards
from trainer.store.repository import Store


@pytest.fixture
def store(any_store: Store) -> Store:
    """Every test here runs on SQLite and on PostgreSQL 15."""
    return any_store


def log(store: Store) -> list[tuple[str, int, bool, bool, str]]:
    query = (
        "SELECT card.question_id, rating, correct, overridden, answer FROM review_log"
        " JOIN card ON card.id = review_log.card_id ORDER BY review_log.id"
    )
    with store.engine.connect() as connection:
        return [tuple(row) for row in connection.execute(text(query))]  # type: ignore[misc]


def ids(bank: Bank) -> list[str]:
    return list(bank.questions)


def test_i_dont_know_shows_the_key_and_records_again(store: Store, bank: Bank) -> None:
    q0 = ids(bank)[0]
    _, out, code = play(store, bank, [":?"], count=1)
    assert code == 0 and "ANSWER: Answer shown." in out
    assert f"answer: {right(bank, q0)}" in out
    assert log(store) == [(q0, int(Rating.AGAIN), False, False, "")]
    assert f"× {q0}  answer: {right(bank, q0)}" in out  # the summary lists the miss


def test_right_overrules_the_last_wrong_verdict(store: Store, bank: Bank) -> None:
    q0 = ids(bank)[0]
    typed = [wrong(bank, q0), ":right", "4"]
    _, out, _ = play(store, bank, typed, count=2)
    assert f"{q0} is recorded again as right (verdict overruled)." in out
    assert log(store) == [(q0, int(Rating.EASY), True, True, wrong(bank, q0))]


def test_right_is_refused_after_a_right_answer(store: Store, bank: Bank) -> None:
    q0 = ids(bank)[0]
    _, out, _ = play(store, bank, [right(bank, q0), "3", ":right"], count=2)
    assert ":right only applies to the last answer when it was judged wrong." in out
    assert [row[:4] for row in log(store)] == [(q0, int(Rating.GOOD), True, False)]


def test_undo_asks_the_question_again(store: Store, bank: Bank) -> None:
    q0, q1 = ids(bank)[:2]
    typed = [right(bank, q0), "4", ":undo", wrong(bank, q0)]
    _, out, _ = play(store, bank, typed, count=2)
    assert f"Undone: {q0}. Answer it again." in out
    headers = [line for line in out.splitlines() if line.startswith("[") and q0 in line]
    assert len(headers) >= 2  # asked a second time
    assert log(store)[0][:3] == (q0, int(Rating.AGAIN), False)
    assert all(row[1] != int(Rating.EASY) for row in log(store))
    assert q1 not in [row[0] for row in log(store)]  # the input ended on q1


def test_nothing_to_undo_at_the_start(store: Store, bank: Bank) -> None:
    _, out, _ = play(store, bank, [":undo"], count=1)
    assert "Nothing to undo." in out and log(store) == []


def test_bury_suspend_and_flag(store: Store, bank: Bank) -> None:
    q0, q1, q2 = ids(bank)[:3]
    typed = [":flag the key looks wrong", ":bury", ":suspend", ":nonsense", right(bank, q2)]
    _, out, _ = play(store, bank, typed, count=3)
    assert f"{q0} is flagged as possibly wrong." in out
    assert f"{q0} is buried until tomorrow." in out
    assert f"{q1} is suspended" in out
    assert "unknown command: :nonsense" in out
    user = store.user_id("ann")
    first = cards.card_record(store, user, q0)
    second = cards.card_record(store, user, q1)
    assert first is not None and first.flag_note == "the key looks wrong" and first.buried_until
    assert second is not None and second.suspended
    assert [row[0] for row in log(store)] == [q2]


def test_line_mode_says_when_the_daily_new_limit_held_questions_back(
    store: Store, bank: Bank
) -> None:
    import io

    from trainer.commands.quiz import PlainQuiz
    from trainer.study.options import SessionOptions
    from trainer.study.settings import save_setting

    save_setting(store, store.user_id("ann"), "new-per-day", "2")
    out = io.StringIO()
    quiz = PlainQuiz(
        store=store,
        bank=bank,
        scheduler=None,
        user_id=store.user_id("ann"),
        lang="en",
        stdin=io.StringIO(""),
        stdout=out,
    )
    quiz.start(SessionOptions())
    assert "New questions are limited to 2 a day (0 started today, 2 left)" in out.getvalue()
    assert "Use --new N" in out.getvalue()
    out.truncate(0)
    quiz.start(SessionOptions(new_limit=6))  # --new 6: this time, every one of the six
    assert "limited" not in out.getvalue()

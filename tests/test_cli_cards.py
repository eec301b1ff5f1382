"""`trainer cards list|show|suspend|unsuspend|bury|unbury|flag|unflag|reset`: in process, on a
temporary database and a three-question bank."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tests.reliability.quizdriver import write_bank
from trainer.cli import main
from trainer.scheduling import Rating, Scheduler
from trainer.store.cards import card_record
from trainer.store.engine import make_engine
from trainer.store.repository import Answer, Store
from trainer.store.upgrade import ensure_schema

FIRST, SECOND, THIRD = "test.q0000", "test.q0001", "test.q0002"


@pytest.fixture(scope="module")
def bank_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_bank(tmp_path_factory.mktemp("bank"), 3)


@pytest.fixture
def url(tmp_path: Path, bank_dir: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("TRAINER_BANK", str(bank_dir))
    return f"sqlite:///{tmp_path / 'p.db'}"


def cards(capsys: pytest.CaptureFixture[str], url: str, *args: str) -> tuple[int, str, str]:
    code = main(["--db", url, "--user", "ann", "cards", *args])
    out, err = capsys.readouterr()
    return code, out, err


def listed(capsys: pytest.CaptureFixture[str], url: str, *args: str) -> list[dict[str, object]]:
    code, out, _ = cards(capsys, url, "list", "--json", *args)
    assert code == 0
    doc: list[dict[str, object]] = json.loads(out)
    return doc


def answered(url: str, question_id: str, rating: Rating) -> None:
    engine = make_engine(url)
    ensure_schema(engine)
    store = Store(engine)
    try:
        at = datetime.now(UTC)
        answer = Answer(question_id, rating, "2", rating != Rating.AGAIN, 1, 800, at)
        store.record_review(store.user_id("ann"), answer, Scheduler())
    finally:
        store.close()


def test_list_json_carries_each_question_id_and_every_field(
    capsys: pytest.CaptureFixture[str], url: str
) -> None:
    answered(url, SECOND, Rating.AGAIN)
    doc = listed(capsys, url)
    assert [card["id"] for card in doc] == [FIRST, SECOND, THIRD]  # by topic, then id
    by_id = {card["id"]: card for card in doc}
    assert by_id[FIRST]["state"] == "new" and by_id[SECOND]["state"] == "learning"
    for key in ("topic", "kind", "prompt", "due", "stability", "lapses", "flagged", "leech"):
        assert key in by_id[SECOND]
    assert by_id[FIRST]["prompt"] == {"ja": "問題 0", "en": "Question 0"}
    assert [c["id"] for c in listed(capsys, url, "--state", "learning")] == [SECOND]
    assert [c["id"] for c in listed(capsys, url, "--search", "QUESTION 2")] == [THIRD]
    assert [c["id"] for c in listed(capsys, url, "--search", "問題 1")] == [SECOND]
    topic = listed(capsys, url, "--topic", "deep_learning/test/alpha")
    assert [c["id"] for c in topic] == [FIRST]


def test_list_as_a_table_in_both_languages(capsys: pytest.CaptureFixture[str], url: str) -> None:
    code, out, _ = cards(capsys, url, "list", "--lang", "en")
    lines = out.splitlines()
    assert code == 0 and lines[0].split() == ["id", "state", "due", "stability", "lapses", "marks"]
    assert lines[1].split()[:2] == [FIRST, "new"] and lines[-1] == "3 of 3 questions (* due now)"
    code, out, _ = cards(capsys, url, "list")  # the stored language: ja by default
    assert code == 0 and out.splitlines()[0].startswith("問題 ID") and "新規" in out
    code, out, _ = cards(capsys, url, "list", "--state", "flagged", "--lang", "en")
    assert code == 0 and out == "No question matches.\n"


def test_show_text_and_json(capsys: pytest.CaptureFixture[str], url: str) -> None:
    answered(url, FIRST, Rating.AGAIN)
    code, out, _ = cards(capsys, url, "show", FIRST, "--lang", "en")
    assert code == 0
    # the topic by its syllabus name (in the learner's language), the path's last part beside
    assert out.startswith(f"{FIRST}  (3-1-4 Activation functions, choice)")
    assert "Question 0" in out and "state learning" in out and "reviews (1):" in out
    assert "Again" in out and "recall now" in out
    code, out, _ = cards(capsys, url, "show", FIRST, "--json")
    doc = json.loads(out)
    assert code == 0 and doc["id"] == FIRST and doc["reps"] == 1
    assert doc["reviews"][0]["rating"] == 1 and doc["reviews"][0]["correct"] is False
    assert doc["retrievability"] is not None and doc["question"]["ja"].startswith("問題 0")
    code, out, _ = cards(capsys, url, "show", THIRD)
    assert code == 0 and "まだ復習していません。" in out


@pytest.mark.parametrize(
    ("action", "column", "value"),
    [("suspend", "suspended", True), ("bury", "buried", True), ("flag", "flagged", True)],
)
def test_each_action_and_its_undoing(
    capsys: pytest.CaptureFixture[str], url: str, action: str, column: str, value: bool
) -> None:
    code, out, err = cards(capsys, url, action, FIRST, "--lang", "en")
    assert code == 0 and out.startswith(FIRST) and err == ""
    assert [c["id"] for c in listed(capsys, url, "--state", column)] == [FIRST]
    assert listed(capsys, url, "--search", FIRST)[0][column] is value
    opposite = "unflag" if action == "flag" else f"un{action}"
    code, out, _ = cards(capsys, url, opposite, FIRST)
    assert code == 0 and FIRST in out
    assert listed(capsys, url, "--state", column) == []


def test_flag_with_a_note_is_listed(capsys: pytest.CaptureFixture[str], url: str) -> None:
    code, out, _ = cards(capsys, url, "flag", SECOND, "--note", "two right options")
    assert code == 0 and out == f"{SECOND} にフラグを付けました。\n"
    flagged = listed(capsys, url, "--state", "flagged")
    assert [c["id"] for c in flagged] == [SECOND] and flagged[0]["flag_note"] == "two right options"
    code, out, _ = cards(capsys, url, "list", "--state", "flagged", "--lang", "en")
    assert code == 0 and "flagged" in out.splitlines()[1]


def test_reset_makes_the_card_new_and_keeps_the_log(
    capsys: pytest.CaptureFixture[str], url: str
) -> None:
    answered(url, THIRD, Rating.GOOD)
    code, out, _ = cards(capsys, url, "reset", THIRD, "--lang", "en")
    assert code == 0 and out == f"{THIRD} is new again (its reviews are kept in the log).\n"
    shown = json.loads(cards(capsys, url, "show", THIRD, "--json")[1])
    assert shown["state"] == "new" and shown["reps"] == 0 and len(shown["reviews"]) == 1


@pytest.mark.parametrize(
    "args",
    [
        ("show", "test.q9999"),
        ("suspend", "test.q9999"),
        ("flag", "nope", "--note", "x"),
        ("reset", "nope"),
    ],
)
def test_unknown_id_is_one_line_and_exit_2(
    capsys: pytest.CaptureFixture[str], url: str, args: tuple[str, ...]
) -> None:
    code, out, err = cards(capsys, url, *args, "--lang", "en")
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and err.startswith("trainer: no question") and args[1] in err
    code, _, err = cards(capsys, url, *args)
    assert code == 2 and "問題集にありません" in err
    store = Store(make_engine(url))
    try:
        assert card_record(store, store.user_id("ann"), args[1]) is None
    finally:
        store.close()


def test_unknown_state_is_one_line_and_exit_2(capsys: pytest.CaptureFixture[str], url: str) -> None:
    code, out, err = cards(capsys, url, "list", "--state", "asleep", "--lang", "en")
    assert code == 2 and out == "" and err.count("\n") == 1 and "asleep" in err


def test_db_and_user_options_on_the_sub_command(
    capsys: pytest.CaptureFixture[str], url: str
) -> None:
    assert main(["cards", "flag", FIRST, "--db", url, "--user", "bob"]) == 0
    capsys.readouterr()
    assert listed(capsys, url, "--state", "flagged") == []  # ann's cards: none flagged
    assert (
        main(["cards", "list", "--json", "--state", "flagged", "--db", url, "--user", "bob"]) == 0
    )
    assert [c["id"] for c in json.loads(capsys.readouterr().out)] == [FIRST]

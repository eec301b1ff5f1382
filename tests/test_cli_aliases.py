"""A merged question's former id, typed by a learner, names the question kept (issue 15,
defect 6): `bank check`, `bank sample`, `cards show|flag`, `cards list --search`, `quiz
--question`; and the cards a learner has under it follow the survivor when a command opens
their progress. In process, on a temporary database and the shipped bank."""

from __future__ import annotations

import io
import json
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

from trainer.cli import main
from trainer.scheduling import Rating, Scheduler
from trainer.store.cards import card_record
from trainer.store.engine import make_engine
from trainer.store.repository import Answer, Store
from trainer.store.upgrade import ensure_schema

OLD, KEPT = "adv4.fps", "fnd.fps-inference-time"


@pytest.fixture
def url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'p.db'}"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def opened(url: str) -> Store:
    engine = make_engine(url)
    ensure_schema(engine)
    return Store(engine)


def answered_under_old_id(url: str) -> None:
    store = opened(url)
    try:
        at = datetime.now(UTC)
        answer = Answer(OLD, Rating.GOOD, "40", True, 0, 800, at)
        store.record_review(store.user_id("ann"), answer, Scheduler())
    finally:
        store.close()


def test_bank_check_and_sample_take_an_old_id(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "bank", "check", OLD, "--answer", "40 FPS", "--json")
    assert code == 0 and json.loads(out)["correct"] is True
    code, out, _ = run(capsys, "bank", "sample", OLD, "--json")
    assert code == 0 and json.loads(out)["id"] == KEPT


def test_cards_show_an_old_id_shows_the_survivor_with_the_reviews_made_under_it(
    capsys: pytest.CaptureFixture[str], url: str
) -> None:
    answered_under_old_id(url)
    code, out, err = run(capsys, "--db", url, "--user", "ann", "cards", "show", OLD, "--json")
    assert code == 0, err
    detail = json.loads(out)
    assert detail["id"] == KEPT
    assert [review["answer"] for review in detail["reviews"]] == ["40"]


def test_cards_flag_an_old_id_flags_the_survivor(
    capsys: pytest.CaptureFixture[str], url: str
) -> None:
    code, out, err = run(capsys, "--db", url, "--user", "ann", "cards", "flag", OLD)
    assert code == 0, err
    assert KEPT in out
    store = opened(url)
    try:
        user = store.user_id("ann")
        kept, old = card_record(store, user, KEPT), card_record(store, user, OLD)
    finally:
        store.close()
    assert kept is not None and kept.flagged_at is not None
    assert old is None


def test_cards_search_finds_a_question_by_a_former_id(
    capsys: pytest.CaptureFixture[str], url: str
) -> None:
    code, out, err = run(
        capsys, "--db", url, "--user", "ann", "cards", "list", "--search", OLD, "--json"
    )
    assert code == 0, err
    assert [card["id"] for card in json.loads(out)] == [KEPT]


def test_quiz_question_takes_an_old_id_and_records_under_the_survivor(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, url: str
) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO("40\n"))
    code, _, err = run(
        capsys,
        *("--db", url, "--user", "ann", "quiz", "--plain", "--lang", "en"),
        *("--question", OLD, "--seed", "0"),
    )
    assert code == 0, err
    store = opened(url)
    try:
        user = store.user_id("ann")
        assert [qid for qid, _ in store.user_reviews(user)] == [KEPT]
    finally:
        store.close()

"""The bank cache: a second start skips the YAML, and any change to an input is seen at once."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import modules_after
from tests.reliability.quizdriver import write_bank
from trainer.bank import cache
from trainer.bank.errors import BankError
from trainer.bank.loader import load_bank


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("TRAINER_CACHE", str(folder))
    return folder


def test_a_second_load_is_served_from_the_cache_without_the_generators(
    cache_dir: Path,
) -> None:
    code = (
        f"import os; os.environ['TRAINER_CACHE'] = {str(cache_dir)!r}\n"
        "from trainer.bank.loader import load_bank\n"
        "bank = load_bank()\n"
        "assert len(bank.questions) > 300\n"
    )
    first = modules_after(code)  # checks the YAML: renders parametric questions
    assert "trainer.bank.generators" in first
    assert len(list(cache_dir.glob("*.pickle"))) == 1
    again = modules_after(code)
    assert "trainer.bank.generators" not in again  # nothing was checked or rendered
    assert load_bank() == load_bank()  # and what it serves equals a fresh load


def test_an_edited_question_file_is_loaded_again(cache_dir: Path, tmp_path: Path) -> None:
    bank_dir = write_bank(tmp_path / "bank", 3)
    assert load_bank([bank_dir]).questions["test.q0001"].prompt.en == "Question 1"
    questions = bank_dir / "questions.yaml"
    questions.write_text(
        questions.read_text(encoding="utf-8").replace("Question 1", "Question one"),
        encoding="utf-8",
    )
    assert load_bank([bank_dir]).questions["test.q0001"].prompt.en == "Question one"
    # an edit that keeps the size, within the same clock tick, is seen too
    text = questions.read_text(encoding="utf-8")
    questions.write_text(text.replace("Question one", "Question 0ne"), encoding="utf-8")
    assert load_bank([bank_dir]).questions["test.q0001"].prompt.en == "Question 0ne"


def test_a_bank_with_problems_is_never_cached(cache_dir: Path, tmp_path: Path) -> None:
    bank_dir = write_bank(tmp_path / "bank", 2)
    questions = bank_dir / "questions.yaml"
    questions.write_text(
        questions.read_text(encoding="utf-8").replace("kind: choice", "kind: essay", 1),
        encoding="utf-8",
    )
    for _ in range(2):
        with pytest.raises(BankError, match="kind: expected one of"):
            load_bank([bank_dir])
    assert not list(cache_dir.glob("*.pickle"))


def test_a_damaged_cache_file_is_ignored_and_replaced(cache_dir: Path, tmp_path: Path) -> None:
    bank_dir = write_bank(tmp_path / "bank", 2)
    fresh = load_bank([bank_dir])
    (entry,) = cache_dir.glob("*.pickle")
    entry.write_bytes(entry.read_bytes()[:100])  # truncated
    assert load_bank([bank_dir]) == fresh
    assert len(entry.read_bytes()) > 100


def test_the_cache_can_be_turned_off(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("TRAINER_CACHE", "off")
    assert cache.cache_dir() is None
    load_bank([write_bank(tmp_path / "bank", 2)])
    assert not list(tmp_path.rglob("*.pickle"))


def test_an_unwritable_cache_folder_is_no_error(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("TRAINER_CACHE", str(blocker / "cache"))
    assert load_bank([write_bank(tmp_path / "bank", 2)]).questions

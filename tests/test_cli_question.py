"""`trainer quiz --question ID [--seed N]`, and line mode wrapped to the terminal's width."""

from __future__ import annotations

import argparse
import io
import re
import sys
from pathlib import Path

import pytest
from rich.cells import cell_len

from trainer.bank.loader import load_bank
from trainer.bank.variants import make_variant
from trainer.cli import main
from trainer.commands import tui
from trainer.store.engine import make_engine
from trainer.store.repository import Store
from trainer.wrap import phrases

QUESTION = "adv.virtualization-types"


@pytest.fixture
def url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'q.db'}"


def quiz(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    url: str,
    *args: str,
    typed: str = "",
) -> tuple[int, str, str]:
    monkeypatch.setattr(sys, "stdin", io.StringIO(typed))
    code = main(["--db", url, "--user", "ann", "quiz", "--plain", *args])
    out, err = capsys.readouterr()
    return code, out, err


def reviews(url: str) -> list[str]:
    store = Store(make_engine(url))
    try:
        return [qid for qid, _ in store.user_reviews(store.user_id("ann"))]
    finally:
        store.close()


def test_one_question_narrow_terminal_wraps_between_phrases(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, url: str
) -> None:
    """At 40 columns every line fits, the choice text hangs under its number, and Japanese
    breaks only between BudouX phrases (or at a space)."""
    monkeypatch.setenv("COLUMNS", "40")
    code, out, err = quiz(
        capsys,
        monkeypatch,
        url,
        "--question",
        QUESTION,
        "--seed",
        "3",
        "--lang",
        "ja",
        typed="1\n",
    )
    assert code == 0, err
    assert "[1/1] " in out and QUESTION in out
    block = out.split("解答> ")[0]  # the question and its choices, before the first prompt
    shown = block.splitlines()
    assert all(cell_len(line) <= 40 for line in shown), shown
    choice_lines = [n for n, line in enumerate(shown) if re.match(r"  \d\. ", line)]
    assert [shown[n][2] for n in choice_lines] == ["1", "2", "3", "4"]
    for n, line in enumerate(shown[choice_lines[0] :], start=choice_lines[0]):
        if n not in choice_lines:
            assert line.startswith("     ") and line[5] != " ", (
                line
            )  # under the text, not the number
    # Each choice breaks only where BudouX starts a phrase, or after a space.
    variant = make_variant(load_bank().questions[QUESTION], 3)
    for choice, first, last in zip(
        variant.choices, choice_lines, [*choice_lines[1:], len(shown)], strict=True
    ):
        text = choice.text.ja
        starts, position = set(), 0
        for phrase in phrases(text):
            starts.add(position)
            position += len(phrase)
        position = 0
        for part in [shown[first][5:], *(line[5:] for line in shown[first + 1 : last])]:
            found = text.index(part, position)
            assert found == 0 or found in starts or text[found - 1] == " ", text[:found]
            position = found + len(part)
        assert position == len(text)
    assert reviews(url) == [QUESTION]  # recorded as a review, as usual


def test_one_question_asked_once_even_when_missed(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, url: str
) -> None:
    code, out, _ = quiz(
        capsys, monkeypatch, url, "--question", QUESTION, "--lang", "en", typed="1\n2\n3\n4\n"
    )
    assert code == 0
    assert out.count("[1/1]") == 1
    assert out.count("answer> ") == 1
    assert len(reviews(url)) == 1


def test_unknown_question_is_one_line_and_exit_2(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, url: str
) -> None:
    code, out, err = quiz(capsys, monkeypatch, url, "--question", "no.such-question")
    assert code == 2
    assert out == ""
    assert err.count("\n") == 1 and "unknown question 'no.such-question'" in err


def test_seed_needs_a_question(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, url: str
) -> None:
    code, _, err = quiz(capsys, monkeypatch, url, "--seed", "3")
    assert code == 2 and "--seed needs --question" in err


def test_the_tui_refuses_an_unknown_question_before_starting(
    capsys: pytest.CaptureFixture[str],
) -> None:
    args = argparse.Namespace(command="quiz", question="no.such-question", seed=None)
    assert tui.run(args) == 2
    assert "unknown question" in capsys.readouterr().err


def test_the_tui_opens_on_that_question_with_that_seed(
    monkeypatch: pytest.MonkeyPatch, url: str
) -> None:
    """`trainer quiz --question ID --seed N` in a terminal: the app starts on a one-question
    session (asked once) with the bank already loaded and every variant drawn from N."""
    from trainer.tui.app import TrainerApp

    started: list[TrainerApp] = []

    def run(app: TrainerApp) -> int:
        started.append(app)
        return 0

    monkeypatch.setattr(TrainerApp, "run", run)
    args = argparse.Namespace(
        command="quiz", question=QUESTION, seed=5, db=url, user="ann", lang="en", plain=False
    )
    assert tui.run(args) == 0
    (app,) = started
    assert app.start_options is not None and app.start_options.question == QUESTION
    assert app.start_options.learn_ahead_minutes == 0
    assert app.bank is not None and QUESTION in app.bank.questions
    assert app.seeds is not None and app.seeds() == 5

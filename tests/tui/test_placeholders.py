"""The answer box's placeholder shows the notation, never an answer of a question in the bank."""

from __future__ import annotations

import re

import pytest

from trainer.bank.checking import check_answer
from trainer.bank.errors import AnswerError
from trainer.bank.loader import load_bank
from trainer.bank.variants import make_variant
from trainer.tui.text import TEXT

SEEDS = range(25)


def examples(placeholder: str) -> list[str]:
    """The examples inside the brackets after 例: / e.g."""
    found = re.search(r"(?:例: |e\.g\. )([^）)]+)", placeholder)
    assert found is not None, f"no examples in {placeholder!r}"
    return [part.strip() for part in found.group(1).split(",")]


@pytest.mark.parametrize("kind", ["numeric", "expression"])
def test_no_placeholder_example_is_the_answer_of_any_question(kind: str) -> None:
    bank = load_bank()
    shown = {example for lang in TEXT for example in examples(TEXT[lang][f"placeholder_{kind}"])}
    assert shown, "the placeholder shows examples of the notation"
    questions = [q for q in bank.questions.values() if q.kind == kind]
    assert questions
    given_away = []
    for question in questions:
        for seed in SEEDS if question.generator else (0,):
            variant = make_variant(question, seed)
            for example in shown:
                try:
                    verdict = check_answer(variant, example)
                except AnswerError:
                    continue  # not even readable here (e.g. a symbol the question lacks)
                if verdict.correct:
                    given_away.append((question.id, seed, example))
    assert not given_away


def test_the_example_that_gave_the_tanh_derivative_away_is_caught() -> None:
    """The check above fails on the old placeholder's example: it was a key in the bank."""
    bank = load_bank()
    hits = []
    for question in bank.questions.values():
        if question.kind == "expression":
            try:
                hits.append(check_answer(make_variant(question, 0), "1 - tanh(x)**2").correct)
            except AnswerError:
                continue
    assert any(hits)

"""Every shipped question: valid, renders for many seeds, and its own key is judged right.

This is the test that keeps the bank trustworthy: an answer that the checker would mark wrong, or a
wrong answer it would accept, fails here before a learner ever sees it.
"""

from __future__ import annotations

from functools import cache

import pytest

from trainer.bank.checking import check_answer
from trainer.bank.loader import Bank, collect
from trainer.bank.variants import Variant, make_variant

SEEDS = range(20)


@cache
def shipped() -> Bank:
    bank, problems = collect()
    assert not problems, "\n".join(map(str, problems))
    return bank


def test_the_shipped_bank_validates_and_is_big_enough() -> None:
    bank = shipped()
    assert len(bank.questions) >= 40
    parametric = [q for q in bank.questions.values() if q.parametric]
    assert len(parametric) >= 8


@pytest.mark.parametrize("family", ["conv-output-size", "iou", "bptt", "gan-optimum"])
def test_each_required_family_has_questions(family: str) -> None:
    tagged = [q for q in shipped().questions.values() if family in q.tags]
    assert tagged, f"no question tagged {family}"
    assert any(q.generator == family for q in tagged), f"no parametric {family} question"


def right_answers(variant: Variant) -> list[str]:
    if variant.kind == "numeric":
        assert variant.number is not None
        return [repr(variant.number)]
    if variant.kind == "expression":
        assert variant.expression is not None
        return [variant.expression]
    if variant.kind == "choice":
        return [",".join(str(c.label) for c in variant.choices if c.correct)]
    assert variant.text_answer is not None
    return [variant.text_answer.ja, variant.text_answer.en, *variant.accepted]


def wrong_answer(variant: Variant) -> str:
    if variant.kind == "numeric":
        assert variant.number is not None
        return repr(variant.number + 1 + abs(variant.number))
    if variant.kind == "expression":
        return f"({variant.expression}) + 1"
    if variant.kind == "choice":
        wrong = next(c for c in variant.choices if not c.correct)
        return str(wrong.label)
    return "this is not the answer"


def question_ids() -> list[str]:
    return list(shipped().questions)


@pytest.mark.parametrize("question_id", question_ids())
def test_question_renders_and_checks_its_own_key(question_id: str) -> None:
    question = shipped().questions[question_id]
    seeds = SEEDS if question.parametric else range(1)
    for seed in seeds:
        variant = make_variant(question, seed)
        assert variant == make_variant(question, seed), "same id + seed must give the same variant"
        assert variant.prompt.ja and variant.prompt.en
        if question.parametric:
            assert variant.prompt.en != question.prompt.en, "template fields were not filled"
        for answer in right_answers(variant):
            verdict = check_answer(variant, answer)
            assert verdict.correct, (
                f"seed {seed}: key {answer!r} judged wrong: {verdict.message.en}"
            )
        verdict = check_answer(variant, wrong_answer(variant))
        assert not verdict.correct, f"seed {seed}: a perturbed answer was accepted"


@pytest.mark.parametrize(
    "question_id", [q for q in question_ids() if shipped().questions[q].parametric]
)
def test_parametric_questions_vary_with_the_seed(question_id: str) -> None:
    question = shipped().questions[question_id]
    prompts = {make_variant(question, seed).prompt.en for seed in SEEDS}
    assert len(prompts) >= 3


def test_every_question_cites_a_seed_section() -> None:
    for question in shipped().questions.values():
        assert question.source.seed in shipped().syllabus.seeds
        assert question.source.section.strip()

"""Shipped numeric questions that ask "how many FPS / ms / Hz / MiB ..." declare that unit, so the
learner may type it after the number ("40 FPS"); other questions refuse a unit with a reason."""

from __future__ import annotations

import re

import pytest

from tests.bank.test_shipped_bank import shipped
from trainer.bank.checking import check_answer, key_number
from trainer.bank.errors import AnswerError
from trainer.bank.schema import NumericQuestion
from trainer.bank.units import UNITS
from trainer.bank.variants import make_variant

# "何 FPS か", "何ミリ秒か", "何 Hz になるか", "何倍か": the prompt asks for the answer in a unit
ASKS_IN = re.compile(r"何 ?(FPS|MiB|MB|GB|Hz|ミリ秒|秒|倍)")
SPELLING = {"ミリ秒": "ms", "秒": "s"}


def numeric_questions() -> list[NumericQuestion]:
    return [q for q in shipped().questions.values() if isinstance(q, NumericQuestion)]


def test_a_question_that_asks_in_a_unit_declares_it() -> None:
    missing = []
    for question in numeric_questions():
        asked = ASKS_IN.search(question.prompt.ja)
        if asked is None:
            continue
        unit = SPELLING.get(asked.group(1), asked.group(1))
        if question.unit != unit:
            missing.append(f"{question.id}: asks in {unit}, declares {question.unit}")
    assert not missing, "\n".join(missing)


@pytest.mark.parametrize("question_id", ["fnd.fps-inference-time"])
def test_forty_fps_is_right(question_id: str) -> None:
    variant = make_variant(shipped().questions[question_id], 0)
    assert check_answer(variant, "40 FPS").correct
    assert check_answer(variant, "40fps").correct
    assert check_answer(variant, "1000/25 FPS").correct


def test_every_declared_unit_is_accepted_after_the_key_in_each_spelling() -> None:
    declared = [q for q in numeric_questions() if q.unit is not None]
    assert len(declared) >= 10
    for question in declared:
        assert question.unit is not None
        variant = make_variant(question, 3)
        for spelling in UNITS[question.unit]:
            typed = f"{key_number(variant)} {spelling}"
            assert check_answer(variant, typed).correct, (question.id, typed)


def test_a_question_without_a_unit_says_to_leave_it_out() -> None:
    variant = make_variant(shipped().questions["s3d1.ct-0-2-parameter-count"], 0)
    with pytest.raises(AnswerError) as info:
        check_answer(variant, f"{key_number(variant)} FPS")
    assert "write the number alone" in info.value.en
    assert "数値だけで答えます" in info.value.ja

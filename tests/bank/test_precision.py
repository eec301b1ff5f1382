"""Every numeric question states the precision it wants, and accepts every answer correctly
rounded to it (issue 15, defect 1).

The prompt says "Give 3 decimals" / "小数第 3 位まで", "3 significant figures" / "有効数字 3 桁"
or "as an integer" / "整数で"; a question that says nothing must have an integer key in every
variant (a count). For many seeds the key, rounded half up to the stated precision, must be judged
right: a learner who rounds as asked is never marked wrong.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal

import pytest

from tests.bank.test_shipped_bank import shipped
from trainer.bank.checking import check_answer
from trainer.bank.numbers import denoise
from trainer.bank.schema import NumericQuestion
from trainer.bank.variants import make_variant

SEEDS = range(200)

_EN = [
    ("decimals", re.compile(r"(\d+) decimal(?:s\b| places?\b|\b)")),
    ("significant", re.compile(r"(\d+) significant figures?")),
    (
        "integer",
        re.compile(r"(?:give|as|round(?:ed)? to|answer with|is) an integer\b", re.IGNORECASE),
    ),
]
_JA = [
    ("decimals", re.compile(r"小数第\s*(\d+)\s*位")),
    ("significant", re.compile(r"有効数字\s*(\d+)\s*桁")),
    ("integer", re.compile(r"整数(?:で|に|として)")),
]


def stated(prompt: str, patterns: list[tuple[str, re.Pattern[str]]]) -> tuple[str, int] | None:
    """The precision a prompt asks for: ("decimals", 3), ("significant", 3), ("integer", 0)."""
    for name, pattern in patterns:
        found = pattern.search(prompt)
        if found:
            return name, int(found.group(1)) if found.groups() else 0
    return None


def rounded(value: float, precision: tuple[str, int]) -> str:
    """`value` correctly rounded (half up) to the stated precision, as a learner writes it."""
    exact = Decimal(repr(denoise(value)))
    name, digits = precision
    if name == "significant" and exact != 0:
        digits = digits - 1 - exact.adjusted()
    elif name == "integer":
        digits = 0
    return str(exact.quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP))


def short_and_exact(value: float) -> bool:
    """A key a learner writes exactly without being told a precision: 12, 0.25, 5512.5."""
    exact = Decimal(repr(denoise(value)))
    return exact == exact.quantize(Decimal("0.0001"))


def numeric_ids() -> list[str]:
    return [q.id for q in shipped().questions.values() if isinstance(q, NumericQuestion)]


@pytest.mark.parametrize("question_id", numeric_ids())
def test_a_key_rounded_as_the_prompt_asks_is_accepted(question_id: str) -> None:
    question = shipped().questions[question_id]
    seeds = SEEDS if question.parametric else range(1)
    for seed in seeds:
        variant = make_variant(question, seed)
        assert variant.number is not None
        en = stated(variant.prompt.en, _EN)
        ja = stated(variant.prompt.ja, _JA)
        assert en == ja, f"seed {seed}: the prompts ask for different precisions: {en} / {ja}"
        if en is None:
            assert short_and_exact(variant.number), (
                f"seed {seed}: key {variant.number!r} is not an integer or a short exact decimal, "
                "but the prompt states no precision"
            )
            continue
        answer = rounded(variant.number, en)
        verdict = check_answer(variant, answer)
        assert verdict.correct, (
            f"seed {seed}: key {variant.number!r} rounded to {en} is {answer}, judged wrong"
        )


def test_rounding_half_up_to_the_stated_precision() -> None:
    assert rounded(12.0615, ("significant", 3)) == "12.1"
    assert rounded(2 / 27, ("decimals", 3)) == "0.074"
    assert rounded(0.0125, ("decimals", 3)) == "0.013"
    assert rounded(2.5, ("integer", 0)) == "3"
    assert short_and_exact(5512.5) and short_and_exact(0.1 + 0.2)
    assert not short_and_exact(2 / 27)
    assert stated("Give 3 decimals.", _EN) == ("decimals", 3)
    assert stated("Give 1 decimal.", _EN) == ("decimals", 1)
    assert stated("有効数字 3 桁で答えよ。", _JA) == ("significant", 3)

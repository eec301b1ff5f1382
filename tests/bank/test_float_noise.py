"""No key, prompt or explanation shows float noise (5.55e-17, 0.30000000000000004) or "-0"
(issue 15, defect 4): every parametric question, many seeds, both languages."""

from __future__ import annotations

import math
import re

import pytest

from tests.bank.test_shipped_bank import shipped
from trainer.bank.checking import expected_text
from trainer.bank.numbers import NOISE
from trainer.bank.variants import make_variant

SEEDS = range(300)

NOISY = [
    ("float noise", re.compile(r"\d(?:\.\d+)?e-(?:1\d|[2-9]\d|\d{3})")),
    ("a negative zero", re.compile(r"(?<![\w)\].])[-−]0(?:\.0+)?(?![\d.\w])")),
    ("a run of noise digits", re.compile(r"\d\.\d{9,}|\.\d*(?:000000|999999)\d")),
]


def noise_in(text: str) -> str | None:
    for name, pattern in NOISY:
        found = pattern.search(text)
        if found:
            return f"{name} in …{text[max(0, found.start() - 40) : found.end() + 20]}…"
    return None


def test_the_patterns_catch_noise_and_pass_plain_numbers() -> None:
    assert noise_in("h = tanh(-0) ≈ -0")
    assert noise_in("Δw = −5.55112e-18")
    assert noise_in("w = 0.30000000000000004")
    assert noise_in("x = 0.1 − 0.7 = −0.6, e = 1e-8, 10−0.5, a_0 = −0.25") is None


@pytest.mark.parametrize(
    "question_id", [q.id for q in shipped().questions.values() if q.parametric]
)
def test_no_key_or_text_shows_float_noise(question_id: str) -> None:
    question = shipped().questions[question_id]
    for seed in SEEDS:
        variant = make_variant(question, seed)
        if variant.number is not None:
            number = variant.number
            assert not (0 < abs(number) <= NOISE), f"seed {seed}: key {number!r} is float noise"
            assert math.copysign(1.0, number) > 0 or number != 0, f"seed {seed}: key is -0.0"
        texts = {
            "key": expected_text(variant),
            "prompt (ja)": variant.prompt.ja,
            "prompt (en)": variant.prompt.en,
            "explanation (ja)": variant.explanation.ja,
            "explanation (en)": variant.explanation.en,
        }
        for where, text in texts.items():
            found = noise_in(text)
            assert found is None, f"seed {seed}, {where}: {found}"

"""Statements the content audit found wrong or loose (issue 15, defect 5), kept out of the whole
bank: every text of every question (prompt, options, reasons, explanation), both languages."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest

from tests.bank.test_shipped_bank import shipped
from trainer.bank.checking import check_answer
from trainer.bank.variants import make_variant

LOOSE = [
    (
        re.compile(r"(?:1|one) ?(?:波長分の時間|wavelength)", re.IGNORECASE),
        "a period is the time of one cycle (one oscillation); a wavelength is a length",
    ),
    (
        re.compile(
            r"サンプルが 1 つでは正規化後の値が常に 0|one sample the normalised value is always 0"
        ),
        "a single sample normalises to 0 only in a fully connected layer, not in a convolution",
    ),
    (
        re.compile(r"少ない学習回数で精度の良い|accurate model in fewer training iterations"),
        "fewer training iterations is no standard benefit of distillation",
    ),
]


def texts(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            if key != "source":
                yield from texts(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from texts(item)


@pytest.mark.parametrize(("pattern", "reason"), LOOSE, ids=[r for _, r in LOOSE])
def test_no_question_states_it(pattern: re.Pattern[str], reason: str) -> None:
    found = [
        q.id
        for q in shipped().questions.values()
        if any(pattern.search(t) for t in texts(q.model_dump(mode="json")))
    ]
    assert not found, f"{reason}: {found}"


@pytest.mark.parametrize("answer", ["residual mapping", "残差写像", "残差", "residual function"])
def test_the_resnet_papers_own_term_is_accepted(answer: str) -> None:
    variant = make_variant(shipped().questions["cnn5.resnet-residual"], 0)
    assert check_answer(variant, answer).correct

"""Parametric questions rarely draw degenerate variants (issue 15, defect 2): a draw that makes
the question trivial or blurs its key teaches nothing, so its share per question is bounded.

Degenerate, for every numeric question: a key of exactly 0 (disjoint boxes, a gradient that
vanishes), unless a zero is the point of the question; a key that, rounded to the precision the
prompt asks for, keeps fewer than two significant digits (0.00036 to 4 decimals). Per generator,
the draws its family knows to be trivial: p_data = p_g, a stack of 1×1 layers, a transposed
convolution that shrinks its input, a binomial probability too small for its 4 decimals.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest

from tests.bank.test_precision import _EN, rounded, stated
from tests.bank.test_shipped_bank import shipped
from trainer.bank.schema import NumericQuestion
from trainer.bank.variants import Variant, make_variant

SEEDS = range(200)
ZERO_SHARE = 0.10
BLURRED_SHARE = 0.025  # a signed value now and then lands near 0

ZERO_IS_THE_POINT = {
    "fam.iou-edge-cases": "disjoint and touching boxes (IoU 0) are the edge cases it drills",
    "fnd.relu-derivative-value": "ReLU's derivative is 0 for x < 0",
    "ml.ridge-lasso-1d": "lasso setting a weight to exactly 0 is what it teaches",
    "cnn5.max-pool-backward": "positions that were not the maximum get gradient 0",
    "cnn5.conv-backward-term-count": "pixels no window covers get no term",
}


def _value_ask_equal(variant: Variant) -> bool:
    params = variant.params
    return bool(params.get("ask") == "value" and params["p_data"] == params["p_g"])


def _only_one_by_one(variant: Variant) -> bool:
    return all(k == 1 for k, _ in variant.params["stack"])


def _shrinks(variant: Variant) -> bool:
    assert variant.number is not None
    return variant.number < variant.params["H"]


def _under_a_thousandth(variant: Variant) -> bool:
    assert variant.number is not None
    return variant.number < 0.001


TRIVIAL: dict[str, tuple[str, Callable[[Variant], bool], float]] = {
    "gan-optimum": ("p_data = p_g (V = −log 4 by rote)", _value_ask_equal, 0.10),
    "receptive-field": ("a stack of 1×1 layers only", _only_one_by_one, 0.0),
    "transposed-conv-size": ("a transposed convolution that shrinks", _shrinks, 0.0),
    "binomial": ("a probability under 0.001, asked to 4 decimals", _under_a_thousandth, 0.0),
}


def significant_digits(text: str) -> int:
    digits = Decimal(text).as_tuple().digits
    return len("".join(map(str, digits)).lstrip("0"))


def blurred(variant: Variant) -> bool:
    """A non-zero key that, rounded as the prompt asks, keeps fewer than 2 significant digits."""
    assert variant.number is not None
    precision = stated(variant.prompt.en, _EN)
    if precision is None or variant.number == 0 or precision[0] == "significant":
        return False
    shown = rounded(variant.number, precision)
    return Decimal(shown) != Decimal(repr(variant.number)) and significant_digits(shown) < 2


def numeric_parametric() -> list[str]:
    return [
        q.id
        for q in shipped().questions.values()
        if isinstance(q, NumericQuestion) and q.parametric
    ]


def share(variants: list[Variant], predicate: Callable[[Variant], bool]) -> tuple[float, Any]:
    hits = [v.seed for v in variants if predicate(v)]
    return len(hits) / len(variants), hits[:5]


@pytest.mark.parametrize("question_id", numeric_parametric())
def test_degenerate_draws_are_rare(question_id: str) -> None:
    question = shipped().questions[question_id]
    variants = [make_variant(question, seed) for seed in SEEDS]
    if question_id not in ZERO_IS_THE_POINT:
        part, seeds = share(variants, lambda v: v.number == 0)
        assert part <= ZERO_SHARE, f"{part:.0%} of the draws have the key 0 (seeds {seeds})"
    part, seeds = share(variants, blurred)
    assert part <= BLURRED_SHARE, (
        f"{part:.0%} of the keys keep under 2 significant digits at the precision asked "
        f"(seeds {seeds})"
    )
    assert question.generator is not None
    if question.generator in TRIVIAL:
        what, predicate, bound = TRIVIAL[question.generator]
        part, seeds = share(variants, predicate)
        assert part <= bound, f"{part:.0%} of the draws are trivial: {what} (seeds {seeds})"


def test_blurred_keys() -> None:
    assert significant_digits("0.0004") == 1
    assert significant_digits("0.0012") == 2
    assert significant_digits("120") == 3

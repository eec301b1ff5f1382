"""Givens that contradict each other or leave the key open (issue 15, defect 3): every question
states the convention its key depends on, and its drawn values obey the rules it states."""

from __future__ import annotations

import math
import re

import pytest

from tests.bank.test_shipped_bank import shipped
from trainer.bank.variants import Variant, make_variant

SEEDS = range(200)

_FLOOR = re.compile(r"⌊([^⌋]+)⌋")
_ARITHMETIC = re.compile(r"^[\d\s.+\-*/()]+$")
FLOOR_STATED_JA = ("はみ出す位置には置かない", "収まる位置にだけ", "切り捨て", "center=True")
FLOOR_STATED_EN = ("entirely inside", "lies inside", "round down", "floor", "center=True")


def floored_fractions(explanation: str) -> list[str]:
    """The ⌊…⌋ in a worked explanation whose argument is not a whole number."""
    found = []
    for argument in _FLOOR.findall(explanation):
        arithmetic = argument.replace("×", "*").replace("−", "-").replace("÷", "/")
        if not _ARITHMETIC.match(arithmetic):
            continue
        value = eval(arithmetic, {"__builtins__": {}})  # digits and + - * / ( ) only
        if not float(value).is_integer():
            found.append(argument)
    return found


def parametric_ids() -> list[str]:
    return [q.id for q in shipped().questions.values() if q.parametric]


@pytest.mark.parametrize("question_id", parametric_ids())
def test_a_floored_key_states_the_floor_convention(question_id: str) -> None:
    """Where a draw's size does not divide evenly, the prompt says how the remainder goes (the
    window is only placed where it fits: the floor), in both languages."""
    question = shipped().questions[question_id]
    for seed in SEEDS:
        variant = make_variant(question, seed)
        fractions = floored_fractions(variant.explanation.en)
        if not fractions:
            continue
        assert any(m in variant.prompt.ja for m in FLOOR_STATED_JA), (
            f"seed {seed}: ⌊{fractions[0]}⌋ is not whole, the ja prompt states no floor"
        )
        assert any(m in variant.prompt.en for m in FLOOR_STATED_EN), (
            f"seed {seed}: ⌊{fractions[0]}⌋ is not whole, the en prompt states no floor"
        )


def _activation(name: str, u: float) -> float:
    return math.tanh(u) if name == "tanh" else 1 / (1 + math.exp(-u))


def _question_variants(generator: str) -> list[Variant]:
    return [
        make_variant(q, seed)
        for q in shipped().questions.values()
        if q.generator == generator
        for seed in SEEDS
    ]


def test_the_vanishing_gradient_chain_obeys_its_own_rule() -> None:
    """u_l = w_l·z_(l−1) with no bias fixes u_2, u_3, … from u_1: drawn u must follow it, or the
    rule must carry a bias b_l that the given u include."""
    variants = _question_variants("vanishing-gradient")
    assert variants
    for variant in variants:
        if "+ b_l" in variant.prompt.en:
            assert "b_l" in variant.prompt.ja
            continue
        name, us, ws = (variant.params[k] for k in ("activation", "u", "w"))
        for layer in range(1, len(us)):
            implied = ws[layer] * _activation(name, us[layer - 1])
            assert math.isclose(us[layer], implied, abs_tol=1e-9), (
                f"seed {variant.seed}: u_{layer + 1} = {us[layer]}, but the rule gives "
                f"{ws[layer]}·f({us[layer - 1]}) = {implied:.4g}"
            )


def _nearest(point: list[float], centres: list[list[float]]) -> int:
    distances = [math.dist(point, c) for c in centres]
    return distances.index(min(distances))


def test_the_kmeans_sse_says_whether_points_are_reassigned() -> None:
    """The SSE after the update differs when points move to their new nearest centre: the
    prompt must say which assignment it means."""
    variants = [v for v in _question_variants("kmeans-step") if v.params["ask"] == "sse"]
    assert variants
    for variant in variants:
        points, centres = variant.params["points"], variant.params["centres"]
        first = [_nearest(p, centres) for p in points]
        k = len(centres)
        means = [
            [
                sum(p[d] for p, a in zip(points, first, strict=True) if a == c) / first.count(c)
                for d in range(2)
            ]
            for c in range(k)
        ]
        again = [_nearest(p, means) for p in points]
        if again == first:
            continue
        assert "再割り当て" in variant.prompt.ja and "reassign" in variant.prompt.en, (
            f"seed {variant.seed}: reassigning to the updated centres changes the clusters, "
            "and the prompt does not say which assignment the SSE uses"
        )


def test_nms_states_how_a_tie_with_the_threshold_goes() -> None:
    """An IoU exactly at the threshold is drawn on purpose (the strict-threshold slip): the
    prompt says such a box is suppressed ("at least" / "以上")."""
    for variant in _question_variants("nms-kept"):
        assert "以上" in variant.prompt.ja and "at least" in variant.prompt.en


def test_the_bptt_hint_uses_the_drawn_activation() -> None:
    """The example in the prompt writes the derivative of the activation drawn, never tanh's
    1 - h**2 in a sigmoid variant."""
    for variant in _question_variants("bptt"):
        if variant.params["activation"] == "sigmoid":
            for prompt in (variant.prompt.ja, variant.prompt.en):
                assert "1 - h_1**2" not in prompt, f"seed {variant.seed}: tanh's f' in the hint"

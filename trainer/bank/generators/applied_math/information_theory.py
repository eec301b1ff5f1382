"""Information theory (情報理論, syllabus 1-3).

- `information`: entropy, cross-entropy or KL divergence in bits or nats.
- `joint-information`: joint entropy, conditional entropy or mutual information of a 2×2 table.
- `js-divergence`: JS(p ‖ q) = ½ KL(p ‖ m) + ½ KL(q ‖ m), m = (p + q) / 2, of small distributions.
"""

from __future__ import annotations

import math
import random
from collections.abc import Sequence
from typing import Literal

from pydantic import Field

from trainer.bank.generators.common import (
    MAX_TRIES,
    NO_DRAW,
    IntRange,
    distinct,
    draw,
    fmt,
    joint_table_text,
    tenths_distribution,
    twentieths_distribution,
    vec,
    vector,
)
from trainer.bank.generators.registry import Generated, GeneratorConfig, Margin, generator

InfoAsk = Literal["entropy", "cross-entropy", "kl", "self-information"]


Unit = Literal["bits", "nats"]


DYADIC = ((0.5, 0.5), (0.5, 0.25, 0.25), (0.25, 0.25, 0.25, 0.25), (0.5, 0.25, 0.125, 0.125))


class InformationConfig(GeneratorConfig):
    asks: tuple[InfoAsk, ...] = Field(default=("entropy", "cross-entropy", "kl"), min_length=1)
    units: tuple[Unit, ...] = Field(default=("bits", "nats"), min_length=1)
    support: IntRange = (2, 3)


def _entropy_terms(p: Sequence[float], q: Sequence[float], log: float) -> float:
    """−Σ p_i log q_i in the unit whose natural log is `log` (ln 2 for bits, 1 for nats)."""
    return -sum(a * math.log(b) for a, b in zip(p, q, strict=True) if a > 0) / log


def _minus_terms(p: Sequence[float], q: Sequence[float], log: str) -> str:
    """−p₁ log q₁ − p₂ log q₂ − …, written out for explanations."""
    return " − ".join(f"{fmt(a)} {log} {fmt(b)}" for a, b in zip(p, q, strict=True)).join(("−", ""))


@generator(
    "information",
    kind="numeric",
    config=InformationConfig,
    slips=("wrong-unit", "reversed", "entropy-of-p", "no-minus", "cross-entropy-for-kl"),
    margin=Margin(abs=2e-3),
)
def information(rng: random.Random, config: InformationConfig) -> Generated:
    ask = rng.choice(config.asks)
    unit = rng.choice(config.units)
    size = draw(rng, (max(2, config.support[0]), min(4, max(2, config.support[1]))))
    if unit == "bits" and ask == "entropy" and rng.random() < 0.5:
        p = list(rng.choice([d for d in DYADIC if len(d) == size] or [DYADIC[0]]))
        size = len(p)
    else:
        p = tenths_distribution(rng, size)
    while True:
        q = tenths_distribution(rng, size)
        if q != p:
            break
    log, other = (math.log(2), 1.0) if unit == "bits" else (1.0, math.log(2))
    h_p = _entropy_terms(p, p, log)
    h_pq = _entropy_terms(p, q, log)
    slips: dict[str, float] = {}
    if ask == "self-information":
        i = rng.randrange(size)
        answer = -math.log(p[i]) / log
        slips["wrong-unit"] = -math.log(p[i]) / other
        slips["no-minus"] = -answer
        event = str(i + 1)
    elif ask == "entropy":
        answer = h_p
        slips["wrong-unit"] = _entropy_terms(p, p, other)
        slips["no-minus"] = -answer
        event = ""
    elif ask == "cross-entropy":
        answer = h_pq
        slips["wrong-unit"] = _entropy_terms(p, q, other)
        slips["reversed"] = _entropy_terms(q, p, log)
        slips["entropy-of-p"] = h_p
        event = ""
    else:
        answer = h_pq - h_p
        slips["wrong-unit"] = _entropy_terms(p, q, other) - _entropy_terms(p, p, other)
        slips["reversed"] = _entropy_terms(q, p, log) - _entropy_terms(q, q, log)
        slips["cross-entropy-for-kl"] = h_pq
        event = ""
    values = {
        "ask": ask,
        "p": vec(p),
        "q": vec(q),
        "i": event,
        "p_i": fmt(p[int(event) - 1]) if event else "",
        "log_ja": "底 2 の対数 log₂" if unit == "bits" else "自然対数 ln",
        "log_en": "base-2 logarithm log₂" if unit == "bits" else "natural logarithm ln",
        "log": "log₂" if unit == "bits" else "ln",
        "unit_ja": "ビット" if unit == "bits" else "ナット",
        "unit_en": unit,
        "unit1_en": unit[:-1],  # "1 bit": {answer:# {unit1_en}}
        "H_p": fmt(h_p, 4),
        "terms_p": _minus_terms(p, p, "log₂" if unit == "bits" else "ln"),
        "terms_pq": _minus_terms(p, q, "log₂" if unit == "bits" else "ln"),
        "H_pq": fmt(h_pq, 4),
        "answer": fmt(answer, 4),
    }
    return Generated({"ask": ask, "unit": unit, "p": p, "q": q}, values, answer, slips)


JointInfoAsk = Literal["joint", "conditional", "mutual"]


class JointInformationConfig(GeneratorConfig):
    asks: tuple[JointInfoAsk, ...] = Field(default=("joint", "conditional", "mutual"), min_length=1)
    units: tuple[Unit, ...] = Field(default=("bits", "nats"), min_length=1)


def _entropy(probs: Sequence[float], log: float) -> float:
    return -sum(p * math.log(p) for p in probs if p > 0) / log


@generator(
    "joint-information",
    kind="numeric",
    config=JointInformationConfig,
    slips=("wrong-unit", "sum-marginals", "as-hy", "as-joint", "reversed"),
)
def joint_information(rng: random.Random, config: JointInformationConfig) -> Generated:
    ask = rng.choice(config.asks)
    unit = rng.choice(config.units)
    log, other = (math.log(2), 1.0) if unit == "bits" else (1.0, math.log(2))

    def quantities(base: float) -> dict[str, float]:
        h_xy = _entropy(flat, base)
        h_x = _entropy(px, base)
        h_y = _entropy(py, base)
        return {
            "joint": h_xy,
            "conditional": h_xy - h_x,
            "mutual": h_x + h_y - h_xy,
            "H_X": h_x,
            "H_Y": h_y,
            "cond_x": h_xy - h_y,
        }

    while True:
        flat = twentieths_distribution(rng, 4)
        px = [flat[0] + flat[1], flat[2] + flat[3]]
        py = [flat[0] + flat[2], flat[1] + flat[3]]
        q = quantities(log)
        if q["mutual"] > 0.02:
            break
    answer = q[ask]
    wrong = quantities(other)
    slips = {"wrong-unit": wrong[ask]}
    if ask == "joint":
        slips["sum-marginals"] = q["H_X"] + q["H_Y"]
    elif ask == "conditional":
        slips |= {"as-hy": q["H_Y"], "as-joint": q["joint"], "reversed": q["cond_x"]}
    else:
        slips |= {"as-joint": q["joint"], "sum-marginals": q["H_X"] + q["H_Y"]}
    symbol = "log₂" if unit == "bits" else "ln"
    labels = {
        "joint": ("結合エントロピー H(X, Y)", "joint entropy H(X, Y)"),
        "conditional": ("条件付きエントロピー H(Y | X)", "conditional entropy H(Y | X)"),
        "mutual": ("相互情報量 I(X; Y)", "mutual information I(X; Y)"),
    }
    values = {
        "ask": ask,
        "ask_ja": labels[ask][0],
        "ask_en": labels[ask][1],
        "table": joint_table_text([0, 1], [0, 1], [flat[:2], flat[2:]]),
        "log": symbol,
        "log_ja": "底 2 の対数 log₂" if unit == "bits" else "自然対数 ln",
        "log_en": "base-2 logarithm log₂" if unit == "bits" else "natural logarithm ln",
        "unit_ja": "ビット" if unit == "bits" else "ナット",
        "unit_en": unit,
        "unit1_en": unit[:-1],  # "1 bit": {answer:# {unit1_en}}
        "px": vec(px),
        "py": vec(py),
        "H_XY": fmt(q["joint"], 4),
        "H_X": fmt(q["H_X"], 4),
        "H_Y": fmt(q["H_Y"], 4),
        "H_Y_X": fmt(q["conditional"], 4),
        "I": fmt(q["mutual"], 4),
        "answer": fmt(answer, 4),
    }
    params = {"ask": ask, "unit": unit, "cells": flat}
    return Generated(params, values, answer, distinct(slips, answer, 0.002))


Base = Literal["e", "2"]


class JsConfig(GeneratorConfig):
    support: IntRange = (2, 3)
    base: Base = "e"


def tenths(rng: random.Random, size: int) -> list[float]:
    """Probabilities in tenths that sum to 1, each at least 0.1."""
    cuts = sorted(rng.sample(range(1, 10), size - 1))
    edges = [0, *cuts, 10]
    return [(edges[i + 1] - edges[i]) / 10 for i in range(size)]


def kl_div(p: Sequence[float], q: Sequence[float], log: float) -> float:
    return sum(a * math.log(a / b) / log for a, b in zip(p, q, strict=True) if a > 0)


@generator(
    "js-divergence",
    kind="numeric",
    config=JsConfig,
    slips=("symmetric-kl", "no-half", "wrong-base", "one-sided"),
    margin=Margin(abs=2.2e-4),
)
def js_divergence(rng: random.Random, config: JsConfig) -> Generated:
    size = draw(rng, config.support)
    for _ in range(MAX_TRIES):
        p, q = tenths(rng, size), tenths(rng, size)
        if p != q:
            break
    else:
        raise ValueError(NO_DRAW)
    mix = [(a + b) / 2 for a, b in zip(p, q, strict=True)]
    unit = 1.0 if config.base == "e" else math.log(2)
    other = math.log(2) if config.base == "e" else 1.0
    kl_pm, kl_qm = kl_div(p, mix, unit), kl_div(q, mix, unit)
    answer = (kl_pm + kl_qm) / 2
    slips = {
        "symmetric-kl": (kl_div(p, q, unit) + kl_div(q, p, unit)) / 2,
        "no-half": kl_pm + kl_qm,
        "wrong-base": (kl_div(p, mix, other) + kl_div(q, mix, other)) / 2,
        "one-sided": kl_pm,
    }
    values = {
        "p": vector(p),
        "q": vector(q),
        "m": vector(mix, 2),
        "kl_pm": fmt(kl_pm),
        "kl_qm": fmt(kl_qm),
        "answer": fmt(answer),
    }
    return Generated({"p": p, "q": q, "base": config.base}, values, answer, slips)

"""Explainability of deep learning (深層学習の説明性, syllabus 4-9).

- `shapley-value`: an exact Shapley value from a coalition value table, and a missing SHAP value
  from the efficiency property.
"""

from __future__ import annotations

import math
import random
from fractions import Fraction
from itertools import combinations
from typing import Literal

from pydantic import Field

from trainer.bank.generators.common import (
    MAX_TRIES,
    NO_DRAW,
    IntChoices,
    IntRange,
    draw,
    fmt,
    signed,
)
from trainer.bank.generators.registry import Generated, GeneratorConfig, generator

ShapAsk = Literal["exact", "efficiency"]


class ShapleyConfig(GeneratorConfig):
    asks: tuple[ShapAsk, ...] = Field(default=("exact", "efficiency"), min_length=1)
    features: IntChoices = (2, 3)  # for `exact`
    efficiency_features: IntRange = (3, 5)


def shapley_from_table(values: dict[frozenset[int], int], m: int, i: int) -> Fraction:
    """φ_i = Σ_{S ⊆ N∖{i}} |S|!(m − |S| − 1)!/m! · (v(S ∪ {i}) − v(S))."""
    others = [j for j in range(m) if j != i]
    total = Fraction(0)
    for size in range(m):
        weight = Fraction(math.factorial(size) * math.factorial(m - size - 1), math.factorial(m))
        for subset in combinations(others, size):
            s = frozenset(subset)
            total += weight * (values[s | {i}] - values[s])
    return total


def coalition_name(subset: frozenset[int]) -> str:
    if not subset:
        return "v(∅)"
    return "v({" + ",".join(str(j + 1) for j in sorted(subset)) + "})"


def _exact_shapley(rng: random.Random, config: ShapleyConfig) -> Generated:
    m = rng.choice(config.features)
    if m < 2:
        raise ValueError(NO_DRAW)
    for _ in range(MAX_TRIES):
        base = rng.randint(0, 5)
        mains = [rng.choice([v for v in range(-3, 7) if v != 0]) for _ in range(m)]
        pairs = {pair: rng.randint(-3, 3) for pair in combinations(range(m), 2)}
        triple = rng.randint(-2, 2) if m == 3 else 0
        table: dict[frozenset[int], int] = {}
        for size in range(m + 1):
            for subset in combinations(range(m), size):
                s = frozenset(subset)
                table[s] = (
                    base
                    + sum(mains[j] for j in s)
                    + sum(c for pair, c in pairs.items() if set(pair) <= s)
                    + (triple if len(s) == 3 else 0)
                )
        i = rng.randrange(m)
        if any(c for pair, c in pairs.items() if i in pair):
            break
    else:
        raise ValueError(NO_DRAW)
    phi = shapley_from_table(table, m, i)
    everyone = frozenset(range(m))
    others = [j for j in range(m) if j != i]
    contributions = [
        table[frozenset(s) | {i}] - table[frozenset(s)]
        for size in range(m)
        for s in combinations(others, size)
    ]
    slips = {
        "leave-one-out": float(table[everyone] - table[everyone - {i}]),
        "alone": float(table[frozenset({i})] - table[frozenset()]),
        "unweighted": sum(contributions) / len(contributions),
    }
    steps = []
    for size in range(m):
        weight = Fraction(math.factorial(size) * math.factorial(m - size - 1), math.factorial(m))
        for subset in combinations(others, size):
            s = frozenset(subset)
            with_i = coalition_name(s | {i})
            steps.append(f"{weight}×({with_i} − {coalition_name(s)})")
    ordered = sorted(table, key=lambda s: (len(s), sorted(s)))
    values = {
        "ask": "exact",
        "M": str(m),
        "i": str(i + 1),
        "features": ", ".join(f"x{j + 1}" for j in range(m)),
        "table": ", ".join(f"{coalition_name(s)} = {table[s]}" for s in ordered),
        "terms": " + ".join(steps),
        "contributions": ", ".join(str(c) for c in contributions),
        "fraction": str(phi),
        "answer": fmt(float(phi), 4),
        "fx": str(table[everyone]),
        "base": str(table[frozenset()]),
    }
    params = {
        "ask": "exact",
        "m": m,
        "i": i,
        "table": {",".join(str(j) for j in sorted(s)): v for s, v in table.items()},
    }
    return Generated(params, values, float(phi), slips)


def _efficiency(rng: random.Random, config: ShapleyConfig) -> Generated:
    m = draw(rng, config.efficiency_features)
    if m < 2:
        raise ValueError(NO_DRAW)
    base = rng.randint(200, 600)  # tenths
    phis = [rng.choice([v for v in range(-80, 81) if abs(v) >= 3]) for _ in range(m)]
    fx = base + sum(phis)
    i = rng.randrange(m)
    rest = sum(p for j, p in enumerate(phis) if j != i)
    answer = phis[i] / 10
    slips = {"no-base": (fx - rest) / 10, "added-base": (fx + base - rest) / 10}
    given = [f"φ{j + 1} = {fmt(p / 10)}" for j, p in enumerate(phis) if j != i]
    values = {
        "ask": "efficiency",
        "M": str(m),
        "i": str(i + 1),
        "base": fmt(base / 10),
        "fx": fmt(fx / 10),
        "given": ", ".join(given),
        "rest": fmt(rest / 10),
        "rest_terms": " + ".join(signed(p / 10) for j, p in enumerate(phis) if j != i),
        "answer": fmt(answer),
    }
    params = {"ask": "efficiency", "base": base / 10, "phis": [p / 10 for p in phis], "i": i}
    return Generated(params, values, answer, slips)


@generator(
    "shapley-value",
    kind="numeric",
    config=ShapleyConfig,
    slips=("leave-one-out", "alone", "unweighted", "no-base", "added-base"),
)
def shapley_value(rng: random.Random, config: ShapleyConfig) -> Generated:
    ask = rng.choice(config.asks)
    if ask == "exact":
        return _exact_shapley(rng, config)
    return _efficiency(rng, config)

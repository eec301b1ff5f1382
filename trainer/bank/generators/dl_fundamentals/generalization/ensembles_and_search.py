"""Ensembles and hyperparameter search (syllabus 3-7-4, 3-7-5).

- `ensemble-variance`: variance of the mean of n equally correlated predictors, ρσ² + (1 − ρ)σ²/n.
- `bootstrap-sample`: the chance that a sample is missing from a bootstrap sample, (1 − 1/N)^N, and
  the expected number of distinct samples in it.
- `hyperparameter-search`: grid-search runs, random-search trials for a hit in the top q, and the
  probability of an interval under log-uniform learning-rate sampling.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable
from fractions import Fraction
from typing import Literal

from pydantic import Field

from trainer.bank.generators.common import MAX_TRIES, NO_DRAW, IntChoices, IntRange, draw, fmt
from trainer.bank.generators.registry import Generated, GeneratorConfig, generator


def truncated(value: float, digits: int = 3) -> str:
    """A value cut (not rounded) to `digits` decimals, so 98.9995 % does not read as 99 %."""
    scale = 10**digits
    return fmt(math.floor(value * scale) / scale, digits)


class EnsembleVarianceConfig(GeneratorConfig):
    models: IntRange = (2, 10)
    variances: tuple[float, ...] = Field(default=(0.5, 1.0, 2.0, 4.0, 9.0), min_length=1)
    correlations: tuple[float, ...] = Field(
        default=(0.1, 0.2, 0.25, 0.3, 0.4, 0.5, 0.6, 0.75, 0.8), min_length=1
    )


@generator(
    "ensemble-variance",
    kind="numeric",
    config=EnsembleVarianceConfig,
    slips=("independent", "single-model", "swapped"),
)
def ensemble_variance(rng: random.Random, config: EnsembleVarianceConfig) -> Generated:
    n = draw(rng, config.models)
    var = rng.choice(config.variances)
    rho = rng.choice(config.correlations)
    shared = rho * var
    private = (1 - rho) * var / n
    answer = shared + private
    slips = {
        "independent": var / n,
        "single-model": var,
        "swapped": (1 - rho) * var + rho * var / n,
    }
    values = {
        "n": str(n),
        "var": fmt(var),
        "rho": fmt(rho),
        "shared": fmt(shared, 5),
        "private": fmt(private, 5),
        "limit": fmt(shared, 5),
        "answer": fmt(answer, 5),
    }
    return Generated({"n": n, "var": var, "rho": rho}, values, answer, slips)


BootstrapAsk = Literal["absent", "distinct"]


class BootstrapConfig(GeneratorConfig):
    asks: tuple[BootstrapAsk, ...] = Field(default=("absent", "distinct"), min_length=1)
    size: IntRange = (4, 20)


@generator(
    "bootstrap-sample",
    kind="numeric",
    config=BootstrapConfig,
    slips=("limit", "one-draw", "complement"),
)
def bootstrap_sample(rng: random.Random, config: BootstrapConfig) -> Generated:
    ask = rng.choice(config.asks)
    n = draw(rng, config.size)
    if n < 2:
        raise ValueError(NO_DRAW)
    absent = (1 - 1 / n) ** n
    if ask == "absent":
        answer = absent
        slips = {"limit": math.exp(-1), "one-draw": 1 - 1 / n, "complement": 1 - absent}
    else:
        answer = n * (1 - absent)
        slips = {"limit": n * (1 - math.exp(-1)), "complement": n * absent}
    values = {
        "ask": ask,
        "ask_ja": "ある特定のサンプルが 1 度も選ばれない確率"
        if ask == "absent"
        else "ブートストラップ標本に含まれる異なる（重複を除いた）サンプル数の期待値",
        "ask_en": "probability that one particular sample is never drawn"
        if ask == "absent"
        else "expected number of distinct samples in the bootstrap sample",
        "N": str(n),
        "miss": fmt(1 - 1 / n, 4),
        "absent": fmt(absent, 4),
        "distinct": fmt(n * (1 - absent), 4),
        "answer": fmt(answer, 4),
    }
    return Generated({"ask": ask, "N": n}, values, answer, slips)


SearchAsk = Literal["grid", "random", "log-uniform"]


class SearchConfig(GeneratorConfig):
    asks: tuple[SearchAsk, ...] = Field(default=("grid", "random", "log-uniform"), min_length=1)
    hyperparameters: IntRange = (3, 4)
    top_percent: IntChoices = (1, 2, 5, 10)
    confidence_percent: IntChoices = (90, 95, 99)


# (ja, en, candidate count, whether the candidates are given as a range to count)
Candidate = tuple[str, str, int, bool]


def _lr_candidates(rng: random.Random) -> Candidate:
    low, high = rng.randint(-6, -4), rng.randint(-2, -1)
    return (
        f"学習率: 10^{low} から 10^{high} まで 10 倍ずつ",
        f"learning rate: 10^{low} to 10^{high}, a factor of 10 apart",
        high - low + 1,
        True,
    )


def _unit_candidates(rng: random.Random) -> Candidate:
    low, high = rng.randint(5, 6), rng.randint(8, 10)
    return (
        f"中間層のユニット数: {2**low} から {2**high} まで 2 倍ずつ",
        f"hidden units: {2**low} to {2**high}, doubling each time",
        high - low + 1,
        True,
    )


def _layer_candidates(rng: random.Random) -> Candidate:
    low, high = rng.randint(1, 2), rng.randint(4, 6)
    return (
        f"中間層の数: {low} から {high} まで 1 ずつ",
        f"hidden layers: {low} to {high}, in steps of 1",
        high - low + 1,
        True,
    )


def _dropout_candidates(rng: random.Random) -> Candidate:
    options = rng.choice([(0.1, 0.3, 0.5), (0.0, 0.2, 0.4, 0.6), (0.2, 0.5)])
    text = ", ".join(fmt(o) for o in options)
    return (f"ドロップアウト率: {{{text}}}", f"dropout rate: {{{text}}}", len(options), False)


def _batch_candidates(rng: random.Random) -> Candidate:
    options = rng.choice([(32, 64, 128), (16, 32, 64, 128), (64, 256)])
    text = ", ".join(str(o) for o in options)
    return (f"バッチサイズ: {{{text}}}", f"batch size: {{{text}}}", len(options), False)


def _optimizer_candidates(rng: random.Random) -> Candidate:
    options = rng.choice([("SGD", "Adam"), ("SGD", "Momentum", "Adam")])
    text = ", ".join(options)
    return (f"最適化手法: {{{text}}}", f"optimizer: {{{text}}}", len(options), False)


RANGED: tuple[Callable[[random.Random], Candidate], ...] = (
    _lr_candidates,
    _unit_candidates,
    _layer_candidates,
)


LISTED: tuple[Callable[[random.Random], Candidate], ...] = (
    _dropout_candidates,
    _batch_candidates,
    _optimizer_candidates,
)


def _grid(rng: random.Random, config: SearchConfig) -> Generated:
    m = draw(rng, config.hyperparameters)
    if not 2 <= m <= len(RANGED) + len(LISTED):
        raise ValueError(NO_DRAW)
    ranged = rng.randint(max(1, m - len(LISTED)), min(len(RANGED), m - 1))
    makers = rng.sample(RANGED, ranged) + rng.sample(LISTED, m - ranged)
    rng.shuffle(makers)
    candidates = [make(rng) for make in makers]
    counts = [c[2] for c in candidates]
    answer = math.prod(counts)
    fencepost = math.prod(c[2] - 1 if c[3] else c[2] for c in candidates)
    slips = {"sum": float(sum(counts)), "fencepost": float(fencepost)}
    values = {
        "ask": "grid",
        "list_ja": "、".join(f"「{c[0]}」" for c in candidates),
        "list_en": "; ".join(c[1] for c in candidates),
        "m": str(m),
        "counts": " × ".join(map(str, counts)),
        "answer": str(answer),
    }
    return Generated({"ask": "grid", "counts": counts}, values, float(answer), slips)


def _random(rng: random.Random, config: SearchConfig) -> Generated:
    q = Fraction(rng.choice(config.top_percent), 100)
    target = Fraction(rng.choice(config.confidence_percent), 100)
    if not (0 < q < 1 and 0 < target < 1):
        raise ValueError(NO_DRAW)
    n, miss = 0, Fraction(1)
    while 1 - miss < target:
        n += 1
        miss *= 1 - q
    below = 1 - (1 - q) ** (n - 1)
    slips = {"expected": float(math.ceil(1 / q)), "linear": float(math.ceil(target / q))}
    values = {
        "ask": "random",
        "q": fmt(float(q) * 100),
        "P": fmt(float(target) * 100),
        "target": fmt(float(target)),
        "keep": fmt(float(1 - q)),
        "fail": fmt(float(1 - target)),
        "log_ratio": fmt(math.log(1 - float(target)) / math.log(1 - float(q)), 3),
        "answer": str(n),
        "before": str(n - 1),
        "p_before": truncated(float(below) * 100),
        "p_answer": truncated(float(1 - miss) * 100),
    }
    params = {"ask": "random", "q": float(q), "P": float(target)}
    return Generated(params, values, float(n), slips)


MANTISSAS = (1, 2, 3, 5)


def _log_uniform(rng: random.Random) -> Generated:
    for _ in range(MAX_TRIES):
        a, b = rng.randint(-6, -4), rng.randint(-2, 0)
        lo = (rng.choice(MANTISSAS), rng.randint(a, b - 1))
        hi = (rng.choice(MANTISSAS), rng.randint(lo[1], b - 1))
        low, high = lo[0] * 10.0 ** lo[1], hi[0] * 10.0 ** hi[1]
        if low < high and (lo[0], hi[0]) != (1, 1) and high / low >= 5:
            break
    else:
        raise ValueError(NO_DRAW)
    answer = (math.log10(high) - math.log10(low)) / (b - a)
    linear = (high - low) / (10.0**b - 10.0**a)
    values = {
        "ask": "log-uniform",
        "a": str(a),
        "b": str(b),
        "low": f"{lo[0]}×10^{lo[1]}",
        "high": f"{hi[0]}×10^{hi[1]}",
        "log_low": fmt(math.log10(low), 4),
        "log_high": fmt(math.log10(high), 4),
        "width": str(b - a),
        "answer": fmt(answer, 4),
        "linear": fmt(linear, 4),
    }
    params = {"ask": "log-uniform", "a": a, "b": b, "low": list(lo), "high": list(hi)}
    return Generated(params, values, answer, {"linear": linear})


@generator(
    "hyperparameter-search",
    kind="numeric",
    config=SearchConfig,
    slips=("sum", "fencepost", "expected", "linear"),
)
def hyperparameter_search(rng: random.Random, config: SearchConfig) -> Generated:
    ask = rng.choice(config.asks)
    if ask == "grid":
        return _grid(rng, config)
    if ask == "random":
        return _random(rng, config)
    return _log_uniform(rng)

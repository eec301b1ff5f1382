"""Challenges of machine learning (syllabus 2-1-10): bias and variance, the curse of dimensionality.

- `bias-variance`: bias², variance or expected squared error of predictions at one point.
- `hypercube-edge`: the curse of dimensionality in the unit hypercube.
"""

from __future__ import annotations

import random
from typing import Literal

from pydantic import Field

from trainer.bank.generators.common import IntChoices, IntRange, distinct, draw, fmt, vec
from trainer.bank.generators.registry import Generated, GeneratorConfig, generator

BiasVarianceAsk = Literal["bias2", "variance", "mse"]


class BiasVarianceConfig(GeneratorConfig):
    asks: tuple[BiasVarianceAsk, ...] = Field(default=("bias2", "variance", "mse"), min_length=1)
    models: IntRange = (4, 6)


@generator(
    "bias-variance",
    kind="numeric",
    config=BiasVarianceConfig,
    slips=("bias-not-squared", "unbiased", "as-mse", "bias2-only", "variance-only"),
)
def bias_variance(rng: random.Random, config: BiasVarianceConfig) -> Generated:
    ask = rng.choice(config.asks)
    while True:
        m = draw(rng, (max(2, config.models[0]), max(2, config.models[1])))
        truth = float(rng.randint(1, 5))
        shift = rng.choice((-1.0, -0.5, 0.5, 1.0))
        preds = [round(truth + shift + rng.randint(-10, 10) / 10, 1) for _ in range(m)]
        mean = sum(preds) / m
        bias = mean - truth
        var = sum((p - mean) ** 2 for p in preds) / m
        mse = sum((p - truth) ** 2 for p in preds) / m
        if abs(bias) > 0.05 and var > 0.01:
            break
    by_ask = {"bias2": bias * bias, "variance": var, "mse": mse}
    answer = by_ask[ask]
    slips: dict[str, float]
    if ask == "bias2":
        slips = {"bias-not-squared": bias, "as-mse": mse}
    elif ask == "variance":
        slips = {"unbiased": var * m / (m - 1), "as-mse": mse}
    else:
        slips = {"bias2-only": bias * bias, "variance-only": var}
    labels = {
        "bias2": ("バイアスの二乗 (E[ŷ] − f(x₀))²", "squared bias (E[ŷ] − f(x₀))²"),
        "variance": ("バリアンス E[(ŷ − E[ŷ])²]", "variance E[(ŷ − E[ŷ])²]"),
        "mse": ("期待二乗誤差 E[(ŷ − f(x₀))²]", "expected squared error E[(ŷ − f(x₀))²]"),
    }
    values = {
        "ask": ask,
        "ask_ja": labels[ask][0],
        "ask_en": labels[ask][1],
        "M": str(m),
        "f": fmt(truth),
        "preds": vec(preds),
        "mean": fmt(mean, 4),
        "bias": fmt(bias, 4),
        "bias2": fmt(bias * bias, 4),
        "var": fmt(var, 4),
        "mse": fmt(mse, 4),
        "answer": fmt(answer, 4),
    }
    params = {"ask": ask, "truth": truth, "preds": preds}
    return Generated(params, values, answer, distinct(slips, answer, 0.002))


HypercubeAsk = Literal["edge", "fraction"]


class HypercubeConfig(GeneratorConfig):
    asks: tuple[HypercubeAsk, ...] = Field(default=("edge", "fraction"), min_length=1)
    dims: IntChoices = (2, 3, 5, 10, 20, 50, 100)


@generator(
    "hypercube-edge",
    kind="numeric",
    config=HypercubeConfig,
    slips=("linear", "inverted-power"),
)
def hypercube_edge(rng: random.Random, config: HypercubeConfig) -> Generated:
    ask = rng.choice(config.asks)
    while True:
        d = rng.choice(config.dims)
        if ask == "edge":
            given = rng.choice((0.01, 0.05, 0.1, 0.2, 0.5))
            answer = given ** (1 / d)
            slips = {"linear": given, "inverted-power": given**d}
            work = f"e = r^(1/d) = {fmt(given)}^(1/{d})"
        else:
            given = rng.choice((0.5, 0.8, 0.9, 0.95, 0.99))
            answer = given**d
            slips = {"linear": given, "inverted-power": given ** (1 / d)}
            work = f"r = e^d = {fmt(given)}^{d}"
        if answer >= 1e-4:
            break
    values = {"ask": ask, "d": str(d), "given": fmt(given), "work": work, "answer": f"{answer:.4g}"}
    if ask == "edge":
        values["task_ja"] = (
            f"全データの {fmt(100 * given)}% を含む部分超立方体 [0, e]^{d} を作るとき、"
            "その 1 辺の長さ e を"
        )
        values["task_en"] = (
            f"the edge length e of a sub-cube [0, e]^{d} that holds {fmt(100 * given)}% of the data"
        )
    else:
        values["task_ja"] = (
            f"1 辺の長さ e = {fmt(given)} の部分超立方体 [0, e]^{d} に入るデータの割合を"
        )
        values["task_en"] = (
            f"the fraction of the data inside the sub-cube [0, e]^{d} with edge e = {fmt(given)}"
        )
    slips = distinct(slips, answer, answer * 0.01)
    return Generated({"ask": ask, "d": d, "given": given}, values, answer, slips)

"""Normalisation layers (syllabus 3-7-3).

- `batch-norm`: mean, biased variance, x̂ = (x − μ)/√(σ² + ε) or y = γx̂ + β of one feature.
"""

from __future__ import annotations

import math
import random
from collections.abc import Sequence
from typing import Literal

from pydantic import Field

from trainer.bank.generators.common import IntRange, draw, fmt, signed, vec
from trainer.bank.generators.registry import Generated, GeneratorConfig, Margin, generator

BatchNormAsk = Literal["mean", "variance", "normalized", "output"]


class BatchNormConfig(GeneratorConfig):
    asks: tuple[BatchNormAsk, ...] = Field(default=("normalized", "output"), min_length=1)
    size: IntRange = (3, 5)
    eps: tuple[float, ...] = Field(default=(0.0,), min_length=1)


def batch_norm(
    xs: Sequence[float], gamma: float, beta: float, eps: float
) -> tuple[float, float, list[float], list[float]]:
    m = len(xs)
    mean = sum(xs) / m
    var = sum((x - mean) ** 2 for x in xs) / m
    xhat = [(x - mean) / math.sqrt(var + eps) for x in xs]
    return mean, var, xhat, [gamma * v + beta for v in xhat]


@generator(
    "batch-norm",
    kind="numeric",
    config=BatchNormConfig,
    slips=("unbiased", "no-affine", "variance-not-std", "eps-outside"),
    margin=Margin(abs=2e-3),
)
def batch_norm_question(rng: random.Random, config: BatchNormConfig) -> Generated:
    ask = rng.choice(config.asks)
    m = draw(rng, (max(2, config.size[0]), max(2, config.size[1])))
    while True:
        xs = [float(rng.randint(-3, 9)) for _ in range(m)]
        if len(set(xs)) > 1:
            break
    i = rng.randrange(m)
    gamma = rng.choice((0.5, 1.5, 2.0, 3.0))
    beta = rng.choice((-1.0, 0.5, 1.0, 2.0))
    eps = rng.choice(config.eps)
    mean, var, xhat, ys = batch_norm(xs, gamma, beta, eps)
    var_unbiased = var * m / (m - 1)
    unbiased_hat = (xs[i] - mean) / math.sqrt(var_unbiased + eps)
    by_variance = (xs[i] - mean) / (var + eps)
    outside = (xs[i] - mean) / (math.sqrt(var) + eps)
    slips: dict[str, float]
    if ask == "mean":
        answer = mean
        slips = {}
    elif ask == "variance":
        answer = var
        slips = {"unbiased": var_unbiased}
    elif ask == "normalized":
        answer = xhat[i]
        slips = {"unbiased": unbiased_hat, "variance-not-std": by_variance}
        if eps:
            slips["eps-outside"] = outside
    else:
        answer = ys[i]
        slips = {
            "unbiased": gamma * unbiased_hat + beta,
            "no-affine": xhat[i],
            "variance-not-std": gamma * by_variance + beta,
        }
        if eps:
            slips["eps-outside"] = gamma * outside + beta
    values = {
        "ask": ask,
        "m": str(m),
        "x": vec(xs),
        "i": str(i + 1),
        "x_i": fmt(xs[i]),
        "mean": fmt(mean, 4),
        "var": fmt(var, 4),
        "eps": fmt(eps),
        "std": fmt(math.sqrt(var + eps), 4),
        "xhat": fmt(xhat[i], 4),
        "xhat_s": signed(xhat[i]),
        "beta_s": signed(beta),
        "gamma": fmt(gamma),
        "beta": fmt(beta),
        "answer": fmt(answer, 4),
    }
    params = {"ask": ask, "x": xs, "i": i, "gamma": gamma, "beta": beta, "eps": eps}
    return Generated(params, values, answer, slips)

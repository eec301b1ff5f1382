"""Distributions (syllabus 1-2-1 to 1-2-3): expectations, joint tables,
Bernoulli/binomial/multinomial, Gaussian and t.

- `expectation-variance`: E[X], V[X] = E[X²] − E[X]² or V[aX + b] = a²V[X] of a small discrete
  distribution.
- `binomial`: P(X = k) = C(n, k)·p^k·(1 − p)^(n − k) of a binomial distribution.
- `joint-table`: a conditional probability, covariance or correlation from a 2×2 joint table.
- `multinomial`: the probability of given category counts in n independent categorical trials.
- `gaussian`: a normal density value, or the responsibility of a mixture component.
- `t-statistic`: a one-sample t statistic, or the standard error σ/√n of the sample mean (CLT).
"""

from __future__ import annotations

import math
import random
from typing import Literal

from pydantic import Field

from trainer.bank.generators.common import (
    MAX_TRIES,
    NO_DRAW,
    IntChoices,
    IntRange,
    distinct,
    draw,
    fmt,
    joint_table_text,
    signed,
    tenths_distribution,
    twentieths_distribution,
    vec,
)
from trainer.bank.generators.registry import Generated, GeneratorConfig, Margin, generator

MomentAsk = Literal["mean", "variance", "linear-variance"]


class MomentConfig(GeneratorConfig):
    asks: tuple[MomentAsk, ...] = Field(default=("mean", "variance"), min_length=1)
    support: IntRange = (3, 4)


@generator(
    "expectation-variance",
    kind="numeric",
    config=MomentConfig,
    slips=("second-moment", "unweighted", "scale-not-squared", "with-shift"),
)
def expectation_variance(rng: random.Random, config: MomentConfig) -> Generated:
    ask = rng.choice(config.asks)
    size = draw(rng, (max(2, config.support[0]), min(5, max(2, config.support[1]))))
    xs = sorted(rng.sample(range(-2, 7), size))
    ps = tenths_distribution(rng, size)
    mean = sum(x * p for x, p in zip(xs, ps, strict=True))
    second = sum(x * x * p for x, p in zip(xs, ps, strict=True))
    var = second - mean**2
    scale = rng.choice((2, 3, -2, -3))
    shift = rng.choice((1, 2, 5, -1))
    slips: dict[str, float]
    if ask == "mean":
        answer = mean
        slips = {"unweighted": sum(xs) / size}
    elif ask == "variance":
        answer = var
        slips = {"second-moment": second, "unweighted": sum((x - mean) ** 2 for x in xs) / size}
    else:
        answer = scale * scale * var
        slips = {"scale-not-squared": scale * var, "with-shift": scale * scale * var + shift}
    labels = {
        "mean": ("期待値（E[X]）", "expectation E[X]"),
        "variance": ("分散（V[X]）", "variance V[X]"),
        "linear-variance": ("分散", "variance"),
    }
    values = {
        "ask": ask,
        "ask_ja": labels[ask][0],
        "ask_en": labels[ask][1],
        "xs": vec(xs),
        "ps": vec(ps),
        "mean": fmt(mean, 4),
        "second": fmt(second, 4),
        "var": fmt(var, 4),
        "a": str(scale),
        "b": str(shift),
        "a2": str(scale * scale),
        "answer": fmt(answer, 4),
    }
    return Generated(
        {"ask": ask, "xs": xs, "ps": ps, "a": scale, "b": shift}, values, answer, slips
    )


class BinomialConfig(GeneratorConfig):
    n: IntRange = (3, 8)


@generator(
    "binomial",
    kind="numeric",
    config=BinomialConfig,
    slips=("no-coefficient", "swapped"),
    margin=Margin(abs=2e-4),
)
def binomial(rng: random.Random, config: BinomialConfig) -> Generated:
    for _ in range(MAX_TRIES):  # a probability under 0.001 keeps one digit at 4 decimals
        n = draw(rng, (max(2, config.n[0]), max(2, config.n[1])))
        k = rng.randint(1, n - 1)
        p = rng.choice((0.1, 0.2, 0.3, 0.4, 0.6, 0.7, 0.8))
        coefficient = math.comb(n, k)
        core = p**k * (1 - p) ** (n - k)
        answer = coefficient * core
        if answer >= 0.001:
            break
    else:
        raise ValueError(NO_DRAW)
    slips = {
        "no-coefficient": core,
        "swapped": coefficient * (1 - p) ** k * p ** (n - k),
    }
    values = {
        "n": str(n),
        "k": str(k),
        "p": fmt(p),
        "q": fmt(1 - p),
        "n_minus_k": str(n - k),
        "comb": str(coefficient),
        "core": fmt(core, 6),
        "answer": fmt(answer, 4),
    }
    return Generated({"n": n, "k": k, "p": p}, values, answer, slips)


def _tenths(rng: random.Random, size: int) -> list[float]:
    cuts = sorted(rng.sample(range(1, 10), size - 1))
    edges = [0, *cuts, 10]
    return [(edges[i + 1] - edges[i]) / 10 for i in range(size)]


JointAsk = Literal["conditional", "covariance", "correlation"]


class JointTableConfig(GeneratorConfig):
    asks: tuple[JointAsk, ...] = Field(
        default=("conditional", "covariance", "correlation"), min_length=1
    )


@generator(
    "joint-table",
    kind="numeric",
    config=JointTableConfig,
    slips=("joint", "reversed", "marginal", "no-subtract", "as-covariance"),
)
def joint_table(rng: random.Random, config: JointTableConfig) -> Generated:
    ask = rng.choice(config.asks)
    while True:
        flat = twentieths_distribution(rng, 4)
        cells = [flat[:2], flat[2:]]
        if ask == "conditional":
            xs, ys = [0, 1], [0, 1]
        else:
            xs = sorted(rng.sample(range(-1, 4), 2))
            ys = sorted(rng.sample(range(-1, 4), 2))
        px = [sum(cells[r]) for r in range(2)]
        py = [cells[0][c] + cells[1][c] for c in range(2)]
        ex = sum(xs[r] * px[r] for r in range(2))
        ey = sum(ys[c] * py[c] for c in range(2))
        exy = sum(xs[r] * ys[c] * cells[r][c] for r in range(2) for c in range(2))
        cov = exy - ex * ey
        if abs(cov) > 0.005:
            break
    vx = sum(xs[r] ** 2 * px[r] for r in range(2)) - ex * ex
    vy = sum(ys[c] ** 2 * py[c] for c in range(2)) - ey * ey
    corr = cov / math.sqrt(vx * vy)
    r, c = rng.randrange(2), rng.randrange(2)
    slips: dict[str, float]
    if ask == "conditional":
        answer = cells[r][c] / px[r]
        slips = {"joint": cells[r][c], "reversed": cells[r][c] / py[c], "marginal": py[c]}
    elif ask == "covariance":
        answer = cov
        slips = {"no-subtract": exy}
    else:
        answer = corr
        slips = {"as-covariance": cov}
    labels = {
        "conditional": ("条件付き確率", "conditional probability"),
        "covariance": ("共分散 Cov(X, Y)", "covariance Cov(X, Y)"),
        "correlation": ("相関係数 ρ(X, Y)", "correlation coefficient ρ(X, Y)"),
    }
    values = {
        "ask": ask,
        "ask_ja": labels[ask][0],
        "ask_en": labels[ask][1],
        "table": joint_table_text(xs, ys, cells),
        "x": str(xs[r]),
        "y": str(ys[c]),
        "pxy": fmt(cells[r][c]),
        "px": fmt(px[r]),
        "px_work": f"{fmt(cells[r][0])} + {fmt(cells[r][1])}",
        "EX": fmt(ex, 4),
        "EY": fmt(ey, 4),
        "EXY": fmt(exy, 4),
        "cov": fmt(cov, 4),
        "VX": fmt(vx, 4),
        "VY": fmt(vy, 4),
        "corr": fmt(corr, 4),
        "answer": fmt(answer, 4),
    }
    params = {"ask": ask, "xs": xs, "ys": ys, "cells": cells, "r": r, "c": c}
    return Generated(params, values, answer, distinct(slips, answer, 0.002))


class MultinomialConfig(GeneratorConfig):
    n: IntRange = (4, 8)


@generator(
    "multinomial",
    kind="numeric",
    config=MultinomialConfig,
    slips=("no-coefficient", "binomial-coefficient"),
)
def multinomial(rng: random.Random, config: MultinomialConfig) -> Generated:
    while True:
        n = draw(rng, (max(2, config.n[0]), max(2, config.n[1])))
        probs = _tenths(rng, 3)
        cut = sorted(rng.randint(0, n) for _ in range(2))
        counts = [cut[0], cut[1] - cut[0], n - cut[1]]
        coefficient = math.factorial(n) // math.prod(math.factorial(k) for k in counts)
        core = math.prod(p**k for p, k in zip(probs, counts, strict=True))
        answer = coefficient * core
        if answer >= 0.01 and min(counts) >= 1:
            break
    slips = {"no-coefficient": core, "binomial-coefficient": math.comb(n, counts[0]) * core}
    values = {
        "n": str(n),
        "probs": ", ".join(f"{name}: {fmt(p)}" for name, p in zip("ABC", probs, strict=True)),
        "counts": ", ".join(f"{name}: {k}" for name, k in zip("ABC", counts, strict=True)),
        "k1": str(counts[0]),
        "k2": str(counts[1]),
        "k3": str(counts[2]),
        "coef": str(coefficient),
        "powers": " × ".join(f"{fmt(p)}^{k}" for p, k in zip(probs, counts, strict=True)),
        "core": fmt(core, 6),
        "answer": fmt(answer, 4),
    }
    params = {"n": n, "probs": probs, "counts": counts}
    return Generated(params, values, answer, distinct(slips, answer, 0.0002))


GaussianAsk = Literal["pdf", "responsibility"]


VARIANCE_CHOICES = (0.25, 1.0, 4.0, 9.0)


Z_STEPS = (-2.0, -1.5, -1.0, -0.5, 0.5, 1.0, 1.5, 2.0)  # x − μ in units of σ


class GaussianConfig(GeneratorConfig):
    asks: tuple[GaussianAsk, ...] = Field(default=("pdf", "responsibility"), min_length=1)


def normal_pdf(x: float, mean: float, variance: float) -> float:
    return math.exp(-((x - mean) ** 2) / (2 * variance)) / math.sqrt(2 * math.pi * variance)


@generator(
    "gaussian",
    kind="numeric",
    config=GaussianConfig,
    slips=("variance-as-std", "no-normaliser", "no-half", "no-prior", "unnormalised"),
)
def gaussian(rng: random.Random, config: GaussianConfig) -> Generated:
    ask = rng.choice(config.asks)
    if ask == "pdf":
        mean = float(rng.randint(-2, 3))
        var = rng.choice(VARIANCE_CHOICES)
        sd = math.sqrt(var)
        x = mean + rng.choice(Z_STEPS) * sd
        answer = normal_pdf(x, mean, var)
        exponent = (x - mean) ** 2 / (2 * var)
        slips = {
            "variance-as-std": math.exp(-((x - mean) ** 2) / (2 * var * var))
            / (math.sqrt(2 * math.pi) * var),
            "no-normaliser": math.exp(-exponent),
            "no-half": math.exp(-((x - mean) ** 2) / var) / (math.sqrt(2 * math.pi) * sd),
        }
        values = {
            "ask": ask,
            "mu": fmt(mean),
            "mu_signed": signed(mean),
            "var": fmt(var),
            "sd": fmt(sd),
            "x": fmt(x),
            "exponent": fmt(exponent, 4),
            "norm": fmt(1 / (math.sqrt(2 * math.pi) * sd), 4),
            "expval": fmt(math.exp(-exponent), 4),
            "answer": fmt(answer, 4),
        }
        params: dict[str, object] = {"ask": ask, "mean": mean, "var": var, "x": x}
        return Generated(params, values, answer, distinct(slips, answer, 0.0002))
    while True:
        pi1 = rng.choice((0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8))
        mu1, mu2 = sorted(rng.sample(range(-2, 5), 2))
        var1, var2 = rng.choice((1.0, 4.0)), rng.choice((1.0, 4.0))
        x = float(rng.randint(mu1 - 1, mu2 + 1))
        n1, n2 = normal_pdf(x, mu1, var1), normal_pdf(x, mu2, var2)
        joint1, joint2 = pi1 * n1, (1 - pi1) * n2
        answer = joint1 / (joint1 + joint2)
        slips = distinct({"no-prior": n1 / (n1 + n2), "unnormalised": joint1}, answer, 0.002)
        if 0.01 < answer < 0.99 and len(slips) == 2:
            break
    values = {
        "ask": ask,
        "pi1": fmt(pi1),
        "pi2": fmt(1 - pi1),
        "mu1": str(mu1),
        "mu2": str(mu2),
        "var1": fmt(var1),
        "var2": fmt(var2),
        "x": fmt(x),
        "N1": fmt(n1, 4),
        "N2": fmt(n2, 4),
        "joint1": fmt(joint1, 4),
        "joint2": fmt(joint2, 4),
        "answer": fmt(answer, 4),
    }
    params = {"ask": ask, "pi1": pi1, "mu": [mu1, mu2], "var": [var1, var2], "x": x}
    return Generated(params, values, answer, slips)


TAsk = Literal["t", "standard-error"]


class TStatisticConfig(GeneratorConfig):
    asks: tuple[TAsk, ...] = Field(default=("t", "standard-error"), min_length=1)
    n: IntRange = (4, 6)
    sample_sizes: IntChoices = (4, 9, 16, 25, 36, 64, 100)


@generator(
    "t-statistic",
    kind="numeric",
    config=TStatisticConfig,
    slips=("biased-std", "no-root-n", "variance", "no-root"),
)
def t_statistic(rng: random.Random, config: TStatisticConfig) -> Generated:
    ask = rng.choice(config.asks)
    if ask == "standard-error":
        sigma = float(rng.choice((2, 3, 4, 5, 6, 8, 10, 12, 15)))
        n = rng.choice(config.sample_sizes)
        mu = rng.choice((10, 50, 100, 170))
        answer = sigma / math.sqrt(n)
        slips = {"variance": sigma**2 / n, "no-root": sigma / n}
        values = {
            "ask": ask,
            "sigma": fmt(sigma),
            "n": str(n),
            "mu": str(mu),
            "root_n": fmt(math.sqrt(n), 4),
            "answer": fmt(answer, 4),
        }
        params: dict[str, object] = {"ask": ask, "sigma": sigma, "n": n}
        return Generated(params, values, answer, distinct(slips, answer, 0.002))
    while True:
        n = draw(rng, (max(3, config.n[0]), max(3, config.n[1])))
        data = [rng.randint(2, 14) for _ in range(n)]
        mean = sum(data) / n
        mu0 = round(mean) + rng.choice((-3, -2, -1, 1, 2, 3))
        ss = sum((v - mean) ** 2 for v in data)
        if ss > 0 and mean != mu0:
            break
    s = math.sqrt(ss / (n - 1))
    answer = (mean - mu0) / (s / math.sqrt(n))
    slips = {
        "biased-std": (mean - mu0) / (math.sqrt(ss / n) / math.sqrt(n)),
        "no-root-n": (mean - mu0) / s,
    }
    values = {
        "ask": ask,
        "data": vec(data),
        "n": str(n),
        "dof": str(n - 1),
        "mu0": str(mu0),
        "mean": fmt(mean, 4),
        "ss": fmt(ss, 4),
        "s2": fmt(ss / (n - 1), 4),
        "s": fmt(s, 4),
        "se": fmt(s / math.sqrt(n), 4),
        "answer": fmt(answer, 4),
    }
    params = {"ask": ask, "data": data, "mu0": mu0}
    return Generated(params, values, answer, distinct(slips, answer, 0.002))

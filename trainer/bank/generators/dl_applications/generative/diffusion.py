"""Diffusion models (syllabus 4-6): the forward process.

- `ddpm-forward`: ᾱ_t = Π_s (1 − β_s) and the closed-form forward step x_t = √ᾱ x₀ + √(1 − ᾱ) ε.
"""

from __future__ import annotations

import math
import random
from typing import Literal

from pydantic import Field

from trainer.bank.generators.common import IntRange, draw, fmt, halves, vector
from trainer.bank.generators.registry import Generated, GeneratorConfig, generator

DdpmAsk = Literal["alpha-bar", "sample"]


BETAS = (0.02, 0.05, 0.1, 0.2, 0.25, 0.3)


ALPHA_BARS = (0.04, 0.09, 0.16, 0.25, 0.36, 0.49, 0.64, 0.81)


class DdpmConfig(GeneratorConfig):
    asks: tuple[DdpmAsk, ...] = Field(default=("alpha-bar", "sample"), min_length=1)
    steps: IntRange = (2, 4)


@generator(
    "ddpm-forward",
    kind="numeric",
    config=DdpmConfig,
    slips=("sum-betas", "last-only", "beta-product", "no-sqrt", "swapped"),
)
def ddpm_forward(rng: random.Random, config: DdpmConfig) -> Generated:
    ask = rng.choice(config.asks)
    if ask == "alpha-bar":
        t = draw(rng, config.steps)
        betas = [rng.choice(BETAS) for _ in range(t)]
        alphas = [1 - b for b in betas]
        answer = math.prod(alphas)
        slips = {
            "sum-betas": 1 - sum(betas),
            "last-only": alphas[-1],
            "beta-product": math.prod(betas),
        }
        values = {
            "ask": ask,
            "t": str(t),
            "betas": vector(betas),
            "alphas": " × ".join(fmt(a) for a in alphas),
            "answer": fmt(answer),
        }
        return Generated({"ask": ask, "betas": betas}, values, answer, slips)
    abar = rng.choice(ALPHA_BARS)
    x0 = halves(rng, -4, 4, nonzero=True)
    eps = rng.choice((-1.5, -1.0, -0.5, 0.5, 1.0, 1.5))
    a, b = math.sqrt(abar), math.sqrt(1 - abar)
    answer = a * x0 + b * eps
    slips = {"no-sqrt": abar * x0 + (1 - abar) * eps, "swapped": b * x0 + a * eps}
    values = {
        "ask": ask,
        "abar": fmt(abar),
        "one_minus": fmt(1 - abar),
        "sqrt_abar": fmt(a),
        "sqrt_one_minus": fmt(b),
        "x0": fmt(x0),
        "eps": fmt(eps),
        "answer": fmt(answer),
    }
    return Generated({"ask": ask, "abar": abar, "x0": x0, "eps": eps}, values, answer, slips)

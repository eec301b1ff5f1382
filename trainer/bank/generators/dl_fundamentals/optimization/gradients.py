"""Gradients (syllabus 3-2-2): numerical differentiation and vanishing gradients.

- `numerical-gradient`: the central difference (E(w+h) − E(w−h)) / 2h of a cubic.
- `vanishing-gradient`: the backpropagated factor Π_l w_l f'(u_l) through a chain of units.
"""

from __future__ import annotations

import math
import random
from collections.abc import Sequence
from typing import Literal

from pydantic import Field

from trainer.bank.generators.common import IntRange, draw, fmt, vec
from trainer.bank.generators.registry import Generated, GeneratorConfig, generator


class NumericalGradientConfig(GeneratorConfig):
    h: tuple[float, ...] = Field(default=(0.1, 0.2, 0.5), min_length=1)
    w: IntRange = (-2, 3)


def _polynomial_text(coefficients: Sequence[int]) -> str:
    """a w³ + b w² + c w, written plainly (coefficients for w³, w², w)."""
    powers = ("w³", "w²", "w")
    text = ""
    for coefficient, power in zip(coefficients, powers, strict=True):
        if coefficient == 0:
            continue
        sign = "−" if coefficient < 0 else "+"
        magnitude = "" if abs(coefficient) == 1 else str(abs(coefficient))
        term = f"{magnitude}{power}"
        text = f"{'−' if sign == '−' else ''}{term}" if not text else f"{text} {sign} {term}"
    return text


def cubic(coefficients: Sequence[int], w: float) -> float:
    a, b, c = coefficients
    return a * w**3 + b * w**2 + c * w


@generator(
    "numerical-gradient",
    kind="numeric",
    config=NumericalGradientConfig,
    slips=("analytic", "forward-difference", "divided-by-h"),
)
def numerical_gradient(rng: random.Random, config: NumericalGradientConfig) -> Generated:
    a = rng.choice((-2, -1, 1, 2, 3))
    b = rng.randint(-3, 3)
    c = rng.randint(-4, 4)
    w = float(draw(rng, config.w))
    h = rng.choice(config.h)
    coefficients = (a, b, c)
    e_plus, e_minus, e_here = (
        cubic(coefficients, w + h),
        cubic(coefficients, w - h),
        cubic(coefficients, w),
    )
    answer = (e_plus - e_minus) / (2 * h)
    analytic = 3 * a * w**2 + 2 * b * w + c
    slips = {
        "analytic": analytic,
        "forward-difference": (e_plus - e_here) / h,
        "divided-by-h": (e_plus - e_minus) / h,
    }
    values = {
        "E": _polynomial_text(coefficients),
        "w": fmt(w),
        "h": fmt(h),
        "w_plus": fmt(w + h),
        "w_minus": fmt(w - h),
        "E_plus": fmt(e_plus, 6),
        "E_minus": fmt(e_minus, 6),
        "diff": fmt(e_plus - e_minus, 6),
        "two_h": fmt(2 * h),
        "analytic": fmt(analytic, 6),
        "error": fmt(answer - analytic, 6),
        "answer": fmt(answer, 6),
    }
    params = {"coefficients": list(coefficients), "w": w, "h": h}
    return Generated(params, values, answer, slips)


ChainActivation = Literal["sigmoid", "tanh"]


class VanishingConfig(GeneratorConfig):
    activations: tuple[ChainActivation, ...] = Field(default=("sigmoid", "tanh"), min_length=1)
    layers: IntRange = (2, 4)


def _activation(name: str, u: float) -> tuple[float, float]:
    if name == "sigmoid":
        s = 1 / (1 + math.exp(-u))
        return s, s * (1 - s)
    t = math.tanh(u)
    return t, 1 - t * t


@generator(
    "vanishing-gradient",
    kind="numeric",
    config=VanishingConfig,
    slips=("activation-values", "no-weights"),
)
def vanishing_gradient(rng: random.Random, config: VanishingConfig) -> Generated:
    name = rng.choice(config.activations)
    n = draw(rng, (max(1, config.layers[0]), max(1, config.layers[1])))
    us = [rng.choice((-2.0, -1.0, 0.0, 0.5, 1.0, 2.0)) for _ in range(n)]
    ws = [rng.choice((0.5, 1.0, 1.5, 2.0, -1.0)) for _ in range(n)]
    pairs = [_activation(name, u) for u in us]
    slopes = [d for _, d in pairs]
    answer = math.prod(w * d for w, d in zip(ws, slopes, strict=True))
    slips = {
        "activation-values": math.prod(w * f for w, (f, _) in zip(ws, pairs, strict=True)),
        "no-weights": math.prod(slopes),
    }
    values = {
        "activation": name,
        "L": str(n),
        "u": vec(us),
        "w": vec(ws),
        "slopes": vec(slopes, 4),
        "factors": " × ".join(f"({fmt(w)}×{fmt(d, 4)})" for w, d in zip(ws, slopes, strict=True)),
        "answer": f"{answer:.4g}",
    }
    return Generated({"activation": name, "u": us, "w": ws}, values, answer, slips)

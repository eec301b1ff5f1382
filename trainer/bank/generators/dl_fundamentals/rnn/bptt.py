"""Backpropagation through time (syllabus 3-5-1): derivatives through time and gradient clipping.

- `bptt`: derivatives through time of a scalar simple RNN, h_t = f(w·h_(t−1) + u·x_t), checked
  against sympy.
- `gradient-clipping`: clipping by the global L2 norm, g ← g·c/‖g‖ when ‖g‖ > c.
"""

from __future__ import annotations

import math
import random
from typing import Literal

from pydantic import Field

from trainer.bank.generators.common import IntRange, draw, fmt, vec
from trainer.bank.generators.registry import Generated, GeneratorConfig, generator

Activation = Literal["tanh", "sigmoid"]


Target = Literal["h0", "w", "u", "x1"]


HIDDEN_RANGE: dict[str, tuple[float, float]] = {"tanh": (-0.9, 0.9), "sigmoid": (0.05, 0.95)}


class BpttConfig(GeneratorConfig):
    steps: tuple[Literal[1, 2, 3], ...] = Field(default=(2, 3), min_length=1)
    activations: tuple[Activation, ...] = Field(default=("tanh", "sigmoid"), min_length=1)
    targets: tuple[Target, ...] = Field(default=("h0", "w", "u", "x1"), min_length=1)


def local_derivative(activation: str, t: int) -> str:
    """f'(a_t) written with the step's output h_t."""
    return f"(1 - h_{t}**2)" if activation == "tanh" else f"h_{t}*(1 - h_{t})"


def derivative(activation: str, steps: int, target: str) -> str:
    """d h_T / d target by the chain rule, as an expression string in w, u, x_t, h_t."""
    if target == "h0":
        return "*".join(f"w*{local_derivative(activation, t)}" for t in range(1, steps + 1))
    if target == "x1":
        factors = [f"u*{local_derivative(activation, 1)}"]
        factors += [f"w*{local_derivative(activation, t)}" for t in range(2, steps + 1)]
        return "*".join(factors)
    # A shared weight: d_t = f'_t * (direct term + w * d_{t-1}), summing every path through time.
    result = ""
    for t in range(1, steps + 1):
        direct = f"h_{t - 1}" if target == "w" else f"x_{t}"
        inner = f"{direct} + w*{result}" if result else direct
        result = f"{local_derivative(activation, t)}*" + (f"({inner})" if result else inner)
    return result


def symbol_domains(activation: str, steps: int) -> dict[str, tuple[float, float]]:
    domains: dict[str, tuple[float, float]] = {"w": (-1.5, 1.5), "u": (-1.5, 1.5)}
    for t in range(steps + 1):
        domains[f"h_{t}"] = HIDDEN_RANGE[activation]
    for t in range(1, steps + 1):
        domains[f"x_{t}"] = (-2.0, 2.0)
    return domains


def _chain_text(activation: str, steps: int, target: str) -> str:
    """The first line of the worked explanation: which partial derivatives are chained."""
    if target in ("h0", "x1"):
        first = "h_0" if target == "h0" else "x_1"
        links = [f"∂h_{t}/∂h_{t - 1}" for t in range(steps, 1, -1)]
        return " · ".join([*links, f"∂h_1/∂{first}"])
    return " + ".join(
        f"∂h_{steps}/∂h_{t} · ∂⁺h_{t}/∂{target}" for t in range(steps, 0, -1)
    ).replace(f"∂h_{steps}/∂h_{steps} · ", "")


@generator("bptt", kind="expression", config=BpttConfig)
def bptt_question(rng: random.Random, config: BpttConfig) -> Generated:
    steps = rng.choice(config.steps)
    activation = rng.choice(config.activations)
    target = rng.choice(config.targets)
    wrt = {"h0": "h_0", "w": "w", "u": "u", "x1": "x_1"}[target]
    answer = derivative(activation, steps, target)
    values = {
        "T": str(steps),
        "activation": activation,
        "wrt": wrt,
        "fprime": local_derivative(activation, 1).replace("_1", "_t"),
        "example": f"w*{local_derivative(activation, 1)}",  # the hint, in the drawn activation
        "chain": _chain_text(activation, steps, target),
        "answer": answer,
    }
    params = {"steps": steps, "activation": activation, "target": target}
    return Generated(params, values, answer, symbols=symbol_domains(activation, steps))


ClipAsk = Literal["component", "norm"]


class ClipConfig(GeneratorConfig):
    asks: tuple[ClipAsk, ...] = Field(default=("component",), min_length=1)
    dims: IntRange = (2, 4)
    thresholds: tuple[float, ...] = Field(default=(1.0, 2.0, 5.0), min_length=1)


@generator(
    "gradient-clipping",
    kind="numeric",
    config=ClipConfig,
    slips=("value-clip", "no-clip", "l1-norm"),
)
def gradient_clipping(rng: random.Random, config: ClipConfig) -> Generated:
    ask = rng.choice(config.asks)
    dims = draw(rng, (max(2, config.dims[0]), max(2, config.dims[1])))
    c = rng.choice(config.thresholds)
    clip = rng.random() < 0.75
    span = 6 if clip else max(1, int(c / math.sqrt(dims)))
    while True:
        g = [float(rng.randint(-span, span)) for _ in range(dims)]
        norm = math.sqrt(sum(x * x for x in g))
        if norm > 0 and (norm > c) == clip and any(abs(x) > 0 for x in g):
            break
    i = max(range(dims), key=lambda j: abs(g[j])) if rng.random() < 0.5 else rng.randrange(dims)
    if g[i] == 0:
        i = max(range(dims), key=lambda j: abs(g[j]))
    scale = min(1.0, c / norm)
    l1 = sum(abs(x) for x in g)
    slips: dict[str, float]
    if ask == "component":
        answer = g[i] * scale
        slips = {
            "value-clip": max(-c, min(c, g[i])),
            "no-clip": g[i],
            "l1-norm": g[i] * min(1.0, c / l1),
        }
    else:
        answer = norm * scale
        slips = {"no-clip": norm}
    values = {
        "ask": ask,
        "g": vec(g),
        "c": fmt(c),
        "i": str(i + 1),
        "g_i": fmt(g[i]),
        "sum_sq": fmt(sum(x * x for x in g)),
        "norm": fmt(norm, 4),
        "scale": fmt(scale, 4),
        "clipped_ja": "超えている" if norm > c else "超えていない",
        "clipped_en": "yes" if norm > c else "no",
        "answer": fmt(answer, 4),
    }
    return Generated({"ask": ask, "g": g, "c": c, "i": i}, values, answer, slips)

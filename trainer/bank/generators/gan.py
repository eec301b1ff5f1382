"""gan-optimum: the optimal discriminator D*(x) = p_data(x) / (p_data(x) + p_g(x)) and V(D*, G).

Two asks: the value of D* at a point from the two densities there, and the value of the minimax
objective at the optimal discriminator for two small discrete distributions,
V(D*, G) = -log 4 + 2 JSD(p_data || p_g), which is -log 4 exactly when p_g = p_data.
"""

from __future__ import annotations

import math
import random
from typing import Literal

from pydantic import Field

from trainer.bank.generators.common import fmt
from trainer.bank.generators.registry import Generated, GeneratorConfig, generator

Ask = Literal["d-star", "value"]


class GanConfig(GeneratorConfig):
    asks: tuple[Ask, ...] = Field(default=("d-star", "value"), min_length=1)
    support: int = Field(default=2, ge=2, le=4)  # points of the discrete distributions


def _distribution(rng: random.Random, size: int) -> list[float]:
    """Probabilities in tenths that sum to 1, each at least 0.1."""
    cuts = sorted(rng.sample(range(1, 10), size - 1))
    edges = [0, *cuts, 10]
    return [(edges[i + 1] - edges[i]) / 10 for i in range(size)]


def value_at_optimum(p_data: list[float], p_g: list[float]) -> float:
    total = 0.0
    for pd, pg in zip(p_data, p_g, strict=True):
        if pd > 0:
            total += pd * math.log(pd / (pd + pg))
        if pg > 0:
            total += pg * math.log(pg / (pd + pg))
    return total


@generator("gan-optimum", kind="numeric", config=GanConfig, slips=("swapped", "log2", "sign"))
def gan_optimum(rng: random.Random, config: GanConfig) -> Generated:
    ask = rng.choice(config.asks)
    if ask == "d-star":
        p_data = rng.randint(1, 19) / 20
        p_g = rng.randint(1, 19) / 20
        answer = p_data / (p_data + p_g)
        values = {
            "ask": ask,
            "p_data": fmt(p_data),
            "p_g": fmt(p_g),
            "answer": fmt(answer),
        }
        slips = {"swapped": p_g / (p_data + p_g)}
        return Generated({"ask": ask, "p_data": p_data, "p_g": p_g}, values, answer, slips)
    data = _distribution(rng, config.support)
    model = data[:] if rng.random() < 0.25 else _distribution(rng, config.support)
    answer = value_at_optimum(data, model)
    jsd = (answer + math.log(4)) / 2
    d_star = [pd / (pd + pg) for pd, pg in zip(data, model, strict=True)]
    values = {
        "ask": ask,
        "p_data": str(data),
        "p_g": str(model),
        "d_star": "[" + ", ".join(fmt(d) for d in d_star) + "]",
        "jsd": fmt(jsd),
        "answer": fmt(answer),
    }
    slips = {"log2": answer / math.log(2), "sign": -answer}
    return Generated({"ask": ask, "p_data": data, "p_g": model}, values, answer, slips)

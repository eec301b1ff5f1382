"""GANs (syllabus 4-6-4): the optimal discriminator and the losses.

- `gan-optimum`: the optimal discriminator D*(x) = p_data/(p_data + p_g) and V(D*, G) = −log 4 +
  2·JSD.
- `gan-loss`: the discriminator's binary cross-entropy and the non-saturating generator loss.
"""

from __future__ import annotations

import math
import random
from typing import Literal

from pydantic import Field

from trainer.bank.generators.common import IntRange, draw, fmt, listing
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
    # p_g = p_data (V = −log 4) now and then, as the case to know by heart; otherwise p_g differs
    model = data[:] if rng.random() < 0.05 else _distribution(rng, config.support)
    while model == data and rng.random() >= 0.05:
        model = _distribution(rng, config.support)
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


GanLossAsk = Literal["d-loss", "g-nonsat"]


class GanLossConfig(GeneratorConfig):
    asks: tuple[GanLossAsk, ...] = Field(default=("d-loss", "g-nonsat"), min_length=1)
    batch: IntRange = (1, 2)


@generator(
    "gan-loss",
    kind="numeric",
    config=GanLossConfig,
    slips=("log10", "seed-sign", "fake-as-real", "saturating", "swapped"),
)
def gan_loss(rng: random.Random, config: GanLossConfig) -> Generated:
    ask = rng.choice(config.asks)
    m = draw(rng, config.batch)
    real = [rng.randint(12, 19) / 20 for _ in range(m)]  # D(x) in [0.6, 0.95]
    fake = [rng.randint(1, 10) / 20 for _ in range(m)]  # D(G(z)) in [0.05, 0.5]
    values = {"ask": ask, "m": str(m), "real": listing(real), "fake": listing(fake)}
    if ask == "d-loss":
        answer = sum(-math.log(r) - math.log(1 - f) for r, f in zip(real, fake, strict=True)) / m
        slips = {
            "log10": sum(
                -math.log10(r) - math.log10(1 - f) for r, f in zip(real, fake, strict=True)
            )
            / m,
            "seed-sign": sum(
                -math.log(r) + math.log(1 - f) for r, f in zip(real, fake, strict=True)
            )
            / m,
            "fake-as-real": sum(-math.log(r) - math.log(f) for r, f in zip(real, fake, strict=True))
            / m,
        }
        values["terms"] = " + ".join(
            f"(−ln {fmt(r)} − ln(1 − {fmt(f)}))" for r, f in zip(real, fake, strict=True)
        )
    else:
        answer = sum(-math.log(f) for f in fake) / m
        slips = {
            "saturating": sum(math.log(1 - f) for f in fake) / m,
            "swapped": sum(-math.log(1 - f) for f in fake) / m,
            "log10": sum(-math.log10(f) for f in fake) / m,
        }
        values["terms"] = " + ".join(f"(−ln {fmt(f)})" for f in fake)
    values["answer"] = fmt(answer)
    return Generated({"ask": ask, "real": real, "fake": fake}, values, answer, slips)

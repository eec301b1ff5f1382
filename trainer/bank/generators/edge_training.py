"""Training-side lightweighting and distributed training.

- `distill-softmax`: the teacher's soft target softmax(z/T)_i at temperature T (distillation).
- `sync-sgd-step`: synchronous data parallelism, w' = w − η·(1/K)·Σ g_k (gradients averaged over
  K workers, then one update of the parent model).
"""

from __future__ import annotations

import math
import random

from pydantic import Field

from trainer.bank.generators.common import IntChoices, IntRange, draw, fmt
from trainer.bank.generators.registry import Generated, GeneratorConfig, generator


class DistillConfig(GeneratorConfig):
    classes: IntRange = (2, 4)
    T: IntChoices = (2, 3, 4, 5, 10)
    logit_range: tuple[int, int] = (-2, 6)


def softmax(logits: list[float], temperature: float) -> list[float]:
    top = max(logits)
    exps = [math.exp((z - top) / temperature) for z in logits]
    total = sum(exps)
    return [e / total for e in exps]


@generator(
    "distill-softmax",
    kind="numeric",
    config=DistillConfig,
    slips=("no-temperature", "times-t"),
)
def distill_softmax(rng: random.Random, config: DistillConfig) -> Generated:
    n = draw(rng, config.classes)
    logits = rng.sample(range(config.logit_range[0], config.logit_range[1] + 1), n)
    t = rng.choice(config.T)
    i = rng.randrange(n)
    probs = softmax([float(z) for z in logits], t)
    answer = probs[i]
    slips = {
        "no-temperature": softmax([float(z) for z in logits], 1)[i],
        "times-t": softmax([float(z) * t for z in logits], 1)[i],
    }
    values = {
        "z": "(" + ", ".join(map(str, logits)) + ")",
        "scaled": "(" + ", ".join(fmt(z / t, 3) for z in logits) + ")",
        "T": str(t),
        "n": str(n),
        "i": str(i + 1),
        "probs": "(" + ", ".join(fmt(p, 3) for p in probs) + ")",
        "hard": "(" + ", ".join(fmt(p, 3) for p in softmax([float(z) for z in logits], 1)) + ")",
        "answer": fmt(answer, 4),
    }
    return Generated({"logits": logits, "T": t, "i": i}, values, answer, slips)


class SyncSgdConfig(GeneratorConfig):
    workers: IntRange = (2, 5)
    rates: tuple[float, ...] = Field(default=(0.1, 0.2, 0.5), min_length=1)


@generator(
    "sync-sgd-step",
    kind="numeric",
    config=SyncSgdConfig,
    slips=("sum-gradients", "ascent", "last-worker"),
)
def sync_sgd_step(rng: random.Random, config: SyncSgdConfig) -> Generated:
    k = draw(rng, config.workers)
    eta = rng.choice(config.rates)
    w = rng.randint(-20, 20) / 10
    grads = [rng.choice([v for v in range(-12, 13) if v != 0]) / 10 for _ in range(k)]
    mean = sum(grads) / k
    answer = w - eta * mean
    slips = {
        "sum-gradients": w - eta * sum(grads),
        "ascent": w + eta * mean,
        "last-worker": w - eta * grads[-1],
    }
    values = {
        "K": str(k),
        "eta": fmt(eta),
        "w": fmt(w),
        "grads": ", ".join(fmt(g) for g in grads),
        "sum": fmt(sum(grads), 4),
        "sum_terms": " + ".join(f"({fmt(g)})" if g < 0 else fmt(g) for g in grads),
        "mean": f"({fmt(mean, 5)})" if mean < 0 else fmt(mean, 5),
        "answer": fmt(answer, 5),
    }
    return Generated({"K": k, "eta": eta, "w": w, "grads": grads}, values, answer, slips)

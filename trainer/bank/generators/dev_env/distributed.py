"""Distributed processing (分散処理, syllabus 5-2).

- `sync-sgd-step`: synchronous data parallelism, w' = w − η·(1/K)·Σ g_k (gradients averaged over
  K workers, then one update of the parent model).
- `fedavg`: the FedAvg global weight Σ n_k w_k / Σ n_k.
"""

from __future__ import annotations

import random

from pydantic import Field

from trainer.bank.generators.common import (
    MAX_TRIES,
    NO_DRAW,
    IntRange,
    count,
    draw,
    fmt,
    signed,
)
from trainer.bank.generators.registry import Generated, GeneratorConfig, generator


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


class FedAvgConfig(GeneratorConfig):
    clients: IntRange = (2, 4)
    samples: IntRange = (1, 50)  # hundreds of local samples
    weight: IntRange = (-20, 20)  # tenths


@generator(
    "fedavg",
    kind="numeric",
    config=FedAvgConfig,
    slips=("unweighted", "largest-client"),
)
def fedavg(rng: random.Random, config: FedAvgConfig) -> Generated:
    for _ in range(MAX_TRIES):
        k = draw(rng, config.clients)
        sizes = [draw(rng, config.samples) * 100 for _ in range(k)]
        weights = [draw(rng, config.weight) / 10 for _ in range(k)]
        total = sum(sizes)
        answer = sum(n * w for n, w in zip(sizes, weights, strict=True)) / total
        plain = sum(weights) / k
        if (
            k >= 2
            and len(set(sizes)) == k
            and len(set(weights)) == k
            and abs(answer - plain) > 0.01
        ):
            break
    else:
        raise ValueError(NO_DRAW)
    largest = weights[sizes.index(max(sizes))]
    values = {
        "K": str(k),
        "clients": "; ".join(
            f"C{j + 1}: n = {count(n)}, w = {fmt(w)}"
            for j, (n, w) in enumerate(zip(sizes, weights, strict=True))
        ),
        "clients_ja": "、".join(
            f"C{j + 1}（データ数 {count(n)}、w = {fmt(w)}）"
            for j, (n, w) in enumerate(zip(sizes, weights, strict=True))
        ),
        "total": count(total),
        "terms": " + ".join(f"{count(n)}×{signed(w)}" for n, w in zip(sizes, weights, strict=True)),
        "numerator": f"{sum(n * w for n, w in zip(sizes, weights, strict=True)):,.1f}".removesuffix(
            ".0"
        ),
        "plain": fmt(plain, 5),
        "answer": fmt(answer, 5),
    }
    slips = {"unweighted": plain, "largest-client": largest}
    return Generated({"sizes": sizes, "weights": weights}, values, answer, slips)

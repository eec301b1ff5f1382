"""Optimisers (syllabus 3-2-1, 3-2-3): update rules and the number of updates.

- `optimizer-update`: a scalar weight after 1-3 steps of SGD, Momentum (v = αv − ηg, w = w + v),
  AdaGrad (h = h + g², h₀ = 0), RMSProp (h = ρh + (1 − ρ)g²), Adam (bias-corrected) or Adam in the
  seed's form without bias correction; ε sits outside the square root (√h + ε), 1e-8.
- `minibatch-iterations`: parameter updates per epoch or in total (last partial batch kept or
  dropped).
"""

from __future__ import annotations

import math
import random
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from pydantic import Field

from trainer.bank.generators.common import IntChoices, IntRange, draw, fmt, vec
from trainer.bank.generators.registry import Generated, GeneratorConfig, Margin, generator

Algorithm = Literal["sgd", "momentum", "adagrad", "rmsprop", "adam", "adam-uncorrected"]


EPSILON = 1e-8


GRADIENTS = (-2.0, -1.0, -0.5, -0.2, 0.2, 0.4, 0.5, 1.0, 2.0, 3.0)


START = (-1.0, 0.5, 1.0, 2.0)


class OptimizerConfig(GeneratorConfig):
    algorithms: tuple[Algorithm, ...] = Field(
        default=("sgd", "momentum", "adagrad", "rmsprop", "adam"), min_length=1
    )
    steps: IntRange = (1, 3)


@dataclass(frozen=True)
class Hyper:
    lr: float
    alpha: float = 0.9  # momentum coefficient
    rho: float = 0.9  # RMSProp decay
    beta1: float = 0.9
    beta2: float = 0.999


def optimize(
    algorithm: str,
    w0: float,
    grads: Sequence[float],
    hp: Hyper,
    *,
    sqrt: bool = True,
    accumulate: bool = True,
    weighted: bool = True,
    corrected: bool = True,
    sign: float = 1.0,
) -> tuple[float, list[str]]:
    """Run the update rule; the keyword flags switch on the named slips. Returns w and a trace."""
    w, v, h, m = w0, 0.0, 0.0, 0.0
    trace: list[str] = []

    def root(x: float) -> float:
        return math.sqrt(x) if sqrt else x

    for t, g in enumerate(grads, start=1):
        if algorithm == "sgd":
            w -= sign * hp.lr * g
            trace.append(f"t={t}: w = {fmt(w, 6)}")
        elif algorithm == "momentum":
            v = hp.alpha * v - sign * hp.lr * g
            w += v
            trace.append(f"t={t}: v = {fmt(v, 6)}, w = {fmt(w, 6)}")
        elif algorithm == "adagrad":
            h = h + g * g if accumulate else g * g
            w -= hp.lr * g / (root(h) + EPSILON)
            trace.append(f"t={t}: h = {fmt(h, 6)}, w = {fmt(w, 6)}")
        elif algorithm == "rmsprop":
            h = hp.rho * h + ((1 - hp.rho) if weighted else 1.0) * g * g
            w -= hp.lr * g / (root(h) + EPSILON)
            trace.append(f"t={t}: h = {fmt(h, 6)}, w = {fmt(w, 6)}")
        else:
            m = hp.beta1 * m + (1 - hp.beta1) * g
            h = hp.beta2 * h + (1 - hp.beta2) * g * g
            m_hat = m / (1 - hp.beta1**t) if corrected else m
            h_hat = h / (1 - hp.beta2**t) if corrected else h
            w -= hp.lr * m_hat / (root(h_hat) + EPSILON)
            if corrected:
                trace.append(
                    f"t={t}: m = {fmt(m, 6)}, v = {fmt(h, 8)}, m̂ = {fmt(m_hat, 6)}, "
                    f"v̂ = {fmt(h_hat, 6)}, w = {fmt(w, 6)}"
                )
            else:
                trace.append(f"t={t}: m = {fmt(m, 6)}, v = {fmt(h, 8)}, w = {fmt(w, 6)}")
    return w, trace


LEARNING_RATES: dict[str, tuple[float, ...]] = {
    "sgd": (0.1, 0.05, 0.5),
    "momentum": (0.1, 0.5),
    "adagrad": (0.1, 0.5, 1.0),
    "rmsprop": (0.01, 0.1),
    "adam": (0.1, 0.01),
    "adam-uncorrected": (0.1, 0.01),
}


@generator(
    "optimizer-update",
    kind="numeric",
    config=OptimizerConfig,
    slips=(
        "ascent",
        "sgd-result",
        "no-sqrt",
        "no-accumulate",
        "unweighted-square",
        "no-bias-correction",
        "with-bias-correction",
    ),
    margin=Margin(abs=2e-4),
)
def optimizer_update(rng: random.Random, config: OptimizerConfig) -> Generated:
    algorithm = rng.choice(config.algorithms)
    steps = draw(rng, (max(1, config.steps[0]), min(3, max(1, config.steps[1]))))
    w0 = rng.choice(START)
    grads = [rng.choice(GRADIENTS) for _ in range(steps)]
    hp = Hyper(
        lr=rng.choice(LEARNING_RATES[algorithm]),
        alpha=rng.choice((0.9, 0.5)),
        rho=rng.choice((0.9, 0.99)),
        beta2=rng.choice((0.999, 0.99)),
    )
    base = "adam" if algorithm.startswith("adam") else algorithm
    corrected = algorithm != "adam-uncorrected"
    answer, trace = optimize(base, w0, grads, hp, corrected=corrected)
    slips: dict[str, float] = {}
    sgd, _ = optimize("sgd", w0, grads, hp)
    if algorithm != "sgd":
        slips["sgd-result"] = sgd
    if algorithm in ("sgd", "momentum"):
        slips["ascent"] = optimize(base, w0, grads, hp, sign=-1.0)[0]
    if base in ("adagrad", "rmsprop", "adam"):
        slips["no-sqrt"] = optimize(base, w0, grads, hp, sqrt=False, corrected=corrected)[0]
    if base == "adagrad" and steps > 1:
        slips["no-accumulate"] = optimize(base, w0, grads, hp, accumulate=False)[0]
    if base == "rmsprop":
        slips["unweighted-square"] = optimize(base, w0, grads, hp, weighted=False)[0]
    if algorithm == "adam":
        slips["no-bias-correction"] = optimize(base, w0, grads, hp, corrected=False)[0]
    if algorithm == "adam-uncorrected":
        slips["with-bias-correction"] = optimize(base, w0, grads, hp)[0]
    values = {
        "algorithm": algorithm,
        "T": str(steps),
        "w0": fmt(w0),
        "grads": vec(grads),
        "lr": fmt(hp.lr),
        "alpha": fmt(hp.alpha),
        "rho": fmt(hp.rho),
        "beta1": fmt(hp.beta1),
        "beta2": fmt(hp.beta2),
        "trace": "; ".join(trace),
        "answer": fmt(answer, 6),
    }
    params = {
        "algorithm": algorithm,
        "w0": w0,
        "grads": grads,
        "lr": hp.lr,
        "alpha": hp.alpha,
        "rho": hp.rho,
        "beta1": hp.beta1,
        "beta2": hp.beta2,
    }
    return Generated(params, values, answer, slips)


IterationAsk = Literal["per-epoch", "total"]


class MinibatchConfig(GeneratorConfig):
    asks: tuple[IterationAsk, ...] = Field(default=("per-epoch", "total"), min_length=1)
    batch: IntChoices = (16, 32, 50, 64, 100, 128, 200, 256, 500)
    drop_last: tuple[bool, ...] = Field(default=(False, True), min_length=1)


@generator(
    "minibatch-iterations",
    kind="numeric",
    config=MinibatchConfig,
    slips=("other-rounding", "per-epoch-only", "one-per-epoch"),
)
def minibatch_iterations(rng: random.Random, config: MinibatchConfig) -> Generated:
    ask = rng.choice(config.asks)
    batch = rng.choice(config.batch)
    drop = rng.choice(config.drop_last)
    n = batch * rng.randint(4, 400) + (0 if rng.random() < 0.4 else rng.randint(1, batch - 1))
    epochs = rng.randint(2, 20)
    full, rest = divmod(n, batch)
    per_epoch = full if drop or rest == 0 else full + 1
    other = full + 1 if drop and rest else full
    answer = float(per_epoch if ask == "per-epoch" else per_epoch * epochs)
    slips: dict[str, float] = {}
    if rest:
        slips["other-rounding"] = float(other if ask == "per-epoch" else other * epochs)
    if ask == "total":
        slips["per-epoch-only"] = float(per_epoch)
        slips["one-per-epoch"] = float(epochs)
    values = {
        "ask": ask,
        "ask_ja": "1 エポックあたりの" if ask == "per-epoch" else f"{epochs} エポック全体での",
        "ask_en": "per epoch" if ask == "per-epoch" else f"in total over {epochs} epochs",
        "N": str(n),
        "B": str(batch),
        "E": str(epochs),
        "quotient": fmt(n / batch, 4),
        "rest": str(rest),
        "per_epoch": str(per_epoch),
        "work": str(per_epoch) if ask == "per-epoch" else f"{per_epoch} × {epochs} = {int(answer)}",
        "last_ja": "割り切れずに余ったサンプルは捨てる（drop_last）"
        if drop
        else "割り切れずに余ったサンプルも 1 つの小さなミニバッチとして使う",
        "last_en": "the last incomplete minibatch is dropped (drop_last)"
        if drop
        else "the leftover samples form one last, smaller minibatch",
        "answer": str(int(answer)),
    }
    params = {"ask": ask, "N": n, "B": batch, "epochs": epochs, "drop_last": drop}
    return Generated(params, values, answer, slips)

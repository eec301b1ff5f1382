"""Regularisation for deep models (深層モデルのための正則化, syllabus 3-3).

- `dropout-scaling`: inverted dropout at training time (÷(1 − p)), the original dropout at test
  time (×(1 − p)), or the sum a layer passes on under a given mask; p is the drop probability.
- `weight-decay`: the gradient or one update with an L2 penalty (λ/2)‖w‖² or an L1 penalty λ‖w‖₁.
- `early-stopping`: the epoch at which patience-based early stopping ends a run, and the epoch
  whose weights it restores.
"""

from __future__ import annotations

import math
import random
from collections.abc import Sequence
from typing import Literal

from pydantic import Field

from trainer.bank.generators.common import (
    MAX_TRIES,
    NO_DRAW,
    IntChoices,
    IntRange,
    draw,
    fmt,
    hundredths,
    signed,
    vec,
)
from trainer.bank.generators.registry import Generated, GeneratorConfig, generator

DropoutAsk = Literal["train-inverted", "test-plain", "masked-sum"]


class DropoutConfig(GeneratorConfig):
    asks: tuple[DropoutAsk, ...] = Field(
        default=("train-inverted", "test-plain", "masked-sum"), min_length=1
    )
    drop: tuple[float, ...] = Field(default=(0.1, 0.2, 0.25, 0.3, 0.4, 0.5), min_length=1)


@generator(
    "dropout-scaling",
    kind="numeric",
    config=DropoutConfig,
    slips=("keep-drop-confused", "no-scaling", "wrong-direction"),
)
def dropout_scaling(rng: random.Random, config: DropoutConfig) -> Generated:
    ask = rng.choice(config.asks)
    p = rng.choice(config.drop)
    keep = 1 - p
    values = {"ask": ask, "p": fmt(p), "keep": fmt(keep)}
    if ask == "masked-sum":
        size = rng.randint(4, 6)
        while True:
            xs = [rng.randint(1, 30) / 10 for _ in range(size)]
            mask = [1 if rng.random() < keep else 0 for _ in range(size)]
            if 0 < sum(mask) < size:
                break
        kept = sum(x for x, k in zip(xs, mask, strict=True) if k)
        answer = kept / keep
        slips = {"keep-drop-confused": kept / p, "no-scaling": kept, "wrong-direction": kept * keep}
        values |= {
            "x": vec(xs),
            "mask": vec(mask),
            "kept": fmt(kept, 4),
            "answer": fmt(answer, 4),
        }
        return Generated({"ask": ask, "p": p, "x": xs, "mask": mask}, values, answer, slips)
    x = rng.choice((0.6, 0.8, 1.2, 1.5, 2.0, 2.4, 3.0))
    if ask == "train-inverted":
        answer = x / keep
        slips = {"keep-drop-confused": x / p, "no-scaling": x, "wrong-direction": x * keep}
    else:
        answer = x * keep
        slips = {"keep-drop-confused": x * p, "no-scaling": x, "wrong-direction": x / keep}
    values |= {"x": fmt(x), "answer": fmt(answer, 4)}
    return Generated({"ask": ask, "p": p, "x": x}, values, answer, slips)


DecayAsk = Literal["l2-gradient", "l2-update", "l1-update"]


class DecayConfig(GeneratorConfig):
    asks: tuple[DecayAsk, ...] = Field(default=("l2-gradient", "l2-update"), min_length=1)


@generator(
    "weight-decay",
    kind="numeric",
    config=DecayConfig,
    slips=("no-decay", "double-lambda", "sign-error", "l1-for-l2", "l2-for-l1"),
)
def weight_decay(rng: random.Random, config: DecayConfig) -> Generated:
    ask = rng.choice(config.asks)
    w = rng.choice((-2.0, -1.5, -0.8, 0.8, 1.5, 2.0, 3.0))
    g = rng.choice((-1.0, -0.5, 0.2, 0.5, 1.0))
    lam = rng.choice((0.01, 0.05, 0.1, 0.2))
    lr = rng.choice((0.1, 0.5))
    sign = math.copysign(1.0, w)
    l2_grad = g + lam * w
    l1_grad = g + lam * sign
    slips: dict[str, float]
    if ask == "l2-gradient":
        answer = l2_grad
        slips = {
            "no-decay": g,
            "double-lambda": g + 2 * lam * w,
            "sign-error": g - lam * w,
            "l1-for-l2": l1_grad,
        }
    elif ask == "l2-update":
        answer = w - lr * l2_grad
        slips = {
            "no-decay": w - lr * g,
            "double-lambda": w - lr * (g + 2 * lam * w),
            "sign-error": w - lr * (g - lam * w),
            "l1-for-l2": w - lr * l1_grad,
        }
    else:
        answer = w - lr * l1_grad
        slips = {
            "no-decay": w - lr * g,
            "sign-error": w - lr * (g - lam * sign),
            "l2-for-l1": w - lr * (g + lam * w),
        }
    values = {
        "ask": ask,
        "ask_ja": "正則化項を含めた勾配" if ask == "l2-gradient" else "1 回更新した後の w の値",
        "ask_en": "gradient including the penalty"
        if ask == "l2-gradient"
        else "w after one update",
        "w": fmt(w),
        "w_s": signed(w),
        "g": fmt(g),
        "lam": fmt(lam),
        "lr": fmt(lr),
        "sign": fmt(sign),
        "l2_grad": fmt(l2_grad, 6),
        "l1_grad": fmt(l1_grad, 6),
        "answer": fmt(answer, 6),
    }
    return Generated({"ask": ask, "w": w, "g": g, "lam": lam, "lr": lr}, values, answer, slips)


EarlyAsk = Literal["stop", "best"]


class EarlyStoppingConfig(GeneratorConfig):
    asks: tuple[EarlyAsk, ...] = Field(default=("stop", "best"), min_length=1)
    epochs: IntRange = (10, 14)
    patience: IntChoices = (2, 3)


def early_stop(losses: Sequence[int], patience: int) -> tuple[int, int] | None:
    """(stop epoch, restored epoch), 1-based; None if the run never stops.

    An epoch improves when its loss is strictly below the best so far; the run stops at the end
    of the epoch that makes `patience` epochs in a row without improvement.
    """
    best, best_epoch, wait = losses[0], 1, 0
    for epoch, loss in enumerate(losses[1:], start=2):
        if loss < best:
            best, best_epoch, wait = loss, epoch, 0
            continue
        wait += 1
        if wait == patience:
            return epoch, best_epoch
    return None


def _loss_curve(rng: random.Random, n: int, turn: int) -> list[int]:
    """Validation losses in hundredths: falling (small bumps) up to `turn`, then drifting up."""
    value = rng.randint(90, 140)
    losses = [value]
    for epoch in range(2, n + 1):
        if epoch <= turn:
            step = rng.randint(0, 4) if rng.random() < 0.3 else -rng.randint(2, 14)
        else:
            step = rng.randint(-4, 8)
        value = max(value + step, 5)
        losses.append(value)
    return losses


@generator(
    "early-stopping",
    kind="numeric",
    config=EarlyStoppingConfig,
    slips=("best-epoch", "no-patience", "off-by-one", "stop-epoch", "global-min"),
)
def early_stopping(rng: random.Random, config: EarlyStoppingConfig) -> Generated:
    ask = rng.choice(config.asks)
    # half of the "restore" questions show a lower loss after the stop (never reached)
    later_minimum = ask == "best" and rng.random() < 0.5
    for _ in range(MAX_TRIES):
        n = draw(rng, config.epochs)
        p = rng.choice(config.patience)
        if n < p + 6:
            continue
        losses = _loss_curve(rng, n, rng.randint(4, n - p - 1))
        result = early_stop(losses, p)
        if result is None:
            continue
        stop, best = result
        running = [min(losses[:e]) for e in range(1, n + 1)]
        first_rise = next(e for e in range(2, n + 1) if losses[e - 1] >= running[e - 2])
        lower_later = min(losses[stop:], default=losses[best - 1]) < losses[best - 1]
        if stop < n and first_rise < best and stop >= 5 and lower_later == later_minimum:
            break
    else:
        raise ValueError(NO_DRAW)
    global_min = losses.index(min(losses)) + 1
    slips: dict[str, float]
    if ask == "stop":
        answer = stop
        slips = {"best-epoch": best, "no-patience": first_rise, "off-by-one": stop - 1}
    else:
        answer = best
        slips = {"stop-epoch": stop, "global-min": global_min, "no-patience": first_rise - 1}
    values = {
        "ask": ask,
        "n": str(n),
        "p": str(p),
        "losses": ", ".join(f"{e}: {hundredths(v)}" for e, v in enumerate(losses, start=1)),
        "best": str(best),
        "best_loss": hundredths(losses[best - 1]),
        "stop": str(stop),
        "waiting": ", ".join(str(e) for e in range(best + 1, stop + 1)),
        "first_rise": str(first_rise),
        "global_min": str(global_min),
        "global_loss": hundredths(min(losses)),
        "later_ja": f"表全体の最小は第 {global_min} エポックの {hundredths(min(losses))} だが、"
        "打ち切った後のエポックは学習されないので使えない。"
        if global_min != best
        else "",
        "later_en": f"The list's overall minimum, {hundredths(min(losses))} at epoch {global_min}, "
        "comes after the stop and is never reached. "
        if global_min != best
        else "",
        "answer": str(answer),
    }
    params = {"ask": ask, "losses": losses, "patience": p}
    return Generated(params, values, float(answer), {k: float(v) for k, v in slips.items()})

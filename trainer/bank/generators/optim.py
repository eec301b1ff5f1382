"""Optimisation and regularisation with given numbers.

- `optimizer-update`: a scalar weight after 1-3 steps of SGD, Momentum (v = αv − ηg, w = w + v),
  AdaGrad (h = h + g², h₀ = 0), RMSProp (h = ρh + (1 − ρ)g²), Adam (bias-corrected) or Adam in the
  seed's form without bias correction; ε sits outside the square root (√h + ε), 1e-8.
- `minibatch-iterations`: parameter updates per epoch or in total (last partial batch kept or
  dropped).
- `batch-norm`: mean, biased variance, x̂ = (x − μ)/√(σ² + ε) or y = γx̂ + β of one feature.
- `dropout-scaling`: inverted dropout at training time (÷(1 − p)), the original dropout at test
  time (×(1 − p)), or the sum a layer passes on under a given mask; p is the drop probability.
- `weight-decay`: the gradient or one update with an L2 penalty (λ/2)‖w‖² or an L1 penalty λ‖w‖₁.
- `init-std`: the standard deviation of Xavier (1/√n_in, as the course writes it), Glorot
  (√(2/(n_in + n_out))) or He (√(2/n_in)) initialisation.
- `gradient-clipping`: clipping by the global L2 norm, g ← g·c/‖g‖ when ‖g‖ > c.
- `vanishing-gradient`: the backpropagated factor Π_l w_l f'(u_l) through a chain of units.
"""

from __future__ import annotations

import math
import random
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from pydantic import Field

from trainer.bank.generators.common import IntChoices, IntRange, draw, fmt
from trainer.bank.generators.foundations import signed, vec
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


# --- minibatch-iterations -----------------------------------------------------------------------

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


# --- batch-norm ---------------------------------------------------------------------------------

BatchNormAsk = Literal["mean", "variance", "normalized", "output"]


class BatchNormConfig(GeneratorConfig):
    asks: tuple[BatchNormAsk, ...] = Field(default=("normalized", "output"), min_length=1)
    size: IntRange = (3, 5)
    eps: tuple[float, ...] = Field(default=(0.0,), min_length=1)


def batch_norm(
    xs: Sequence[float], gamma: float, beta: float, eps: float
) -> tuple[float, float, list[float], list[float]]:
    m = len(xs)
    mean = sum(xs) / m
    var = sum((x - mean) ** 2 for x in xs) / m
    xhat = [(x - mean) / math.sqrt(var + eps) for x in xs]
    return mean, var, xhat, [gamma * v + beta for v in xhat]


@generator(
    "batch-norm",
    kind="numeric",
    config=BatchNormConfig,
    slips=("unbiased", "no-affine", "variance-not-std", "eps-outside"),
    margin=Margin(abs=2e-3),
)
def batch_norm_question(rng: random.Random, config: BatchNormConfig) -> Generated:
    ask = rng.choice(config.asks)
    m = draw(rng, (max(2, config.size[0]), max(2, config.size[1])))
    while True:
        xs = [float(rng.randint(-3, 9)) for _ in range(m)]
        if len(set(xs)) > 1:
            break
    i = rng.randrange(m)
    gamma = rng.choice((0.5, 1.5, 2.0, 3.0))
    beta = rng.choice((-1.0, 0.5, 1.0, 2.0))
    eps = rng.choice(config.eps)
    mean, var, xhat, ys = batch_norm(xs, gamma, beta, eps)
    var_unbiased = var * m / (m - 1)
    unbiased_hat = (xs[i] - mean) / math.sqrt(var_unbiased + eps)
    by_variance = (xs[i] - mean) / (var + eps)
    outside = (xs[i] - mean) / (math.sqrt(var) + eps)
    slips: dict[str, float]
    if ask == "mean":
        answer = mean
        slips = {}
    elif ask == "variance":
        answer = var
        slips = {"unbiased": var_unbiased}
    elif ask == "normalized":
        answer = xhat[i]
        slips = {"unbiased": unbiased_hat, "variance-not-std": by_variance}
        if eps:
            slips["eps-outside"] = outside
    else:
        answer = ys[i]
        slips = {
            "unbiased": gamma * unbiased_hat + beta,
            "no-affine": xhat[i],
            "variance-not-std": gamma * by_variance + beta,
        }
        if eps:
            slips["eps-outside"] = gamma * outside + beta
    values = {
        "ask": ask,
        "m": str(m),
        "x": vec(xs),
        "i": str(i + 1),
        "x_i": fmt(xs[i]),
        "mean": fmt(mean, 4),
        "var": fmt(var, 4),
        "eps": fmt(eps),
        "std": fmt(math.sqrt(var + eps), 4),
        "xhat": fmt(xhat[i], 4),
        "xhat_s": signed(xhat[i]),
        "beta_s": signed(beta),
        "gamma": fmt(gamma),
        "beta": fmt(beta),
        "answer": fmt(answer, 4),
    }
    params = {"ask": ask, "x": xs, "i": i, "gamma": gamma, "beta": beta, "eps": eps}
    return Generated(params, values, answer, slips)


# --- dropout-scaling ----------------------------------------------------------------------------

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


# --- weight-decay -------------------------------------------------------------------------------

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


# --- init-std -----------------------------------------------------------------------------------

InitAsk = Literal["xavier", "glorot", "he"]


class InitConfig(GeneratorConfig):
    asks: tuple[InitAsk, ...] = Field(default=("xavier", "he"), min_length=1)
    units: IntChoices = (16, 25, 32, 50, 64, 100, 128, 200, 256, 400, 512, 784, 1024)


def init_std(ask: str, n_in: int, n_out: int) -> float:
    if ask == "xavier":
        return 1 / math.sqrt(n_in)
    if ask == "glorot":
        return math.sqrt(2 / (n_in + n_out))
    return math.sqrt(2 / n_in)


@generator(
    "init-std",
    kind="numeric",
    config=InitConfig,
    slips=("variance", "other-init", "uses-n-out", "no-sqrt"),
)
def init_std_question(rng: random.Random, config: InitConfig) -> Generated:
    ask = rng.choice(config.asks)
    while True:
        n_in, n_out = rng.choice(config.units), rng.choice(config.units)
        if n_in != n_out:
            break
    answer = init_std(ask, n_in, n_out)
    slips = {"variance": answer**2}
    if ask == "xavier":
        slips |= {"other-init": init_std("he", n_in, n_out), "uses-n-out": 1 / math.sqrt(n_out)}
        slips["no-sqrt"] = 1 / n_in
    elif ask == "he":
        slips |= {
            "other-init": init_std("xavier", n_in, n_out),
            "uses-n-out": math.sqrt(2 / n_out),
            "no-sqrt": 2 / n_in,
        }
    else:
        slips |= {"other-init": init_std("xavier", n_in, n_out), "no-sqrt": 2 / (n_in + n_out)}
    labels = {
        "xavier": (
            "講座の Xavier の初期値（標準偏差 1/√n_in）",
            "the course's Xavier (std 1/√n_in)",
        ),
        "glorot": (
            "Glorot の初期値の正規分布版（標準偏差 √(2/(n_in + n_out))）",
            "Glorot's normal variant (std √(2/(n_in + n_out)))",
        ),
        "he": (
            "He の初期値（標準偏差 √(2/n_in)、ReLU 向け）",
            "He initialisation (std √(2/n_in), for ReLU)",
        ),
    }
    values = {
        "ask": ask,
        "ask_ja": labels[ask][0],
        "ask_en": labels[ask][1],
        "n_in": str(n_in),
        "n_out": str(n_out),
        "sum": str(n_in + n_out),
        "var": fmt(answer**2, 6),
        "answer": fmt(answer, 4),
    }
    return Generated({"ask": ask, "n_in": n_in, "n_out": n_out}, values, answer, slips)


# --- gradient-clipping --------------------------------------------------------------------------

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


# --- vanishing-gradient -------------------------------------------------------------------------

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

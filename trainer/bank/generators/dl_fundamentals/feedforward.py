"""Feed-forward networks (順伝播型ネットワーク, syllabus 3-1).

- `softmax-cross-entropy`: a softmax output, the cross-entropy −ln y_t, or the gradient y_k − t_k.
- `activation-derivative`: σ'(x), tanh'(x), ReLU'(x) (0 at x = 0) or Leaky ReLU'(x) (α at x = 0).
- `regression-loss`: ½Σ(y − d)², Σ(y − d)², MSE, RMSE or MAE of a small vector.
- `mlp-param-count`: weights and biases of a fully connected network.
"""

from __future__ import annotations

import math
import random
from collections.abc import Sequence
from itertools import pairwise
from typing import Literal

from pydantic import Field

from trainer.bank.generators.common import IntChoices, IntRange, draw, fmt, sigmoid, vec
from trainer.bank.generators.registry import Generated, GeneratorConfig, generator

SoftmaxAsk = Literal["prob", "loss", "grad"]


class SoftmaxConfig(GeneratorConfig):
    asks: tuple[SoftmaxAsk, ...] = Field(default=("prob", "loss", "grad"), min_length=1)
    classes: IntRange = (3, 4)
    logits: IntRange = (-2, 3)


def softmax(logits: Sequence[float]) -> list[float]:
    top = max(logits)
    exps = [math.exp(u - top) for u in logits]
    total = sum(exps)
    return [e / total for e in exps]


@generator(
    "softmax-cross-entropy",
    kind="numeric",
    config=SoftmaxConfig,
    slips=(
        "no-denominator",
        "linear-ratio",
        "uniform",
        "log10",
        "no-minus",
        "sum-all",
        "sign-flipped",
        "prob-only",
    ),
)
def softmax_cross_entropy(rng: random.Random, config: SoftmaxConfig) -> Generated:
    ask = rng.choice(config.asks)
    size = draw(rng, (max(2, config.classes[0]), max(2, config.classes[1])))
    while True:
        logits = [draw(rng, config.logits) for _ in range(size)]
        if len(set(logits)) > 1:
            break
    target = rng.randrange(size)
    k = rng.randrange(size)
    y = softmax(logits)
    while ask != "loss" and y[k] < 0.01:  # y_k = 0.0065 "to 3 decimals" blurs the key to 0.007
        k = rng.randrange(size)
    exps = [math.exp(u) for u in logits]
    total = sum(exps)
    slips: dict[str, float] = {}
    if ask == "prob":
        answer = y[k]
        slips["no-denominator"] = exps[k]
        slips["uniform"] = 1 / size
        if all(u > 0 for u in logits):
            slips["linear-ratio"] = logits[k] / sum(logits)
    elif ask == "loss":
        answer = -math.log(y[target])
        slips["log10"] = -math.log10(y[target])
        slips["no-minus"] = math.log(y[target])
        slips["sum-all"] = -sum(math.log(p) for p in y)
    else:
        t_k = 1.0 if k == target else 0.0
        answer = y[k] - t_k
        slips["sign-flipped"] = t_k - y[k]
        slips["prob-only"] = y[k]
    onehot = [1 if i == target else 0 for i in range(size)]
    values = {
        "ask": ask,
        "K": str(size),
        "u": vec(logits),
        "t": str(target + 1),
        "k": str(k + 1),
        "onehot": vec(onehot),
        "exps": ", ".join(f"e^{fmt(u)} ≈ {fmt(e, 3)}" for u, e in zip(logits, exps, strict=True)),
        "total": fmt(total, 3),
        "probs": vec(y, 3),
        "y_k": fmt(y[k], 4),
        "y_t": fmt(y[target], 4),
        "t_k": "1" if k == target else "0",
        "answer": fmt(answer, 4),
    }
    params = {"ask": ask, "logits": logits, "target": target, "k": k}
    return Generated(params, values, answer, slips)


Activation = Literal["sigmoid", "tanh", "relu", "leaky-relu"]


SMOOTH_POINTS = (-2.5, -2.0, -1.5, -1.0, -0.5, 0.0, 0.5, 1.0, 1.5, 2.0, 2.5)


PIECEWISE_POINTS = (-3.0, -2.0, -1.5, -1.0, -0.5, 0.5, 1.0, 1.5, 2.0, 3.0)


DEFINITIONS: dict[str, tuple[str, str]] = {
    "sigmoid": ("シグモイド関数 σ(x) = 1/(1 + e^(−x))", "the sigmoid σ(x) = 1/(1 + e^(−x))"),
    "tanh": (
        "双曲線正接関数 tanh(x) = (e^x − e^(−x))/(e^x + e^(−x))",
        "the hyperbolic tangent tanh(x) = (e^x − e^(−x))/(e^x + e^(−x))",
    ),
    "relu": (
        "ReLU 関数 f(x) = max(0, x)（x = 0 での微分値は 0 と定める）",
        "ReLU f(x) = max(0, x) (its derivative at x = 0 is taken to be 0)",
    ),
    "leaky-relu": (
        "Leaky ReLU 関数 f(x) = x (x > 0)、αx (x ≤ 0)、α = {alpha}"
        "（x = 0 での微分値は α と定める）",
        "Leaky ReLU f(x) = x for x > 0 and αx for x ≤ 0, with α = {alpha} "
        "(its derivative at x = 0 is taken to be α)",
    ),
}


class ActivationConfig(GeneratorConfig):
    functions: tuple[Activation, ...] = Field(
        default=("sigmoid", "tanh", "relu", "leaky-relu"), min_length=1
    )
    alphas: tuple[float, ...] = Field(default=(0.01, 0.1, 0.2), min_length=1)


def activation_value(name: str, x: float, alpha: float) -> float:
    if name == "sigmoid":
        return sigmoid(x)
    if name == "tanh":
        return math.tanh(x)
    if name == "relu":
        return max(0.0, x)
    return x if x > 0 else alpha * x


def activation_slope(name: str, x: float, alpha: float) -> float:
    """The derivative, with the stated conventions at the kink x = 0."""
    if name == "sigmoid":
        s = sigmoid(x)
        return s * (1 - s)
    if name == "tanh":
        return 1 - math.tanh(x) ** 2
    if name == "relu":
        return 1.0 if x > 0 else 0.0
    return 1.0 if x > 0 else alpha


@generator(
    "activation-derivative",
    kind="numeric",
    config=ActivationConfig,
    slips=("function-value", "tanh-no-square", "one-at-zero", "zero-for-negative"),
)
def activation_derivative(rng: random.Random, config: ActivationConfig) -> Generated:
    name = rng.choice(config.functions)
    alpha = rng.choice(config.alphas)
    if name in ("sigmoid", "tanh"):
        x = rng.choice(SMOOTH_POINTS)
    else:
        x = 0.0 if rng.random() < 0.3 else rng.choice(PIECEWISE_POINTS)
    value = activation_value(name, x, alpha)
    answer = activation_slope(name, x, alpha)
    slips = {"function-value": value}
    if name == "tanh":
        slips["tanh-no-square"] = 1 - math.tanh(x)
    if name in ("relu", "leaky-relu") and x == 0:
        slips["one-at-zero"] = 1.0
    if name == "leaky-relu" and x <= 0:
        slips["zero-for-negative"] = 0.0
    ja, en = DEFINITIONS[name]
    values = {
        "name": name,
        "x": fmt(x),
        "alpha": fmt(alpha),
        "definition_ja": ja.format(alpha=fmt(alpha)),
        "definition_en": en.format(alpha=fmt(alpha)),
        "fx": fmt(value, 4),
        "answer": fmt(answer, 4),
    }
    return Generated({"function": name, "x": x, "alpha": alpha}, values, answer, slips)


LossAsk = Literal["sse-half", "sse", "mse", "rmse", "mae"]


LOSS_FORMULAS: dict[str, str] = {
    "sse-half": "E = (1/2) Σ_j (y_j − d_j)²",
    "sse": "E = Σ_j (y_j − d_j)²",
    "mse": "MSE = (1/N) Σ_j (y_j − d_j)²",
    "rmse": "RMSE = √((1/N) Σ_j (y_j − d_j)²)",
    "mae": "MAE = (1/N) Σ_j |y_j − d_j|",
}


class LossConfig(GeneratorConfig):
    asks: tuple[LossAsk, ...] = Field(default=("sse-half", "mse"), min_length=1)
    size: IntRange = (3, 5)


def regression_losses(y: Sequence[float], d: Sequence[float]) -> dict[str, float]:
    diffs = [a - b for a, b in zip(y, d, strict=True)]
    sse = sum(e * e for e in diffs)
    n = len(diffs)
    return {
        "sse-half": sse / 2,
        "sse": sse,
        "mse": sse / n,
        "rmse": math.sqrt(sse / n),
        "mae": sum(abs(e) for e in diffs) / n,
    }


@generator(
    "regression-loss",
    kind="numeric",
    config=LossConfig,
    slips=("as-sse-half", "as-sse", "as-mse", "as-rmse", "as-mae"),
)
def regression_loss(rng: random.Random, config: LossConfig) -> Generated:
    ask = rng.choice(config.asks)
    n = draw(rng, (max(2, config.size[0]), max(2, config.size[1])))
    while True:
        y = [rng.randint(-10, 30) / 10 for _ in range(n)]
        d = [float(rng.randint(-1, 3)) for _ in range(n)]
        if any(a != b for a, b in zip(y, d, strict=True)):
            break
    losses = regression_losses(y, d)
    diffs = [round(a - b, 10) for a, b in zip(y, d, strict=True)]
    answer = losses[ask]
    slips = {f"as-{name}": value for name, value in losses.items() if name != ask}
    values = {
        "ask": ask,
        "N": str(n),
        "y": vec(y),
        "d": vec(d),
        "diffs": vec(diffs),
        "squares": vec([e * e for e in diffs]),
        "sum_sq": fmt(losses["sse"]),
        "sum_abs": fmt(sum(abs(e) for e in diffs)),
        "formula": LOSS_FORMULAS[ask],
        "answer": fmt(answer, 4),
    }
    return Generated({"ask": ask, "y": y, "d": d}, values, answer, slips)


class MlpConfig(GeneratorConfig):
    layers: IntRange = (3, 5)  # number of layers, input and output included
    units: IntChoices = (2, 3, 4, 5, 8, 10, 16, 32, 64, 100, 128, 784)


@generator(
    "mlp-param-count",
    kind="numeric",
    config=MlpConfig,
    slips=("weights-only", "nodes", "one-bias-per-layer"),
)
def mlp_param_count(rng: random.Random, config: MlpConfig) -> Generated:
    count = draw(rng, (max(2, config.layers[0]), max(2, config.layers[1])))
    sizes = [rng.choice(config.units) for _ in range(count)]
    weights = sum(a * b for a, b in pairwise(sizes))
    biases = sum(sizes[1:])
    answer = float(weights + biases)
    slips = {
        "weights-only": float(weights),
        "nodes": float(sum(sizes)),
        "one-bias-per-layer": float(weights + count - 1),
    }
    values = {
        "sizes": "-".join(str(s) for s in sizes),
        "hidden": str(count - 2),
        "terms": " + ".join(f"({a}×{b} + {b})" for a, b in pairwise(sizes)),
        "weights": str(weights),
        "biases": str(biases),
        "answer": str(weights + biases),
    }
    return Generated({"sizes": sizes}, values, answer, slips)

"""Foundations: output layers and losses, activations, probability, information, ML metrics, maths.

Families (each a registered generator; every answer computed here in plain Python, every slip a
named typical mistake):

- `softmax-cross-entropy`: a softmax output, the cross-entropy −ln y_t, or the gradient y_k − t_k.
- `activation-derivative`: σ'(x), tanh'(x), ReLU'(x) (0 at x = 0) or Leaky ReLU'(x) (α at x = 0).
- `regression-loss`: ½Σ(y − d)², Σ(y − d)², MSE, RMSE or MAE of a small vector.
- `numerical-gradient`: the central difference (E(w+h) − E(w−h)) / 2h of a cubic.
- `bayes-posterior`: a test's positive predictive value, or a class posterior from a table.
- `information`: entropy, cross-entropy or KL divergence in bits or nats.
- `classification-metrics`: precision, recall, F1, specificity, accuracy or FPR of a matrix.
- `average-precision`: AP of a ranked TP/FP list (all-point, 11-point or non-interpolated), or mAP.
- `perplexity`: from the probabilities of the true tokens, or from a cross-entropy in bits/nats.
- `k-fold`: fold sizes and the number of fits of a grid search with k-fold cross-validation.
- `distance`: Euclidean, Manhattan, Chebyshev, cosine, or Mahalanobis with a diagonal covariance.
- `mlp-param-count`: weights and biases of a fully connected network.
- `eigen-2x2`, `expectation-variance`, `binomial`, `bernoulli-estimate`, `gini`, `logistic-odds`,
  `pca-contribution`, `least-squares`: the applied-maths and classical-ML calculations.
"""

from __future__ import annotations

import math
import random
from collections.abc import Sequence
from itertools import pairwise
from typing import Literal

from pydantic import Field

from trainer.bank.generators.common import IntChoices, IntRange, draw, fmt
from trainer.bank.generators.registry import Generated, GeneratorConfig, Margin, generator


def signed(value: float, digits: int = 4) -> str:
    """A number to write after ×, + or −: negative ones in parentheses, e.g. 0.5 × (−2)."""
    text = fmt(value, digits)
    return f"({text})" if value < 0 else text


def vec(values: Sequence[float], digits: int = 4) -> str:
    return "(" + ", ".join(fmt(v, digits) for v in values) + ")"


def _sigmoid(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-x))


def _tenths_distribution(rng: random.Random, size: int) -> list[float]:
    """Probabilities in tenths summing to 1, each at least 0.1."""
    cuts = sorted(rng.sample(range(1, 10), size - 1))
    edges = [0, *cuts, 10]
    return [(edges[i + 1] - edges[i]) / 10 for i in range(size)]


# --- softmax-cross-entropy ----------------------------------------------------------------------

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


# --- activation-derivative ----------------------------------------------------------------------

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
        return _sigmoid(x)
    if name == "tanh":
        return math.tanh(x)
    if name == "relu":
        return max(0.0, x)
    return x if x > 0 else alpha * x


def activation_slope(name: str, x: float, alpha: float) -> float:
    """The derivative, with the stated conventions at the kink x = 0."""
    if name == "sigmoid":
        s = _sigmoid(x)
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


# --- regression-loss ----------------------------------------------------------------------------

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


# --- numerical-gradient -------------------------------------------------------------------------


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


# --- bayes-posterior ----------------------------------------------------------------------------

BayesAsk = Literal["test", "classes"]


class BayesConfig(GeneratorConfig):
    asks: tuple[BayesAsk, ...] = Field(default=("test", "classes"), min_length=1)


PRIORS = (0.001, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2)
SENSITIVITIES = (0.8, 0.9, 0.95, 0.98, 0.99)
FALSE_POSITIVE_RATES = (0.01, 0.02, 0.05, 0.1)


@generator(
    "bayes-posterior",
    kind="numeric",
    config=BayesConfig,
    slips=("likelihood", "unnormalised", "ignore-prior"),
)
def bayes_posterior(rng: random.Random, config: BayesConfig) -> Generated:
    ask = rng.choice(config.asks)
    if ask == "test":
        while True:  # keep every slip a visibly different number
            prior = rng.choice(PRIORS)
            sens = rng.choice(SENSITIVITIES)
            fpr = rng.choice(FALSE_POSITIVE_RATES)
            joint_pos = sens * prior
            joint_neg = fpr * (1 - prior)
            answer = joint_pos / (joint_pos + joint_neg)
            slips = {
                "likelihood": sens,
                "unnormalised": joint_pos,
                "ignore-prior": sens / (sens + fpr),
            }
            if all(abs(v - answer) > 0.002 for v in slips.values()):
                break
        values = {
            "ask": ask,
            "prior": fmt(prior),
            "prior_pct": fmt(prior * 100),
            "sens": fmt(sens),
            "sens_pct": fmt(sens * 100),
            "fpr": fmt(fpr),
            "fpr_pct": fmt(fpr * 100),
            "joint_pos": fmt(joint_pos, 6),
            "joint_neg": fmt(joint_neg, 6),
            "marginal": fmt(joint_pos + joint_neg, 6),
            "answer": fmt(answer, 4),
        }
        params = {"ask": ask, "prior": prior, "sensitivity": sens, "fpr": fpr}
        return Generated(params, values, answer, slips)
    size = rng.choice((2, 3))
    while True:
        priors = _tenths_distribution(rng, size)
        likelihoods = [rng.randint(1, 9) / 10 for _ in range(size)]
        k = rng.randrange(size)
        joints = [p * q for p, q in zip(priors, likelihoods, strict=True)]
        answer = joints[k] / sum(joints)
        normalised = likelihoods[k] / sum(likelihoods)
        if all(abs(answer - v) > 0.002 for v in (normalised, likelihoods[k], joints[k])):
            break
    names = [f"C{i + 1}" for i in range(size)]
    values = {
        "ask": ask,
        "classes": ", ".join(names),
        "priors": ", ".join(f"p({n}) = {fmt(p)}" for n, p in zip(names, priors, strict=True)),
        "likelihoods": ", ".join(
            f"p(x|{n}) = {fmt(q)}" for n, q in zip(names, likelihoods, strict=True)
        ),
        "k": names[k],
        "joints": " + ".join(
            f"{fmt(q)}×{fmt(p)}" for p, q in zip(priors, likelihoods, strict=True)
        ),
        "joint_k": fmt(joints[k], 4),
        "marginal": fmt(sum(joints), 4),
        "answer": fmt(answer, 4),
    }
    slips = {
        "likelihood": likelihoods[k],
        "unnormalised": joints[k],
        "ignore-prior": normalised,
    }
    params = {"ask": ask, "priors": priors, "likelihoods": likelihoods, "k": k}
    return Generated(params, values, answer, slips)


# --- information --------------------------------------------------------------------------------

InfoAsk = Literal["entropy", "cross-entropy", "kl", "self-information"]
Unit = Literal["bits", "nats"]

DYADIC = ((0.5, 0.5), (0.5, 0.25, 0.25), (0.25, 0.25, 0.25, 0.25), (0.5, 0.25, 0.125, 0.125))


class InformationConfig(GeneratorConfig):
    asks: tuple[InfoAsk, ...] = Field(default=("entropy", "cross-entropy", "kl"), min_length=1)
    units: tuple[Unit, ...] = Field(default=("bits", "nats"), min_length=1)
    support: IntRange = (2, 3)


def _entropy_terms(p: Sequence[float], q: Sequence[float], log: float) -> float:
    """−Σ p_i log q_i in the unit whose natural log is `log` (ln 2 for bits, 1 for nats)."""
    return -sum(a * math.log(b) for a, b in zip(p, q, strict=True) if a > 0) / log


def _minus_terms(p: Sequence[float], q: Sequence[float], log: str) -> str:
    """−p₁ log q₁ − p₂ log q₂ − …, written out for explanations."""
    return " − ".join(f"{fmt(a)} {log} {fmt(b)}" for a, b in zip(p, q, strict=True)).join(("−", ""))


@generator(
    "information",
    kind="numeric",
    config=InformationConfig,
    slips=("wrong-unit", "reversed", "entropy-of-p", "no-minus", "cross-entropy-for-kl"),
    margin=Margin(abs=2e-3),
)
def information(rng: random.Random, config: InformationConfig) -> Generated:
    ask = rng.choice(config.asks)
    unit = rng.choice(config.units)
    size = draw(rng, (max(2, config.support[0]), min(4, max(2, config.support[1]))))
    if unit == "bits" and ask == "entropy" and rng.random() < 0.5:
        p = list(rng.choice([d for d in DYADIC if len(d) == size] or [DYADIC[0]]))
        size = len(p)
    else:
        p = _tenths_distribution(rng, size)
    while True:
        q = _tenths_distribution(rng, size)
        if q != p:
            break
    log, other = (math.log(2), 1.0) if unit == "bits" else (1.0, math.log(2))
    h_p = _entropy_terms(p, p, log)
    h_pq = _entropy_terms(p, q, log)
    slips: dict[str, float] = {}
    if ask == "self-information":
        i = rng.randrange(size)
        answer = -math.log(p[i]) / log
        slips["wrong-unit"] = -math.log(p[i]) / other
        slips["no-minus"] = -answer
        event = str(i + 1)
    elif ask == "entropy":
        answer = h_p
        slips["wrong-unit"] = _entropy_terms(p, p, other)
        slips["no-minus"] = -answer
        event = ""
    elif ask == "cross-entropy":
        answer = h_pq
        slips["wrong-unit"] = _entropy_terms(p, q, other)
        slips["reversed"] = _entropy_terms(q, p, log)
        slips["entropy-of-p"] = h_p
        event = ""
    else:
        answer = h_pq - h_p
        slips["wrong-unit"] = _entropy_terms(p, q, other) - _entropy_terms(p, p, other)
        slips["reversed"] = _entropy_terms(q, p, log) - _entropy_terms(q, q, log)
        slips["cross-entropy-for-kl"] = h_pq
        event = ""
    values = {
        "ask": ask,
        "p": vec(p),
        "q": vec(q),
        "i": event,
        "p_i": fmt(p[int(event) - 1]) if event else "",
        "log_ja": "底 2 の対数 log₂" if unit == "bits" else "自然対数 ln",
        "log_en": "base-2 logarithm log₂" if unit == "bits" else "natural logarithm ln",
        "log": "log₂" if unit == "bits" else "ln",
        "unit_ja": "ビット" if unit == "bits" else "ナット",
        "unit_en": unit,
        "unit1_en": unit[:-1],  # "1 bit": {answer:# {unit1_en}}
        "H_p": fmt(h_p, 4),
        "terms_p": _minus_terms(p, p, "log₂" if unit == "bits" else "ln"),
        "terms_pq": _minus_terms(p, q, "log₂" if unit == "bits" else "ln"),
        "H_pq": fmt(h_pq, 4),
        "answer": fmt(answer, 4),
    }
    return Generated({"ask": ask, "unit": unit, "p": p, "q": q}, values, answer, slips)


# --- classification-metrics ---------------------------------------------------------------------

MetricAsk = Literal["precision", "recall", "f1", "specificity", "accuracy", "fpr"]


class MetricsConfig(GeneratorConfig):
    asks: tuple[MetricAsk, ...] = Field(
        default=("precision", "recall", "f1", "specificity", "accuracy", "fpr"), min_length=1
    )
    counts: IntRange = (3, 60)


METRIC_LABELS: dict[str, tuple[str, str]] = {
    "precision": ("適合率（Precision）", "precision"),
    "recall": ("再現率（Recall）", "recall"),
    "f1": ("F 値（F1 スコア）", "F1 score"),
    "specificity": ("特異度（Specificity）", "specificity"),
    "accuracy": ("正解率（Accuracy）", "accuracy"),
    "fpr": ("偽陽性率（FPR）", "false positive rate (FPR)"),
}


def confusion_metrics(tp: int, fn: int, fp: int, tn: int) -> dict[str, float]:
    precision = tp / (tp + fp)
    recall = tp / (tp + fn)
    return {
        "precision": precision,
        "recall": recall,
        "f1": 2 * precision * recall / (precision + recall),
        "specificity": tn / (tn + fp),
        "accuracy": (tp + tn) / (tp + fn + fp + tn),
        "fpr": fp / (fp + tn),
    }


@generator(
    "classification-metrics",
    kind="numeric",
    config=MetricsConfig,
    slips=(
        "as-precision",
        "as-recall",
        "as-f1",
        "as-specificity",
        "as-accuracy",
        "as-fpr",
        "arithmetic-mean",
    ),
    margin=Margin(abs=2e-3),
)
def classification_metrics(rng: random.Random, config: MetricsConfig) -> Generated:
    ask = rng.choice(config.asks)
    low, high = max(1, config.counts[0]), max(2, config.counts[1])
    while True:
        tp, fn, fp, tn = (rng.randint(low, high) for _ in range(4))
        if fn != fp:  # otherwise precision = recall and the swap slip is invisible
            break
    metrics = confusion_metrics(tp, fn, fp, tn)
    answer = metrics[ask]
    slips = {f"as-{name}": value for name, value in metrics.items() if name != ask}
    if ask == "f1":
        slips["arithmetic-mean"] = (metrics["precision"] + metrics["recall"]) / 2
    values = {"ask": ask, "TP": str(tp), "FN": str(fn), "FP": str(fp), "TN": str(tn)}
    values |= {"ask_ja": METRIC_LABELS[ask][0], "ask_en": METRIC_LABELS[ask][1]}
    values |= {name: fmt(value, 4) for name, value in metrics.items()}
    values["total"] = str(tp + fn + fp + tn)
    values["answer"] = fmt(answer, 4)
    return Generated({"ask": ask, "tp": tp, "fn": fn, "fp": fp, "tn": tn}, values, answer, slips)


# --- average-precision --------------------------------------------------------------------------

ApAsk = Literal["ap", "map"]
ApConvention = Literal["all-point", "11-point", "step"]


class AveragePrecisionConfig(GeneratorConfig):
    asks: tuple[ApAsk, ...] = Field(default=("ap",), min_length=1)
    conventions: tuple[ApConvention, ...] = Field(default=("all-point",), min_length=1)
    length: IntRange = (4, 7)
    classes: IntRange = (2, 3)
    misses: IntRange = (0, 2)


def precision_recall(ranking: Sequence[bool], n_gt: int) -> tuple[list[float], list[float]]:
    precisions, recalls, hits = [], [], 0
    for rank, hit in enumerate(ranking, start=1):
        hits += hit
        precisions.append(hits / rank)
        recalls.append(hits / n_gt)
    return precisions, recalls


def average_precision(ranking: Sequence[bool], n_gt: int, convention: str) -> float:
    precisions, recalls = precision_recall(ranking, n_gt)
    if convention == "step":
        return sum(p for p, hit in zip(precisions, ranking, strict=True) if hit) / n_gt
    if convention == "11-point":
        total = 0.0
        for j in range(11):
            level = j / 10
            reached = [p for p, r in zip(precisions, recalls, strict=True) if r >= level - 1e-12]
            total += max(reached, default=0.0)
        return total / 11
    # all-point (VOC2010+): area under the precision envelope, summed where recall changes
    envelope = precisions[:]
    for i in range(len(envelope) - 2, -1, -1):
        envelope[i] = max(envelope[i], envelope[i + 1])
    area, previous = 0.0, 0.0
    for r, p in zip(recalls, envelope, strict=True):
        if r > previous:
            area += (r - previous) * p
            previous = r
    return area


def _ranking(rng: random.Random, config: AveragePrecisionConfig) -> tuple[list[bool], int]:
    length = draw(rng, (max(2, config.length[0]), max(2, config.length[1])))
    while True:
        ranking = [rng.random() < 0.6 for _ in range(length)]
        if any(ranking) and not all(ranking):
            break
    return ranking, sum(ranking) + draw(rng, config.misses)


def _ranking_text(ranking: Sequence[bool]) -> str:
    return ", ".join("TP" if hit else "FP" for hit in ranking)


CONVENTION_NAMES = ("all-point", "11-point", "step")


@generator(
    "average-precision",
    kind="numeric",
    config=AveragePrecisionConfig,
    slips=("as-all-point", "as-11-point", "as-step", "divide-by-detected", "final-precision"),
    margin=Margin(abs=2e-3),
)
def average_precision_question(rng: random.Random, config: AveragePrecisionConfig) -> Generated:
    ask = rng.choice(config.asks)
    convention = rng.choice(config.conventions)
    if ask == "ap":
        ranking, n_gt = _ranking(rng, config)
        answer = average_precision(ranking, n_gt, convention)
        precisions, recalls = precision_recall(ranking, n_gt)
        slips = {
            f"as-{name}": average_precision(ranking, n_gt, name)
            for name in CONVENTION_NAMES
            if name != convention
        }
        if n_gt > sum(ranking):
            slips["divide-by-detected"] = sum(
                p for p, hit in zip(precisions, ranking, strict=True) if hit
            ) / sum(ranking)
        slips["final-precision"] = precisions[-1]
        values = {
            "ask": ask,
            "ranking": _ranking_text(ranking),
            "n_gt": str(n_gt),
            "precisions": vec(precisions, 3),
            "recalls": vec(recalls, 3),
            "answer": fmt(answer, 4),
        }
        params: dict[str, object] = {
            "ask": ask,
            "convention": convention,
            "ranking": ranking,
            "n_gt": n_gt,
        }
        return Generated(params, values, answer, slips)
    count = draw(rng, (max(2, config.classes[0]), max(2, config.classes[1])))
    lists = [_ranking(rng, config) for _ in range(count)]
    aps = [average_precision(r, n, convention) for r, n in lists]
    answer = sum(aps) / count
    names = [chr(ord("A") + i) for i in range(count)]
    slips = {
        f"as-{name}": sum(average_precision(r, n, name) for r, n in lists) / count
        for name in CONVENTION_NAMES
        if name != convention
    }
    values = {
        "ask": ask,
        "C": str(count),
        "lists_ja": "\n".join(
            f"  クラス {c}: {_ranking_text(r)}（正解 {n} 個）"
            for c, (r, n) in zip(names, lists, strict=True)
        ),
        "lists_en": "\n".join(
            f"  class {c}: {_ranking_text(r)} ({n} ground truths)"
            for c, (r, n) in zip(names, lists, strict=True)
        ),
        "aps": ", ".join(f"AP_{c} = {fmt(a, 4)}" for c, a in zip(names, aps, strict=True)),
        "answer": fmt(answer, 4),
    }
    params = {
        "ask": ask,
        "convention": convention,
        "rankings": [r for r, _ in lists],
        "n_gts": [n for _, n in lists],
    }
    return Generated(params, values, answer, slips)


# --- perplexity ---------------------------------------------------------------------------------

PerplexityAsk = Literal["probs", "bits", "nats"]
TOKEN_PROBABILITIES = (0.8, 0.5, 0.4, 0.25, 0.2, 0.125, 0.1)


class PerplexityConfig(GeneratorConfig):
    asks: tuple[PerplexityAsk, ...] = Field(default=("probs",), min_length=1)
    tokens: IntRange = (2, 5)


@generator(
    "perplexity",
    kind="numeric",
    config=PerplexityConfig,
    slips=("mean-inverse", "no-root", "no-exp", "wrong-base"),
)
def perplexity(rng: random.Random, config: PerplexityConfig) -> Generated:
    ask = rng.choice(config.asks)
    if ask == "probs":
        n = draw(rng, (max(1, config.tokens[0]), max(1, config.tokens[1])))
        while True:
            probs = [rng.choice(TOKEN_PROBABILITIES) for _ in range(n)]
            if len(set(probs)) > 1 or n == 1:
                break
        nll = -sum(math.log(p) for p in probs) / n
        answer = math.exp(nll)
        slips = {
            "mean-inverse": sum(1 / p for p in probs) / n,
            "no-root": 1 / math.prod(probs),
            "no-exp": nll,
            "wrong-base": 2**nll,
        }
        values = {
            "ask": ask,
            "N": str(n),
            "probs": vec(probs),
            "product": fmt(math.prod(probs), 6),
            "nll": fmt(nll, 4),
            "answer": fmt(answer, 4),
        }
        return Generated({"ask": ask, "probs": probs}, values, answer, slips)
    entropy = rng.randint(5, 60) / 10
    answer = 2**entropy if ask == "bits" else math.exp(entropy)
    slips = {
        "no-exp": entropy,
        "wrong-base": math.exp(entropy) if ask == "bits" else 2**entropy,
    }
    values = {
        "ask": ask,
        "H": fmt(entropy),
        "unit_ja": "ビット" if ask == "bits" else "ナット",
        "unit_en": ask,
        "unit1_en": ask[:-1],
        "answer": fmt(answer, 4),
    }
    return Generated({"ask": ask, "entropy": entropy}, values, answer, slips)


# --- k-fold -------------------------------------------------------------------------------------

KFoldAsk = Literal["validation-size", "training-size", "fits"]


class KFoldConfig(GeneratorConfig):
    asks: tuple[KFoldAsk, ...] = Field(default=("training-size", "fits"), min_length=1)
    k: IntChoices = (3, 4, 5, 10)
    fold_size: IntRange = (20, 300)


@generator(
    "k-fold",
    kind="numeric",
    config=KFoldConfig,
    slips=("swapped", "no-folds", "no-grid", "plus-refit"),
)
def k_fold(rng: random.Random, config: KFoldConfig) -> Generated:
    ask = rng.choice(config.asks)
    k = rng.choice(config.k)
    fold = draw(rng, config.fold_size)
    n = k * fold
    g1, g2 = rng.randint(2, 5), rng.randint(2, 4)
    slips: dict[str, float]
    if ask == "validation-size":
        answer = float(fold)
        slips = {"swapped": float(n - fold)}
    elif ask == "training-size":
        answer = float(n - fold)
        slips = {"swapped": float(fold)}
    else:
        answer = float(g1 * g2 * k)
        slips = {"no-folds": float(g1 * g2), "no-grid": float(k), "plus-refit": answer + 1}
    values = {
        "ask": ask,
        "ask_ja": "検証に使うデータ数" if ask == "validation-size" else "学習に使うデータ数",
        "ask_en": "number of validation samples"
        if ask == "validation-size"
        else "number of training samples",
        "N": str(n),
        "k": str(k),
        "fold": str(fold),
        "train": str(n - fold),
        "g1": str(g1),
        "g2": str(g2),
        "grid": str(g1 * g2),
        "answer": fmt(answer),
    }
    return Generated({"ask": ask, "N": n, "k": k, "grid": [g1, g2]}, values, answer, slips)


# --- distance -----------------------------------------------------------------------------------

Metric = Literal[
    "euclidean", "manhattan", "chebyshev", "cosine-similarity", "cosine-distance", "mahalanobis"
]
VARIANCES = (0.25, 1.0, 4.0, 9.0, 16.0)


class DistanceConfig(GeneratorConfig):
    metrics: tuple[Metric, ...] = Field(default=("euclidean", "manhattan"), min_length=1)
    dims: IntRange = (2, 4)
    coords: IntRange = (-4, 5)


DISTANCE_LABELS: dict[str, tuple[str, str]] = {
    "euclidean": ("ユークリッド距離（L2 距離）", "Euclidean (L2) distance"),
    "manhattan": ("マンハッタン距離（L1 距離）", "Manhattan (L1) distance"),
    "chebyshev": ("チェビシェフ距離（L∞ 距離）", "Chebyshev (L∞) distance"),
    "cosine-similarity": ("コサイン類似度（cos θ）", "cosine similarity cos θ"),
    "cosine-distance": ("コサイン距離（1 − cos θ）", "cosine distance 1 − cos θ"),
    "mahalanobis": ("マハラノビス距離", "Mahalanobis distance"),
}


def distances(a: Sequence[float], b: Sequence[float], var: Sequence[float]) -> dict[str, float]:
    diff = [x - y for x, y in zip(a, b, strict=True)]
    dot = sum(x * y for x, y in zip(a, b, strict=True))
    norms = math.sqrt(sum(x * x for x in a)) * math.sqrt(sum(y * y for y in b))
    cosine = dot / norms
    return {
        "euclidean": math.sqrt(sum(d * d for d in diff)),
        "manhattan": sum(abs(d) for d in diff),
        "chebyshev": max(abs(d) for d in diff),
        "cosine-similarity": cosine,
        "cosine-distance": 1 - cosine,
        "mahalanobis": math.sqrt(sum(d * d / v for d, v in zip(diff, var, strict=True))),
    }


@generator(
    "distance",
    kind="numeric",
    config=DistanceConfig,
    slips=(
        "as-euclidean",
        "as-manhattan",
        "as-chebyshev",
        "as-cosine-similarity",
        "as-cosine-distance",
        "squared",
        "std-not-variance",
    ),
    margin=Margin(abs=2e-3),
)
def distance(rng: random.Random, config: DistanceConfig) -> Generated:
    metric = rng.choice(config.metrics)
    dims = draw(rng, (max(2, config.dims[0]), max(2, config.dims[1])))
    while True:
        a = [float(draw(rng, config.coords)) for _ in range(dims)]
        b = [float(draw(rng, config.coords)) for _ in range(dims)]
        if a != b and any(a) and any(b):
            break
    var = [rng.choice(VARIANCES) for _ in range(dims)]
    values_by_metric = distances(a, b, var)
    answer = values_by_metric[metric]
    diff = [x - y for x, y in zip(a, b, strict=True)]
    slips = {
        f"as-{name}": value
        for name, value in values_by_metric.items()
        if name != metric and name != "mahalanobis"
    }
    if metric == "euclidean":
        slips["squared"] = answer**2
    if metric == "mahalanobis":
        slips["squared"] = answer**2
        slips["std-not-variance"] = math.sqrt(
            sum(d * d / math.sqrt(v) for d, v in zip(diff, var, strict=True))
        )
    dot = sum(x * y for x, y in zip(a, b, strict=True))
    values = {
        "metric": metric,
        "metric_ja": DISTANCE_LABELS[metric][0],
        "metric_en": DISTANCE_LABELS[metric][1],
        "a": vec(a),
        "b": vec(b),
        "diff": vec(diff),
        "var": vec(var),
        "dot": fmt(dot),
        "norm_a": fmt(math.sqrt(sum(x * x for x in a)), 4),
        "norm_b": fmt(math.sqrt(sum(y * y for y in b)), 4),
        "sum_sq": fmt(sum(d * d for d in diff)),
        "weighted": fmt(sum(d * d / v for d, v in zip(diff, var, strict=True)), 4),
        "answer": fmt(answer, 4),
    }
    return Generated({"metric": metric, "a": a, "b": b, "var": var}, values, answer, slips)


# --- mlp-param-count ----------------------------------------------------------------------------


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


# --- eigen-2x2 ----------------------------------------------------------------------------------

EigenAsk = Literal["largest", "smallest"]


class EigenConfig(GeneratorConfig):
    asks: tuple[EigenAsk, ...] = Field(default=("largest", "smallest"), min_length=1)
    entries: IntRange = (-4, 6)


@generator(
    "eigen-2x2",
    kind="numeric",
    config=EigenConfig,
    slips=("diagonal", "trace", "determinant"),
)
def eigen_2x2(rng: random.Random, config: EigenConfig) -> Generated:
    """A symmetric [[a, b], [b, d]] with b ≠ 0 whose eigenvalues are integers."""
    ask = rng.choice(config.asks)
    while True:
        a, d = draw(rng, config.entries), draw(rng, config.entries)
        b = rng.choice([v for v in range(-4, 5) if v != 0])
        disc = (a - d) ** 2 + 4 * b * b
        root = math.isqrt(disc)
        if root * root == disc and (a + d + root) % 2 == 0:
            break
    big, small = (a + d + root) // 2, (a + d - root) // 2
    answer = float(big if ask == "largest" else small)
    slips = {
        "diagonal": float(max(a, d) if ask == "largest" else min(a, d)),
        "trace": float(a + d),
        "determinant": float(a * d - b * b),
    }
    values = {
        "ask": ask,
        "ask_ja": "大きい方" if ask == "largest" else "小さい方",
        "ask_en": "larger" if ask == "largest" else "smaller",
        "A": f"[[{a}, {b}], [{b}, {d}]]",
        "trace": str(a + d),
        "det": str(a * d - b * b),
        "disc": str(disc),
        "root": str(root),
        "big": str(big),
        "small": str(small),
        "answer": str(int(answer)),
    }
    return Generated({"ask": ask, "a": a, "b": b, "d": d}, values, answer, slips)


# --- expectation-variance -----------------------------------------------------------------------

MomentAsk = Literal["mean", "variance", "linear-variance"]


class MomentConfig(GeneratorConfig):
    asks: tuple[MomentAsk, ...] = Field(default=("mean", "variance"), min_length=1)
    support: IntRange = (3, 4)


@generator(
    "expectation-variance",
    kind="numeric",
    config=MomentConfig,
    slips=("second-moment", "unweighted", "scale-not-squared", "with-shift"),
)
def expectation_variance(rng: random.Random, config: MomentConfig) -> Generated:
    ask = rng.choice(config.asks)
    size = draw(rng, (max(2, config.support[0]), min(5, max(2, config.support[1]))))
    xs = sorted(rng.sample(range(-2, 7), size))
    ps = _tenths_distribution(rng, size)
    mean = sum(x * p for x, p in zip(xs, ps, strict=True))
    second = sum(x * x * p for x, p in zip(xs, ps, strict=True))
    var = second - mean**2
    scale = rng.choice((2, 3, -2, -3))
    shift = rng.choice((1, 2, 5, -1))
    slips: dict[str, float]
    if ask == "mean":
        answer = mean
        slips = {"unweighted": sum(xs) / size}
    elif ask == "variance":
        answer = var
        slips = {"second-moment": second, "unweighted": sum((x - mean) ** 2 for x in xs) / size}
    else:
        answer = scale * scale * var
        slips = {"scale-not-squared": scale * var, "with-shift": scale * scale * var + shift}
    labels = {
        "mean": ("期待値（E[X]）", "expectation E[X]"),
        "variance": ("分散（V[X]）", "variance V[X]"),
        "linear-variance": ("分散", "variance"),
    }
    values = {
        "ask": ask,
        "ask_ja": labels[ask][0],
        "ask_en": labels[ask][1],
        "xs": vec(xs),
        "ps": vec(ps),
        "mean": fmt(mean, 4),
        "second": fmt(second, 4),
        "var": fmt(var, 4),
        "a": str(scale),
        "b": str(shift),
        "a2": str(scale * scale),
        "answer": fmt(answer, 4),
    }
    return Generated(
        {"ask": ask, "xs": xs, "ps": ps, "a": scale, "b": shift}, values, answer, slips
    )


# --- binomial -----------------------------------------------------------------------------------


class BinomialConfig(GeneratorConfig):
    n: IntRange = (3, 8)


@generator(
    "binomial",
    kind="numeric",
    config=BinomialConfig,
    slips=("no-coefficient", "swapped"),
    margin=Margin(abs=2e-4),
)
def binomial(rng: random.Random, config: BinomialConfig) -> Generated:
    n = draw(rng, (max(2, config.n[0]), max(2, config.n[1])))
    k = rng.randint(1, n - 1)
    p = rng.choice((0.1, 0.2, 0.3, 0.4, 0.6, 0.7, 0.8))
    coefficient = math.comb(n, k)
    core = p**k * (1 - p) ** (n - k)
    answer = coefficient * core
    slips = {
        "no-coefficient": core,
        "swapped": coefficient * (1 - p) ** k * p ** (n - k),
    }
    values = {
        "n": str(n),
        "k": str(k),
        "p": fmt(p),
        "q": fmt(1 - p),
        "n_minus_k": str(n - k),
        "comb": str(coefficient),
        "core": fmt(core, 6),
        "answer": fmt(answer, 4),
    }
    return Generated({"n": n, "k": k, "p": p}, values, answer, slips)


# --- bernoulli-estimate -------------------------------------------------------------------------

EstimateAsk = Literal["mle", "map"]


class EstimateConfig(GeneratorConfig):
    asks: tuple[EstimateAsk, ...] = Field(default=("mle", "map"), min_length=1)
    n: IntRange = (5, 20)


@generator(
    "bernoulli-estimate",
    kind="numeric",
    config=EstimateConfig,
    slips=("as-mle", "posterior-mean", "failures"),
)
def bernoulli_estimate(rng: random.Random, config: EstimateConfig) -> Generated:
    ask = rng.choice(config.asks)
    n = draw(rng, config.n)
    k = rng.randint(1, n - 1)
    alpha, beta = rng.choice((2, 3, 5)), rng.choice((2, 3, 5))
    mle = k / n
    mode = (k + alpha - 1) / (n + alpha + beta - 2)
    answer = mle if ask == "mle" else mode
    slips = {"failures": (n - k) / n}
    if ask == "map":
        slips["as-mle"] = mle
        slips["posterior-mean"] = (k + alpha) / (n + alpha + beta)
    values = {
        "ask": ask,
        "ask_ja": "最尤推定（MLE）" if ask == "mle" else "最大事後確率推定（MAP 推定）",
        "ask_en": "maximum-likelihood (MLE)" if ask == "mle" else "maximum a posteriori (MAP)",
        "n": str(n),
        "k": str(k),
        "alpha": str(alpha),
        "beta": str(beta),
        "num": str(k + alpha - 1),
        "den": str(n + alpha + beta - 2),
        "mle": fmt(mle, 4),
        "map": fmt(mode, 4),
        "answer": fmt(answer, 4),
    }
    return Generated(
        {"ask": ask, "n": n, "k": k, "alpha": alpha, "beta": beta}, values, answer, slips
    )


# --- gini ---------------------------------------------------------------------------------------

GiniAsk = Literal["node", "split"]


class GiniConfig(GeneratorConfig):
    asks: tuple[GiniAsk, ...] = Field(default=("node", "split"), min_length=1)


def gini_impurity(counts: Sequence[int]) -> float:
    total = sum(counts)
    return 1 - sum((c / total) ** 2 for c in counts)


@generator(
    "gini",
    kind="numeric",
    config=GiniConfig,
    slips=("sum-squares", "unweighted"),
    margin=Margin(abs=2e-3),
)
def gini(rng: random.Random, config: GiniConfig) -> Generated:
    ask = rng.choice(config.asks)
    classes = rng.choice((2, 3))
    if ask == "node":
        counts = [rng.randint(1, 12) for _ in range(classes)]
        answer = gini_impurity(counts)
        total = sum(counts)
        slips = {"sum-squares": 1 - answer}
        work = f"G = 1 − [{' + '.join(f'({c}/{total})²' for c in counts)}] = {fmt(answer, 4)}"
        values = {
            "work": work,
            "ask": ask,
            "task_ja": f"クラスごとのデータ数が ({', '.join(str(c) for c in counts)}) の"
            "ノードのジニ不純度を求めよ。",
            "task_en": f"Find the Gini impurity of a node with class counts "
            f"({', '.join(str(c) for c in counts)}).",
            "counts": ", ".join(str(c) for c in counts),
            "total": str(total),
            "squares": " + ".join(f"({c}/{total})²" for c in counts),
            "answer": fmt(answer, 4),
        }
        return Generated({"ask": ask, "counts": counts}, values, answer, slips)
    while True:
        left = [rng.randint(0, 10) for _ in range(classes)]
        right = [rng.randint(0, 10) for _ in range(classes)]
        if sum(left) >= 2 and sum(right) >= 2 and sum(left) != sum(right):
            break
    n_left, n_right = sum(left), sum(right)
    g_left, g_right = gini_impurity(left), gini_impurity(right)
    answer = (n_left * g_left + n_right * g_right) / (n_left + n_right)
    slips = {"unweighted": (g_left + g_right) / 2}
    work = (
        f"G_L = {fmt(g_left, 4)}, G_R = {fmt(g_right, 4)}; "
        f"({n_left}×{fmt(g_left, 4)} + {n_right}×{fmt(g_right, 4)}) / ({n_left} + {n_right})"
        f" = {fmt(answer, 4)}"
    )
    values = {
        "work": work,
        "ask": ask,
        "task_ja": f"あるノードを、左の子ノード ({', '.join(str(c) for c in left)}) と右の子ノード "
        f"({', '.join(str(c) for c in right)})（括弧内はクラスごとのデータ数）に分割した。"
        "分割後の不純度（子ノードのジニ不純度をデータ数で重み付けした平均）を求めよ。",
        "task_en": f"A node is split into a left child with class counts "
        f"({', '.join(str(c) for c in left)}) and a right child with "
        f"({', '.join(str(c) for c in right)}). Find the impurity after the split "
        "(the children's Gini impurities averaged with their sample counts as weights).",
        "left": ", ".join(str(c) for c in left),
        "right": ", ".join(str(c) for c in right),
        "n_left": str(n_left),
        "n_right": str(n_right),
        "g_left": fmt(g_left, 4),
        "g_right": fmt(g_right, 4),
        "answer": fmt(answer, 4),
    }
    return Generated({"ask": ask, "left": left, "right": right}, values, answer, slips)


# --- logistic-odds ------------------------------------------------------------------------------

OddsAsk = Literal["probability", "odds", "odds-ratio"]


class OddsConfig(GeneratorConfig):
    asks: tuple[OddsAsk, ...] = Field(default=("probability", "odds", "odds-ratio"), min_length=1)


@generator(
    "logistic-odds",
    kind="numeric",
    config=OddsConfig,
    slips=("logit-itself", "probability-not-odds", "no-exp"),
    margin=Margin(abs=2e-3),
)
def logistic_odds(rng: random.Random, config: OddsConfig) -> Generated:
    ask = rng.choice(config.asks)
    w = rng.choice((-1.5, -1.0, -0.5, 0.5, 1.0, 1.5, 2.0))
    b = rng.choice((-2.0, -1.0, -0.5, 0.0, 0.5, 1.0))
    x = rng.choice((-2.0, -1.0, 1.0, 2.0, 3.0))
    z = w * x + b
    p = _sigmoid(z)
    slips: dict[str, float]
    if ask == "probability":
        answer = p
        slips = {"logit-itself": z}
    elif ask == "odds":
        answer = math.exp(z)
        slips = {"logit-itself": z, "probability-not-odds": p}
    else:
        answer = math.exp(w)
        slips = {"no-exp": w}
    tasks = {
        "probability": (
            f"x = {fmt(x)} のときの確率 P(y = 1 | x) の値",
            f"the probability P(y = 1 | x) at x = {fmt(x)}",
        ),
        "odds": (
            f"x = {fmt(x)} のときのオッズ p/(1 − p) の値",
            f"the odds p/(1 − p) at x = {fmt(x)}",
        ),
        "odds-ratio": (
            "x が 1 増えたときのオッズの倍率（オッズ比）",
            "the factor by which the odds change when x increases by 1 (the odds ratio)",
        ),
    }
    values = {
        "ask": ask,
        "task_ja": tasks[ask][0],
        "task_en": tasks[ask][1],
        "w": fmt(w),
        "b": fmt(b),
        "x": fmt(x),
        "z": fmt(z),
        "p": fmt(p, 4),
        "answer": fmt(answer, 4),
    }
    return Generated({"ask": ask, "w": w, "b": b, "x": x}, values, answer, slips)


# --- pca-contribution ---------------------------------------------------------------------------

PcaAsk = Literal["first", "cumulative"]


class PcaConfig(GeneratorConfig):
    asks: tuple[PcaAsk, ...] = Field(default=("first", "cumulative"), min_length=1)
    components: IntRange = (3, 5)


@generator(
    "pca-contribution",
    kind="numeric",
    config=PcaConfig,
    slips=("singular-values", "first-only", "over-largest"),
)
def pca_contribution(rng: random.Random, config: PcaConfig) -> Generated:
    ask = rng.choice(config.asks)
    size = draw(rng, (max(2, config.components[0]), max(2, config.components[1])))
    eigenvalues = sorted((rng.randint(1, 40) / 2 for _ in range(size)), reverse=True)
    total = sum(eigenvalues)
    first = eigenvalues[0] / total
    cumulative = (eigenvalues[0] + eigenvalues[1]) / total
    roots = [math.sqrt(v) for v in eigenvalues]
    slips: dict[str, float]
    if ask == "first":
        answer = first
        slips = {"singular-values": roots[0] / sum(roots), "over-largest": 1.0}
    else:
        answer = cumulative
        slips = {
            "singular-values": (roots[0] + roots[1]) / sum(roots),
            "first-only": first,
            "over-largest": (eigenvalues[0] + eigenvalues[1]) / eigenvalues[0],
        }
    values = {
        "ask": ask,
        "ask_ja": "第 1 主成分の寄与率" if ask == "first" else "第 2 主成分までの累積寄与率",
        "ask_en": "contribution ratio of the first component"
        if ask == "first"
        else "cumulative contribution ratio of the first two components",
        "eigenvalues": vec(eigenvalues),
        "total": fmt(total),
        "top2": fmt(eigenvalues[0] + eigenvalues[1]),
        "first": fmt(eigenvalues[0]),
        "answer": fmt(answer, 4),
    }
    return Generated({"ask": ask, "eigenvalues": eigenvalues}, values, answer, slips)


# --- least-squares ------------------------------------------------------------------------------

LeastSquaresAsk = Literal["slope", "intercept"]


class LeastSquaresConfig(GeneratorConfig):
    asks: tuple[LeastSquaresAsk, ...] = Field(default=("slope", "intercept"), min_length=1)
    points: IntRange = (3, 5)


@generator(
    "least-squares",
    kind="numeric",
    config=LeastSquaresConfig,
    slips=("no-centering", "swapped-axes"),
)
def least_squares(rng: random.Random, config: LeastSquaresConfig) -> Generated:
    ask = rng.choice(config.asks)
    n = draw(rng, (max(2, config.points[0]), max(2, config.points[1])))
    while True:
        xs = sorted(rng.sample(range(0, 8), n))
        ys = [rng.randint(-2, 9) for _ in range(n)]
        mx, my = sum(xs) / n, sum(ys) / n
        sxx = sum((x - mx) ** 2 for x in xs)
        syy = sum((y - my) ** 2 for y in ys)
        sxy = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True))
        if abs(sxy) > 1e-9 and abs(syy) > 1e-9:  # a sum of floats is never exactly 0
            break
    slope = sxy / sxx
    intercept = my - slope * mx
    raw = sum(x * y for x, y in zip(xs, ys, strict=True)) / sum(x * x for x in xs)
    slips: dict[str, float]
    if ask == "slope":
        answer = slope
        slips = {"no-centering": raw, "swapped-axes": sxy / syy}
    else:
        answer = intercept
        slips = {"no-centering": my - raw * mx, "swapped-axes": my - sxy / syy * mx}
    values = {
        "ask": ask,
        "ask_ja": "傾き a の値" if ask == "slope" else "切片 b の値",
        "ask_en": "slope a" if ask == "slope" else "intercept b",
        "points": ", ".join(f"({x}, {y})" for x, y in zip(xs, ys, strict=True)),
        "mx": fmt(mx, 4),
        "my": fmt(my, 4),
        "sxx": fmt(sxx, 4),
        "sxy": fmt(sxy, 4),
        "slope": fmt(slope, 4),
        "answer": fmt(answer, 4),
    }
    return Generated({"ask": ask, "xs": xs, "ys": ys}, values, answer, slips)

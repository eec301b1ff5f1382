"""Linear, penalised and logistic regression (syllabus 2-1-4, 2-1-5).

- `logistic-odds`: the probability, the odds or the odds ratio exp(w) of a logistic regression
  model.
- `least-squares`: the slope or intercept of a one-variable least-squares fit.
- `penalized-regression`: the one-weight ridge or lasso solution.
- `logistic-loss`: the log loss of one sample, or its gradient for one weight.
"""

from __future__ import annotations

import math
import random
from typing import Literal

from pydantic import Field

from trainer.bank.generators.common import (
    IntRange,
    distinct,
    draw,
    fmt,
    sigmoid,
    signed,
    vec,
)
from trainer.bank.generators.registry import Generated, GeneratorConfig, Margin, generator

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
    p = sigmoid(z)
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


PenaltyAsk = Literal["ridge", "lasso"]


class PenalizedConfig(GeneratorConfig):
    asks: tuple[PenaltyAsk, ...] = Field(default=("ridge", "lasso"), min_length=1)
    points: IntRange = (3, 4)


@generator(
    "penalized-regression",
    kind="numeric",
    config=PenalizedConfig,
    slips=("ols", "double-lambda", "ridge-form", "no-threshold"),
)
def penalized_regression(rng: random.Random, config: PenalizedConfig) -> Generated:
    ask = rng.choice(config.asks)
    while True:
        n = draw(rng, (max(2, config.points[0]), max(2, config.points[1])))
        xs = [rng.choice([v for v in range(-3, 5) if v != 0]) for _ in range(n)]
        ys = [rng.randint(-4, 6) for _ in range(n)]
        sxx = sum(x * x for x in xs)
        sxy = sum(x * y for x, y in zip(xs, ys, strict=True))
        if sxy != 0:
            break
    slips: dict[str, float] = {"ols": sxy / sxx}
    if ask == "ridge":
        lam = rng.choice((0.5, 1.0, 2.0, 3.0, 5.0, 10.0))
        answer = sxy / (sxx + lam)
        slips["double-lambda"] = sxy / (sxx + 2 * lam)
        work = f"w = S_xy / (S_xx + λ) = {sxy} / ({sxx} + {fmt(lam)})"
    else:
        lam = float(max(1, round(abs(sxy) * rng.choice((0.3, 0.5, 0.8, 1.2)))))
        sign = 1 if sxy > 0 else -1
        shrunk = abs(sxy) - lam
        answer = sign * max(shrunk, 0.0) / sxx
        slips["ridge-form"] = sxy / (sxx + lam)
        if shrunk < 0:
            slips["no-threshold"] = sign * shrunk / sxx
        if shrunk >= 0:
            work = (
                f"|S_xy| = {abs(sxy)} > λ = {fmt(lam)}: w = sign(S_xy)(|S_xy| − λ) / S_xx"
                f" = {signed(sign)}×({abs(sxy)} − {fmt(lam)}) / {sxx}"
            )
        else:
            work = f"|S_xy| = {abs(sxy)} ≤ λ = {fmt(lam)}: w = 0"
    objectives = {
        "ridge": (
            "E(w) = Σ_i (y_i − w x_i)² + λ w²",
            "リッジ回帰（L2 正則化）",
            "ridge regression (L2 regularisation)",
        ),
        "lasso": (
            "E(w) = (1/2) Σ_i (y_i − w x_i)² + λ |w|",
            "ラッソ回帰（L1 正則化）",
            "lasso regression (L1 regularisation)",
        ),
    }
    objective, method_ja, method_en = objectives[ask]
    values = {
        "ask": ask,
        "points": ", ".join(f"({x}, {y})" for x, y in zip(xs, ys, strict=True)),
        "objective": objective,
        "method_ja": method_ja,
        "method_en": method_en,
        "lam": fmt(lam),
        "sxx": str(sxx),
        "sxy": str(sxy),
        "work": work,
        "answer": fmt(answer, 4),
    }
    params = {"ask": ask, "xs": xs, "ys": ys, "lam": lam}
    return Generated(params, values, answer, distinct(slips, answer, 0.002))


LogLossAsk = Literal["loss", "gradient"]


HALVES = (-1.5, -1.0, -0.5, 0.5, 1.0, 1.5)


class LogLossConfig(GeneratorConfig):
    asks: tuple[LogLossAsk, ...] = Field(default=("loss", "gradient"), min_length=1)


@generator(
    "logistic-loss",
    kind="numeric",
    config=LogLossConfig,
    slips=("log10", "wrong-term", "no-minus", "sign-flipped", "no-x", "no-sigmoid"),
)
def logistic_loss(rng: random.Random, config: LogLossConfig) -> Generated:
    ask = rng.choice(config.asks)
    while True:
        w = [rng.choice(HALVES) for _ in range(2)]
        b = rng.choice((-1.0, -0.5, 0.0, 0.5, 1.0))
        x = [rng.randint(-2, 2) for _ in range(2)]
        j = rng.randrange(2)
        if x[j] != 0:
            break
    y = rng.randint(0, 1)
    z = w[0] * x[0] + w[1] * x[1] + b
    p = 1 / (1 + math.exp(-z))
    slips: dict[str, float]
    if ask == "loss":
        answer = -math.log(p) if y == 1 else -math.log(1 - p)
        slips = {
            "log10": answer / math.log(10),
            "wrong-term": -math.log(1 - p) if y == 1 else -math.log(p),
            "no-minus": -answer,
        }
    else:
        answer = (p - y) * x[j]
        slips = {"sign-flipped": -answer, "no-x": p - y, "no-sigmoid": (z - y) * x[j]}
    values = {
        "ask": ask,
        "w": vec(w),
        "b": fmt(b),
        "x": vec(x),
        "y": str(y),
        "j": str(j + 1),
        "x_j": str(x[j]),
        "z_work": f"{signed(w[0])}×{signed(x[0])} + {signed(w[1])}×{signed(x[1])} + {signed(b)}",
        "z": fmt(z),
        "p": fmt(p, 4),
        "term": "−ln p" if y == 1 else "−ln(1 − p)",
        "answer": fmt(answer, 4),
    }
    if ask == "loss":
        values["task_ja"] = "値を"
        values["task_en"] = "the value of L"
        filled = f"{values['term']} = {values['term'].replace('p', values['p'])}"
        values["work_ja"] = f"y = {y} なので L = {filled} ≈ {values['answer']}"
        values["work_en"] = f"With y = {y}, L = {filled} ≈ {values['answer']}"
    else:
        values["task_ja"] = f"重み w_{j + 1} による偏微分 ∂L/∂w_{j + 1} を"
        values["task_en"] = f"the partial derivative ∂L/∂w_{j + 1} of the loss L"
        values["work_ja"] = values["work_en"] = (
            f"∂L/∂w_{j + 1} = (p − y) x_{j + 1} = ({values['p']} − {y}) × {signed(x[j])}"
            f" ≈ {values['answer']}"
        )
    params = {"ask": ask, "w": w, "b": b, "x": x, "y": y, "j": j}
    return Generated(params, values, answer, distinct(slips, answer, 0.002))

"""Support vector machines (syllabus 2-1-6): margins and kernels.

- `svm-geometry`: the margin 2/‖w‖, a point's distance to the hyperplane, or a sum of hinge losses.
- `kernel-value`: a polynomial or RBF (Gaussian) kernel value.
"""

from __future__ import annotations

import math
import random
from collections.abc import Sequence
from typing import Literal

from pydantic import Field

from trainer.bank.generators.common import distinct, fmt, signed, vec
from trainer.bank.generators.registry import Generated, GeneratorConfig, generator

SvmAsk = Literal["margin", "distance", "hinge"]


class SvmConfig(GeneratorConfig):
    asks: tuple[SvmAsk, ...] = Field(default=("margin", "distance", "hinge"), min_length=1)


def _norm(v: Sequence[float]) -> float:
    return math.sqrt(sum(c * c for c in v))


@generator(
    "svm-geometry",
    kind="numeric",
    config=SvmConfig,
    slips=("one-over-norm", "squared-norm", "no-norm", "no-bias", "no-max", "no-label"),
)
def svm_geometry(rng: random.Random, config: SvmConfig) -> Generated:
    ask = rng.choice(config.asks)
    while True:
        if ask == "hinge":
            w = [rng.choice((-2.0, -1.5, -1.0, -0.5, 0.5, 1.0, 1.5, 2.0)) for _ in range(2)]
            b = rng.choice((-2.0, -1.0, -0.5, 0.0, 0.5, 1.0, 2.0))
        else:
            w = [float(rng.randint(-4, 4)) for _ in range(2)]
            b = float(rng.randint(-5, 5))
        if any(w):
            break
    norm = _norm(w)
    values = {"ask": ask, "w": vec(w), "b": fmt(b), "norm": fmt(norm, 4)}
    values["norm_work"] = f"√({' + '.join(f'{signed(c)}²' for c in w)}) = √{fmt(norm * norm)}"
    if ask == "margin":
        answer = 2 / norm
        slips = {"one-over-norm": 1 / norm, "squared-norm": 2 / (norm * norm)}
        values |= {
            "task_ja": "マージンの幅（2 つの平面 wᵀx + b = 1 と wᵀx + b = −1 の間の距離）を",
            "task_en": "width of the margin (the distance between wᵀx + b = 1 and wᵀx + b = −1)",
            "work": f"2/‖w‖ = 2/{fmt(norm, 4)}",
            "answer": fmt(answer, 4),
        }
        return Generated(
            {"ask": ask, "w": w, "b": b}, values, answer, distinct(slips, answer, 0.002)
        )
    if ask == "distance":
        while True:
            x = [float(rng.randint(-3, 4)) for _ in range(2)]
            f = w[0] * x[0] + w[1] * x[1] + b
            if f != 0 and w[0] * x[0] + w[1] * x[1] != 0:
                break
        answer = abs(f) / norm
        slips = {"no-norm": abs(f), "no-bias": abs(f - b) / norm}
        values |= {
            "x": vec(x),
            "f": fmt(f),
            "task_ja": f"点 x = {vec(x)} と分離超平面 wᵀx + b = 0 の距離を",
            "task_en": f"distance between the point x = {vec(x)} and the hyperplane wᵀx + b = 0",
            "work": f"wᵀx + b = {fmt(f)}, |wᵀx + b|/‖w‖ = {fmt(abs(f))}/{fmt(norm, 4)}",
            "answer": fmt(answer, 4),
        }
        params: dict[str, object] = {"ask": ask, "w": w, "b": b, "x": x}
        return Generated(params, values, answer, distinct(slips, answer, 0.002))
    while True:
        cells = rng.sample([(a, c) for a in range(-2, 4) for c in range(-2, 4)], 3)
        xs = [[float(a), float(c)] for a, c in cells]
        ys = [rng.choice((-1, 1)) for _ in range(3)]
        fs = [w[0] * x[0] + w[1] * x[1] + b for x in xs]
        margins = [y * f for y, f in zip(ys, fs, strict=True)]
        losses = [max(0.0, 1 - m) for m in margins]
        if any(m >= 1 for m in margins) and any(m < 1 for m in margins) and -1 in ys:
            break
    answer = sum(losses)
    slips = {
        "no-max": sum(1 - m for m in margins),
        "no-label": sum(max(0.0, 1 - f) for f in fs),
    }
    rows = [
        f"x{i + 1} = {vec(x)}, y{i + 1} = {'+1' if y > 0 else '−1'}"
        for i, (x, y) in enumerate(zip(xs, ys, strict=True))
    ]
    values |= {
        "data": "; ".join(rows),
        "fs": ", ".join(f"f(x{i + 1}) = {fmt(f)}" for i, f in enumerate(fs)),
        "margins": ", ".join(f"{fmt(m)}" for m in margins),
        "losses": " + ".join(fmt(v) for v in losses),
        "answer": fmt(answer, 4),
    }
    params = {"ask": ask, "w": w, "b": b, "xs": xs, "ys": ys}
    return Generated(params, values, answer, distinct(slips, answer, 0.002))


KernelAsk = Literal["polynomial", "rbf"]


class KernelConfig(GeneratorConfig):
    asks: tuple[KernelAsk, ...] = Field(default=("polynomial", "rbf"), min_length=1)


@generator(
    "kernel-value",
    kind="numeric",
    config=KernelConfig,
    slips=("no-constant", "no-power", "no-square", "no-gamma"),
)
def kernel_value(rng: random.Random, config: KernelConfig) -> Generated:
    ask = rng.choice(config.asks)
    while True:
        x = [rng.randint(-2, 3) for _ in range(2)]
        z = [rng.randint(-2, 3) for _ in range(2)]
        dot = x[0] * z[0] + x[1] * z[1]
        sq = (x[0] - z[0]) ** 2 + (x[1] - z[1]) ** 2
        if ask == "polynomial" and dot != 0:
            break
        if ask == "rbf" and 0 < sq <= 10:
            break
    values = {"ask": ask, "x": vec(x), "z": vec(z), "dot": str(dot), "sq": str(sq)}
    slips: dict[str, float]
    if ask == "polynomial":
        c = rng.choice((0, 1, 2))
        d = rng.choice((2, 3))
        answer = float((dot + c) ** d)
        slips = {"no-constant": float(dot**d), "no-power": float(dot + c)}
        plus_c = f" + {c}" if c else ""  # c = 0: the homogeneous kernel (xᵀz)^d
        values |= {
            "kernel_ja": f"K(x, z) = (xᵀz{plus_c})^{d}",
            "kernel_en": f"K(x, z) = (xᵀz{plus_c})^{d}",
            "work": f"xᵀz = {dot}, K = ({dot}{plus_c})^{d} = {int(answer)}",
        }
        params: dict[str, object] = {"ask": ask, "x": x, "z": z, "c": c, "d": d}
    else:
        gamma = rng.choice((0.1, 0.25, 0.5, 1.0))
        if gamma * sq > 5:
            gamma = 0.1
        answer = math.exp(-gamma * sq)
        slips = {"no-square": math.exp(-gamma * math.sqrt(sq)), "no-gamma": math.exp(-sq)}
        values |= {
            "kernel_ja": f"K(x, z) = exp(−γ‖x − z‖²)（γ = {fmt(gamma)}）",
            "kernel_en": f"K(x, z) = exp(−γ‖x − z‖²) with γ = {fmt(gamma)}",
            "work": f"‖x − z‖² = {sq}, K = exp(−{fmt(gamma)} × {sq}) = exp(−{fmt(gamma * sq)})"
            f" ≈ {fmt(answer, 4)}",
        }
        params = {"ask": ask, "x": x, "z": z, "gamma": gamma}
    values["answer"] = fmt(answer, 4)
    return Generated(params, values, answer, distinct(slips, answer, 0.0002))

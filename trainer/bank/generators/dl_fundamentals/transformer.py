"""Transformer (Transformer, syllabus 3-6).

- `attention-weights`: softmax(q·k_j / √d_k) and the output Σ_j a_j v_j for one query row.
- `attention-cost`: multiply-adds of QKᵀ (n²·d), their growth when n is scaled, the memory of the
  attention-weight tensors (B·h·n² numbers).
- `multi-head`: the head dimension d_model / h and the parameters of the four projections.
- `positional-encoding`: PE(pos, 2i) = sin(pos / 10000^(2i/d)), PE(pos, 2i+1) = cos(same angle).
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
    count,
    draw,
    fmt,
    vector,
)
from trainer.bank.generators.registry import Generated, GeneratorConfig, Margin, generator


def paren(value: float) -> str:
    """A factor in a worked product: negatives in parentheses."""
    return f"({fmt(value)})" if value < 0 else fmt(value)


def softmax(scores: Sequence[float]) -> list[float]:
    top = max(scores)
    exps = [math.exp(s - top) for s in scores]
    total = sum(exps)
    return [e / total for e in exps]


AttentionAsk = Literal["weight", "output"]


class AttentionConfig(GeneratorConfig):
    asks: tuple[AttentionAsk, ...] = Field(default=("weight", "output"), min_length=1)
    keys: IntRange = (2, 3)  # number of key/value rows
    d_k: IntChoices = (4,)
    entry: IntRange = (-2, 2)  # entries of q and the keys
    value_entry: IntRange = (-3, 6)  # entries of the values
    d_v: int = Field(default=2, ge=1, le=4)
    max_spread: float = Field(default=3.0, gt=0)  # largest gap between scaled scores


def attention_row(
    q: Sequence[int], keys: Sequence[Sequence[int]], values: Sequence[Sequence[int]], scale: float
) -> tuple[list[float], list[float]]:
    """Weights softmax(q·k_j / scale) and the output Σ_j a_j v_j."""
    scores = [sum(a * b for a, b in zip(q, k, strict=True)) / scale for k in keys]
    weights = softmax(scores)
    output = [
        sum(w * v[c] for w, v in zip(weights, values, strict=True)) for c in range(len(values[0]))
    ]
    return weights, output


@generator(
    "attention-weights",
    kind="numeric",
    config=AttentionConfig,
    slips=("no-scaling", "scaled-by-dk"),
)
def attention_weights(rng: random.Random, config: AttentionConfig) -> Generated:
    ask = rng.choice(config.asks)
    d_k = rng.choice(config.d_k)
    root = math.sqrt(d_k)
    for _ in range(MAX_TRIES):
        n = draw(rng, config.keys)
        q = [draw(rng, config.entry) for _ in range(d_k)]
        keys = [[draw(rng, config.entry) for _ in range(d_k)] for _ in range(n)]
        dots = [sum(a * b for a, b in zip(q, k, strict=True)) for k in keys]
        spread = (max(dots) - min(dots)) / root
        if len(set(dots)) == n and 0 < spread <= config.max_spread:
            break
    else:
        raise ValueError(NO_DRAW)
    for _ in range(MAX_TRIES):
        values = [[draw(rng, config.value_entry) for _ in range(config.d_v)] for _ in range(n)]
        if all(len({v[c] for v in values}) > 1 for c in range(config.d_v)):
            break
    else:
        raise ValueError(NO_DRAW)
    weights, output = attention_row(q, keys, values, root)
    plain_w, plain_out = attention_row(q, keys, values, 1.0)
    dk_w, dk_out = attention_row(q, keys, values, float(d_k))
    j = rng.randrange(n)
    c = rng.randrange(config.d_v)
    if ask == "weight":
        answer, slips = weights[j], {"no-scaling": plain_w[j], "scaled-by-dk": dk_w[j]}
    else:
        answer, slips = output[c], {"no-scaling": plain_out[c], "scaled-by-dk": dk_out[c]}
    column = [v[c] for v in values]
    values_text = {
        "ask": ask,
        "q": vector(q),
        "keys": ", ".join(f"k{i + 1} = {vector(k)}" for i, k in enumerate(keys)),
        "values": ", ".join(f"v{i + 1} = {vector(v)}" for i, v in enumerate(values)),
        "n": str(n),
        "d_k": str(d_k),
        "sqrt_dk": fmt(root),
        "dots": vector(dots),
        "scaled": vector([d / root for d in dots]),
        "weights": vector(weights),
        "j": str(j + 1),
        "c": str(c + 1),
        "column": vector(column),
        "weighted_sum": " + ".join(
            f"{fmt(w)}×{paren(v)}" for w, v in zip(weights, column, strict=True)
        ),
        "answer": fmt(answer),
    }
    params = {"ask": ask, "q": q, "keys": keys, "values": values, "j": j, "c": c}
    return Generated(params, values_text, float(answer), slips)


CostAsk = Literal["macs", "ratio", "memory"]


class AttentionCostConfig(GeneratorConfig):
    asks: tuple[CostAsk, ...] = Field(default=("macs", "ratio", "memory"), min_length=1)
    n: IntChoices = (64, 128, 196, 256, 512, 1024)
    d: IntChoices = (64, 256, 512, 768, 1024)
    factor: IntChoices = (2, 3, 4)
    heads: IntChoices = (8, 12, 16)
    batch: IntRange = (1, 32)
    bytes_per_value: IntChoices = (2, 4)


MIB = 2**20


@generator(
    "attention-cost",
    kind="numeric",
    config=AttentionCostConfig,
    slips=("linear", "d-squared", "both-products", "cubic", "no-heads", "decimal-mb"),
)
def attention_cost(rng: random.Random, config: AttentionCostConfig) -> Generated:
    ask = rng.choice(config.asks)
    n, d = rng.choice(config.n), rng.choice(config.d)
    values = {"ask": ask, "n": str(n), "d": str(d), "n2": count(n * n)}
    if ask == "macs":
        answer = n * n * d
        slips = {
            "linear": float(n * d),
            "d-squared": float(n * d * d),
            "both-products": 2.0 * answer,
        }
        values["answer"] = count(answer)
        return Generated({"ask": ask, "n": n, "d": d}, values, float(answer), slips)
    if ask == "ratio":
        r = rng.choice(config.factor)
        values.update({"r": str(r), "n_new": str(r * n), "answer": str(r * r)})
        slips = {"linear": float(r), "cubic": float(r**3)}
        return Generated({"ask": ask, "n": n, "d": d, "r": r}, values, float(r * r), slips)
    feasible = [
        (size_n, h, b, size)
        for size_n in config.n
        for h in config.heads
        for b in range(config.batch[0], config.batch[1] + 1)
        for size in config.bytes_per_value
        if (b * h * size_n * size_n * size) % MIB == 0
    ]
    if not feasible:
        raise ValueError("no batch/head/length/dtype combination gives a whole number of MiB")
    n, h, b, size = rng.choice(feasible)
    total = b * h * n * n * size
    values["n"], values["n2"] = str(n), count(n * n)
    answer = total // MIB
    values.update(
        {
            "h": str(h),
            "B": str(b),
            "bytes": str(size),
            "elements": count(b * h * n * n),
            "total": count(total),
            "answer": count(answer),
        }
    )
    slips = {
        "no-heads": b * n * n * size / MIB,
        "linear": b * h * n * size / MIB,
        "decimal-mb": total / 1e6,
    }
    params = {"ask": ask, "n": n, "heads": h, "batch": b, "bytes": size}
    return Generated(params, values, float(answer), slips)


HeadAsk = Literal["head-dim", "params"]


class MultiHeadConfig(GeneratorConfig):
    asks: tuple[HeadAsk, ...] = Field(default=("head-dim", "params"), min_length=1)
    d_model: IntChoices = (256, 384, 512, 768, 1024)
    heads: IntChoices = (4, 6, 8, 12, 16)
    min_head_dim: int = Field(default=32, ge=1)
    bias: bool = True


@generator(
    "multi-head",
    kind="numeric",
    config=MultiHeadConfig,
    slips=("times-heads", "no-output", "full-per-head", "no-bias"),
)
def multi_head(rng: random.Random, config: MultiHeadConfig) -> Generated:
    ask = rng.choice(config.asks)
    pairs = [
        (d, h)
        for d in config.d_model
        for h in config.heads
        if d % h == 0 and d // h >= config.min_head_dim
    ]
    if not pairs:
        raise ValueError("no d_model divisible by a head count with a large enough head")
    d, h = rng.choice(pairs)
    d_k = d // h
    per_matrix = d * d + (d if config.bias else 0)
    values = {
        "ask": ask,
        "d_model": str(d),
        "h": str(h),
        "d_k": str(d_k),
        "d2": count(d * d),
        "per_matrix": count(per_matrix),
    }
    if ask == "head-dim":
        values["answer"] = str(d_k)
        return Generated(
            {"ask": ask, "d_model": d, "h": h}, values, float(d_k), {"times-heads": float(d * h)}
        )
    answer = 4 * per_matrix
    slips = {"no-output": 3.0 * per_matrix, "full-per-head": float(4 * h * per_matrix)}
    if config.bias:
        slips["no-bias"] = float(4 * d * d)
    values["answer"] = count(answer)
    params = {"ask": ask, "d_model": d, "h": h, "bias": config.bias}
    return Generated(params, values, float(answer), slips)


class PositionalConfig(GeneratorConfig):
    d_model: IntChoices = (8, 16, 32, 64, 128, 512)
    pos: IntRange = (1, 50)
    max_index: int = Field(default=5, ge=0)  # the dimension index k is drawn in [0, max_index]


def encoding(pos: int, k: int, d: int) -> float:
    angle = pos / 10000 ** ((k - k % 2) / d)
    return math.sin(angle) if k % 2 == 0 else math.cos(angle)


@generator(
    "positional-encoding",
    kind="numeric",
    config=PositionalConfig,
    slips=("index-as-i", "swapped", "degrees"),
    margin=Margin(abs=1.2e-3),
)
def positional_encoding(rng: random.Random, config: PositionalConfig) -> Generated:
    d = rng.choice(config.d_model)
    pos = draw(rng, config.pos)
    k = rng.randint(0, min(d - 1, config.max_index))
    two_i = k - k % 2
    denominator = 10000 ** (two_i / d)
    angle = pos / denominator
    even = k % 2 == 0
    answer = math.sin(angle) if even else math.cos(angle)
    wrong_angle = pos / 10000 ** (2 * k / d)
    slips = {
        "index-as-i": math.sin(wrong_angle) if even else math.cos(wrong_angle),
        "swapped": math.cos(angle) if even else math.sin(angle),
        "degrees": math.sin(math.radians(angle)) if even else math.cos(math.radians(angle)),
    }
    values = {
        "pos": str(pos),
        "k": str(k),
        "d": str(d),
        "i": str(k // 2),
        "two_i": str(two_i),
        "func": "sin" if even else "cos",
        "denominator": fmt(denominator),
        "angle": fmt(angle),
        "answer": fmt(answer),
    }
    return Generated({"pos": pos, "k": k, "d_model": d}, values, answer, slips)

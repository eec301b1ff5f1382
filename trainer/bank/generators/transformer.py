"""Transformer, ViT and language-model families (seed 002: Transformer, ViT, BERT, GPT).

- attention-weights: softmax(q·k_j / √d_k) and the output Σ_j a_j v_j for one query row.
- attention-cost: multiply-adds of QKᵀ (n²·d), their growth when n is scaled, the memory of the
  attention-weight tensors (B·h·n² numbers).
- multi-head: the head dimension d_model / h and the parameters of the four projections.
- positional-encoding: PE(pos, 2i) = sin(pos / 10000^(2i/d)), PE(pos, 2i+1) = cos(same angle).
- vit-patches: N = HW / P², the sequence length N + 1 ([CLS]) and the size of E ∈ R^((P²C)×D).
- embedding-params: a V×E token embedding, and BERT's token + position + segment tables.
- masked-lm: BERT's 15 % selection, its [MASK] share (80 % of it) and the tokens left original.
- lm-perplexity: perplexity exp(−(1/T) Σ ln p_t) and the log-likelihood Σ ln p_t of a sequence.
"""

from __future__ import annotations

import math
import random
from collections.abc import Sequence
from typing import Literal

from pydantic import Field

from trainer.bank.generators.common import IntChoices, IntRange, draw, fmt
from trainer.bank.generators.registry import Generated, GeneratorConfig, Margin, generator

MAX_TRIES = 10_000  # a draw that keeps failing means the configured ranges allow no valid one
NO_DRAW = "no valid draw in these ranges"


def vector(values: Sequence[float], digits: int = 4) -> str:
    return "[" + ", ".join(fmt(v, digits) for v in values) + "]"


def count(n: int) -> str:
    """An integer with thousands separators, as printed questions write large counts."""
    return f"{n:,}"


def paren(value: float) -> str:
    """A factor in a worked product: negatives in parentheses."""
    return f"({fmt(value)})" if value < 0 else fmt(value)


def softmax(scores: Sequence[float]) -> list[float]:
    top = max(scores)
    exps = [math.exp(s - top) for s in scores]
    total = sum(exps)
    return [e / total for e in exps]


# --- attention-weights --------------------------------------------------------------------------

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


# --- attention-cost -----------------------------------------------------------------------------

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


# --- multi-head ---------------------------------------------------------------------------------

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


# --- positional-encoding ------------------------------------------------------------------------


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


# --- vit-patches --------------------------------------------------------------------------------

VitAsk = Literal["patches", "sequence", "embedding"]


class VitConfig(GeneratorConfig):
    asks: tuple[VitAsk, ...] = Field(default=("patches", "sequence", "embedding"), min_length=1)
    patch: IntChoices = (8, 14, 16, 32)
    grid: IntRange = (4, 24)  # patches along one side
    square: bool = False  # draw only square images
    channels: IntChoices = (3,)
    dim: IntChoices = (192, 384, 768, 1024)


@generator(
    "vit-patches",
    kind="numeric",
    config=VitConfig,
    slips=("with-cls", "no-cls", "per-side", "no-square", "no-channels", "with-bias", "position"),
)
def vit_patches(rng: random.Random, config: VitConfig) -> Generated:
    ask = rng.choice(config.asks)
    p = rng.choice(config.patch)
    gh = draw(rng, config.grid)
    gw = gh if config.square or rng.random() < 0.6 else draw(rng, config.grid)
    c, dim = rng.choice(config.channels), rng.choice(config.dim)
    h, w = p * gh, p * gw
    n = gh * gw
    patch_dim = p * p * c
    values = {
        "ask": ask,
        "H": str(h),
        "W": str(w),
        "P": str(p),
        "C": str(c),
        "D": str(dim),
        "gh": str(gh),
        "gw": str(gw),
        "N": count(n),
        "N1": count(n + 1),
        "patch_dim": count(patch_dim),
    }
    slips: dict[str, float]
    if ask == "patches":
        answer = n
        slips = {"with-cls": n + 1.0, "per-side": float(gh), "no-square": h * w / p}
    elif ask == "sequence":
        answer = n + 1
        slips = {"no-cls": float(n), "per-side": gh + 1.0}
    else:
        answer = patch_dim * dim
        slips = {
            "no-channels": float(p * p * dim),
            "with-bias": float(answer + dim),
            "position": float((n + 1) * dim),
        }
    values["answer"] = count(answer)
    params = {"ask": ask, "H": h, "W": w, "P": p, "C": c, "D": dim}
    return Generated(params, values, float(answer), slips)


# --- embedding-params ---------------------------------------------------------------------------

EmbeddingAsk = Literal["token", "bert"]


class EmbeddingConfig(GeneratorConfig):
    asks: tuple[EmbeddingAsk, ...] = Field(default=("token", "bert"), min_length=1)
    vocab: IntChoices = (8000, 16000, 30000, 30522, 32000, 50257)
    dim: IntChoices = (128, 256, 512, 768, 1024)
    positions: IntChoices = (128, 256, 512)
    segments: IntChoices = (2,)


@generator(
    "embedding-params",
    kind="numeric",
    config=EmbeddingConfig,
    slips=("v-plus-e", "token-only", "no-position", "no-segment"),
)
def embedding_params(rng: random.Random, config: EmbeddingConfig) -> Generated:
    ask = rng.choice(config.asks)
    v, e = rng.choice(config.vocab), rng.choice(config.dim)
    p, s = rng.choice(config.positions), rng.choice(config.segments)
    values = {
        "ask": ask,
        "V": count(v),
        "E": str(e),
        "P": str(p),
        "S": str(s),
        "VPS": count(v + p + s),
        "token": count(v * e),
        "position": count(p * e),
        "segment": count(s * e),
    }
    if ask == "token":
        answer = v * e
        slips = {"v-plus-e": float(v + e)}
    else:
        answer = (v + p + s) * e
        slips = {
            "token-only": float(v * e),
            "no-position": float((v + s) * e),
            "no-segment": float((v + p) * e),
        }
    values["answer"] = count(answer)
    params = {"ask": ask, "V": v, "E": e, "P": p, "S": s}
    return Generated(params, values, float(answer), slips)


# --- masked-lm ----------------------------------------------------------------------------------

MlmAsk = Literal["selected", "mask", "original"]


class MaskedLmConfig(GeneratorConfig):
    asks: tuple[MlmAsk, ...] = Field(default=("selected", "mask", "original"), min_length=1)
    units: IntRange = (1, 40)  # the token count is 200 × units, so every share is a whole number


@generator(
    "masked-lm",
    kind="numeric",
    config=MaskedLmConfig,
    slips=("of-all", "all-selected", "mask-only", "forgot-unchanged", "random-as-original"),
)
def masked_lm(rng: random.Random, config: MaskedLmConfig) -> Generated:
    ask = rng.choice(config.asks)
    n = 200 * draw(rng, config.units)
    selected = n * 15 // 100
    mask = selected * 8 // 10
    randomised = selected // 10
    unchanged = selected - mask - randomised
    original = n - selected + unchanged
    values = {
        "ask": ask,
        "n": count(n),
        "selected": count(selected),
        "mask": count(mask),
        "random": count(randomised),
        "unchanged": count(unchanged),
        "unselected": count(n - selected),
    }
    slips: dict[str, float]
    if ask == "selected":
        answer, slips = selected, {"mask-only": float(mask)}
    elif ask == "mask":
        answer, slips = mask, {"of-all": 0.8 * n, "all-selected": float(selected)}
    else:
        answer = original
        slips = {
            "forgot-unchanged": float(n - selected),
            "random-as-original": float(n - mask),
        }
    values["answer"] = count(answer)
    return Generated({"ask": ask, "n": n}, values, float(answer), slips)


# --- lm-perplexity ------------------------------------------------------------------------------

PerplexityAsk = Literal["ppl", "loglik"]
PROBABILITIES = (0.05, 0.1, 0.125, 0.2, 0.25, 0.4, 0.5, 0.8)


class PerplexityConfig(GeneratorConfig):
    asks: tuple[PerplexityAsk, ...] = Field(default=("ppl", "loglik"), min_length=1)
    length: IntRange = (2, 5)
    probabilities: tuple[float, ...] = Field(default=PROBABILITIES, min_length=2)


@generator(
    "lm-perplexity",
    kind="numeric",
    config=PerplexityConfig,
    slips=("no-mean", "arithmetic", "no-exp", "mixed-base", "sign", "log10", "mean"),
)
def lm_perplexity(rng: random.Random, config: PerplexityConfig) -> Generated:
    ask = rng.choice(config.asks)
    t = draw(rng, config.length)
    for _ in range(MAX_TRIES):
        probs = [rng.choice(config.probabilities) for _ in range(t)]
        if len(set(probs)) > 1:
            break
    else:
        raise ValueError(NO_DRAW)
    logs = [math.log(p) for p in probs]
    total = sum(logs)
    mean_nll = -total / t
    values = {
        "ask": ask,
        "T": str(t),
        "probs": vector(probs),
        "logs": " + ".join(f"({fmt(v)})" for v in logs),
        "sum_log": fmt(total),
        "mean_nll": fmt(mean_nll),
    }
    if ask == "ppl":
        answer = math.exp(mean_nll)
        slips = {
            "no-mean": math.exp(-total),
            "arithmetic": t / sum(probs),
            "no-exp": mean_nll,
            "mixed-base": 2**mean_nll,
        }
    else:
        answer = total
        slips = {
            "sign": -total,
            "log10": sum(math.log10(p) for p in probs),
            "mean": total / t,
        }
    values["answer"] = fmt(answer)
    return Generated({"ask": ask, "probs": probs}, values, answer, slips)

"""Natural language processing (自然言語処理, syllabus 4-4).

- `embedding-params`: a V×E token embedding, and BERT's token + position + segment tables.
- `masked-lm`: BERT's 15 % selection, its [MASK] share (80 % of it) and the tokens left original.
- `lm-perplexity`: perplexity exp(−(1/T) Σ ln p_t) and the log-likelihood Σ ln p_t of a sequence.
"""

from __future__ import annotations

import math
import random
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
from trainer.bank.generators.registry import Generated, GeneratorConfig, generator

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

"""Edge computing (エッジコンピューティング, syllabus 5-1).

- `quantize-affine`: asymmetric (affine) uniform quantization to b bits over [min, max]:
  s = (max − min)/(2^b − 1), z = round(−min/s), q = clip(round(x/s) + z, 0, 2^b − 1),
  x̂ = s·(q − z), error |x − x̂|. Rounding is half-up; draws that hit an exact .5 are skipped.
- `model-memory`: bytes of n parameters at b bits = n·b/8 (MB = 10^6 bytes), or the saving.
- `prune-count`: magnitude pruning keeps |w| > τ (removes |w| ≤ τ, as the seed states it);
  with a pruning rate p, (1 − p)·N weights remain.
- `distill-softmax`: the teacher's soft target softmax(z/T)_i at temperature T (distillation).
"""

from __future__ import annotations

import math
import random
from typing import Literal

from pydantic import Field

from trainer.bank.generators.common import IntChoices, IntRange, draw, fmt
from trainer.bank.generators.registry import Generated, GeneratorConfig, generator

QuantAsk = Literal["scale", "zero-point", "quantized", "dequantized", "error"]


def round_half_up(value: float) -> int:
    return math.floor(value + 0.5)


def _near_half(value: float) -> bool:
    return abs(value - math.floor(value) - 0.5) < 1e-6


class QuantConfig(GeneratorConfig):
    asks: tuple[QuantAsk, ...] = Field(
        default=("scale", "zero-point", "quantized", "dequantized", "error"), min_length=1
    )
    bits: IntChoices = (8,)


@generator(
    "quantize-affine",
    kind="numeric",
    config=QuantConfig,
    slips=("levels-2b", "symmetric", "sign", "no-zero-point", "floor", "half-step", "relative"),
)
def quantize_affine(rng: random.Random, config: QuantConfig) -> Generated:
    ask = rng.choice(config.asks)
    bits = rng.choice(config.bits)
    top = 2**bits - 1
    for _ in range(1000):
        lo = -rng.randint(2, 30) / 10
        hi = rng.randint(5, 40) / 10
        s = (hi - lo) / top
        x = rng.randint(round(lo * 100), round(hi * 100)) / 100
        if _near_half(-lo / s) or _near_half(x / s):
            continue
        z = round_half_up(-lo / s)
        q = min(max(round_half_up(x / s) + z, 0), top)
        if abs(x) > 1e-9 and abs(x - s * (q - z)) > 1e-9:
            break
    else:
        raise ValueError("quantize-affine: no draw avoided a rounding tie")
    x_hat = s * (q - z)
    error = abs(x - x_hat)
    slips: dict[str, float]
    if ask == "scale":
        answer = s
        slips = {
            "levels-2b": (hi - lo) / 2**bits,
            "symmetric": max(-lo, hi) / (2 ** (bits - 1) - 1),
        }
    elif ask == "zero-point":
        answer = float(z)
        slips = {"sign": float(-z), "floor": float(math.floor(-lo / s))}
    elif ask == "quantized":
        answer = float(q)
        slips = {
            "no-zero-point": float(round_half_up(x / s)),
            "floor": float(min(max(math.floor(x / s) + z, 0), top)),
        }
    elif ask == "dequantized":
        answer = x_hat
        slips = {"no-zero-point": s * q}
    else:
        answer = error
        slips = {"half-step": s / 2, "relative": error / abs(x)}
    values = {
        "bits": str(bits),
        "levels": str(top + 1),
        "top": str(top),
        "min": fmt(lo),
        "max": fmt(hi),
        "range": fmt(hi - lo),
        "x": fmt(x),
        "s": fmt(s, 6),
        "s_frac": f"{fmt(hi - lo)}/{top}",
        "z_raw": fmt(-lo / s, 3),
        "z": str(z),
        "xs": fmt(x / s, 3),
        "qr": str(round_half_up(x / s)),
        "q": str(q),
        "x_hat": fmt(x_hat, 5),
        "error": fmt(error, 6),
        "answer": fmt(answer, 6),
    }
    params = {"ask": ask, "bits": bits, "min": lo, "max": hi, "x": x}
    return Generated(params, values, answer, slips)


class MemoryConfig(GeneratorConfig):
    asks: tuple[Literal["size", "saved"], ...] = Field(default=("size", "saved"), min_length=1)
    params_m: tuple[float, ...] = Field(default=(5.3, 11.7, 25.6, 61.0, 138.0, 340.0), min_length=1)
    bits_from: IntChoices = (32,)
    bits_to: IntChoices = (16, 8, 4)


@generator(
    "model-memory",
    kind="numeric",
    config=MemoryConfig,
    slips=("bits-as-bytes", "mebibytes", "before", "saved-instead", "size-instead"),
)
def model_memory(rng: random.Random, config: MemoryConfig) -> Generated:
    ask = rng.choice(config.asks)
    n_m = rng.choice(config.params_m)
    b_from = rng.choice(config.bits_from)
    b_to = rng.choice([b for b in config.bits_to if b < b_from] or list(config.bits_to))
    n = round(n_m * 1_000_000)
    before = n * b_from / 8 / 1e6
    after = n * b_to / 8 / 1e6
    if ask == "size":
        answer = after
        slips = {
            "bits-as-bytes": n * b_to / 1e6,
            "mebibytes": n * b_to / 8 / 2**20,
            "before": before,
            "saved-instead": before - after,
        }
    else:
        answer = before - after
        slips = {
            "bits-as-bytes": n * (b_from - b_to) / 1e6,
            "before": before,
            "size-instead": after,
        }
    values = {
        "ask_ja": "量子化後のパラメータのメモリ量"
        if ask == "size"
        else "量子化で削減されるメモリ量",
        "ask_en": "the parameters' memory after quantization"
        if ask == "size"
        else "the memory saved by quantization",
        "n_m": fmt(n_m),
        "from": str(b_from),
        "to": str(b_to),
        "bytes_from": fmt(b_from / 8),
        "bytes_to": fmt(b_to / 8),
        "before": fmt(before, 2),
        "after": fmt(after, 2),
        "answer": fmt(answer, 2),
    }
    params = {"ask": ask, "params": n, "from": b_from, "to": b_to}
    return Generated(params, values, answer, slips)


class PruneConfig(GeneratorConfig):
    asks: tuple[Literal["threshold", "rate"], ...] = Field(
        default=("threshold", "rate"), min_length=1
    )
    rows: IntRange = (3, 4)
    cols: IntRange = (3, 5)
    thresholds: tuple[float, ...] = Field(default=(0.2, 0.3, 0.4, 0.5), min_length=1)
    rates: IntChoices = (50, 60, 75, 80, 90, 95)


@generator(
    "prune-count",
    kind="numeric",
    config=PruneConfig,
    slips=("signed", "removed", "ties-kept", "pruned-instead"),
)
def prune_count(rng: random.Random, config: PruneConfig) -> Generated:
    ask = rng.choice(config.asks)
    if ask == "threshold":
        rows, cols = draw(rng, config.rows), draw(rng, config.cols)
        tau = rng.choice(config.thresholds)
        tenths = [v for v in range(-9, 10) if v != 0]
        matrix = [[rng.choice(tenths) for _ in range(cols)] for _ in range(rows)]
        t10 = round(tau * 10)
        flat = [v for row in matrix for v in row]
        kept = sum(1 for v in flat if abs(v) > t10)
        slips = {
            "signed": float(sum(1 for v in flat if v > t10)),
            "removed": float(len(flat) - kept),
            "ties-kept": float(sum(1 for v in flat if abs(v) >= t10)),
        }
        values = {
            "matrix": "\n".join("  " + " ".join(f"{v / 10:5.1f}" for v in row) for row in matrix),
            "tau": fmt(tau),
            "n": str(len(flat)),
            "removed": str(len(flat) - kept),
            "answer": str(kept),
        }
        params: dict[str, object] = {"ask": ask, "matrix": matrix, "tau": tau}
        return Generated(params, values, float(kept), slips)
    total = rng.choice((1, 2, 4, 5, 8, 10, 25)) * 100_000 * rng.choice((1, 10))
    rate = rng.choice(config.rates)
    remaining = total * (100 - rate) // 100
    values = {
        "N": f"{total:,}",
        "rate": str(rate),
        "keep": str(100 - rate),
        "answer": f"{remaining:,}",
    }
    params = {"ask": ask, "N": total, "rate": rate}
    return Generated(params, values, float(remaining), {"pruned-instead": total * rate / 100})


class DistillConfig(GeneratorConfig):
    classes: IntRange = (2, 4)
    T: IntChoices = (2, 3, 4, 5, 10)
    logit_range: tuple[int, int] = (-2, 6)


def softmax(logits: list[float], temperature: float) -> list[float]:
    top = max(logits)
    exps = [math.exp((z - top) / temperature) for z in logits]
    total = sum(exps)
    return [e / total for e in exps]


@generator(
    "distill-softmax",
    kind="numeric",
    config=DistillConfig,
    slips=("no-temperature", "times-t"),
)
def distill_softmax(rng: random.Random, config: DistillConfig) -> Generated:
    n = draw(rng, config.classes)
    logits = rng.sample(range(config.logit_range[0], config.logit_range[1] + 1), n)
    t = rng.choice(config.T)
    i = rng.randrange(n)
    probs = softmax([float(z) for z in logits], t)
    answer = probs[i]
    slips = {
        "no-temperature": softmax([float(z) for z in logits], 1)[i],
        "times-t": softmax([float(z) * t for z in logits], 1)[i],
    }
    values = {
        "z": "(" + ", ".join(map(str, logits)) + ")",
        "scaled": "(" + ", ".join(fmt(z / t, 3) for z in logits) + ")",
        "T": str(t),
        "n": str(n),
        "i": str(i + 1),
        "probs": "(" + ", ".join(fmt(p, 3) for p in probs) + ")",
        "hard": "(" + ", ".join(fmt(p, 3) for p in softmax([float(z) for z in logits], 1)) + ")",
        "answer": fmt(answer, 4),
    }
    return Generated({"logits": logits, "T": t, "i": i}, values, answer, slips)

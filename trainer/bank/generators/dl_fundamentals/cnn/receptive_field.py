"""Geometry of convolutions (syllabus 3-4): receptive fields, dilation, window overlap.

- `receptive-field`: r = 1 + Σ_l (k_l − 1)·∏_{i<l} s_i over a stack of convolution / pooling
  layers (input-side first).
- `dilated-rf`: the effective kernel d(k − 1) + 1 of one dilated convolution; the receptive field
  1 + (k − 1)·Σ d_l of a stack of dilated (causal) convolutions; WaveNet's stacks of k = 2 layers
  with dilations 1, 2, …, 2^(L−1), B(2^L − 1) + 1 samples, also in milliseconds at a sample rate.
- `window-coverage`: how many filter windows contain input pixel (i, j), i.e. how many terms the
  backward-pass sum ∂L/∂x_ij has (no padding).
"""

from __future__ import annotations

import random
from typing import Literal

from pydantic import Field

from trainer.bank.generators.common import MAX_TRIES, NO_DRAW, IntChoices, IntRange, draw, fmt
from trainer.bank.generators.registry import Generated, GeneratorConfig, generator

DilatedAsk = Literal["kernel", "stack", "wavenet", "wavenet-ms"]


class ReceptiveFieldConfig(GeneratorConfig):
    layers: IntRange = (2, 4)
    kernels: IntChoices = (1, 3, 5, 7)
    strides: IntChoices = (1, 2)
    pools: bool = True  # mix in 2×2 / 3×3 max-pooling layers with stride 2


def receptive_field(stack: list[tuple[int, int]]) -> int:
    r, jump = 1, 1
    for k, s in stack:
        r += (k - 1) * jump
        jump *= s
    return r


@generator(
    "receptive-field",
    kind="numeric",
    config=ReceptiveFieldConfig,
    slips=("no-jump", "sum-kernels", "jump-inclusive"),
)
def receptive_field_question(rng: random.Random, config: ReceptiveFieldConfig) -> Generated:
    for _ in range(MAX_TRIES):  # a stack of 1×1 layers only sees one pixel: nothing to add up
        count = draw(rng, config.layers)
        stack: list[tuple[int, int]] = []
        names_ja: list[str] = []
        names_en: list[str] = []
        for index in range(count):
            if config.pools and index > 0 and rng.random() < 0.35:
                k, s = rng.choice(((2, 2), (3, 2)))
                names_ja.append(f"{k}×{k} 最大プーリング（ストライド {s}）")
                names_en.append(f"{k}×{k} max pooling (stride {s})")
            else:
                k, s = rng.choice(config.kernels), rng.choice(config.strides)
                names_ja.append(f"{k}×{k} 畳み込み（ストライド {s}）")
                names_en.append(f"{k}×{k} convolution (stride {s})")
            stack.append((k, s))
        if any(k > 1 for k, _ in stack):
            break
    else:
        raise ValueError(NO_DRAW)
    answer = receptive_field(stack)
    jumps, jump = [], 1
    for _, s in stack:
        jumps.append(jump)
        jump *= s
    terms = " + ".join(f"({k}−1)×{j}" for (k, _), j in zip(stack, jumps, strict=True))
    inclusive = 1 + sum((k - 1) * j * s for (k, s), j in zip(stack, jumps, strict=True))
    slips = {
        "no-jump": float(1 + sum(k - 1 for k, _ in stack)),
        "sum-kernels": float(sum(k for k, _ in stack)),
        "jump-inclusive": float(inclusive),
    }
    values = {
        "L": str(count),
        "layers_ja": " → ".join(names_ja),
        "layers_en": " → ".join(names_en),
        "jumps": ", ".join(str(j) for j in jumps),
        "work": f"1 + {terms} = {answer}",
        "answer": str(answer),
    }
    return Generated({"stack": [list(x) for x in stack]}, values, float(answer), slips)


class DilatedConfig(GeneratorConfig):
    asks: tuple[DilatedAsk, ...] = Field(default=("kernel", "stack", "wavenet"), min_length=1)
    K: IntChoices = (2, 3, 5)
    D: IntChoices = (2, 3, 4, 8)
    layers: IntRange = (3, 10)  # layers per WaveNet stack / per dilated stack
    stacks: IntRange = (1, 3)
    rates: IntChoices = (8000, 16000, 22050, 24000)


@generator(
    "dilated-rf",
    kind="numeric",
    config=DilatedConfig,
    slips=("k-times-d", "no-plus-one", "sum-dilations", "undilated", "samples", "seconds"),
)
def dilated_rf(rng: random.Random, config: DilatedConfig) -> Generated:
    ask = rng.choice(config.asks)
    values: dict[str, str] = {"ask": ask}
    slips: dict[str, float] = {}
    if ask == "kernel":
        k, d = rng.choice(config.K), rng.choice(config.D)
        answer = float(d * (k - 1) + 1)
        slips = {"k-times-d": float(k * d), "no-plus-one": float(d * (k - 1))}
        values |= {"K": str(k), "D": str(d), "work": f"{d}×({k}−1) + 1 = {int(answer)}"}
        params: dict[str, object] = {"ask": ask, "K": k, "D": d}
    else:
        k = 2 if ask != "stack" else rng.choice(config.K)
        layers = min(draw(rng, config.layers), 4) if ask == "stack" else draw(rng, config.layers)
        stacks = 1 if ask == "stack" else draw(rng, config.stacks)
        dilations = [2**i for i in range(layers)] * stacks
        total = sum(dilations)
        samples = 1 + (k - 1) * total
        slips = {
            "no-plus-one": float((k - 1) * total),
            "sum-dilations": float(total),
            "undilated": float(1 + (k - 1) * len(dilations)),
        }
        values |= {
            "K": str(k),
            "L": str(layers),
            "B": str(stacks),
            "dmax": str(2 ** (layers - 1)),
            "dilations": ", ".join(str(d) for d in dilations[:layers]),
            "total": str(total),
            "samples": str(samples),
            "work": f"1 + ({k}−1)×{total} = {samples}",
        }
        params = {"ask": ask, "K": k, "layers": layers, "stacks": stacks}
        answer = float(samples)
        if ask == "wavenet-ms":
            fs = rng.choice(config.rates)
            answer = samples / fs * 1000
            slips = {"samples": float(samples), "seconds": samples / fs}
            values |= {"fs": str(fs), "ms": fmt(answer, 3)}
            params["fs"] = fs
    values["answer"] = fmt(answer, 3)
    return Generated(params, values, answer, slips)


class CoverageConfig(GeneratorConfig):
    H: IntRange = (3, 8)
    F: IntChoices = (2, 3)
    S: IntChoices = (1, 2)


def windows_covering(i: int, h: int, f: int, s: int) -> int:
    """Windows (0-based starts o·s, o < out) along one axis that contain 0-based index i."""
    out = (h - f) // s + 1
    return sum(1 for o in range(out) if o * s <= i < o * s + f)


@generator("window-coverage", kind="numeric", config=CoverageConfig, slips=("kernel-size", "one"))
def window_coverage(rng: random.Random, config: CoverageConfig) -> Generated:
    for _ in range(1000):
        h, f, s = draw(rng, config.H), rng.choice(config.F), rng.choice(config.S)
        if h >= f + 1:
            break
    else:
        raise ValueError("window-coverage: the input must be larger than the filter")
    i, j = rng.randrange(h), rng.randrange(h)
    ci, cj = windows_covering(i, h, f, s), windows_covering(j, h, f, s)
    answer = ci * cj
    values = {
        "H": str(h),
        "F": str(f),
        "S": str(s),
        "OH": str((h - f) // s + 1),
        "i": str(i + 1),
        "j": str(j + 1),
        "ci": str(ci),
        "cj": str(cj),
        "answer": str(answer),
    }
    slips = {"kernel-size": float(f * f), "one": 1.0}
    return Generated({"H": h, "F": f, "S": s, "i": i, "j": j}, values, float(answer), slips)

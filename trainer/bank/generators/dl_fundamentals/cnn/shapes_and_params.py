"""CNN arithmetic on shapes and counts (syllabus 3-4): im2col matrices and learnable parameters.

- `im2col-shape`: the im2col matrix is (N·OH·OW) × (C·FH·FW); for pooling, after the reshape that
  puts channels on the row axis, (N·OH·OW·C) × (PH·PW).
- `conv-params`: learnable parameters of a standard, fully connected (after flattening a feature
  map), depthwise, pointwise, depthwise-separable or grouped convolution, with or without biases
  (one bias per output channel of each convolution).
"""

from __future__ import annotations

import random
from typing import Literal

from pydantic import Field

from trainer.bank.generators.common import IntChoices, IntRange, count, draw
from trainer.bank.generators.dl_fundamentals.cnn.conv_output_size import out_size
from trainer.bank.generators.registry import Generated, GeneratorConfig, generator

Im2colAsk = Literal["rows", "cols", "pool-rows"]


Layer = Literal["standard", "fc", "depthwise", "pointwise", "separable", "grouped"]


class Im2colConfig(GeneratorConfig):
    asks: tuple[Im2colAsk, ...] = Field(default=("rows", "cols"), min_length=1)
    N: IntRange = (1, 16)
    C: IntChoices = (1, 3, 8, 16, 32, 64)
    H: IntRange = (4, 32)
    F: IntChoices = (1, 2, 3, 5)
    P: IntRange = (0, 2)
    S: IntChoices = (1, 2)
    FN: IntChoices = (4, 8, 16, 32, 64)


@generator(
    "im2col-shape",
    kind="numeric",
    config=Im2colConfig,
    slips=("no-batch", "input-size", "times-filters", "no-channel", "swapped"),
)
def im2col_shape(rng: random.Random, config: Im2colConfig) -> Generated:
    ask = rng.choice(config.asks)
    for _ in range(1000):
        n, c = draw(rng, config.N), rng.choice(config.C)
        h, w = draw(rng, config.H), draw(rng, config.H)
        f, p, s = rng.choice(config.F), draw(rng, config.P), rng.choice(config.S)
        if min(h, w) + 2 * p >= f and p < f:
            break
    else:
        raise ValueError("im2col-shape: no valid layer in these ranges")
    fn = rng.choice(config.FN)
    oh, ow = out_size(h, f, p, s), out_size(w, f, p, s)
    rows, cols = n * oh * ow, c * f * f
    if ask == "rows":
        answer = rows
        slips = {"no-batch": oh * ow, "input-size": n * h * w, "swapped": cols}
    elif ask == "cols":
        answer = cols
        slips = {"times-filters": cols * fn, "no-channel": f * f, "swapped": rows}
    else:
        answer = rows * c
        slips = {"no-batch": oh * ow * c, "no-channel": rows, "swapped": f * f}
    values = {
        "N": str(n),
        "C": str(c),
        "H": str(h),
        "W": str(w),
        "F": str(f),
        "P": str(p),
        "S": str(s),
        "FN": str(fn),
        "OH": str(oh),
        "OW": str(ow),
        "rows": str(rows),
        "cols": str(cols),
        "pool_rows": str(rows * c),
        "pool_cols": str(f * f),
        "answer": str(answer),
    }
    params = {"ask": ask, "N": n, "C": c, "H": h, "W": w, "F": f, "P": p, "S": s, "FN": fn}
    return Generated(params, values, float(answer), {k: float(v) for k, v in slips.items()})


class ConvParamsConfig(GeneratorConfig):
    layers: tuple[Layer, ...] = Field(
        default=("standard", "fc", "depthwise", "pointwise", "separable", "grouped"),
        min_length=1,
    )
    bias: tuple[bool, ...] = Field(default=(True, False), min_length=1)
    channels: IntChoices = (3, 8, 16, 32, 64, 128, 256)
    K: IntChoices = (3, 5, 7)
    groups: IntChoices = (2, 4, 8)
    units: IntChoices = (10, 64, 100, 128, 256)  # FC output units
    side: IntRange = (2, 7)  # FC: side of the flattened feature map


BIAS_NOTES = {
    "fc": ("バイアス（出力ユニットごとに 1 つ）を含めて", "including the biases (one per unit)"),
    "separable": (
        "バイアス（2 つの畳み込みそれぞれに出力チャンネルごとに 1 つ）を含めて",
        "including the biases (each of the two convolutions has one per output channel)",
    ),
}
for _layer in ("standard", "depthwise", "pointwise", "grouped"):
    BIAS_NOTES[_layer] = (
        "バイアス（出力チャンネルごとに 1 つ）を含めて",
        "including the biases (one per output channel)",
    )


def layer_counts(layer: str, ci: int, co: int, k: int, g: int) -> tuple[int, int]:
    """(weights, biases) of one layer; for `fc`, ci is the flattened input length."""
    if layer == "standard":
        return k * k * ci * co, co
    if layer == "fc":
        return ci * co, co
    if layer == "depthwise":
        return k * k * ci, ci
    if layer == "pointwise":
        return ci * co, co
    if layer == "separable":
        return k * k * ci + ci * co, ci + co
    return k * k * ci * co // g, co


def _draw_layer(rng: random.Random, config: ConvParamsConfig, layer: str) -> dict[str, int]:
    channels = config.channels
    if layer == "fc":
        c = rng.choice([ch for ch in channels if ch >= 8] or list(channels))
        side = draw(rng, config.side)
        return {"C": c, "side": side, "ci": c * side * side, "co": rng.choice(config.units)}
    k = 1 if layer == "pointwise" else rng.choice(config.K)
    if layer == "grouped":
        for _ in range(1000):
            g = rng.choice(config.groups)
            ci, co = rng.choice(channels), rng.choice(channels)
            if ci % g == 0 and co % g == 0 and ci > g:
                return {"ci": ci, "co": co, "K": k, "g": g}
        raise ValueError("conv-params: no channel count divisible by the groups")
    ci = rng.choice(channels)
    co = ci if layer == "depthwise" else rng.choice([ch for ch in channels if ch > 3] or channels)
    return {"ci": ci, "co": co, "K": k, "g": 1}


def _params_work(layer: str, d: dict[str, int], bias: bool) -> str:
    ci, co, k, g = d["ci"], d["co"], d.get("K", 1), d.get("g", 1)
    weights, biases = layer_counts(layer, ci, co, k, g)
    if layer == "standard":
        terms = f"{k}×{k}×{ci}×{co}"
    elif layer == "fc":
        terms = f"({d['C']}×{d['side']}×{d['side']})×{co}"
    elif layer == "depthwise":
        terms = f"{k}×{k}×{ci}"
    elif layer == "pointwise":
        terms = f"{ci}×{co}"
    elif layer == "separable":
        terms = f"{k}×{k}×{ci} + {ci}×{co}"
    else:
        terms = f"{k}×{k}×({ci}/{g})×{co}"
    text = f"{terms} = {count(weights)}"
    if bias:
        bias_terms = f"{ci} + {co}" if layer == "separable" else str(biases)
        text += f"; + {bias_terms} = {count(weights + biases)}"
    return text


@generator(
    "conv-params",
    kind="numeric",
    config=ConvParamsConfig,
    slips=(
        "no-bias",
        "extra-bias",
        "standard-conv",
        "depthwise-only",
        "pointwise-only",
        "no-groups",
        "groups-squared",
        "no-input-channels",
        "no-spatial",
    ),
)
def conv_params(rng: random.Random, config: ConvParamsConfig) -> Generated:
    layer = rng.choice(config.layers)
    bias = rng.choice(config.bias)
    d = _draw_layer(rng, config, layer)
    ci, co, k, g = d["ci"], d["co"], d.get("K", 1), d.get("g", 1)
    weights, biases = layer_counts(layer, ci, co, k, g)
    answer = weights + (biases if bias else 0)

    def with_bias(w: int, b: int) -> float:
        return float(w + (b if bias else 0))

    slips: dict[str, float] = {}
    if bias:
        slips["no-bias"] = float(weights)
    else:
        slips["extra-bias"] = float(weights + biases)
    if layer in ("depthwise", "separable", "grouped"):
        slips["standard-conv"] = with_bias(k * k * ci * co, co)
    if layer == "separable":
        slips["depthwise-only"] = with_bias(k * k * ci, ci)
        slips["pointwise-only"] = with_bias(ci * co, co)
    if layer == "grouped":
        slips["no-groups"] = with_bias(k * k * ci * co, co)
        slips["groups-squared"] = with_bias(k * k * ci * co // (g * g), co)
    if layer == "standard":
        slips["no-input-channels"] = with_bias(k * k * co, co)
    if layer == "fc":
        slips["no-spatial"] = with_bias(d["C"] * co, co)
    values = {
        "ci": str(ci),
        "co": str(co),
        "K": str(k),
        "g": str(g),
        "C": str(d.get("C", ci)),
        "side": str(d.get("side", 1)),
        "bias_ja": BIAS_NOTES[layer][0] if bias else "バイアスは含めずに",
        "bias_en": BIAS_NOTES[layer][1] if bias else "excluding biases",
        "weights": count(weights),
        "biases": count(biases),
        "work": _params_work(layer, d, bias),
        "answer": count(answer),
    }
    params = {"layer": layer, "bias": bias, **d}
    return Generated(params, values, float(answer), slips)

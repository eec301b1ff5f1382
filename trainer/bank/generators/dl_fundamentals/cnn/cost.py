"""Cost of convolutions (MobileNet's argument).

- `conv-macs`: multiplications (multiply-adds) of a standard, depthwise, pointwise or
  depthwise-separable convolution on an H×H input with "same" padding: output positions × weights
  per output position.
- `separable-ratio`: depthwise-separable / standard parameters (or cost) = 1/c_o + 1/k², or its
  inverse, the reduction factor.
"""

from __future__ import annotations

import random
from typing import Literal

from pydantic import Field

from trainer.bank.generators.common import IntChoices, count, fmt
from trainer.bank.generators.dl_fundamentals.cnn.conv_output_size import out_size
from trainer.bank.generators.registry import Generated, GeneratorConfig, generator

MacsLayer = Literal["standard", "depthwise", "pointwise", "separable"]


LAYER_NAMES = {
    "standard": ("通常の畳み込み", "a standard convolution"),
    "depthwise": ("Depthwise 畳み込み", "a depthwise convolution"),
    "pointwise": ("1×1 の Pointwise 畳み込み", "a 1×1 pointwise convolution"),
    "separable": (
        "Depthwise Separable 畳み込み: Depthwise の後に 1×1 の Pointwise",
        "a depthwise separable convolution: depthwise, then 1×1 pointwise",
    ),
}


class ConvMacsConfig(GeneratorConfig):
    layers: tuple[MacsLayer, ...] = Field(
        default=("standard", "depthwise", "pointwise", "separable"), min_length=1
    )
    H: IntChoices = (7, 14, 28, 56, 112)
    channels: IntChoices = (16, 32, 64, 128, 256)
    K: IntChoices = (3, 5)
    S: IntChoices = (1,)


def layer_macs(layer: str, oh: int, c: int, m: int, k: int) -> int:
    """Multiplications of a layer whose output is oh×oh (input channels c, output channels m)."""
    positions = oh * oh
    if layer == "standard":
        return positions * k * k * c * m
    if layer == "depthwise":
        return positions * k * k * c
    if layer == "pointwise":
        return positions * c * m
    return positions * k * k * c + positions * c * m


@generator(
    "conv-macs",
    kind="numeric",
    config=ConvMacsConfig,
    slips=("input-size", "two-flops", "no-kernel", "standard-conv"),
)
def conv_macs(rng: random.Random, config: ConvMacsConfig) -> Generated:
    layer = rng.choice(config.layers)
    h = rng.choice(config.H)
    c = rng.choice(config.channels)
    m = c if layer == "depthwise" else rng.choice(config.channels)
    k = 1 if layer == "pointwise" else rng.choice(config.K)
    s = rng.choice(config.S)
    p = (k - 1) // 2
    oh = out_size(h, k, p, s)
    answer = layer_macs(layer, oh, c, m, k)
    slips: dict[str, float] = {"two-flops": 2.0 * answer}
    if oh != h:
        slips["input-size"] = float(layer_macs(layer, h, c, m, k))
    if layer in ("standard", "depthwise"):
        slips["no-kernel"] = float(answer // (k * k))
    if layer in ("depthwise", "separable"):
        slips["standard-conv"] = float(layer_macs("standard", oh, c, m, k))
    if layer == "standard":
        work = f"{oh}×{oh}×{k}×{k}×{c}×{m}"
    elif layer == "depthwise":
        work = f"{oh}×{oh}×{k}×{k}×{c}"
    elif layer == "pointwise":
        work = f"{oh}×{oh}×{c}×{m}"
    else:
        work = f"{oh}×{oh}×{k}×{k}×{c} + {oh}×{oh}×{c}×{m}"
    values = {
        "layer_ja": LAYER_NAMES[layer][0],
        "layer_en": LAYER_NAMES[layer][1],
        "H": str(h),
        "C": str(c),
        "M": str(m),
        "K": str(k),
        "S": str(s),
        "P": str(p),
        "OH": str(oh),
        "work": f"{work} = {count(answer)}",
        "answer": count(answer),
    }
    params = {"layer": layer, "H": h, "C": c, "M": m, "K": k, "S": s}
    return Generated(params, values, float(answer), slips)


class SeparableRatioConfig(GeneratorConfig):
    asks: tuple[Literal["ratio", "reduction"], ...] = Field(
        default=("ratio", "reduction"), min_length=1
    )
    K: IntChoices = (3, 5, 7)
    out_channels: IntChoices = (16, 32, 64, 128, 256, 512, 1024)
    in_channels: IntChoices = (16, 32, 64, 128, 256, 512)


@generator(
    "separable-ratio",
    kind="numeric",
    config=SeparableRatioConfig,
    slips=("kernel-only", "channels-only", "inverse"),
)
def separable_ratio(rng: random.Random, config: SeparableRatioConfig) -> Generated:
    ask = rng.choice(config.asks)
    k, co, ci = (
        rng.choice(config.K),
        rng.choice(config.out_channels),
        rng.choice(config.in_channels),
    )
    standard = ci * k * k * co
    separable = ci * (co + k * k)
    ratio = separable / standard
    if ask == "ratio":
        answer = ratio
        slips = {"kernel-only": 1 / (k * k), "channels-only": 1 / co, "inverse": 1 / ratio}
    else:
        answer = 1 / ratio
        slips = {"kernel-only": float(k * k), "channels-only": float(co), "inverse": ratio}
    values = {
        "K": str(k),
        "K2": str(k * k),
        "ci": str(ci),
        "co": str(co),
        "standard": count(standard),
        "separable": count(separable),
        "ratio": fmt(ratio, 5),
        "reduction": fmt(1 / ratio, 1),
        "answer": fmt(answer, 5),
    }
    return Generated({"ask": ask, "K": k, "co": co, "ci": ci}, values, answer, slips)

"""Counts that come from named CNN architectures.

- `efficientnet-scaling`: compound scaling d = α^φ, w = β^φ, r = γ^φ; the FLOPs of a conv net grow
  as d·w²·r², so by (α·β²·γ²)^φ.
- `densenet-channels`: a dense block with L composite layers of growth rate k outputs k0 + L·k
  channels; its layer ℓ receives k0 + (ℓ − 1)·k.
- `detection-counts`: RPN anchors H·W·k; YOLO v1 output S·S·(5B + C); RoI pooling output h·w·C;
  spatial pyramid pooling output (Σ n²)·C.
"""

from __future__ import annotations

import random
from typing import Literal

from pydantic import Field

from trainer.bank.generators.common import IntChoices, IntRange, draw, fmt
from trainer.bank.generators.registry import Generated, GeneratorConfig, Margin, generator

ScaleAsk = Literal["depth", "width", "resolution", "flops"]
DetectionAsk = Literal["anchors", "yolo", "roi", "spp"]


DIMENSIONS = {
    "depth": ("深さ（層の数）", "the depth (number of layers)"),
    "width": ("幅（チャンネル数）", "the width (number of channels)"),
    "resolution": ("入力画像の解像度（一辺の画素数）", "the input resolution (pixels per side)"),
    "flops": ("演算量（FLOPS）", "the computation (FLOPS)"),
}


class EfficientNetConfig(GeneratorConfig):
    asks: tuple[ScaleAsk, ...] = Field(
        default=("depth", "width", "resolution", "flops"), min_length=1
    )
    alphas: tuple[float, ...] = Field(default=(1.1, 1.15, 1.2, 1.25, 1.3), min_length=1)
    betas: tuple[float, ...] = Field(default=(1.05, 1.1, 1.15, 1.2), min_length=1)
    gammas: tuple[float, ...] = Field(default=(1.05, 1.1, 1.15, 1.2), min_length=1)
    phi: IntRange = (1, 6)


@generator(
    "efficientnet-scaling",
    kind="numeric",
    config=EfficientNetConfig,
    slips=("no-square", "times-phi", "two-power", "base-only"),
    margin=Margin(rel=0.01),
)
def efficientnet_scaling(rng: random.Random, config: EfficientNetConfig) -> Generated:
    ask = rng.choice(config.asks)
    a, b, g = rng.choice(config.alphas), rng.choice(config.betas), rng.choice(config.gammas)
    phi = draw(rng, config.phi)
    base = {"depth": a, "width": b, "resolution": g, "flops": a * b * b * g * g}[ask]
    answer = base**phi
    slips: dict[str, float] = {"times-phi": base * phi}
    if ask == "flops":
        slips["no-square"] = (a * b * g) ** phi
        slips["two-power"] = 2.0**phi
    if phi > 1:
        slips["base-only"] = base
    values = {
        "dim_ja": DIMENSIONS[ask][0],
        "dim_en": DIMENSIONS[ask][1],
        "alpha": fmt(a),
        "beta": fmt(b),
        "gamma": fmt(g),
        "phi": str(phi),
        "base": fmt(base, 5),
        "answer": fmt(answer, 4),
    }
    params = {"ask": ask, "alpha": a, "beta": b, "gamma": g, "phi": phi}
    return Generated(params, values, answer, slips)


class DenseNetConfig(GeneratorConfig):
    asks: tuple[Literal["block-output", "layer-input"], ...] = Field(
        default=("block-output", "layer-input"), min_length=1
    )
    k0: IntChoices = (16, 24, 32, 64, 128)
    k: IntChoices = (12, 24, 32, 48)
    layers: IntRange = (3, 12)


@generator(
    "densenet-channels",
    kind="numeric",
    config=DenseNetConfig,
    slips=("off-by-one", "no-input", "added"),
)
def densenet_channels(rng: random.Random, config: DenseNetConfig) -> Generated:
    ask = rng.choice(config.asks)
    k0, k, layers = rng.choice(config.k0), rng.choice(config.k), draw(rng, config.layers)
    ell = rng.randint(2, layers) if ask == "layer-input" else layers
    if ask == "block-output":
        answer = k0 + layers * k
        slips = {"off-by-one": k0 + (layers - 1) * k, "no-input": layers * k, "added": k}
        work = f"{k0} + {layers}×{k} = {answer}"
    else:
        answer = k0 + (ell - 1) * k
        slips = {"off-by-one": k0 + ell * k, "no-input": (ell - 1) * k, "added": k}
        work = f"{k0} + ({ell}−1)×{k} = {answer}"
    values = {
        "ask_ja": "ブロックの出力" if ask == "block-output" else f"{ell} 層目の入力",
        "ask_en": "the block's output" if ask == "block-output" else f"the input of layer {ell}",
        "k0": str(k0),
        "k": str(k),
        "L": str(layers),
        "l": str(ell),
        "work": work,
        "answer": str(answer),
    }
    params = {"ask": ask, "k0": k0, "k": k, "L": layers, "l": ell}
    return Generated(params, values, float(answer), {s: float(v) for s, v in slips.items()})


class DetectionCountsConfig(GeneratorConfig):
    asks: tuple[DetectionAsk, ...] = Field(default=("anchors", "yolo", "roi", "spp"), min_length=1)
    anchors_per_position: IntChoices = (3, 5, 9, 15)
    feature: IntRange = (10, 64)


SPP_LEVELS: tuple[tuple[int, ...], ...] = ((1, 2, 4), (1, 2, 3, 6), (1, 2, 4, 8), (1, 3, 6))


@generator(
    "detection-counts",
    kind="numeric",
    config=DetectionCountsConfig,
    slips=(
        "no-k",
        "coordinates",
        "per-box-classes",
        "no-confidence",
        "no-channel",
        "roi-size",
        "sides",
        "largest-only",
    ),
)
def detection_counts(rng: random.Random, config: DetectionCountsConfig) -> Generated:
    ask = rng.choice(config.asks)
    values: dict[str, str] = {"ask": ask}
    if ask == "anchors":
        h, w = draw(rng, config.feature), draw(rng, config.feature)
        k = rng.choice(config.anchors_per_position)
        answer = h * w * k
        slips = {"no-k": h * w, "coordinates": 4 * answer}
        values |= {"H": str(h), "W": str(w), "k": str(k), "work": f"{h}×{w}×{k} = {answer:,}"}
        params: dict[str, object] = {"ask": ask, "H": h, "W": w, "k": k}
    elif ask == "yolo":
        s, b, c = rng.choice((7, 9, 11, 13)), rng.choice((1, 2, 3)), rng.choice((20, 80, 10))
        answer = s * s * (5 * b + c)
        slips = {"per-box-classes": s * s * b * (5 + c), "no-confidence": s * s * (4 * b + c)}
        values |= {
            "S": str(s),
            "B": str(b),
            "C": str(c),
            "depth": str(5 * b + c),
            "work": f"{s}×{s}×({5}×{b} + {c}) = {s}×{s}×{5 * b + c} = {answer:,}",
        }
        params = {"ask": ask, "S": s, "B": b, "C": c}
    elif ask == "roi":
        grid, ch = rng.choice((2, 3, 4, 6, 7)), rng.choice((256, 512))
        rh, rw = rng.randint(grid + 2, 30), rng.randint(grid + 2, 30)
        answer = grid * grid * ch
        slips = {"no-channel": grid * grid, "roi-size": rh * rw * ch}
        values |= {
            "G": str(grid),
            "C": str(ch),
            "rh": str(rh),
            "rw": str(rw),
            "work": f"{grid}×{grid}×{ch} = {answer:,}",
        }
        params = {"ask": ask, "G": grid, "C": ch, "rh": rh, "rw": rw}
    else:
        levels, ch = rng.choice(SPP_LEVELS), rng.choice((256, 512))
        h, w = draw(rng, (10, 40)), draw(rng, (10, 40))
        bins = sum(n * n for n in levels)
        answer = bins * ch
        slips = {
            "sides": sum(levels) * ch,
            "no-channel": bins,
            "largest-only": levels[-1] ** 2 * ch,
        }
        values |= {
            "levels": ", ".join(f"{n}×{n}" for n in levels),
            "bins": " + ".join(str(n * n) for n in levels) + f" = {bins}",
            "C": str(ch),
            "H": str(h),
            "W": str(w),
            "work": f"{bins}×{ch} = {answer:,}",
        }
        params = {"ask": ask, "levels": list(levels), "C": ch, "H": h, "W": w}
    values["answer"] = f"{answer:,}"
    return Generated(params, values, float(answer), {s: float(v) for s, v in slips.items()})

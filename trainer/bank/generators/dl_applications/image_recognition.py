"""Image recognition (画像認識, syllabus 4-1).

- `efficientnet-scaling`: compound scaling d = α^φ, w = β^φ, r = γ^φ; the FLOPs of a conv net grow
  as d·w²·r², so by (α·β²·γ²)^φ.
- `densenet-channels`: a dense block with L composite layers of growth rate k outputs k0 + L·k
  channels; its layer ℓ receives k0 + (ℓ − 1)·k.
- `vit-patches`: N = HW / P², the sequence length N + 1 ([CLS]) and the size of E ∈ R^((P²C)×D).
"""

from __future__ import annotations

import random
from typing import Literal

from pydantic import Field

from trainer.bank.generators.common import IntChoices, IntRange, count, draw, fmt
from trainer.bank.generators.registry import Generated, GeneratorConfig, Margin, generator

ScaleAsk = Literal["depth", "width", "resolution", "flops"]


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

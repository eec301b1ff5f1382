"""Detector heads (syllabus 4-2): anchor and output counts, FCOS regression targets.

- `detection-counts`: RPN anchors H·W·k; YOLO v1 output S·S·(5B + C); RoI pooling output h·w·C;
  spatial pyramid pooling output (Σ n²)·C.
- `fcos-target`: FCOS regression targets (l*, t*, r*, b*) and the centre-ness √(min(l,r)/max(l,r) ·
  min(t,b)/max(t,b)).
"""

from __future__ import annotations

import math
import random
from typing import Literal

from pydantic import Field

from trainer.bank.generators.common import MAX_TRIES, NO_DRAW, IntChoices, IntRange, draw, fmt
from trainer.bank.generators.registry import Generated, GeneratorConfig, Margin, generator

DetectionAsk = Literal["anchors", "yolo", "roi", "spp"]


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


FcosAsk = Literal["side", "centerness"]


SIDES = {
    "l": ("左辺", "left edge"),
    "t": ("上辺", "top edge"),
    "r": ("右辺", "right edge"),
    "b": ("下辺", "bottom edge"),
}


SIDE_FORMULAS = {"l": "x − x1", "t": "y − y1", "r": "x2 − x", "b": "y2 − y"}


OPPOSITE = {"l": "r", "r": "l", "t": "b", "b": "t"}


class FcosConfig(GeneratorConfig):
    asks: tuple[FcosAsk, ...] = Field(default=("side", "centerness"), min_length=1)
    corner: IntRange = (0, 300)
    size: IntRange = (40, 320)


@generator(
    "fcos-target",
    kind="numeric",
    config=FcosConfig,
    slips=("opposite", "raw-coordinate", "no-sqrt", "mean"),
    margin=Margin(abs=1.2e-3),
)
def fcos_target(rng: random.Random, config: FcosConfig) -> Generated:
    ask = rng.choice(config.asks)
    if config.size[0] < 3:
        raise ValueError(NO_DRAW)
    for _ in range(MAX_TRIES):
        x1, y1 = draw(rng, config.corner), draw(rng, config.corner)
        x2, y2 = x1 + draw(rng, config.size), y1 + draw(rng, config.size)
        x, y = rng.randint(x1 + 1, x2 - 1), rng.randint(y1 + 1, y2 - 1)
        dist = {"l": x - x1, "t": y - y1, "r": x2 - x, "b": y2 - y}
        if dist["l"] != dist["r"] and dist["t"] != dist["b"]:
            break
    else:
        raise ValueError(NO_DRAW)
    ratio_x = min(dist["l"], dist["r"]) / max(dist["l"], dist["r"])
    ratio_y = min(dist["t"], dist["b"]) / max(dist["t"], dist["b"])
    side = rng.choice(list(SIDES))
    coordinate = {"l": x1, "t": y1, "r": x2, "b": y2}[side]
    answer: float
    if ask == "side":
        answer = float(dist[side])
        slips = {"opposite": float(dist[OPPOSITE[side]]), "raw-coordinate": float(coordinate)}
    else:
        answer = math.sqrt(ratio_x * ratio_y)
        slips = {"no-sqrt": ratio_x * ratio_y, "mean": (ratio_x + ratio_y) / 2}
    values = {
        "ask": ask,
        "box": f"({x1}, {y1}, {x2}, {y2})",
        "point": f"({x}, {y})",
        "x": str(x),
        "y": str(y),
        "x1": str(x1),
        "y1": str(y1),
        "x2": str(x2),
        "y2": str(y2),
        "l": str(dist["l"]),
        "t": str(dist["t"]),
        "r": str(dist["r"]),
        "b": str(dist["b"]),
        "side": side,
        "side_ja": SIDES[side][0],
        "side_en": SIDES[side][1],
        "formula": SIDE_FORMULAS[side],
        "coordinate": str(coordinate),
        "ratio_x": f"{min(dist['l'], dist['r'])}/{max(dist['l'], dist['r'])}",
        "ratio_y": f"{min(dist['t'], dist['b'])}/{max(dist['t'], dist['b'])}",
        "product": fmt(ratio_x * ratio_y, 4),
        "answer": fmt(answer, 4),
    }
    params = {"ask": ask, "box": [x1, y1, x2, y2], "point": [x, y], "side": side}
    return Generated(params, values, answer, slips)

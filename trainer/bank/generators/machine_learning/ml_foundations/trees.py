"""Decision trees (syllabus 2-1-7): impurity and information gain.

- `gini`: the Gini impurity of a node and the impurity decrease of a split.
- `information-gain`: the entropy decrease of a decision-tree split.
"""

from __future__ import annotations

import math
import random
from collections.abc import Sequence
from typing import Literal

from pydantic import Field

from trainer.bank.generators.common import IntRange, distinct, draw, fmt
from trainer.bank.generators.registry import Generated, GeneratorConfig, Margin, generator

GiniAsk = Literal["node", "split"]


class GiniConfig(GeneratorConfig):
    asks: tuple[GiniAsk, ...] = Field(default=("node", "split"), min_length=1)


def gini_impurity(counts: Sequence[int]) -> float:
    total = sum(counts)
    return 1 - sum((c / total) ** 2 for c in counts)


@generator(
    "gini",
    kind="numeric",
    config=GiniConfig,
    slips=("sum-squares", "unweighted"),
    margin=Margin(abs=2e-3),
)
def gini(rng: random.Random, config: GiniConfig) -> Generated:
    ask = rng.choice(config.asks)
    classes = rng.choice((2, 3))
    if ask == "node":
        counts = [rng.randint(1, 12) for _ in range(classes)]
        answer = gini_impurity(counts)
        total = sum(counts)
        slips = {"sum-squares": 1 - answer}
        work = f"G = 1 − [{' + '.join(f'({c}/{total})²' for c in counts)}] = {fmt(answer, 4)}"
        values = {
            "work": work,
            "ask": ask,
            "task_ja": f"クラスごとのデータ数が ({', '.join(str(c) for c in counts)}) の"
            "ノードのジニ不純度を求めよ。",
            "task_en": f"Find the Gini impurity of a node with class counts "
            f"({', '.join(str(c) for c in counts)}).",
            "counts": ", ".join(str(c) for c in counts),
            "total": str(total),
            "squares": " + ".join(f"({c}/{total})²" for c in counts),
            "answer": fmt(answer, 4),
        }
        return Generated({"ask": ask, "counts": counts}, values, answer, slips)
    while True:
        left = [rng.randint(0, 10) for _ in range(classes)]
        right = [rng.randint(0, 10) for _ in range(classes)]
        if sum(left) >= 2 and sum(right) >= 2 and sum(left) != sum(right):
            break
    n_left, n_right = sum(left), sum(right)
    g_left, g_right = gini_impurity(left), gini_impurity(right)
    answer = (n_left * g_left + n_right * g_right) / (n_left + n_right)
    slips = {"unweighted": (g_left + g_right) / 2}
    work = (
        f"G_L = {fmt(g_left, 4)}, G_R = {fmt(g_right, 4)}; "
        f"({n_left}×{fmt(g_left, 4)} + {n_right}×{fmt(g_right, 4)}) / ({n_left} + {n_right})"
        f" = {fmt(answer, 4)}"
    )
    values = {
        "work": work,
        "ask": ask,
        "task_ja": f"あるノードを、左の子ノード ({', '.join(str(c) for c in left)}) と右の子ノード "
        f"({', '.join(str(c) for c in right)})（括弧内はクラスごとのデータ数）に分割した。"
        "分割後の不純度（子ノードのジニ不純度をデータ数で重み付けした平均）を求めよ。",
        "task_en": f"A node is split into a left child with class counts "
        f"({', '.join(str(c) for c in left)}) and a right child with "
        f"({', '.join(str(c) for c in right)}). Find the impurity after the split "
        "(the children's Gini impurities averaged with their sample counts as weights).",
        "left": ", ".join(str(c) for c in left),
        "right": ", ".join(str(c) for c in right),
        "n_left": str(n_left),
        "n_right": str(n_right),
        "g_left": fmt(g_left, 4),
        "g_right": fmt(g_right, 4),
        "answer": fmt(answer, 4),
    }
    return Generated({"ask": ask, "left": left, "right": right}, values, answer, slips)


class GainConfig(GeneratorConfig):
    counts: IntRange = (0, 10)


def _bits(counts: Sequence[int]) -> float:
    total = sum(counts)
    return -sum(c / total * math.log2(c / total) for c in counts if c > 0)


def _gini(counts: Sequence[int]) -> float:
    total = sum(counts)
    return 1 - sum((c / total) ** 2 for c in counts)


@generator(
    "information-gain",
    kind="numeric",
    config=GainConfig,
    slips=("unweighted", "children-only", "gini-decrease"),
)
def information_gain(rng: random.Random, config: GainConfig) -> Generated:
    while True:
        left = [draw(rng, config.counts) for _ in range(2)]
        right = [draw(rng, config.counts) for _ in range(2)]
        parent = [left[0] + right[0], left[1] + right[1]]
        if sum(left) == 0 or sum(right) == 0 or 0 in parent:
            continue
        n_l, n_r, n = sum(left), sum(right), sum(parent)
        children = (n_l * _bits(left) + n_r * _bits(right)) / n
        answer = _bits(parent) - children
        slips = distinct(
            {
                "unweighted": _bits(parent) - (_bits(left) + _bits(right)) / 2,
                "children-only": children,
                "gini-decrease": _gini(parent) - (n_l * _gini(left) + n_r * _gini(right)) / n,
            },
            answer,
            0.002,
        )
        if answer > 0.01 and len(slips) >= 2:
            break
    values = {
        "parent": f"{parent[0]}, {parent[1]}",
        "left": f"{left[0]}, {left[1]}",
        "right": f"{right[0]}, {right[1]}",
        "n": str(n),
        "n_l": str(n_l),
        "n_r": str(n_r),
        "H_parent": fmt(_bits(parent), 4),
        "H_left": fmt(_bits(left), 4),
        "H_right": fmt(_bits(right), 4),
        "children": fmt(children, 4),
        "answer": fmt(answer, 4),
    }
    return Generated({"left": left, "right": right}, values, answer, slips)

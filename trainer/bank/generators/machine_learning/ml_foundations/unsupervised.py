"""Unsupervised learning (syllabus 2-1-8, 2-1-9): PCA, k-means, hierarchical clustering.

- `pca-contribution`: the contribution ratio of the first principal component, or the cumulative
  ratio, from the eigenvalues.
- `pca-components`: how many components reach a cumulative contribution ratio.
- `kmeans-step`: one assignment-and-update step of k-means.
- `linkage`: single, complete, group-average, centroid or Ward distance between two clusters.
"""

from __future__ import annotations

import math
import random
from collections.abc import Sequence
from typing import Literal

from pydantic import Field

from trainer.bank.generators.common import IntChoices, IntRange, distinct, draw, fmt, vec
from trainer.bank.generators.registry import Generated, GeneratorConfig, generator

PcaAsk = Literal["first", "cumulative"]


class PcaConfig(GeneratorConfig):
    asks: tuple[PcaAsk, ...] = Field(default=("first", "cumulative"), min_length=1)
    components: IntRange = (3, 5)


@generator(
    "pca-contribution",
    kind="numeric",
    config=PcaConfig,
    slips=("singular-values", "first-only", "over-largest"),
)
def pca_contribution(rng: random.Random, config: PcaConfig) -> Generated:
    ask = rng.choice(config.asks)
    size = draw(rng, (max(2, config.components[0]), max(2, config.components[1])))
    eigenvalues = sorted((rng.randint(1, 40) / 2 for _ in range(size)), reverse=True)
    total = sum(eigenvalues)
    first = eigenvalues[0] / total
    cumulative = (eigenvalues[0] + eigenvalues[1]) / total
    roots = [math.sqrt(v) for v in eigenvalues]
    slips: dict[str, float]
    if ask == "first":
        answer = first
        slips = {"singular-values": roots[0] / sum(roots), "over-largest": 1.0}
    else:
        answer = cumulative
        slips = {
            "singular-values": (roots[0] + roots[1]) / sum(roots),
            "first-only": first,
            "over-largest": (eigenvalues[0] + eigenvalues[1]) / eigenvalues[0],
        }
    values = {
        "ask": ask,
        "ask_ja": "第 1 主成分の寄与率" if ask == "first" else "第 2 主成分までの累積寄与率",
        "ask_en": "contribution ratio of the first component"
        if ask == "first"
        else "cumulative contribution ratio of the first two components",
        "eigenvalues": vec(eigenvalues),
        "total": fmt(total),
        "top2": fmt(eigenvalues[0] + eigenvalues[1]),
        "first": fmt(eigenvalues[0]),
        "answer": fmt(answer, 4),
    }
    return Generated({"ask": ask, "eigenvalues": eigenvalues}, values, answer, slips)


class PcaComponentsConfig(GeneratorConfig):
    components: IntRange = (4, 6)
    thresholds: IntChoices = (70, 80, 90, 95)


@generator(
    "pca-components",
    kind="numeric",
    config=PcaComponentsConfig,
    slips=("one-short", "singular-values"),
)
def pca_components(rng: random.Random, config: PcaComponentsConfig) -> Generated:
    while True:
        size = draw(rng, (max(3, config.components[0]), max(3, config.components[1])))
        eig = sorted(rng.sample(range(1, 41), size), reverse=True)
        threshold = rng.choice(config.thresholds)
        total = sum(eig)
        running, answer = 0, 0
        for k, value in enumerate(eig, start=1):
            running += value
            if running * 100 >= threshold * total:
                answer = k
                break
        if 2 <= answer < size:
            break
    roots = [math.sqrt(v) for v in eig]
    root_total, acc, by_roots = sum(roots), 0.0, size
    for k, root in enumerate(roots, start=1):
        acc += root
        if acc * 100 >= threshold * root_total - 1e-9:
            by_roots = k
            break
    slips = {"one-short": float(answer - 1), "singular-values": float(by_roots)}
    cumulative = []
    acc_int = 0
    for value in eig:
        acc_int += value
        cumulative.append(f"{fmt(100 * acc_int / total, 1)}%")
    values = {
        "eigenvalues": vec(eig),
        "threshold": str(threshold),
        "total": str(total),
        "cumulative": ", ".join(cumulative),
        "answer": str(answer),
    }
    params = {"eigenvalues": eig, "threshold": threshold}
    return Generated(params, values, float(answer), distinct(slips, float(answer), 0.5))


KMeansAsk = Literal["centroid", "sse"]


class KMeansConfig(GeneratorConfig):
    asks: tuple[KMeansAsk, ...] = Field(default=("centroid", "sse"), min_length=1)
    points: IntRange = (6, 8)
    clusters: IntChoices = (2, 3)


def kmeans_assign(
    pts: Sequence[Sequence[int]], centres: Sequence[Sequence[float]], metric: str = "euclidean"
) -> list[int]:
    """The nearest centre of each point (squared Euclidean or Manhattan); ties → lower index."""
    result = []
    for p in pts:
        if metric == "euclidean":
            keys = [sum((a - b) ** 2 for a, b in zip(p, c, strict=True)) for c in centres]
        else:
            keys = [sum(abs(a - b) for a, b in zip(p, c, strict=True)) for c in centres]
        result.append(keys.index(min(keys)))
    return result


def _means(pts: Sequence[Sequence[int]], assign: Sequence[int], k: int) -> list[list[float]]:
    means = []
    for j in range(k):
        members = [p for p, a in zip(pts, assign, strict=True) if a == j]
        means.append([sum(p[d] for p in members) / len(members) for d in range(2)])
    return means


@generator(
    "kmeans-step",
    kind="numeric",
    config=KMeansConfig,
    slips=("old-centroid", "all-mean", "manhattan", "before-update", "not-squared"),
)
def kmeans_step(rng: random.Random, config: KMeansConfig) -> Generated:
    ask = rng.choice(config.asks)
    k = rng.choice([v for v in config.clusters if v >= 2] or [2])
    while True:
        size = draw(rng, (max(k + 1, config.points[0]), max(k + 1, config.points[1])))
        cells = rng.sample([(x, y) for x in range(10) for y in range(10)], size + k)
        pts = [list(c) for c in cells[:size]]
        centres = [list(c) for c in cells[size:]]
        assign = kmeans_assign(pts, centres)
        if len(set(assign)) == k:
            break
    new = _means(pts, assign, k)
    j = rng.randrange(k)
    axis = rng.randrange(2)
    slips: dict[str, float]
    if ask == "centroid":
        answer = new[j][axis]
        slips = {
            "old-centroid": float(centres[j][axis]),
            "all-mean": sum(p[axis] for p in pts) / size,
        }
        by_l1 = kmeans_assign(pts, centres, "manhattan")
        if j in by_l1:
            slips["manhattan"] = sum(
                p[axis] for p, a in zip(pts, by_l1, strict=True) if a == j
            ) / by_l1.count(j)
    else:
        answer = sum(
            sum((p[d] - new[a][d]) ** 2 for d in range(2)) for p, a in zip(pts, assign, strict=True)
        )
        slips = {
            "before-update": float(
                sum(
                    sum((p[d] - centres[a][d]) ** 2 for d in range(2))
                    for p, a in zip(pts, assign, strict=True)
                )
            ),
            "not-squared": sum(
                math.sqrt(sum((p[d] - new[a][d]) ** 2 for d in range(2)))
                for p, a in zip(pts, assign, strict=True)
            ),
        }
    names = [f"x{i + 1}" for i in range(size)]
    members = [", ".join(n for n, a in zip(names, assign, strict=True) if a == c) for c in range(k)]
    values = {
        "ask": ask,
        "K": str(k),
        "points": ", ".join(f"{n} = {vec(p)}" for n, p in zip(names, pts, strict=True)),
        "centres": ", ".join(f"μ{c + 1} = {vec(m)}" for c, m in enumerate(centres)),
        "clusters": "; ".join(f"C{c + 1} = {{{members[c]}}}" for c in range(k)),
        "new": ", ".join(
            f"μ{c + 1}' = ({fmt(m[0], 4)}, {fmt(m[1], 4)})" for c, m in enumerate(new)
        ),
        "j": str(j + 1),
        "axis_ja": "x 座標（第 1 成分）" if axis == 0 else "y 座標（第 2 成分）",
        "axis_en": "x-coordinate (first component)" if axis == 0 else "y-coordinate (second)",
        "answer": fmt(answer, 4),
    }
    if ask == "centroid":
        values["task_ja"] = f"更新後のクラスタ {j + 1} の中心 μ{j + 1}' の {values['axis_ja']}を"
        values["task_en"] = (
            f"the {values['axis_en']} of the updated centre μ{j + 1}' of cluster {j + 1}"
        )
    else:
        values["task_ja"] = (
            "更新後の中心に対するクラスタ内平方和 SSE = Σ_i ‖x_i − μ_(c_i)'‖²"
            "（c_i はこの反復で割り当てたクラスタのまま。更新後の中心への再割り当てはしない）を"
        )
        values["task_en"] = (
            "the within-cluster sum of squares SSE = Σ_i ‖x_i − μ_(c_i)'‖²"
            " about the updated centres, with each point kept in the cluster it joined in this"
            " iteration (not reassigned to the updated centres)"
        )
    params = {"ask": ask, "points": pts, "centres": centres, "j": j, "axis": axis}
    return Generated(params, values, answer, distinct(slips, answer, 0.002))


LinkageAsk = Literal["single", "complete", "average", "centroid", "ward"]


class LinkageConfig(GeneratorConfig):
    asks: tuple[LinkageAsk, ...] = Field(
        default=("single", "complete", "average", "centroid", "ward"), min_length=1
    )


LINKAGE_LABELS: dict[str, tuple[str, str]] = {
    "single": (
        "最短距離法（単連結法: 2 クラスタ間の点の組のうち最も近い組の距離）",
        "single linkage (the distance of the closest pair across the two clusters)",
    ),
    "complete": (
        "最長距離法（完全連結法: 2 クラスタ間の点の組のうち最も遠い組の距離）",
        "complete linkage (the distance of the farthest pair across the two clusters)",
    ),
    "average": (
        "群平均法（2 クラスタ間のすべての点の組の距離の平均）",
        "the group average (the mean distance over all pairs across the two clusters)",
    ),
    "centroid": (
        "重心法（2 クラスタの重心間の距離）",
        "the centroid method (the distance between the two clusters' centroids)",
    ),
    "ward": (
        "ウォード法の基準（2 クラスタを併合したときのクラスタ内平方和の増加量 ΔSSE。"
        "クラスタ内平方和は各点と所属クラスタの重心との距離の二乗和）",
        "Ward's criterion (the increase ΔSSE of the within-cluster sum of squares when the two "
        "are merged; that sum adds the squared distances of points to their cluster centroid)",
    ),
}


def _dist(a: Sequence[float], b: Sequence[float]) -> float:
    return math.sqrt(sum((x - y) ** 2 for x, y in zip(a, b, strict=True)))


@generator(
    "linkage",
    kind="numeric",
    config=LinkageConfig,
    slips=("as-single", "as-complete", "as-average", "as-centroid", "squared", "no-size-factor"),
)
def linkage(rng: random.Random, config: LinkageConfig) -> Generated:
    ask = rng.choice(config.asks)
    sizes = (rng.choice((2, 3)), rng.choice((2, 3)))
    cells = rng.sample([(x, y) for x in range(8) for y in range(8)], sum(sizes))
    a = [list(c) for c in cells[: sizes[0]]]
    b = [list(c) for c in cells[sizes[0] :]]
    pairs = [_dist(p, q) for p in a for q in b]
    ca = [sum(p[d] for p in a) / len(a) for d in range(2)]
    cb = [sum(q[d] for q in b) / len(b) for d in range(2)]
    centre = _dist(ca, cb)
    factor = len(a) * len(b) / (len(a) + len(b))
    by_method = {
        "single": min(pairs),
        "complete": max(pairs),
        "average": sum(pairs) / len(pairs),
        "centroid": centre,
        "ward": factor * centre**2,
    }
    answer = by_method[ask]
    slips = {f"as-{m}": v for m, v in by_method.items() if m not in (ask, "ward")}
    if ask in ("single", "complete", "centroid"):
        slips["squared"] = answer**2
    if ask == "ward":
        slips["no-size-factor"] = centre**2
    names_a = [f"a{i + 1}" for i in range(len(a))]
    names_b = [f"b{i + 1}" for i in range(len(b))]
    values = {
        "ask": ask,
        "method_ja": LINKAGE_LABELS[ask][0],
        "method_en": LINKAGE_LABELS[ask][1],
        "A": ", ".join(f"{n} = {vec(p)}" for n, p in zip(names_a, a, strict=True)),
        "B": ", ".join(f"{n} = {vec(q)}" for n, q in zip(names_b, b, strict=True)),
        "pairs": ", ".join(
            f"d({na}, {nb}) = {fmt(_dist(p, q), 3)}"
            for na, p in zip(names_a, a, strict=True)
            for nb, q in zip(names_b, b, strict=True)
        ),
        "single": fmt(by_method["single"], 4),
        "complete": fmt(by_method["complete"], 4),
        "average": fmt(by_method["average"], 4),
        "ca": f"({fmt(ca[0], 4)}, {fmt(ca[1], 4)})",
        "cb": f"({fmt(cb[0], 4)}, {fmt(cb[1], 4)})",
        "centroid": fmt(centre, 4),
        "centre_sq": fmt(centre**2, 4),
        "na": str(len(a)),
        "nb": str(len(b)),
        "factor": fmt(factor, 4),
        "ward": fmt(by_method["ward"], 4),
        "answer": fmt(answer, 4),
    }
    params = {"ask": ask, "A": a, "B": b}
    return Generated(params, values, answer, distinct(slips, answer, 0.002))

"""Distances and k-nearest neighbours (syllabus 2-1-1, 2-1-2).

- `distance`: Euclidean, Manhattan, Chebyshev, cosine, or Mahalanobis with a diagonal covariance.
- `knn`: a k-nearest-neighbour class vote (stated tie rule) or regression mean.
"""

from __future__ import annotations

import math
import random
from collections import Counter
from collections.abc import Sequence
from typing import Literal

from pydantic import Field

from trainer.bank.generators.common import IntChoices, IntRange, distinct, draw, fmt, vec
from trainer.bank.generators.registry import Generated, GeneratorConfig, Margin, generator

Metric = Literal[
    "euclidean", "manhattan", "chebyshev", "cosine-similarity", "cosine-distance", "mahalanobis"
]


VARIANCES = (0.25, 1.0, 4.0, 9.0, 16.0)


class DistanceConfig(GeneratorConfig):
    metrics: tuple[Metric, ...] = Field(default=("euclidean", "manhattan"), min_length=1)
    dims: IntRange = (2, 4)
    coords: IntRange = (-4, 5)


DISTANCE_LABELS: dict[str, tuple[str, str]] = {
    "euclidean": ("ユークリッド距離（L2 距離）", "Euclidean (L2) distance"),
    "manhattan": ("マンハッタン距離（L1 距離）", "Manhattan (L1) distance"),
    "chebyshev": ("チェビシェフ距離（L∞ 距離）", "Chebyshev (L∞) distance"),
    "cosine-similarity": ("コサイン類似度（cos θ）", "cosine similarity cos θ"),
    "cosine-distance": ("コサイン距離（1 − cos θ）", "cosine distance 1 − cos θ"),
    "mahalanobis": ("マハラノビス距離", "Mahalanobis distance"),
}


def distances(a: Sequence[float], b: Sequence[float], var: Sequence[float]) -> dict[str, float]:
    diff = [x - y for x, y in zip(a, b, strict=True)]
    dot = sum(x * y for x, y in zip(a, b, strict=True))
    norms = math.sqrt(sum(x * x for x in a)) * math.sqrt(sum(y * y for y in b))
    cosine = dot / norms
    return {
        "euclidean": math.sqrt(sum(d * d for d in diff)),
        "manhattan": sum(abs(d) for d in diff),
        "chebyshev": max(abs(d) for d in diff),
        "cosine-similarity": cosine,
        "cosine-distance": 1 - cosine,
        "mahalanobis": math.sqrt(sum(d * d / v for d, v in zip(diff, var, strict=True))),
    }


@generator(
    "distance",
    kind="numeric",
    config=DistanceConfig,
    slips=(
        "as-euclidean",
        "as-manhattan",
        "as-chebyshev",
        "as-cosine-similarity",
        "as-cosine-distance",
        "squared",
        "std-not-variance",
    ),
    margin=Margin(abs=2e-3),
)
def distance(rng: random.Random, config: DistanceConfig) -> Generated:
    metric = rng.choice(config.metrics)
    dims = draw(rng, (max(2, config.dims[0]), max(2, config.dims[1])))
    while True:
        a = [float(draw(rng, config.coords)) for _ in range(dims)]
        b = [float(draw(rng, config.coords)) for _ in range(dims)]
        if a != b and any(a) and any(b):
            break
    var = [rng.choice(VARIANCES) for _ in range(dims)]
    values_by_metric = distances(a, b, var)
    answer = values_by_metric[metric]
    diff = [x - y for x, y in zip(a, b, strict=True)]
    slips = {
        f"as-{name}": value
        for name, value in values_by_metric.items()
        if name != metric and name != "mahalanobis"
    }
    if metric == "euclidean":
        slips["squared"] = answer**2
    if metric == "mahalanobis":
        slips["squared"] = answer**2
        slips["std-not-variance"] = math.sqrt(
            sum(d * d / math.sqrt(v) for d, v in zip(diff, var, strict=True))
        )
    dot = sum(x * y for x, y in zip(a, b, strict=True))
    values = {
        "metric": metric,
        "metric_ja": DISTANCE_LABELS[metric][0],
        "metric_en": DISTANCE_LABELS[metric][1],
        "a": vec(a),
        "b": vec(b),
        "diff": vec(diff),
        "var": vec(var),
        "dot": fmt(dot),
        "norm_a": fmt(math.sqrt(sum(x * x for x in a)), 4),
        "norm_b": fmt(math.sqrt(sum(y * y for y in b)), 4),
        "sum_sq": fmt(sum(d * d for d in diff)),
        "weighted": fmt(sum(d * d / v for d, v in zip(diff, var, strict=True)), 4),
        "answer": fmt(answer, 4),
    }
    return Generated({"metric": metric, "a": a, "b": b, "var": var}, values, answer, slips)


KnnAsk = Literal["classify", "regress"]


KnnMetric = Literal["euclidean", "manhattan"]


class KnnConfig(GeneratorConfig):
    asks: tuple[KnnAsk, ...] = Field(default=("classify", "regress"), min_length=1)
    metrics: tuple[KnnMetric, ...] = Field(default=("euclidean", "manhattan"), min_length=1)
    k: IntChoices = (3, 4, 5)
    points: IntRange = (7, 9)


def _key(a: Sequence[int], b: Sequence[int], metric: str) -> int:
    """A distance that orders like the metric, in integers: squared Euclidean or Manhattan."""
    if metric == "euclidean":
        return sum((x - y) ** 2 for x, y in zip(a, b, strict=True))
    return sum(abs(x - y) for x, y in zip(a, b, strict=True))


def _neighbours(
    pts: Sequence[Sequence[int]], query: Sequence[int], metric: str, k: int
) -> list[int] | None:
    """Indices of the k nearest points, or None when a distance tie makes them ambiguous."""
    order = sorted(range(len(pts)), key=lambda i: _key(pts[i], query, metric))
    keys = [_key(pts[i], query, metric) for i in order[: k + 1]]
    if any(keys[i] >= keys[i + 1] for i in range(len(keys) - 1)):
        return None
    return order[:k]


def knn_vote(nearest: Sequence[int], labels: Sequence[int]) -> int:
    """Majority among `nearest` (ordered nearest first); a tie goes to the nearest tied class."""
    counts = Counter(labels[i] for i in nearest)
    top = max(counts.values())
    return next(labels[i] for i in nearest if counts[labels[i]] == top)


def _shown_distance(a: Sequence[int], b: Sequence[int], metric: str) -> str:
    key = _key(a, b, metric)
    if metric == "manhattan":
        return str(key)
    root = math.isqrt(key)
    return str(root) if root * root == key else f"√{key} ≈ {fmt(math.sqrt(key), 3)}"


@generator(
    "knn",
    kind="numeric",
    config=KnnConfig,
    slips=("k1", "other-metric", "global-majority", "all-mean"),
)
def knn(rng: random.Random, config: KnnConfig) -> Generated:
    ask = rng.choice(config.asks)
    metric = rng.choice(config.metrics)
    other = "manhattan" if metric == "euclidean" else "euclidean"
    k = rng.choice([v for v in config.k if v >= 2] or [3])
    classes = rng.choice((2, 3)) if ask == "classify" else 0
    while True:
        size = draw(rng, (max(k + 1, config.points[0]), max(k + 1, config.points[1])))
        cells = rng.sample([(x, y) for x in range(9) for y in range(9)], size + 1)
        query, pts = list(cells[0]), [list(c) for c in cells[1:]]
        nearest = _neighbours(pts, query, metric, k)
        if nearest is None:
            continue
        if ask == "classify":
            labels = [rng.randint(1, classes) for _ in pts]
            if len(set(labels)) < classes:
                continue
            answer = float(knn_vote(nearest, labels))
            targets: list[int] = []
        else:
            targets = [rng.randint(0, 20) for _ in pts]
            labels = []
            answer = sum(targets[i] for i in nearest) / k
        break
    slips: dict[str, float] = {}
    first = _neighbours(pts, query, metric, 1)
    swapped = _neighbours(pts, query, other, k)
    if ask == "classify":
        if first is not None:
            slips["k1"] = float(labels[first[0]])
        if swapped is not None:
            slips["other-metric"] = float(knn_vote(swapped, labels))
        counts = Counter(labels).most_common()
        if len(counts) == 1 or counts[0][1] > counts[1][1]:
            slips["global-majority"] = float(counts[0][0])
    else:
        if first is not None:
            slips["k1"] = float(targets[first[0]])
        if swapped is not None:
            slips["other-metric"] = sum(targets[i] for i in swapped) / k
        slips["all-mean"] = sum(targets) / len(targets)
    names = [f"P{i + 1}" for i in range(len(pts))]
    if ask == "classify":
        listing_ja = "、".join(
            f"{n} {vec(p)}: クラス {c}" for n, p, c in zip(names, pts, labels, strict=True)
        )
        listing_en = "; ".join(
            f"{n} {vec(p)}: class {c}" for n, p, c in zip(names, pts, labels, strict=True)
        )
        chosen_ja = "、".join(
            f"{names[i]}（d = {_shown_distance(pts[i], query, metric)}、クラス {labels[i]}）"
            for i in nearest
        )
        chosen_en = ", ".join(
            f"{names[i]} (d = {_shown_distance(pts[i], query, metric)}, class {labels[i]})"
            for i in nearest
        )
        tally = Counter(labels[i] for i in nearest)
        votes_ja = "、".join(f"クラス {c}: {tally[c]} 票" for c in sorted(tally))
        votes_en = ", ".join(
            f"class {c}: {tally[c]} vote{'s' if tally[c] > 1 else ''}" for c in sorted(tally)
        )
    else:
        listing_ja = "、".join(
            f"{n} {vec(p)}: y = {t}" for n, p, t in zip(names, pts, targets, strict=True)
        )
        listing_en = "; ".join(
            f"{n} {vec(p)}: y = {t}" for n, p, t in zip(names, pts, targets, strict=True)
        )
        chosen_ja = "、".join(
            f"{names[i]}（d = {_shown_distance(pts[i], query, metric)}、y = {targets[i]}）"
            for i in nearest
        )
        chosen_en = ", ".join(
            f"{names[i]} (d = {_shown_distance(pts[i], query, metric)}, y = {targets[i]})"
            for i in nearest
        )
        votes_ja = votes_en = " + ".join(str(targets[i]) for i in nearest)
    values = {
        "ask": ask,
        "k": str(k),
        "query": vec(query),
        "points_ja": listing_ja,
        "points_en": listing_en,
        "metric_ja": "ユークリッド距離" if metric == "euclidean" else "マンハッタン距離（L1 距離）",
        "metric_en": "Euclidean distance" if metric == "euclidean" else "Manhattan (L1) distance",
        "chosen_ja": chosen_ja,
        "chosen_en": chosen_en,
        "votes_ja": votes_ja,
        "votes_en": votes_en,
        "answer": fmt(answer, 4),
    }
    params = {
        "ask": ask,
        "metric": metric,
        "k": k,
        "query": query,
        "points": pts,
        "labels": labels,
        "targets": targets,
    }
    gap = 0.5 if ask == "classify" else 0.002
    return Generated(params, values, answer, distinct(slips, answer, gap))

"""Validation and performance metrics (syllabus 2-1-11, 2-1-12).

- `classification-metrics`: precision, recall, F1, specificity, accuracy or FPR of a matrix.
- `average-precision`: AP of a ranked TP/FP list (all-point, 11-point or non-interpolated), or mAP.
- `perplexity`: from the probabilities of the true tokens, or from a cross-entropy in bits/nats.
- `k-fold`: fold sizes and the number of fits of a grid search with k-fold cross-validation.
"""

from __future__ import annotations

import math
import random
from collections.abc import Sequence
from typing import Literal

from pydantic import Field

from trainer.bank.generators.common import IntChoices, IntRange, draw, fmt, vec
from trainer.bank.generators.registry import Generated, GeneratorConfig, Margin, generator

MetricAsk = Literal["precision", "recall", "f1", "specificity", "accuracy", "fpr"]


class MetricsConfig(GeneratorConfig):
    asks: tuple[MetricAsk, ...] = Field(
        default=("precision", "recall", "f1", "specificity", "accuracy", "fpr"), min_length=1
    )
    counts: IntRange = (3, 60)


METRIC_LABELS: dict[str, tuple[str, str]] = {
    "precision": ("適合率（Precision）", "precision"),
    "recall": ("再現率（Recall）", "recall"),
    "f1": ("F 値（F1 スコア）", "F1 score"),
    "specificity": ("特異度（Specificity）", "specificity"),
    "accuracy": ("正解率（Accuracy）", "accuracy"),
    "fpr": ("偽陽性率（FPR）", "false positive rate (FPR)"),
}


def confusion_metrics(tp: int, fn: int, fp: int, tn: int) -> dict[str, float]:
    precision = tp / (tp + fp)
    recall = tp / (tp + fn)
    return {
        "precision": precision,
        "recall": recall,
        "f1": 2 * precision * recall / (precision + recall),
        "specificity": tn / (tn + fp),
        "accuracy": (tp + tn) / (tp + fn + fp + tn),
        "fpr": fp / (fp + tn),
    }


@generator(
    "classification-metrics",
    kind="numeric",
    config=MetricsConfig,
    slips=(
        "as-precision",
        "as-recall",
        "as-f1",
        "as-specificity",
        "as-accuracy",
        "as-fpr",
        "arithmetic-mean",
    ),
    margin=Margin(abs=2e-3),
)
def classification_metrics(rng: random.Random, config: MetricsConfig) -> Generated:
    ask = rng.choice(config.asks)
    low, high = max(1, config.counts[0]), max(2, config.counts[1])
    while True:
        tp, fn, fp, tn = (rng.randint(low, high) for _ in range(4))
        if fn != fp:  # otherwise precision = recall and the swap slip is invisible
            break
    metrics = confusion_metrics(tp, fn, fp, tn)
    answer = metrics[ask]
    slips = {f"as-{name}": value for name, value in metrics.items() if name != ask}
    if ask == "f1":
        slips["arithmetic-mean"] = (metrics["precision"] + metrics["recall"]) / 2
    values = {"ask": ask, "TP": str(tp), "FN": str(fn), "FP": str(fp), "TN": str(tn)}
    values |= {"ask_ja": METRIC_LABELS[ask][0], "ask_en": METRIC_LABELS[ask][1]}
    values |= {name: fmt(value, 4) for name, value in metrics.items()}
    values["total"] = str(tp + fn + fp + tn)
    values["answer"] = fmt(answer, 4)
    return Generated({"ask": ask, "tp": tp, "fn": fn, "fp": fp, "tn": tn}, values, answer, slips)


ApAsk = Literal["ap", "map"]


ApConvention = Literal["all-point", "11-point", "step"]


class AveragePrecisionConfig(GeneratorConfig):
    asks: tuple[ApAsk, ...] = Field(default=("ap",), min_length=1)
    conventions: tuple[ApConvention, ...] = Field(default=("all-point",), min_length=1)
    length: IntRange = (4, 7)
    classes: IntRange = (2, 3)
    misses: IntRange = (0, 2)


def precision_recall(ranking: Sequence[bool], n_gt: int) -> tuple[list[float], list[float]]:
    precisions, recalls, hits = [], [], 0
    for rank, hit in enumerate(ranking, start=1):
        hits += hit
        precisions.append(hits / rank)
        recalls.append(hits / n_gt)
    return precisions, recalls


def average_precision(ranking: Sequence[bool], n_gt: int, convention: str) -> float:
    precisions, recalls = precision_recall(ranking, n_gt)
    if convention == "step":
        return sum(p for p, hit in zip(precisions, ranking, strict=True) if hit) / n_gt
    if convention == "11-point":
        total = 0.0
        for j in range(11):
            level = j / 10
            reached = [p for p, r in zip(precisions, recalls, strict=True) if r >= level - 1e-12]
            total += max(reached, default=0.0)
        return total / 11
    # all-point (VOC2010+): area under the precision envelope, summed where recall changes
    envelope = precisions[:]
    for i in range(len(envelope) - 2, -1, -1):
        envelope[i] = max(envelope[i], envelope[i + 1])
    area, previous = 0.0, 0.0
    for r, p in zip(recalls, envelope, strict=True):
        if r > previous:
            area += (r - previous) * p
            previous = r
    return area


def _ranking(rng: random.Random, config: AveragePrecisionConfig) -> tuple[list[bool], int]:
    length = draw(rng, (max(2, config.length[0]), max(2, config.length[1])))
    while True:
        ranking = [rng.random() < 0.6 for _ in range(length)]
        if any(ranking) and not all(ranking):
            break
    return ranking, sum(ranking) + draw(rng, config.misses)


def _ranking_text(ranking: Sequence[bool]) -> str:
    return ", ".join("TP" if hit else "FP" for hit in ranking)


CONVENTION_NAMES = ("all-point", "11-point", "step")


@generator(
    "average-precision",
    kind="numeric",
    config=AveragePrecisionConfig,
    slips=("as-all-point", "as-11-point", "as-step", "divide-by-detected", "final-precision"),
    margin=Margin(abs=2e-3),
)
def average_precision_question(rng: random.Random, config: AveragePrecisionConfig) -> Generated:
    ask = rng.choice(config.asks)
    convention = rng.choice(config.conventions)
    if ask == "ap":
        ranking, n_gt = _ranking(rng, config)
        answer = average_precision(ranking, n_gt, convention)
        precisions, recalls = precision_recall(ranking, n_gt)
        slips = {
            f"as-{name}": average_precision(ranking, n_gt, name)
            for name in CONVENTION_NAMES
            if name != convention
        }
        if n_gt > sum(ranking):
            slips["divide-by-detected"] = sum(
                p for p, hit in zip(precisions, ranking, strict=True) if hit
            ) / sum(ranking)
        slips["final-precision"] = precisions[-1]
        values = {
            "ask": ask,
            "ranking": _ranking_text(ranking),
            "n_gt": str(n_gt),
            "precisions": vec(precisions, 3),
            "recalls": vec(recalls, 3),
            "answer": fmt(answer, 4),
        }
        params: dict[str, object] = {
            "ask": ask,
            "convention": convention,
            "ranking": ranking,
            "n_gt": n_gt,
        }
        return Generated(params, values, answer, slips)
    count = draw(rng, (max(2, config.classes[0]), max(2, config.classes[1])))
    lists = [_ranking(rng, config) for _ in range(count)]
    aps = [average_precision(r, n, convention) for r, n in lists]
    answer = sum(aps) / count
    names = [chr(ord("A") + i) for i in range(count)]
    slips = {
        f"as-{name}": sum(average_precision(r, n, name) for r, n in lists) / count
        for name in CONVENTION_NAMES
        if name != convention
    }
    values = {
        "ask": ask,
        "C": str(count),
        "lists_ja": "\n".join(
            f"  クラス {c}: {_ranking_text(r)}（正解 {n} 個）"
            for c, (r, n) in zip(names, lists, strict=True)
        ),
        "lists_en": "\n".join(
            f"  class {c}: {_ranking_text(r)} ({n} ground truths)"
            for c, (r, n) in zip(names, lists, strict=True)
        ),
        "aps": ", ".join(f"AP_{c} = {fmt(a, 4)}" for c, a in zip(names, aps, strict=True)),
        "answer": fmt(answer, 4),
    }
    params = {
        "ask": ask,
        "convention": convention,
        "rankings": [r for r, _ in lists],
        "n_gts": [n for _, n in lists],
    }
    return Generated(params, values, answer, slips)


PerplexityAsk = Literal["probs", "bits", "nats"]


TOKEN_PROBABILITIES = (0.8, 0.5, 0.4, 0.25, 0.2, 0.125, 0.1)


class PerplexityConfig(GeneratorConfig):
    asks: tuple[PerplexityAsk, ...] = Field(default=("probs",), min_length=1)
    tokens: IntRange = (2, 5)


@generator(
    "perplexity",
    kind="numeric",
    config=PerplexityConfig,
    slips=("mean-inverse", "no-root", "no-exp", "wrong-base"),
)
def perplexity(rng: random.Random, config: PerplexityConfig) -> Generated:
    ask = rng.choice(config.asks)
    if ask == "probs":
        n = draw(rng, (max(1, config.tokens[0]), max(1, config.tokens[1])))
        while True:
            probs = [rng.choice(TOKEN_PROBABILITIES) for _ in range(n)]
            if len(set(probs)) > 1 or n == 1:
                break
        nll = -sum(math.log(p) for p in probs) / n
        answer = math.exp(nll)
        slips = {
            "mean-inverse": sum(1 / p for p in probs) / n,
            "no-root": 1 / math.prod(probs),
            "no-exp": nll,
            "wrong-base": 2**nll,
        }
        values = {
            "ask": ask,
            "N": str(n),
            "probs": vec(probs),
            "product": fmt(math.prod(probs), 6),
            "nll": fmt(nll, 4),
            "answer": fmt(answer, 4),
        }
        return Generated({"ask": ask, "probs": probs}, values, answer, slips)
    entropy = rng.randint(5, 60) / 10
    answer = 2**entropy if ask == "bits" else math.exp(entropy)
    slips = {
        "no-exp": entropy,
        "wrong-base": math.exp(entropy) if ask == "bits" else 2**entropy,
    }
    values = {
        "ask": ask,
        "H": fmt(entropy),
        "unit_ja": "ビット" if ask == "bits" else "ナット",
        "unit_en": ask,
        "unit1_en": ask[:-1],
        "answer": fmt(answer, 4),
    }
    return Generated({"ask": ask, "entropy": entropy}, values, answer, slips)


KFoldAsk = Literal["validation-size", "training-size", "fits"]


class KFoldConfig(GeneratorConfig):
    asks: tuple[KFoldAsk, ...] = Field(default=("training-size", "fits"), min_length=1)
    k: IntChoices = (3, 4, 5, 10)
    fold_size: IntRange = (20, 300)


@generator(
    "k-fold",
    kind="numeric",
    config=KFoldConfig,
    slips=("swapped", "no-folds", "no-grid", "plus-refit"),
)
def k_fold(rng: random.Random, config: KFoldConfig) -> Generated:
    ask = rng.choice(config.asks)
    k = rng.choice(config.k)
    fold = draw(rng, config.fold_size)
    n = k * fold
    g1, g2 = rng.randint(2, 5), rng.randint(2, 4)
    slips: dict[str, float]
    if ask == "validation-size":
        answer = float(fold)
        slips = {"swapped": float(n - fold)}
    elif ask == "training-size":
        answer = float(n - fold)
        slips = {"swapped": float(fold)}
    else:
        answer = float(g1 * g2 * k)
        slips = {"no-folds": float(g1 * g2), "no-grid": float(k), "plus-refit": answer + 1}
    values = {
        "ask": ask,
        "ask_ja": "検証に使うデータ数" if ask == "validation-size" else "学習に使うデータ数",
        "ask_en": "number of validation samples"
        if ask == "validation-size"
        else "number of training samples",
        "N": str(n),
        "k": str(k),
        "fold": str(fold),
        "train": str(n - fold),
        "g1": str(g1),
        "g2": str(g2),
        "grid": str(g1 * g2),
        "answer": fmt(answer),
    }
    return Generated({"ask": ask, "N": n, "k": k, "grid": [g1, g2]}, values, answer, slips)

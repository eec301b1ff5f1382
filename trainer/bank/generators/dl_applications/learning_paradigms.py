"""Learning paradigms (様々な学習方法, syllabus 4-8).

- `uncertainty-sampling`: which unlabelled sample least-confidence, margin or entropy sampling
  queries.
"""

from __future__ import annotations

import math
import random
from collections.abc import Sequence
from typing import Literal

from pydantic import Field

from trainer.bank.generators.common import (
    MAX_TRIES,
    NO_DRAW,
    IntChoices,
    IntRange,
    draw,
    fmt,
    hundredths,
)
from trainer.bank.generators.registry import Generated, GeneratorConfig, generator

Criterion = Literal["least-confidence", "margin", "entropy"]


CRITERIA: tuple[Criterion, ...] = ("least-confidence", "margin", "entropy")


CRITERION_NAMES: dict[str, tuple[str, str]] = {
    "least-confidence": ("最小確信度（Least Confidence）", "least confidence"),
    "margin": ("マージン（Margin Sampling）", "margin sampling"),
    "entropy": ("エントロピー（Entropy Sampling）", "entropy sampling"),
}


RULES: dict[str, tuple[str, str]] = {
    "least-confidence": (
        "最小確信度基準は、最も高いクラス確率 max p が最も小さい（1 − max p が最も大きい）"
        "サンプルを選ぶ。各サンプルの 1 − max p は",
        "Least confidence queries the sample whose top class probability max p is lowest "
        "(1 − max p highest). The values of 1 − max p are",
    ),
    "margin": (
        "マージン基準は、1 位と 2 位のクラス確率の差 p(1) − p(2) が最も小さいサンプルを選ぶ。"
        "各サンプルの差は",
        "Margin sampling queries the sample whose gap between the top two class probabilities, "
        "p(1) − p(2), is smallest. The gaps are",
    ),
    "entropy": (
        "エントロピー基準は、予測分布のエントロピー H = −Σ_c p_c ln p_c が最も大きいサンプルを"
        "選ぶ。各サンプルの H（nats）は",
        "Entropy sampling queries the sample whose predictive entropy H = −Σ_c p_c ln p_c is "
        "largest. The entropies (nats) are",
    ),
}


class UncertaintyConfig(GeneratorConfig):
    criteria: tuple[Criterion, ...] = Field(default=CRITERIA, min_length=1)
    samples: IntRange = (3, 4)
    classes: IntChoices = (3,)
    min_gap: float = Field(default=0.01, gt=0)  # between the queried score and the runner-up


def uncertainty(probs: Sequence[float], criterion: str) -> float:
    """Larger means more uncertain: 1 − max p, −(p(1) − p(2)), or the entropy in nats."""
    ordered = sorted(probs, reverse=True)
    if criterion == "least-confidence":
        return 1 - ordered[0]
    if criterion == "margin":
        return -(ordered[0] - ordered[1])
    return -sum(p * math.log(p) for p in probs if p > 0)


def _unique_extreme(scores: Sequence[float], gap: float, *, largest: bool = True) -> int | None:
    """Index of the largest (or smallest) score if it beats every other one by `gap`."""
    order = sorted(range(len(scores)), key=lambda i: scores[i], reverse=largest)
    if abs(scores[order[0]] - scores[order[1]]) < gap:
        return None
    return order[0]


def _distribution(rng: random.Random, classes: int) -> list[int]:
    """Probabilities in hundredths, each at least 0.02, summing to 1."""
    while True:
        cuts = sorted(rng.sample(range(2, 99), classes - 1))
        parts = [b - a for a, b in zip([0, *cuts], [*cuts, 100], strict=True)]
        if min(parts) >= 2:
            return parts


@generator(
    "uncertainty-sampling",
    kind="numeric",
    config=UncertaintyConfig,
    slips=("by-least-confidence", "by-margin", "by-entropy", "most-certain"),
)
def uncertainty_sampling(rng: random.Random, config: UncertaintyConfig) -> Generated:
    criterion = rng.choice(config.criteria)
    classes = rng.choice(config.classes)
    if classes < 2:
        raise ValueError(NO_DRAW)
    # the pick must differ from another configured criterion's (any other, with only one)
    rivals = [c for c in config.criteria if c != criterion] or [
        c for c in CRITERIA if c != criterion
    ]
    for _ in range(MAX_TRIES):
        m = draw(rng, config.samples)
        table = [_distribution(rng, classes) for _ in range(m)]
        probs = [[v / 100 for v in row] for row in table]
        picks = {
            c: _unique_extreme([uncertainty(p, c) for p in probs], config.min_gap) for c in CRITERIA
        }
        chosen = picks[criterion]
        certain = _unique_extreme(
            [uncertainty(p, criterion) for p in probs], config.min_gap, largest=False
        )
        others = {picks[c] for c in rivals} - {None, chosen}
        untied = all(i is not None for i in picks.values())
        if m >= 2 and untied and chosen is not None and certain is not None and others:
            break
    else:
        raise ValueError(NO_DRAW)
    slips = {f"by-{c}": float(i + 1) for c, i in picks.items() if i is not None}
    slips["most-certain"] = float(certain + 1)
    scores = [uncertainty(p, criterion) for p in probs]
    if criterion == "least-confidence":
        shown = [fmt(s, 2) for s in scores]
    elif criterion == "margin":
        shown = [fmt(-s, 2) for s in scores]
    else:
        shown = [fmt(s, 4) for s in scores]
    values = {
        "criterion": criterion,
        "criterion_ja": CRITERION_NAMES[criterion][0],
        "criterion_en": CRITERION_NAMES[criterion][1],
        "rule_ja": RULES[criterion][0],
        "rule_en": RULES[criterion][1],
        "m": str(m),
        "C": str(classes),
        "samples": ", ".join(
            f"x{i + 1} = (" + ", ".join(hundredths(v) for v in row) + ")"
            for i, row in enumerate(table)
        ),
        "scores": ", ".join(f"x{i + 1}: {s}" for i, s in enumerate(shown)),
        "lc_pick": f"x{picks['least-confidence'] + 1}"
        if picks["least-confidence"] is not None
        else "—",
        "margin_pick": f"x{picks['margin'] + 1}" if picks["margin"] is not None else "—",
        "entropy_pick": f"x{picks['entropy'] + 1}" if picks["entropy"] is not None else "—",
        "certain": f"x{certain + 1}",
        "answer": str(chosen + 1),
    }
    params = {"criterion": criterion, "probs": table}
    return Generated(params, values, float(chosen + 1), slips)

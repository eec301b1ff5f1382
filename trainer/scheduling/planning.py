"""Simulating the days up to the exam for a few desired retentions, from the learner's own cards.

fsrs-rs's simulator (`fsrs_rs_python.simulate`) starts from an empty deck in its Python binding,
so the day-by-day runs here use the same FSRS-6 formulas over arrays (`trainer.scheduling.fsrs6`)
starting from the learner's real card states; fsrs-rs's `optimal_retention` names the retention
that costs least time per card remembered, given the learner's answer times and ratings.
Each day: due cards are reviewed (recalled with the model's probability), then new cards are
introduced up to the daily limit; the cost of each answer is the learner's own mean time.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from trainer.scheduling.fsrs6 import Model

RETENTIONS = (0.80, 0.85, 0.90, 0.95)


@dataclass(frozen=True)
class Costs:
    """Seconds per answer, and how the learner rates (shares from the log, or typical ones)."""

    new_s: float = 20.0  # a new card, its learning steps included
    pass_s: float = 8.0  # a review recalled
    fail_s: float = 20.0  # a review forgotten, relearning included
    first_ratings: tuple[float, float, float, float] = (0.24, 0.094, 0.495, 0.171)
    pass_ratings: tuple[float, float, float] = (0.224, 0.631, 0.145)


@dataclass(frozen=True)
class Deck:
    """The learner's cards today: the reviewed ones' memory, and how many are still new."""

    stability: Sequence[float] = ()
    difficulty: Sequence[float] = ()
    elapsed_days: Sequence[float] = ()  # since each card's last review
    due_in_days: Sequence[float] = ()  # 0: due today (or overdue)
    new: int = 0


@dataclass(frozen=True)
class Day:
    reviews: int
    new: int
    minutes: float


@dataclass(frozen=True)
class Outlook:
    """One desired retention simulated to the exam."""

    retention: float
    days: list[Day] = field(default_factory=list)
    exam_recall: float = 0.0  # mean probability of recall over the whole bank on the exam day
    learned: int = 0  # cards introduced by the exam day

    @property
    def minutes_per_day(self) -> float:
        return sum(d.minutes for d in self.days) / len(self.days) if self.days else 0.0

    @property
    def peak_minutes(self) -> float:
        return max((d.minutes for d in self.days), default=0.0)

    @property
    def reviews_per_day(self) -> float:
        return sum(d.reviews for d in self.days) / len(self.days) if self.days else 0.0

    @property
    def new_per_day(self) -> float:
        return sum(d.new for d in self.days) / len(self.days) if self.days else 0.0


def simulate_to_exam(
    parameters: Sequence[float],
    deck: Deck,
    days: int,
    retention: float,
    *,
    new_per_day: int,
    reviews_per_day: int | None = None,
    costs: Costs | None = None,
    seed: int = 0,
) -> Outlook:
    """`days` days of study at `retention`; the exam is the morning after the last one. Beyond
    `reviews_per_day`, the least overdue reviews wait for the next day, as in the queue."""
    costs = costs or Costs()
    model = Model(parameters)
    rng = np.random.default_rng(seed)
    known = len(deck.stability)
    size = known + deck.new
    s = np.ones(size)
    d = np.full(size, 5.0)
    last = np.zeros(size)
    due = np.full(size, np.inf)
    if known:
        s[:known] = np.maximum(np.asarray(deck.stability, dtype=np.float64), 0.001)
        d[:known] = np.asarray(deck.difficulty, dtype=np.float64)
        last[:known] = -np.asarray(deck.elapsed_days, dtype=np.float64)
        due[:known] = np.maximum(np.asarray(deck.due_in_days, dtype=np.float64), 0)
    introduced = known
    out: list[Day] = []
    for day in range(days):
        reviewing = np.flatnonzero(due <= day)
        if reviews_per_day is not None and reviewing.size > reviews_per_day:
            reviewing = reviewing[np.argsort(due[reviewing], kind="stable")[:reviews_per_day]]
        seconds = 0.0
        if reviewing.size:
            r = model.retrievability(day - last[reviewing], s[reviewing])
            recalled = rng.random(reviewing.size) < r
            passed = rng.choice([2, 3, 4], size=reviewing.size, p=costs.pass_ratings)
            rating = np.where(recalled, passed, 1).astype(np.float64)
            s[reviewing] = model.next_stability(d[reviewing], s[reviewing], r, rating)
            d[reviewing] = model.next_difficulty(d[reviewing], rating)
            last[reviewing] = day
            due[reviewing] = day + model.interval(s[reviewing], retention)
            hits = int(recalled.sum())
            seconds += hits * costs.pass_s + (reviewing.size - hits) * costs.fail_s
        fresh = np.arange(introduced, min(size, introduced + new_per_day))
        introduced += fresh.size
        if fresh.size:
            rating = rng.choice([1, 2, 3, 4], size=fresh.size, p=costs.first_ratings).astype(
                np.float64
            )
            s[fresh] = model.initial_stability(rating)
            d[fresh] = model.initial_difficulty(rating)
            last[fresh] = day
            due[fresh] = day + model.interval(s[fresh], retention)
            seconds += fresh.size * costs.new_s
        out.append(Day(int(reviewing.size), int(fresh.size), seconds / 60))
    seen = np.arange(size) < introduced
    recall = np.where(seen, model.retrievability(days - last, s), 0.0)
    return Outlook(retention, out, float(recall.mean()) if size else 0.0, int(introduced))


def optimal_retention(
    parameters: Sequence[float], *, deck_size: int, days: int, new_per_day: int, costs: Costs
) -> float:
    """fsrs-rs's optimal retention (least study time per card remembered) for this bank, span
    and learner; within fsrs-rs's range 0.70 to 0.95."""
    import fsrs_rs_python

    config = fsrs_rs_python.default_simulator_config()
    config.deck_size = max(1, deck_size)
    config.learn_span = max(1, days)
    config.learn_limit = max(0, new_per_day)
    config.first_rating_prob = list(costs.first_ratings)
    config.review_rating_prob = list(costs.pass_ratings)
    # Rows: learning, review, relearning; columns: Again, Hard, Good, Easy.
    config.state_rating_costs = [
        [costs.new_s] * 4,
        [costs.fail_s, costs.pass_s, costs.pass_s, costs.pass_s],
        [costs.fail_s] * 4,
    ]
    return round(float(fsrs_rs_python.optimal_retention(config, list(parameters))), 2)


def budget_retention(outlooks: Sequence[Outlook], minutes_per_day: float) -> Outlook | None:
    """The highest retention whose mean daily time fits the budget (None: not even the lowest)."""
    fitting = [o for o in outlooks if o.minutes_per_day <= minutes_per_day]
    return max(fitting, key=lambda o: o.retention) if fitting else None

"""Simulated learners: review logs from a known memory model, for tests and benchmarks.

A learner whose memory follows FSRS-6 with `true_parameters` studies a deck that the trainer
schedules with `scheduled_with` (the defaults, as before any optimisation): each day the due cards
are recalled with the true model's probability, so a fit of the log should find parameters that
predict the learner better than the ones the cards were scheduled with.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import numpy as np

from trainer.scheduling.fsrs6 import Model

# Answer times (seconds) and rating shares of an ordinary learner (fsrs-rs's simulator defaults).
FIRST_RATING_SHARES = (0.24, 0.094, 0.495, 0.171)  # Again, Hard, Good, Easy on a new card
PASS_RATING_SHARES = (0.224, 0.631, 0.145)  # Hard, Good, Easy when recalled


@dataclass(frozen=True)
class SimulatedReview:
    card_id: int
    rating: int
    reviewed_at: datetime
    duration_ms: int


def simulate_learner(
    true_parameters: Sequence[float],
    *,
    scheduled_with: Sequence[float],
    cards: int,
    days: int,
    new_per_day: int,
    desired_retention: float = 0.9,
    seed: int = 0,
    start: datetime = datetime(2026, 1, 1, 9, tzinfo=UTC),
    max_reviews: int | None = None,
) -> list[SimulatedReview]:
    """The review log (in time order) of `days` days of study; stops at `max_reviews` if given."""
    rng = np.random.default_rng(seed)
    truth, scheduler = Model(true_parameters), Model(scheduled_with)
    true_s = np.zeros(cards)
    true_d = np.zeros(cards)
    s = np.zeros(cards)
    d = np.zeros(cards)
    last = np.zeros(cards)
    due = np.full(cards, np.inf)
    log: list[SimulatedReview] = []
    introduced = 0
    for day in range(days):
        moment = start + timedelta(days=day)
        reviewing = np.flatnonzero(due <= day)
        if reviewing.size:
            elapsed = day - last[reviewing]
            recalled = rng.random(reviewing.size) < truth.retrievability(elapsed, true_s[reviewing])
            passed = rng.choice([2, 3, 4], size=reviewing.size, p=PASS_RATING_SHARES)
            rating = np.where(recalled, passed, 1).astype(np.float64)
            r_true = truth.retrievability(elapsed, true_s[reviewing])
            r_sched = scheduler.retrievability(elapsed, s[reviewing])
            true_s[reviewing] = truth.next_stability(
                true_d[reviewing], true_s[reviewing], r_true, rating
            )
            true_d[reviewing] = truth.next_difficulty(true_d[reviewing], rating)
            s[reviewing] = scheduler.next_stability(d[reviewing], s[reviewing], r_sched, rating)
            d[reviewing] = scheduler.next_difficulty(d[reviewing], rating)
            last[reviewing] = day
            due[reviewing] = day + scheduler.interval(s[reviewing], desired_retention)
            log.extend(_rows(rng, reviewing, rating, moment, seconds=8.0))
        fresh = np.arange(introduced, min(cards, introduced + new_per_day))
        introduced += fresh.size
        if fresh.size:
            rating = rng.choice([1, 2, 3, 4], size=fresh.size, p=FIRST_RATING_SHARES).astype(
                np.float64
            )
            true_s[fresh] = truth.initial_stability(rating)
            true_d[fresh] = truth.initial_difficulty(rating)
            s[fresh] = scheduler.initial_stability(rating)
            d[fresh] = scheduler.initial_difficulty(rating)
            last[fresh] = day
            due[fresh] = day + scheduler.interval(s[fresh], desired_retention)
            log.extend(_rows(rng, fresh, rating, moment + timedelta(hours=1), seconds=20.0))
        if max_reviews is not None and len(log) >= max_reviews:
            return log[:max_reviews]
    return log


def _rows(
    rng: np.random.Generator,
    card_ids: np.typing.NDArray[np.int64],
    ratings: np.typing.NDArray[np.float64],
    moment: datetime,
    *,
    seconds: float,
) -> list[SimulatedReview]:
    durations = rng.gamma(2.0, seconds * 500, size=card_ids.size)  # mean `seconds`
    return [
        SimulatedReview(int(card), int(rating), moment + timedelta(seconds=n), int(ms))
        for n, (card, rating, ms) in enumerate(zip(card_ids, ratings, durations, strict=True))
    ]

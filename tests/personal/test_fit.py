"""Fitting FSRS to simulated learners whose memory differs from the defaults."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from fsrs.scheduler import DEFAULT_PARAMETERS

from tests.personal.helpers import SLOW_START, STRONG, learner_log
from trainer.scheduling.personal import MIN_REVIEWS, evaluate, fit, training_items
from trainer.scheduling.simulated import SimulatedReview


@pytest.mark.parametrize("true", [SLOW_START, STRONG], ids=["slow-start", "strong"])
def test_fitted_parameters_predict_held_out_reviews_better(true: list[float]) -> None:
    result = fit(learner_log(true, reviews=6000, seed=1))
    assert result.parameters is not None and len(result.parameters) == 21
    assert result.fitted is not None and result.default is not None
    assert result.fitted.log_loss < result.default.log_loss
    assert result.fitted.rmse_bins < result.default.rmse_bins
    assert result.better
    # A new stretch of the same learner's life, never seen by the fit.
    later = learner_log(true, reviews=6000, seed=2, start=datetime(2030, 1, 1, 9, tzinfo=UTC))
    fitted, default = evaluate(result.parameters, later), evaluate(DEFAULT_PARAMETERS, later)
    assert fitted.log_loss < default.log_loss
    assert fitted.rmse_bins < default.rmse_bins


def test_a_learner_like_the_defaults_gains_little() -> None:
    result = fit(learner_log(DEFAULT_PARAMETERS, reviews=6000, seed=3))
    assert result.fitted is not None and result.default is not None
    assert abs(result.fitted.log_loss - result.default.log_loss) < 0.02


def test_an_empty_history_needs_the_minimum() -> None:
    result = fit([])
    assert (result.reviews, result.items, result.needed) == (0, 0, MIN_REVIEWS)
    assert result.parameters is None and not result.better


def test_a_short_history_says_how_many_more() -> None:
    log = learner_log(SLOW_START, reviews=300, seed=4)
    result = fit(log)
    assert result.parameters is None
    assert result.needed == MIN_REVIEWS - len(training_items(log)) > 0


def _review(card: int, rating: int, at: datetime) -> SimulatedReview:
    return SimulatedReview(card, rating, at, 1000)


def test_items_follow_ankis_preprocessing() -> None:
    day = datetime(2026, 3, 1, 9, tzinfo=UTC)
    log = [
        _review(1, 1, day),  # first review: starts the history, is no item
        _review(1, 3, day + timedelta(minutes=10)),  # same day: a step of the history only
        _review(1, 3, day + timedelta(days=2)),  # interday: an item
        _review(1, 1, day + timedelta(days=7)),  # an item
        _review(1, 3, day + timedelta(days=7, minutes=10)),
        _review(2, 0, day),  # not a rating (manual): left out
        _review(2, 3, day + timedelta(days=1)),  # card 2's first real review
    ]
    assert training_items(log) == [
        ((1, 0), (3, 0), (3, 2)),
        ((1, 0), (3, 0), (3, 2), (1, 5)),
    ]


def test_fitted_weights_are_always_accepted_by_the_scheduler() -> None:
    from fsrs.scheduler import LOWER_BOUNDS_PARAMETERS, UPPER_BOUNDS_PARAMETERS

    from trainer.scheduling import Scheduler, SchedulerConfig
    from trainer.scheduling.personal import usable

    edges = [high + 0.00004 for high in UPPER_BOUNDS_PARAMETERS]
    lows = [low - 0.00004 for low in LOWER_BOUNDS_PARAMETERS]
    for weights in (edges, lows):
        Scheduler(SchedulerConfig(parameters=usable(weights)))  # no ValueError

"""FSRS parameters fitted to one learner's review log, with fsrs-rs (the optimizer Anki uses).

Preprocessing as Anki's (`fsrs_items_for_training`): each card's reviews in time order, grouped
into calendar days; one training item per review that comes on a later day than the one before it
(the item is the card's history up to and including that review, same-day reviews kept as
`delta_t = 0` steps, so a card's first reviews only start histories); items ordered by the time of
their last review. fsrs-rs itself then sets aside outliers (rare first-rating/first-interval
pairs, `filter_outlier`) and weights recent items more.

Evaluation as Anki shows it: `evaluate_with_time_series_splits` trains on the first k sixths and
predicts the next sixth (k = 1..5); the default (and the current) parameters are scored on exactly
those held-out five sixths, so the figures compare like with like.

fsrs_rs_python is imported inside the functions: `trainer --help` and the quiz never load it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from fsrs.scheduler import (
    DEFAULT_PARAMETERS,
    LOWER_BOUNDS_PARAMETERS,
    UPPER_BOUNDS_PARAMETERS,
)

MIN_REVIEWS = 400  # interday reviews (training items) before parameters are fitted at all
SPLITS = 5  # fsrs-rs's time-series splits: the first sixth only trains


class Review(Protocol):
    """One row of the review log as the optimizer needs it."""

    @property
    def card_id(self) -> int: ...
    @property
    def rating(self) -> int: ...
    @property
    def reviewed_at(self) -> datetime: ...


@dataclass(frozen=True)
class Figures:
    """How well parameters predict held-out reviews (lower is better)."""

    log_loss: float
    rmse_bins: float

    def better_than(self, other: Figures) -> bool:
        return self.log_loss < other.log_loss and self.rmse_bins <= other.rmse_bins


@dataclass(frozen=True)
class Fit:
    """The outcome of one optimisation."""

    reviews: int  # reviews in the log
    items: int  # interday reviews used (training items)
    needed: int  # more interday reviews needed before fitting (0: enough)
    parameters: tuple[float, ...] | None = None  # fitted (None: not enough reviews)
    default: Figures | None = None
    current: Figures | None = None  # the parameters in force, when they are not the defaults
    fitted: Figures | None = None

    @property
    def better(self) -> bool:
        """Whether the fitted parameters beat those in force (so they should be applied)."""
        if self.fitted is None or self.default is None:
            return False
        return self.fitted.better_than(self.current or self.default)


def training_items(reviews: Iterable[Review]) -> list[tuple[tuple[int, int], ...]]:
    """Anki's training items, oldest first: each a card's (rating, days since the previous
    review) pairs up to an interday review."""
    by_card: dict[int, list[Review]] = {}
    for review in reviews:
        if 1 <= review.rating <= 4:
            by_card.setdefault(review.card_id, []).append(review)
    dated: list[tuple[datetime, int, tuple[tuple[int, int], ...]]] = []
    for card_id, history in by_card.items():
        history.sort(key=lambda r: r.reviewed_at)
        steps: list[tuple[int, int]] = []
        previous = history[0].reviewed_at.date()
        for review in history:
            day = review.reviewed_at.date()
            delta = (day - previous).days
            steps.append((review.rating, delta))
            previous = day
            if delta > 0:
                dated.append((review.reviewed_at, card_id, tuple(steps)))
    dated.sort(key=lambda entry: (entry[0], entry[1]))
    return [steps for _, _, steps in dated]


def _fsrs_items(items: Sequence[tuple[tuple[int, int], ...]]) -> list[Any]:
    from fsrs_rs_python import FSRSItem, FSRSReview

    return [FSRSItem([FSRSReview(rating, delta) for rating, delta in item]) for item in items]


def _figures(evaluation: Any) -> Figures:
    return Figures(float(evaluation.log_loss), float(evaluation.rmse_bins))


def fit(reviews: Iterable[Review], current: Sequence[float] | None = None) -> Fit:
    """Fit FSRS-6 to `reviews` and score the fit against the defaults (and `current`, the
    parameters in force if not the defaults) on held-out time-series splits."""
    rows = list(reviews)
    items = training_items(rows)
    if len(items) < MIN_REVIEWS:
        return Fit(len(rows), len(items), MIN_REVIEWS - len(items))
    from fsrs_rs_python import FSRS, evaluate_with_time_series_splits

    fsrs_items = _fsrs_items(items)
    held_out = fsrs_items[len(fsrs_items) // (SPLITS + 1) :]
    fitted = _figures(evaluate_with_time_series_splits(fsrs_items))
    default = _figures(FSRS(list(DEFAULT_PARAMETERS)).evaluate(held_out))
    in_force = None
    if current is not None and tuple(current) != tuple(DEFAULT_PARAMETERS):
        in_force = _figures(FSRS(list(current)).evaluate(held_out))
    fitted_weights = FSRS(list(DEFAULT_PARAMETERS)).compute_parameters(fsrs_items)
    parameters = usable(fitted_weights)
    return Fit(len(rows), len(items), 0, parameters, default, in_force, fitted)


def usable(weights: Sequence[float]) -> tuple[float, ...]:
    """fsrs-rs's weights rounded to 4 places and held within py-fsrs's bounds (the scheduler
    refuses any outside them; rounding alone could step over one)."""
    return tuple(
        min(max(round(float(w), 4), low), high)
        for w, low, high in zip(
            weights, LOWER_BOUNDS_PARAMETERS, UPPER_BOUNDS_PARAMETERS, strict=True
        )
    )


def evaluate(parameters: Sequence[float], reviews: Iterable[Review]) -> Figures:
    """How well `parameters` predict every interday review in `reviews`."""
    from fsrs_rs_python import FSRS

    return _figures(FSRS(list(parameters)).evaluate(_fsrs_items(training_items(reviews))))

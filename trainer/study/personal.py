"""The learner's own FSRS parameters: fit them to the review log, keep them, schedule with them.

`optimize` reads the whole log, fits with fsrs-rs (`trainer.scheduling.personal`), and stores the
result with its date and figures; the new parameters are applied (every later review is scheduled
with them, see `StudyService.scheduler`) only when they predict held-out reviews better than the
parameters in force. A dry run fits and reports but stores nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from trainer.scheduling.personal import Fit
    from trainer.store.parameters import StoredFit
    from trainer.store.repository import Store


def learner_parameters(store: Store, user_id: int) -> tuple[float, ...]:
    """The FSRS parameters the learner's reviews are scheduled with."""
    from fsrs.scheduler import DEFAULT_PARAMETERS

    from trainer.store.parameters import parameters_in_force

    stored = parameters_in_force(store, user_id)
    return tuple(DEFAULT_PARAMETERS) if stored is None else stored.parameters


@dataclass(frozen=True)
class Optimized:
    fit: Fit
    applied: bool  # stored and in force from now on
    saved: bool  # a row was written (not a dry run, and parameters were fitted)
    in_force: StoredFit | None  # the learner's parameters before this run (None: defaults)


def optimize(
    store: Store, user_id: int, *, dry_run: bool = False, now: datetime | None = None
) -> Optimized:
    from trainer.scheduling.personal import fit as fit_parameters
    from trainer.store.parameters import (
        StoredFit,
        parameters_in_force,
        review_history,
        save_fit,
    )

    before = parameters_in_force(store, user_id)
    fit = fit_parameters(
        review_history(store, user_id), None if before is None else before.parameters
    )
    if fit.parameters is None or fit.fitted is None or fit.default is None or dry_run:
        return Optimized(fit, applied=False, saved=False, in_force=before)
    applied = fit.better
    save_fit(
        store,
        user_id,
        StoredFit(
            fitted_at=now or datetime.now(UTC),
            parameters=fit.parameters,
            reviews=fit.reviews,
            items=fit.items,
            log_loss=fit.fitted.log_loss,
            rmse_bins=fit.fitted.rmse_bins,
            default_log_loss=fit.default.log_loss,
            default_rmse_bins=fit.default.rmse_bins,
            applied=applied,
        ),
    )
    return Optimized(fit, applied=applied, saved=True, in_force=before)

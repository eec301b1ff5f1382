"""The learner's own FSRS parameters: every optimisation, with its date and figures.

One row per run of `trainer optimize` that fitted parameters (a dry run stores nothing); the
parameters in force are those of the newest row with `applied`, the defaults when there is none.
Kept out of `models.py` like the report tables, and imported at its end for `Base.metadata`.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Float, ForeignKey, Index
from sqlalchemy.orm import Mapped, mapped_column

from trainer.store.models import Base
from trainer.store.types import UTCDateTime


class FsrsParameters(Base):
    """FSRS-6 parameters fitted to one learner's log, and how well they and the defaults
    predicted held-out reviews (log loss, RMSE over bins; lower is better)."""

    __tablename__ = "fsrs_parameters"
    __table_args__ = (Index("ix_fsrs_parameters_user_id_fitted_at", "user_id", "fitted_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"))
    fitted_at: Mapped[datetime] = mapped_column(UTCDateTime)
    parameters: Mapped[list[float]] = mapped_column(JSON)  # the 21 weights
    reviews: Mapped[int]  # reviews in the log
    items: Mapped[int]  # interday reviews it was fitted on
    log_loss: Mapped[float] = mapped_column(Float)
    rmse_bins: Mapped[float] = mapped_column(Float)
    default_log_loss: Mapped[float] = mapped_column(Float)
    default_rmse_bins: Mapped[float] = mapped_column(Float)
    applied: Mapped[bool]  # better than the parameters in force, so scheduling uses them

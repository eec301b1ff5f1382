"""Reading and writing the learner's fitted FSRS parameters (`fsrs_parameters`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import select

from trainer.store.models_fsrs import FsrsParameters

if TYPE_CHECKING:
    from trainer.store.repository import Store


@dataclass(frozen=True)
class StoredFit:
    fitted_at: datetime
    parameters: tuple[float, ...]
    reviews: int
    items: int
    log_loss: float
    rmse_bins: float
    default_log_loss: float
    default_rmse_bins: float
    applied: bool


def _stored(row: FsrsParameters) -> StoredFit:
    return StoredFit(
        fitted_at=row.fitted_at,
        parameters=tuple(float(w) for w in row.parameters),
        reviews=row.reviews,
        items=row.items,
        log_loss=row.log_loss,
        rmse_bins=row.rmse_bins,
        default_log_loss=row.default_log_loss,
        default_rmse_bins=row.default_rmse_bins,
        applied=row.applied,
    )


def parameters_in_force(store: Store, user_id: int) -> StoredFit | None:
    """The newest applied fit of the learner (None: the default parameters are in force)."""
    query = (
        select(FsrsParameters)
        .where(FsrsParameters.user_id == user_id, FsrsParameters.applied)
        .order_by(FsrsParameters.fitted_at.desc(), FsrsParameters.id.desc())
        .limit(1)
    )
    with store.reading() as session:
        row = session.scalar(query)
        return None if row is None else _stored(row)


def save_fit(store: Store, user_id: int, fit: StoredFit) -> None:
    with store.writing() as session:
        session.add(
            FsrsParameters(
                user_id=user_id,
                fitted_at=fit.fitted_at,
                parameters=list(fit.parameters),
                reviews=fit.reviews,
                items=fit.items,
                log_loss=fit.log_loss,
                rmse_bins=fit.rmse_bins,
                default_log_loss=fit.default_log_loss,
                default_rmse_bins=fit.default_rmse_bins,
                applied=fit.applied,
            )
        )


@dataclass(frozen=True)
class LoggedReview:
    card_id: int
    rating: int
    reviewed_at: datetime
    duration_ms: int | None


def review_history(store: Store, user_id: int) -> list[LoggedReview]:
    """Every review of the learner, in time order (what the optimizer and planner read)."""
    from trainer.store.models import Card, ReviewLog

    query = (
        select(ReviewLog.card_id, ReviewLog.rating, ReviewLog.reviewed_at, ReviewLog.duration_ms)
        .join(Card, Card.id == ReviewLog.card_id)
        .where(Card.user_id == user_id)
        .order_by(ReviewLog.reviewed_at, ReviewLog.id)
    )
    with store.reading() as session:
        return [LoggedReview(*row) for row in session.execute(query)]


@dataclass(frozen=True)
class CardMemory:
    question_id: str
    stability: float
    difficulty: float
    last_review: datetime
    due: datetime | None


def reviewed_cards(store: Store, user_id: int) -> list[CardMemory]:
    """The learner's reviewed cards that are not suspended (what the planner starts from)."""
    from trainer.store.models import Card

    query = select(
        Card.question_id, Card.stability, Card.difficulty, Card.last_review, Card.due
    ).where(
        Card.user_id == user_id,
        Card.reps > 0,
        Card.suspended.is_(False),
        Card.stability.is_not(None),
        Card.difficulty.is_not(None),
        Card.last_review.is_not(None),
    )
    with store.reading() as session:
        return [
            CardMemory(question, stability, difficulty, last, due)
            for question, stability, difficulty, last, due in session.execute(query)
            if stability is not None and difficulty is not None and last is not None
        ]

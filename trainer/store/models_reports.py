"""Tables for reports and the mock exam: per-user settings (the exam date), exam attempts,
review counts per quarter hour (what the history and the heatmap read instead of the whole log),
and interday reviews per band of predicted recall (the scheduler's calibration).

Kept out of `models.py` so that the core tables stay as they are; imported at the end of
`models.py`, so `Base.metadata` (what migrations are compared with) always holds these tables.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Float,
    ForeignKey,
    Index,
    PrimaryKeyConstraint,
    SmallInteger,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from trainer.store.models import Base
from trainer.store.types import UTCDateTime


class UserSetting(Base):
    """One named setting of one user, as text (e.g. `exam_date` = `2027-02-20`)."""

    __tablename__ = "user_setting"
    __table_args__ = (UniqueConstraint("user_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(String(64))
    value: Mapped[str] = mapped_column(String(256))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)


class ExamAttempt(Base):
    """One finished mock exam: its score, per-area scores, and every item (also in review_log)."""

    __tablename__ = "exam_attempt"
    __table_args__ = (Index("ix_exam_attempt_user_id_started_at", "user_id", "started_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"))
    started_at: Mapped[datetime] = mapped_column(UTCDateTime)
    finished_at: Mapped[datetime] = mapped_column(UTCDateTime)
    time_limit_s: Mapped[int]
    questions: Mapped[int]
    answered: Mapped[int]
    correct: Mapped[int]
    score: Mapped[float] = mapped_column(Float)
    areas: Mapped[dict[str, Any]] = mapped_column(JSON)  # area -> {"questions", "correct"}
    items: Mapped[list[Any]] = mapped_column(JSON)  # [{"id", "seed", "answer", "correct"}]


class ReviewTally(Base):
    """Reviews, correct answers and retention counts of one user in one UTC quarter hour, counted
    as each review is recorded (in the same transaction as its log row, so the two agree).

    Every UTC offset in use is a whole number of quarter hours, so these add up exactly into the
    local days of any learner; a year of daily study is a few hundred rows, not 500,000.
    """

    __tablename__ = "review_tally"
    __table_args__ = (PrimaryKeyConstraint("user_id", "starts_at"),)

    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"))
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime)  # :00, :15, :30 or :45, UTC
    reviews: Mapped[int]
    correct: Mapped[int]
    # Interday reviews (the card's previous review was on an earlier UTC day), and of those the
    # ones not rated Again: what true retention is measured on.
    interday: Mapped[int]
    interday_passed: Mapped[int]


class RecallTally(Base):
    """Interday reviews of one user whose predicted recall fell in one tenth (band 7: 0.7 to 0.8),
    how many were passed, and the sum of the predictions: observed against predicted, per band."""

    __tablename__ = "recall_tally"
    __table_args__ = (PrimaryKeyConstraint("user_id", "band"),)

    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"))
    band: Mapped[int] = mapped_column(SmallInteger)  # 0..9
    reviews: Mapped[int]
    passed: Mapped[int]
    predicted: Mapped[float] = mapped_column(Float)  # sum of the predicted recalls

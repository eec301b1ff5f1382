"""The tables: users, their cards, the append-only review log, and code-exercise submissions.

Portable on purpose (SQLite for one learner, PostgreSQL for a class): plain types, every row owned
by a user, named constraints (batch migrations on SQLite can only drop what has a name), and
instants through `UTCDateTime`. A card is one per user and question id; a parametric question is
one card whatever its seed, and the seed shown lives in the review log.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Float,
    ForeignKey,
    Index,
    MetaData,
    SmallInteger,
    String,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from trainer.store.types import UTCDateTime

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

QUESTION_ID_LENGTH = 128  # PostgreSQL enforces String lengths, SQLite does not


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class User(Base):
    """A learner. Every other row hangs off one, so a class can share one PostgreSQL server."""

    __tablename__ = "user"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(128), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)

    cards: Mapped[list[Card]] = relationship(
        back_populates="user", cascade="all, delete-orphan", passive_deletes=True
    )


class Card(Base):
    """The FSRS memory state of one question for one user; `reps == 0` means never reviewed."""

    __tablename__ = "card"
    __table_args__ = (
        UniqueConstraint("user_id", "question_id"),
        CheckConstraint("reps >= 0 AND lapses >= 0", name="counts_not_negative"),
        Index("ix_card_user_id_due", "user_id", "due"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"))
    question_id: Mapped[str] = mapped_column(String(QUESTION_ID_LENGTH))
    state: Mapped[int] = mapped_column(SmallInteger)  # trainer.scheduling.State
    step: Mapped[int | None]
    stability: Mapped[float | None] = mapped_column(Float)
    difficulty: Mapped[float | None] = mapped_column(Float)
    due: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_review: Mapped[datetime | None] = mapped_column(UTCDateTime)
    first_review: Mapped[datetime | None] = mapped_column(UTCDateTime)  # for the daily new limit
    reps: Mapped[int] = mapped_column(default=0)
    lapses: Mapped[int] = mapped_column(default=0)
    # A leech (too many lapses) is suspended: left out of the queue until the learner acts.
    suspended: Mapped[bool] = mapped_column(default=False, server_default=false())
    # Buried: left out of the queue until this instant (the start of the next study day).
    buried_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Flagged by the learner as possibly wrong, with an optional note for the author.
    flagged_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    flag_note: Mapped[str | None] = mapped_column(Text)

    user: Mapped[User] = relationship(back_populates="cards")
    reviews: Mapped[list[ReviewLog]] = relationship(
        back_populates="card", passive_deletes=True, order_by="ReviewLog.id"
    )


class ReviewLog(Base):
    """One answer, never updated; deleted only by an undo in the session that wrote it.

    Replaying a card's rows rebuilds its state.
    """

    __tablename__ = "review_log"
    __table_args__ = (Index("ix_review_log_card_id_reviewed_at", "card_id", "reviewed_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    card_id: Mapped[int] = mapped_column(ForeignKey("card.id", ondelete="CASCADE"))
    rating: Mapped[int] = mapped_column(SmallInteger)  # trainer.scheduling.Rating
    answer: Mapped[str] = mapped_column(Text)  # exactly what the learner typed
    correct: Mapped[bool]
    seed: Mapped[int]  # the variant shown (parametric questions differ per seed)
    duration_ms: Mapped[int | None]
    reviewed_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # UTC calendar days since the card's previous review (None on its first): > 0 is interday.
    elapsed_days: Mapped[int | None]
    # FSRS's probability of recall at that moment, before the answer (None on the first review):
    # set against the answers, it shows whether the scheduler's predictions hold for this learner.
    predicted_recall: Mapped[float | None] = mapped_column(Float)
    # The learner overruled a "wrong" verdict ("I was right"): recorded as correct, marked here.
    overridden: Mapped[bool] = mapped_column(default=False, server_default=false())

    card: Mapped[Card] = relationship(back_populates="reviews")


class ExerciseSubmission(Base):
    """One submission of a code exercise to the grader (filled by the grader's command)."""

    __tablename__ = "exercise_submission"
    __table_args__ = (
        Index("ix_exercise_submission_user_id_exercise_id", "user_id", "exercise_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"))
    exercise_id: Mapped[str] = mapped_column(String(QUESTION_ID_LENGTH))
    verdict: Mapped[str] = mapped_column(String(32))
    details: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    duration_ms: Mapped[int | None]
    submitted_at: Mapped[datetime] = mapped_column(UTCDateTime)


from trainer.store import models_fsrs as _fsrs  # noqa: E402,F401  (tables in Base.metadata)
from trainer.store import models_reports as _reports  # noqa: E402,F401  (tables in Base.metadata)

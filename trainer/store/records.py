"""Writes that front ends and the study service ask for outside reviews: a finished mock exam,
and the learner's settings. They live here so that `trainer.reports` only reads."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from trainer.store.models_reports import ExamAttempt, UserSetting

if TYPE_CHECKING:
    from trainer.store.repository import Store


def get_setting(store: Store, user_id: int, key: str) -> str | None:
    query = select(UserSetting.value).where(UserSetting.user_id == user_id, UserSetting.key == key)
    with store.reading() as session:
        value: str | None = session.scalar(query)
    return value


def set_setting(store: Store, user_id: int, key: str, value: str | None) -> None:
    """Set (or with None, remove) one setting."""
    now = datetime.now(UTC)
    with store.writing() as session:
        row = session.scalar(
            select(UserSetting).where(UserSetting.user_id == user_id, UserSetting.key == key)
        )
        if value is None:
            if row is not None:
                session.delete(row)
        elif row is None:
            session.add(UserSetting(user_id=user_id, key=key, value=value, updated_at=now))
        else:
            row.value = value
            row.updated_at = now


def save_exam_attempt(
    store: Store,
    user_id: int,
    *,
    started_at: datetime,
    finished_at: datetime,
    time_limit_s: int,
    questions: int,
    answered: int,
    correct: int,
    areas: dict[str, dict[str, int]],
    items: list[dict[str, Any]],
) -> int:
    """Store one finished mock exam; returns its id."""
    with store.writing() as session:
        row = ExamAttempt(
            user_id=user_id,
            started_at=started_at,
            finished_at=finished_at,
            time_limit_s=time_limit_s,
            questions=questions,
            answered=answered,
            correct=correct,
            score=correct / questions if questions else 0.0,
            areas=areas,
            items=items,
        )
        session.add(row)
        session.flush()
        attempt_id: int = row.id
    return attempt_id

"""Scheduling: FSRS behind plain dataclasses, the session queue and the rating rules.

Pure on purpose: nothing here imports the database or the UI, so the rules can be tested with
hypothesis in milliseconds and reused by the TUI, the line-mode quiz and the reports alike.
"""

from trainer.scheduling.fsrs_adapter import (
    CardState,
    ReviewEvent,
    Scheduler,
    SchedulerConfig,
    State,
)
from trainer.scheduling.queue import (
    NEW_ORDERS,
    CardInfo,
    QuestionInfo,
    QueueItem,
    QueuePlan,
    build_queue,
    plan_queue,
)
from trainer.scheduling.rating import (
    DEFAULT_LEECH_THRESHOLD,
    Rating,
    is_leech,
    parse_rating,
    rating_for,
)

__all__ = [
    "DEFAULT_LEECH_THRESHOLD",
    "NEW_ORDERS",
    "CardInfo",
    "CardState",
    "QuestionInfo",
    "QueueItem",
    "QueuePlan",
    "Rating",
    "ReviewEvent",
    "Scheduler",
    "SchedulerConfig",
    "State",
    "build_queue",
    "is_leech",
    "parse_rating",
    "plan_queue",
    "rating_for",
]

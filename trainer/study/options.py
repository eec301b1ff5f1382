"""What a session asks for; importable without the bank, the scheduler or the database."""

from __future__ import annotations

from dataclasses import dataclass

DEFAULT_NEW_LIMIT = 20


@dataclass(frozen=True)
class SessionOptions:
    topic: str | None = None  # a topic path prefix, e.g. deep_learning/cnn
    limit: int | None = None  # at most this many questions
    new_limit: int = DEFAULT_NEW_LIMIT  # new questions per day

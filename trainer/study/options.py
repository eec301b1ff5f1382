"""What a session or a mock exam asks for; importable without the bank, the scheduler or the
database."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SessionOptions:
    topic: str | None = None  # a topic as --topic takes it: 3-4, cnn, 3_dl_fundamentals/3-4_cnn
    limit: int | None = None  # at most this many questions
    # None: the learner's settings (new-per-day, reviews-per-day, learn-ahead, new-order).
    new_limit: int | None = None  # new questions per day
    review_limit: int | None = None  # reviews per day
    learn_ahead_minutes: int | None = None  # (re)learning steps due this soon are asked now
    new_order: str | None = None  # interleaved, syllabus or random
    # Only this question, due or not, new or not, outside the daily limits (`trainer quiz
    # --question ID`); its answer is recorded as a review like any other.
    question: str | None = None


# The framework a candidate chooses at the start of the exam (PyTorch here; TensorFlow is not
# offered), or none: NumPy items are for everyone.
FRAMEWORKS = ("pytorch", "none")
DEFAULT_EXAM_QUESTIONS = 100  # as the real exam: about 100 items
DEFAULT_EXAM_MINUTES = 120  # in 120 minutes


@dataclass(frozen=True)
class ExamOptions:
    questions: int = DEFAULT_EXAM_QUESTIONS
    minutes: int = DEFAULT_EXAM_MINUTES
    seed: int | None = None  # the draw (None: a new one)
    framework: str = "pytorch"  # whose code items are asked: "pytorch" or "none" (NumPy only)

"""FSRS (the `fsrs` package, as Anki uses it) behind plain, immutable dataclasses.

Why a wrapper rather than `fsrs.Card` everywhere:

- `fsrs` has no "new" state; we count reviews (`reps`) so a never-reviewed card is `reps == 0`.
- `fsrs` accepts only `datetime.timezone.utc`; we convert any aware datetime and refuse naive ones.
- `fsrs` fuzzes intervals with the module-global `random`; we turn its fuzz off and apply the same
  fuzz ranges with a generator seeded by (card id, review count), as Anki does, so a replay of the
  review log rebuilds exactly the stored state and tests are reproducible.
- `fsrs.Card()` without an id sleeps 1 ms to invent one; we always pass the database id.
"""

from __future__ import annotations

import random
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from enum import IntEnum

import fsrs
from fsrs.scheduler import DEFAULT_PARAMETERS, FUZZ_RANGES

from trainer.scheduling.rating import DEFAULT_LEECH_THRESHOLD, Rating


class State(IntEnum):
    """FSRS learning states; the values are those of `fsrs.State`. "New" is `reps == 0`."""

    LEARNING = 1
    REVIEW = 2
    RELEARNING = 3


def as_utc(moment: datetime) -> datetime:
    """The same instant with `tzinfo=timezone.utc`; naive datetimes are refused, never guessed."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"naive datetime {moment.isoformat()}: give a timezone-aware one")
    return moment.astimezone(UTC)


@dataclass(frozen=True)
class CardState:
    """Everything the scheduler knows about one card; mirrors the store's card columns."""

    card_id: int
    state: State = State.LEARNING
    step: int | None = 0
    stability: float | None = None
    difficulty: float | None = None
    due: datetime | None = None  # None while new: new cards are introduced, not "due"
    last_review: datetime | None = None
    reps: int = 0
    lapses: int = 0

    @property
    def is_new(self) -> bool:
        return self.reps == 0


@dataclass(frozen=True)
class ReviewEvent:
    """One line of the review log, as far as scheduling cares."""

    rating: Rating
    reviewed_at: datetime
    duration_ms: int | None = None


def _default_learning_steps() -> tuple[timedelta, ...]:
    return (timedelta(minutes=1), timedelta(minutes=10))


def _default_relearning_steps() -> tuple[timedelta, ...]:
    return (timedelta(minutes=10),)


@dataclass(frozen=True)
class SchedulerConfig:
    """Scheduler settings. Defaults are Anki's and `fsrs`'s (desired retention 0.9)."""

    desired_retention: float = 0.9
    learning_steps: tuple[timedelta, ...] = field(default_factory=_default_learning_steps)
    relearning_steps: tuple[timedelta, ...] = field(default_factory=_default_relearning_steps)
    maximum_interval: int = 36500
    fuzz: bool = True
    leech_threshold: int = DEFAULT_LEECH_THRESHOLD
    parameters: tuple[float, ...] = DEFAULT_PARAMETERS

    def __post_init__(self) -> None:
        # Anki's accepted range; `fsrs` itself does not validate desired retention at all.
        if not 0.7 <= self.desired_retention <= 0.99:
            raise ValueError(
                f"desired retention must be between 0.7 and 0.99, not {self.desired_retention!r}"
            )
        if self.maximum_interval < 1:
            raise ValueError(f"maximum interval must be >= 1 day, not {self.maximum_interval!r}")
        if self.leech_threshold < 1:
            raise ValueError(f"leech threshold must be >= 1, not {self.leech_threshold!r}")


class Scheduler:
    """Reviews cards with FSRS; deterministic for a given card state, rating and time."""

    def __init__(self, config: SchedulerConfig | None = None) -> None:
        self.config = config or SchedulerConfig()
        self._fsrs = fsrs.Scheduler(
            parameters=self.config.parameters,
            desired_retention=self.config.desired_retention,
            learning_steps=self.config.learning_steps,
            relearning_steps=self.config.relearning_steps,
            maximum_interval=self.config.maximum_interval,
            enable_fuzzing=False,  # fuzz is ours, seeded per card (see module docstring)
        )

    def review(self, card: CardState, rating: Rating, at: datetime) -> CardState:
        """The card's state after being rated `rating` at `at`; `card` itself is not changed."""
        at = as_utc(at)
        before = fsrs.Card(
            card_id=card.card_id,
            state=fsrs.State(int(card.state)),
            step=card.step,
            stability=card.stability,
            difficulty=card.difficulty,
            due=card.due or at,
            last_review=card.last_review,
        )
        after, _ = self._fsrs.review_card(before, fsrs.Rating(int(rating)), review_datetime=at)
        due: datetime = after.due
        if self.config.fuzz and after.state == fsrs.State.Review:
            # With fsrs's fuzz off, a Review-state interval is a whole number of days.
            days = (due - at).days
            due = at + timedelta(days=self.fuzzed_days(days, card_id=card.card_id, reps=card.reps))
        lapsed = card.state == State.REVIEW and rating == Rating.AGAIN
        return CardState(
            card_id=card.card_id,
            state=State(int(after.state)),
            step=after.step,
            stability=after.stability,
            difficulty=after.difficulty,
            due=due,
            last_review=at,
            reps=card.reps + 1,
            lapses=card.lapses + int(lapsed),
        )

    def preview(self, card: CardState, at: datetime) -> dict[Rating, CardState]:
        """The state each rating would lead to (for showing intervals next to the buttons)."""
        return {rating: self.review(card, rating, at) for rating in Rating}

    def replay(self, card_id: int, events: Iterable[ReviewEvent]) -> CardState:
        """Rebuild a card's state from its review log alone (stable-sorted by time)."""
        state = CardState(card_id=card_id)
        for event in sorted(events, key=lambda e: as_utc(e.reviewed_at)):
            state = self.review(state, event.rating, event.reviewed_at)
        return state

    def retrievability(self, card: CardState, at: datetime) -> float:
        """Predicted probability of recall at `at` (0 for a card never reviewed)."""
        if card.is_new:
            return 0.0
        probe = fsrs.Card(
            card_id=card.card_id,
            state=fsrs.State(int(card.state)),
            step=card.step,
            stability=card.stability,
            difficulty=card.difficulty,
            due=card.due or as_utc(at),
            last_review=card.last_review,
        )
        return float(self._fsrs.get_card_retrievability(probe, current_datetime=as_utc(at)))

    def is_leech(self, card: CardState) -> bool:
        return card.lapses >= self.config.leech_threshold

    def fuzzed_days(self, days: int, *, card_id: int, reps: int) -> int:
        """`days` moved within fsrs's (and Anki's) fuzz range, chosen by (card id, review count).

        Same ranges as `fsrs.Scheduler._get_fuzzed_interval`; the pick is uniform over the range,
        as in Anki (`fsrs` rounds, which can overshoot the top of the range by one day).
        """
        if days < 2.5:
            return days
        delta = 1.0
        for fuzz_range in FUZZ_RANGES:
            delta += fuzz_range["factor"] * max(
                min(float(days), fuzz_range["end"]) - fuzz_range["start"], 0.0
            )
        high = min(round(days + delta), self.config.maximum_interval)
        low = min(max(2, round(days - delta)), high)
        return random.Random(f"fsrs-fuzz:{card_id}:{reps}").randint(low, high)

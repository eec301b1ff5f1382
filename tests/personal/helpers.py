"""Simulated learners written into a store: cards (state rebuilt by replay) and their review log."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

from fsrs.scheduler import DEFAULT_PARAMETERS

from trainer.scheduling import Rating, ReviewEvent, Scheduler
from trainer.scheduling.simulated import SimulatedReview, simulate_learner
from trainer.store.models import Card, ReviewLog
from trainer.store.repository import Store

# A learner who forgets new material much faster than the defaults assume and whose memory
# decays along a steeper curve: what a fit should discover.
SLOW_START = list(DEFAULT_PARAMETERS)
SLOW_START[0:4] = [0.1, 0.5, 1.2, 4.0]
SLOW_START[8] = 1.2
SLOW_START[11] = 1.0
SLOW_START[20] = 0.5

# A learner who remembers better than the defaults assume.
STRONG = list(DEFAULT_PARAMETERS)
STRONG[0:4] = [1.5, 3.0, 6.0, 15.0]
STRONG[8] = 2.2
STRONG[20] = 0.3


def learner_log(
    true: Sequence[float],
    *,
    reviews: int,
    seed: int,
    cards: int = 3000,
    start: datetime | None = None,
) -> list[SimulatedReview]:
    return simulate_learner(
        true,
        scheduled_with=DEFAULT_PARAMETERS,
        cards=cards,
        days=2000,
        new_per_day=15,
        seed=seed,
        max_reviews=reviews,
        start=start or datetime(2026, 1, 1, 9, tzinfo=UTC),
    )


def write_log(
    store: Store, user_id: int, log: Sequence[SimulatedReview], names: Sequence[str] = ()
) -> None:
    """Cards (question `names[n]`, else `q{n}`) with their state replayed from `log`, and every
    review in the log."""
    scheduler = Scheduler()
    by_card: dict[int, list[SimulatedReview]] = {}
    for review in log:
        by_card.setdefault(review.card_id, []).append(review)
    with store.writing() as session:
        for card_id, history in by_card.items():
            state = scheduler.replay(
                card_id, [ReviewEvent(Rating(r.rating), r.reviewed_at) for r in history]
            )
            card = Card(
                user_id=user_id,
                question_id=names[card_id] if names else f"q{card_id}",
                state=int(state.state),
                step=state.step,
                stability=state.stability,
                difficulty=state.difficulty,
                due=state.due,
                last_review=state.last_review,
                first_review=history[0].reviewed_at,
                reps=state.reps,
                lapses=state.lapses,
            )
            session.add(card)
            session.flush()
            session.add_all(
                ReviewLog(
                    card_id=card.id,
                    rating=r.rating,
                    answer="",
                    correct=r.rating > 1,
                    seed=0,
                    duration_ms=r.duration_ms,
                    reviewed_at=r.reviewed_at,
                )
                for r in history
            )

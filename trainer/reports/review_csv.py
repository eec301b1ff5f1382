"""The learner's review log in the FSRS optimizer's schema, for the FSRS community's tools.

One row per review, oldest first, with the columns the FSRS optimizer (and the srs-benchmark)
read: `card_id` (the store's card id), `review_time` (milliseconds since the Unix epoch, UTC),
`review_rating` (1 Again, 2 Hard, 3 Good, 4 Easy), `review_state` (the card's state *before* the
review: 0 New, 1 Learning, 2 Review, 3 Relearning) and `review_duration` (milliseconds; 0 where
the time was not recorded, as Anki writes it).

The log does not store the state; it is rebuilt by replaying each card's reviews with the
scheduler (the state follows from the ratings and the learning steps alone).
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    from trainer.store.repository import Store, StoredReview

HEADER = ("card_id", "review_time", "review_rating", "review_state", "review_duration")
NEW = 0


@dataclass(frozen=True)
class ReviewRow:
    card_id: int
    review_time: int  # ms since the epoch
    review_rating: int
    review_state: int  # before the review: 0 new, 1 learning, 2 review, 3 relearning
    review_duration: int  # ms, 0 if unknown

    def as_tuple(self) -> tuple[int, int, int, int, int]:
        return (
            self.card_id,
            self.review_time,
            self.review_rating,
            self.review_state,
            self.review_duration,
        )


def epoch_ms(moment: datetime) -> int:
    """An instant in ms since the epoch; a naive one read as UTC (as the store keeps them)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return round(moment.timestamp() * 1000)


def review_rows(reviews: Iterable[StoredReview]) -> list[ReviewRow]:
    """The rows for `reviews` (any order, any cards): each card's reviews replayed in time
    order to find the state before each one; the result sorted by time, then card."""
    from trainer.scheduling import CardState, Scheduler, SchedulerConfig

    scheduler = Scheduler(SchedulerConfig(fuzz=False))
    by_card: dict[int, list[StoredReview]] = {}
    for review in reviews:
        by_card.setdefault(review.card_id, []).append(review)
    rows = []
    for card_id, logged in by_card.items():
        logged.sort(key=lambda r: (epoch_ms(r.reviewed_at), r.id))
        state = CardState(card_id=card_id)
        for review in logged:
            before = NEW if state.is_new else int(state.state)
            rows.append(
                ReviewRow(
                    card_id,
                    epoch_ms(review.reviewed_at),
                    int(review.rating),
                    before,
                    max(0, review.duration_ms or 0),
                )
            )
            state = scheduler.review(state, review.rating, review.reviewed_at)
    rows.sort(key=lambda row: (row.review_time, row.card_id))
    return rows


def user_review_rows(store: Store, user_id: int) -> list[ReviewRow]:
    """Every review of one learner, as rows of the FSRS schema."""
    return review_rows(review for _, review in store.user_reviews(user_id))


def write_csv(rows: Iterable[ReviewRow], file: TextIO) -> int:
    """Write the header and `rows` as CSV; returns the number of rows."""
    writer = csv.writer(file, lineterminator="\n")
    writer.writerow(HEADER)
    count = 0
    for row in rows:
        writer.writerow(row.as_tuple())
        count += 1
    return count

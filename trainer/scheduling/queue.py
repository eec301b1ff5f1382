"""The questions of one study session, in the order they are asked.

Choice of questions: due cards first (most overdue first), then new questions up to the daily
new limit (new cards already introduced today count against it), taken from each topic in turn
and in bank order within a topic, all cut to the session limit. Order: topics are interleaved,
because mixing topics helps telling similar problems apart; within a topic the priority order
is kept. Pure: plain data in and out.
"""

from __future__ import annotations

import heapq
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, tzinfo
from itertools import islice

DEFAULT_NEW_LIMIT = 20
DAY_ROLLOVER_HOUR = 4  # as in Anki: a session at 1 AM still belongs to the day before


@dataclass(slots=True)
class CardInfo:
    """What the queue needs to know about a stored card (one per card: slots, not frozen, as
    frozen dataclasses cost 3-4 times more to create and a queue reads thousands of these)."""

    question_id: str
    due: datetime | None
    reps: int
    suspended: bool = False

    @property
    def is_new(self) -> bool:
        return self.reps == 0


@dataclass(frozen=True)
class QuestionInfo:
    """A question of the bank, by id and topic path (e.g. `deep_learning/cnn/padding`)."""

    question_id: str
    topic: str


@dataclass(frozen=True)
class QueueItem:
    question_id: str
    topic: str
    is_new: bool
    due: datetime | None


def day_start(now: datetime, *, tz: tzinfo | None = None) -> datetime:
    """The start (in UTC) of the study day containing `now`, in `tz` (default: local time)."""
    local = now.astimezone(tz)
    start = local.replace(hour=DAY_ROLLOVER_HOUR, minute=0, second=0, microsecond=0)
    if local < start:
        start -= timedelta(days=1)
    return start.astimezone(UTC)


def topic_matches(topic: str, prefix: str) -> bool:
    """Prefix match on whole path segments: `deep_learning/cnn` matches `deep_learning/cnn/pad`."""
    prefix = prefix.strip("/")
    return topic == prefix or topic.startswith(prefix + "/")


def build_queue(
    cards: Iterable[CardInfo],
    questions: Iterable[QuestionInfo],
    now: datetime,
    *,
    new_limit: int = DEFAULT_NEW_LIMIT,
    new_today: int = 0,
    topic: str | None = None,
    limit: int | None = None,
) -> list[QueueItem]:
    """Today's session: due cards, then new ones, interleaved by topic, at most `limit` items.

    Cards whose question is not in `questions` (removed from the bank, or outside `topic`) and
    suspended cards (leeches) are left out.
    """
    topics: dict[str, str] = {}
    for question in questions:
        if topic is None or topic_matches(question.topic, topic):
            topics.setdefault(question.question_id, question.topic)
    known: dict[str, CardInfo] = {}
    for card in cards:
        if card.question_id in topics:
            known[card.question_id] = card

    due = sorted(
        (
            card
            for card in known.values()
            if not card.suspended and not card.is_new and card.due is not None and card.due <= now
        ),
        key=lambda card: (card.due, card.question_id),
    )
    chosen = [QueueItem(c.question_id, topics[c.question_id], False, c.due) for c in due]
    new_allowed = max(0, new_limit - new_today)
    if limit is not None:
        new_allowed = min(new_allowed, max(0, limit - len(chosen)))
        chosen = chosen[:limit]
    unseen: dict[str, list[str]] = {}
    for question_id, question_topic in topics.items():
        existing = known.get(question_id)
        if existing is None or (existing.is_new and not existing.suspended):
            unseen.setdefault(question_topic, []).append(question_id)
    for question_id, question_topic in islice(_round_robin(unseen), new_allowed):
        chosen.append(QueueItem(question_id, question_topic, True, None))
    return interleave(chosen)


def _round_robin(lanes: dict[str, list[str]]) -> Iterator[tuple[str, str]]:
    """(question, topic) taking one question per topic in turn, each topic in bank order."""
    for rank in range(max((len(ids) for ids in lanes.values()), default=0)):
        for topic, ids in lanes.items():
            if rank < len(ids):
                yield ids[rank], topic


def interleave(items: Sequence[QueueItem]) -> list[QueueItem]:
    """Reorder so that no two neighbours share a topic wherever that is possible.

    Greedy: take the highest-priority item (earliest in `items`) whose topic differs from the
    previous one, unless one topic holds more than half of what is left; then that topic must go
    now or it could no longer be spread out. This keeps every arrangement that exists, keeps the
    order within a topic, and costs O(n log topics).
    """
    lanes: dict[str, deque[int]] = {}
    for index, item in enumerate(items):
        lanes.setdefault(item.topic, deque()).append(index)
    heap = [(lane[0], name) for name, lane in lanes.items()]
    heapq.heapify(heap)
    largest = max((len(lane) for lane in lanes.values()), default=0)
    result: list[QueueItem] = []
    previous: str | None = None
    remaining = len(items)
    while remaining:
        chosen: str | None = None
        if remaining < 2 * largest + 2:  # only then can one topic hold more than half
            crowded = max(lanes, key=lambda name: len(lanes[name]))
            if crowded != previous and len(lanes[crowded]) > remaining // 2:
                chosen = crowded
        if chosen is None:
            chosen = _best_lane(heap, lanes, exclude=previous) or previous
        assert chosen is not None
        lane = lanes[chosen]
        result.append(items[lane.popleft()])
        if lane:
            heapq.heappush(heap, (lane[0], chosen))
        else:
            del lanes[chosen]
        previous = chosen
        remaining -= 1
    return result


def _best_lane(
    heap: list[tuple[int, str]], lanes: dict[str, deque[int]], *, exclude: str | None
) -> str | None:
    """The topic whose next item comes first, other than `exclude`; drops stale heap entries."""
    skipped: list[tuple[int, str]] = []
    found: str | None = None
    while heap:
        head, name = heap[0]
        lane = lanes.get(name)
        if not lane or lane[0] != head:
            heapq.heappop(heap)  # stale: that item was already taken
            continue
        if name == exclude:
            skipped.append(heapq.heappop(heap))
            continue
        found = name
        break
    for entry in skipped:
        heapq.heappush(heap, entry)
    return found

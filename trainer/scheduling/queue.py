"""The questions of one study session, in the order they are asked.

Choice of questions: due cards first (most overdue first; cards due within the learn-ahead window
count as due, so a learning step that falls due during the session comes back in it), up to the
daily review limit; then new questions up to the daily new limit (cards already reviewed or
introduced today count against these limits), all cut to the session limit.

Order of new questions (`new_order`): `syllabus` follows the syllabus, foundations before
applications; `interleaved` (the default) follows it within each exam result area and takes the
areas in turn, because mixing subjects helps telling similar problems apart; `random` shuffles.

Final order: topics are interleaved so that as few neighbours as possible share a topic. Due
cards keep their priority order within a topic and come before new ones where that costs no extra
neighbours; new cards keep the order chosen above as a whole, so the interleaving only slots due
cards between them. Pure: plain data in and out.
"""

from __future__ import annotations

import heapq
import random
from collections import Counter, deque
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, tzinfo
from itertools import pairwise
from operator import itemgetter

from trainer.bank.topics import in_topic

DEFAULT_NEW_LIMIT = 20
DAY_ROLLOVER_HOUR = 4  # as in Anki: a session at 1 AM still belongs to the day before
DEFAULT_LEARN_AHEAD = timedelta(minutes=20)  # Anki's default learn-ahead limit
NEW_ORDERS = ("interleaved", "syllabus", "random")


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
    """A question of the bank, by id and topic path (its syllabus section, e.g.
    `3_dl_fundamentals/3-4_cnn`; `legacy_topic`: the old path a `--topic` alias may name).

    `area` is the exam result area (`applied_math`, `machine_learning`, `deep_learning`,
    `dev_env`) and `rank` the question's place along the syllabus (see
    `trainer.bank.syllabus.syllabus_rank`); both order new cards. Without a rank, questions
    follow the ranked ones in the order given; without an area, each topic is its own lane.
    """

    question_id: str
    topic: str
    area: str = ""
    rank: int | None = None
    legacy_topic: str | None = None


@dataclass(frozen=True)
class QueueItem:
    question_id: str
    topic: str
    is_new: bool
    due: datetime | None


@dataclass(frozen=True)
class QueuePlan:
    """A session's queue with the counts that tell the learner when a limit shortened it.

    `*_available` counts what could be asked now (due within the learn-ahead window, or never
    seen), `*_allowed` what the limits let into `items`. `review_quota` and `new_quota` are what
    the daily limits still allow today (`review_quota` None: no review limit), so a caller can
    tell a daily limit (allowed == quota) from the session limit.
    """

    items: list[QueueItem]
    due_available: int
    due_allowed: int
    new_available: int
    new_allowed: int
    review_quota: int | None
    new_quota: int

    @property
    def due_held_back(self) -> int:
        return self.due_available - self.due_allowed

    @property
    def new_held_back(self) -> int:
        return self.new_available - self.new_allowed


def day_start(now: datetime, *, tz: tzinfo | None = None) -> datetime:
    """The start (in UTC) of the study day containing `now`, in `tz` (default: local time)."""
    local = now.astimezone(tz)
    start = local.replace(hour=DAY_ROLLOVER_HOUR, minute=0, second=0, microsecond=0)
    if local < start:
        start -= timedelta(days=1)
    return start.astimezone(UTC)


def plan_queue(
    cards: Iterable[CardInfo],
    questions: Iterable[QuestionInfo],
    now: datetime,
    *,
    new_limit: int = DEFAULT_NEW_LIMIT,
    new_today: int = 0,
    topic: str | None = None,
    limit: int | None = None,
    new_order: str = "interleaved",
    seed: int | None = None,
    learn_ahead: timedelta = DEFAULT_LEARN_AHEAD,
    review_limit: int | None = None,
    reviews_today: int = 0,
) -> QueuePlan:
    """Today's session: due cards, then new ones in `new_order`, at most `limit` items.

    Cards whose question is not in `questions` (removed from the bank, or outside `topic`) and
    suspended cards (leeches) are left out. A card counts as due when its due date is at most
    `now + learn_ahead`; the caller must read due dates up to that instant. `seed` drives the
    `random` order (None: a fresh shuffle each time).
    """
    check_new_order(new_order)
    infos: dict[str, QuestionInfo] = {}
    for question in questions:
        if topic is None or in_topic(question.topic, question.legacy_topic, topic):
            infos.setdefault(question.question_id, question)
    known: dict[str, CardInfo] = {}
    for card in cards:
        if card.question_id in infos:
            known[card.question_id] = card

    horizon = now + learn_ahead
    due = sorted(
        (
            card
            for card in known.values()
            if not card.suspended
            and not card.is_new
            and card.due is not None
            and card.due <= horizon
        ),
        key=lambda card: (card.due, card.question_id),
    )
    review_quota = None if review_limit is None else max(0, review_limit - reviews_today)
    new_quota = max(0, new_limit - new_today)
    due_room = len(due) if review_quota is None else min(len(due), review_quota)
    if limit is not None:
        due_room = min(due_room, max(0, limit))
    taken = [
        QueueItem(c.question_id, infos[c.question_id].topic, False, c.due) for c in due[:due_room]
    ]

    unseen = [
        info
        for question_id, info in infos.items()
        if (stored := known.get(question_id)) is None or (stored.is_new and not stored.suspended)
    ]
    new_room = new_quota
    if limit is not None:
        new_room = min(new_room, max(0, limit - len(taken)))
    fresh = [
        QueueItem(info.question_id, info.topic, True, None)
        for info in order_new(unseen, new_order, seed=seed)[:new_room]
    ]
    return QueuePlan(
        items=_merge(taken, fresh),
        due_available=len(due),
        due_allowed=len(taken),
        new_available=len(unseen),
        new_allowed=len(fresh),
        review_quota=review_quota,
        new_quota=new_quota,
    )


def build_queue(
    cards: Iterable[CardInfo],
    questions: Iterable[QuestionInfo],
    now: datetime,
    *,
    new_limit: int = DEFAULT_NEW_LIMIT,
    new_today: int = 0,
    topic: str | None = None,
    limit: int | None = None,
    new_order: str = "interleaved",
    seed: int | None = None,
    learn_ahead: timedelta = DEFAULT_LEARN_AHEAD,
    review_limit: int | None = None,
    reviews_today: int = 0,
) -> list[QueueItem]:
    """The items of `plan_queue`, for callers that do not report the limits."""
    return plan_queue(
        cards,
        questions,
        now,
        new_limit=new_limit,
        new_today=new_today,
        topic=topic,
        limit=limit,
        new_order=new_order,
        seed=seed,
        learn_ahead=learn_ahead,
        review_limit=review_limit,
        reviews_today=reviews_today,
    ).items


def check_new_order(new_order: str) -> None:
    """Raise ValueError naming the choices, so a typo in a setting is not a silent default."""
    if new_order not in NEW_ORDERS:
        raise ValueError(
            f"unknown new-card order {new_order!r}: choose one of {', '.join(NEW_ORDERS)}"
        )


def order_new(
    questions: Sequence[QuestionInfo], new_order: str, *, seed: int | None = None
) -> list[QuestionInfo]:
    """`questions` in the order new cards are introduced (see the module docstring)."""
    check_new_order(new_order)
    ranked = [question for _, question in sorted(enumerate(questions), key=_along_syllabus)]
    if new_order == "syllabus":
        return ranked
    if new_order == "random":
        random.Random(seed).shuffle(ranked)
        return ranked
    lanes: dict[str, list[QuestionInfo]] = {}  # in the order of each lane's first question
    for question in ranked:
        lanes.setdefault(question.area or question.topic, []).append(question)
    return [
        lane[turn]
        for turn in range(max(map(len, lanes.values()), default=0))
        for lane in lanes.values()
        if turn < len(lane)
    ]


def _along_syllabus(placed: tuple[int, QuestionInfo]) -> tuple[int, int, int]:
    """Sort key: by rank, then by place in the input; unranked questions after ranked ones."""
    place, question = placed
    return (0, question.rank, place) if question.rank is not None else (1, 0, place)


def interleave(items: Sequence[QueueItem]) -> list[QueueItem]:
    """Reorder so that no two neighbours share a topic wherever that is possible.

    Greedy: take the highest-priority item (earliest in `items`) whose topic differs from the
    previous one, unless one topic holds more than half of what is left; then that topic must go
    now or it could no longer be spread out. This keeps every arrangement that exists, keeps the
    order within a topic, and costs O(n log topics).
    """
    return _Merge(items, ()).run()


def _merge(free: Sequence[QueueItem], chain: Sequence[QueueItem]) -> list[QueueItem]:
    """Interleave `free` (kept in order within a topic) with `chain` (kept in order as a whole)."""
    return _Merge(free, chain).run()


class _Merge:
    """`interleave` of free items and a fixed chain (the new cards, in the order chosen for them).

    Each step takes the item after which the fewest same-topic neighbours are bound to follow,
    then the one whose topic differs from the previous, then a free item, then the earliest. The
    bound is the larger of two counts: a topic with c of the n items left cannot avoid 2c - n - 1
    neighbours; and each same-topic pair in the chain needs a free item of another topic between
    them (Hall's condition for matching those pairs to the free items left). Without a chain this
    is exactly the greedy described in `interleave`; with one it found an optimal order in every
    small case checked against brute force. The maxima behind the bound are only computed while
    the bound can be above zero, so a long queue costs O(n log topics) as before.
    """

    def __init__(self, free: Sequence[QueueItem], chain: Sequence[QueueItem]) -> None:
        self.free, self.chain = free, chain
        self.lanes: dict[str, deque[int]] = {}
        for index, item in enumerate(free):
            self.lanes.setdefault(item.topic, deque()).append(index)
        self.heap = [(lane[0], name) for name, lane in self.lanes.items()]
        heapq.heapify(self.heap)
        self.left = dict(Counter(item.topic for item in (*free, *chain)))  # items left, per topic
        # per topic: free items left plus same-topic pairs in the chain still to come
        self.need = dict(Counter(item.topic for item in free))
        self.pairs = 0  # same-topic pairs in the chain still to come
        for a, b in pairwise(chain):
            if a.topic == b.topic:
                self.need[a.topic] = self.need.get(a.topic, 0) + 1
                self.pairs += 1
        # Counts only fall, so the first maxima bound them for good.
        self.left_bound = max(self.left.values(), default=0)
        self.need_bound = max(self.need.values(), default=0)
        self.position = 0  # next chain item
        self.free_left = len(free)
        self.remaining = len(free) + len(chain)
        self.previous: str | None = None

    def run(self) -> list[QueueItem]:
        result: list[QueueItem] = []
        while self.remaining:
            result.append(self._take(self._choose()))
        return result

    def _choose(self) -> str | None:
        """The topic of the free lane to take from next, or None for the chain's next item."""
        head = self.chain[self.position].topic if self.position < len(self.chain) else None
        n, spare = self.remaining, self.free_left
        exact = not (self.need_bound < spare and 2 * self.left_bound <= n)
        if not exact and self.pairs + 2 <= spare:  # every bound is 0: only the topic matters
            first = _first_lane(self.heap, self.lanes, (self.previous,))
            if first is not None or (head is not None and head != self.previous):
                return first
            return self.previous
        if exact:  # otherwise every term that uses these maxima is <= 0 anyway
            need1, need_top, need2 = _top_two(self.need)
            left1, left_top, left2 = _top_two(self.left)
        else:
            need1 = need2 = self.need_bound
            left1 = left2 = self.left_bound
            need_top = left_top = None

        def need(topic: str) -> int:
            return self.need.get(topic, 0) if exact else self.need_bound

        def left(topic: str) -> int:
            return self.left.get(topic, 0) if exact else self.left_bound

        def after_free(topic: str) -> int:
            at_head = topic == head
            others_need = need2 if topic == need_top else need1
            others_left = left2 if topic == left_top else left1
            return max(
                0,
                self.pairs + at_head - spare + 1,
                others_need - spare + 1,
                need(topic) + at_head - spare,
                2 * others_left - n,
                2 * left(topic) - n - 1,
            )

        candidates: list[tuple[int, bool, bool, int, str | None]] = []
        special = (self.previous, head, need_top, left_top)
        first = _first_lane(self.heap, self.lanes, special)
        for topic in {*special, first}:
            if topic is not None and topic in self.lanes:
                cost = (topic == self.previous) + after_free(topic)
                candidates.append(
                    (cost, topic == self.previous, False, self.lanes[topic][0], topic)
                )
        if head is not None:
            others_left = left2 if head == left_top else left1
            after = max(
                0,
                self.pairs - spare,
                need1 - spare,
                2 * others_left - n,
                2 * left(head) - n - 1,
            )
            candidates.append(
                (int(head == self.previous) + after, head == self.previous, True, 0, None)
            )
        return min(candidates)[4]

    def _take(self, topic: str | None) -> QueueItem:
        if topic is None:
            item = self.chain[self.position]
            self.position += 1
            if self.position < len(self.chain) and self.chain[self.position].topic == item.topic:
                self.pairs -= 1
                _drop(self.need, item.topic)
        else:
            lane = self.lanes[topic]
            item = self.free[lane.popleft()]
            if lane:
                heapq.heappush(self.heap, (lane[0], topic))
            else:
                del self.lanes[topic]
            self.free_left -= 1
            _drop(self.need, topic)
        _drop(self.left, item.topic)
        self.previous = item.topic
        self.remaining -= 1
        return item


def _drop(counts: dict[str, int], topic: str) -> None:
    """One less of `topic`; zero counts are removed so the maxima scan only live topics."""
    count = counts[topic] - 1
    if count:
        counts[topic] = count
    else:
        del counts[topic]


def _top_two(counts: dict[str, int]) -> tuple[int, str | None, int]:
    """The largest count and its topic, and the second largest count (0 where missing)."""
    top = heapq.nlargest(2, counts.items(), key=itemgetter(1))
    if not top:
        return 0, None, 0
    return top[0][1], top[0][0], top[1][1] if len(top) > 1 else 0


def _first_lane(
    heap: list[tuple[int, str]], lanes: dict[str, deque[int]], exclude: tuple[str | None, ...]
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
        if name in exclude:
            skipped.append(heapq.heappop(heap))
            continue
        found = name
        break
    for entry in skipped:
        heapq.heappush(heap, entry)
    return found

"""The order new cards come in, the learn-ahead window and the daily limits of the session queue."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import cache
from itertools import pairwise

import pytest
from hypothesis import given
from hypothesis import strategies as st

from trainer.bank.loader import load_bank, load_syllabus
from trainer.bank.syllabus import syllabus_rank
from trainer.scheduling import NEW_ORDERS, CardInfo, QuestionInfo, QueueItem, plan_queue
from trainer.scheduling.queue import _merge, build_queue, order_new

NOW = datetime(2026, 5, 1, 12, 0, tzinfo=UTC)
AREAS = ("applied_math", "machine_learning", "deep_learning", "dev_env")


def q(qid: str, area: str, rank: int | None, topic: str | None = None) -> QuestionInfo:
    return QuestionInfo(qid, topic or f"{area}/t", area, rank)


def ids(items: list[QueueItem] | list[QuestionInfo]) -> list[str]:
    return [item.question_id for item in items]


def card(qid: str, minutes: float, *, reps: int = 2, suspended: bool = False) -> CardInfo:
    return CardInfo(qid, NOW + timedelta(minutes=minutes), reps, suspended)


# -- examples --------------------------------------------------------------------------------

# The bank in file order: advanced questions first, as in the issue.
FILE_ORDER = [
    q("gan", "deep_learning", 40),
    q("docker", "dev_env", 60),
    q("cnn", "deep_learning", 30),
    q("knn", "machine_learning", 20),
    q("svm", "machine_learning", 21),
    q("matrix", "applied_math", 0),
    q("entropy", "applied_math", 5),
]


def test_syllabus_order_puts_foundations_first() -> None:
    queue = build_queue([], FILE_ORDER, NOW, new_order="syllabus")
    assert ids(queue) == ["matrix", "entropy", "knn", "svm", "cnn", "gan", "docker"]


def test_interleaved_order_takes_the_areas_in_turn() -> None:
    queue = build_queue([], FILE_ORDER, NOW)  # the default
    assert ids(queue) == ["matrix", "knn", "cnn", "docker", "entropy", "svm", "gan"]
    assert ids(build_queue([], FILE_ORDER, NOW, new_limit=3)) == ["matrix", "knn", "cnn"]


def test_random_order_depends_only_on_the_seed() -> None:
    first = build_queue([], FILE_ORDER, NOW, new_order="random", seed=7)
    assert first == build_queue([], FILE_ORDER, NOW, new_order="random", seed=7)
    assert sorted(ids(first)) == sorted(ids(FILE_ORDER))


def test_an_unknown_order_is_refused_with_the_choices() -> None:
    assert NEW_ORDERS == ("interleaved", "syllabus", "random")
    with pytest.raises(ValueError, match=r"'topics'.*interleaved, syllabus, random"):
        build_queue([], FILE_ORDER, NOW, new_order="topics")


def test_unranked_questions_follow_the_ranked_ones_in_the_order_given() -> None:
    bank = [q("late", "applied_math", None), q("b", "applied_math", 2), q("a", "applied_math", 1)]
    assert ids(order_new(bank, "syllabus")) == ["a", "b", "late"]


def test_new_cards_keep_their_order_and_due_cards_split_same_topic_neighbours() -> None:
    bank = [q(f"m{i}", "applied_math", i, "applied_math/linear") for i in range(3)]
    bank += [q("x", "machine_learning", 50), q("y", "dev_env", 60)]
    cards = [card("x", -60), card("y", -30)]
    queue = build_queue(cards, bank, NOW, new_order="syllabus")
    assert ids(queue) == ["m0", "x", "m1", "y", "m2"]


def test_a_learning_step_due_within_the_window_comes_back() -> None:
    bank = [q(name, "applied_math", i) for i, name in enumerate(["now", "soon", "later", "new"])]
    cards = [card("now", -5), card("soon", 15), card("later", 25)]
    assert ids(build_queue(cards, bank, NOW, new_limit=0)) == ["now", "soon"]
    window = timedelta(minutes=30)
    assert ids(build_queue(cards, bank, NOW, new_limit=0, learn_ahead=window)) == [
        "now",
        "soon",
        "later",
    ]
    assert ids(build_queue(cards, bank, NOW, new_limit=0, learn_ahead=timedelta(0))) == ["now"]


def test_the_plan_says_which_limit_shortened_the_queue() -> None:
    bank = [q(f"d{i}", "applied_math", i) for i in range(5)]
    bank += [q(f"n{i}", "dev_env", 10 + i) for i in range(8)]
    cards = [card(f"d{i}", -100 + i) for i in range(5)]
    plan = plan_queue(cards, bank, NOW, review_limit=10, reviews_today=7, new_limit=6, new_today=1)
    assert [i.question_id for i in plan.items if not i.is_new] == ["d0", "d1", "d2"]
    assert (plan.due_available, plan.due_allowed, plan.review_quota) == (5, 3, 3)
    assert (plan.new_available, plan.new_allowed, plan.new_quota) == (8, 5, 5)
    assert (plan.due_held_back, plan.new_held_back) == (2, 3)
    session = plan_queue(cards, bank, NOW, limit=4)
    assert (session.due_allowed, session.new_allowed, session.review_quota) == (4, 0, None)


def test_syllabus_rank_follows_the_tree_then_the_bank() -> None:
    @dataclass(frozen=True)
    class Placed:
        id: str
        syllabus: str

    syllabus = load_syllabus()
    nodes = list(syllabus.entries)
    later, earlier = nodes[-1], nodes[1]
    questions = [Placed("a", later), Placed("b", "9-9-9"), Placed("c", earlier), Placed("d", later)]
    assert syllabus_rank(questions, syllabus) == {"c": 0, "a": 1, "d": 2, "b": 3}


def test_the_shipped_bank_starts_with_foundations_in_every_area() -> None:
    bank = load_bank()
    ranks = syllabus_rank(bank.questions.values(), bank.syllabus)
    infos = [
        QuestionInfo(x.id, x.topic, x.area.value, ranks[x.id]) for x in bank.questions.values()
    ]
    nodes = {node: place for place, node in enumerate(bank.syllabus.entries)}
    first = ids(build_queue([], infos, NOW))
    areas = [bank.questions[qid].area.value for qid in first]
    assert set(areas[:4]) == set(AREAS)
    for area in AREAS:
        in_area = [
            nodes[bank.questions[qid].syllabus]
            for qid in first
            if bank.questions[qid].area.value == area
        ]
        assert in_area == sorted(in_area)
        assert in_area[0] == min(
            nodes[x.syllabus] for x in bank.questions.values() if x.area == area
        )
    along = ids(build_queue([], infos, NOW, new_order="syllabus"))
    placed = [nodes[bank.questions[qid].syllabus] for qid in along]
    assert placed == sorted(placed)


# -- laws ------------------------------------------------------------------------------------


@st.composite
def banks(draw: st.DrawFn) -> list[QuestionInfo]:
    count = draw(st.integers(0, 30))
    return [
        QuestionInfo(
            f"q{n}",
            f"{area}/{draw(st.sampled_from('ab'))}",
            area,
            draw(st.one_of(st.none(), st.integers(0, 40))),
        )
        for n in range(count)
        for area in [draw(st.sampled_from(AREAS))]
    ]


card_lists = st.lists(
    st.builds(
        CardInfo,
        st.integers(0, 35).map(lambda n: f"q{n}"),
        st.one_of(st.none(), st.integers(-90, 90).map(lambda m: NOW + timedelta(minutes=m))),
        st.integers(0, 3),
        st.booleans(),
    ),
    max_size=30,
)
orders = st.sampled_from(NEW_ORDERS)


def ranked(bank: list[QuestionInfo]) -> list[QuestionInfo]:
    """The bank along the syllabus, by a route other than the queue's own sort."""
    with_rank = [x for x in bank if x.rank is not None]
    return [
        *sorted(with_rank, key=lambda x: (x.rank, bank.index(x))),
        *(x for x in bank if x.rank is None),
    ]


@given(
    cards=card_lists,
    bank=banks(),
    order=orders,
    seed=st.integers(0, 3),
    limit=st.one_of(st.none(), st.integers(0, 25)),
    new_limit=st.integers(0, 25),
    new_today=st.integers(0, 5),
    review_limit=st.one_of(st.none(), st.integers(0, 15)),
    reviews_today=st.integers(0, 5),
    ahead=st.integers(0, 60).map(lambda m: timedelta(minutes=m)),
)
def test_plan_laws(
    cards: list[CardInfo],
    bank: list[QuestionInfo],
    order: str,
    seed: int,
    limit: int | None,
    new_limit: int,
    new_today: int,
    review_limit: int | None,
    reviews_today: int,
    ahead: timedelta,
) -> None:
    plan = plan_queue(
        cards,
        bank,
        NOW,
        new_order=order,
        seed=seed,
        limit=limit,
        new_limit=new_limit,
        new_today=new_today,
        review_limit=review_limit,
        reviews_today=reviews_today,
        learn_ahead=ahead,
    )
    stored = {c.question_id: c for c in cards}  # the last row of a question counts
    in_bank = {x.question_id for x in bank}
    due = sorted(
        (
            c
            for c in stored.values()
            if c.question_id in in_bank and c.reps and not c.suspended and c.due is not None
        ),
        key=lambda c: (c.due, c.question_id),
    )
    within = [c.question_id for c in due if c.due is not None and c.due <= NOW + ahead]
    unseen = [
        x
        for x in bank
        if x.question_id not in stored
        or (stored[x.question_id].reps == 0 and not stored[x.question_id].suspended)
    ]
    # Exactly the cards due within the learn-ahead window are available, the most urgent go in.
    room = len(within) if review_limit is None else max(0, review_limit - reviews_today)
    due_allowed = min(len(within), room, len(within) if limit is None else limit)
    assert (plan.due_available, plan.due_allowed) == (len(within), due_allowed)
    assert {i.question_id for i in plan.items if not i.is_new} == set(within[:due_allowed])
    topic_of = {x.question_id: x.topic for x in bank}
    for topic in set(topic_of.values()):  # within a topic, the most urgent first
        assert [i.question_id for i in plan.items if not i.is_new and i.topic == topic] == [
            qid for qid in within[:due_allowed] if topic_of[qid] == topic
        ]
    # New cards: the first ones of the chosen order, in that order, as many as the limits allow.
    new_room = max(0, new_limit - new_today)
    if limit is not None:
        new_room = min(new_room, limit - due_allowed)
    new_allowed = min(len(unseen), new_room)
    assert (plan.new_available, plan.new_allowed) == (len(unseen), new_allowed)
    chosen = order_new(unseen, order, seed=seed)
    assert [i.question_id for i in plan.items if i.is_new] == ids(chosen)[:new_allowed]
    assert len(plan.items) == due_allowed + new_allowed
    assert plan.items == build_queue(
        cards,
        bank,
        NOW,
        new_order=order,
        seed=seed,
        limit=limit,
        new_limit=new_limit,
        new_today=new_today,
        review_limit=review_limit,
        reviews_today=reviews_today,
        learn_ahead=ahead,
    )


@given(bank=banks())
def test_syllabus_order_is_the_syllabus(bank: list[QuestionInfo]) -> None:
    assert order_new(bank, "syllabus") == ranked(bank)


@given(bank=banks())
def test_interleaved_order_alternates_areas_along_the_syllabus(bank: list[QuestionInfo]) -> None:
    result = order_new(bank, "interleaved")
    assert sorted(ids(result)) == sorted(ids(bank))
    along = ranked(bank)
    for area in AREAS:  # within an area: along the syllabus
        assert [x for x in result if x.area == area] == [x for x in along if x.area == area]
    total = Counter(x.area for x in bank)
    taken: Counter[str] = Counter()
    for before, after in pairwise([None, *result]):
        assert after is not None
        open_areas = [a for a in total if taken[a] < total[a]]
        # Areas go in turn: the next card comes from an area taken least so far ...
        assert taken[after.area] == min(taken[a] for a in open_areas)
        # ... so neighbours differ in area while another area still has cards.
        if before is not None and len(open_areas) > 1:
            assert after.area != before.area
        taken[after.area] += 1


@given(bank=banks(), seed=st.integers())
def test_random_order_is_a_permutation_fixed_by_the_seed(
    bank: list[QuestionInfo], seed: int
) -> None:
    shuffled = order_new(bank, "random", seed=seed)
    assert shuffled == order_new(list(bank), "random", seed=seed)
    assert sorted(ids(shuffled)) == sorted(ids(bank))


def _fewest_neighbours(free: list[QueueItem], chain: list[QueueItem]) -> int:
    """Brute force: the fewest same-topic neighbours of any merge that keeps the chain's order
    and the order within each topic of the free items."""
    lanes: dict[str, list[QueueItem]] = {}
    for item in free:
        lanes.setdefault(item.topic, []).append(item)
    names = list(lanes)

    @cache
    def best(taken: tuple[int, ...], position: int, previous: str | None) -> int:
        options = [
            (previous == name) + best((*taken[:i], taken[i] + 1, *taken[i + 1 :]), position, name)
            for i, name in enumerate(names)
            if taken[i] < len(lanes[name])
        ]
        if position < len(chain):
            topic = chain[position].topic
            options.append((previous == topic) + best(taken, position + 1, topic))
        return min(options, default=0)

    return best(tuple(0 for _ in names), 0, None)


@given(
    free=st.lists(st.sampled_from("ABCD"), max_size=6),
    chain=st.lists(st.sampled_from("ABCD"), max_size=6),
)
def test_new_cards_keep_their_order_with_as_few_same_topic_neighbours_as_possible(
    free: list[str], chain: list[str]
) -> None:
    due_items = [QueueItem(f"d{i}", topic, False, None) for i, topic in enumerate(free)]
    new_items = [QueueItem(f"n{i}", topic, True, None) for i, topic in enumerate(chain)]
    merged = _merge(due_items, new_items)
    assert [i for i in merged if i.is_new] == new_items
    for topic in set(free):
        assert [i for i in merged if not i.is_new and i.topic == topic] == [
            i for i in due_items if i.topic == topic
        ]
    neighbours = sum(a.topic == b.topic for a, b in pairwise(merged))
    assert neighbours == _fewest_neighbours(due_items, new_items)

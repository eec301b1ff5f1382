"""The session queue: what is chosen, in which order, and the laws that hold for any input."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime, timedelta, timezone
from itertools import pairwise

from hypothesis import given
from hypothesis import strategies as st

from trainer.bank.topics import topic_matches
from trainer.scheduling import CardInfo, QuestionInfo, QueueItem, build_queue
from trainer.scheduling.queue import day_start, interleave

NOW = datetime(2026, 5, 1, 12, 0, tzinfo=UTC)


def q(qid: str, topic: str) -> QuestionInfo:
    return QuestionInfo(qid, topic)


def due(qid: str, days_ago: float, *, suspended: bool = False) -> CardInfo:
    return CardInfo(qid, NOW - timedelta(days=days_ago), reps=3, suspended=suspended)


def ids(queue: list[QueueItem]) -> list[str]:
    return [item.question_id for item in queue]


def test_due_cards_come_first_most_overdue_first_then_new_ones() -> None:
    bank = [q(f"q{i}", "a/x") for i in range(6)]
    cards = [due("q1", 1), due("q2", 5), due("q3", -2)]  # q3 is not due yet
    queue = build_queue(cards, bank, NOW, new_limit=2)
    assert ids(queue) == ["q2", "q1", "q0", "q4"]
    assert [item.is_new for item in queue] == [False, False, True, True]


def test_new_limit_counts_cards_started_today() -> None:
    bank = [q(f"q{i}", "a/x") for i in range(30)]
    assert len(build_queue([], bank, NOW)) == 20
    assert len(build_queue([], bank, NOW, new_today=15)) == 5
    assert build_queue([], bank, NOW, new_today=25) == []


def test_suspended_and_removed_questions_are_left_out() -> None:
    bank = [q("kept", "a/x"), q("leech", "a/x")]
    cards = [due("kept", 1), due("leech", 3, suspended=True), due("gone", 9)]
    assert ids(build_queue(cards, bank, NOW, new_limit=0)) == ["kept"]


def test_a_card_row_never_reviewed_is_still_new() -> None:
    bank = [q("a", "t/x")]
    queue = build_queue([CardInfo("a", None, reps=0)], bank, NOW)
    assert [(i.question_id, i.is_new) for i in queue] == [("a", True)]


def test_topic_filter_is_a_prefix_on_whole_segments() -> None:
    bank = [q("cnn", "deep_learning/cnn/pad"), q("rnn", "deep_learning/rnn"), q("ml", "ml/svm")]
    assert ids(build_queue([], bank, NOW, topic="deep_learning")) == ["cnn", "rnn"]
    assert ids(build_queue([], bank, NOW, topic="deep_learning/cnn/")) == ["cnn"]
    assert build_queue([], bank, NOW, topic="deep") == []
    assert topic_matches("a/b", "a/b") and not topic_matches("a/bc", "a/b")


def test_limit_keeps_the_most_urgent() -> None:
    bank = [q(f"q{i}", f"t/{i % 3}") for i in range(10)]
    cards = [due(f"q{i}", i) for i in range(5)]
    queue = build_queue(cards, bank, NOW, limit=3)
    assert sorted(ids(queue)) == ["q2", "q3", "q4"]


def test_new_questions_are_drawn_from_each_topic_in_turn() -> None:
    bank = [q(f"a{i}", "t/a") for i in range(5)] + [q(f"b{i}", "t/b") for i in range(5)]
    queue = build_queue([], bank, NOW, new_limit=4)
    assert ids(queue) == ["a0", "b0", "a1", "b1"]


def test_interleave_spreads_a_crowded_topic() -> None:
    items = [QueueItem(f"a{i}", "a", False, None) for i in range(3)] + [
        QueueItem(f"b{i}", "b", False, None) for i in range(2)
    ]
    assert ids(interleave(items)) == ["a0", "b0", "a1", "b1", "a2"]
    # B first by priority would strand two A's together: A must start.
    items = [QueueItem("b0", "b", False, None)] + [
        QueueItem(f"a{i}", "a", False, None) for i in range(2)
    ]
    assert ids(interleave(items)) == ["a0", "b0", "a1"]


def test_day_start_rolls_over_at_4_am_local_time() -> None:
    tokyo = timezone(timedelta(hours=9))
    late_night = datetime(2026, 5, 1, 17, 30, tzinfo=UTC)  # 02:30 on May 2nd in Tokyo
    assert day_start(late_night, tz=tokyo) == datetime(2026, 4, 30, 19, 0, tzinfo=UTC)
    morning = datetime(2026, 5, 1, 23, 0, tzinfo=UTC)  # 08:00 on May 2nd in Tokyo
    assert day_start(morning, tz=tokyo) == datetime(2026, 5, 1, 19, 0, tzinfo=UTC)


# -- laws ------------------------------------------------------------------------------------

topics = st.sampled_from(["a/x", "a/y", "b/z", "c/w/v"])
banks = st.lists(st.tuples(st.integers(0, 60).map(lambda n: f"q{n}"), topics), max_size=60).map(
    lambda pairs: [q(qid, topic) for qid, topic in pairs]
)
card_lists = st.lists(
    st.builds(
        CardInfo,
        st.integers(0, 70).map(lambda n: f"q{n}"),
        st.one_of(st.none(), st.integers(-30, 30).map(lambda d: NOW + timedelta(days=d))),
        st.integers(0, 5),
        st.booleans(),
    ),
    max_size=60,
)


@given(
    cards=card_lists,
    bank=banks,
    limit=st.one_of(st.none(), st.integers(0, 30)),
    new_limit=st.integers(0, 25),
    new_today=st.integers(0, 25),
    topic=st.one_of(st.none(), st.sampled_from(["a", "a/x", "b", "zz"])),
)
def test_queue_laws(
    cards: list[CardInfo],
    bank: list[QuestionInfo],
    limit: int | None,
    new_limit: int,
    new_today: int,
    topic: str | None,
) -> None:
    queue = build_queue(
        cards, bank, NOW, limit=limit, new_limit=new_limit, new_today=new_today, topic=topic
    )
    if limit is not None:
        assert len(queue) <= limit
    assert sum(item.is_new for item in queue) <= max(0, new_limit - new_today)
    chosen = ids(queue)
    assert len(chosen) == len(set(chosen))  # so never the same question twice in a row
    assert all(a != b for a, b in pairwise(chosen))
    in_bank = {b.question_id for b in bank}
    assert set(chosen) <= in_bank
    if topic is not None:
        assert all(topic_matches(item.topic, topic) for item in queue)
    for item in queue:
        if not item.is_new:
            assert item.due is not None and item.due <= NOW
    # Every due card that was left out is less overdue than every due card taken.
    taken_due = [item.due for item in queue if not item.is_new and item.due is not None]
    if taken_due and limit is not None and len(queue) == limit:
        latest_taken = max(taken_due)
        first_topic = {b.question_id: b.topic for b in reversed(bank)}
        for card in cards:
            eligible = (
                card.question_id in first_topic
                and (topic is None or topic_matches(first_topic[card.question_id], topic))
                and not card.suspended
                and card.reps > 0
                and card.due is not None
                and card.due <= NOW
            )
            if eligible and card.question_id not in chosen:
                assert card.due >= latest_taken


@given(st.lists(topics, max_size=40))
def test_interleave_alternates_whenever_possible(topic_list: list[str]) -> None:
    items = [QueueItem(f"q{i}", t, False, None) for i, t in enumerate(topic_list)]
    result = interleave(items)
    assert sorted(ids(result)) == sorted(ids(items))
    for name in set(topic_list):  # within a topic the priority order is kept
        assert [i.question_id for i in result if i.topic == name] == [
            i.question_id for i in items if i.topic == name
        ]
    counts = Counter(topic_list)
    if counts and max(counts.values()) <= (len(topic_list) + 1) // 2:
        assert all(a.topic != b.topic for a, b in pairwise(result))

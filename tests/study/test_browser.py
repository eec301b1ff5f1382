"""`trainer.study.browser`: every bank question with its card, the filters (search in ja and en,
topic, each state), leeches, buried and flagged cards, a card's detail with every review, and
the actions."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from trainer.bank.loader import Bank, load_bank
from trainer.scheduling import Rating, Scheduler, SchedulerConfig
from trainer.scheduling.queue import day_start
from trainer.store.cards import card_record
from trainer.store.repository import Answer, Store
from trainer.study.browser import (
    ACTIONS,
    STATES,
    BrowserError,
    act,
    browse,
    card_detail,
    detail_lines,
    short_prompt,
)


@pytest.fixture
def store(any_store: Store) -> Store:
    """Every test here runs on SQLite and on PostgreSQL 15."""
    return any_store


NUMERIC = "adv.vae-reparam-sigma"  # parametric: its prompt is a template
CHOICE = "adv.wgan"
EXPRESSION = "fam.bptt-through-time"
CNN = "adv4.resnet-variants"
NOW = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def bank() -> Bank:
    full = load_bank()
    ids = (NUMERIC, CHOICE, EXPRESSION, CNN)
    return Bank({qid: full.questions[qid] for qid in ids}, full.syllabus)


@pytest.fixture
def user(store: Store) -> int:
    return store.user_id("ann")


def review(
    store: Store,
    user: int,
    question_id: str,
    rating: Rating,
    at: datetime,
    *,
    scheduler: Scheduler | None = None,
    overridden: bool = False,
    seed: int = 5,
) -> None:
    correct = rating != Rating.AGAIN
    answer = Answer(question_id, rating, "x", correct, seed, 900, at, overridden=overridden)
    store.record_review(user, answer, scheduler or Scheduler())


def ids(cards: list[object]) -> list[str]:
    return [card.question_id for card in cards]  # type: ignore[attr-defined]


def test_every_question_is_listed_never_answered_ones_as_new(
    store: Store, user: int, bank: Bank
) -> None:
    cards = browse(store, bank, user, NOW)
    assert sorted(ids(cards)) == sorted(bank.questions)
    assert [c.topic for c in cards] == sorted(c.topic for c in cards)
    for card in cards:
        assert card.state == "new" and card.card_id is None and card.reps == 0
        assert card.due is None and card.retrievability is None and not card.is_due
        assert card.marks() == ()
    numeric = next(c for c in cards if c.question_id == NUMERIC)
    assert "{mu}" in numeric.prompt_ja and numeric.kind == "numeric"
    assert numeric.as_json()["id"] == NUMERIC
    assert card_record(store, user, NUMERIC) is None  # browsing creates no card


def test_states_learning_review_relearning_and_due(store: Store, user: int, bank: Bank) -> None:
    review(store, user, CHOICE, Rating.AGAIN, NOW)  # learning
    review(store, user, NUMERIC, Rating.EASY, NOW)  # straight to review
    review(store, user, EXPRESSION, Rating.EASY, NOW)
    later = NOW + timedelta(days=60)
    review(store, user, EXPRESSION, Rating.AGAIN, later)  # a lapse: relearning
    at = later + timedelta(minutes=30)
    cards = {c.question_id: c for c in browse(store, bank, user, at)}
    assert cards[CHOICE].state == "learning" and cards[CHOICE].reps == 1
    assert cards[NUMERIC].state == "review"
    assert cards[EXPRESSION].state == "relearning" and cards[EXPRESSION].lapses == 1
    assert cards[CNN].state == "new"
    assert cards[NUMERIC].stability is not None and cards[NUMERIC].difficulty is not None
    assert 0 < (cards[NUMERIC].retrievability or 0) < 1

    def listed(state: str) -> list[str]:
        return sorted(ids(browse(store, bank, user, at, state=state)))

    assert listed("new") == [CNN]
    assert listed("learning") == sorted([CHOICE, EXPRESSION])  # relearning counts as learning
    assert listed("review") == [NUMERIC]
    assert listed("due") == sorted([CHOICE, EXPRESSION, NUMERIC])  # NUMERIC: 60 days on
    assert listed("leech") == []
    # Due excludes suspended and buried cards.
    act(store, user, CHOICE, "suspend", at)
    act(store, user, NUMERIC, "bury", at)
    assert listed("due") == [EXPRESSION]
    assert listed("suspended") == [CHOICE]
    assert listed("buried") == [NUMERIC]


def test_search_in_both_languages_ids_and_topics(store: Store, user: int, bank: Bank) -> None:
    def found(text: str) -> list[str]:
        return sorted(ids(browse(store, bank, user, NOW, search=text)))

    assert found("WASSERSTEIN") == [CHOICE]  # case-insensitive, English prompt
    assert found("エンコーダ") == [NUMERIC]  # Japanese prompt
    assert found("reparam") == [NUMERIC]  # the id
    assert found("rnn/bptt") == [EXPRESSION]  # the topic
    assert found("  ") == sorted(bank.questions)  # blank: no filter
    assert found("no such text") == []


def test_topic_is_a_path_prefix_and_filters_combine(store: Store, user: int, bank: Bank) -> None:
    generative = browse(store, bank, user, NOW, topic="deep_learning/generative")
    assert sorted(ids(generative)) == sorted([NUMERIC, CHOICE])
    assert browse(store, bank, user, NOW, topic="deep_learning/gen") == []  # whole segments
    both = browse(store, bank, user, NOW, topic="deep_learning/generative", search="vae")
    assert ids(both) == [NUMERIC]
    assert browse(store, bank, user, NOW, topic="deep_learning", state="review") == []


def test_a_bad_state_is_refused_in_both_languages(store: Store, user: int, bank: Bank) -> None:
    with pytest.raises(BrowserError) as raised:
        browse(store, bank, user, NOW, state="sleeping")
    assert "sleeping" in raised.value.en and "flagged" in raised.value.en
    assert "sleeping" in raised.value.get("ja") and "状態" in raised.value.ja
    assert set(STATES) == {
        "new",
        "learning",
        "review",
        "due",
        "suspended",
        "buried",
        "flagged",
        "leech",
    }


def test_leech_follows_the_scheduler_threshold(store: Store, user: int, bank: Bank) -> None:
    strict = Scheduler(SchedulerConfig(leech_threshold=1))
    review(store, user, CHOICE, Rating.EASY, NOW, scheduler=strict)
    review(store, user, CHOICE, Rating.AGAIN, NOW + timedelta(days=30), scheduler=strict)
    at = NOW + timedelta(days=31)
    assert ids(browse(store, bank, user, at, state="leech", scheduler=strict)) == [CHOICE]
    assert browse(store, bank, user, at, state="leech") == []  # default threshold: 8
    card = browse(store, bank, user, at, search=CHOICE, scheduler=strict)[0]
    assert card.leech and card.suspended and card.marks() == ("suspended", "leech")


def test_bury_lasts_until_the_next_study_day(store: Store, user: int, bank: Bank) -> None:
    record = act(store, user, CHOICE, "bury", NOW)
    assert record.buried_until == day_start(NOW) + timedelta(days=1)
    assert record.is_new  # a card row, still new
    card = browse(store, bank, user, NOW, state="buried")[0]
    assert card.buried and card.buried_until == record.buried_until and card.state == "new"
    assert browse(store, bank, user, record.buried_until, state="buried") == []
    act(store, user, CHOICE, "unbury", NOW)
    assert browse(store, bank, user, NOW, state="buried") == []


def test_flag_with_a_note_and_unflag(store: Store, user: int, bank: Bank) -> None:
    act(store, user, EXPRESSION, "flag", NOW, "the key drops a sign")
    act(store, user, CHOICE, "flag", NOW)
    flagged = {c.question_id: c for c in browse(store, bank, user, NOW, state="flagged")}
    assert sorted(flagged) == sorted([CHOICE, EXPRESSION])
    assert flagged[EXPRESSION].flag_note == "the key drops a sign"
    assert flagged[EXPRESSION].flagged_at == NOW and flagged[CHOICE].flag_note is None
    assert flagged[CHOICE].as_json()["flagged"] is True
    act(store, user, CHOICE, "unflag", NOW)
    assert ids(browse(store, bank, user, NOW, state="flagged")) == [EXPRESSION]


def test_detail_has_the_question_and_every_review(store: Store, user: int, bank: Bank) -> None:
    review(store, user, CHOICE, Rating.AGAIN, NOW, seed=3)
    review(store, user, CHOICE, Rating.GOOD, NOW + timedelta(minutes=5), seed=4, overridden=True)
    detail = card_detail(store, bank, user, CHOICE, NOW + timedelta(hours=1))
    assert detail.view.question_id == CHOICE and detail.view.reps == 2
    assert [(r.rating, r.correct, r.overridden, r.seed) for r in detail.reviews] == [
        (1, False, False, 3),
        (3, True, True, 4),
    ]
    assert detail.seed == 4  # drawn as last shown
    assert "Wasserstein" in detail.question("en") and "\n1. " in detail.question("en")
    assert detail.answer("en").isdigit()
    doc = detail.as_json()
    assert doc["id"] == CHOICE and len(doc["reviews"]) == 2 and doc["reviews"][1]["overridden"]
    text = "\n".join(detail_lines(detail, "en"))
    assert "reviews (2)" in text and "overruled" in text and "Again" in text
    assert "復習履歴（2 回）" in "\n".join(detail_lines(detail, "ja"))


def test_detail_of_a_new_parametric_question(store: Store, user: int, bank: Bank) -> None:
    detail = card_detail(store, bank, user, NUMERIC, NOW)
    assert detail.reviews == () and detail.seed == 0 and detail.view.state == "new"
    assert "{mu}" not in detail.question("ja")  # drawn: the numbers are filled in
    assert "まだ復習していません。" in detail_lines(detail, "ja")


def test_unknown_question_is_a_bilingual_error_with_close_ids(
    store: Store, user: int, bank: Bank
) -> None:
    with pytest.raises(BrowserError) as raised:
        card_detail(store, bank, user, "adv.wgn", NOW)
    assert "adv.wgan" in raised.value.en and "adv.wgan" in raised.value.ja
    with pytest.raises(BrowserError):
        act(store, user, "nope", "suspend", NOW, bank=bank)
    assert card_record(store, user, "nope") is None  # nothing was created


def test_actions(store: Store, user: int, bank: Bank) -> None:
    assert ACTIONS == ("suspend", "unsuspend", "bury", "unbury", "flag", "unflag", "reset")
    review(store, user, CHOICE, Rating.EASY, NOW)
    assert act(store, user, CHOICE, "suspend", NOW, bank=bank).suspended
    assert not act(store, user, CHOICE, "unsuspend", NOW, bank=bank).suspended
    act(store, user, CHOICE, "flag", NOW, "note", bank=bank)
    act(store, user, CHOICE, "bury", NOW, bank=bank)
    reset = act(store, user, CHOICE, "reset", NOW, bank=bank)
    assert reset.is_new and reset.buried_until is None and reset.state.due is None
    card = browse(store, bank, user, NOW, search=CHOICE)[0]
    assert card.state == "new" and card.flagged  # reset keeps the flag
    assert len(card_detail(store, bank, user, CHOICE, NOW).reviews) == 1  # and the log
    with pytest.raises(BrowserError) as raised:
        act(store, user, CHOICE, "delete", NOW)
    assert "delete" in raised.value.en and "操作" in raised.value.ja


def test_cards_of_questions_no_longer_in_the_bank_are_left_out(
    store: Store, user: int, bank: Bank
) -> None:
    review(store, user, "gone.question", Rating.GOOD, NOW)
    assert "gone.question" not in ids(browse(store, bank, user, NOW))


def test_short_prompt_is_the_first_line_cut() -> None:
    assert short_prompt("\n  first line \nsecond") == "first line"
    long = short_prompt("x" * 200)
    assert len(long) == 80 and long.endswith("…")

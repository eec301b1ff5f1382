"""`trainer.study.exam.ExamSession`, the mock exam's logic shared by line mode and the TUI."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from trainer.bank.checking import check_answer, expected_text
from trainer.bank.errors import AnswerError
from trainer.bank.loader import Bank, load_bank
from trainer.bank.variants import Variant, make_variant
from trainer.reports.exam import AREA_EN, AREA_NAMES, AREAS, ExamPick, area_name
from trainer.reports.query import load_exams, question_metas
from trainer.scheduling import Rating
from trainer.store.models_reports import ExamAttempt
from trainer.store.repository import Store
from trainer.study.exam import ExamOver, ExamSession, draw_exam


@pytest.fixture
def store(any_store: Store) -> Store:
    """Every test here runs on SQLite and on PostgreSQL 15."""
    return any_store


START = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)


class Clocks:
    """A wall clock and a monotonic clock that move together, only when told to."""

    def __init__(self) -> None:
        self.seconds = 1000.0

    def wall(self) -> datetime:
        return START + timedelta(seconds=self.seconds - 1000.0)

    def mono(self) -> float:
        return self.seconds

    def advance(self, seconds: float) -> None:
        self.seconds += seconds


@pytest.fixture(scope="module")
def bank() -> Bank:
    return load_bank()


def one_per_area(bank: Bank) -> list[ExamPick]:
    """The first question of each area (by id), each with a fixed variant seed."""
    metas = question_metas(bank)
    return [
        ExamPick(next(m for m in metas if m.area == area), 100 + n) for n, area in enumerate(AREAS)
    ]


def right_text(variant: Variant) -> str:
    text = expected_text(variant)
    assert check_answer(variant, text).correct
    return text


def wrong_text(variant: Variant) -> str:
    labels = [str(c.label) for c in variant.choices if not c.correct]
    for text in [*labels, "123456.5", "12345*x", "zzz-not-the-answer"]:
        try:
            if not check_answer(variant, text).correct:
                return text
        except AnswerError:
            continue
    raise AssertionError(f"no wrong answer found for {variant.question_id}")


def make_session(
    store: Store, bank: Bank, picks: list[ExamPick], clocks: Clocks, minutes: int = 10
) -> ExamSession:
    return ExamSession(
        store,
        bank,
        store.user_id("eve"),
        picks,
        minutes=minutes,
        seed=42,
        clock=clocks.wall,
        monotonic=clocks.mono,
    )


def reviews(store: Store) -> list[tuple[str, Rating, bool, str]]:
    return [
        (qid, r.rating, r.correct, r.answer) for qid, r in store.user_reviews(store.user_id("eve"))
    ]


def test_answers_are_reviews_and_skips_are_not(bank: Bank, store: Store) -> None:
    picks = one_per_area(bank)
    clocks = Clocks()
    exam = make_session(store, bank, picks, clocks)
    assert (exam.total, exam.position, exam.answered, exam.done) == (4, 0, 0, False)

    first = exam.present()
    assert first is not None and (first.index, first.total) == (1, 4)
    assert first.question_id == picks[0].question.id and first.area == "applied_math"
    assert first.variant == make_variant(bank.questions[first.question_id], picks[0].seed)
    clocks.advance(30)
    assert exam.answer(right_text(first.variant)) is True

    second = exam.present()
    assert second is not None and second.index == 2
    with pytest.raises(AnswerError):  # unreadable: nothing recorded, the item stays
        exam.answer("2x(" if second.variant.kind != "choice" else "9")
    assert exam.position == 1 and len(reviews(store)) == 1
    assert exam.answer(wrong_text(second.variant)) is False

    exam.skip()  # third: not recorded
    fourth = exam.present()
    assert fourth is not None and fourth.index == 4 and not fourth.revisit
    assert exam.answer("   ") is False  # a blank answer (line mode's empty line) is a wrong one
    again = exam.present()  # the skipped third comes back...
    assert again is not None and again.index == 3 and again.revisit and not exam.done
    exam.skip()  # ...and is skipped again: nothing is left to ask
    assert exam.done and exam.present() is None
    assert exam.answered == 3

    found = reviews(store)
    assert [(q, rating, ok) for q, rating, ok, _ in found] == [
        (picks[0].question.id, Rating.GOOD, True),
        (picks[1].question.id, Rating.AGAIN, False),
        (picks[3].question.id, Rating.AGAIN, False),
    ]
    assert picks[2].question.id not in {q for q, *_ in found}
    history = store.user_reviews(store.user_id("eve"))
    assert history[0][1].seed == picks[0].seed
    assert history[0][1].duration_ms == 30_000  # from the monotonic clock, shown to answered
    assert history[0][1].reviewed_at == START + timedelta(seconds=30)


def test_finish_scores_per_area_saves_and_lists_the_missed(bank: Bank, store: Store) -> None:
    picks = one_per_area(bank)
    clocks = Clocks()
    exam = make_session(store, bank, picks, clocks)
    first = exam.present()
    assert first is not None
    exam.answer(right_text(first.variant))  # applied math: right
    exam.skip()  # machine learning: skipped
    third = exam.present()
    assert third is not None
    typed = wrong_text(third.variant)
    exam.answer(typed)  # deep learning: wrong; dev env is never reached
    clocks.advance(60)

    result = exam.finish()
    assert not result.time_up
    assert (result.score.questions, result.score.answered, result.score.correct) == (4, 2, 1)
    assert {a.area: (a.correct, a.questions) for a in result.score.areas} == {
        "applied_math": (1, 1),
        "machine_learning": (0, 1),
        "deep_learning": (0, 1),
        "dev_env": (0, 1),
    }
    assert [(m.index, m.question_id, m.answer) for m in result.missed] == [
        (2, picks[1].question.id, None),
        (3, picks[2].question.id, typed),
        (4, picks[3].question.id, None),
    ]
    for missed, pick in zip(result.missed, picks[1:], strict=True):
        variant = make_variant(bank.questions[pick.question.id], pick.seed)
        assert missed.expected == expected_text(variant)  # also for the item never reached
        assert missed.variant.explanation == variant.explanation
        assert missed.area == pick.question.area

    user = store.user_id("eve")
    with store.reading() as session:
        attempt = session.scalars(select(ExamAttempt)).one()
        assert attempt.id == result.attempt_id and attempt.user_id == user
        assert (attempt.questions, attempt.answered, attempt.correct) == (4, 2, 1)
        assert attempt.time_limit_s == 600
        assert attempt.areas["applied_math"] == {"questions": 1, "correct": 1}
        given = [right_text(first.variant), None, typed, None]
        assert [i["answer"] for i in attempt.items] == given
        assert [i["seed"] for i in attempt.items] == [p.seed for p in picks]
        assert attempt.finished_at.replace(tzinfo=UTC) == START + timedelta(seconds=60)

    # Finishing again saves nothing more; the exam takes no more answers.
    assert exam.finish() is result
    assert len(load_exams(store, user)) == 1
    assert exam.done and exam.present() is None
    with pytest.raises(ExamOver):
        exam.answer("1")
    with pytest.raises(ExamOver):
        exam.skip()


def test_the_time_limit(bank: Bank, store: Store) -> None:
    picks = one_per_area(bank)
    clocks = Clocks()
    exam = make_session(store, bank, picks, clocks, minutes=2)
    assert exam.time_left() == 120.0 and not exam.expired
    assert exam.time_left(now=clocks.mono() + 20) == 100.0
    first = exam.present()
    assert first is not None
    clocks.advance(119)
    exam.answer(right_text(first.variant))  # just in time
    assert exam.time_left() == 1.0
    second = exam.present()
    assert second is not None
    clocks.advance(1)
    assert exam.expired and exam.time_left() == 0.0
    clocks.advance(5)
    with pytest.raises(ExamOver):  # typed after the limit: not counted, not recorded
        exam.answer(right_text(second.variant))
    with pytest.raises(ExamOver):  # nor can it be skipped: the exam is over, not the item
        exam.skip()
    assert exam.position == 1 and len(reviews(store)) == 1

    result = exam.finish()
    assert result.time_up
    assert (result.score.answered, result.score.correct) == (1, 1)
    assert [m.answer for m in result.missed] == [None, None, None]


def test_draw_exam_is_the_weighted_draw(bank: Bank) -> None:
    picks = draw_exam(bank, 20, 7)
    assert len(picks) == 20 and len({p.question.id for p in picks}) == 20
    assert draw_exam(bank, 20, 7) == picks
    assert {p.question.area for p in picks} <= set(AREAS)


def test_area_names() -> None:
    assert [area_name(a, "ja") for a in AREAS] == ["応用数学", "機械学習", "深層学習", "開発環境"]
    assert area_name("deep_learning", "en") == AREA_EN["deep_learning"] == "deep learning"
    assert area_name("other", "en") == area_name("other", "ja") == "other"
    assert set(AREA_EN) == set(AREA_NAMES) == set(AREAS)


def six_picks(bank: Bank) -> list[ExamPick]:
    """Six different questions, each with a fixed variant seed."""
    return [ExamPick(meta, 200 + n) for n, meta in enumerate(question_metas(bank)[:6])]


def test_skipped_items_come_back_in_order(bank: Bank, store: Store) -> None:
    picks = six_picks(bank)
    ids = [p.question.id for p in picks]
    clocks = Clocks()
    exam = make_session(store, bank, picks, clocks)

    def asked() -> tuple[int, int, int, int, bool, bool]:
        q = exam.present()
        assert q is not None
        return (q.index, q.pass_number, q.pass_index, q.pass_length, q.revisit, q.opens_pass)

    # The first pass: every item in order; 2 and 4 skipped, 3 wrong, the rest right.
    typed: dict[int, str] = {}
    for index in range(6):
        assert asked() == (index + 1, 1, index + 1, 6, False, False)
        assert exam.pass_number == 1 and not exam.revisit and exam.progress == index
        current = exam.present()
        assert current is not None
        if index in (1, 3):
            exam.skip()
        else:
            typed[index] = (wrong_text if index == 2 else right_text)(current.variant)
            exam.answer(typed[index])
    assert (exam.answered, exam.unanswered, len(reviews(store))) == (4, 2, 4)

    # The second pass: the two skipped items, in their original order, with the same variants.
    assert not exam.done and exam.pass_number == 2 and exam.revisit
    assert (exam.position, exam.pass_length, exam.progress) == (1, 2, 4)
    assert asked() == (2, 2, 1, 2, True, True)
    second = exam.present()
    assert second is not None
    assert second.variant == make_variant(bank.questions[ids[1]], picks[1].seed)
    clocks.advance(12)
    typed[1] = right_text(second.variant)
    assert exam.answer(typed[1]) is True  # recorded as a review now
    found = reviews(store)
    assert len(found) == 5 and found[-1][:3] == (ids[1], Rating.GOOD, True)
    history = store.user_reviews(store.user_id("eve"))
    assert history[-1][1].duration_ms == 12_000  # from when it was shown again
    assert (exam.answered, exam.unanswered, exam.progress) == (5, 1, 5)
    assert asked() == (4, 2, 2, 2, True, False)
    exam.skip()  # skipped again, but the pass answered one: a third pass

    assert exam.pass_number == 3 and (exam.position, exam.progress) == (3, 5)
    assert asked() == (4, 3, 1, 1, True, True)
    exam.skip()  # every item of this pass skipped again: the asking ends
    assert exam.done and exam.present() is None and not exam.revisit
    assert (exam.position, exam.progress, exam.answered, exam.unanswered) == (6, 6, 5, 1)
    with pytest.raises(ExamOver):
        exam.skip()
    with pytest.raises(ExamOver):
        exam.answer("1")
    assert [q for q, *_ in reviews(store)] == [ids[0], ids[2], ids[4], ids[5], ids[1]]

    result = exam.finish()
    assert (result.score.questions, result.score.answered, result.score.correct) == (6, 5, 4)
    assert [(m.index, m.question_id, m.answer) for m in result.missed] == [
        (3, ids[2], typed[2]),
        (4, ids[3], None),
    ]
    with store.reading() as session:
        attempt = session.scalars(select(ExamAttempt)).one()
        assert (attempt.questions, attempt.answered, attempt.correct) == (6, 5, 4)
        assert [i["id"] for i in attempt.items] == ids  # in the exam's order, not the asking's
        assert [i["answer"] for i in attempt.items] == [typed.get(n) for n in range(6)]
        assert [i["correct"] for i in attempt.items] == [True, True, False, False, True, True]


def test_skipping_everything_again_ends_the_asking(bank: Bank, store: Store) -> None:
    picks = one_per_area(bank)
    exam = make_session(store, bank, picks, Clocks())
    for _ in picks:  # a first pass of skips...
        exam.skip()
    assert not exam.done and exam.pass_number == 2 and exam.unanswered == 4
    for index in range(4):  # ...is followed by a second over every item
        question = exam.present()
        assert question is not None and question.index == index + 1 and question.revisit
        exam.skip()
    assert exam.done and exam.pass_number == 2 and exam.present() is None
    assert (exam.answered, exam.unanswered, reviews(store)) == (0, 4, [])
    result = exam.finish()
    assert (result.score.answered, result.score.correct, len(result.missed)) == (0, 0, 4)


def test_no_second_pass_when_everything_was_answered(bank: Bank, store: Store) -> None:
    picks = one_per_area(bank)
    exam = make_session(store, bank, picks, Clocks())
    while (question := exam.present()) is not None:
        exam.answer(right_text(question.variant))
    assert exam.done and exam.pass_number == 1 and not exam.revisit
    assert (exam.answered, exam.unanswered, exam.progress) == (4, 0, 4)


def test_time_running_out_during_the_second_pass(bank: Bank, store: Store) -> None:
    picks = one_per_area(bank)
    clocks = Clocks()
    exam = make_session(store, bank, picks, clocks, minutes=2)
    exam.skip()
    for _ in range(3):
        question = exam.present()
        assert question is not None
        clocks.advance(30)
        exam.answer(right_text(question.variant))
    back = exam.present()
    assert back is not None and back.index == 1 and back.opens_pass
    clocks.advance(31)  # 121 s in
    assert exam.expired and not exam.done  # the front end ends it: the clock alone does not
    with pytest.raises(ExamOver):  # late: not counted, not recorded
        exam.answer(right_text(back.variant))
    assert (exam.answered, exam.position, len(reviews(store))) == (3, 0, 3)

    result = exam.finish()
    assert result.time_up
    assert (result.score.answered, result.score.correct) == (3, 3)
    assert [(m.index, m.answer) for m in result.missed] == [(1, None)]
    assert exam.done and exam.present() is None and not exam.revisit

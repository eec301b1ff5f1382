"""`trainer.study.exam.ExamSession`, the mock exam's logic shared by line mode and the TUI."""

from __future__ import annotations

from collections.abc import Iterator
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
from trainer.store.engine import make_engine
from trainer.store.models_reports import ExamAttempt
from trainer.store.repository import Store
from trainer.store.upgrade import ensure_schema
from trainer.study.exam import ExamOver, ExamSession, draw_exam

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


@pytest.fixture
def store() -> Iterator[Store]:
    engine = make_engine("sqlite://")
    ensure_schema(engine)
    yield Store(engine)
    engine.dispose()


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
    assert fourth is not None and fourth.index == 4
    assert exam.answer("   ") is False  # a blank answer (line mode's empty line) is a wrong one
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

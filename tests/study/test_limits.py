"""Daily limits from the learner's settings, custom study, and what the learner is told."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from tests.tui.test_session import answer, make_app, settle
from trainer.bank.loader import Bank, load_bank
from trainer.scheduling import Rating
from trainer.store.engine import make_engine
from trainer.store.repository import Answer, Store
from trainer.store.upgrade import ensure_schema
from trainer.study.limits import MORE_NEW_CLI, limit_notes
from trainer.study.options import SessionOptions
from trainer.study.session import StudyService
from trainer.study.settings import Settings, load_settings, save_setting


@pytest.fixture
def store(any_store: Store) -> Store:
    """Every test here runs on SQLite and on PostgreSQL 15."""
    return any_store


NOW = datetime(2026, 12, 7, 10, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def bank() -> Bank:
    return load_bank()


def service(store: Store, bank: Bank, **settings: Any) -> StudyService:
    user = store.user_id("ann")
    return StudyService(store, bank, user, clock=lambda: NOW, settings=Settings(**settings))


def test_the_daily_new_limit_comes_from_the_settings_and_is_explained(
    store: Store, bank: Bank
) -> None:
    study = service(store, bank, new_per_day=3)
    plan = study.plan()
    assert plan.new_allowed == 3 and len(plan.items) == 3
    (note,) = limit_notes(plan, study.limits(), more_new=MORE_NEW_CLI)
    assert "limited to 3 a day" in note.en and "1 日 3 問まで" in note.ja
    assert f"{plan.new_available - 3} of {plan.new_available} unseen" in note.en


def test_custom_study_adds_new_questions_for_today_only(store: Store, bank: Bank) -> None:
    study = service(store, bank, new_per_day=2)
    for item in study.plan().items:  # today's two new questions, answered
        store.record_review(
            study.user_id,
            Answer(item.question_id, Rating.EASY, "x", True, 1, 5, NOW),
            study.scheduler,
        )
    assert study.plan().items == [] and study.limits().new_left == 0
    limits = study.allow_more_new(4)
    assert limits.new_limit == 6 and limits.new_left == 4
    assert len(study.plan().items) == 4
    study.allow_more_new(1)
    assert study.limits().new_left == 5  # grants add up within the day
    tomorrow = StudyService(
        store, bank, study.user_id, clock=lambda: NOW + timedelta(days=1), settings=study.settings
    )
    assert tomorrow.limits().new_limit == 2  # today only


def test_the_session_size_is_told_apart_from_the_daily_limit(store: Store, bank: Bank) -> None:
    study = service(store, bank, new_per_day=10)
    options = SessionOptions(limit=4)
    (note,) = limit_notes(study.plan(options), study.limits(options), more_new=MORE_NEW_CLI)
    assert "Cut to this session's size (0 due and" in note.en


def test_the_review_limit_holds_back_due_cards(store: Store, bank: Bank) -> None:
    study = service(store, bank, new_per_day=0, reviews_per_day=2)
    past = NOW - timedelta(days=30)
    for question_id in list(bank.questions)[:5]:
        store.record_review(
            study.user_id, Answer(question_id, Rating.GOOD, "x", True, 1, 5, past), study.scheduler
        )
    plan = study.plan()
    assert plan.due_available == 5 and plan.due_allowed == 2
    notes = limit_notes(plan, study.limits(), more_new=MORE_NEW_CLI)
    (note,) = [note for note in notes if "Reviews" in note.en]  # new-per-day 0 has its own
    assert "limited to 2 cards a day" in note.en and "3 due questions wait" in note.en


def test_retention_order_and_learn_ahead_follow_the_settings(store: Store, bank: Bank) -> None:
    user = store.user_id("ann")
    save_setting(store, user, "desired-retention", "0.85")
    save_setting(store, user, "new-order", "syllabus")
    save_setting(store, user, "learn-ahead", "0")
    settings = load_settings(store, user)
    study = StudyService(store, bank, user, clock=lambda: NOW, settings=settings)
    assert study.scheduler.config.desired_retention == 0.85
    first = study.plan().items[0].question_id
    assert bank.questions[first].syllabus.startswith("1-")  # applied mathematics first
    assert study.session().learn_ahead == timedelta(0)
    study.use_settings(Settings(desired_retention=0.95))
    assert study.scheduler.config.desired_retention == 0.95


async def test_home_shows_what_is_left_today_and_n_studies_more(bank: Bank, tmp_path: Any) -> None:
    from tests.tui.conftest import CHOICE, EXPRESSION, NUMERIC, Clock
    from trainer.tui.screens.count import CountScreen
    from trainer.tui.screens.review import ReviewScreen

    tiny = Bank({q: bank.questions[q] for q in (NUMERIC, CHOICE, EXPRESSION)}, bank.syllabus)
    db_url = f"sqlite:///{tmp_path / 't.db'}"
    engine = make_engine(db_url)
    ensure_schema(engine)
    store = Store(engine)
    save_setting(store, store.user_id("tester"), "new-per-day", "1")
    store.close()
    clock = Clock()
    app = make_app(tiny, db_url, clock, lang="en")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        summary = str(app.home.query_one("#summary").render())
        assert "new today: 1 of 1 left" in summary and "reviews: 200 of 200 left" in summary
        await pilot.press("s")
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, ReviewScreen) and screen.session.total == 1
        await answer(app, pilot, correct=True)
        await pilot.press("4")
        await settle(app, pilot)
        assert screen.state == "done"
        text = str(screen.query_one("#prompt").render())
        assert "New questions are limited to 1 a day" in text and "Press n" in text
        await pilot.press("escape")
        await settle(app, pilot)
        assert "new today: 0 of 1 left" in str(app.home.query_one("#summary").render())
        await pilot.press("n")
        await settle(app, pilot)
        assert isinstance(app.screen, CountScreen)
        await pilot.press("2", "enter")
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, ReviewScreen) and screen.session.total == 2

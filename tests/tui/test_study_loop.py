"""The study loop's actions in the review screen: I don't know, I was right, undo, bury,
suspend, flag, the preview equal to what is stored, scrolling at 80x24, the end summary."""

from __future__ import annotations

from datetime import timedelta

import pytest
from textual.containers import VerticalScroll

from tests.tui.conftest import Clock
from tests.tui.test_session import answer, make_app, settle
from trainer.bank.loader import Bank
from trainer.store import cards
from trainer.store.engine import make_engine
from trainer.store.repository import Store
from trainer.study.options import SessionOptions
from trainer.tui.screens.note import NoteScreen
from trainer.tui.screens.review import ReviewScreen


def open_store(db_url: str) -> tuple[Store, int]:
    store = Store(make_engine(db_url))
    return store, store.user_id("tester")


def log_rows(db_url: str) -> list[tuple[str, int, bool, bool]]:
    from sqlalchemy import text

    store, _ = open_store(db_url)
    try:
        with store.engine.connect() as connection:
            query = (
                "SELECT card.question_id, rating, correct, overridden FROM review_log"
                " JOIN card ON card.id = review_log.card_id ORDER BY review_log.id"
            )
            return [tuple(row) for row in connection.execute(text(query))]  # type: ignore[misc]
    finally:
        store.close()


async def test_i_was_right_records_an_overridden_right_answer(
    tiny_bank: Bank, db_url: str, clock: Clock
) -> None:
    app = make_app(tiny_bank, db_url, clock, start=SessionOptions(limit=1))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, ReviewScreen)
        await answer(app, pilot, correct=False)
        await pilot.press("4")  # ignored: a wrong answer is Again...
        await settle(app, pilot)
        assert screen.state == "rating"
        await pilot.press("o")  # ...unless the learner overrules the verdict
        await settle(app, pilot)
        assert screen.feedback is not None and screen.feedback.correct
        assert screen.feedback.allowed == (2, 3, 4)
        await pilot.press("4")
        await settle(app, pilot)
        assert screen.state == "done"
    (row,) = log_rows(db_url)
    assert row[1:] == (4, True, True)


async def test_i_dont_know_shows_the_key_and_records_again(
    tiny_bank: Bank, db_url: str, clock: Clock
) -> None:
    app = make_app(tiny_bank, db_url, clock, start=SessionOptions(limit=1), lang="en")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, ReviewScreen)
        await pilot.press("ctrl+g")
        await settle(app, pilot)
        assert screen.state == "rating" and screen.feedback is not None
        assert screen.feedback.gave_up and not screen.feedback.can_override
        shown = str(screen.query_one("#feedback").render())
        assert screen.feedback.expected in shown
        await pilot.press("o")  # nothing to overrule after "I don't know"
        await settle(app, pilot)
        assert not screen.feedback.correct
        await pilot.press("enter")
        await settle(app, pilot)
        assert screen.session.tally.missed[0].expected == screen.session.tally.missed[0].expected
    (row,) = log_rows(db_url)
    assert row[1:] == (1, False, False)


async def test_undo_brings_the_question_back_and_deletes_the_review(
    tiny_bank: Bank, db_url: str, clock: Clock
) -> None:
    app = make_app(tiny_bank, db_url, clock, start=SessionOptions(limit=3))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, ReviewScreen)
        assert screen.presented is not None
        first = screen.presented
        await answer(app, pilot, correct=True)
        await pilot.press("4")
        await settle(app, pilot)
        assert screen.presented is not None and screen.presented.index == 2
        await pilot.press("ctrl+z")
        await settle(app, pilot)
        assert screen.presented is not None
        assert screen.presented.question_id == first.question_id
        assert screen.presented.variant.seed == first.variant.seed  # the same numbers
        assert screen.session.tally.answered == 0
        assert "Undone" in str(screen.query_one("#meta").render()) or "元に戻しました" in str(
            screen.query_one("#meta").render()
        )
        assert log_rows(db_url) == []
        store, user = open_store(db_url)
        try:
            record = cards.card_record(store, user, first.question_id)
            assert record is not None and record.is_new  # as if never answered
        finally:
            store.close()
        await answer(app, pilot, correct=True)
        await pilot.press("3")
        await settle(app, pilot)
    assert [row[:2] for row in log_rows(db_url)] == [(first.question_id, 3)]


async def test_bury_suspend_and_flag_from_the_review_screen(
    tiny_bank: Bank, db_url: str, clock: Clock
) -> None:
    app = make_app(tiny_bank, db_url, clock, start=SessionOptions(limit=3))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, ReviewScreen) and screen.presented is not None
        flagged = screen.presented.question_id
        await pilot.press("ctrl+f")
        await settle(app, pilot)
        assert isinstance(app.screen, NoteScreen)
        await pilot.press(*"key?", "enter")
        await settle(app, pilot)
        assert app.screen is screen and screen.presented is not None
        assert screen.presented.question_id == flagged  # flagging keeps the question
        await pilot.press("ctrl+b")
        await settle(app, pilot)
        assert screen.presented is not None and screen.presented.question_id != flagged
        suspended = screen.presented.question_id
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert screen.presented is not None and screen.presented.index == 3
    store, user = open_store(db_url)
    try:
        buried = cards.card_record(store, user, flagged)
        assert buried is not None and buried.flag_note == "key?" and buried.buried(clock())
        assert not buried.buried(clock() + timedelta(days=1))
        held = cards.card_record(store, user, suspended)
        assert held is not None and held.suspended and held.is_new
    finally:
        store.close()
    assert log_rows(db_url) == []  # none of these is an answer


async def test_the_interval_shown_is_the_interval_stored(
    tiny_bank: Bank, db_url: str, clock: Clock
) -> None:
    app = make_app(tiny_bank, db_url, clock, start=SessionOptions(limit=3))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, ReviewScreen)
        for _ in range(3):
            assert screen.presented is not None
            question = screen.presented.question_id
            await answer(app, pilot, correct=True)
            assert screen.feedback is not None
            shown = screen.feedback.intervals[4]
            await pilot.press("4")
            await settle(app, pilot)
            store, user = open_store(db_url)
            try:
                state = store.card_state(user, question)
            finally:
                store.close()
            assert state is not None and state.due is not None and state.last_review
            assert state.due - state.last_review == shown
            assert shown >= timedelta(days=2)


async def test_the_question_can_be_scrolled_back_at_80x24(
    tiny_bank: Bank, db_url: str, clock: Clock
) -> None:
    app = make_app(tiny_bank, db_url, clock, start=SessionOptions(limit=3))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, ReviewScreen)
        body = screen.query_one("#body", VerticalScroll)
        for _ in range(3):  # find a question whose feedback pushes it out of sight
            await answer(app, pilot, correct=False)
            for _ in range(3):  # the layouts after the feedback; nothing scrolls but the screen
                await pilot.pause(0.05)
            if body.scroll_y > 0:
                break
            await pilot.press("enter")
            await settle(app, pilot)
        assert 0 < body.scroll_y == body.max_scroll_y  # scrolled to the rating keys by itself
        assert body.content_region.contains_region(screen.query_one("#ratings").region)
        footer_keys = {b.key for _, b, enabled, _ in screen.active_bindings.values() if enabled}
        assert "pageup" in footer_keys
        await pilot.press("pageup")
        await pilot.press("pageup")
        await settle(app, pilot)
        for _ in range(3):  # scrolled by the learner: later layouts leave it where it is
            await pilot.pause(0.05)
        assert body.scroll_y == 0
        await pilot.press("enter")  # the next question starts at its top
        await settle(app, pilot)
        assert body.scroll_y == 0


async def test_a_feedback_that_fits_leaves_the_question_at_the_top(
    tiny_bank: Bank, db_url: str, clock: Clock
) -> None:
    app = make_app(tiny_bank, db_url, clock, start=SessionOptions(limit=1))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, ReviewScreen)
        body = screen.query_one("#body", VerticalScroll)
        await answer(app, pilot, correct=False)
        for _ in range(3):
            await pilot.pause(0.05)
        assert body.max_scroll_y == 0 and body.scroll_y == 0
        # Its first line at the body's top (give or take its margin), not pushed down to the end.
        assert screen.query_one("#meta").region.y <= body.content_region.y + 2


async def test_the_end_lists_every_question_missed_with_its_key(
    tiny_bank: Bank, db_url: str, clock: Clock
) -> None:
    app = make_app(tiny_bank, db_url, clock, start=SessionOptions(limit=2), lang="en")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, ReviewScreen)
        missed = []
        for _ in range(8):
            if screen.state == "done":
                break
            assert screen.presented is not None
            wrong = screen.presented.index <= 2  # first pass wrong, the second pass right
            await answer(app, pilot, correct=not wrong)
            if wrong:
                assert screen.feedback is not None
                missed.append((screen.presented.question_id, screen.feedback.expected))
            await pilot.press("enter")
            await settle(app, pilot)
        assert screen.state == "done"
        summary = str(screen.query_one("#prompt").render())
        for question_id, expected in missed:
            assert question_id in summary and expected in summary
        assert "Missed (2)" in summary


async def test_a_review_that_could_not_be_saved_is_said_kept_and_saved_by_the_next_key(
    tiny_bank: Bank, db_url: str, clock: Clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sqlalchemy.exc import OperationalError

    app = make_app(tiny_bank, db_url, clock, start=SessionOptions(limit=2), lang="en")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, ReviewScreen)
        first = screen.presented
        assert first is not None
        await answer(app, pilot, correct=True)
        store = screen.session.service.store
        record = store.record_review

        def server_gone(*args: object, **kwargs: object) -> object:
            raise OperationalError("INSERT", {}, Exception("database is locked"))

        monkeypatch.setattr(store, "record_review", server_gone)
        await pilot.press("3")
        await settle(app, pilot)
        hint = str(screen.query_one("#hint").render())
        assert hint.startswith("Not saved:") and "press a rating key to try again" in hint
        assert screen.state == "rating" and screen.presented is first  # still on it
        assert log_rows(db_url) == []
        monkeypatch.setattr(store, "record_review", record)
        await pilot.press("3")
        await settle(app, pilot)
        assert screen.presented is not first
        assert [row[0] for row in log_rows(db_url)] == [first.question_id]

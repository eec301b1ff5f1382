"""Whole sessions driven with Pilot: answer right and wrong, rate, quit, reopen, read the DB."""

from __future__ import annotations

from typing import Any

from textual.pilot import Pilot

from tests.tui.conftest import CHOICE, EXPRESSION, NUMERIC, Clock, Seeds
from trainer.bank.checking import expected_text
from trainer.bank.loader import Bank
from trainer.store.engine import make_engine
from trainer.store.repository import Store
from trainer.study.options import SessionOptions
from trainer.tui.app import TrainerApp
from trainer.tui.screens.home import HomeScreen
from trainer.tui.screens.review import ReviewScreen

WRONG = {"numeric": "123456", "expression": "12345"}


def make_app(bank: Bank, db_url: str, clock: Clock, **options: Any) -> TrainerApp:
    return TrainerApp(
        db_url=db_url, user="tester", bank=bank, clock=clock, seeds=Seeds(), **options
    )


async def settle(app: TrainerApp, pilot: Pilot[Any]) -> None:
    await app.workers.wait_for_complete()
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()


def right_answer(screen: ReviewScreen) -> str:
    assert screen.presented is not None
    return expected_text(screen.presented.variant)


def wrong_choice(screen: ReviewScreen) -> str:
    assert screen.presented is not None
    return str(next(c.label for c in screen.presented.variant.choices if not c.correct))


async def answer(app: TrainerApp, pilot: Pilot[Any], correct: bool) -> str:
    """Answer the current question (right or wrong); returns its kind."""
    screen = app.screen
    assert isinstance(screen, ReviewScreen)
    assert screen.presented is not None
    kind = screen.presented.variant.kind
    if kind == "choice":
        keys = right_answer(screen).split(", ") if correct else [wrong_choice(screen)]
        await pilot.press(*keys, "enter")
    else:
        text = right_answer(screen) if correct else WRONG[kind]
        await pilot.press(*text, "enter")
    await settle(app, pilot)
    assert screen.state == "rating", str(screen.query_one("#error").render())
    assert screen.feedback is not None and screen.feedback.correct is correct
    return kind


def reviews(db_url: str) -> list[tuple[str, int, bool]]:
    store = Store(make_engine(db_url))
    try:
        user = store.user_id("tester")
        return [(qid, int(r.rating), r.correct) for qid, r in store.user_reviews(user)]
    finally:
        store.close()


async def test_home_shows_counts(tiny_bank: Bank, db_url: str, clock: Clock) -> None:
    app = make_app(tiny_bank, db_url, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        assert isinstance(app.screen, HomeScreen)
        assert app.home.overview is not None
        assert app.home.overview.new == 3
        assert app.home.overview.due == 0


async def test_whole_session_wrong_then_right(tiny_bank: Bank, db_url: str, clock: Clock) -> None:
    # First session: every question answered wrong (forced Again), one unreadable try first.
    app = make_app(tiny_bank, db_url, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("s")
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, ReviewScreen)
        assert screen.session.total == 3
        kinds = set()
        for index in range(3):
            assert screen.presented is not None
            if index == 0 and screen.presented.variant.kind != "choice":
                await pilot.press(*"2x(", "enter")
                await settle(app, pilot)
                assert screen.state == "asking"  # unreadable: asked again, nothing recorded
                await pilot.press("ctrl+u")
            kinds.add(await answer(app, pilot, correct=False))
            assert screen.feedback is not None and screen.feedback.allowed == (1,)
            await pilot.press("3")  # not allowed after a wrong answer: ignored
            await settle(app, pilot)
            assert screen.state == "rating"
            await pilot.press("enter")
            await settle(app, pilot)
        assert kinds == {"numeric", "choice", "expression"}
        # Missed questions come back in the same session (their 1-minute step is within the
        # 20-minute learn-ahead window), after the last one.
        assert screen.state == "asking" and screen.session.total == 6
        first = [item.question_id for item in screen.session.queue[:3]]
        assert [item.question_id for item in screen.session.queue[3:]] == first
        assert screen.session.tally.answered == 3 and screen.session.tally.correct == 0
        assert [m.question_id for m in screen.session.tally.missed] == first
        await pilot.press("escape")
        await settle(app, pilot)
        assert isinstance(app.screen, HomeScreen)
    assert sorted(reviews(db_url)) == sorted((q, 1, False) for q in (NUMERIC, CHOICE, EXPRESSION))

    # An hour later, reopened: all three are due; answer right and rate 2, 3, 4.
    clock.advance(hours=1)
    app = make_app(tiny_bank, db_url, clock, lang="en")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        assert app.home.overview is not None and app.home.overview.due == 3
        await pilot.press("s")
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, ReviewScreen)
        for rating in ("2", "3", "4"):
            await answer(app, pilot, correct=True)
            assert screen.feedback is not None and screen.feedback.allowed == (2, 3, 4)
            await pilot.press(rating)
            await settle(app, pilot)
        # Hard and Good leave a learning step due within the window: those come back; Easy
        # graduates. Good until the session is over.
        assert screen.session.total == 5
        for _ in range(4):
            if screen.state == "done":
                break
            await answer(app, pilot, correct=True)
            await pilot.press("enter")
            await settle(app, pilot)
        assert screen.state == "done"
        await pilot.press("ctrl+q")
    found = reviews(db_url)
    assert sorted(r for _, r, ok in found[3:6] if ok) == [2, 3, 4]
    assert all(ok for _, _, ok in found[3:])


async def test_quit_mid_question_keeps_checked_answer(
    tiny_bank: Bank, db_url: str, clock: Clock
) -> None:
    app = make_app(tiny_bank, db_url, clock, start=SessionOptions(limit=2))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, ReviewScreen)
        assert screen.session.total == 2
        await answer(app, pilot, correct=True)
        await pilot.press("ctrl+q")  # checked, not rated: saved as Good
    assert [(r, ok) for _, r, ok in reviews(db_url)] == [(3, True)]


async def test_language_switch_and_help(tiny_bank: Bank, db_url: str, clock: Clock) -> None:
    app = make_app(tiny_bank, db_url, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("s")
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, ReviewScreen) and screen.presented is not None
        prompt = screen.query_one("#prompt")
        assert str(prompt.render()).strip() == screen.presented.variant.prompt.ja.strip()
        await pilot.press("ctrl+l")
        await settle(app, pilot)
        assert app.lang == "en"
        assert str(prompt.render()).strip() == screen.presented.variant.prompt.en.strip()
        await pilot.press("f1")  # "?" would be typed into the answer
        await settle(app, pilot)
        assert type(app.screen).__name__ == "HelpScreen"
        await pilot.press("escape")
        await settle(app, pilot)
        assert app.screen is screen


async def test_live_parsed_as_preview(tiny_bank: Bank, db_url: str, clock: Clock) -> None:
    app = make_app(
        tiny_bank, db_url, clock, start=SessionOptions(topic="deep_learning/generative/vae")
    )
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, ReviewScreen)
        await pilot.press(*"sqrt(2)/2")
        await pilot.pause()
        assert "0.707107" in str(screen.query_one("#parsed").render())


async def test_custom_count(tiny_bank: Bank, db_url: str, clock: Clock) -> None:
    app = make_app(tiny_bank, db_url, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("c", "2", "enter")
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, ReviewScreen)
        assert screen.session.total == 2


async def test_unusable_database_is_reported(tiny_bank: Bank, tmp_path: Any, clock: Clock) -> None:
    bad = tmp_path / "not.db"
    bad.write_text("this is not a database\n" * 100)
    app = make_app(tiny_bank, f"sqlite:///{bad}", clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        assert app.error is not None
        assert app.exit_code != 0


def test_first_frame_imports_neither_sqlalchemy_nor_sympy() -> None:
    import subprocess
    import sys

    code = (
        "import sys, trainer.tui.app, trainer.commands.tui, trainer.study.options; "
        "print(sorted(m for m in ('sqlalchemy', 'sympy', 'pydantic') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"

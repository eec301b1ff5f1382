"""The mock exam screen driven with Pilot: set-up, answers without feedback, results, the clock."""

from __future__ import annotations

import argparse
from typing import Any

import pytest
from rich.console import Console
from rich.text import Text
from sqlalchemy import select
from textual.pilot import Pilot
from textual.widgets import Select, Static

from tests.tui.conftest import Clock, Seeds
from trainer.bank.checking import expected_text
from trainer.bank.loader import Bank
from trainer.commands import tui
from trainer.reports.exam import AREAS
from trainer.scheduling import Rating
from trainer.store.engine import make_engine
from trainer.store.models_reports import ExamAttempt
from trainer.store.repository import Store
from trainer.study.exam import draw_exam
from trainer.study.options import ExamOptions
from trainer.tui.app import TrainerApp
from trainer.tui.screens.exam import (
    ConfirmFinishScreen,
    ExamScreen,
    ExamSetupScreen,
    clock_text,
    picked_labels,
)
from trainer.tui.screens.home import HomeScreen

WRONG = {"numeric": "123456", "expression": "12345"}


def make_app(bank: Bank, db_url: str, clock: Clock, **options: Any) -> TrainerApp:
    return TrainerApp(
        db_url=db_url,
        user="tester",
        bank=bank,
        clock=clock,
        seeds=Seeds(),
        cursor_blink=False,
        offset_minutes=0,
        **options,
    )


async def settle(app: TrainerApp, pilot: Pilot[Any]) -> None:
    for _ in range(200):  # the database opens in a worker started after the first frame
        if app.service is not None or app.error is not None:
            break
        await pilot.pause(0.01)
    for _ in range(4):
        await app.workers.wait_for_complete()
        await pilot.pause()


def text_of(widget: Static) -> str:
    """A Static's content as plain text (a rich Table drawn 200 columns wide)."""
    content = widget.content
    if isinstance(content, str | Text):
        return str(content)
    console = Console(width=200, color_system=None)
    with console.capture() as captured:
        console.print(content)
    return captured.get()


def visible_text(screen: ExamScreen) -> str:
    """Everything the exam screen shows in Static widgets right now."""
    return "\n".join(
        text_of(widget)
        for widget in screen.query(Static)
        if widget.display and all(a.display for a in widget.ancestors if hasattr(a, "display"))
    )


def exam_screen(app: TrainerApp) -> ExamScreen:
    screen = app.screen
    assert isinstance(screen, ExamScreen), type(screen).__name__
    return screen


async def open_exam(app: TrainerApp, pilot: Pilot[Any], questions: str = "3") -> ExamScreen:
    """Home → x → the set-up dialog (questions typed, minutes left at 120) → the rules."""
    await settle(app, pilot)
    await pilot.press("x")
    await pilot.pause()
    assert isinstance(app.screen, ExamSetupScreen)
    await pilot.press("ctrl+u", *questions, "enter")
    await settle(app, pilot)
    screen = exam_screen(app)
    assert screen.state == "ready" and screen.session is None
    return screen


async def start(app: TrainerApp, pilot: Pilot[Any], screen: ExamScreen) -> None:
    await pilot.press("enter")
    await settle(app, pilot)
    assert screen.state == "asking" and screen.session is not None


async def give(app: TrainerApp, pilot: Pilot[Any], screen: ExamScreen, correct: bool) -> str:
    """Answer the current item right or wrong; returns its question id."""
    assert screen.question is not None
    variant = screen.question.variant
    asked = screen.question.question_id
    if variant.kind == "choice":
        right = expected_text(variant).split(", ")
        wrong = [str(next(c.label for c in variant.choices if not c.correct))]
        await pilot.press(*(right if correct else wrong), "enter")
    else:
        await pilot.press(*(expected_text(variant) if correct else WRONG[variant.kind]), "enter")
    await settle(app, pilot)
    return asked


def stored(db_url: str) -> tuple[list[tuple[str, Rating, bool]], list[ExamAttempt]]:
    engine = make_engine(db_url)
    store = Store(engine)
    try:
        user = store.user_id("tester")
        reviews = [(q, r.rating, r.correct) for q, r in store.user_reviews(user)]
        with store.reading() as session:
            attempts = list(session.scalars(select(ExamAttempt).order_by(ExamAttempt.id)))
            session.expunge_all()
        return reviews, attempts
    finally:
        store.close()
        engine.dispose()


async def test_whole_exam_no_feedback_until_the_results(
    tiny_bank: Bank, db_url: str, clock: Clock
) -> None:
    app = make_app(tiny_bank, db_url, clock, lang="en")
    async with app.run_test(size=(100, 40)) as pilot:
        screen = await open_exam(app, pilot)
        assert len(screen.picks) == 3 and screen.minutes == 120
        assert "Mock exam: 3 questions in 120 minutes" in visible_text(screen)
        assert clock_text(120 * 60) in text_of(screen.query_one("#exam-clock", Static))
        await start(app, pilot, screen)

        # 1: right.
        assert screen.question is not None and screen.question.index == 1
        right_id = await give(app, pilot, screen, correct=True)
        clock.advance(minutes=3)
        screen.tick()
        await pilot.pause()

        # 2: an unreadable answer first, then wrong. Nothing says right or wrong, and no
        # score is shown, between the answers.
        assert screen.state == "asking" and screen.question is not None
        second = screen.question
        assert second.index == 2 and second.variant.kind != "choice"
        shown = visible_text(screen)
        for word in ("RIGHT", "WRONG", "Score", "explanation", "Missed"):
            assert word not in shown
        assert "2/3 · answered 1" in shown
        assert "1:57:00 left" in shown
        assert not screen.query_one("#exam-areas").display
        await pilot.press(*"2x(", "enter")
        await settle(app, pilot)
        assert screen.state == "asking" and screen.question is second
        assert "not a valid answer" in text_of(screen.query_one("#exam-error", Static))
        assert "2/3 · answered 1" in visible_text(screen)
        await pilot.press("ctrl+u")
        assert not screen.query_one("#exam-error").display
        wrong_id = await give(app, pilot, screen, correct=False)
        shown = visible_text(screen)
        for word in ("RIGHT", "WRONG", "Score", "explanation", "Missed"):
            assert word not in shown

        # 3: skipped with an empty Enter; it comes back once, and is skipped again.
        assert screen.question is not None and screen.question.index == 3
        assert screen.question.variant.kind != "choice"
        skipped_id = screen.question.question_id
        await pilot.press("enter")
        await settle(app, pilot)
        assert screen.state == "asking" and screen.question is not None
        assert screen.question.question_id == skipped_id and screen.question.revisit
        assert "Back to the question you skipped" in visible_text(screen)
        await pilot.press("enter")
        await settle(app, pilot)

        # The results: the score, per area, the missed items with the keys, the attempt.
        assert screen.state == "done" and screen.result is not None
        shown = visible_text(screen)
        assert "Score: 1/3 correct (33%), 2 answered" in shown
        assert "Saved (mock exam #1)." in shown
        areas = text_of(screen.query_one("#exam-areas", Static))
        for name in ("applied math", "machine learning", "deep learning", "dev environment"):
            assert name in areas
        assert "1/3" in areas and "0/0" in areas
        missed = text_of(screen.query_one("#exam-missed", Static))
        assert "Missed or unanswered (2)" in missed
        assert wrong_id in missed and skipped_id in missed and right_id not in missed
        assert "(not answered)" in missed
        for item in screen.result.missed:
            assert item.expected in missed
            assert item.variant.explanation.en.strip()[:40] in missed

        await pilot.press("ctrl+l")  # the results in Japanese: areas named as the exam does
        await pilot.pause()
        assert "深層学習" in text_of(screen.query_one("#exam-areas", Static))
        assert "結果: 1/3 問正解" in visible_text(screen)

        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, HomeScreen)

    reviews, attempts = stored(db_url)
    assert reviews == [(right_id, Rating.GOOD, True), (wrong_id, Rating.AGAIN, False)]
    (attempt,) = attempts
    assert (attempt.questions, attempt.answered, attempt.correct) == (3, 2, 1)
    assert attempt.time_limit_s == 120 * 60
    assert set(attempt.areas) == set(AREAS)
    assert attempt.areas["deep_learning"] == {"questions": 3, "correct": 1}
    assert [i["id"] for i in attempt.items] == [p.question.id for p in screen.picks]
    assert attempt.items[2]["answer"] is None


async def test_skipped_questions_come_back(tiny_bank: Bank, db_url: str, clock: Clock) -> None:
    app = make_app(tiny_bank, db_url, clock, lang="en")
    async with app.run_test(size=(100, 40)) as pilot:
        screen = await open_exam(app, pilot)
        await start(app, pilot, screen)
        ids = [p.question.id for p in screen.picks]
        session = screen.session
        assert session is not None

        # The first pass: 1 and 3 skipped, 2 right; nothing about a revisit yet.
        assert "revisit" not in visible_text(screen) and "Back to" not in visible_text(screen)
        await pilot.press("ctrl+n")
        await settle(app, pilot)
        second_id = await give(app, pilot, screen, correct=True)
        assert screen.question is not None and screen.question.index == 3
        assert "3/3 · answered 1" in visible_text(screen)
        assert "revisit" not in visible_text(screen)
        await pilot.press("ctrl+n")
        await settle(app, pilot)

        # The second pass: said once, above the first of the skipped ones; "revisit" meanwhile.
        assert screen.state == "asking" and screen.question is not None
        assert (screen.question.index, screen.question.question_id) == (1, ids[0])
        shown = visible_text(screen)
        assert "Back to the 2 questions you skipped" in shown
        assert "1/3 · answered 1 · revisit" in shown
        assert shown.index("Back to the 2") < shown.index(ids[0])
        await pilot.press("ctrl+l")  # the same in Japanese
        await pilot.pause()
        shown = visible_text(screen)
        assert "とばした 2 問に戻ります" in shown and "1/3 問 · 解答 1 · 見直し" in shown
        await pilot.press("ctrl+l")
        await pilot.pause()
        first_id = await give(app, pilot, screen, correct=True)  # recorded now
        assert first_id == ids[0]
        assert stored(db_url)[0] == [(second_id, Rating.GOOD, True), (ids[0], Rating.GOOD, True)]

        assert screen.question is not None and screen.question.index == 3
        shown = visible_text(screen)
        assert "Back to" not in shown  # said once
        assert "3/3 · answered 2 · revisit" in shown

        # Esc still finishes early, in a revisit as anywhere.
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmFinishScreen)
        await pilot.press("y")
        await settle(app, pilot)
        assert screen.state == "done" and screen.result is not None
        shown = visible_text(screen)
        assert "Score: 2/3 correct (67%), 2 answered" in shown
        assert "revisit" not in shown
        missed = text_of(screen.query_one("#exam-missed", Static))
        assert "Missed or unanswered (1)" in missed and ids[2] in missed
        assert ids[0] not in missed and second_id not in missed

    reviews, attempts = stored(db_url)
    assert reviews == [(second_id, Rating.GOOD, True), (ids[0], Rating.GOOD, True)]
    (attempt,) = attempts
    assert (attempt.questions, attempt.answered, attempt.correct) == (3, 2, 2)
    assert [i["correct"] for i in attempt.items] == [True, True, False]
    assert attempt.items[2]["answer"] is None


async def test_time_running_out_ends_the_exam(tiny_bank: Bank, db_url: str, clock: Clock) -> None:
    app = make_app(tiny_bank, db_url, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("x")
        await pilot.pause()
        await pilot.press("ctrl+u", "3", "tab", "ctrl+u", "1", "0", "enter")  # 3 items, 10 min
        await settle(app, pilot)
        screen = exam_screen(app)
        assert screen.minutes == 10
        await start(app, pilot, screen)
        answered = await give(app, pilot, screen, correct=True)
        clock.advance(minutes=8)
        await pilot.pause(1.3)  # the countdown's own timer redraws it
        assert "残り 2:00" in text_of(screen.query_one("#exam-clock", Static))
        assert screen.query_one("#exam-clock").has_class("-low")
        clock.advance(minutes=3)
        await pilot.pause(1.3)  # ...and ends the exam once the time is up
        await settle(app, pilot)
        assert screen.state == "done" and screen.result is not None
        assert screen.result.time_up
        shown = visible_text(screen)
        assert "時間切れです。" in shown
        assert "結果: 1/3 問正解（33%）、解答 1 問" in shown
        assert "残り 0:00" in shown
    reviews, attempts = stored(db_url)
    assert reviews == [(answered, Rating.GOOD, True)]
    assert [(a.answered, a.correct, a.time_limit_s) for a in attempts] == [(1, 1, 600)]


async def test_time_running_out_under_a_dialog(tiny_bank: Bank, db_url: str, clock: Clock) -> None:
    app = make_app(tiny_bank, db_url, clock, lang="en", exam=ExamOptions(3, 5, seed=1))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        screen = exam_screen(app)
        await start(app, pilot, screen)
        await pilot.press("escape")  # "finish now?" left open...
        await pilot.pause()
        assert isinstance(app.screen, ConfirmFinishScreen)
        clock.advance(minutes=6)
        screen.tick()  # ...when the time runs out: the dialog goes, the exam ends
        await settle(app, pilot)
        assert app.screen is screen and screen.state == "done"
        assert screen.result is not None and screen.result.time_up
        assert "Time is up." in visible_text(screen)
    assert [(a.answered, a.time_limit_s) for a in stored(db_url)[1]] == [(0, 300)]


def test_help_lists_the_exam_keys() -> None:
    from trainer.locale import text
    from trainer.tui.screens.help import KEYS

    sections = dict(KEYS)
    assert ("x", "home_4") in sections["home"] and "exam" in sections
    assert text("en", "help", "home_4") == "mock exam: timed, scored at the end"
    assert text("ja", "help", "home_4") == "模擬試験: 時間制限あり、採点は最後"
    assert text("en", "help", "exam") == "Mock exam"


async def test_an_answer_typed_after_the_time_does_not_count(
    tiny_bank: Bank, db_url: str, clock: Clock
) -> None:
    app = make_app(tiny_bank, db_url, clock, exam=ExamOptions(questions=3, minutes=1, seed=3))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        screen = exam_screen(app)  # `trainer exam` in a terminal: straight to the rules
        await start(app, pilot, screen)
        clock.advance(seconds=61)  # the tick has not come yet: the answer itself is late
        await give(app, pilot, screen, correct=True)
        assert screen.state == "done" and screen.result is not None
        assert (screen.result.score.answered, screen.result.time_up) == (0, True)
    reviews, attempts = stored(db_url)
    assert reviews == []
    assert [(a.questions, a.answered) for a in attempts] == [(3, 0)]


async def test_escape_asks_then_finishes_early(tiny_bank: Bank, db_url: str, clock: Clock) -> None:
    app = make_app(tiny_bank, db_url, clock, lang="en")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_exam(app, pilot)
        await start(app, pilot, screen)
        wrong_id = await give(app, pilot, screen, correct=False)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmFinishScreen)
        await pilot.press("n")  # go on
        await pilot.pause()
        assert app.screen is screen and screen.state == "asking"
        assert screen.question is not None and screen.question.index == 2
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("y")
        await settle(app, pilot)
        assert app.screen is screen and screen.state == "done"
        assert screen.result is not None and not screen.result.time_up
        shown = visible_text(screen)
        assert "Score: 0/3 correct (0%), 1 answered" in shown
        assert "Time is up" not in shown
        assert shown.count("(not answered)") == 2
        await pilot.press("escape")
        await settle(app, pilot)
        assert isinstance(app.screen, HomeScreen)
    reviews, attempts = stored(db_url)
    assert reviews == [(wrong_id, Rating.AGAIN, False)]
    assert [(a.questions, a.answered, a.correct) for a in attempts] == [(3, 1, 0)]


async def test_skips_and_quitting_saves_the_attempt(
    tiny_bank: Bank, db_url: str, clock: Clock
) -> None:
    app = make_app(tiny_bank, db_url, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_exam(app, pilot)
        await start(app, pilot, screen)
        assert screen.question is not None and screen.question.variant.kind == "choice"
        await pilot.press("enter")  # nothing picked: skipped
        await settle(app, pilot)
        assert screen.question is not None and screen.question.index == 2
        await pilot.press("4", "ctrl+n")  # typed but skipped anyway
        await settle(app, pilot)
        assert screen.question is not None and screen.question.index == 3
        assert screen.session is not None and screen.session.answered == 0
        await pilot.press("ctrl+q")  # mid-exam: scored and saved, as line mode's Ctrl-C
    reviews, attempts = stored(db_url)
    assert reviews == []
    assert [(a.questions, a.answered, a.correct) for a in attempts] == [(3, 0, 0)]
    assert [i["answer"] for i in attempts[0].items] == [None, None, None]


async def test_quitting_mid_exam_keeps_the_answers(
    tiny_bank: Bank, db_url: str, clock: Clock
) -> None:
    app = make_app(tiny_bank, db_url, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_exam(app, pilot)
        await start(app, pilot, screen)
        right_id = await give(app, pilot, screen, correct=True)
        await pilot.press("ctrl+q")
    reviews, attempts = stored(db_url)
    assert reviews == [(right_id, Rating.GOOD, True)]
    assert [(a.questions, a.answered, a.correct) for a in attempts] == [(3, 1, 1)]


async def test_leaving_before_the_start_saves_nothing(
    tiny_bank: Bank, db_url: str, clock: Clock
) -> None:
    app = make_app(tiny_bank, db_url, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("x")
        await pilot.pause()
        await pilot.press("escape")  # the set-up dialog: cancelled
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        screen = await open_exam(app, pilot)
        await pilot.press("escape")  # the rules: back home, the clock never started
        await settle(app, pilot)
        assert isinstance(app.screen, HomeScreen) and screen.session is None
        await pilot.press("x")
        await pilot.pause()
        await pilot.press("ctrl+u", "0", "enter")  # not a count: the hint turns red
        await pilot.pause()
        assert isinstance(app.screen, ExamSetupScreen)
        assert app.screen.query_one("#exam-setup-hint").has_class("-error")
    assert stored(db_url) == ([], [])


async def test_trainer_exam_opens_the_drawn_exam(
    tiny_bank: Bank, db_url: str, clock: Clock
) -> None:
    app = make_app(tiny_bank, db_url, clock, exam=ExamOptions(questions=2, minutes=30, seed=5))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        screen = exam_screen(app)
        assert (screen.seed, screen.minutes) == (5, 30)
        assert screen.picks == draw_exam(tiny_bank, 2, 5)
        assert "シード 5" in visible_text(screen)


@pytest.mark.parametrize(
    ("argv", "tty", "expected"),
    [
        (["exam"], True, True),
        (["exam", "--plain"], True, False),
        (["exam"], False, False),
        (["quiz"], True, True),
        (["report"], True, False),
    ],
)
def test_exam_opens_the_tui_only_in_a_terminal(
    monkeypatch: pytest.MonkeyPatch, argv: list[str], tty: bool, expected: bool
) -> None:
    from trainer.cli import build_parser

    for stream in ("stdin", "stdout"):
        monkeypatch.setattr(f"sys.{stream}.isatty", lambda: tty)
    args: argparse.Namespace = build_parser().parse_args(argv)
    assert tui.wanted(args) is expected


def test_clock_text() -> None:
    assert clock_text(7200) == "2:00:00"
    assert clock_text(7199.2) == "2:00:00"  # rounded up: 0:00 only once the time is up
    assert clock_text(245) == "4:05"
    assert clock_text(0.4) == "0:01"
    assert clock_text(-3) == "0:00"


def test_the_results_mark_the_picks_the_checker_read() -> None:
    assert picked_labels("2", 4) == {2}
    assert picked_labels("1, 3", 4) == picked_labels("(1)(３)", 4) == {1, 3}  # as judged
    assert picked_labels(None, 4) == picked_labels("", 4) == picked_labels("x", 4) == frozenset()


async def test_the_set_up_offers_the_framework_as_the_exam_does(
    tiny_bank: Bank, db_url: str, clock: Clock
) -> None:
    """PyTorch by default; "none" leaves the PyTorch code items out (NumPy is for everyone)."""
    app = make_app(tiny_bank, db_url, clock, lang="ja")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("x")
        await pilot.pause()
        setup = app.screen
        assert isinstance(setup, ExamSetupScreen)
        framework = setup.query_one("#exam-framework", Select)
        assert framework.value == "pytorch"
        assert "フレームワーク" in visible_text(setup)
        chosen: list[ExamOptions | None] = []
        framework.value = "none"
        setup.dismiss = chosen.append  # type: ignore[method-assign,assignment]
        await pilot.press("ctrl+u", "5", "enter")
        await pilot.pause()
        assert chosen == [ExamOptions(questions=5, minutes=120, framework="none")]

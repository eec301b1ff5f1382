"""Screenshots of every screen at 80x24 and 120x40, each in Japanese and English.

Deterministic: fixed clock, counting seeds, a tmp database, no cursor blink. Update with
`pytest tests/tui --snapshot-update` after a deliberate change, and look at the SVGs.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from tests.tui.conftest import Clock, Seeds
from tests.tui.test_progress_exercises import study_days
from trainer.bank.loader import Bank
from trainer.study.options import ExamOptions, SessionOptions
from trainer.tui.app import TrainerApp
from trainer.tui.screens.exam import ExamScreen

SIZES = [
    pytest.param(lang, size, id=f"{lang}-{size[0]}x{size[1]}")
    for lang in ("ja", "en")
    for size in ((80, 24), (120, 40))
]


async def until(pilot: Pilot[Any], done: Callable[[], bool]) -> None:
    """Wait for `done` (or an error shown by the app): 10 s at most, since a busy CI machine
    opens the database slowly."""
    app = pilot.app
    assert isinstance(app, TrainerApp)
    for _ in range(1000):
        if done() or app.error is not None:
            return
        await pilot.pause(0.01)


async def settle(pilot: Pilot[Any]) -> None:
    """Wait until workers, the messages they post and the workers those start are all done."""
    app = pilot.app
    assert isinstance(app, TrainerApp)
    await until(pilot, lambda: app.service is not None)  # the database, opened by a worker
    if app.screen is app.home:  # then the home counts and the streak, loaded by that worker
        await until(pilot, lambda: app.home.history is not None)
    for _ in range(6):
        await app.workers.wait_for_complete()
        await pilot.pause()


async def settled_feedback(pilot: Pilot[Any]) -> None:
    """`settle`, then the refreshes after which the review screen scrolls to the rating keys
    (a scroll waits for the layout that includes the feedback: real time, not only idleness)."""
    await settle(pilot)
    for _ in range(4):
        await pilot.pause(0.05)
    # The screen scrolls itself once its layout includes the feedback; when that lands varies
    # with the machine's load, so the picture is taken at the end, where it always arrives.
    pilot.app.screen.query_one("#body").scroll_end(animate=False)
    await pilot.pause(0.05)
    await settle(pilot)


def make_app(
    bank: Bank, db_url: str, lang: str, start: SessionOptions | None, **options: Any
) -> TrainerApp:
    return TrainerApp(
        db_url=db_url,
        user="tester",
        bank=bank,
        clock=options.pop("clock", None) or Clock(),
        seeds=Seeds(),
        lang=lang,
        start=start,
        cursor_blink=False,
        offset_minutes=0,
        **options,
    )


@pytest.mark.parametrize(("lang", "size"), SIZES)
def test_home(snap_compare: Any, tiny_bank: Bank, db_url: str, lang: str, size: Any) -> None:
    app = make_app(tiny_bank, db_url, lang, None)
    assert snap_compare(app, terminal_size=size, run_before=settle)


@pytest.mark.parametrize(("lang", "size"), SIZES)
def test_review_question(
    snap_compare: Any, tiny_bank: Bank, db_url: str, lang: str, size: Any
) -> None:
    app = make_app(tiny_bank, db_url, lang, SessionOptions(topic="deep_learning/generative/gan"))
    assert snap_compare(app, terminal_size=size, run_before=settle)


@pytest.mark.parametrize(("lang", "size"), SIZES)
def test_review_feedback(
    snap_compare: Any, tiny_bank: Bank, db_url: str, lang: str, size: Any
) -> None:
    app = make_app(tiny_bank, db_url, lang, SessionOptions(topic="deep_learning/generative/vae"))

    async def answer(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        await pilot.press(*"1/3", "enter")
        await settled_feedback(pilot)

    assert snap_compare(app, terminal_size=size, run_before=answer)


@pytest.mark.parametrize(("lang", "size"), SIZES)
def test_progress(snap_compare: Any, tiny_bank: Bank, db_url: str, lang: str, size: Any) -> None:
    study_days(tiny_bank, db_url, Clock(), 3)
    app = make_app(tiny_bank, db_url, lang, None)

    async def open_progress(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        await pilot.press("p")
        await settle(pilot)

    assert snap_compare(app, terminal_size=size, run_before=open_progress)


@pytest.mark.parametrize(("lang", "size"), SIZES)
def test_exercises(
    snap_compare: Any, tiny_bank: Bank, db_url: str, lang: str, size: Any, tmp_path: Path
) -> None:
    """The list before any check (a check's report would show the tmp workspace path), and the
    first exercise's contract; an empty workspace, so no hint was asked for yet."""
    app = make_app(tiny_bank, db_url, lang, None, workspace=str(tmp_path / "work"))

    async def open_exercises(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)

    assert snap_compare(app, terminal_size=size, run_before=open_exercises)


EXAM = ExamOptions(questions=3, minutes=120, seed=2026)


async def exam_settle(pilot: Pilot[Any]) -> None:
    """`settle` for an app started straight into the exam (home never loads its counts)."""
    app = pilot.app
    assert isinstance(app, TrainerApp)
    await until(pilot, lambda: isinstance(app.screen, ExamScreen))
    for _ in range(3):
        await app.workers.wait_for_complete()
        await pilot.pause()


@pytest.mark.parametrize(("lang", "size"), SIZES)
def test_exam_question(
    snap_compare: Any, tiny_bank: Bank, db_url: str, lang: str, size: Any
) -> None:
    """The second item of a fixed draw, 90 s into the exam (the first was answered)."""
    clock = Clock()
    app = make_app(tiny_bank, db_url, lang, None, exam=EXAM, clock=clock)

    async def second_question(pilot: Pilot[Any]) -> None:
        await exam_settle(pilot)
        await pilot.press("enter")  # the rules: start
        await exam_settle(pilot)
        await pilot.press("2", "enter")  # the first item is a choice question
        await exam_settle(pilot)
        clock.advance(seconds=90)
        screen = pilot.app.screen
        assert isinstance(screen, ExamScreen) and screen.question is not None
        assert screen.question.index == 2
        screen.tick()
        await pilot.pause()

    assert snap_compare(app, terminal_size=size, run_before=second_question)


@pytest.mark.parametrize(("lang", "size"), SIZES)
def test_exam_results(
    snap_compare: Any, tiny_bank: Bank, db_url: str, lang: str, size: Any
) -> None:
    """A fixed draw answered wrong, right-or-wrong and skipped (twice), ten minutes in."""
    clock = Clock()
    app = make_app(tiny_bank, db_url, lang, None, exam=EXAM, clock=clock)

    async def results(pilot: Pilot[Any]) -> None:
        await exam_settle(pilot)
        await pilot.press("enter")
        await exam_settle(pilot)
        await pilot.press("2", "enter")
        await exam_settle(pilot)
        await pilot.press(*"1/3", "enter")
        await exam_settle(pilot)
        clock.advance(minutes=10)
        await pilot.press("enter")  # the last item skipped: it comes back at once...
        await exam_settle(pilot)
        await pilot.press("enter")  # ...and is skipped again: the exam is over
        await exam_settle(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, ExamScreen) and screen.state == "done"

    assert snap_compare(app, terminal_size=size, run_before=results)


@pytest.mark.parametrize(("lang", "size"), SIZES)
def test_exam_revisit(
    snap_compare: Any, tiny_bank: Bank, db_url: str, lang: str, size: Any
) -> None:
    """Back to the first of two skipped items, five minutes in (the second was answered)."""
    clock = Clock()
    app = make_app(tiny_bank, db_url, lang, None, exam=EXAM, clock=clock)

    async def revisit(pilot: Pilot[Any]) -> None:
        await exam_settle(pilot)
        await pilot.press("enter")
        await exam_settle(pilot)
        await pilot.press("ctrl+n")  # the first item skipped
        await exam_settle(pilot)
        await pilot.press(*"1/3", "enter")
        await exam_settle(pilot)
        await pilot.press("ctrl+n")  # the last one skipped: back to the first
        await exam_settle(pilot)
        clock.advance(minutes=5)
        screen = pilot.app.screen
        assert isinstance(screen, ExamScreen) and screen.question is not None
        assert screen.question.index == 1 and screen.question.opens_pass
        screen.tick()
        await pilot.pause()

    assert snap_compare(app, terminal_size=size, run_before=revisit)


# Line breaking (trainer.wrap): questions that mix Japanese with Latin words, opened as
# `trainer quiz --question ID` opens them. Japanese breaks between BudouX phrases, Latin at
# spaces, and each choice's text hangs under its number.
MIXED = ("adv.virtualization-types", "gap.implicit-regularization")


@pytest.fixture
def mixed_bank(full_bank: Bank) -> Bank:
    return Bank({qid: full_bank.questions[qid] for qid in MIXED}, full_bank.syllabus)


def one_question(question_id: str) -> SessionOptions:
    return SessionOptions(question=question_id, learn_ahead_minutes=0)


@pytest.mark.parametrize(("lang", "size"), SIZES)
def test_wrapped_question(
    snap_compare: Any, mixed_bank: Bank, db_url: str, lang: str, size: Any
) -> None:
    """The question and its four long choices, each hanging under its number."""
    app = make_app(mixed_bank, db_url, lang, one_question("adv.virtualization-types"))
    assert snap_compare(app, terminal_size=size, run_before=settle)


@pytest.mark.parametrize(("lang", "size"), SIZES)
def test_wrapped_feedback(
    snap_compare: Any, mixed_bank: Bank, db_url: str, lang: str, size: Any
) -> None:
    """A wrong pick: the verdict, the key and the explanation ("generalization gap" whole)."""
    app = make_app(mixed_bank, db_url, lang, one_question("gap.implicit-regularization"))

    async def answer(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        await pilot.press("2", "enter")
        await settled_feedback(pilot)

    assert snap_compare(app, terminal_size=size, run_before=answer)


@pytest.mark.parametrize(("lang", "size"), [SIZES[0], SIZES[3]])  # ja-80x24, en-120x40
def test_exam_set_item(
    snap_compare: Any, full_bank: Bank, db_url: str, lang: str, size: Any
) -> None:
    """An item of a set, the set's stem above it; the set is drawn whole, in order."""
    set_id = "set.conv-layer-shapes"
    items = full_bank.sets[set_id]
    bank = Bank(
        {i: full_bank.questions[i] for i in items}, full_bank.syllabus, sets={set_id: items}
    )
    app = make_app(bank, db_url, lang, None, exam=ExamOptions(3, 120, seed=7), clock=Clock())

    async def first_item(pilot: Pilot[Any]) -> None:
        await exam_settle(pilot)
        await pilot.press("enter")  # the rules: start
        await exam_settle(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, ExamScreen) and screen.question is not None
        assert [p.question.id for p in screen.picks] == list(items)

    assert snap_compare(app, terminal_size=size, run_before=first_item)

"""The exercises screen as `trainer exercise show/hint/watch` (issue 16): the contract of the
exercise under the cursor, hints one at a time, and a check on every save, without a key."""

from __future__ import annotations

import contextlib
import shutil
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from tests.grading.catalogue import WRONG
from tests.tui.conftest import Clock
from tests.tui.test_progress_exercises import (
    EXERCISE,
    make_app,
    open_exercise,
    settle,
    submissions,
    text_of,
)
from trainer.bank.loader import Bank
from trainer.grading.catalog import load_exercise, solution_path
from trainer.grading.workspace import hints_seen
from trainer.tui.app import TrainerApp
from trainer.tui.screens.exercises import ExercisesScreen

OTHER = "cross_entropy_error"


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    folder = tmp_path / "work"
    folder.mkdir()
    return folder


def status(screen: ExercisesScreen, exercise_id: str = EXERCISE) -> str:
    return next(row.status for row in screen.rows if row.id == exercise_id)


async def until(pilot: Pilot[Any], done: Any, seconds: float = 120.0, *, wait: bool = True) -> None:
    """Let the app run (its timers poll for saves) until `done()`, then (`wait`) until its
    workers end; the bound is not a timing."""
    for _ in range(int(seconds / 0.02)):
        await pilot.pause(0.02)
        if done():
            if wait:
                await settle(pilot)
            return
    raise AssertionError("the screen never got there")


def move_to(app: TrainerApp, exercise_id: str) -> None:
    screen = app.screen
    assert isinstance(screen, ExercisesScreen)
    screen.select(exercise_id)


async def test_the_contract_of_the_exercise_under_the_cursor(
    tiny_bank: Bank, db_url: str, clock: Clock, workspace: Path
) -> None:
    app = make_app(tiny_bank, db_url, clock, lang="en", workspace=str(workspace))
    async with app.run_test(size=(120, 40)) as pilot:
        await open_exercise(app, pilot)
        await settle(pilot)
        shown = text_of(app, "#exercise-contract")
        assert shown.startswith("softmax: Stable softmax"), shown
        assert "softmax(x) -> y" in shown  # the stub's docstring, as `exercise show` prints it
        assert "checks:" in shown and "  - 1-D scores" in shown
        move_to(app, OTHER)
        await settle(pilot)
        shown = text_of(app, "#exercise-contract")
        assert shown.startswith(f"{OTHER}: ") and "softmax(x)" not in shown
        await pilot.press("ctrl+l")  # Japanese: the contract follows
        await settle(pilot)
        move_to(app, EXERCISE)
        await settle(pilot)
        shown = text_of(app, "#exercise-contract")
        assert shown.startswith("softmax: 数値的に安定な softmax"), shown
        assert "仕様" in shown and "1 次元のスコア" in shown and "1-D scores" not in shown


async def test_hints_come_one_at_a_time_for_each_exercise(
    tiny_bank: Bank, db_url: str, clock: Clock, workspace: Path
) -> None:
    hints = load_exercise(EXERCISE).hints
    assert len(hints) == 3
    app = make_app(tiny_bank, db_url, clock, lang="en", workspace=str(workspace))
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_exercise(app, pilot)
        await settle(pilot)
        assert not screen.query_one("#exercise-hints").display
        await pilot.press("h")
        shown = text_of(app, "#exercise-hints")
        assert shown.startswith("hint 1 of 3: ") and str(hints[0])[:30] in shown
        assert "hint 2" not in shown
        await pilot.press("h")
        shown = text_of(app, "#exercise-hints")
        assert "hint 1 of 3" in shown and "hint 2 of 3: " in shown and "hint 3" not in shown
        assert hints_seen(EXERCISE, workspace) == 2  # as `trainer exercise hint` remembers it
        move_to(app, OTHER)  # another exercise starts with none
        await settle(pilot)
        assert not screen.query_one("#exercise-hints").display
        move_to(app, EXERCISE)  # and this one keeps its two
        await settle(pilot)
        assert "hint 2 of 3" in text_of(app, "#exercise-hints")
        await pilot.press("h", "h")  # the third, then no fourth
        shown = text_of(app, "#exercise-hints")
        assert "hint 3 of 3: " in shown and "hint 4" not in shown
        await pilot.press("ctrl+l")
        await settle(pilot)
        assert "ヒント 3（全 3 個）" in text_of(app, "#exercise-hints")


async def test_a_saved_correct_file_passes_without_a_key(
    tiny_bank: Bank, db_url: str, clock: Clock, workspace: Path
) -> None:
    app = make_app(tiny_bank, db_url, clock, lang="en", workspace=str(workspace))
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_exercise(app, pilot)
        move_to(app, OTHER)  # the cursor elsewhere: the save brings it back
        await settle(pilot)
        assert status(screen) == "never"
        shutil.copyfile(solution_path(EXERCISE), workspace / f"{EXERCISE}.py")  # the save
        await until(pilot, lambda: status(screen) == "passed")
        assert screen.selected() == EXERCISE
        assert "PASSED" in text_of(app, "#exercise-result").upper()
        assert screen.query_one("#exercise-result-box").has_class("-passed")
    assert submissions(db_url) == ["passed"]


async def test_a_saved_wrong_file_shows_the_failure(
    tiny_bank: Bank, db_url: str, clock: Clock, workspace: Path
) -> None:
    wrong = WRONG[EXERCISE][0]
    assert wrong.label == "no shift by the maximum (overflows)"
    shutil.copyfile(solution_path(EXERCISE), workspace / f"{EXERCISE}.py")
    app = make_app(tiny_bank, db_url, clock, lang="en", workspace=str(workspace))
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_exercise(app, pilot)
        await settle(pilot)
        assert status(screen) == "never"  # a file already there is not a save
        (workspace / f"{EXERCISE}.py").write_text(wrong.source, encoding="utf-8")
        await until(pilot, lambda: status(screen) == "failed")
        shown = text_of(app, "#exercise-result")
        assert "FAILED" in shown.upper() and wrong.says in shown.lower(), shown
        assert "x = np.array" in shown  # the failing case
        assert screen.query_one("#exercise-result-box").has_class("-failed")
        (workspace / f"{EXERCISE}.py").write_text(  # fixed and saved again: checked again
            solution_path(EXERCISE).read_text(encoding="utf-8"), encoding="utf-8"
        )
        await until(pilot, lambda: status(screen) == "passed")
        assert "PASSED" in text_of(app, "#exercise-result").upper()
    assert submissions(db_url) == ["failed", "passed"]


async def test_a_save_during_its_check_is_checked_after_it(
    tiny_bank: Bank, db_url: str, clock: Clock, workspace: Path
) -> None:
    copy = workspace / f"{EXERCISE}.py"
    slow_and_wrong = "import time\ntime.sleep(1.5)\n" + WRONG[EXERCISE][0].source
    app = make_app(tiny_bank, db_url, clock, lang="en", workspace=str(workspace))
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_exercise(app, pilot)
        await settle(pilot)
        copy.write_text(slow_and_wrong, encoding="utf-8")
        await until(pilot, lambda: screen.checking == EXERCISE, wait=False)
        await pilot.pause(0.5)  # the check has read the file; its worker is still loading it
        assert screen.checking == EXERCISE
        shutil.copyfile(solution_path(EXERCISE), copy)  # saved again while it is checked
        await until(pilot, lambda: status(screen) == "passed", seconds=60)
    assert submissions(db_url) == ["failed", "passed"]


async def test_the_editor_closing_checks_the_file(
    tiny_bank: Bank,
    db_url: str,
    clock: Clock,
    workspace: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """`o` runs $EDITOR on the copy (here an "editor" that writes the reference into it): when
    it returns, the copy is checked without a key."""
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.setenv("EDITOR", f"cp {solution_path(EXERCISE)}")
    app = make_app(tiny_bank, db_url, clock, lang="en", workspace=str(workspace))
    monkeypatch.setattr(app, "suspend", contextlib.nullcontext)  # no terminal to give up here
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_exercise(app, pilot)
        await settle(pilot)
        await pilot.press("o")
        await until(pilot, lambda: status(screen) == "passed", seconds=60)
        assert "PASSED" in text_of(app, "#exercise-result").upper()
    assert submissions(db_url) == ["passed"]  # checked once: the poll took it as already seen

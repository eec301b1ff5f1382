"""Every screen in Japanese and in English, walked with Pilot: what is drawn (footer and dialogs
included) carries none of the other catalogue's text, and ctrl+l turns the footer, the palette
and the rating labels over."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from tests.test_locale import leaks
from tests.tui.conftest import Clock, Seeds
from tests.tui.test_session import answer
from trainer.bank.loader import Bank
from trainer.locale import LANGS, text
from trainer.tui.app import TrainerApp
from trainer.tui.screens.browser import BrowserScreen
from trainer.tui.screens.count import CountScreen
from trainer.tui.screens.exam import ExamScreen, ExamSetupScreen
from trainer.tui.screens.exercises import ExercisesScreen
from trainer.tui.screens.help import HelpScreen
from trainer.tui.screens.home import HomeScreen
from trainer.tui.screens.note import NoteScreen
from trainer.tui.screens.progress import ProgressScreen
from trainer.tui.screens.review import ReviewScreen
from trainer.tui.screens.settings import SettingsScreen


def shown(app: TrainerApp) -> str:
    """The screen as drawn now, line by line (a dialog over its screen included)."""
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


class Walk:
    def __init__(self, app: TrainerApp, pilot: Pilot[Any], lang: str) -> None:
        self.app, self.pilot, self.lang = app, pilot, lang
        self.seen: list[str] = []
        self.found: dict[str, list[str]] = {}

    async def settle(self) -> None:
        for _ in range(3):
            await self.app.workers.wait_for_complete()
            await self.pilot.pause()

    async def press(self, *keys: str) -> None:
        await self.pilot.press(*keys)
        await self.settle()

    def look(self, name: str, kind: type | None = None) -> str:
        if kind is not None:
            assert isinstance(self.app.screen, kind), (name, type(self.app.screen).__name__)
        drawn = shown(self.app)
        self.seen.append(name)
        found = leaks(self.lang, drawn)
        if found:
            self.found[name] = [*found, drawn]
        return drawn


async def walk(walk: Walk, workspace: Path) -> None:
    app, look, press = walk.app, walk.look, walk.press
    await walk.settle()
    look("home", HomeScreen)
    await press("question_mark")
    look("help", HelpScreen)
    await press("escape")
    await press("c")
    look("count dialog", CountScreen)
    await press("escape")
    await press("n")
    look("more-new dialog", CountScreen)
    await press("escape")

    # review: asking, feedback wrong and right (the rating bar), the flag note, the end
    await press("s")
    look("review asking", ReviewScreen)
    await answer(app, walk.pilot, correct=False)
    look("review feedback (wrong)", ReviewScreen)
    await press("ctrl+f")
    look("flag note dialog", NoteScreen)
    await press("escape")
    await press("enter")
    await answer(app, walk.pilot, correct=True)
    look("review feedback (right)", ReviewScreen)
    screen = app.screen
    assert isinstance(screen, ReviewScreen)
    while screen.state != "done":
        await press("enter")
        if screen.state == "asking":
            await answer(app, walk.pilot, correct=True)
    look("review done", ReviewScreen)
    await press("enter")

    # mock exam: set-up, rules, a question, "finish now?", the results
    await press("x")
    look("exam setup", ExamSetupScreen)
    await press("ctrl+u", "2", "enter")
    look("exam rules", ExamScreen)
    await press("enter")
    look("exam question", ExamScreen)
    await press("escape")
    look("exam finish dialog")
    await press("y")
    look("exam results", ExamScreen)
    await press("enter")

    await press("p")
    look("progress", ProgressScreen)
    await press("escape")
    await press("e")
    look("exercises", ExercisesScreen)
    await press("escape")
    await press("comma")
    look("settings", SettingsScreen)
    await press("enter")
    look("settings editing", SettingsScreen)
    await press("escape", "escape")
    await press("b")
    look("card browser", BrowserScreen)
    await press("enter")
    look("card detail", BrowserScreen)
    await press("escape")
    await press("x")
    look("reset dialog")
    await press("n")
    await press("f")
    look("browser flag note", BrowserScreen)
    await press("escape")
    await press("escape")
    look("home again", HomeScreen)
    await press("ctrl+p")
    look("command palette, empty")
    await walk.pilot.press(*"s")
    await walk.settle()
    look("command palette")
    await press("escape")


@pytest.mark.parametrize("lang", LANGS)
async def test_every_screen_speaks_one_language(
    lang: str, tiny_bank: Bank, db_url: str, clock: Clock, tmp_path: Path
) -> None:
    workspace = tmp_path / "exercises"
    workspace.mkdir()
    app = TrainerApp(
        db_url=db_url,
        user="tester",
        bank=tiny_bank,
        clock=clock,
        seeds=Seeds(),
        lang=lang,
        workspace=str(workspace),
    )
    async with app.run_test(size=(120, 40)) as pilot:
        walked = Walk(app, pilot, lang)
        await walk(walked, workspace)
    assert len(walked.seen) == 25  # every step of the walk was reached
    assert walked.found == {}, "\n\n".join(
        f"{name}: {', '.join(found[:-1])}\n{found[-1]}" for name, found in walked.found.items()
    )


async def test_ctrl_l_turns_footer_palette_and_ratings_over(
    tiny_bank: Bank, db_url: str, clock: Clock
) -> None:
    app = TrainerApp(
        db_url=db_url, user="tester", bank=tiny_bank, clock=clock, seeds=Seeds(), lang="ja"
    )
    async with app.run_test(size=(120, 40)) as pilot:
        walked = Walk(app, pilot, "ja")
        await walked.settle()
        footer: Callable[[], str] = lambda: shown(app).splitlines()[-1]  # noqa: E731
        assert text("ja", "keys", "start-all") in footer()
        assert "Study all" not in footer()
        assert text("ja", "palette", "progress") in [
            c.title for c in app.get_system_commands(app.screen)
        ]
        await walked.press("ctrl+l")
        assert "Study all" in footer() and text("ja", "keys", "start-all") not in footer()
        assert "Progress (p)" in [c.title for c in app.get_system_commands(app.screen)]
        await walked.press("s")
        await answer(app, pilot, correct=True)
        assert "Good" in shown(app)
        await walked.press("ctrl+l")
        drawn = shown(app)
        assert "普通" in drawn and "簡単" in drawn and "Easy" not in drawn
        assert text("ja", "keys", "review-leave") in drawn.splitlines()[-1]


@pytest.mark.parametrize(
    ("lang", "said"), [("en", "cannot connect to"), ("ja", "に接続できません")]
)
async def test_an_unreachable_class_server_is_said_in_the_language_asked_for(
    lang: str, said: str
) -> None:
    import socket

    with socket.socket() as free:  # a loopback port nobody listens on
        free.bind(("127.0.0.1", 0))
        port = free.getsockname()[1]
    url = f"postgresql+psycopg://learner:secret@127.0.0.1:{port}/class"
    app = TrainerApp(db_url=url, user="learner", lang=lang)
    async with app.run_test(size=(120, 40)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.error is not None and said in app.error
        assert "secret" not in app.error
        assert said in shown(app)

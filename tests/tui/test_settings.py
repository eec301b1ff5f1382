"""The settings screen (`,`), driven with Pilot: open, edit, refuse a bad value, save, and the
language remembered between two runs of the app on the same database."""

from __future__ import annotations

from typing import Any

from textual.pilot import Pilot
from textual.widgets import DataTable, Input, Static

from tests.tui.conftest import Clock, Seeds
from trainer.bank.loader import Bank
from trainer.store.engine import make_engine
from trainer.store.repository import Store
from trainer.study.settings import KEYS, Settings, load_settings
from trainer.tui.app import TrainerApp
from trainer.tui.screens.home import HomeScreen
from trainer.tui.screens.settings import SettingsScreen


def make_app(bank: Bank, db_url: str, clock: Clock, **options: Any) -> TrainerApp:
    return TrainerApp(
        db_url=db_url, user="tester", bank=bank, clock=clock, seeds=Seeds(), **options
    )


async def settle(app: TrainerApp, pilot: Pilot[Any]) -> None:
    for _ in range(200):  # the database opens in a worker started after the first frame
        if app.service is not None or app.error is not None:
            break
        await pilot.pause(0.01)
    for _ in range(4):
        await app.workers.wait_for_complete()
        await pilot.pause()


def stored(db_url: str) -> Settings:
    store = Store(make_engine(db_url))
    try:
        return load_settings(store, store.user_id("tester"))
    finally:
        store.close()


def message(screen: SettingsScreen) -> str:
    return str(screen.query_one("#settings-message", Static).content)


async def open_settings(app: TrainerApp, pilot: Pilot[Any]) -> SettingsScreen:
    await settle(app, pilot)
    await pilot.press("comma")
    await settle(app, pilot)
    screen = app.screen
    assert isinstance(screen, SettingsScreen)
    return screen


async def edit(app: TrainerApp, pilot: Pilot[Any], key: str, text: str) -> None:
    """Select the row of `key`, open its field, replace the value with `text`, press Enter."""
    screen = app.screen
    assert isinstance(screen, SettingsScreen)
    table = screen.query_one("#settings-list", DataTable)
    table.move_cursor(row=list(KEYS).index(key))
    await pilot.press("enter")
    field = screen.query_one("#settings-input", Input)
    assert screen.editing == key and field.display and field.has_focus
    field.value = ""
    await pilot.press(*text, "enter")
    await settle(app, pilot)


async def test_settings_lists_every_key_and_saves_a_value(
    tiny_bank: Bank, db_url: str, clock: Clock
) -> None:
    app = make_app(tiny_bank, db_url, clock)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_settings(app, pilot)
        table = screen.query_one("#settings-list", DataTable)
        assert [str(table.get_row_at(n)[0]) for n in range(table.row_count)] == list(KEYS)
        assert str(table.get_row_at(0)[1]) == "20 （既定）"
        assert str(table.get_row_at(0)[2]) == KEYS["new-per-day"].description.ja
        await edit(app, pilot, "new-per-day", "35")
        assert screen.editing is None and not screen.query_one("#settings-input").display
        assert "保存しました: new-per-day = 35" in message(screen)
        assert str(table.get_row_at(0)[1]) == "35"
        assert app.settings.new_per_day == 35  # the rest of the app sees it at once
        await edit(app, pilot, "desired-retention", "85%")
        assert app.settings.desired_retention == 0.85
        await pilot.press("escape")
        await settle(app, pilot)
        assert isinstance(app.screen, HomeScreen)
    assert stored(db_url) == Settings(new_per_day=35, desired_retention=0.85)


async def test_a_bad_value_is_explained_and_nothing_is_saved(
    tiny_bank: Bank, db_url: str, clock: Clock
) -> None:
    app = make_app(tiny_bank, db_url, clock, lang="en")
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_settings(app, pilot)
        await edit(app, pilot, "new-per-day", "-3")
        text = message(screen)
        assert "new-per-day: '-3' cannot be used; expected a whole number from 0 to 9999" in text
        assert screen.query_one("#settings-message").has_class("-error")
        assert screen.editing == "new-per-day"  # the field stays open to correct it
        await pilot.press("ctrl+l")  # the message follows the language
        await settle(app, pilot)
        refused = "new-per-day: 「-3」は使えません。0〜9999 の整数を指定してください"
        assert refused in message(screen)
        await pilot.press("escape")
        await edit(app, pilot, "exam-date", "2027/02/20")
        assert "exam-date: 「2027/02/20」は使えません" in message(screen)
        await pilot.press("escape")  # first Esc: drop the change
        await settle(app, pilot)
        assert app.screen is screen and screen.editing is None
        await pilot.press("escape")  # second: back home
        await settle(app, pilot)
        assert isinstance(app.screen, HomeScreen)
    assert stored(db_url) == Settings(language="ja")  # ctrl+l stored ja; nothing else


async def test_the_language_is_remembered_between_runs(
    tiny_bank: Bank, db_url: str, clock: Clock
) -> None:
    app = make_app(tiny_bank, db_url, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        assert app.lang == "ja"
        await pilot.press("ctrl+l")
        await settle(app, pilot)
        assert app.lang == "en" and app.settings.language == "en"
    assert stored(db_url).language == "en"

    again = make_app(tiny_bank, db_url, clock)  # no --lang: the stored one
    async with again.run_test(size=(80, 24)) as pilot:
        await settle(again, pilot)
        assert again.lang == "en"
        assert "s study all" in str(again.home.query_one("#home-keys", Static).content)
        screen = await open_settings(again, pilot)
        await edit(again, pilot, "language", "ja")  # the settings screen switches it too
        assert again.lang == "ja" and "language = ja" in message(screen)

    forced = make_app(tiny_bank, db_url, clock, lang="en")  # --lang en wins over the stored ja
    async with forced.run_test(size=(80, 24)) as pilot:
        await settle(forced, pilot)
        assert forced.lang == "en" and forced.settings.language == "ja"
    assert stored(db_url).language == "ja"  # a forced language is not stored


async def test_settings_are_in_the_command_palette(
    tiny_bank: Bank, db_url: str, clock: Clock
) -> None:
    app = make_app(tiny_bank, db_url, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        title = "設定 (,)"  # the palette speaks the learner's language (ja by default)
        [command] = [c for c in app.get_system_commands(app.screen) if c.title == title]
        command.callback()
        await settle(app, pilot)
        assert isinstance(app.screen, SettingsScreen)


async def test_o_fits_fsrs_to_the_learners_reviews_and_says_how(
    tiny_bank: Bank, db_url: str, clock: Clock
) -> None:
    """Issue 19: the settings screen's `o` runs `trainer optimize`; with no reviews yet it says
    how many more are needed, in the learner's language, and changes nothing."""
    app = make_app(tiny_bank, db_url, clock)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_settings(app, pilot)
        await pilot.press("o")
        await settle(app, pilot)
        await settle(app, pilot)
        shown = message(screen)
        assert "復習がまだ足りません" in shown and "必要 400 回、あと 400 回" in shown
        assert not screen.saving

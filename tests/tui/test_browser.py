"""The card browser (`b`), driven with Pilot: open it, search, filter by state, open a card's
detail, suspend, bury, flag with a note, reset after y/n, relabel, and what the store holds."""

from __future__ import annotations

from typing import Any

from textual.pilot import Pilot
from textual.widgets import DataTable, Input, Static

from tests.tui.conftest import CHOICE, EXPRESSION, NUMERIC, Clock, Seeds
from trainer.bank.loader import Bank
from trainer.scheduling import Rating, Scheduler
from trainer.store.cards import CardRecord, card_record
from trainer.store.engine import make_engine
from trainer.store.repository import Answer, Store
from trainer.store.upgrade import ensure_schema
from trainer.tui.app import TrainerApp
from trainer.tui.screens.browser import BrowserScreen, ConfirmResetScreen
from trainer.tui.screens.home import HomeScreen


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


def record(db_url: str, question_id: str) -> CardRecord | None:
    store = Store(make_engine(db_url))
    try:
        return card_record(store, store.user_id("tester"), question_id)
    finally:
        store.close()


def answer_wrong(db_url: str, clock: Clock, question_id: str) -> None:
    engine = make_engine(db_url)
    ensure_schema(engine)
    store = Store(engine)
    try:
        answer = Answer(question_id, Rating.AGAIN, "0", False, 7, 1000, clock())
        store.record_review(store.user_id("tester"), answer, Scheduler())
    finally:
        store.close()


def ids(screen: BrowserScreen) -> list[str]:
    return [card.question_id for card in screen.shown]


def status(screen: BrowserScreen) -> str:
    return str(screen.query_one("#browser-status", Static).content)


async def open_browser(app: TrainerApp, pilot: Pilot[Any]) -> BrowserScreen:
    await settle(app, pilot)
    await pilot.press("b")
    await settle(app, pilot)
    screen = app.screen
    assert isinstance(screen, BrowserScreen)
    return screen


def select(screen: BrowserScreen, question_id: str) -> None:
    screen.query_one("#browser-table", DataTable).move_cursor(row=ids(screen).index(question_id))


async def test_browser_lists_searches_and_filters(
    tiny_bank: Bank, db_url: str, clock: Clock
) -> None:
    answer_wrong(db_url, clock, CHOICE)
    clock.advance(hours=1)  # its 1-minute learning step is due now
    app = make_app(tiny_bank, db_url, clock, lang="en")
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_browser(app, pilot)
        table = screen.query_one("#browser-table", DataTable)
        assert table.row_count == 3 and sorted(ids(screen)) == sorted(tiny_bank.questions)
        assert status(screen).startswith("3 of 3 questions")
        row = table.get_row(CHOICE)
        assert row[1] == "learning*"  # due now

        # Search: typing filters at once (no database), in English or Japanese text.
        await pilot.press("slash")
        assert screen.query_one("#browser-search", Input).has_focus
        await pilot.press(*"wasserstein")
        assert ids(screen) == [CHOICE]
        await settle(app, pilot)
        stored = record(db_url, CHOICE)  # the "s" typed went into the box, not to suspend
        assert stored is not None and not stored.suspended
        screen.query_one("#browser-search", Input).value = "エンコーダ"
        await pilot.pause()
        assert ids(screen) == [NUMERIC]
        screen.query_one("#browser-search", Input).value = ""
        await pilot.press("escape")  # leaves the search box, not the screen
        assert isinstance(app.screen, BrowserScreen) and table.has_focus

        # The state filter cycles: all -> new -> learning -> review -> due ...
        await pilot.press("v")
        assert screen.state_filter == "new" and sorted(ids(screen)) == sorted([NUMERIC, EXPRESSION])
        assert "new" in str(screen.query_one("#browser-filter", Static).content)
        await pilot.press("v")
        assert screen.state_filter == "learning" and ids(screen) == [CHOICE]
        await pilot.press("v", "v")
        assert screen.state_filter == "due" and ids(screen) == [CHOICE]
        for _ in range(5):  # suspended, buried, flagged, leech, back to all
            await pilot.press("v")
        assert screen.state_filter is None and len(ids(screen)) == 3

        await pilot.press("escape")
        await settle(app, pilot)
        assert isinstance(app.screen, HomeScreen)


async def test_browser_detail_and_actions(tiny_bank: Bank, db_url: str, clock: Clock) -> None:
    answer_wrong(db_url, clock, CHOICE)
    app = make_app(tiny_bank, db_url, clock, lang="en")
    async with app.run_test(size=(100, 36)) as pilot:
        screen = await open_browser(app, pilot)
        select(screen, CHOICE)

        # Enter: the detail panel with the question and every review.
        await pilot.press("enter")
        await settle(app, pilot)
        assert screen.detail is not None and screen.detail.view.question_id == CHOICE
        text = str(screen.query_one("#browser-detail", Static).content)
        assert CHOICE in text and "reviews (1)" in text and "Again" in text and "wrong" in text
        assert screen.query_one("#browser-detail-box").display

        # s: suspend, and again: unsuspend.
        await pilot.press("s")
        await settle(app, pilot)
        stored = record(db_url, CHOICE)
        assert stored is not None and stored.suspended
        assert "suspended" in status(screen)
        assert "suspended" in str(screen.query_one("#browser-detail", Static).content)
        await pilot.press("s")
        await settle(app, pilot)
        stored = record(db_url, CHOICE)
        assert stored is not None and not stored.suspended

        # b: bury until the next study day; b again: unbury.
        await pilot.press("b")
        await settle(app, pilot)
        stored = record(db_url, CHOICE)
        assert stored is not None and stored.buried(clock())
        await pilot.press("b")
        await settle(app, pilot)
        stored = record(db_url, CHOICE)
        assert stored is not None and not stored.buried(clock())

        # f: flag with a note typed in the small input; the flagged filter shows it.
        await pilot.press("f")
        assert screen.flagging == CHOICE
        assert screen.query_one("#browser-note", Input).has_focus
        await pilot.press(*"key wrong", "enter")
        await settle(app, pilot)
        stored = record(db_url, CHOICE)
        assert stored is not None and stored.flagged_at is not None
        assert stored.flag_note == "key wrong"
        for _ in range(7):
            await pilot.press("v")
        assert screen.state_filter == "flagged" and ids(screen) == [CHOICE]
        await pilot.press("f")  # flagged already: unflag
        await settle(app, pilot)
        stored = record(db_url, CHOICE)
        assert stored is not None and stored.flagged_at is None
        assert ids(screen) == []
        assert "No question matches" in status(screen)
        await pilot.press("v")
        await pilot.press("v")  # leech, then all again
        select(screen, CHOICE)

        # x: reset asks first; n keeps the card, y resets it.
        await pilot.press("x")
        await settle(app, pilot)
        assert isinstance(app.screen, ConfirmResetScreen)
        await pilot.press("n")
        await settle(app, pilot)
        stored = record(db_url, CHOICE)
        assert stored is not None and stored.state.reps == 1
        await pilot.press("x")
        await settle(app, pilot)
        await pilot.press("y")
        await settle(app, pilot)
        stored = record(db_url, CHOICE)
        assert stored is not None and stored.state.reps == 0
        assert screen.query_one("#browser-table", DataTable).get_row(CHOICE)[1] == "new"

        # Esc closes the detail first, then goes home.
        await pilot.press("escape")
        assert screen.detail_id is None and isinstance(app.screen, BrowserScreen)
        await pilot.press("escape")
        await settle(app, pilot)
        assert isinstance(app.screen, HomeScreen)


async def test_browser_flag_note_cancelled_and_relabelled(
    tiny_bank: Bank, db_url: str, clock: Clock
) -> None:
    app = make_app(tiny_bank, db_url, clock)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_browser(app, pilot)
        assert status(screen).startswith("3/3 問")
        table = screen.query_one("#browser-table", DataTable)
        assert (
            str(table.columns[table.coordinate_to_cell_key((0, 0)).column_key].label) == "問題 ID"
        )
        select(screen, NUMERIC)
        await pilot.press("f")
        await pilot.press(*"abc", "escape")  # cancelled: nothing stored
        await settle(app, pilot)
        assert screen.flagging is None and record(db_url, NUMERIC) is None
        await pilot.press("ctrl+l")
        await settle(app, pilot)
        assert status(screen).startswith("3 of 3 questions")
        assert "search" in str(screen.query_one("#browser-keys", Static).content)
        label = table.columns[table.coordinate_to_cell_key((0, 0)).column_key].label
        assert str(label) == "id"


async def test_browser_opens_from_the_command_palette(
    tiny_bank: Bank, db_url: str, clock: Clock
) -> None:
    app = make_app(tiny_bank, db_url, clock, lang="en")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        commands = [command.title for command in app.get_system_commands(app.screen)]
        assert "Card browser (b)" in commands
        app.action_browse()
        await settle(app, pilot)
        assert isinstance(app.screen, BrowserScreen)

"""`b`: the card browser. Every question with its card, searched and filtered by state; Enter
shows one card in detail (its question, memory state and every review) below the list; keys
suspend, bury, flag (with an optional note) or reset (after a y/n) the card under the cursor.

The cards are read in a worker thread (`trainer.study.browser.views`, one query) and kept here;
the search box and the state filter only filter that list, so typing never waits on the
database. Every action runs in a worker and re-reads the list afterwards.
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import DataTable, Header, Input, Static

from trainer.tui.screens.base import TrainerScreen
from trainer.tui.text import say
from trainer.tui.widgets.footer import Footer
from trainer.tui.widgets.plain import Prose
from trainer.tui.widgets.table import fill_table

if TYPE_CHECKING:
    from trainer.study.browser import CardDetail, CardView

NOTE_LENGTH = 500  # a flag's note is a hint for the author, not an essay
# The topic comes last: long paths would push the state and the marks out of an 80-column view.
COLUMNS = (
    "browser_id",
    "browser_state",
    "browser_due",
    "browser_lapses",
    "browser_marks",
    "browser_topic",
)


class BrowserScreen(TrainerScreen):
    CSS_PATH = "browser.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back", id="browser-back"),
        Binding("q", "leave", "Home", id="browser-leave", show=False),
        Binding("slash", "search", "Search", id="browser-search-key"),
        Binding("v", "cycle_state", "State", id="browser-state-key"),
        Binding("s", "switch('suspend')", "Suspend", id="browser-suspend"),
        Binding("b", "switch('bury')", "Bury", id="browser-bury"),
        Binding("f", "flag", "Flag", id="browser-flag"),
        Binding("x", "reset", "Reset", id="browser-reset"),
    ]

    def __init__(self) -> None:
        super().__init__(id="browser-screen")
        self.cards: list[CardView] | None = None  # every question, as last read
        self.shown: list[CardView] = []  # those the search and the state filter let through
        self.state_filter: str | None = None  # one of trainer.study.browser.STATES
        self.detail_id: str | None = None  # the card shown in the detail panel
        self.detail: CardDetail | None = None
        self.flagging: str | None = None  # the card whose flag note is being typed
        self.busy = False  # an action is being saved
        self.notice: tuple[str, dict[str, object]] | None = None  # the last action's message

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="browser-bar"):
            yield Input(id="browser-search")
            yield Static(id="browser-filter")
        yield DataTable(id="browser-table", cursor_type="row", zebra_stripes=True)
        with VerticalScroll(id="browser-detail-box"):
            yield Prose(id="browser-detail")
        yield Input(id="browser-note", max_length=NOTE_LENGTH)
        yield Static(id="browser-status")
        yield Static(id="browser-keys")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#browser-detail-box").display = False
        self.query_one("#browser-note", Input).display = False
        self.relabel()
        self.query_one("#browser-table", DataTable).focus()
        self.load()

    # -- reading -----------------------------------------------------------------------------

    @work(exclusive=True, group="browser-load", exit_on_error=False)
    async def load(self) -> None:
        await self.reload()

    async def reload(self) -> None:
        """Read every card again (in a thread) and show the list, the cursor kept on its card."""
        from trainer.study.browser import views

        service = self.trainer.service
        if service is None:
            return
        self.cards = await asyncio.to_thread(
            views, service.store, service.bank, service.user_id, service.clock(), service.scheduler
        )
        self.refilter()

    def refilter(self) -> None:
        """Apply the search and the state filter to the cards read (no database work)."""
        from trainer.study.browser import filter_views

        service = self.trainer.service
        if self.cards is None or service is None:
            return
        search = self.query_one("#browser-search", Input).value
        current = self.current_id()
        self.shown = filter_views(self.cards, service.bank, search=search, state=self.state_filter)
        self.fill(current)
        self.show_status()

    def fill(self, keep: str | None) -> None:
        from trainer.study.browser import marks_text, state_text, when_text

        lang = self.trainer.lang
        service = self.trainer.service

        def topic(path: str) -> str:  # the syllabus's name, the path's last part beside
            if service is None:
                return path
            from trainer.bank.topics import topic_names

            return topic_names(service.bank).label(path, lang)

        table = self.query_one("#browser-table", DataTable)
        columns = [(key, say(lang, key)) for key in COLUMNS]
        rows = [
            (
                card.question_id,
                (
                    card.question_id,
                    state_text(lang, card),
                    when_text(card.due),
                    card.lapses,
                    Text(marks_text(lang, card), style="bold" if card.flagged else ""),
                    topic(card.topic),
                ),
            )
            for card in self.shown
        ]
        fill_table(table, columns, rows)
        ids = [card.question_id for card in self.shown]
        if keep in ids:
            table.move_cursor(row=ids.index(keep))

    def current_id(self) -> str | None:
        """The question under the cursor (None: the list is empty)."""
        table = self.query_one("#browser-table", DataTable)
        if not self.shown or table.row_count == 0:
            return None
        row = min(max(table.cursor_row, 0), len(self.shown) - 1)
        return self.shown[row].question_id

    def current(self) -> CardView | None:
        qid = self.current_id()
        return next((card for card in self.shown if card.question_id == qid), None)

    # -- showing -----------------------------------------------------------------------------

    def relabel(self) -> None:
        from trainer.study.browser import STATE_NAMES

        lang = self.trainer.lang
        self.query_one("#browser-search", Input).placeholder = say(lang, "browser_search")
        self.query_one("#browser-note", Input).placeholder = say(lang, "browser_note")
        name = (
            say(lang, "browser_all")
            if self.state_filter is None
            else STATE_NAMES[lang][self.state_filter]
        )
        self.query_one("#browser-filter", Static).update(say(lang, "browser_filter", state=name))
        self.query_one("#browser-keys", Static).update(say(lang, "browser_keys"))
        if self.cards is not None:
            self.fill(self.current_id())
        self.show_status()
        self.show_detail_text()

    def show_status(self) -> None:
        lang = self.trainer.lang
        if self.flagging is not None:
            text = say(lang, "browser_flag_prompt", id=self.flagging)
        elif self.cards is None:
            text = say(lang, "loading")
        elif not self.shown:
            text = say(lang, "browser_none")
        else:
            text = say(lang, "browser_count", n=len(self.shown), total=len(self.cards))
        if self.notice is not None and self.flagging is None:
            key, values = self.notice
            text += " · " + say(lang, key, **values)
        self.query_one("#browser-status", Static).update(text)

    def show_detail_text(self) -> None:
        from trainer.study.browser import detail_lines

        box = self.query_one("#browser-detail-box")
        box.display = self.detail_id is not None
        if self.detail_id is None:
            return
        lang = self.trainer.lang
        widget = self.query_one("#browser-detail", Static)
        if self.detail is None or self.detail.view.question_id != self.detail_id:
            widget.update(say(lang, "loading"))
        else:
            widget.update(Text("\n".join(detail_lines(self.detail, lang))))

    # -- the detail panel --------------------------------------------------------------------

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        qid = self.current_id()
        if qid is None:
            return
        if self.detail_id == qid:  # Enter again: close it
            self.close_detail()
        else:
            self.open_detail(qid)

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        qid = self.current_id()
        if self.detail_id is not None and qid is not None and qid != self.detail_id:
            self.open_detail(qid)  # the panel follows the cursor

    def open_detail(self, qid: str) -> None:
        self.detail_id = qid
        self.show_detail_text()
        self.load_detail(qid)

    def close_detail(self) -> None:
        self.detail_id = None
        self.detail = None
        self.show_detail_text()

    @work(exclusive=True, group="browser-detail", exit_on_error=False)
    async def load_detail(self, qid: str) -> None:
        from trainer.study.browser import card_detail

        service = self.trainer.service
        if service is None:
            return
        detail = await asyncio.to_thread(
            card_detail,
            service.store,
            service.bank,
            service.user_id,
            qid,
            service.clock(),
            service.scheduler,
        )
        if self.detail_id == qid:
            self.detail = detail
            self.show_detail_text()
            self.query_one("#browser-detail-box", VerticalScroll).scroll_home(animate=False)

    # -- filtering ---------------------------------------------------------------------------

    @on(Input.Changed, "#browser-search")
    def searched(self, event: Input.Changed) -> None:
        self.refilter()

    @on(Input.Submitted, "#browser-search")
    def search_done(self, event: Input.Submitted) -> None:
        self.query_one("#browser-table", DataTable).focus()

    def action_search(self) -> None:
        if self.flagging is None:
            self.query_one("#browser-search", Input).focus()

    def action_cycle_state(self) -> None:
        from trainer.study.browser import STATES

        order: list[str | None] = [None, *STATES]
        self.state_filter = order[(order.index(self.state_filter) + 1) % len(order)]
        self.relabel()
        self.refilter()

    # -- actions -----------------------------------------------------------------------------

    def action_switch(self, what: str) -> None:
        card = self.current()
        if card is None or self.busy or self.flagging is not None:
            return
        on_now = card.suspended if what == "suspend" else card.buried
        self.start_action(card.question_id, f"un{what}" if on_now else what)

    def action_flag(self) -> None:
        card = self.current()
        if card is None or self.busy or self.flagging is not None:
            return
        if card.flagged:
            self.start_action(card.question_id, "unflag")
            return
        self.flagging = card.question_id
        note = self.query_one("#browser-note", Input)
        note.value = ""
        note.display = True
        note.focus()
        self.show_status()

    @on(Input.Submitted, "#browser-note")
    def note_done(self, event: Input.Submitted) -> None:
        qid = self.flagging
        self.close_note()
        if qid is not None:
            self.start_action(qid, "flag", event.value.strip() or None)

    def close_note(self) -> None:
        self.flagging = None
        self.query_one("#browser-note", Input).display = False
        self.query_one("#browser-table", DataTable).focus()
        self.show_status()

    def action_reset(self) -> None:
        card = self.current()
        if card is None or self.busy or self.flagging is not None:
            return
        qid = card.question_id

        def answered(yes: bool | None) -> None:
            if yes:
                self.start_action(qid, "reset")

        self.app.push_screen(ConfirmResetScreen(self.trainer.lang, qid), answered)

    def start_action(self, qid: str, action: str, note: str | None = None) -> None:
        self.busy = True
        self.notice = ("saving", {})
        self.show_status()
        self.act_on(qid, action, note)

    @work(exclusive=True, group="browser-act", exit_on_error=False)
    async def act_on(self, qid: str, action: str, note: str | None) -> None:
        from trainer.study.browser import act, when_text

        service = self.trainer.service
        if service is None:
            self.busy = False
            return
        try:
            record = await asyncio.to_thread(
                act,
                service.store,
                service.user_id,
                qid,
                action,
                service.clock(),
                note,
                bank=service.bank,
            )
            self.notice = (
                f"browser_done_{action}",
                {"id": qid, "when": when_text(record.buried_until)},
            )
            await self.reload()
            if self.detail_id == qid:
                self.load_detail(qid)
        except Exception as exc:  # the database refused: say so, nothing else changes
            self.notice = ("browser_failed", {"error": str(exc) or type(exc).__name__})
        finally:
            self.busy = False
        self.show_status()

    # -- leaving -----------------------------------------------------------------------------

    def action_back(self) -> None:
        """Esc: cancel the note, leave the search box, close the detail, or go home."""
        if self.flagging is not None:
            self.close_note()
        elif self.query_one("#browser-search", Input).has_focus:
            self.query_one("#browser-table", DataTable).focus()
        elif self.detail_id is not None:
            self.close_detail()
        else:
            self.action_leave()

    def action_leave(self) -> None:
        self.dismiss(None)
        self.trainer.reload_overview()  # suspended, buried or reset cards change the counts


class ConfirmResetScreen(ModalScreen[bool]):
    """y/n before a card is reset (its memory state is lost; the review log stays)."""

    DEFAULT_CSS = """
    ConfirmResetScreen {
        align: center middle;
    }

    #browser-confirm-box {
        width: 64;
        max-width: 90%;
        height: auto;
        border: round $warning;
        padding: 1 2;
        background: $surface;
    }

    #browser-confirm-keys {
        margin-top: 1;
        color: $text-muted;
    }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y,enter", "answer(True)", "Reset", id="browser-reset-yes"),
        Binding("n,escape", "answer(False)", "Cancel", id="browser-reset-no"),
    ]

    def __init__(self, lang: str, question_id: str) -> None:
        super().__init__(id="browser-confirm")
        self.lang = lang
        self.question_id = question_id

    def compose(self) -> ComposeResult:
        with Vertical(id="browser-confirm-box"):
            yield Static(say(self.lang, "browser_reset_confirm", id=self.question_id))
            yield Static(say(self.lang, "browser_reset_keys"), id="browser-confirm-keys")

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)

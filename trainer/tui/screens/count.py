"""A small dialog asking how many questions to study."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from trainer.tui.text import say


class CountScreen(ModalScreen[int | None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="count-cancel")
    ]

    def __init__(self, lang: str, *, title: str = "count_title") -> None:
        super().__init__(id="count")
        self.lang = lang
        self.title_key = title  # a key of trainer.tui.text: what the number is for

    def compose(self) -> ComposeResult:
        with Vertical(id="count-box"):
            yield Static(say(self.lang, self.title_key), id="count-title")
            yield Input(type="integer", id="count-input", placeholder="20")
            yield Static(say(self.lang, "count_hint"), id="count-hint")

    @on(Input.Submitted, "#count-input")
    def submitted(self, event: Input.Submitted) -> None:
        value = event.value.strip()
        if value.isdigit() and int(value) > 0:
            self.dismiss(int(value))
        else:
            self.query_one("#count-hint", Static).add_class("-error")

    def action_cancel(self) -> None:
        self.dismiss(None)

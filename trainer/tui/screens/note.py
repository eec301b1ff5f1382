"""A small dialog for the optional note of a flag ("the key looks wrong because ...")."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from trainer.tui.text import say

NOTE_LENGTH = 500  # a note is a hint for the author, not an essay


class NoteScreen(ModalScreen[str | None]):
    """Dismissed with the note ("" when left empty), or None when cancelled."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="note-cancel")
    ]

    def __init__(self, lang: str) -> None:
        super().__init__(id="note")
        self.lang = lang

    def compose(self) -> ComposeResult:
        with Vertical(id="note-box"):
            yield Static(say(self.lang, "flag_title"), id="note-title")
            yield Input(id="note-input", max_length=NOTE_LENGTH)
            yield Static(say(self.lang, "flag_hint"), id="note-hint")

    @on(Input.Submitted, "#note-input")
    def submitted(self, event: Input.Submitted) -> None:
        self.dismiss(event.value.strip())

    def action_cancel(self) -> None:
        self.dismiss(None)

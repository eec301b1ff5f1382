"""`?`: every key of every screen, over the current one, in the learner's language."""

from __future__ import annotations

from typing import ClassVar

from rich.table import Table
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from trainer.locale import text
from trainer.tui.widgets.plain import Wrapped

# Each screen's keys: (section, ((keys, text), ...)), the texts in trainer/locale (table `help`).
KEYS: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = (
    (
        "everywhere",
        (
            ("?, F1", "everywhere_1"),
            ("ctrl+l", "everywhere_2"),
            ("ctrl+p", "everywhere_3"),
            ("ctrl+q", "everywhere_4"),
        ),
    ),
    (
        "home",
        (
            ("s", "home_1"),
            ("t, Enter", "home_2"),
            ("c", "home_3"),
            ("x", "home_4"),
            ("↑ ↓", "home_5"),
            ("p", "home_6"),
            ("e", "home_7"),
            ("b", "home_8"),
            (",", "home_9"),
            ("r", "home_10"),
            ("q", "home_11"),
        ),
    ),
    (
        "review",
        (
            ("1-9", "review_1"),
            ("Enter", "review_2"),
            ("1 2 3 4", "review_3"),
            ("ctrl+g", "review_4"),
            ("o", "review_5"),
            ("ctrl+z", "review_6"),
            ("ctrl+b", "review_7"),
            ("ctrl+s", "review_8"),
            ("ctrl+f", "review_9"),
            ("PgUp PgDn", "review_10"),
            ("Esc", "review_11"),
        ),
    ),
    (
        "exam",
        (
            ("Enter", "exam_1"),
            ("1-9", "exam_2"),
            ("ctrl+n", "exam_3"),
            ("Esc", "exam_4"),
            ("Enter, Esc", "exam_5"),
        ),
    ),
    (
        "progress",
        (
            ("r", "progress_1"),
            ("Esc, q", "progress_2"),
        ),
    ),
    (
        "settings",
        (
            ("↑ ↓, Enter", "settings_1"),
            ("Enter", "settings_2"),
            ("Esc", "settings_3"),
        ),
    ),
    (
        "cards",
        (
            ("/", "cards_1"),
            ("v", "cards_2"),
            ("Enter", "cards_3"),
            ("s", "cards_4"),
            ("b", "cards_5"),
            ("f", "cards_6"),
            ("x", "cards_7"),
            ("Esc, q", "cards_8"),
        ),
    ),
    (
        "exercises",
        (
            ("↑ ↓", "exercises_1"),
            ("Enter, c", "exercises_2"),
            ("o", "exercises_3"),
            ("h", "exercises_5"),
            ("Esc, q", "exercises_4"),
        ),
    ),
)


class HelpScreen(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,question_mark,q,f1", "close", "Close", id="help-close")
    ]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-box"):
            yield Static(self.keys(), id="help-keys")

    def keys(self) -> Table:
        lang: str = getattr(self.app, "lang", "ja")
        table = Table(show_header=False, box=None, expand=True, padding=(0, 1))
        table.add_column("key", style="bold", no_wrap=True)
        table.add_column("action", ratio=1)
        for section, keys in KEYS:
            table.add_row(f"[reverse] {text(lang, 'help', section)} [/]", "")
            for key, action in keys:
                table.add_row(key, Wrapped(text(lang, "help", action)))
        return table

    def relabel(self) -> None:
        """ctrl+l: the keys in the other language."""
        self.query_one("#help-keys", Static).update(self.keys())

    def action_close(self) -> None:
        self.dismiss(None)

""",: the learner's settings, each with its value and what it means; Enter edits one.

A typed value is checked here (`trainer.study.settings.parse_setting`, no I/O) and, if usable,
stored from a worker thread; an unusable one is explained under the field and nothing is saved.
After a save `TrainerApp.settings` holds the new settings, and a new `language` is applied.
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, ClassVar

from rich.cells import cell_len
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import DataTable, Header, Input, Static

from trainer.tui.screens.base import TrainerScreen
from trainer.tui.text import say
from trainer.tui.widgets.footer import Footer
from trainer.tui.widgets.plain import Prose

if TYPE_CHECKING:
    from trainer.study.settings import SettingError, Settings


class SettingsScreen(TrainerScreen):
    CSS_PATH = "settings.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "leave", "Back", id="settings-leave"),
        Binding("o", "optimize", "Optimise FSRS", id="settings-optimize"),
    ]

    def __init__(self) -> None:
        super().__init__(id="settings-screen")
        self.editing: str | None = None  # the key whose new value is being typed
        self.error: SettingError | None = None  # why the typed value was refused (both languages)
        self.saving = False
        self.fitted_width = 0

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="settings-title")
        yield DataTable(id="settings-list", cursor_type="row", zebra_stripes=True)
        yield Input(id="settings-input")
        yield Prose(id="settings-message")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#settings-input", Input).display = False
        self.relabel()

    # -- showing -----------------------------------------------------------------------------

    def relabel(self) -> None:
        lang = self.trainer.lang
        self.query_one("#settings-title", Static).update(say(lang, "settings_title"))
        self.show(self.trainer.settings)
        if self.error is not None:
            self.message(self.error.get(lang), error=True)
        elif self.editing is not None:
            self.show_hint()
        elif not self.saving:
            self.message(say(lang, "settings_keys"))

    def show(self, settings: Settings) -> None:
        from trainer.study.settings import KEYS, is_default, value_text

        lang = self.trainer.lang
        table = self.query_one("#settings-list", DataTable)
        row = table.cursor_row
        table.clear(columns=True)
        marker = say(lang, "settings_default")
        values = [
            value_text(settings, key) + (f" {marker}" if is_default(settings, key) else "")
            for key in KEYS
        ]
        labels = [say(lang, key) for key in ("settings_name", "settings_value", "settings_meaning")]
        fixed = [
            max([cell_len(labels[0]), *(cell_len(key) for key in KEYS)]),
            max([cell_len(labels[1]), *(cell_len(value) for value in values)]),
        ]
        # The meaning takes what the other columns leave and wraps there.
        padding = 2 * table.cell_padding
        available = table.size.width or self.app.size.width - 4
        available -= table.styles.scrollbar_size_vertical
        meaning_width = max(16, available - sum(width + padding for width in fixed) - padding)
        self.fitted_width = table.size.width
        table.add_column(labels[0], key="key", width=fixed[0])
        table.add_column(labels[1], key="value", width=fixed[1])
        table.add_column(labels[2], key="meaning", width=meaning_width)
        for (key, spec), value in zip(KEYS.items(), values, strict=True):
            shown = Text(value, style="" if is_default(settings, key) else "bold")
            meaning = Text(spec.description.get(lang), overflow="fold")
            table.add_row(key, shown, meaning, key=key, height=None)
        table.move_cursor(row=min(row, len(KEYS) - 1))
        if self.editing is None:
            table.focus()

    def on_resize(self) -> None:
        if self.query_one("#settings-list", DataTable).size.width != self.fitted_width:
            self.show(self.trainer.settings)

    def message(self, text: str, *, error: bool = False) -> None:
        widget = self.query_one("#settings-message", Static)
        widget.update(text)
        widget.set_class(error, "-error")

    def show_hint(self) -> None:
        from trainer.study.settings import setting_key

        assert self.editing is not None
        lang = self.trainer.lang
        expected = setting_key(self.editing).expected.get(lang)
        self.message(say(lang, "settings_editing", name=self.editing, expected=expected))

    # -- editing -----------------------------------------------------------------------------

    def selected(self) -> str:
        from trainer.study.settings import KEYS

        return list(KEYS)[self.query_one("#settings-list", DataTable).cursor_row]

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self.edit(self.selected())

    def edit(self, key: str) -> None:
        """Open the field for setting `key`, holding its current value."""
        from trainer.study.settings import value_text

        if self.saving:
            return
        self.editing = key
        self.error = None
        field = self.query_one("#settings-input", Input)
        field.value = value_text(self.trainer.settings, key)
        field.placeholder = key
        field.display = True
        field.select_all()  # typing replaces the value; an arrow key keeps it to edit
        field.focus()
        self.show_hint()

    @on(Input.Submitted, "#settings-input")
    def submitted(self, event: Input.Submitted) -> None:
        from trainer.study.settings import SettingError, parse_setting

        if self.editing is None or self.saving:
            return
        try:
            parse_setting(self.editing, event.value)
        except SettingError as exc:  # nothing is saved; the field stays open to correct it
            self.error = exc
            self.message(exc.get(self.trainer.lang), error=True)
            return
        self.error = None
        self.saving = True
        self.message(say(self.trainer.lang, "saving"))
        self.save(self.editing, event.value)

    @work(group="settings-save", exit_on_error=False)
    async def save(self, key: str, text: str) -> None:
        from trainer.study.settings import SettingError, save_setting, value_text

        service = self.trainer.service
        if service is None:
            self.saving = False
            return
        lang = self.trainer.lang
        try:
            settings = await asyncio.to_thread(
                save_setting, service.store, service.user_id, key, text
            )
        except SettingError as exc:
            self.saving = False
            self.error = exc
            self.message(exc.get(lang), error=True)
            return
        except Exception as exc:  # the database refused: say so, keep what was typed
            self.saving = False
            error = str(exc) or type(exc).__name__
            self.message(say(lang, "settings_not_saved", error=error), error=True)
            return
        self.saving = False
        self.close_field()
        self.trainer.settings = settings
        if key == "language" and self.trainer.lang != settings.language:
            self.trainer.lang = settings.language  # relabels every screen, this one included
        else:
            self.show(settings)
        lang = self.trainer.lang
        self.message(say(lang, "settings_saved", name=key, value=value_text(settings, key)))

    def action_optimize(self) -> None:
        """Fit FSRS to the learner's own reviews (trainer optimize), in a worker."""
        if self.saving or self.editing is not None:
            return
        self.saving = True
        self.message(say(self.trainer.lang, "optimizing"))
        self.optimize()

    @work(group="settings-optimize", exit_on_error=False)
    async def optimize(self) -> None:
        from trainer.study.personal import optimize
        from trainer.study.personal_text import lines

        service = self.trainer.service
        lang = self.trainer.lang
        if service is None:
            self.saving = False
            return
        try:
            result = await asyncio.to_thread(optimize, service.store, service.user_id)
        except Exception as exc:  # the database refused: say so
            self.saving = False
            error = str(exc) or type(exc).__name__
            self.message(say(lang, "settings_not_saved", error=error), error=True)
            return
        self.saving = False
        service.reload_settings()  # later reviews are scheduled with what is now in force
        self.message("\n".join(lines(result, lang, dry_run=False)))

    def close_field(self) -> None:
        self.editing = None
        self.error = None
        self.query_one("#settings-input", Input).display = False
        self.query_one("#settings-list", DataTable).focus()

    def action_leave(self) -> None:
        if self.editing is not None:  # Esc while typing: drop the change, back to the list
            if not self.saving:
                self.close_field()
                self.message(say(self.trainer.lang, "settings_keys"))
            return
        self.dismiss(None)

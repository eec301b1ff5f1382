"""Bank text shown as it is (no markup, so `[1, 2]` in a question stays on screen), broken into
lines by `trainer.wrap`: Japanese between phrases, Latin at spaces, never inside a word.

Textual's own wrapping breaks only at spaces: a Japanese sentence after a space moves whole to
the next line, then folds by character. `Wrapped` is a Rich renderable that breaks its text at
the width it is rendered at, so it re-wraps whenever the widget is resized; `Prose` is a
`Static` that shows every text it is given that way.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.measure import Measurement
from rich.segment import Segment
from rich.text import Text
from textual.visual import RichVisual
from textual.widgets import Static

from trainer.wrap import Line, lines, widest_piece

if TYPE_CHECKING:
    from rich.console import Console, ConsoleOptions, RenderResult
    from textual.visual import VisualType
    from textual.widget import Widget


def plain(text: str, style: str = "") -> Text:
    return Text(text, style=style)


class Wrapped:
    """`text` (a string, shown without markup, or a styled `Text`) broken by `trainer.wrap`.

    `hang`: cells of indentation for every line after the first (besides the hang a paragraph
    gets from its own indentation and list label, e.g. `1. `)."""

    def __init__(self, text: str | Text, style: str = "", *, hang: int = 0) -> None:
        self.text = Text(text, style=style) if isinstance(text, str) else text
        self.hang = hang
        # The lines at the last width asked for: a layout measures the height and then draws,
        # both at the same width, and breaking Japanese into phrases is not free.
        self._lines: tuple[int, list[Line]] | None = None

    def lines(self, width: int) -> list[Line]:
        cached = self._lines
        if cached is not None and cached[0] == width:
            return cached[1]
        found = lines(self.text.plain, width, rest=self.hang)
        self._lines = (width, found)
        return found

    def __str__(self) -> str:
        return self.text.plain

    @property
    def plain(self) -> str:
        return self.text.plain

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        text = self.text
        if "\t" in text.plain:
            text = text.copy()
            text.expand_tabs()
            found = lines(text.plain, options.max_width, rest=self.hang)
        else:
            found = self.lines(options.max_width)
        new_line = Segment.line()
        for line in found:
            if line.indent:
                yield Segment(" " * line.indent)
            yield from text[line.start : line.end].render(console, end="")
            yield new_line

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        plain_text = self.text.plain
        widest = max(Text(p).cell_len for p in plain_text.split("\n"))
        return Measurement(min(widest, widest_piece(plain_text) + self.hang), widest)


class WrappedVisual(RichVisual):
    """How a `Prose` holds its text: drawn as `Wrapped`; `str()` gives the plain text (as it
    does for Textual's own `Content`), and Rich can print it (at the console's width)."""

    def __init__(self, widget: Widget, text: Wrapped) -> None:
        super().__init__(widget, text)
        self.wrapped = text

    def __str__(self) -> str:
        return self.wrapped.plain

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        return self.wrapped.__rich_console__(console, options)

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return self.wrapped.__rich_measure__(console, options)


class Prose(Static):
    """A `Static` whose strings (never read as markup) and `Text` wrap with `trainer.wrap`;
    anything else (a table, a group) is shown as it is."""

    def __init__(
        self,
        content: VisualType = "",
        *,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(markup=False, id=id, classes=classes)
        self.update(content)

    def update(self, content: VisualType = "", *, layout: bool = True) -> None:
        if isinstance(content, str | Text):
            content = WrappedVisual(self, Wrapped(content))
        super().update(content, layout=layout)

"""The four FSRS buttons with the next interval on each: `1 Again 1m · 2 Hard 6m · ...`."""

from __future__ import annotations

from datetime import timedelta

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Static

from trainer.tui.text import RATING_KEYS, say, span


class RatingBar(Horizontal):
    """Shows the ratings; those not allowed (Again after a right answer, ...) are dimmed."""

    def compose(self) -> ComposeResult:
        for value in RATING_KEYS:
            yield Static(id=f"rating-{value}", classes="rating")

    def show(self, intervals: dict[int, timedelta], allowed: tuple[int, ...], lang: str) -> None:
        for value, key in RATING_KEYS.items():
            button = self.query_one(f"#rating-{value}", Static)
            interval = intervals.get(value)
            when = span(interval, lang) if interval is not None else ""
            button.update(f"{value} {say(lang, key)}  {when}")
            button.set_class(value not in allowed, "-disabled")

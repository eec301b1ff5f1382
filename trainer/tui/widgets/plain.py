"""Bank text shown as it is: no markup, so `[1, 2]` in a question stays on screen."""

from __future__ import annotations

from rich.text import Text


def plain(text: str, style: str = "") -> Text:
    return Text(text, style=style)

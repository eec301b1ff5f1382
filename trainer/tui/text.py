"""Interface text: `say(lang, key)` reads the catalogues in trainer/locale; the questions come from
the bank."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from trainer.locale import Section, catalogue

if TYPE_CHECKING:
    from textual.binding import Binding

TEXT = Section("tui")  # trainer/locale/{ja,en}.json, [tui]

RATING_KEYS = {1: "again", 2: "hard", 3: "good", 4: "easy"}


def say(lang: str, key: str, **values: object) -> str:
    """The text for `key`; "{n:# minute}" says "1 minute" / "2 minutes" (trainer.bank.english)."""
    from trainer.bank.english import words

    return TEXT[lang][key].format(**words(values))


def key_label(lang: str, binding: Binding) -> str:
    """A key's label in the footer: the catalogue's for its binding id (else its action)."""
    return catalogue(lang)["keys"].get(binding.id or binding.action, binding.description)


def palette(lang: str, key: str) -> tuple[str, str]:
    """A command palette entry's title and help (table `palette`)."""
    table = catalogue(lang)["palette"]
    return table[key], table[f"{key}_help"]


def span(delta: timedelta, lang: str) -> str:
    """A short interval: `10m`, `3d`, `2.5mo` (`10分`, `3日`, `2.5ヶ月` in Japanese)."""
    seconds = max(0.0, delta.total_seconds())
    units = (
        (365 * 86400, "年", "y"),
        (30 * 86400, "ヶ月", "mo"),
        (86400, "日", "d"),
        (3600, "時間", "h"),
        (60, "分", "m"),
    )
    for size, ja, en in units:
        if seconds >= size:
            amount = seconds / size
            number = f"{amount:.0f}" if amount >= 10 or amount == int(amount) else f"{amount:.1f}"
            return number + (ja if lang == "ja" else en)
    return "<1分" if lang == "ja" else "<1m"

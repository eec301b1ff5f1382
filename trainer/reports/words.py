"""The words of the text, Markdown and HTML reports, in Japanese and English.

A report is written in one language throughout (`trainer report --lang`); the figures' own
explanations come from `trainer.reports.glossary`, shared with the progress screen. The JSON
document stays language-neutral (ids, with each topic's name in both languages).
"""

from __future__ import annotations

from typing import Any

from trainer.locale import Section

LANGS = ("ja", "en")

WORDS = Section("report")  # trainer/locale/{ja,en}.json, [report]


def word(lang: str, key: str, **values: Any) -> str:
    """The report's `key` in `lang` (unknown languages read English), filled in with `values`."""
    from trainer.bank.english import words  # "{days:# day}": 1 day, 2 days

    text = WORDS.get(lang, WORDS["en"])[key]
    return text.format(**words(values)) if values else text


def value(lang: str, key: str) -> str:
    """A value word (a verdict, a status) in `lang`; one the table lacks: as is."""
    return WORDS.get(lang, WORDS["en"]).get(key, key)

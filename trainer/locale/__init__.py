"""The learner-visible text: one catalogue per language, `ja.json` and `en.json` beside this file.

Each catalogue has one table per part of the program (`tui`, `keys` for the footer's key labels
by binding id, `palette`, `help`, `quiz`, `exam`, `cards`, `config`, `exercise`, `browser`,
`report`), and both catalogues have the same keys with the same `{placeholders}`
(tests/test_locale.py). A catalogue is read on first use, once per process and language (one
small JSON file, well under a millisecond to parse), so `trainer --help` and the TUI's first frame
pay nothing for the language they do not show. The question bank, the exercises' l10n files and
the report glossary keep their text in both languages beside their data.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from pathlib import Path

LANGS = ("ja", "en")

_CATALOGUES: dict[str, dict[str, dict[str, str]]] = {}


def catalogue(lang: str) -> dict[str, dict[str, str]]:
    """Every table of `lang`'s catalogue (read once)."""
    tables = _CATALOGUES.get(lang)
    if tables is None:
        if lang not in LANGS:
            raise KeyError(lang)
        import json

        with Path(__file__).with_name(f"{lang}.json").open("rb") as file:
            tables = _CATALOGUES[lang] = json.load(file)
    return tables


class Section(Mapping[str, Mapping[str, str]]):
    """One table of the catalogues as `TEXT[lang][key]`, read on first use."""

    def __init__(self, name: str) -> None:
        self.name = name

    def __getitem__(self, lang: str) -> Mapping[str, str]:
        return catalogue(lang)[self.name]

    def __iter__(self) -> Iterator[str]:
        return iter(LANGS)

    def __len__(self) -> int:
        return len(LANGS)


def text(lang: str, section: str, key: str, default: str | None = None) -> str:
    """The text of `key` in `section`; `default` (when given) where the catalogue has none."""
    table = catalogue(lang)[section]
    if default is not None:
        return table.get(key, default)
    return table[key]

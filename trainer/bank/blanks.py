"""Blanks in code listings and formulas, and how a question's exhibit joins its prompt.

A code-blank question shows a listing with numbered blanks, `(あ)`, `(い)`, …; a formula-blank
question a formula block with the same marks. Each choice fills every blank: `fills` maps a
blank's kana to the fragment that goes there (one blank and no `fills`: the option's English text).
Filling is plain text work; only the test suite runs a filled listing (tests/bank/blank_harness.py):
the app never executes a choice.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from trainer.bank.schema import Localized

BLANK = re.compile(r"[(（]([あいうえおかきくけこ])[)）]")
KANA_ORDER = "あいうえおかきくけこ"


def blanks_in(*texts: str | None) -> list[str]:
    """The blanks marked in `texts`, each once, in kana order."""
    found = {m[1] for text in texts if text for m in BLANK.finditer(text)}
    return sorted(found, key=KANA_ORDER.index)


def fills_text(fills: Mapping[str, str]) -> str:
    """How a combination of fragments reads as a choice: `(あ) a ／ (い) b`."""
    ordered = sorted(fills.items(), key=lambda item: KANA_ORDER.index(item[0]))
    if len(ordered) == 1:
        return ordered[0][1]
    return "  ／  ".join(f"({kana}) {fragment}" for kana, fragment in ordered)


def fill_listing(listing: str, fills: Mapping[str, str]) -> str:
    """The listing with every blank replaced by its fragment; a fragment of several lines keeps
    the indentation of the line its blank is on."""
    return "\n".join(_fill_line(line, fills) for line in listing.splitlines()) + "\n"


def _fill_line(line: str, fills: Mapping[str, str]) -> str:
    newline = "\n" + line[: len(line) - len(line.lstrip())]

    def put(match: re.Match[str]) -> str:
        return fills[match[1]].replace("\n", newline)

    return BLANK.sub(put, line)


def compose(
    prompt: Localized,
    stem: Localized | None = None,
    formula: Localized | None = None,
    listing: str | None = None,
    stem_listing: str | None = None,
) -> Localized:
    """What a learner reads, in order: the set's stem (and its listing), the formula or code
    block, then the item's own question."""
    from trainer.bank.schema import Localized

    def parts(lang: str) -> Sequence[str]:
        pieces = [
            stem.get(lang) if stem else None,
            stem_listing,
            formula.get(lang) if formula else None,
            listing,
            prompt.get(lang),
        ]
        return [p.rstrip("\n") for p in pieces if p]

    return Localized(ja="\n\n".join(parts("ja")), en="\n\n".join(parts("en")))

"""Line breaking for mixed Japanese and Latin text, shared by the TUI and line mode.

Japanese has no spaces between words, so a wrapper that breaks only at spaces moves a whole
sentence to the next line, and one that folds by character splits words. Here:

- Japanese breaks between the phrases BudouX finds (the segmenter browsers use for
  `word-break: auto-phrase`), e.g. `コンテナ型仮想化は|ホスト OS の|カーネルを|…`;
- Latin text breaks at spaces, never inside a word;
- a phrase or word wider than the whole line is split as a last resort: between Japanese
  characters first (never before `、。）` and the like), then anywhere;
- widths are terminal cells (Rich's measure: a full-width character is 2 cells);
- explicit newlines are kept; the spaces where a line breaks are dropped;
- a paragraph that starts with spaces and/or a list label (`1. `, `(2) `, `○ 3. `, `× `, `- `)
  hangs its later lines under its text.

The BudouX parser is loaded on first use, once (a few milliseconds; never at import time, so
`trainer --help` and the TUI's first frame do not pay for it).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, TextIO

from rich.cells import cell_len

if TYPE_CHECKING:
    from budoux import Parser

DEFAULT_WIDTH = 80  # line mode with no terminal (a pipe, a test) and no COLUMNS
MIN_WIDTH = 20

# Break levels: the best break that fits is taken at level 1 if any fits, else 2, else 3.
PHRASE = 1  # between BudouX phrases; at a space in Latin text
INNER = 2  # inside a phrase: at a space next to Japanese, between two Japanese characters
FOLD = 3  # anywhere: a word wider than the line
NEVER = 9  # inside a run of spaces, right after a paragraph's indentation

# Kinsoku: no line starts with these, and none ends with the opening brackets.
NO_START = frozenset(
    "、。，．,.)）」』】〕〉》］｝!?！？：；:;ー〜…‥・々ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ"
)
NO_END = frozenset("（「『【〔〈《［｛(")

# What later lines hang under: the paragraph's indentation and an optional list label.
LABEL = re.compile(r" *(?:[○×•*-] +)?(?:\d{1,3}[.)] +|[(（]\d{1,3}[)）] *)?")


@dataclass(frozen=True, slots=True)
class Line:
    """One line: `text[start:end]` (break spaces left out) after `indent` cells of spaces (or
    the caller's label, on the first line)."""

    start: int
    end: int
    indent: int


def wrap(text: str, width: int, *, indent: str = "", hanging: str | None = None) -> list[str]:
    """`text` broken into lines at most `width` cells wide (a single character wider than what
    is left of a line still gets a line of its own).

    `indent` starts the first line (a label such as `"1. "`); `hanging` starts every later one
    (default: spaces as wide as `indent`, so the text hangs under its label).
    """
    rest = " " * cell_len(indent) if hanging is None else hanging
    first_cells, rest_cells = cell_len(indent), cell_len(rest)
    result = []
    for n, line in enumerate(lines(text, width, first=first_cells, rest=rest_cells)):
        prefix = indent if n == 0 else rest
        extra = line.indent - (first_cells if n == 0 else rest_cells)
        result.append(prefix + " " * max(0, extra) + text[line.start : line.end])
    return result


def fill(text: str, width: int, *, indent: str = "", hanging: str | None = None) -> str:
    """`wrap`, joined with newlines."""
    return "\n".join(wrap(text, width, indent=indent, hanging=hanging))


def lines(text: str, width: int, *, first: int = 0, rest: int = 0) -> list[Line]:
    """Where `text` breaks at `width` cells: the first line after `first` cells, every later
    one after `rest` cells plus its paragraph's hang. Each line keeps its own slice of `text`,
    so a caller can carry styles over (the TUI slices Rich `Text`)."""
    width = max(1, width)
    result: list[Line] = []
    offset = 0
    for index, whole in enumerate(text.split("\n")):
        lead = _clamp(first if index == 0 else rest, width)
        hang = _clamp(rest + _hang(whole), width)
        # Indentation wider than half the line is cut to that (the rest is dropped, like the
        # spaces where a line breaks).
        skip = len(whole) - len(whole.lstrip(" "))
        skip -= min(skip, _clamp(skip, width - lead))
        paragraph = whole[skip:]
        for n, (start, end) in enumerate(_break(paragraph, width - lead, width - hang)):
            indent = lead if n == 0 else hang
            result.append(Line(offset + skip + start, offset + skip + end, indent))
        offset += len(whole) + 1
    return result


def widest_piece(text: str) -> int:
    """The widest stretch of `text` that never breaks at a phrase or a Latin space: what a
    table column needs at least (Rich's minimum measure)."""
    widest = 0
    for paragraph in text.split("\n"):
        units, widths = _units(paragraph)
        levels = _levels(paragraph, units)
        run = 0
        for i, w in enumerate(widths):
            if i and levels[i] <= PHRASE:
                run = 0
            if not paragraph[units[i][0] : units[i][1]].isspace():
                run += w
            widest = max(widest, run)
    return widest


def phrases(text: str) -> list[str]:
    """BudouX's phrases of `text` (one paragraph)."""
    return _parser().parse(text)


def warm() -> None:
    """Load the BudouX parser now (e.g. in a thread) rather than at the first Japanese text."""
    _parser()


def terminal_width(stream: TextIO | None = None) -> int:
    """The width for line mode: `COLUMNS` if set, else the terminal's when `stream` is one, else
    80 (a pipe, a test). Never below 20."""
    columns = os.environ.get("COLUMNS", "")
    if columns.isdigit() and int(columns) > 0:
        return max(MIN_WIDTH, int(columns))
    try:
        if stream is not None and stream.isatty():
            return max(MIN_WIDTH, os.get_terminal_size(stream.fileno()).columns)
    except (AttributeError, OSError, ValueError):
        pass
    return DEFAULT_WIDTH


# -- the machinery ---------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _parser() -> Parser:
    import budoux

    return budoux.load_default_japanese_parser()


def _clamp(indent: int, width: int) -> int:
    """An indent takes at most half the line, so text always has room."""
    return max(0, min(indent, width // 2))


def _hang(paragraph: str) -> int:
    match = LABEL.match(paragraph)
    return cell_len(match.group()) if match and match.end() < len(paragraph) else 0


def _wide(unit: str) -> bool:
    return cell_len(unit) >= 2


def _units(paragraph: str) -> tuple[list[tuple[int, int]], list[int]]:
    """The paragraph's graphemes as (start, end) and their widths in cells."""
    spans, _ = _split_graphemes(paragraph)
    return [(start, end) for start, end, _ in spans], [width for _, _, width in spans]


try:
    from rich.cells import split_graphemes as _split_graphemes
except ImportError:  # Rich before 15: one character per grapheme

    def _split_graphemes(
        text: str, unicode_version: str = "auto"
    ) -> tuple[list[tuple[int, int, int]], int]:
        spans = [(i, i + 1, cell_len(ch)) for i, ch in enumerate(text)]
        return spans, sum(w for _, _, w in spans)


@lru_cache(maxsize=4096)
def _phrase_starts(paragraph: str) -> frozenset[int]:
    """Character offsets where BudouX starts a new phrase (none for text without Japanese)."""
    if not any(_wide(ch) for ch in paragraph):
        return frozenset()
    starts, position = set(), 0
    for phrase in phrases(paragraph)[:-1]:
        position += len(phrase)
        starts.add(position)
    return frozenset(starts)


def _levels(paragraph: str, units: list[tuple[int, int]]) -> list[int]:
    """For each unit, the level at which a line may start with it (index 0: unused)."""
    texts = [paragraph[start:end] for start, end in units]
    space = [t.isspace() for t in texts]
    wide = [_wide(t) for t in texts]
    japanese = any(wide)
    starts = _phrase_starts(paragraph) if japanese else frozenset()
    levels = [NEVER] * len(units)
    for i in range(1, len(units)):
        if space[i]:
            continue  # a line never starts with a space
        if space[i - 1]:  # the end of a run of spaces
            run_start = i - 1
            while run_start > 0 and space[run_start - 1]:
                run_start -= 1
            if run_start == 0:
                continue  # the paragraph's indentation
            latin = not wide[run_start - 1] and not wide[i]
            at_phrase = any(units[j][0] in starts for j in range(run_start, i + 1))
            levels[i] = PHRASE if not japanese or latin or at_phrase else INNER
            continue
        kinsoku = texts[i][0] in NO_START or texts[i - 1][-1] in NO_END
        if not wide[i - 1] and not wide[i]:
            levels[i] = FOLD  # inside a Latin word (or number, or formula)
        elif kinsoku:
            levels[i] = FOLD
        elif units[i][0] in starts:
            levels[i] = PHRASE
        else:
            levels[i] = INNER
    return levels


def _break(paragraph: str, first: int, rest: int) -> list[tuple[int, int]]:
    """(start, end) character offsets of the paragraph's lines: `first` cells for the first
    line, `rest` for the others. Greedy: each line ends at the last break that fits, taking
    the best level at which any break fits."""
    if not paragraph:
        return [(0, 0)]
    units, widths = _units(paragraph)
    levels = _levels(paragraph, units)
    count = len(units)
    space = [paragraph[start:end].isspace() for start, end in units]
    # cum[i]: cells of units[:i]; solid[i]: units[:i] without the trailing spaces
    cum = [0] * (count + 1)
    solid = [0] * (count + 1)
    for i in range(count):
        cum[i + 1] = cum[i] + widths[i]
        solid[i + 1] = solid[i] if space[i] else i + 1
    result: list[tuple[int, int]] = []
    start = 0
    while start < count:
        room = first if not result else rest
        best: dict[int, int] = {}
        first_break = None
        for end in range(start + 1, count + 1):
            level = PHRASE if end == count else levels[end]
            if level == NEVER:
                continue
            if first_break is None:
                first_break = end
            if cum[max(solid[end], start)] - cum[start] > room:
                break
            for k in range(level, FOLD + 1):
                best[k] = end
        end = next((best[k] for k in (PHRASE, INNER, FOLD) if k in best), first_break or count)
        stop = max(solid[end], start)
        result.append((units[start][0], units[stop - 1][1] if stop > start else units[start][0]))
        start = end
    return result

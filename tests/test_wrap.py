"""`trainer.wrap`: Japanese broken between BudouX phrases, Latin at spaces (never inside a word),
widths in terminal cells, explicit newlines kept, choice text hanging under its number."""

from __future__ import annotations

import itertools
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rich.cells import cell_len

from tests.conftest import modules_after
from trainer.bank.loader import Bank, load_bank
from trainer.bank.variants import make_variant
from trainer.wrap import fill, lines, phrases, terminal_width, widest_piece, wrap

CONTAINER = (
    "コンテナ型仮想化はホスト OS のカーネルを共有し、アプリケーションとその依存関係だけを"
    "隔離するので、軽量で起動が速い。Docker は Linux の cgroups と namespaces を利用している。"
)
ENGLISH = (
    "Container virtualization shares the host OS kernel and isolates only the application and"
    " its dependencies, so it is light and starts fast; Docker builds on Linux cgroups and"
    " namespaces."
)
LATIN_WORD = re.compile(r"[A-Za-z0-9]")
GLUED_END = re.compile(r"[!-~]+$")  # printable ASCII without spaces
GLUED_START = re.compile(r"^[!-~]+")


def breaks(text: str, width: int, **options: int) -> list[int]:
    """Where each line after the first starts, within one paragraph."""
    return [line.start for line in lines(text, width, **options)[1:]]


def phrase_starts(text: str) -> set[int]:
    starts, position = set(), 0
    for phrase in phrases(text):
        starts.add(position)
        position += len(phrase)
    return starts


@pytest.fixture(scope="module")
def bank() -> Bank:
    return load_bank()


# -- Japanese --------------------------------------------------------------------------------


@pytest.mark.parametrize("width", range(24, 121, 4))
def test_japanese_breaks_between_budoux_phrases(width: int) -> None:
    """Each line starts where a BudouX phrase starts, or after a space (which BudouX puts at
    the start of its phrase: ' Linux の')."""
    allowed = phrase_starts(CONTAINER) | {i for i, ch in enumerate(CONTAINER) if ch == " "}
    for start in breaks(CONTAINER, width):
        assert start in allowed or ((start - 1) in allowed and CONTAINER[start - 1] == " ")
    assert all(cell_len(line) <= width for line in wrap(CONTAINER, width))


def test_the_issue_example_no_longer_moves_the_sentence_whole() -> None:
    """At 80 columns with a `   1. ` label, the first line is filled, up to a phrase end."""
    shown = wrap(CONTAINER, 80, indent="   1. ")
    assert all(cell_len(line) <= 80 for line in shown)
    assert shown[0].startswith("   1. コンテナ型仮想化は")
    assert cell_len(shown[0]) > 60  # not "…ホスト OS" alone with the rest on the next line


def test_full_width_characters_take_two_cells() -> None:
    assert wrap("あ" * 15, 20) == ["あ" * 10, "あ" * 5]


def test_no_line_starts_with_closing_punctuation() -> None:
    text = "これは、とても長い文です。" * 6
    for width in range(20, 60):
        for line in wrap(text, width):
            assert line[0] not in "、。"


def test_a_phrase_wider_than_the_line_is_split_as_a_last_resort() -> None:
    shown = wrap("アプリケーションアプリケーションアプリケーション", 20)
    assert all(cell_len(line) <= 20 for line in shown)
    assert "".join(shown) == "アプリケーションアプリケーションアプリケーション"


# -- Latin -----------------------------------------------------------------------------------


@pytest.mark.parametrize("width", range(20, 121, 5))
def test_latin_breaks_at_spaces_never_inside_a_word(width: int) -> None:
    shown = wrap(ENGLISH, width)
    assert all(cell_len(line) <= width for line in shown)
    assert " ".join(shown).split() == ENGLISH.split()


def test_a_word_wider_than_the_line_is_folded() -> None:
    assert wrap("x" * 50 + " end", 20) == ["x" * 20, "x" * 20, "x" * 10 + " end"]


def test_the_exam_results_example_keeps_generalization_whole() -> None:
    text = "大きなバッチは鋭い極小に落ち着いて汎化が悪くなりやすいとされ（generalization gap）、"
    for width in range(20, 80):
        for line in wrap(text, width):
            assert "generalizatio" not in line or "generalization" in line


# -- layout ----------------------------------------------------------------------------------


def test_choice_text_hangs_under_its_number() -> None:
    shown = wrap(CONTAINER, 40, indent="1. ")
    assert shown[0].startswith("1. コンテナ")
    assert all(line.startswith("   ") and line[3] != " " for line in shown[1:])


def test_a_label_or_indentation_in_the_text_hangs_the_rest() -> None:
    shown = wrap("  ○ 3. " + ENGLISH, 40)
    assert shown[0].startswith("  ○ 3. Container")
    assert all(line.startswith(" " * 7) and line[7] != " " for line in shown[1:])
    assert all(line.startswith("  ") for line in wrap("  " + ENGLISH, 30))


def test_explicit_newlines_are_kept() -> None:
    assert wrap("a\n\nb\n", 20) == ["a", "", "b", ""]
    assert fill("one two\nthree", 20) == "one two\nthree"


def test_later_paragraphs_take_the_hanging_indent() -> None:
    assert wrap("first\nsecond", 20, indent="1. ") == ["1. first", "   second"]
    assert wrap("first\nsecond", 20, indent="> ", hanging="| ") == ["> first", "| second"]


def test_widest_piece_is_the_longest_unbreakable_stretch() -> None:
    assert widest_piece("a bb ccc") == 3
    assert widest_piece(CONTAINER) == cell_len("コンテナ型仮想化は")


def test_terminal_width_reads_columns_else_80(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("COLUMNS", raising=False)
    assert terminal_width(None) == 80
    monkeypatch.setenv("COLUMNS", "132")
    assert terminal_width(None) == 132
    monkeypatch.setenv("COLUMNS", "5")
    assert terminal_width(None) == 20


# -- properties ------------------------------------------------------------------------------

PIECES = st.sampled_from(
    [
        "コンテナ型仮想化は",
        "ホスト OS の",
        "カーネルを共有し、",
        "学習率",
        "。",
        "（sharp）",
        "generalization",
        "gap",
        "SGD",
        "x",
        "1.",
        "2026",
        "namespaces",
        "",
        " ",
        "  ",
        "\n",
        "  ○ 1. ",
        "　",
        "ａｂｃ",
        "👨‍👩‍👧",
        "é",
        "supercalifragilisticexpialidociousness",
    ]
)


@given(
    parts=st.lists(PIECES, max_size=40),
    width=st.integers(20, 120),
    indent=st.sampled_from(["", "1. ", "  × ", "   12. "]),
)
def test_every_line_fits_and_nothing_but_break_spaces_is_lost(
    parts: list[str], width: int, indent: str
) -> None:
    text = "".join(parts)
    shown = wrap(text, width, indent=indent)
    assert all(cell_len(line) <= width for line in shown)
    assert len(shown) >= text.count("\n") + 1
    spans = lines(text, width, first=cell_len(indent), rest=cell_len(indent))
    position = 0
    for span, line in zip(spans, shown, strict=True):
        gap = text[position : span.start]
        assert gap.strip() == "", (gap, text)  # only spaces (and newlines) between lines
        assert line.endswith(text[span.start : span.end])
        assert line[: len(line) - (span.end - span.start)].strip(" ") in ("", indent.strip())
        position = span.end
    assert text[position:].strip() == ""


def test_the_bank_wraps_without_splitting_words_or_overflowing(bank: Bank) -> None:
    """Every prompt, choice and explanation in both languages at 40 and 80 columns: no line
    wider than the width; no line starts inside a Latin word unless the word (with what is
    glued to it, as code is: `np.arange(batch_size),`) is wider than the line."""
    texts: list[str] = []
    for question in bank.questions.values():
        variant = make_variant(question, 1)
        for localized in (variant.prompt, variant.explanation, *(c.text for c in variant.choices)):
            texts += [localized.ja, localized.en]
    for width in (40, 80):
        for text in texts:
            shown = lines(text, width, first=3, rest=3)
            for previous, line in itertools.pairwise(shown):
                assert cell_len(text[line.start : line.end]) + line.indent <= width
                before, after = text[line.start - 1 : line.start], text[line.start : line.end]
                if LATIN_WORD.match(before) and LATIN_WORD.match(after):
                    ends, starts = GLUED_END.search(text[: line.start]), GLUED_START.match(after)
                    assert ends is not None and starts is not None
                    glued = ends.group() + starts.group()
                    shown_before = text[previous.start : previous.end]
                    indentation = len(shown_before) - len(shown_before.lstrip(" "))
                    assert cell_len(glued) > width - previous.indent - indentation, glued


# -- cost ------------------------------------------------------------------------------------


def test_help_and_import_never_load_budoux() -> None:
    loaded = modules_after(
        "import trainer.wrap\nfrom trainer.cli import build_parser\nbuild_parser().format_help()"
    )
    assert "budoux" not in loaded

"""The English helper (plurals, ordinals, articles, template specs) and the number formatter
(float noise, "-0", the precision a question asks for)."""

from __future__ import annotations

import pytest

from tests.bank.helpers import question
from trainer.bank.checking import check_answer, expected_text
from trainer.bank.english import Field, article, fields, noun, ordinal, plural, plural_noun
from trainer.bank.numbers import decimals_for, denoise, format_number
from trainer.bank.variants import make_variant


@pytest.mark.parametrize(
    ("count", "word", "said"),
    [
        (1, "update", "1 update"),
        ("1", "minute", "1 minute"),
        (2, "day", "2 days"),
        (0, "case", "0 cases"),
        ("1.5", "second", "1.5 seconds"),
        (1, "hidden layer", "1 hidden layer"),
        (3, "hidden layer", "3 hidden layers"),
        (2, "class", "2 classes"),
        (2, "box", "2 boxes"),
        (2, "bias", "2 biases"),
        (2, "entry", "2 entries"),
        (2, "day", "2 days"),
        (2, "matrix", "2 matrices"),
        ("-1", "step", "-1 step"),
    ],
)
def test_plural(count: object, word: str, said: str) -> None:
    assert plural(count, word) == said


def test_noun_alone_and_an_irregular_verb() -> None:
    assert noun(1, "time") == "time" and noun(4, "time") == "times"
    assert noun(1, "is") == "is" and noun(2, "is") == "are"
    assert plural_noun("search") == "searches"


@pytest.mark.parametrize(
    ("n", "said"),
    [
        *[(1, "1st"), (2, "2nd"), (3, "3rd"), (4, "4th"), (11, "11th"), (12, "12th")],
        *[(13, "13th"), (21, "21st"), (22, "22nd"), (101, "101st"), (111, "111th"), ("3", "3rd")],
    ],
)
def test_ordinal(n: int | str, said: str) -> None:
    assert ordinal(n) == said


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("7×7×64", "a"),
        ("8×8", "an"),
        ("11×11", "an"),
        ("18-channel", "an"),
        ("80×80×3", "an"),
        ("800", "an"),
        ("8000", "an"),
        ("11000", "an"),
        ("110", "a"),
        ("112×182×3", "a"),
        ("1100", "a"),
        ("13×13", "a"),
        ("3-dimensional", "a"),
        ("LSTM", "an"),
        ("RNN", "an"),
        ("GRU", "a"),
        ("input", "an"),
        ("unit", "a"),
        ("hour", "an"),
        ("one-hot", "a"),
        ("convolution", "a"),
    ],
)
def test_article(word: str, expected: str) -> None:
    assert article(word) == expected


def test_template_specs() -> None:
    values = fields({"k": "3", "n": "1", "m": "4", "H": "8", "unit": "bit"})
    template = "the {k:th}; {n:# update}, {m:# update}; {n:~ time}; {H:a}×{H}; {H:A}; {n:# {unit}}"
    assert template.format_map(values) == (
        "the 3rd; 1 update, 4 updates; time; an 8×8; An 8; 1 bit"
    )
    assert "{k}-{m}".format_map(values) == "3-4"  # no spec: the plain text (Japanese)
    assert f"{Field('x'):>3}" == "  x"


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (0.1 + 0.2, "0.3"),
        (-5.55112e-18, "0"),
        (-0.0, "0"),
        (1e-13, "0"),
        (12.0, "12"),
        (-3.0, "-3"),
        (0.000784314, "0.000784314"),
        (1 / 3, "0.333333333333"),
        (2.5e-1, "0.25"),
        (123456.5, "123456.5"),
    ],
)
def test_format_number_drops_noise_and_minus_zero(value: float, shown: str) -> None:
    assert format_number(value) == shown


@pytest.mark.parametrize(
    ("value", "decimals", "shown"),
    [
        (0.43751, 3, "0.438"),
        (-0.0001, 3, "0"),
        (-0.0004999, 3, "0"),
        (2.5, 3, "2.5"),
        (1.99999, 4, "2"),
        (-1.23456, 2, "-1.23"),
        (7.0, 0, "7"),
    ],
)
def test_format_number_at_a_precision(value: float, decimals: int, shown: str) -> None:
    assert format_number(value, decimals) == shown


def test_denoise_relative_to_a_scale() -> None:
    assert denoise(3e-10) == 3e-10
    assert denoise(3e-10, scale=1e3) == 0.0  # noise beside numbers in the thousands
    assert str(denoise(-1e-20)) == "0.0"


@pytest.mark.parametrize(
    ("abs_tol", "rel_tol", "value", "decimals"),
    [
        (0.001, 0, 5.0, 3),
        (0.0006, 0, 5.0, 3),
        (0.0005, 0, 5.0, 3),
        (0.0001, 0, 5.0, 4),
        (0.00006, 0, 5.0, 4),
        (0.005, 0, 5.0, 2),
        (0.06, 0, 5.0, 1),
        (0.6, 0, 5.0, 0),
        (0, 0.001, 0.0007843, 6),
        (0, 0, 5.0, None),
        (0.06, 0.0002, 2759.49, 1),  # "Give 1 decimal place": the absolute part says so
        (1e-9, 0.001, 0.25, 4),  # the default tolerance: relative (0.25 ± 0.00025)
    ],
)
def test_decimals_from_the_tolerance(
    abs_tol: float, rel_tol: float, value: float, decimals: int | None
) -> None:
    assert decimals_for(abs_tol, rel_tol, value) == decimals


def test_a_key_is_shown_at_the_questions_precision_and_still_judged_right() -> None:
    third = question("numeric", answer=1 / 3, tolerance={"abs": 0.001, "rel": 0})
    variant = make_variant(third, 0)  # type: ignore[arg-type]
    assert expected_text(variant) == "0.333"
    assert check_answer(variant, expected_text(variant)).correct
    assert variant.number == 1 / 3  # the checked value is not rounded
    # at exactly half a unit off, a digit more keeps the shown key inside the tolerance
    edge = question("numeric", answer=0.4375, tolerance={"abs": 0.0005, "rel": 0.001})
    shown = expected_text(make_variant(edge, 0))  # type: ignore[arg-type]
    assert shown == "0.4375"


def test_text_key_with_the_same_term_in_both_languages_is_shown_once() -> None:
    simd = question("text", answer={"ja": "SIMD", "en": "SIMD"})
    verdict = check_answer(make_variant(simd, 0), "MIMD")  # type: ignore[arg-type]
    assert verdict.expected == "SIMD"
    assert "SIMD" not in verdict.message.en and "MIMD" in verdict.message.en
    two = question("text", answer={"ja": "勾配消失問題", "en": "vanishing gradient problem"})
    assert check_answer(make_variant(two, 0), "x").expected == (  # type: ignore[arg-type]
        "勾配消失問題 / vanishing gradient problem"
    )


def test_words_in_a_message_table_keep_their_own_format_specs() -> None:
    from trainer.bank.english import words

    template = "streak {s:# day} (best {b}), {r:.0%}, {x!r}, {n:# question} in {m:# minute}"
    values = words({"s": 1, "b": 3, "r": 0.5, "x": "a", "n": 1, "m": 120})
    assert template.format(**values) == "streak 1 day (best 3), 50%, 'a', 1 question in 120 minutes"


def test_the_tui_and_report_tables_say_one_day_and_one_minute() -> None:
    from trainer.reports.words import word
    from trainer.tui.text import say

    assert say("en", "streak", streak=1, best=1) == "streak 1 day (best 1)"
    assert say("en", "exam_intro", n=1, m=1, seed=7).startswith("Mock exam: 1 question in 1 minute")
    assert say("ja", "streak", streak=1, best=1).startswith("連続")
    assert "streak 1 day, best" in word("en", "reviews", total=3, accuracy="67%", streak=1, best=2)

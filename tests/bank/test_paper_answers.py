"""Answers written as on paper (issue 13): implicit products, √, π, Unicode minus signs and dashes,
thousands separators, a bare function before a number, max/min, a unit the question names; and
messages that say why in the learner's words and language. The whitelist stays: nothing runs."""

from __future__ import annotations

import contextlib
import math
import re
import shutil
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.bank.helpers import question
from trainer.bank.checking import check_answer
from trainer.bank.errors import AnswerError
from trainer.bank.expr import evaluate, parse, parse_number, read
from trainer.bank.loader import collect
from trainer.bank.resources import syllabus_path
from trainer.bank.variants import make_variant
from trainer.study.preview import parsed_as

SYMBOLS = {"x": None, "y": None, "w": None, "h_1": None}
POINT = {"x": 0.3, "y": 0.5, "w": 2.0, "h_1": 0.4}


def sigmoid(x: float) -> float:
    return 1 / (1 + math.exp(-x))


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("√2-1", math.sqrt(2) - 1),
        ("√(2)-1", math.sqrt(2) - 1),
        ("4π", 4 * math.pi),
        ("4 pi", 4 * math.pi),
        ("4pi", 4 * math.pi),
        ("-ln 4", -math.log(4)),
        ("−ln 4", -math.log(4)),
        ("–1", -1.0),  # en dash
        ("—1", -1.0),  # em dash
        ("ー1", -1.0),  # the minus key under a Japanese input method
        ("69,632", 69632.0),
        ("23,040,000", 23040000.0),
        ("1,234.5", 1234.5),
        ("２３，０４０，０００", 23040000.0),
        ("2(3+4)", 14.0),
        ("(1+2)(3+4)", 21.0),
        ("max(0, -3)", 0.0),
        ("min(2, 5)", 2.0),
        ("max(1,2)", 2.0),
        ("max(0,100)", 100.0),
        ("max(1, 100)", 100.0),
        ("log(8,2)", 3.0),  # inside a two-argument function the comma separates arguments
        ("sqrt(1,000,000)", 1000.0),
        ("2⁻¹", 0.5),
        ("3²", 9.0),
        ("sqrt 16", 4.0),
        ("1/ln 2", 1 / math.log(2)),
        ("2√2", 2 * math.sqrt(2)),
        ("007", 7.0),
        ("2・3", 6.0),
        ("2×3÷4", 1.5),
    ],
)
def test_numbers_written_as_on_paper(text: str, value: float) -> None:
    assert parse_number(text) == pytest.approx(value)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2(x+y)", lambda v: 2 * (v["x"] + v["y"])),
        ("sigmoid(x)(1-sigmoid(x))", lambda v: sigmoid(v["x"]) * (1 - sigmoid(v["x"]))),
        ("w^3(1-h_1^2)", lambda v: v["w"] ** 3 * (1 - v["h_1"] ** 2)),
        ("max(0, x)", lambda v: max(0.0, v["x"])),
        ("min(x, y)", lambda v: min(v["x"], v["y"])),
        ("2x", lambda v: 2 * v["x"]),
        ("x y", lambda v: v["x"] * v["y"]),
        ("x(1−x)", lambda v: v["x"] * (1 - v["x"])),
        ("h₁²", lambda v: v["h_1"] ** 2),
        ("sin x", lambda v: math.sin(v["x"])),
        ("2πx", lambda v: 2 * math.pi * v["x"]),
        ("(x+1)(x-1)", lambda v: (v["x"] + 1) * (v["x"] - 1)),
        ("2x/3", lambda v: 2 * v["x"] / 3),
        ("w·x", lambda v: v["w"] * v["x"]),
    ],
)
def test_expressions_written_as_on_paper(text: str, expected: object) -> None:
    assert callable(expected)
    assert evaluate(parse(text, SYMBOLS), POINT) == pytest.approx(expected(POINT))


def test_a_function_name_before_a_bracket_is_a_call_a_symbol_is_a_product() -> None:
    assert parse("sigmoid(x)", SYMBOLS) == parse("sigmoid (x)", SYMBOLS)
    assert parse("sigmoid(x)", SYMBOLS).op == "call"
    assert parse("w(x)", SYMBOLS) == parse("w*x", SYMBOLS)


INTERNAL = re.compile(r"\b(Name|Call|Constant|BinOp|UnaryOp|Attribute|Subscript|ast|Expr)\b")
JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")

BAD = [
    "__import__('os')",
    "().__class__",
    "x.real",
    "lambda: 1",
    "[1, 2]",
    "{1: 2}",
    "'abc'",
    "True",
    "1j",
    "a[0]",
    "1 if 2 else 3",
    "1 < 2",
    "x = 3",
    "open('f')",
    "f(2)",
    "log",
    "ln",
    "sqrt(1, 2)",
    "max(1)",
    "1,5",
    "0,500",
    "1, 2",
    "2 3",
    "1/2x",
    "ln x^2",
    "2+",
    "(2",
    "2)",
    "2 ** ** 3",
    "*2",
    "sqrt(*x)",
    "log(x=2)",
    "50%2",
    "",
    "   ",
    "1" * 400,
    "-" * 60 + "1",
    "+".join(["1"] * 130),
    "1/0",
    "log(-1)",
    "10**400",
    "1e999",
    "xy",
    "40 FPS",
    "€",
    "\x00",
]


@pytest.mark.parametrize("text", BAD)
def test_refused_inputs_say_why_in_both_languages_without_internal_names(text: str) -> None:
    symbols = {"x": None, "y": None} if text in ("1/2x", "ln x^2", "xy", "sqrt(*x)") else None
    with pytest.raises(AnswerError) as info:
        parse_number(text) if symbols is None else parse(text, symbols)
    error = info.value
    assert error.en.startswith("not a valid answer: ") and str(error) == error.en
    assert error.ja.startswith("答えとして読めません：")
    assert error.get("ja") == error.ja and error.get("en") == error.en
    assert JAPANESE.search(error.ja.removeprefix("答えとして読めません："))
    for message in (error.en, error.ja):
        assert not INTERNAL.search(message), message
        assert "Traceback" not in message and "<class" not in message


@pytest.mark.parametrize(
    ("text", "en", "ja"),
    [
        ("1,5", "use a dot for decimals", "小数点にはコンマでなくドット"),
        ("sqrt(1,5)", "use a dot for decimals", "小数点にはコンマでなくドット"),
        ("2 3", "two numbers in a row", "数が 2 つ並んでいます"),
        ("1/2x", "write 1/(2*x) or (1/2)*x", "どちらとも読めます"),
        ("ln x^2", "write ln(x^…) or ln(x)^…", "どちらとも読めます"),
        ("xy", "for a product write x*y", "積なら x*y"),
        ("open(2)", "'open' is not a known function", "「open」は使える関数ではありません"),
        ("x = 3", "without '='", "「=」を付けず"),
        ("(2", "'(' is not closed", "閉じていません"),
        ("max(1,000, 2)", "a comma separates the arguments", "引数の区切り"),
    ],
)
def test_refusals_name_the_fix(text: str, en: str, ja: str) -> None:
    with pytest.raises(AnswerError) as info:
        parse(text, {"x": None, "y": None})
    assert en in info.value.en and ja in info.value.ja


# -- units ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "unit", "value"),
    [
        ("40 FPS", "FPS", 40.0),
        ("40FPS", "FPS", 40.0),
        ("40 fps", "FPS", 40.0),
        ("40", "FPS", 40.0),
        ("1000/25 FPS", "FPS", 40.0),
        ("12 ms", "ms", 12.0),
        ("12ミリ秒", "ms", 12.0),
        ("20 秒", "s", 20.0),
        ("2,688 MiB", "MiB", 2688.0),
        ("8倍", "倍", 8.0),
        ("440 Hz", "Hz", 440.0),
    ],
)
def test_a_unit_the_question_names_may_follow_the_number(
    text: str, unit: str, value: float
) -> None:
    assert parse_number(text, unit) == pytest.approx(value)


def test_the_typed_unit_is_reported() -> None:
    assert read("40 fps", unit="FPS").unit == "FPS"
    assert read("40", unit="FPS").unit is None


@pytest.mark.parametrize(
    ("text", "unit", "en", "ja"),
    [
        ("40 FPS", None, "does not ask for a unit", "数値だけで答えます"),
        ("0.023 s", "ms", "asks in ms, not 's'", "この問題の単位は ms"),
        ("3 GB", "MB", "asks in MB", "単位は MB"),
        ("FPS 40", "FPS", "only after the number", "数値の後ろ"),
        ("40 FPS + 1", "FPS", "only after the number", "数値の後ろ"),
        ("FPS", "FPS", "only after the number", "数値の後ろ"),
    ],
)
def test_a_unit_the_question_does_not_name_is_refused_with_a_reason(
    text: str, unit: str | None, en: str, ja: str
) -> None:
    with pytest.raises(AnswerError) as info:
        parse_number(text, unit)
    assert en in info.value.en and ja in info.value.ja


def test_a_unit_is_checked_and_shown_without_it() -> None:
    fps = question(
        "numeric",
        answer=40,
        unit="FPS",
        prompt={"ja": "何 FPS か。", "en": "What is its speed in FPS?"},
    )
    variant = make_variant(fps, 0)  # type: ignore[arg-type]
    assert variant.unit == "FPS"
    assert check_answer(variant, "40 FPS").correct
    assert check_answer(variant, "40").correct
    wrong = check_answer(variant, "25 FPS")
    assert not wrong.correct and "You gave 25." in wrong.message.en
    with pytest.raises(AnswerError):
        check_answer(variant, "40 ms")


def test_an_unknown_unit_is_a_schema_error() -> None:
    with pytest.raises(ValueError, match="unknown unit 'parsecs'"):
        question("numeric", answer=1, unit="parsecs")


# -- the live preview ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "kind", "shown"),
    [
        ("2(x+y)", "expression", "2·(x + y)"),
        ("sigmoid(x)(1-sigmoid(x))", "expression", "sigmoid(x)·(1 - sigmoid(x))"),
        ("w^3(1-h_1^2)", "expression", "w^3·(1 - h_1^2)"),
        ("max(0, x)", "expression", "max(0, x)"),
        ("√2-1", "numeric", "sqrt(2) - 1 = 0.414214"),
        ("4π", "numeric", "4·pi = 12.5664"),
        ("-ln 4", "numeric", "-ln(4) = -1.38629"),
        ("–1", "numeric", "-1"),
        ("23,040,000", "numeric", "23040000"),
        ("1000/25 FPS", "numeric", "1000/25 = 40 FPS"),
    ],
)
def test_the_preview_shows_the_same_reading(text: str, kind: str, shown: str) -> None:
    assert parsed_as(text, kind, SYMBOLS if kind == "expression" else (), unit="FPS") == (
        True,
        shown,
    )


def test_the_preview_explains_in_the_learners_language() -> None:
    ok_en, en = parsed_as("1,5", "numeric", lang="en")
    ok_ja, ja = parsed_as("1,5", "numeric", lang="ja")
    assert not ok_en and not ok_ja
    assert "use a dot for decimals" in en and "小数点にはコンマでなくドット" in ja


# -- every accepted spelling means what its canonical spelling means -------------------------

DASHES = ("−", "–", "—", "-")
Pair = tuple[str, str]


def _atoms() -> st.SearchStrategy[Pair]:
    integers = st.integers(min_value=1, max_value=9_999_999).map(lambda n: (str(n), f"{n:,}"))
    decimals = st.sampled_from(["0.5", "2.25", "0.001"]).map(lambda d: (d, d))
    names = st.sampled_from([("x", "x"), ("y", "y"), ("pi", "π"), ("pi", "pi"), ("e", "e")])
    return st.one_of(integers, decimals, names)


def _combine(children: st.SearchStrategy[Pair]) -> st.SearchStrategy[Pair]:
    def binary(op: str, paper_ops: tuple[str, ...]) -> st.SearchStrategy[Pair]:
        return st.tuples(children, children, st.sampled_from(paper_ops)).map(
            lambda t: (f"({t[0][0]}){op}({t[1][0]})", f"({t[0][1]}){t[2]}({t[1][1]})")
        )

    small = st.integers(min_value=1, max_value=99)
    return st.one_of(
        binary("+", ("+", "＋")),
        binary("-", DASHES),
        binary("*", ("", "*", "×", "·", " ")),
        binary("/", ("/", "÷")),
        st.tuples(children, st.sampled_from(DASHES)).map(
            lambda t: (f"-({t[0][0]})", f"{t[1]}({t[0][1]})")
        ),
        st.tuples(children, st.integers(1, 3)).map(
            lambda t: (f"({t[0][0]})**{t[1]}", f"({t[0][1]})^{t[1]}")
        ),
        children.map(lambda c: (f"sqrt({c[0]})", f"√({c[1]})")),
        children.map(lambda c: (f"sigmoid({c[0]})", f"sigmoid({c[1]})")),
        st.tuples(children, children).map(
            lambda t: (f"max({t[0][0]}, {t[1][0]})", f"max({t[0][0]}, {t[1][0]})")
        ),
        st.tuples(small, children).map(lambda t: (f"{t[0]}*({t[1][0]})", f"{t[0]}({t[1][1]})")),
        small.map(lambda n: (f"{n}*pi", f"{n}π")),
        small.map(lambda n: (f"{n}*x", f"{n}x")),
        small.map(lambda n: (f"ln({n})", f"ln {n}")),
        small.map(lambda n: (f"sqrt({n})", f"√{n}")),
    )


EXPRESSIONS = st.recursive(_atoms(), _combine, max_leaves=6)


@given(EXPRESSIONS)
def test_every_paper_spelling_reads_as_its_canonical_spelling(pair: Pair) -> None:
    canonical, paper = pair
    symbols = {"x": None, "y": None}
    try:
        expected = parse(canonical, symbols)
    except AnswerError:
        with pytest.raises(AnswerError):
            parse(paper, symbols)
        return
    assert parse(paper, symbols) == expected, paper


# -- the whitelist stays -------------------------------------------------------------------

PIECES = [
    "__import__('os').system('touch CANARY')",
    "open('CANARY','w').write('x')",
    "().__class__.__bases__[0].__subclasses__()",
    "exec",
    "eval",
    "lambda",
    "x",
    "sigmoid(",
    "max(",
    "ln ",
    "√",
    "π",
    "−",
    "ー",
    "²",
    "₁",
    "^",
    "**",
    "9",
    "1,000",
    ",",
    ")(",
    "(",
    ")",
    ".",
    "'",
    "1e308",
    " FPS",
    "ms",
    "%",
    "*",
    "/",
    " ",
    "globals()",
    "breakpoint()",
    ":=",
    "for",
    "if",
    "\\",
]


@given(
    st.one_of(st.text(max_size=300), st.lists(st.sampled_from(PIECES), max_size=30).map("".join))
)
def test_nothing_typed_ever_runs(tmp_path_factory: pytest.TempPathFactory, text: str) -> None:
    workdir = tmp_path_factory.getbasetemp()
    for symbols, unit in (({}, None), ({}, "FPS"), ({"x": None}, None)):
        try:
            node = parse(text, symbols, unit)
        except AnswerError as error:
            assert not INTERNAL.search(error.en) and not INTERNAL.search(error.ja)
            continue
        with contextlib.suppress(ArithmeticError, ValueError):
            evaluate(node, {"x": 0.5})
    assert not Path("CANARY").exists() and not (workdir / "CANARY").exists()


def test_the_loader_checks_that_the_prompt_names_the_unit(tmp_path: Path) -> None:
    shutil.copy(syllabus_path(), tmp_path / "syllabus.yaml")
    good = """\
- id: t.fps
  topic: deep_learning/cnn/conv_output_size
  syllabus: "3-4-1"
  area: deep_learning
  kind: numeric
  unit: FPS
  difficulty: 1
  source: {seed: 000_c7c515c0397d0ed0.txt, section: "test"}
  prompt: {ja: "何 FPS か。", en: "What is its speed in FPS?"}
  explanation: {ja: "解説", en: "Explanation"}
  answer: 40
"""
    (tmp_path / "q.yaml").write_text(good, encoding="utf-8")
    bank, problems = collect([tmp_path])
    assert not problems and "t.fps" in bank.questions
    (tmp_path / "q.yaml").write_text(good.replace("unit: FPS", "unit: ms"), encoding="utf-8")
    _, problems = collect([tmp_path])
    assert [p.message for p in problems] == ["unit: the prompt does not name 'ms' (seed 0)"]
    (tmp_path / "q.yaml").write_text(good.replace("unit: FPS", "unit: parsecs"), encoding="utf-8")
    _, problems = collect([tmp_path])
    assert len(problems) == 1 and "unknown unit 'parsecs'" in problems[0].message


def test_max_and_min_reach_sympy_as_max_and_min() -> None:
    """The symbolic fallback knows every whitelisted function (max/min were missing)."""
    import sympy

    from trainer.bank.symbolic import to_sympy

    for text, function in (("max(0, x)", max), ("min(x, 1)", min)):
        expression = to_sympy(parse(text, {"x": None}))
        (x,) = expression.free_symbols
        assert isinstance(expression, sympy.Max | sympy.Min)
        for value in (-2.0, 0.5, 3.0):
            bound = 0.0 if function is max else 1.0
            assert float(expression.subs(x, value)) == function(bound, value)

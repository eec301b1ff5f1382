"""The whitelist parser: what it accepts, what it refuses, and that nothing ever runs."""

from __future__ import annotations

import contextlib
import math
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from trainer.bank.errors import AnswerError
from trainer.bank.expr import evaluate, parse, parse_number


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("0.25", 0.25),
        ("1/4", 0.25),
        ("2.5e-1", 0.25),
        ("25%", 0.25),
        ("０．２５", 0.25),
        ("-log(4)", -math.log(4)),
        ("−2*ln(2)", -2 * math.log(2)),
        ("sqrt(8)", math.sqrt(8)),
        ("2^3", 8.0),
        ("2×3", 6.0),
        ("exp(1)", math.e),
        ("log(8, 2)", 3.0),
        ("(1+2)*(3+4)", 21.0),
        ("pi/2", math.pi / 2),
    ],
)
def test_numbers_and_small_arithmetic_are_read(text: str, value: float) -> None:
    assert parse_number(text) == pytest.approx(value)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("__import__('os')", "not a known function"),
        ("().__class__", "only goes inside a number"),
        ("x.real", "unknown name 'x'"),
        ("(lambda: 1)()", "unknown name 'lambda'"),
        ("lambda: 1", "unknown name 'lambda'"),
        ("[i for i in range(10)]", "'[' cannot be used"),
        ("9**9**9**9", "too large"),
        ("10**400", "too large"),
        ("1e999", "too large"),
        ("'abc'", "cannot be used"),
        ("True", "unknown name 'True'"),
        ("1j", "unknown name 'j'"),
        ("a[0]", "unknown name 'a'"),
        ("1 if 2 else 3", "unknown name 'if'"),
        ("1 < 2", "'<' cannot be used"),
        ("open('f')", "not a known function"),
        ("log", "is a function"),
        ("sqrt(1, 2)", "takes 1"),
        ("0,5", "dot for decimals"),
        ("2x", "unknown name 'x'"),
        ("", "empty"),
        ("1" * 10_000, "longer than"),
        ("-" * 60 + "1", "too long or too deeply nested"),
        ("+".join(["1"] * 130), "too long or too deeply nested"),
        ("1/0", "undefined"),
        ("log(-1)", "undefined"),
    ],
)
def test_refused_inputs_get_a_clear_message(text: str, reason: str) -> None:
    with pytest.raises(AnswerError, match="not a valid answer") as info:
        parse_number(text)
    assert reason in str(info.value)


def test_declared_symbols_only() -> None:
    node = parse("p_data/(p_data + p_g)", {"p_data": None, "p_g": None})
    assert evaluate(node, {"p_data": 0.6, "p_g": 0.2}) == pytest.approx(0.75)
    with pytest.raises(AnswerError, match="unknown name 'q'"):
        parse("q + 1", {"x": None})


PIECES = [
    "__import__('os').system('touch CANARY')",
    "__import__",
    "open('CANARY','w').write('x')",
    "().__class__.__bases__[0].__subclasses__()",
    "exec",
    "eval",
    "lambda",
    "x",
    "tanh(",
    "**",
    "9",
    ")",
    "(",
    ".",
    ",",
    "[",
    "]",
    "'",
    "1e308",
    "*",
    "-",
    "/",
    "sqrt",
    "log",
    " ",
    "pathlib.Path('CANARY').touch()",
    "globals()",
    "breakpoint()",
    ":=",
    "for",
    "if",
    "\n",
    "\\",
]


@given(
    st.one_of(st.text(max_size=400), st.lists(st.sampled_from(PIECES), max_size=30).map("".join))
)
def test_fuzzed_input_never_escapes_or_executes(
    tmp_path_factory: pytest.TempPathFactory, text: str
) -> None:
    workdir = tmp_path_factory.getbasetemp()
    canary = Path("CANARY")
    for symbols in ({}, {"x": (-1.0, 1.0)}):
        try:
            node = parse(text, symbols)
        except AnswerError:
            continue
        with contextlib.suppress(ArithmeticError, ValueError):
            evaluate(node, {"x": 0.5})
    assert not canary.exists() and not (workdir / "CANARY").exists()

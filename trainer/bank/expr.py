"""A whitelist parser for typed answers: numbers, arithmetic, known functions, declared symbols.

Python's `ast` module parses the text (it only builds a tree; nothing runs), then every node is
checked against a whitelist and copied into a tiny tree of our own (`Node`). Only that tree is ever
evaluated: numerically here with `math`, or symbolically by `trainer.bank.symbolic` with sympy
objects built node by node. `eval`, `exec`, `sympify` and `lambdify` never see learner input.
"""

from __future__ import annotations

import ast
import math
import random
import re
import unicodedata
import warnings
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from trainer.bank.errors import AnswerError
from trainer.bank.units import unit_of

MAX_LENGTH = 300
MAX_NODES = 120
MAX_DEPTH = 24
MAX_EXPONENT = 1000.0
MAX_MAGNITUDE = 1e300

# name -> (arity, numeric implementation). `log` also takes a base as a second argument.
FUNCTIONS: dict[str, tuple[tuple[int, ...], Callable[..., float]]] = {
    "sqrt": ((1,), math.sqrt),
    "exp": ((1,), math.exp),
    "log": ((1, 2), lambda x, b=None: math.log(x) if b is None else math.log(x, b)),
    "ln": ((1,), math.log),
    "log2": ((1,), math.log2),
    "log10": ((1,), math.log10),
    "sin": ((1,), math.sin),
    "cos": ((1,), math.cos),
    "tan": ((1,), math.tan),
    "tanh": ((1,), math.tanh),
    "sinh": ((1,), math.sinh),
    "cosh": ((1,), math.cosh),
    "sech": ((1,), lambda x: 1.0 / math.cosh(x)),
    "sigmoid": ((1,), lambda x: 1.0 / (1.0 + math.exp(-x))),
    "abs": ((1,), abs),
    "max": ((2, 3, 4), max),
    "min": ((2, 3, 4), min),
}
CONSTANTS: dict[str, float] = {"pi": math.pi, "e": math.e, "π": math.pi}


@dataclass(frozen=True)
class Node:
    """A checked expression tree: op is num, const, sym, add, sub, mul, div, pow, neg or call."""

    op: str
    args: tuple[Node, ...] = ()
    value: float = 0.0
    name: str = ""
    text: str = ""  # the literal as typed, for exact rationals in sympy


_BINOPS: dict[type[ast.operator], str] = {
    ast.Add: "add",
    ast.Sub: "sub",
    ast.Mult: "mul",
    ast.Div: "div",
    ast.Pow: "pow",
}

# Characters folded before reading: every dash and minus sign is a minus, × and · multiply.
_TRANSLATE = str.maketrans(
    {
        "×": "*",
        "·": "*",
        "⋅": "*",
        "∙": "*",
        "・": "*",  # the Japanese middle dot, as in 2・3
        "÷": "/",
        "−": "-",
        "–": "-",
        "—": "-",
        "‐": "-",
        "‑": "-",
        "‒": "-",
        "﹣": "-",
        "π": " pi ",
    }
)
_SUPERSCRIPTS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁻⁺", "0123456789-+")
_SUBSCRIPTS = str.maketrans("₀₁₂₃₄₅₆₇₈₉", "0123456789")
_SUPERSCRIPT_RUN = re.compile("[⁰¹²³⁴⁵⁶⁷⁸⁹⁻⁺]+")
_SUBSCRIPT_RUN = re.compile("[₀₁₂₃₄₅₆₇₈₉]+")
# Under a Japanese input method the minus key types ー (the long-vowel mark): a minus unless it
# follows katakana, where it is part of a word.
_LONG_VOWEL_MINUS = re.compile(r"(?<![ァ-ヺー])ー")


def normalise_input(text: str) -> str:
    """Fold full-width characters and the signs of written maths into plain ASCII operators."""
    text = _SUPERSCRIPT_RUN.sub(lambda m: "^(" + m.group().translate(_SUPERSCRIPTS) + ")", text)
    text = _SUBSCRIPT_RUN.sub(lambda m: "_" + m.group().translate(_SUBSCRIPTS), text)
    text = unicodedata.normalize("NFKC", text).strip()
    text = _LONG_VOWEL_MINUS.sub("-", text)
    return text.translate(_TRANSLATE)


def _fail(en: str, ja: str) -> AnswerError:
    return AnswerError(f"not a valid answer: {en}", f"答えとして読めません：{ja}")


# -- reading the text: a whitelist of tokens ---------------------------------------------------

_NUMBER = re.compile(r"(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?")
# Thousands grouped by three ("23,040,000"); never "1,5" (a decimal comma) or "0,500".
_GROUPED = re.compile(r"[1-9]\d{0,2}(?:,\d{3})+(?:\.\d*)?(?:[eE][+-]?\d+)?(?!\d|,\d)")
_WORD = re.compile(r"[^\W\d]\w*")
_OPERATORS = ("**", "*", "/", "+", "-", "(", ")", ",", "^", "√", "%")
_ALLOWED_EN = "numbers, + - * / ^, brackets, functions such as sqrt(2), and the question's symbols"
_ALLOWED_JA = "数、+ - * / ^、かっこ、sqrt(2) などの関数、問題の記号"
_MULTI_ARGUMENT = frozenset({"log", "max", "min"})


@dataclass(frozen=True)
class _Token:
    kind: str  # num, sym, const, func, unit, op, open, close, comma
    text: str
    spaced: bool = False  # whitespace came before it


@dataclass(frozen=True)
class Reading:
    """What a typed answer says: the checked tree, and the unit typed after it (if any)."""

    node: Node
    unit: str | None = None


def _tokens(source: str, symbols: frozenset[str]) -> list[_Token]:
    """Split into whitelisted tokens; anything else is refused here, before any parsing."""
    tokens: list[_Token] = []
    brackets: list[str] = []  # "call:<name>" or "group", innermost last
    i = 0
    spaced = False
    while i < len(source):
        char = source[i]
        if char.isspace():
            i += 1
            spaced = True
            continue
        inside_call = bool(brackets) and brackets[-1].startswith("call:")
        several = inside_call and brackets[-1][5:] in _MULTI_ARGUMENT
        grouped = _GROUPED.match(source, i)
        if grouped is not None and several:  # max(1,000, 2): thousands, or three arguments?
            function = brackets[-1][5:]
            raise _fail(
                f"inside {function}(...) a comma separates the arguments: write "
                f"{grouped.group().replace(',', '')} without commas, or put a space after each "
                "comma between arguments",
                f"{function}(...) の中のコンマは引数の区切りです。"
                f"{grouped.group().replace(',', '')} とコンマなしで書くか、"
                "引数の区切りのコンマの後ろに空白を入れてください",
            )
        if grouped is not None:
            tokens.append(_Token("num", _plain_number(grouped.group().replace(",", "")), spaced))
            i = grouped.end()
        elif number := _NUMBER.match(source, i):
            after = number.end()
            if (
                not several
                and source.startswith(",", after)
                and after + 1 < len(source)
                and source[after + 1].isdigit()
            ):
                raise _fail(
                    "use a dot for decimals (0.5), not a comma; "
                    "a comma only groups thousands by three (23,040,000)",
                    "小数点にはコンマでなくドットを使います（0.5）。"
                    "コンマは 3 桁ごとの区切り（23,040,000）にだけ使えます",
                )
            tokens.append(_Token("num", _plain_number(number.group()), spaced))
            i = after
        elif word := _WORD.match(source, i):
            name = word.group()
            i = word.end()
            opens = source[i:].lstrip().startswith("(")
            tokens.append(_Token(_classify(name, symbols, opens=opens), name, spaced))
        else:
            op = next((o for o in _OPERATORS if source.startswith(o, i)), None)
            if op is None:
                raise _bad_character(char)
            i += len(op)
            if op == "(":
                previous = tokens[-1] if tokens else None
                is_call = previous is not None and previous.kind == "func"
                brackets.append(f"call:{previous.text}" if is_call and previous else "group")
                tokens.append(_Token("open", op, spaced))
            elif op == ")":
                if not brackets:
                    raise _fail("')' has no matching '('", "「)」に対応する「(」がありません")
                brackets.pop()
                tokens.append(_Token("close", op, spaced))
            elif op == ",":
                if not inside_call:
                    raise _fail(
                        "give one value, not a list", "値は 1 つだけ書いてください（並べない）"
                    )
                tokens.append(_Token("comma", op, spaced))
            elif op == "√":
                tokens.append(_Token("func", "sqrt", spaced))
            else:
                tokens.append(_Token("op", "**" if op == "^" else op, spaced))
        spaced = False
    if brackets:
        raise _fail("a '(' is not closed", "「(」が閉じていません")
    return tokens


def _plain_number(text: str) -> str:
    """A number as Python reads it: no leading zeros on an integer ("007" is 7)."""
    if text.isdigit():
        return str(int(text))
    return text


def _classify(name: str, symbols: frozenset[str], *, opens: bool) -> str:
    if name in symbols:
        return "sym"
    if name in CONSTANTS:
        return "const"
    if name in FUNCTIONS:
        return "func"
    if unit_of(name) is not None and not opens:
        return "unit"
    if opens:
        known = ", ".join(FUNCTIONS)
        raise _fail(
            f"'{name}' is not a known function (you can use {known})",
            f"「{name}」は使える関数ではありません（使える関数: {known}）",
        )
    raise _unknown_name(name, symbols)


def _unknown_name(name: str, symbols: frozenset[str]) -> AnswerError:
    product = _as_product(name, symbols)
    hint_en = f"; for a product write {product}" if product else ""
    hint_ja = f"（積なら {product} と書きます）" if product else ""
    if symbols:
        known = ", ".join(sorted(symbols))
        return _fail(
            f"unknown name '{name}' (symbols here: {known}; constants: pi, e){hint_en}",
            f"「{name}」はこの問題の記号ではありません"
            f"（使える記号: {known}、定数: pi, e）{hint_ja}",
        )
    return _fail(
        f"unknown name '{name}': write a number (constants: pi, e)",
        f"「{name}」は数でも定数（pi, e）でもありません。数で答えてください",
    )


def _as_product(name: str, symbols: frozenset[str]) -> str | None:
    """'xy' -> 'x*y' when the name splits into the question's symbols and constants."""
    known = sorted(symbols | {"pi", "e"}, key=len, reverse=True)
    parts: list[str] = []
    rest = name
    while rest:
        part = next((k for k in known if rest.startswith(k)), None)
        if part is None:
            return None
        parts.append(part)
        rest = rest[len(part) :]
    return "*".join(parts) if len(parts) > 1 else None


def _bad_character(char: str) -> AnswerError:
    if char == ".":
        return _fail(
            "a '.' only goes inside a number (0.5)", "「.」は数の小数点（0.5）にだけ使えます"
        )
    if char == "=":
        return _fail("write the value alone, without '='", "「=」を付けず、値だけを書いてください")
    shown = char if char.isprintable() else repr(char)
    return _fail(
        f"'{shown}' cannot be used in an answer (use {_ALLOWED_EN})",
        f"「{shown}」は答えに使えません（使えるのは{_ALLOWED_JA}）",
    )


_OPERAND_END = frozenset({"num", "sym", "const", "close"})
_OPERAND_START = frozenset({"num", "sym", "const", "func", "open"})


def _take_unit(
    tokens: list[_Token], unit: str | None, symbols: frozenset[str]
) -> tuple[list[_Token], str | None]:
    """The unit typed last (checked against the question's), and the tokens before it."""
    for position, token in enumerate(tokens):
        if token.kind != "unit":
            continue
        typed = unit_of(token.text)
        last = position == len(tokens) - 1
        if unit is None and symbols:
            raise _unknown_name(token.text, symbols)
        if unit is None:
            raise _fail(
                f"this question does not ask for a unit ('{token.text}'): write the number alone",
                f"この問題は単位（{token.text}）を付けずに数値だけで答えます",
            )
        if typed != unit:
            raise _fail(
                f"this question asks in {unit}, not '{token.text}': give the number in {unit} "
                "(the unit may be left out); units are not converted",
                f"この問題の単位は {unit} です（{token.text} ではありません）。{unit} での値を"
                "書いてください（単位は省略可、換算はしません）",
            )
        if not last or position == 0 or tokens[position - 1].kind not in _OPERAND_END:
            raise _fail(
                f"write the unit only after the number, at the end (40 {unit})",
                f"単位は数値の後ろ、最後にだけ書きます（40 {unit}）",
            )
        return tokens[:-1], typed
    return tokens, None


def _apply_bare_functions(tokens: list[_Token]) -> list[_Token]:
    """`ln 4`, `√2`, `sin x`: a function before one number, symbol or constant applies to it."""
    result: list[_Token] = []
    i = 0
    while i < len(tokens):
        token = tokens[i]
        after = tokens[i + 1] if i + 1 < len(tokens) else None
        if token.kind != "func" or (after is not None and after.kind == "open"):
            result.append(token)
            i += 1
            continue
        if after is None or after.kind not in ("num", "sym", "const"):
            raise _fail(
                f"'{token.text}' is a function; write {token.text}(...)",
                f"「{token.text}」は関数です。{token.text}(...) のように書いてください",
            )
        beyond = tokens[i + 2] if i + 2 < len(tokens) else None
        if beyond is not None and beyond.kind == "op" and beyond.text == "**":
            name, atom = token.text, after.text
            raise _fail(
                f"'{name} {atom}^…' is ambiguous: write {name}({atom}^…) or {name}({atom})^…",
                f"「{name} {atom}^…」はどちらとも読めます。{name}({atom}^…) か "
                f"{name}({atom})^… と書いてください",
            )
        result += [token, _Token("open", "("), after, _Token("close", ")")]
        i += 2
    return result


def _explicit_products(tokens: list[_Token]) -> list[_Token]:
    """`2(x+y)`, `4π`, `w^3(1-h^2)`, `sigmoid(x)(1-sigmoid(x))`: products written side by side."""
    result: list[_Token] = []
    for token in tokens:
        previous = result[-1] if result else None
        if previous is not None and previous.kind in _OPERAND_END and token.kind in _OPERAND_START:
            if previous.kind == "num" and token.kind == "num":
                raise _fail(
                    f"two numbers in a row ('{previous.text} {token.text}'): "
                    f"write {previous.text}*{token.text} for a product",
                    f"数が 2 つ並んでいます（{previous.text} {token.text}）。"
                    f"積なら {previous.text}*{token.text} と書きます",
                )
            if _after_division(result):
                raise _fail(
                    "a product written without '*' right after '/' is ambiguous: "
                    "write 1/(2*x) or (1/2)*x",
                    "「/」の直後で * を省いた積はどちらとも読めます。"
                    "1/(2*x) か (1/2)*x のように書いてください",
                )
            result.append(_Token("op", "*"))
        result.append(token)
    return result


def _after_division(tokens: list[_Token]) -> bool:
    """Whether the term that ends the tokens is the divisor of a '/' (`1/2` before `x`)."""
    depth = 0
    for token in reversed(tokens):
        if token.kind == "close":
            depth += 1
        elif token.kind == "open":
            depth -= 1
            if depth < 0:
                return False
        elif depth == 0 and token.kind == "comma":
            return False
        elif depth == 0 and token.kind == "op":
            if token.text in ("+", "-"):
                return False
            if token.text == "/":
                return True
    return False


def read(
    text: str, symbols: Mapping[str, object] | None = None, unit: str | None = None
) -> Reading:
    """Read and whitelist `text`: the checked tree and the unit typed after it, if any.

    Raises `AnswerError` with a message a learner can act on, in Japanese and English.
    """
    if len(text) > MAX_LENGTH:
        raise _fail(f"longer than {MAX_LENGTH} characters", f"{MAX_LENGTH} 文字を超えています")
    source = normalise_input(text)
    if not source:
        raise _fail("empty", "何も入力されていません")
    names = frozenset(symbols or ())
    tokens = _tokens(source, names)
    percent = bool(tokens) and tokens[-1].text == "%"
    if percent:
        tokens = tokens[:-1]
    if any(t.text == "%" for t in tokens):
        raise _fail("'%' can only come last (25%)", "「%」は最後にだけ書けます（25%）")
    tokens, typed_unit = _take_unit(tokens, unit, names)
    if not tokens:
        raise _fail("no number before the '%' or unit", "「%」や単位の前に数値がありません")
    tokens = _explicit_products(_apply_bare_functions(tokens))
    placeholders: dict[str, tuple[str, str]] = {}
    parts: list[str] = []
    for token in tokens:
        if token.kind in ("sym", "const", "func"):
            key = f"N{len(placeholders)}"
            placeholders[key] = (token.kind, token.text)
            parts.append(key)
        else:
            parts.append(token.text)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", SyntaxWarning)
            tree = ast.parse(" ".join(parts), mode="eval")
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        shown = " ".join(text.split())
        raise _fail(
            f"cannot read '{shown}' (check the brackets, and that each operator has a value "
            "on both sides)",
            f"「{shown}」を式として読めません（かっこの対応と、演算子の両側に値があるかを"
            "確かめてください）",
        ) from None
    node = _Builder(names, placeholders).build(tree.body, 0)
    if percent:
        node = Node("div", (node, Node("num", value=100.0, text="100")))
    return Reading(node, typed_unit)


def parse(text: str, symbols: Mapping[str, object] | None = None, unit: str | None = None) -> Node:
    """Parse and whitelist `text`. Raises `AnswerError` with a message a learner can act on."""
    return read(text, symbols, unit).node


class _Builder:
    """The second whitelist: only these node shapes of Python's grammar become a `Node`.

    The text it sees is made by `read` from whitelisted tokens, with every name replaced by a
    placeholder (`N0`, `N1`, ...) that `names` maps back, so nothing typed reaches `ast` as a name.
    """

    def __init__(self, symbols: frozenset[str], names: Mapping[str, tuple[str, str]]) -> None:
        self.symbols = symbols
        self.names = names
        self.count = 0

    def build(self, node: ast.AST, depth: int) -> Node:
        self.count += 1
        if self.count > MAX_NODES or depth > MAX_DEPTH:
            raise _fail(
                "the expression is too long or too deeply nested",
                "式が長すぎるか、入れ子が深すぎます",
            )
        if isinstance(node, ast.Constant):
            return self._constant(node.value)
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub | ast.UAdd):
            inner = self.build(node.operand, depth + 1)
            return Node("neg", (inner,)) if isinstance(node.op, ast.USub) else inner
        if isinstance(node, ast.BinOp) and type(node.op) in _BINOPS:
            op = _BINOPS[type(node.op)]
            left = self.build(node.left, depth + 1)
            right = self.build(node.right, depth + 1)
            result = Node(op, (left, right))
            if op == "pow":
                _check_power(left, right)
            return result
        if isinstance(node, ast.Name):
            return self._name(node.id)
        if isinstance(node, ast.Call):
            return self._call(node, depth)
        raise _fail(
            f"this form is not allowed (use {_ALLOWED_EN})",
            f"この書き方は使えません（使えるのは{_ALLOWED_JA}）",
        )

    def _constant(self, value: object) -> Node:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise _fail(
                "only numbers, symbols and functions are allowed",
                "使えるのは数、記号、関数だけです",
            )
        if isinstance(value, int) and value.bit_length() > 1000:
            raise _too_large()
        number = float(value)
        if not math.isfinite(number) or abs(number) > MAX_MAGNITUDE:
            raise _too_large()
        return Node("num", value=number, text=repr(value))

    def _name(self, key: str) -> Node:
        kind, name = self.names.get(key, ("", key))
        if kind == "sym":
            return Node("sym", name=name)
        if kind == "const":
            return Node("const", name=name, value=CONSTANTS[name])
        if kind == "func":
            raise _fail(
                f"'{name}' is a function; write {name}(...)",
                f"「{name}」は関数です。{name}(...) のように書いてください",
            )
        raise _unknown_name(name, self.symbols)

    def _call(self, node: ast.Call, depth: int) -> Node:
        key = node.func.id if isinstance(node.func, ast.Name) else ""
        kind, name = self.names.get(key, ("", ""))
        if kind != "func" or node.keywords:
            raise _fail(
                f"this form is not allowed (use {_ALLOWED_EN})",
                f"この書き方は使えません（使えるのは{_ALLOWED_JA}）",
            )
        arities, _ = FUNCTIONS[name]
        if len(node.args) not in arities:
            count = " or ".join(map(str, arities))
            raise _fail(
                f"{name} takes {count} argument(s)",
                f"{name} の引数は {count.replace(' or ', ' か ')} 個です",
            )
        args = tuple(self.build(a, depth + 1) for a in node.args)
        return Node("call", args, name=name)


def _too_large() -> AnswerError:
    return _fail("number too large", "数が大きすぎます")


def _check_power(base: Node, exponent: Node) -> None:
    """Refuse powers that would take unbounded time or memory to compute (9**9**9**9)."""
    if not free_symbols(exponent):
        power = _evaluate_constant(exponent)
        if abs(power) > MAX_EXPONENT:
            raise _fail("exponent too large", "指数が大きすぎます")
        if not free_symbols(base):
            _evaluate_constant(Node("pow", (base, exponent)))


def _evaluate_constant(node: Node) -> float:
    try:
        value = evaluate(node, {})
    except (ArithmeticError, ValueError):
        raise _fail(
            "the number is undefined or too large (like 1/0 or log(-1))",
            "値が定まらないか大きすぎます（1/0 や log(-1) など）",
        ) from None
    if not math.isfinite(value) or abs(value) > MAX_MAGNITUDE:
        raise _too_large()
    return value


def free_symbols(node: Node) -> frozenset[str]:
    if node.op == "sym":
        return frozenset({node.name})
    result: frozenset[str] = frozenset()
    for arg in node.args:
        result |= free_symbols(arg)
    return result


def evaluate(node: Node, values: Mapping[str, float]) -> float:
    """Evaluate with floats. Raises ArithmeticError/ValueError where undefined (log(-1), 1/0)."""
    op = node.op
    if op in ("num", "const"):
        return node.value
    if op == "sym":
        return values[node.name]
    if op == "neg":
        return -evaluate(node.args[0], values)
    if op == "call":
        _, function = FUNCTIONS[node.name]
        return float(function(*(evaluate(a, values) for a in node.args)))
    left = evaluate(node.args[0], values)
    right = evaluate(node.args[1], values)
    if op == "add":
        return left + right
    if op == "sub":
        return left - right
    if op == "mul":
        return left * right
    if op == "div":
        return left / right
    if abs(right) > MAX_EXPONENT:
        raise OverflowError("exponent too large")
    result = left**right
    if isinstance(result, complex):
        raise ValueError("complex result")
    return float(result)


def parse_number(text: str, unit: str | None = None) -> float:
    """A learner's numeric answer: a number or a small arithmetic expression without symbols,
    optionally followed by the question's `unit`."""
    return _evaluate_constant(parse(text, unit=unit))


def constant_value(node: Node) -> float:
    """The value of a tree without symbols; `AnswerError` where undefined or too large."""
    return _evaluate_constant(node)


def sample_points(
    domains: Mapping[str, tuple[float, float]], count: int, seed: int = 0
) -> list[dict[str, float]]:
    """Deterministic random points inside each symbol's interval, for numeric spot checks."""
    rng = random.Random(seed)
    return [{name: rng.uniform(lo, hi) for name, (lo, hi) in domains.items()} for _ in range(count)]

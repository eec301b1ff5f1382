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

_TRANSLATE = str.maketrans({"×": "*", "·": "*", "÷": "/", "−": "-", "^": "**", "√": "sqrt"})


def normalise_input(text: str) -> str:
    """Fold full-width characters and common math symbols into what Python's grammar expects."""
    text = unicodedata.normalize("NFKC", text).strip()
    text = text.translate(_TRANSLATE)
    return text.replace("****", "**")


def parse(text: str, symbols: Mapping[str, object] | None = None) -> Node:
    """Parse and whitelist `text`. Raises `AnswerError` with a message a learner can act on."""
    if len(text) > MAX_LENGTH:
        raise AnswerError(f"not a valid answer: longer than {MAX_LENGTH} characters")
    source = normalise_input(text)
    if not source:
        raise AnswerError("not a valid answer: empty")
    percent = source.endswith("%")
    if percent:
        source = source[:-1].strip()
    if re.search(r"\d,\d", source):
        raise AnswerError("not a valid answer: use a dot for decimals (0.5), not a comma")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", SyntaxWarning)  # "1e308x": we report our own message
            tree = ast.parse(source, mode="eval")
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        hint = " (write products with *, e.g. 2*x)" if re.search(r"\d[A-Za-z(]", source) else ""
        raise AnswerError(f"not a valid answer: cannot read {text.strip()!r}{hint}") from None
    builder = _Builder(frozenset(symbols or ()))
    node = builder.build(tree.body, 0)
    if percent:
        node = Node("div", (node, Node("num", value=100.0, text="100")))
    return node


class _Builder:
    def __init__(self, symbols: frozenset[str]) -> None:
        self.symbols = symbols
        self.count = 0

    def build(self, node: ast.AST, depth: int) -> Node:
        self.count += 1
        if self.count > MAX_NODES or depth > MAX_DEPTH:
            raise AnswerError("not a valid answer: the expression is too long or too deeply nested")
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
        raise AnswerError(f"not a valid answer: {_describe(node)} is not allowed")

    def _constant(self, value: object) -> Node:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise AnswerError("not a valid answer: only numbers, symbols and functions are allowed")
        if isinstance(value, int) and value.bit_length() > 1000:
            raise AnswerError("not a valid answer: number too large")
        number = float(value)
        if not math.isfinite(number) or abs(number) > MAX_MAGNITUDE:
            raise AnswerError("not a valid answer: number too large")
        return Node("num", value=number, text=repr(value))

    def _name(self, name: str) -> Node:
        if name in self.symbols:
            return Node("sym", name=name)
        if name in CONSTANTS:
            return Node("const", name=name, value=CONSTANTS[name])
        if name in FUNCTIONS:
            raise AnswerError(f"not a valid answer: '{name}' is a function; write {name}(...)")
        known = ", ".join(sorted(self.symbols)) or "none"
        raise AnswerError(f"not a valid answer: unknown name '{name}' (symbols here: {known})")

    def _call(self, node: ast.Call, depth: int) -> Node:
        if not isinstance(node.func, ast.Name) or node.func.id not in FUNCTIONS:
            raise AnswerError(f"not a valid answer: {_describe(node.func)} is not a known function")
        if node.keywords:
            raise AnswerError("not a valid answer: keyword arguments are not allowed")
        name = node.func.id
        arities, _ = FUNCTIONS[name]
        if len(node.args) not in arities:
            raise AnswerError(
                f"not a valid answer: {name} takes {' or '.join(map(str, arities))} argument(s)"
            )
        args = tuple(self.build(a, depth + 1) for a in node.args)
        return Node("call", args, name=name)


def _check_power(base: Node, exponent: Node) -> None:
    """Refuse powers that would take unbounded time or memory to compute (9**9**9**9)."""
    if not free_symbols(exponent):
        power = _evaluate_constant(exponent)
        if abs(power) > MAX_EXPONENT:
            raise AnswerError("not a valid answer: exponent too large")
        if not free_symbols(base):
            _evaluate_constant(Node("pow", (base, exponent)))


def _evaluate_constant(node: Node) -> float:
    try:
        value = evaluate(node, {})
    except (ArithmeticError, ValueError):
        raise AnswerError("not a valid answer: the number is undefined or too large") from None
    if not math.isfinite(value) or abs(value) > MAX_MAGNITUDE:
        raise AnswerError("not a valid answer: number too large")
    return value


def _describe(node: ast.AST) -> str:
    names = {
        ast.Attribute: "attribute access",
        ast.Lambda: "a lambda",
        ast.ListComp: "a comprehension",
        ast.GeneratorExp: "a comprehension",
        ast.SetComp: "a comprehension",
        ast.DictComp: "a comprehension",
        ast.Subscript: "indexing",
        ast.Compare: "a comparison",
        ast.BoolOp: "a boolean operator",
        ast.IfExp: "a conditional",
        ast.List: "a list",
        ast.Tuple: "a tuple",
        ast.Dict: "a dict",
        ast.Set: "a set",
        ast.NamedExpr: "an assignment",
        ast.Starred: "unpacking",
        ast.JoinedStr: "an f-string",
        ast.Await: "await",
    }
    return names.get(type(node), f"'{type(node).__name__}'")


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


def parse_number(text: str) -> float:
    """A learner's numeric answer: a number or a small arithmetic expression without symbols."""
    return _evaluate_constant(parse(text))


def sample_points(
    domains: Mapping[str, tuple[float, float]], count: int, seed: int = 0
) -> list[dict[str, float]]:
    """Deterministic random points inside each symbol's interval, for numeric spot checks."""
    rng = random.Random(seed)
    return [{name: rng.uniform(lo, hi) for name, (lo, hi) in domains.items()} for _ in range(count)]

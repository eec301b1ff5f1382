"""The live "parsed as" preview of a typed numeric or expression answer (whitelist parser only)."""

from __future__ import annotations

from collections.abc import Iterable

from trainer.bank.errors import AnswerError
from trainer.bank.expr import Node, evaluate, free_symbols, read
from trainer.bank.numbers import format_number

_PRECEDENCE = {"add": 1, "sub": 1, "mul": 2, "div": 2, "neg": 3, "pow": 4}
_SYMBOLS = {"add": " + ", "sub": " - ", "mul": "·", "div": "/", "pow": "^"}


def render(node: Node) -> str:
    """`node` in ordinary notation, with only the brackets the precedence needs."""
    if node.op == "num":
        return node.text or f"{node.value:g}"
    if node.op in ("const", "sym"):
        return node.name
    if node.op == "call":
        return f"{node.name}({', '.join(render(arg) for arg in node.args)})"
    if node.op == "neg":
        return "-" + _wrap(node.args[0], _PRECEDENCE["neg"], right=False)
    left, right = node.args
    level = _PRECEDENCE[node.op]
    if node.op == "pow":
        return f"{_wrap(left, level, right=True)}^{_wrap(right, level, right=False)}"
    return f"{_wrap(left, level, right=False)}{_SYMBOLS[node.op]}{_wrap(right, level, right=True)}"


def _wrap(node: Node, level: int, *, right: bool) -> str:
    inner = _PRECEDENCE.get(node.op, 9)
    text = render(node)
    if inner < level or (right and inner == level and node.op in ("sub", "div", "add", "mul")):
        return f"({text})"
    return text


def parsed_as(
    text: str,
    kind: str,
    symbols: Iterable[str] = (),
    *,
    unit: str | None = None,
    lang: str = "en",
) -> tuple[bool, str]:
    """(readable, message): how the whitelist parser reads `text`, or why it cannot (in `lang`).

    `unit` is the unit the question asks in, which may be typed after a number ("40 FPS").
    """
    if not text.strip():
        return False, ""
    try:
        reading = read(text, dict.fromkeys(symbols), unit)
    except AnswerError as exc:
        return False, exc.get(lang)
    node = reading.node
    shown = render(node)
    typed = f" {reading.unit}" if reading.unit else ""
    if kind == "numeric" and not free_symbols(node):
        try:
            value = evaluate(node, {})
        except (ArithmeticError, ValueError, AnswerError):
            return True, shown + typed
        number = format_number(float(f"{value:.6g}"))
        if shown == number:
            return True, shown + typed
        return True, f"{shown} = {number}{typed}"
    return True, shown + typed

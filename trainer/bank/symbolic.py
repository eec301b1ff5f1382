"""Equivalence of two checked expressions: numeric spot checks first, sympy (bounded in time) only
where the numbers do not settle it.

Agreement at every sample point has always been enough to accept an answer (it was the fallback
when sympy could not prove it), and a clear disagreement at a point is a counterexample no proof
can undo; only the rest (an answer undefined where the key is not, a near miss, no usable point)
asks sympy. So the usual check costs microseconds instead of importing sympy (about a second).

sympy is imported here only, and only when it is asked, so that loading the bank and sampling
variants never pay for it. The sympy objects are built node by node from the whitelisted tree of
`trainer.bank.expr`; no string ever reaches `sympify`.
"""

from __future__ import annotations

import math
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from trainer.bank.expr import Node, evaluate, sample_points

SYMBOLIC_TIMEOUT_S = 2.0
SPOT_CHECKS = 24
RELATIVE_TOLERANCE = 1e-7
# A relative difference far beyond floating-point rounding of these small formulas: decisive.
DECISIVE_DIFFERENCE = 1e-4


@dataclass(frozen=True)
class Equivalence:
    equal: bool
    method: str  # "symbolic", "numeric"
    counterexample: dict[str, float] | None = None
    settled: bool = True  # False: the numbers alone are not conclusive (see the module doc)


def to_sympy(node: Node) -> Any:
    """Build the sympy object for a checked tree (exact rationals for typed decimals)."""
    import sympy

    op = node.op
    if op == "num":
        return sympy.Rational(node.text) if node.text else sympy.Float(node.value)
    if op == "const":
        return sympy.pi if node.name in ("pi", "π") else sympy.E
    if op == "sym":
        return sympy.Symbol(node.name, real=True)
    args = [to_sympy(a) for a in node.args]
    if op == "neg":
        return -args[0]
    if op == "add":
        return args[0] + args[1]
    if op == "sub":
        return args[0] - args[1]
    if op == "mul":
        return args[0] * args[1]
    if op == "div":
        return args[0] / args[1]
    if op == "pow":
        return args[0] ** args[1]
    functions = {
        "sqrt": sympy.sqrt,
        "exp": sympy.exp,
        "ln": sympy.log,
        "log": sympy.log,
        "log2": lambda x: sympy.log(x, 2),
        "log10": lambda x: sympy.log(x, 10),
        "sin": sympy.sin,
        "cos": sympy.cos,
        "tan": sympy.tan,
        "tanh": sympy.tanh,
        "sinh": sympy.sinh,
        "cosh": sympy.cosh,
        "sech": sympy.sech,
        "sigmoid": lambda x: 1 / (1 + sympy.exp(-x)),
        "abs": sympy.Abs,
        "max": sympy.Max,
        "min": sympy.Min,
    }
    return functions[node.name](*args)


def _symbolic_difference_is_zero(expected: Node, given: Node) -> bool | None:
    """True when sympy proves expected - given == 0, None when it cannot within the time bound."""
    result: list[bool] = []

    def work() -> None:
        import sympy

        difference = to_sympy(expected) - to_sympy(given)
        for transform in (sympy.expand, sympy.simplify):
            if transform(difference) == 0:
                result.append(True)
                return
            if transform is sympy.simplify and difference.rewrite(sympy.exp).simplify() == 0:
                result.append(True)
                return
        result.append(False)

    thread = threading.Thread(target=work, daemon=True)
    thread.start()
    thread.join(SYMBOLIC_TIMEOUT_S)
    if not result:
        return None
    return result[0] or None


def _close(a: float, b: float, tolerance: float = RELATIVE_TOLERANCE) -> bool:
    return abs(a - b) <= tolerance * max(1.0, abs(a), abs(b))


def numeric_equivalence(
    expected: Node, given: Node, domains: Mapping[str, tuple[float, float]]
) -> Equivalence:
    """Compare at deterministic random points inside the declared intervals."""
    compared = 0
    for point in sample_points(domains, SPOT_CHECKS * 2, seed=12345):
        try:
            want = evaluate(expected, point)
        except (ArithmeticError, ValueError):
            continue
        if not math.isfinite(want):
            continue
        try:
            got = evaluate(given, point)
        except (ArithmeticError, ValueError):
            return Equivalence(False, "numeric", point, settled=False)
        if not _close(want, got):
            clear = math.isfinite(got) and not _close(want, got, DECISIVE_DIFFERENCE)
            return Equivalence(False, "numeric", point, settled=clear)
        compared += 1
        if compared >= SPOT_CHECKS:
            break
    return Equivalence(compared > 0, "numeric", None, settled=compared > 0)


def equivalent(
    expected: Node,
    given: Node,
    domains: Mapping[str, tuple[float, float]],
    *,
    use_sympy: bool = True,
) -> Equivalence:
    """Whether `given` equals `expected` as a function of the declared symbols.

    The verdicts of proving with sympy first and spot-checking after, in the cheaper order.
    """
    numeric = numeric_equivalence(expected, given, domains)
    if numeric.equal or numeric.settled or not use_sympy:
        return numeric
    if _symbolic_difference_is_zero(expected, given):
        return Equivalence(True, "symbolic")
    return numeric

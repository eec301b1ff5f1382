"""Equivalence of two checked expressions: numeric spot checks first, sympy (bounded in time) only
where the numbers do not settle it.

Agreement at every sample point has always been enough to accept an answer (it was the fallback
when sympy could not prove it), and a clear disagreement at a point is a counterexample no proof
can undo; only the rest (an answer undefined where the key is not, a near miss, no usable point)
asks sympy. So the usual check costs microseconds instead of importing sympy (about a second).

sympy runs in a child process (`python -m trainer.bank.symbolic`), only when it is asked, so
that loading the bank and sampling variants never pay for it, and so that a proof that runs out
of time is really stopped: the child is killed at the time limit and its memory is capped (an
answer such as `(w + u + 1)**1000` would otherwise keep a thread expanding it, gigabytes later).
The sympy objects are built node by node from the whitelisted tree of `trainer.bank.expr`, sent
as JSON; no string ever reaches `sympify`.
"""

from __future__ import annotations

import json
import math
import subprocess
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from trainer.bank.expr import Node, evaluate, sample_points

SYMBOLIC_TIMEOUT_S = 2.0  # for the proof itself
STARTUP_ALLOWANCE_S = 3.0  # the child's interpreter and sympy import, on a slow machine
MEMORY_LIMIT = 1 << 30  # bytes of address space the child may use
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


def to_json(node: Node) -> dict[str, Any]:
    return {
        "op": node.op,
        "args": [to_json(a) for a in node.args],
        "value": node.value,
        "name": node.name,
        "text": node.text,
    }


def from_json(data: Mapping[str, Any]) -> Node:
    return Node(
        str(data["op"]),
        tuple(from_json(a) for a in data["args"]),
        float(data["value"]),
        str(data["name"]),
        str(data["text"]),
    )


def _symbolic_difference_is_zero(expected: Node, given: Node) -> bool | None:
    """True when sympy proves expected - given == 0, None when it cannot within the time bound
    (the child doing it is then killed)."""
    payload = json.dumps([to_json(expected), to_json(given)])
    try:
        done = subprocess.run(
            [sys.executable, "-m", "trainer.bank.symbolic"],
            input=payload,
            capture_output=True,
            text=True,
            timeout=SYMBOLIC_TIMEOUT_S + STARTUP_ALLOWANCE_S,
            check=False,
        )
    except (subprocess.TimeoutExpired, OSError):
        return None
    return True if done.stdout.strip() == "zero" else None


def _prove(expected: Node, given: Node) -> bool:
    import sympy

    difference = to_sympy(expected) - to_sympy(given)
    for transform in (sympy.expand, sympy.simplify):
        if transform(difference) == 0:
            return True
    return bool(difference.rewrite(sympy.exp).simplify() == 0)


def _child() -> None:
    """The child process: cap its memory and time, read two trees, say whether they are equal."""
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))
    cpu = int(SYMBOLIC_TIMEOUT_S + STARTUP_ALLOWANCE_S) + 1
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu))
    expected, given = (from_json(tree) for tree in json.loads(sys.stdin.read()))
    try:
        print("zero" if _prove(expected, given) else "nonzero")
    except (MemoryError, RecursionError, ValueError, TypeError, ArithmeticError):
        print("unknown")


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
        if not math.isfinite(got):  # inf or nan is never a value of the key (1e300*1e300)
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


if __name__ == "__main__":
    _child()

"""Recompute every numeric and expression answer of the Stage.3 Day1 questions from its formula.

Each reference value below is computed independently (plain Python, NumPy or SymPy, from the
formula the question states), never copied from the YAML, and compared with the bank's `answer`
within the question's tolerance (numeric) or by symbolic equivalence (expression). Slip values must
differ from the answer.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from itertools import pairwise
from typing import Any

import numpy as np
import pytest
import sympy

from tests.bank.helpers import raw_questions


def _load() -> dict[str, dict[str, Any]]:
    return raw_questions("s3d1.")


QUESTIONS = _load()


def _sigmoid(u: float) -> float:
    return 1.0 / (1.0 + math.exp(-u))


def _relu(u: np.ndarray) -> np.ndarray:
    return np.maximum(0.0, u)


# --- numeric references ------------------------------------------------------------------------


def ref_parameter_count() -> float:
    layers = [2, 3, 3, 1]  # input, two hidden layers of 3, output
    return float(sum(n_in * n_out + n_out for n_in, n_out in pairwise(layers)))


def ref_total_input() -> float:
    x = np.array([0.5, 2.0, 1.0, -1.0])
    w = np.array([0.4, -0.3, 0.8, 0.5])
    return float(w @ x + 0.2)


def ref_updates_per_epoch() -> float:
    n_samples, batch_size = 100_000, 500
    return float(math.ceil(n_samples / batch_size))


def ref_sigmoid_derivative_at_1() -> float:
    s = _sigmoid(1.0)
    return s * (1.0 - s)


def ref_sse() -> float:
    y = np.array([0.2, 0.7, 0.1])
    d = np.array([0.0, 1.0, 0.0])
    return float(0.5 * np.sum((y - d) ** 2))


def ref_softmax_third() -> float:
    u = np.array([1.0, 2.0, 3.0])
    e = np.exp(u - u.max())
    return float((e / e.sum())[2])


def ref_cross_entropy() -> float:
    y = np.array([0.1, 0.7, 0.2])
    d = np.array([0.0, 1.0, 0.0])
    return float(-np.sum(d * np.log(y)))


def ref_numerical_gradient() -> float:
    def error(w: float) -> float:
        return w**3

    w, h = 2.0, 0.1
    return (error(w + h) - error(w - h)) / (2 * h)


def ref_gradient_descent_step() -> float:
    w = sympy.Symbol("w")
    error = (w - 3) ** 2
    grad = sympy.diff(error, w)
    w0, lr = sympy.Rational(1), sympy.Rational(1, 10)
    return float(w0 - lr * grad.subs(w, w0))


def ref_forward_3layer_y2() -> float:
    x = np.array([1.0, 2.0])
    w1 = np.array([[0.1, 0.3, 0.5], [0.2, 0.4, 0.6]])
    w2 = np.array([[0.1, 0.4], [0.2, 0.5], [0.3, 0.6]])
    w3 = np.array([[0.1, 0.3], [0.2, 0.4]])
    b1, b2, b3 = np.array([0.1, 0.2, 0.3]), np.array([0.1, 0.2]), np.array([1.0, 2.0])
    z1 = _relu(x @ w1 + b1)
    z2 = _relu(z1 @ w2 + b2)
    y = z2 @ w3 + b3
    return float(y[1])


NUMERIC: dict[str, Callable[[], float]] = {
    "s3d1.ct-0-2-parameter-count": ref_parameter_count,
    "s3d1.ct-1-1-total-input": ref_total_input,
    "s3d1.ct-4-3-updates-per-epoch": ref_updates_per_epoch,
    "s3d1.sigmoid-derivative-at-1": ref_sigmoid_derivative_at_1,
    "s3d1.sse-value": ref_sse,
    "s3d1.softmax-value": ref_softmax_third,
    "s3d1.cross-entropy-value": ref_cross_entropy,
    "s3d1.numerical-gradient-central": ref_numerical_gradient,
    "s3d1.gradient-descent-step": ref_gradient_descent_step,
    "s3d1.forward-3layer-output": ref_forward_3layer_y2,
}


# --- expression references ---------------------------------------------------------------------


def ref_backprop_weight_gradient() -> sympy.Expr:
    w, z, b, d = sympy.symbols("w z b d")
    y = w * z + b
    error = sympy.Rational(1, 2) * (y - d) ** 2
    return sympy.diff(error, w)


EXPRESSION: dict[str, Callable[[], sympy.Expr]] = {
    "s3d1.backprop-weight-gradient": ref_backprop_weight_gradient,
}


def _accepts(question: dict[str, Any], expected: float, given: float) -> bool:
    tol = question.get("tolerance", {})
    abs_tol = tol.get("abs", 1e-9)
    rel_tol = tol.get("rel", 1e-3)
    return abs(given - expected) <= max(abs_tol, rel_tol * abs(expected))


def test_every_numeric_and_expression_question_has_a_reference() -> None:
    numeric = {qid for qid, q in QUESTIONS.items() if q["kind"] == "numeric"}
    expression = {qid for qid, q in QUESTIONS.items() if q["kind"] == "expression"}
    assert numeric == set(NUMERIC), (
        f"numeric ids without/with stale references: {numeric ^ set(NUMERIC)}"
    )
    assert expression == set(EXPRESSION), (
        f"expression ids without/with stale references: {expression ^ set(EXPRESSION)}"
    )


@pytest.mark.parametrize("qid", sorted(NUMERIC))
def test_numeric_answer(qid: str) -> None:
    question = QUESTIONS[qid]
    expected = NUMERIC[qid]()
    given = float(question["answer"])
    assert _accepts(question, expected, given), (
        f"{qid}: bank answer {given!r} is not within tolerance {question.get('tolerance')} "
        f"of the recomputed {expected!r}"
    )


@pytest.mark.parametrize("qid", sorted(NUMERIC))
def test_slips_differ_from_answer(qid: str) -> None:
    question = QUESTIONS[qid]
    expected = NUMERIC[qid]()
    for slip in question.get("slips", []):
        value = float(slip["value"])
        assert not _accepts(question, expected, value), (
            f"{qid}: slip '{slip['id']}' = {value!r} would be judged correct "
            f"(answer {expected!r}, tolerance {question.get('tolerance')})"
        )


@pytest.mark.parametrize("qid", sorted(EXPRESSION))
def test_expression_answer(qid: str) -> None:
    question = QUESTIONS[qid]
    names = list(question["symbols"])
    local = {name: sympy.Symbol(name) for name in names}
    bank = sympy.sympify(question["answer"], locals=local)
    mine = EXPRESSION[qid]()
    assert sympy.simplify(bank - mine) == 0, (
        f"{qid}: bank answer {bank} differs from recomputed {mine}"
    )
    assert bank.free_symbols <= set(local.values()), (
        f"{qid}: answer uses undeclared symbols {bank.free_symbols - set(local.values())}"
    )
    # Spot-check numerically inside the declared intervals, as the grader does.
    rng = np.random.default_rng(0)
    f_bank = sympy.lambdify(list(local.values()), bank)
    f_mine = sympy.lambdify(list(local.values()), mine)
    for _ in range(20):
        point = [rng.uniform(*question["symbols"][n]) for n in names]
        assert math.isclose(f_bank(*point), f_mine(*point), rel_tol=1e-9, abs_tol=1e-12), (
            f"{qid}: bank and reference differ at {dict(zip(names, point, strict=True))}"
        )

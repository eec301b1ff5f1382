"""Recompute, independently of the YAML, every numeric and expression answer of the Stage.3 Day2 and
Stage.4 Day3-4 questions, and check the bank's key (and that no named slip equals the key).

Each reference is computed from the formula (NumPy, sympy or plain Python), never copied from the
bank, so a wrong key in the YAML fails here.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from functools import cache
from typing import Any

import numpy as np
import pytest
import sympy

from tests.bank.helpers import raw_questions


@cache
def questions() -> dict[str, dict[str, Any]]:
    return raw_questions("s3d2.", "s4d3.", "s4d4.")


def accepts(tolerance: dict[str, float] | None, expected: float, given: float) -> bool:
    """The bank's rule: |given - expected| <= max(abs, rel * |expected|), defaults 1e-9 / 1e-3."""
    tol = tolerance or {}
    return abs(given - expected) <= max(tol.get("abs", 1e-9), tol.get("rel", 1e-3) * abs(expected))


# --- independent references -------------------------------------------------------------------


def sigmoid(x: np.ndarray | float) -> np.ndarray | float:
    return 1.0 / (1.0 + np.exp(-x))


def sigmoid_derivative_max() -> float:
    xs = np.linspace(-10, 10, 200_001)  # includes 0
    s = sigmoid(xs)
    return float(np.max(s * (1 - s)))


def vanishing_bound() -> float:
    return sigmoid_derivative_max() ** 4


def he_std() -> float:
    n_prev = 50
    return math.sqrt(2 / n_prev)


def conv_output_side() -> float:
    """Count the valid top-left positions of a 3x3 filter on the zero-padded 5x5 input, stride 2."""
    h, f, p, s = 5, 3, 1, 2
    padded = h + 2 * p
    return float(len(range(0, padded - f + 1, s)))


def rnn_parameter_count() -> float:
    n_i, n_h, n_o = 2, 16, 1
    shapes = [(n_h, n_i), (n_h, n_h), (n_o, n_h), (n_h,), (n_o,)]
    return float(sum(np.zeros(shape).size for shape in shapes))


def clipped_second_component() -> float:
    g = np.array([2.0, -4.0, 4.0])
    threshold = 1.5
    norm = np.linalg.norm(g)
    if norm > threshold:
        g = g * (threshold / norm)
    return float(g[1])


# The detection scenario: (image, confidence, matched ground truth or None, IoU).
DETECTIONS = [
    ("A", 0.90, "a1", 0.80),
    ("A", 0.80, "a1", 0.60),
    ("A", 0.70, "a2", 0.30),
    ("A", 0.40, "a2", 0.70),
    ("B", 0.85, "b1", 0.75),
    ("B", 0.60, None, 0.0),
]
GROUND_TRUTH = {"a1", "a2", "b1"}


def detection_counts(conf_thr: float = 0.5, iou_thr: float = 0.5) -> tuple[int, int, int]:
    kept = sorted((d for d in DETECTIONS if d[1] >= conf_thr), key=lambda d: -d[1])
    matched: set[str] = set()
    tp = fp = 0
    for _image, _conf, gt, iou in kept:
        if gt is not None and iou >= iou_thr and gt not in matched:
            matched.add(gt)
            tp += 1
        else:
            fp += 1
    fn = len(GROUND_TRUTH - matched)
    return tp, fp, fn


def detection_precision() -> float:
    tp, fp, _ = detection_counts()
    return tp / (tp + fp)


def detection_f1() -> float:
    tp, fp, fn = detection_counts()
    precision, recall = tp / (tp + fp), tp / (tp + fn)
    return 2 * precision * recall / (precision + recall)


def ap_all_point() -> float:
    """VOC2010-style all-point interpolated AP, computed as the area under the envelope."""
    hits = np.array([1, 0, 1, 1, 0, 1])
    n_gt = 5
    tp = np.cumsum(hits)
    precision = tp / np.arange(1, len(hits) + 1)
    recall = tp / n_gt
    mrec = np.concatenate([[0.0], recall, [1.0]])
    mpre = np.concatenate([[0.0], precision, [0.0]])
    for i in range(len(mpre) - 2, -1, -1):
        mpre[i] = max(mpre[i], mpre[i + 1])
    steps = np.where(mrec[1:] != mrec[:-1])[0]
    return float(np.sum((mrec[steps + 1] - mrec[steps]) * mpre[steps + 1]))


def miou() -> float:
    confusion = np.array([[50, 5, 5], [4, 20, 1], [6, 0, 9]], dtype=float)
    tp = np.diag(confusion)
    union = confusion.sum(axis=0) + confusion.sum(axis=1) - tp
    return float(np.mean(tp / union))


def ssd_outputs() -> float:
    k, classes, m, n = 4, 21, 38, 38
    return float(np.zeros((k, classes + 4, m, n)).size)


def transposed_conv_stride() -> float:
    """Smallest stride whose transposed-conv output, built by zero insertion + conv, is 5."""
    h, k, p, target = 3, 3, 1, 5
    for s in range(1, 6):
        dilated = (h - 1) * s + 1  # s - 1 zeros between pixels
        padded = dilated + 2 * ((k - 1) - p)
        if padded - k + 1 == target:
            return float(s)
    raise AssertionError("no stride gives the target size")


def max_pool_sum() -> float:
    x = np.array([[1, 3, 2, 0], [4, 2, 1, 5], [0, 6, 3, 3], [2, 1, 7, 2]])
    pooled = x.reshape(2, 2, 2, 2).max(axis=(1, 3))
    return float(pooled.sum())


NUMERIC: dict[str, Callable[[], float]] = {
    "s3d2.ct-1-2-sigmoid-derivative-max": sigmoid_derivative_max,
    "s3d2.vanishing-gradient-sigmoid-bound": vanishing_bound,
    "s3d2.he-initialization-std": he_std,
    "s4d3.ct-0-1-conv-output-size": conv_output_side,
    "s4d3.rnn-parameter-count": rnn_parameter_count,
    "s4d3.gradient-clipping-norm": clipped_second_component,
    "s4d4.det-precision-two-images": detection_precision,
    "s4d4.det-f1-two-images": detection_f1,
    "s4d4.map-ap-all-point": ap_all_point,
    "s4d4.seg-miou-confusion": miou,
    "s4d4.ssd-output-count": ssd_outputs,
    "s4d4.seg-transposed-conv-stride": transposed_conv_stride,
    "s4d4.seg-max-pooling-sum": max_pool_sum,
}


def chain_rule_reference() -> sympy.Expr:
    x, y, t = sympy.symbols("x y t", real=True)
    z = t**2
    return sympy.diff(z, t).subs(t, x + y) * sympy.diff(x + y, x)


def rnn_output_reference() -> sympy.Expr:
    x1, z0, w_in, w, w_out, b, c = sympy.symbols("x1 z0 w_in w w_out b c", real=True)
    z1 = sympy.tanh(w_in * x1 + w * z0 + b)
    return 1 / (1 + sympy.exp(-(w_out * z1 + c)))


EXPRESSION: dict[str, Callable[[], sympy.Expr]] = {
    "s3d2.ct-1-1-chain-rule": chain_rule_reference,
    "s4d3.ct-1-3-rnn-output-formula": rnn_output_reference,
}


def bank_expression(text: str, names: list[str]) -> sympy.Expr:
    local = {name: sympy.Symbol(name, real=True) for name in names}
    local["sigmoid"] = lambda u: 1 / (1 + sympy.exp(-u))
    return sympy.sympify(text, locals=local)


# --- tests --------------------------------------------------------------------------------------


def test_every_numeric_and_expression_question_has_a_reference() -> None:
    bank = questions()
    numeric = {qid for qid, q in bank.items() if q["kind"] == "numeric"}
    expression = {qid for qid, q in bank.items() if q["kind"] == "expression"}
    assert numeric == set(NUMERIC), (
        f"numeric ids without/with stale references: {numeric ^ set(NUMERIC)}"
    )
    assert expression == set(EXPRESSION), f"expression ids mismatch: {expression ^ set(EXPRESSION)}"


@pytest.mark.parametrize("qid", sorted(NUMERIC))
def test_numeric_answer(qid: str) -> None:
    question = questions()[qid]
    expected = NUMERIC[qid]()
    answer = float(question["answer"])
    assert accepts(question.get("tolerance"), answer, expected), (
        f"{qid}: bank answer {answer!r} but recomputed {expected!r} "
        f"(tolerance {question.get('tolerance')})"
    )


@pytest.mark.parametrize("qid", sorted(NUMERIC))
def test_slips_differ_from_answer(qid: str) -> None:
    question = questions()[qid]
    answer = float(question["answer"])
    for slip in question.get("slips", []):
        assert not accepts(question.get("tolerance"), answer, float(slip["value"])), (
            f"{qid}: slip {slip['id']} = {slip['value']} is accepted as the answer {answer}"
        )
    assert accepts(question.get("tolerance"), answer, NUMERIC[qid]())


@pytest.mark.parametrize("qid", sorted(EXPRESSION))
def test_expression_answer(qid: str) -> None:
    question = questions()[qid]
    names = list(question["symbols"])
    given = bank_expression(question["answer"], names)
    reference = EXPRESSION[qid]()
    difference = sympy.simplify(given - reference)
    assert difference == 0, f"{qid}: bank answer {question['answer']!r} differs from {reference}"
    # and numerically inside the declared intervals
    rng = np.random.default_rng(0)
    symbols = [sympy.Symbol(n, real=True) for n in names]
    f_bank = sympy.lambdify(symbols, given, "numpy")
    f_ref = sympy.lambdify(symbols, reference, "numpy")
    for _ in range(20):
        point = [rng.uniform(*question["symbols"][n]) for n in names]
        assert math.isclose(f_bank(*point), f_ref(*point), rel_tol=1e-9, abs_tol=1e-12), (
            f"{qid}: differs at {dict(zip(names, point, strict=True))}"
        )

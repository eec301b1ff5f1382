"""Recompute the fixed answers of the `fnd.`, `am.` and `ml.` questions and check computed claims.

Numeric answers are recomputed from the prompt's numbers (NumPy, plain Python); slips must be
different numbers. Choice questions whose key is a computable fact are checked by running the
code or the formula: the AdaGrad code blank, the sigmoid backward-pass bug, the softmax shift and
the BPTT product bounds (SymPy).
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pytest
import sympy

from tests.bank.helpers import raw_questions


def _load() -> dict[str, dict[str, Any]]:
    return raw_questions("am.", "fnd.", "ml.")


QUESTIONS = _load()


def _sigmoid(u: Any) -> Any:
    return 1 / (1 + np.exp(-u))


def ref_cross_entropy_epsilon() -> float:
    y = np.array([[0.3, 0.0, 0.7]])
    d = np.array([1])
    return float(-np.sum(np.log(y[np.arange(1), d] + 1e-7)) / 1)


def ref_single_layer_forward() -> float:
    w = np.array([[0.1, 0.2, 0.3], [0.2, 0.3, 0.4], [0.3, 0.4, 0.5], [0.4, 0.5, 0.6]])
    b = np.array([0.1, 0.2, 0.3])
    x = np.array([1.0, 5.0, 2.0, -1.0])
    return float(_sigmoid(np.dot(x, w) + b)[2])


def ref_forward_printed_output() -> float:
    u2 = np.array([2.6848315, 2.47267045])
    w3 = np.array([[0.04970514, 0.3372038], [0.80197002, 0.34030274]])
    b3 = np.array([0.97460445, 0.08008213])
    return float((np.maximum(0, u2) @ w3 + b3)[0])


def ref_ap_coco() -> float:
    by_threshold = dict(
        zip(
            np.round(np.arange(0.5, 0.951, 0.05), 2),
            [0.62, 0.60, 0.57, 0.54, 0.50, 0.45, 0.38, 0.29, 0.18, 0.05],
            strict=True,
        )
    )
    assert len(by_threshold) == 10
    return float(np.mean(list(by_threshold.values())))


def ref_fps() -> float:
    seconds_per_image = 25 / 1000
    return 1 / seconds_per_image


REFERENCES = {
    "fnd.cross-entropy-epsilon": ref_cross_entropy_epsilon,
    "fnd.single-layer-forward-default": ref_single_layer_forward,
    "fnd.forward-printed-output": ref_forward_printed_output,
    "fnd.ap-coco": ref_ap_coco,
    "fnd.fps-inference-time": ref_fps,
}


def _accepts(question: dict[str, Any], expected: float, given: float) -> bool:
    tol = question.get("tolerance", {})
    return bool(
        abs(given - expected) <= max(tol.get("abs", 1e-9), tol.get("rel", 1e-3) * abs(expected))
    )


def test_every_fixed_numeric_question_has_a_reference() -> None:
    fixed = {qid for qid, q in QUESTIONS.items() if q["kind"] == "numeric" and "generator" not in q}
    assert fixed == set(REFERENCES)


@pytest.mark.parametrize("qid", sorted(REFERENCES))
def test_fixed_numeric_answer_is_recomputed(qid: str) -> None:
    question = QUESTIONS[qid]
    expected = REFERENCES[qid]()
    assert _accepts(question, expected, question["answer"]), (qid, expected, question["answer"])
    assert question["answer"] == pytest.approx(expected, rel=1e-6)
    for slip in question.get("slips", []):
        assert not _accepts(question, expected, slip["value"]), slip["id"]


def test_slip_values_of_the_forward_questions() -> None:
    """The named slips are the numbers those mistakes really give."""
    single = {s["id"]: s["value"] for s in QUESTIONS["fnd.single-layer-forward-default"]["slips"]}
    w_col = np.array([0.3, 0.4, 0.5, 0.6])
    x = np.array([1.0, 5.0, 2.0, -1.0])
    assert single["total-input"] == pytest.approx(float(x @ w_col + 0.3))
    assert single["no-bias"] == pytest.approx(float(_sigmoid(x @ w_col)), abs=1e-8)
    assert single["first-unit"] == pytest.approx(
        float(_sigmoid(x @ np.array([0.1, 0.2, 0.3, 0.4]) + 0.1)), abs=1e-8
    )
    printed = {s["id"]: s["value"] for s in QUESTIONS["fnd.forward-printed-output"]["slips"]}
    w3 = np.array([[0.04970514, 0.3372038], [0.80197002, 0.34030274]])
    u2 = np.array([2.6848315, 2.47267045])
    assert printed["transposed"] == pytest.approx(float((w3 @ u2)[0] + 0.97460445), abs=1e-8)
    assert printed["printed-z1-sum"] == pytest.approx(1.87209147 + 0.67560708 + 2.02596442)
    coco = {s["id"]: s["value"] for s in QUESTIONS["fnd.ap-coco"]["slips"]}
    assert coco["two-point"] == pytest.approx((0.62 + 0.05) / 2)
    assert coco["divided-by-nine"] == pytest.approx(4.18 / 9)


def _choice_texts(qid: str) -> tuple[str, list[str]]:
    question = QUESTIONS[qid]
    return question["correct"][0]["text"]["en"], [d["text"]["en"] for d in question["distractors"]]


def test_adagrad_code_blank_only_the_key_implements_adagrad() -> None:
    key, distractors = _choice_texts("fnd.adagrad-code-blank")
    rng = np.random.default_rng(0)
    grads = [rng.standard_normal(3) for _ in range(4)]

    def run(blank: str) -> np.ndarray | None:
        source = (
            "class AdaGrad:\n"
            "    def __init__(self, learning_rate=0.01):\n"
            "        self.learning_rate = learning_rate\n"
            "        self.h = None\n"
            "        self.momentum = 0.9\n"
            "    def update(self, params, grad):\n"
            "        if self.h is None:\n"
            "            self.h = {k: np.zeros_like(v) for k, v in params.items()}\n"
            "        for key in params.keys():\n"
            f"            self.h[key] += {blank}\n"
            "            params[key] -= self.learning_rate * grad[key]"
            " / (np.sqrt(self.h[key]) + 1e-7)\n"
        )
        namespace: dict[str, Any] = {"np": np}
        exec(source, namespace)  # a fixed snippet built above
        optimizer = namespace["AdaGrad"](learning_rate=0.1)
        params = {"w": np.ones(3)}
        with np.errstate(invalid="ignore"):
            for g in grads:
                optimizer.update(params, {"w": g})
        return params["w"]

    h = np.zeros(3)
    w = np.ones(3)
    for g in grads:
        h += g * g
        w -= 0.1 * g / (np.sqrt(h) + 1e-7)
    result = run(key)
    assert result is not None and np.allclose(result, w)
    for blank in distractors:
        result = run(blank)
        assert result is None or not np.allclose(result, w, equal_nan=False), blank


def test_sigmoid_backward_bug_only_the_key_matches_finite_differences() -> None:
    rng = np.random.default_rng(1)
    x, w1, b1 = rng.standard_normal(2), rng.standard_normal((2, 4)), rng.standard_normal(4)
    w2, b2, d = rng.standard_normal(4), 0.3, 0.7

    def loss_of_u1(u1: np.ndarray) -> float:
        y = float(_sigmoid(u1) @ w2 + b2)
        return 0.5 * (y - d) ** 2

    u1 = x @ w1 + b1
    z1 = _sigmoid(u1)
    delta2 = float(z1 @ w2 + b2) - d
    numeric = np.array(
        [(loss_of_u1(u1 + e * 1e-6) - loss_of_u1(u1 - e * 1e-6)) / 2e-6 for e in np.eye(4)]
    )

    def d_sigmoid(v: np.ndarray) -> np.ndarray:
        result: np.ndarray = (1 - _sigmoid(v)) * _sigmoid(v)
        return result

    def d_relu(v: np.ndarray) -> np.ndarray:
        return np.where(v > 0, 1.0, 0.0)

    candidates = {
        "np.dot(delta2, W2.T) * z1 * (1 - z1)": delta2 * w2 * z1 * (1 - z1),
        "np.dot(delta2, W2.T) * functions.d_sigmoid(z1)": delta2 * w2 * d_sigmoid(z1),
        "np.dot(delta2, W2.T) * functions.sigmoid(u1)": delta2 * w2 * _sigmoid(u1),
        "np.dot(delta2, W2.T) * functions.d_relu(z1)": delta2 * w2 * d_relu(z1),
    }
    key, distractors = _choice_texts("fnd.sgd-demo-sigmoid-bug")
    for text, value in candidates.items():
        matches = np.allclose(value, numeric, atol=1e-7)
        assert matches == (text in key), text
    assert all(any(t in option for t in candidates) for option in distractors)


def test_softmax_shift_invariance() -> None:
    u = np.array([1000.0, 999.0, 998.0])
    with np.errstate(over="ignore", invalid="ignore"):
        naive = np.exp(u) / np.sum(np.exp(u))
    shifted = np.exp(u - u.max()) / np.sum(np.exp(u - u.max()))
    assert np.isnan(naive).all()
    small = np.array([2.0, 1.0, 0.0])
    assert np.allclose(shifted, np.exp(small) / np.exp(small).sum())


def test_bptt_product_bounds_with_sympy() -> None:
    """δ^k = ∂E^t/∂u^k equals δ^t Π_{m=k}^{t-1} W f'(u^m); the seed's Π_{m=k}^{t} does not."""
    t = 4
    w, w_in, b, z0 = sympy.symbols("w w_in b z0", real=True)
    xs = sympy.symbols(f"x1:{t + 1}", real=True)
    us = sympy.symbols(f"u1:{t + 1}", real=True)
    f = sympy.tanh
    # E^t as a function of u^k: propagate forward from z^k = f(u^k)
    point = {
        w: 0.7,
        w_in: -0.4,
        b: 0.1,
        z0: 0.2,
        **dict(zip(xs, [0.5, -1.0, 0.8, 0.3], strict=True)),
    }
    u_values = []
    z = point[z0]
    for m in range(t):
        u = point[w_in] * point[xs[m]] + point[w] * z + point[b]
        u_values.append(u)
        z = math.tanh(u)
    for k in range(1, t + 1):
        z_sym = f(us[k - 1])
        for m in range(k + 1, t + 1):
            z_sym = f(w_in * xs[m - 1] + w * z_sym + b)
        loss = (z_sym - 1) ** 2 / 2
        delta_k = sympy.diff(loss, us[k - 1]).subs(point).subs(us[k - 1], u_values[k - 1])
        delta_t = (math.tanh(u_values[-1]) - 1) * (1 - math.tanh(u_values[-1]) ** 2)

        def fprime(m: int) -> float:
            return 1 - math.tanh(u_values[m - 1]) ** 2

        right = delta_t * math.prod(point[w] * fprime(m) for m in range(k, t))
        seed_form = delta_t * math.prod(point[w] * fprime(m) for m in range(k, t + 1))
        assert float(delta_k) == pytest.approx(right, rel=1e-9)
        assert float(delta_k) != pytest.approx(seed_form, rel=1e-3)
    key, _ = _choice_texts("fnd.bptt-product-bounds")
    assert "Π_{m=k}^{t−1}" in key

"""Recompute the fixed answers of the CNN (seed 003) and Day4 (seed 001) questions.

Every fixed numeric and expression answer of the `cnn5.` (seed 003) and `adv4.` (seed 001)
questions is recomputed here from the question's own statement (NumPy, SymPy,
brute force), never copied from the YAML. Choice questions whose key is a computation (the im2col
row, the XOR perceptron, the VOC recall grid, one- vs two-stage detectors) are checked the same way.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable
from typing import Any

import numpy as np
import pytest
import sympy
from numpy.lib.stride_tricks import sliding_window_view

from tests.bank.helpers import raw_questions


def _load() -> dict[str, dict[str, Any]]:
    return raw_questions("cnn5.", "adv4.")


QUESTIONS = _load()


# --- numeric references ------------------------------------------------------------------------


def ref_im2col_slice_loops() -> float:
    """Count the iterations of a slice-based im2col on (32, 3, 224, 224), 3×3, stride 1, pad 1."""
    x = np.zeros((32, 3, 226, 226), dtype=np.float32)  # already padded
    oh = ow = 224
    iterations = 0
    col = np.empty((32, 3, 3, 3, oh, ow), dtype=np.float32)
    for y in range(3):
        for xx in range(3):
            col[:, :, y, xx] = x[:, :, y : y + oh, xx : xx + ow]
            iterations += 1
    return float(iterations)


def ref_flops_time() -> float:
    return 3.0e15 / (150 * 10**12)


def ref_norm_statistics_count() -> float:
    x = np.random.default_rng(0).normal(size=(8, 3, 32, 32))
    means = x.mean(axis=(2, 3))  # instance norm: per sample and channel
    return float(means.size)


def ref_iou_confusion() -> float:
    predicted, truth, overlap = 60, 50, 30
    tp, fp, fn = overlap, predicted - overlap, truth - overlap
    return tp / (tp + fp + fn)


def ref_coco_thresholds() -> float:
    return float(len(np.linspace(0.5, 0.95, round((0.95 - 0.5) / 0.05) + 1)))


NUMERIC: dict[str, Callable[[], float]] = {
    "cnn5.im2col-slice-loops": ref_im2col_slice_loops,
    "adv4.flops-time": ref_flops_time,
    "adv4.norm-statistics-count": ref_norm_statistics_count,
    "adv4.iou-confusion": ref_iou_confusion,
    "adv4.coco-map": ref_coco_thresholds,
}


# --- expression references ---------------------------------------------------------------------


def _conv_graph() -> tuple[dict[str, sympy.Symbol], sympy.Expr]:
    """L = Σ δ_n y_n for the seed's 3×3 input, 2×2 filter, stride 1, no padding."""
    names = [f"x{i}" for i in range(1, 10)] + [f"w{i}" for i in range(1, 5)]
    names += [f"d{i}" for i in range(1, 5)]
    sym = {n: sympy.Symbol(n) for n in names}
    x = sympy.Matrix(3, 3, [sym[f"x{i}"] for i in range(1, 10)])
    w = sympy.Matrix(2, 2, [sym[f"w{i}"] for i in range(1, 5)])
    outputs = [
        sum(x[r + a, c + b] * w[a, b] for a in range(2) for b in range(2))
        for r in range(2)
        for c in range(2)
    ]
    loss = sum(sym[f"d{n + 1}"] * y for n, y in enumerate(outputs))
    return sym, sympy.expand(loss)


def ref_conv_backward_dx5() -> sympy.Expr:
    sym, loss = _conv_graph()
    return sympy.diff(loss, sym["x5"])


def ref_conv_backward_dw2() -> sympy.Expr:
    sym, loss = _conv_graph()
    return sympy.diff(loss, sym["w2"])


def ref_mobilenet_ratio() -> sympy.Expr:
    h, w, c, m, k = sympy.symbols("H W C M K")
    separable = h * w * c * k * k + h * w * c * m
    standard = h * w * k * k * c * m
    return sympy.cancel(separable / standard)


EXPRESSION: dict[str, Callable[[], sympy.Expr]] = {
    "cnn5.conv-backward-dx5": ref_conv_backward_dx5,
    "cnn5.conv-backward-dw2": ref_conv_backward_dw2,
    "adv4.mobilenet-ratio-formula": ref_mobilenet_ratio,
}


def _accepts(question: dict[str, Any], expected: float, given: float) -> bool:
    tol = question.get("tolerance", {})
    return abs(given - expected) <= max(tol.get("abs", 1e-9), tol.get("rel", 1e-3) * abs(expected))


def _fixed(kind: str) -> set[str]:
    return {qid for qid, q in QUESTIONS.items() if q["kind"] == kind and "generator" not in q}


def test_every_fixed_numeric_and_expression_question_has_a_reference() -> None:
    assert _fixed("numeric") == set(NUMERIC), _fixed("numeric") ^ set(NUMERIC)
    assert _fixed("expression") == set(EXPRESSION), _fixed("expression") ^ set(EXPRESSION)


@pytest.mark.parametrize("qid", sorted(NUMERIC))
def test_numeric_answer(qid: str) -> None:
    question = QUESTIONS[qid]
    expected = NUMERIC[qid]()
    assert _accepts(question, expected, float(question["answer"])), (
        f"{qid}: bank answer {question['answer']!r} vs recomputed {expected!r}"
    )
    for slip in question.get("slips", []):
        assert not _accepts(question, expected, float(slip["value"])), (
            f"{qid}: slip '{slip['id']}' would be judged correct"
        )


@pytest.mark.parametrize("qid", sorted(EXPRESSION))
def test_expression_answer(qid: str) -> None:
    question = QUESTIONS[qid]
    names = list(question["symbols"])
    local = {name: sympy.Symbol(name) for name in names}
    bank = sympy.sympify(question["answer"], locals=local)
    mine = EXPRESSION[qid]()
    assert sympy.simplify(bank - mine) == 0, f"{qid}: {bank} != {mine}"
    assert bank.free_symbols <= set(local.values())
    rng = np.random.default_rng(0)
    f_bank = sympy.lambdify(list(local.values()), bank)
    f_mine = sympy.lambdify(list(local.values()), mine)
    for _ in range(20):
        point = [rng.uniform(*question["symbols"][n]) for n in names]
        assert math.isclose(f_bank(*point), f_mine(*point), rel_tol=1e-9, abs_tol=1e-12)


# --- choice questions whose key is a computation -------------------------------------------------


def _correct_texts(qid: str) -> list[str]:
    return [option["text"]["en"] for option in QUESTIONS[qid]["correct"]]


def test_im2col_example_row() -> None:
    image = np.arange(1, 17).reshape(4, 4)
    col = sliding_window_view(image, (2, 2))[::2, ::2].reshape(-1, 4)
    assert _correct_texts("cnn5.im2col-example-row") == [str(col[2].tolist())]
    for distractor in QUESTIONS["cnn5.im2col-example-row"]["distractors"]:
        assert distractor["text"]["en"] != str(col[2].tolist())


def _linearly_separable(truth: tuple[int, int, int, int]) -> bool:
    """Brute force over a grid of (w1, w2, b) for a threshold unit on the 4 binary inputs."""
    inputs = [(0, 0), (0, 1), (1, 0), (1, 1)]
    grid = np.arange(-3, 3.5, 0.5)
    for w1, w2, b in itertools.product(grid, grid, grid):
        outputs = tuple(int(w1 * x1 + w2 * x2 + b > 0) for x1, x2 in inputs)
        if outputs == truth:
            return True
    return False


def test_xor_is_the_only_listed_function_a_perceptron_cannot_learn() -> None:
    tables = {"XOR": (0, 1, 1, 0), "AND": (0, 0, 0, 1), "OR": (0, 1, 1, 1), "NAND": (1, 1, 1, 0)}
    question = QUESTIONS["adv4.xor-perceptron"]
    not_separable = {name for name, table in tables.items() if not _linearly_separable(table)}
    assert not_separable == set(_correct_texts("adv4.xor-perceptron"))
    assert {d["text"]["en"] for d in question["distractors"]} == set(tables) - not_separable


def test_voc_eleven_point_grid() -> None:
    grid = np.round(np.arange(0, 1.0001, 0.1), 10)
    assert len(grid) == 11
    assert len(np.round(np.arange(0, 1.00001, 0.01), 10)) == 101  # the seed's set: not 11 points
    assert _correct_texts("cnn5.voc-ap-recall-points")[0].startswith("{0, 0.1, 0.2, …, 1}")


def test_one_stage_detectors_follow_the_seed_list() -> None:
    one_stage = {"DetectorNet", "YOLO", "SSD", "YOLO9000", "RetinaNet", "CornerNet"}
    two_stage = {"R-CNN", "SPPNet", "Fast R-CNN", "Faster R-CNN", "R-FCN", "FPN", "Mask R-CNN"}
    question = QUESTIONS["adv4.one-two-stage"]
    assert set(_correct_texts("adv4.one-two-stage")) <= one_stage
    assert {d["text"]["en"] for d in question["distractors"]} <= two_stage


def test_seed_conv_and_pool_examples() -> None:
    """The worked examples the convolution questions build on (seed 003 l.100-188, l.289-329)."""
    x = np.array([[1, 2, 3, 0], [0, 1, 2, 3], [3, 0, 1, 2], [2, 3, 0, 1]])
    w = np.array([[2, 0, 1], [0, 1, 2], [1, 0, 2]])
    conv = np.einsum("ijab,ab->ij", sliding_window_view(x, (3, 3)), w)
    assert conv.tolist() == [[15, 16], [6, 15]]
    flipped = np.einsum("ijab,ab->ij", sliding_window_view(x, (3, 3)), w[::-1, ::-1])
    assert flipped.tolist() == [[11, 12], [10, 11]]
    pool_in = np.array([[1, 2, 1, 0], [0, 1, 2, 3], [3, 0, 1, 2], [2, 4, 0, 1]])
    pooled = sliding_window_view(pool_in, (2, 2))[::2, ::2].max(axis=(2, 3))
    assert pooled.tolist() == [[2, 3], [4, 2]]


def test_every_question_cites_its_seed_and_lines() -> None:
    seeds = {"cnn5.": "003_494dc364992eefb7.txt", "adv4.": "001_5dba1a33057ec274.txt"}
    for qid, question in QUESTIONS.items():
        prefix = qid.split(".")[0] + "."
        section = question["source"]["section"]
        assert "(l." in section, f"{qid}: section without line range"
        if not qid.startswith("adv4.efficientnet"):
            assert question["source"]["seed"] == seeds[prefix], qid

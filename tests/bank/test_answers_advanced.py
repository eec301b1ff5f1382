"""Recompute, independently of the YAML, every fixed answer of the seed-002 (advanced) questions.

Numeric keys are rebuilt from the formulas with NumPy (tensor shapes, norms, matrix products, grid
counts); the computable choice questions (IoU of shifted squares, unpooling) are checked by
recomputing the right option; and every source reference must point at real lines of the seed.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from functools import cache
from typing import Any

import numpy as np
import pytest

from tests.bank.helpers import raw_questions

SEED = "002_f3cd1dde5b01e4f0.txt"
SEED_LINES = 3179  # the file ends without a newline; `wc -l` says 3178


@cache
def questions() -> dict[str, dict[str, Any]]:
    return raw_questions("adv.", "gap.")


def accepts(tolerance: dict[str, float] | None, expected: float, given: float) -> bool:
    """The bank's rule: |given - expected| <= max(abs, rel * |expected|), defaults 1e-9 / 1e-3."""
    tol = tolerance or {}
    return abs(given - expected) <= max(tol.get("abs", 1e-9), tol.get("rel", 1e-3) * abs(expected))


# --- independent references ---------------------------------------------------------------------


def bert_epochs() -> float:
    tokens_per_batch = np.ones((256, 512)).size
    corpus_words = 800e6 + 2500e6  # BooksCorpus + English Wikipedia, in words
    return tokens_per_batch * 1_000_000 / corpus_words


def gpt3_petaflop_days() -> float:
    seconds_per_day = 24 * 60 * 60
    return 3.14e23 / (1e15 * seconds_per_day)


def next_word_cross_entropy() -> float:
    probs = {"tired": 0.40, "hot": 0.30, "thirsty": 0.20, "angry": 0.05, "empty": 0.05}
    words = list(probs)
    target = np.eye(len(words))[words.index("thirsty")]
    return float(-(target * np.log(np.array(list(probs.values())))).sum())


def conv_weights(k: int, c_in: int, c_out: int) -> int:
    return np.zeros((c_out, c_in, k, k)).size  # PyTorch's Conv2d weight layout


def bottleneck_weights() -> float:
    return float(conv_weights(1, 256, 64) + conv_weights(3, 64, 64) + conv_weights(1, 64, 256))


def yolo_outputs() -> float:
    s, b, c = 7, 2, 20
    return float(np.zeros((s, s, b * 5 + c)).size)


def policy_entropy() -> float:
    p = np.array([0.85, 0.05, 0.05, 0.05])
    return float(-(p * np.log(p)).sum())


def triplet_loss() -> float:
    a, p, n = np.array([0.0, 0.0]), np.array([1.0, 1.0]), np.array([2.0, 0.0])
    return float(max(0.0, np.linalg.norm(a - p) - np.linalg.norm(a - n) + 1.0))


def general_convolution() -> np.ndarray:
    f = np.array([0, 2, 4, 6, 8])
    weight = {1: 1, 0: 3, -1: 5}
    g = np.array([[weight.get(m - n, 0) for n in range(5)] for m in range(5)])
    return g @ f


REFERENCES: dict[str, Callable[[], float]] = {
    "adv.bert-pretraining-epochs": bert_epochs,
    "adv.gpt3-petaflop-days": gpt3_petaflop_days,
    "adv.gpt-next-word-cross-entropy": next_word_cross_entropy,
    "adv.resnet-bottleneck-params": bottleneck_weights,
    "adv.yolo-output-tensor": yolo_outputs,
    "adv.a3c-policy-entropy": policy_entropy,
    "adv.triplet-loss": triplet_loss,
    "adv.gcn-general-convolution": lambda: float(general_convolution()[1]),
}


def fixed_numeric() -> list[str]:
    return [
        qid for qid, q in questions().items() if q["kind"] == "numeric" and "generator" not in q
    ]


def test_every_fixed_numeric_question_has_a_reference() -> None:
    assert sorted(fixed_numeric()) == sorted(REFERENCES)


@pytest.mark.parametrize("qid", sorted(REFERENCES))
def test_numeric_answer(qid: str) -> None:
    question = questions()[qid]
    expected = REFERENCES[qid]()
    assert accepts(question.get("tolerance"), question["answer"], expected), (
        f"{qid}: bank {question['answer']} vs reference {expected}"
    )
    for slip in question.get("slips", []):
        assert not accepts(question.get("tolerance"), question["answer"], slip["value"]), slip["id"]


def test_gcn_example_matches_numpy_convolution() -> None:
    """The seed's y = (−, 23, 44, 62, −) is wrong at y_1; the banded matrix is a convolution."""
    y = general_convolution()
    assert list(y[1:4]) == [26, 44, 62]
    assert np.array_equal(y, np.convolve([0, 2, 4, 6, 8], [5, 3, 1], mode="same"))


def test_selected_slip_values() -> None:
    slips = {
        (qid, s["id"]): s["value"]
        for qid in fixed_numeric()
        for s in questions()[qid].get("slips", [])
    }
    assert slips[("adv.resnet-bottleneck-params", "plain")] == 2 * conv_weights(3, 64, 64)
    assert slips[("adv.resnet-bottleneck-params", "kernel-as-one")] == (
        conv_weights(1, 256, 64) + conv_weights(1, 64, 64) + conv_weights(1, 64, 256)
    )
    assert slips[("adv.a3c-policy-entropy", "uniform")] == pytest.approx(math.log(4))
    assert slips[("adv.a3c-policy-entropy", "bits")] == pytest.approx(
        policy_entropy() / math.log(2)
    )
    assert slips[("adv.gcn-general-convolution", "seed-value")] == 0 * 1 + 1 * 3 + 4 * 5
    assert slips[("adv.bert-pretraining-epochs", "rounded-batch")] == pytest.approx(
        128_000 * 1_000_000 / 3.3e9
    )


# --- computable choice questions ----------------------------------------------------------------


def option_texts(question: dict[str, Any]) -> tuple[list[str], list[str]]:
    right = [o["text"]["en"] for o in question["correct"]]
    wrong = [d["text"]["en"] for d in question["distractors"]]
    return right, wrong


def shifted_square_iou(shift: float, resolution: int = 200) -> float:
    """Count grid cells of two unit squares, the second moved right and up by `shift`."""
    centres = (np.arange(int(2.2 * resolution)) + 0.5) / resolution - 0.1
    xs, ys = np.meshgrid(centres, centres)
    a = (xs > 0) & (xs < 1) & (ys > 0) & (ys < 1)
    b = (xs > shift) & (xs < 1 + shift) & (ys > shift) & (ys < 1 + shift)
    return np.count_nonzero(a & b) / np.count_nonzero(a | b)


def test_iou_of_shifted_squares() -> None:
    right, wrong = option_texts(questions()["adv.det-p2-iou-shift"])
    value = shifted_square_iou(0.1)
    assert right == [f"{value:.3f}"]
    assert f"{value:.3f}" not in wrong
    assert f"{81 / 121:.3f}" in wrong and f"{0.9 * 0.9:.3f}" in wrong


def test_unpooling_option() -> None:
    pooled = np.array([[3, 7], [1, 8]])
    indices = np.array([[0, 0, 0, 0], [1, 0, 0, 1], [0, 1, 0, 0], [0, 0, 1, 0]])
    upsampled = np.kron(pooled, np.ones((2, 2), dtype=int))  # each value over its window
    unpooled = upsampled * indices
    text = "[" + ", ".join("[" + ", ".join(str(v) for v in row) + "]" for row in unpooled) + "]"
    right, wrong = option_texts(questions()["adv.det-p5-unpooling"])
    assert right == [text]
    assert text not in wrong
    # each 2×2 window of the indices marks exactly one position
    windows = indices.reshape(2, 2, 2, 2).transpose(0, 2, 1, 3).reshape(4, 4)
    assert list(windows.sum(axis=1)) == [1, 1, 1, 1]


# --- structure and sources ----------------------------------------------------------------------


def test_question_counts() -> None:
    all_questions = questions()
    parametric = [q for q in all_questions.values() if "generator" in q]
    assert len(all_questions) >= 70
    assert len(parametric) >= 35


@pytest.mark.parametrize("qid", sorted(questions()))
def test_sources_point_into_the_seed(qid: str) -> None:
    source = questions()[qid]["source"]
    assert source["seed"] == SEED
    ranges = re.findall(r"l\.(\d+)(?:-(\d+))?", source["section"])
    assert ranges, f"{qid}: no line reference in {source['section']!r}"
    for start, end in ranges:
        first, last = int(start), int(end or start)
        assert 1 <= first <= last <= SEED_LINES, f"{qid}: bad range l.{start}-{end}"


@pytest.mark.parametrize("qid", sorted(q for q, v in questions().items() if v["kind"] == "choice"))
def test_choice_questions_have_three_or_four_distractors(qid: str) -> None:
    question = questions()[qid]
    assert 3 <= len(question["distractors"]) <= 4
    for distractor in question["distractors"]:
        assert distractor["why"]["ja"] and distractor["why"]["en"]

"""Check the fixed `am.` and `ml.` questions (applied maths, classical ML) a computation decides.

These questions include no fixed numeric one (every numeric item there is parametric and is
checked in test_generators_applied_ml.py), so this file checks the choice keys: each claim that
can be computed is computed (NumPy, exact sums, numerical integration, small simulations and
brute-force fits) and must agree with the option being the key or a distractor. It also checks
the files' own shape: prefixes, and the syllabus leaves this batch was written to fill.
"""

from __future__ import annotations

import itertools
import math
from collections import Counter
from typing import Any

import numpy as np
import pytest

from tests.bank.helpers import raw_questions


def _load() -> dict[str, dict[str, Any]]:
    return raw_questions("am.", "ml.")


QUESTIONS = _load()


def options(qid: str) -> tuple[str, list[str]]:
    """The key's English text and the distractors' English texts."""
    question = QUESTIONS[qid]
    assert question["kind"] == "choice"
    (key,) = question["correct"]
    return key["text"]["en"], [d["text"]["en"] for d in question["distractors"]]


def test_no_fixed_numeric_questions() -> None:
    assert QUESTIONS
    for qid, question in QUESTIONS.items():
        if question["kind"] == "numeric":
            assert "generator" in question, qid


def test_every_target_leaf_gets_at_least_two_questions() -> None:
    leaves = Counter(q["syllabus"] for q in QUESTIONS.values())
    for leaf in ("1-1-1", "1-2-3", "2-1-1", "2-1-3", "2-1-6", "2-1-9"):
        assert leaves[leaf] >= 2, leaf
    parametric = sum(1 for q in QUESTIONS.values() if "generator" in q)
    assert parametric * 2 >= len(QUESTIONS)


# --- am.matrix-identities -----------------------------------------------------------------------


def test_matrix_identities_only_the_key_fails() -> None:
    rng = np.random.default_rng(0)
    a, b = rng.standard_normal((3, 3)), rng.standard_normal((3, 3))
    holds = {
        "AB = BA": np.allclose(a @ b, b @ a),
        "(AB)ᵀ = BᵀAᵀ": np.allclose((a @ b).T, b.T @ a.T),
        "(AB)⁻¹ = B⁻¹A⁻¹": np.allclose(np.linalg.inv(a @ b), np.linalg.inv(b) @ np.linalg.inv(a)),
        "det(AB) = det(A) det(B)": np.isclose(
            np.linalg.det(a @ b), np.linalg.det(a) * np.linalg.det(b)
        ),
        "tr(AB) = tr(BA)": np.isclose(np.trace(a @ b), np.trace(b @ a)),
    }
    key, distractors = options("am.matrix-identities")
    assert not holds[key]
    assert all(holds[d] for d in distractors)
    # the counter-example written in the explanation
    a2, b2 = np.array([[1, 1], [0, 1]]), np.array([[1, 0], [1, 1]])
    assert (a2 @ b2).tolist() == [[2, 1], [1, 1]]
    assert (b2 @ a2).tolist() == [[1, 1], [1, 2]]
    assert "AB = [[2, 1], [1, 1]]" in QUESTIONS["am.matrix-identities"]["explanation"]["en"]


# --- am.eigen-svd-facts -------------------------------------------------------------------------


def test_svd_exists_for_rectangular_matrices_and_the_true_facts_hold() -> None:
    rng = np.random.default_rng(1)
    key, _ = options("am.eigen-svd-facts")
    assert "only to square" in key
    a = rng.standard_normal((5, 3))
    u, s, vt = np.linalg.svd(a, full_matrices=True)
    sigma = np.zeros((5, 3))
    sigma[:3, :3] = np.diag(s)
    assert np.allclose(u @ sigma @ vt, a)  # the key's claim is false
    symmetric = a.T @ a
    eigenvalues, q = np.linalg.eigh(symmetric)
    assert np.allclose(q @ np.diag(eigenvalues) @ q.T, symmetric)
    assert np.allclose(q.T @ q, np.eye(3))
    assert np.allclose(np.sort(s), np.sqrt(np.sort(eigenvalues)))
    low_rank = rng.standard_normal((6, 2)) @ rng.standard_normal((2, 4))
    singular = np.linalg.svd(low_rank, compute_uv=False)
    assert int(np.sum(singular > 1e-10)) == np.linalg.matrix_rank(low_rank) == 2
    # Eckart–Young: the truncated SVD beats random rank-k matrices in the Frobenius norm
    m = rng.standard_normal((6, 5))
    u, s, vt = np.linalg.svd(m)
    best = u[:, :2] @ np.diag(s[:2]) @ vt[:2]
    best_error = np.linalg.norm(m - best)
    assert best_error == pytest.approx(math.sqrt(float(np.sum(s[2:] ** 2))))
    left, right = u[:, :2], np.diag(s[:2]) @ vt[:2]
    for _ in range(300):
        # a 6×2 times a 2×5 matrix has rank at most 2
        other = (left + 0.3 * rng.standard_normal((6, 2))) @ (
            right + 0.3 * rng.standard_normal((2, 5))
        )
        assert np.linalg.norm(m - other) >= best_error - 1e-12


# --- am.binomial-moments ------------------------------------------------------------------------


def test_binomial_moments_by_convolving_bernoulli_trials() -> None:
    pmf = np.array([1.0])
    for _ in range(20):
        pmf = np.convolve(pmf, [0.7, 0.3])
    k = np.arange(len(pmf))
    mean = float(np.sum(k * pmf))
    variance = float(np.sum((k - mean) ** 2 * pmf))
    assert mean == pytest.approx(6) and variance == pytest.approx(4.2)
    key, distractors = options("am.binomial-moments")
    assert key == "E[X] = 6, V[X] = 4.2"
    # each distractor is a named slip: one trial's variance, the standard deviation, np², one trial
    slips = [(mean, 0.3 * 0.7), (mean, math.sqrt(variance)), (mean, 20 * 0.3**2), (0.3, 0.3 * 0.7)]
    shown = []
    for text in distractors:
        e_part, v_part = text.split(", V[X]")
        shown.append((float(e_part.split("=")[1]), float(v_part.strip(" =≈"))))
    for (e_shown, v_shown), (e_slip, v_slip) in zip(shown, slips, strict=True):
        assert e_shown == pytest.approx(e_slip) and v_shown == pytest.approx(v_slip, abs=0.005)
        assert not (e_shown == pytest.approx(mean) and v_shown == pytest.approx(variance))
    assert len(distractors) == 4


# --- am.t-distribution-facts --------------------------------------------------------------------


def t_pdf(x: np.ndarray, nu: float) -> np.ndarray:
    c = math.exp(math.lgamma((nu + 1) / 2) - math.lgamma(nu / 2)) / math.sqrt(nu * math.pi)
    result: np.ndarray = c * (1 + x * x / nu) ** (-(nu + 1) / 2)
    return result


def tail_beyond(pdf: Any, cut: float) -> float:
    x = np.linspace(0, cut, 200_001)
    inside = float(np.trapezoid(pdf(x), x))
    return 1 - 2 * inside


def test_t_tails_shrink_with_the_degrees_of_freedom_towards_the_normal() -> None:
    tails = [tail_beyond(lambda x, nu=nu: t_pdf(x, nu), 2.0) for nu in (1, 2, 5, 30, 1000)]
    normal = math.erfc(2 / math.sqrt(2))
    assert all(a > b for a, b in itertools.pairwise(tails))  # lighter with more dof
    assert all(t > normal for t in tails)  # always heavier than the normal
    assert tails[-1] == pytest.approx(normal, abs=1e-3)
    x = np.linspace(-5, 5, 11)
    assert np.allclose(t_pdf(x, 1), 1 / (math.pi * (1 + x * x)))  # ν = 1 is Cauchy
    key, _ = options("am.t-distribution-facts")
    assert "heavier as the degrees of freedom grow" in key


def test_t_statistic_of_normal_samples_has_n_minus_1_degrees_of_freedom() -> None:
    rng = np.random.default_rng(2)
    samples = rng.normal(5.0, 2.0, size=(200_000, 4))
    t = (samples.mean(axis=1) - 5.0) / (samples.std(axis=1, ddof=1) / 2)
    # the two-sided 5% point of t with 3 degrees of freedom is 3.182; of the normal, 1.960
    assert np.mean(np.abs(t) > 3.182) == pytest.approx(0.05, abs=0.003)
    assert np.mean(np.abs(t) > 1.960) > 0.1


# --- am.information-facts -----------------------------------------------------------------------


def _entropy(p: np.ndarray) -> float:
    p = p[p > 0]
    return float(-np.sum(p * np.log(p)))


def _kl(p: np.ndarray, q: np.ndarray) -> float:
    return float(np.sum(p * np.log(p / q)))


def test_information_facts_only_the_key_fails() -> None:
    rng = np.random.default_rng(3)
    key, _ = options("am.information-facts")
    assert "negative" in key
    for _ in range(500):
        joint = rng.dirichlet(np.ones(4)).reshape(2, 2)
        px, py = joint.sum(axis=1), joint.sum(axis=0)
        mi = _entropy(px) + _entropy(py) - _entropy(joint.ravel())
        assert mi >= -1e-12  # never negative, whatever the correlation's sign
        assert mi == pytest.approx(_kl(joint.ravel(), np.outer(px, py).ravel()), abs=1e-12)
        h_y_given_x = _entropy(joint.ravel()) - _entropy(px)
        assert h_y_given_x <= _entropy(py) + 1e-12
        p, q = rng.dirichlet(np.ones(3)), rng.dirichlet(np.ones(3))
        m = (p + q) / 2
        js = 0.5 * _kl(p, m) + 0.5 * _kl(q, m)
        assert js == pytest.approx(0.5 * _kl(q, m) + 0.5 * _kl(p, m))
        assert -1e-12 <= js <= math.log(2) + 1e-12
        assert _kl(p, q) >= -1e-12
    independent = np.outer([0.3, 0.7], [0.6, 0.4])
    assert _entropy(independent.sum(axis=1)) + _entropy(independent.sum(axis=0)) == (
        pytest.approx(_entropy(independent.ravel()))
    )
    negative = np.array([[0.1, 0.4], [0.4, 0.1]])  # X and Y negatively correlated
    cov = 0.1 - 0.5 * 0.5
    assert cov < 0
    assert _kl(negative.ravel(), np.outer([0.5, 0.5], [0.5, 0.5]).ravel()) > 0
    p, q = np.array([0.5, 0.5]), np.array([0.25, 0.75])
    assert _kl(p, q) != pytest.approx(_kl(q, p))


# --- ml.knn-facts -------------------------------------------------------------------------------


def knn_predict(train: np.ndarray, labels: np.ndarray, query: np.ndarray, k: int) -> int:
    order = np.argsort(np.linalg.norm(train - query, axis=1), kind="stable")[:k]
    return int(Counter(labels[order].tolist()).most_common(1)[0][0])


def test_knn_facts_scaling_matters_and_small_k_is_the_complex_one() -> None:
    key, distractors = options("ml.knn-facts")
    assert "lazy learning" in key and len(distractors) == 3
    # standardising changes the nearest neighbour: feature 2 is on a much larger scale
    train = np.array([[0.0, 1000.0], [10.0, 1100.0], [0.5, 1300.0], [9.5, 900.0]])
    labels = np.array([0, 1, 0, 1])
    query = np.array([1.0, 1120.0])
    raw = knn_predict(train, labels, query, 1)
    mean, std = train.mean(axis=0), train.std(axis=0)
    scaled = knn_predict((train - mean) / std, labels, (query - mean) / std, 1)
    assert raw != scaled
    # k = 1 fits every training point (the ragged boundary); k = N predicts one class everywhere
    rng = np.random.default_rng(4)
    points = rng.uniform(0, 1, size=(40, 2))
    classes = rng.integers(0, 2, size=40)
    assert all(
        knn_predict(points, classes, p, 1) == c for p, c in zip(points, classes, strict=True)
    )
    grid = rng.uniform(0, 1, size=(50, 2))
    assert len({knn_predict(points, classes, g, 40) for g in grid}) == 1


# --- ml.svm-facts -------------------------------------------------------------------------------


def soft_margin_fit(x: np.ndarray, y: np.ndarray, c: float) -> float:
    """|w| of the 1-D soft-margin SVM ½w² + C Σ max(0, 1 − y(wx + b)), by grid search."""
    ws = np.linspace(0.0, 6.0, 601)
    bs = np.linspace(-6.0, 6.0, 1201)
    w, b = np.meshgrid(ws, bs, indexing="ij")
    margins = y[None, None, :] * (w[..., None] * x[None, None, :] + b[..., None])
    cost = 0.5 * w**2 + c * np.maximum(0.0, 1 - margins).sum(axis=2)
    i, _ = np.unravel_index(np.argmin(cost), cost.shape)
    return float(ws[i])


def test_svm_facts_a_larger_c_narrows_the_margin_and_kernels_are_inner_products() -> None:
    key, _ = options("ml.svm-facts")
    assert "the wider its margin" in key
    x = np.array([-2.0, -1.0, -0.2, 0.3, 1.0, 2.5])
    y = np.array([-1.0, -1.0, 1.0, -1.0, 1.0, 1.0])
    margins = [2 / soft_margin_fit(x, y, c) for c in (0.05, 0.5, 10.0)]
    assert margins[0] > margins[1] > margins[2]  # the key says the opposite
    # the kernel trick: (x·z + 1)² equals an explicit 6-dimensional feature inner product
    rng = np.random.default_rng(5)
    for _ in range(20):
        u, v = rng.standard_normal(2), rng.standard_normal(2)

        def phi(p: np.ndarray) -> np.ndarray:
            r2 = math.sqrt(2)
            return np.array([p[0] ** 2, p[1] ** 2, r2 * p[0] * p[1], r2 * p[0], r2 * p[1], 1])

        assert float(phi(u) @ phi(v)) == pytest.approx(float((u @ v + 1) ** 2))


# --- ml.clustering-facts ------------------------------------------------------------------------


def lloyd(points: np.ndarray, centres: np.ndarray) -> tuple[np.ndarray, float]:
    for _ in range(100):
        assign = ((points[:, None] - centres[None]) ** 2).sum(axis=2).argmin(axis=1)
        new = np.array([points[assign == c].mean(axis=0) for c in range(len(centres))])
        if np.allclose(new, centres):
            break
        centres = new
    return centres, float(((points - centres[assign]) ** 2).sum())


def test_kmeans_depends_on_its_initial_centres() -> None:
    key, _ = options("ml.clustering-facts")
    assert "whatever the initial centres" in key
    points = np.array([[0.0, 0.0], [0.0, 1.0], [4.0, 0.0], [4.0, 1.0]])
    _, good = lloyd(points, np.array([[0.0, 0.5], [4.0, 0.5]]))
    _, bad = lloyd(points, np.array([[2.0, 0.0], [2.0, 1.0]]))
    assert good == pytest.approx(1.0) and bad == pytest.approx(16.0)  # two different fixed points


# --- ml.validation-facts ------------------------------------------------------------------------


def test_selecting_on_the_test_set_is_optimistic_and_loocv_is_n_fold() -> None:
    key, _ = options("ml.validation-facts")
    assert "test data" in key and "report that test accuracy" in key
    rng = np.random.default_rng(6)
    # 30 useless classifiers (true accuracy 0.5): the best test score is biased upwards
    best_scores = [
        max(float(np.mean(rng.integers(0, 2, 100) == rng.integers(0, 2, 100))) for _ in range(30))
        for _ in range(200)
    ]
    assert np.mean(best_scores) > 0.55
    n = 12
    folds = np.array_split(np.arange(n), n)  # k = N folds of one point each
    assert len(folds) == n and all(len(f) == 1 for f in folds)

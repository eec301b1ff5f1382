"""The applied-maths and classical-ML families against independent computations.

Each generator's answer is recomputed here by another method: NumPy linear algebra, a Leibniz
permutation sum, exact finite differences, brute-force enumeration of outcomes or populations,
the derivative of the normal CDF, log-odds, ternary-search minimisation, explicit kernel feature
maps, mutual information as a KL divergence, or a direct recount. Slips must differ from the
answer whenever the generator offers them.
"""

from __future__ import annotations

import itertools
import math
from collections import Counter
from collections.abc import Mapping
from fractions import Fraction
from typing import Any

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from tests.bank.helpers import answer_of, run, slips_differ
from trainer.bank.generators import GENERATORS

seeds = st.integers(min_value=0, max_value=2**31 - 1)

APPLIED_ML = (
    "determinant",
    "inverse-2x2",
    "quadratic-gradient",
    "singular-value-2x2",
    "joint-table",
    "multinomial",
    "gaussian",
    "t-statistic",
    "naive-bayes",
    "joint-information",
    "knn",
    "penalized-regression",
    "logistic-loss",
    "svm-geometry",
    "kernel-value",
    "information-gain",
    "pca-components",
    "kmeans-step",
    "linkage",
    "bias-variance",
    "hypercube-edge",
)


@pytest.mark.parametrize("name", APPLIED_ML)
def test_every_family_renders_all_its_values_as_strings(name: str) -> None:
    for seed in range(60):
        generated = run(name, seed)
        assert all(isinstance(v, str) and v for v in generated.values.values()), name
        assert set(generated.slips) <= GENERATORS[name].slips
        slips_differ(generated)


@pytest.mark.parametrize(
    "name", [n for n in APPLIED_ML if "asks" in GENERATORS[n].config.model_fields]
)
def test_unknown_asks_are_refused(name: str) -> None:
    with pytest.raises(ValidationError):
        GENERATORS[name].parse_config({"asks": ["nothing"]})
    with pytest.raises(ValidationError):
        GENERATORS[name].parse_config({"asks": []})


# --- linear algebra -----------------------------------------------------------------------------


def leibniz(matrix: list[list[int]]) -> int:
    """det by the permutation expansion Σ_σ sgn(σ) Π_i a_{i,σ(i)}."""
    n = len(matrix)
    total = 0
    for perm in itertools.permutations(range(n)):
        inversions = sum(1 for i in range(n) for j in range(i + 1, n) if perm[i] > perm[j])
        total += (-1) ** inversions * math.prod(matrix[i][perm[i]] for i in range(n))
    return total


@given(seeds)
def test_determinant_matches_leibniz_and_numpy(seed: int) -> None:
    generated = run("determinant", seed)
    matrix = generated.params["matrix"]
    assert answer_of(generated) == leibniz(matrix) != 0
    assert answer_of(generated) == pytest.approx(float(np.linalg.det(np.array(matrix))))
    assert generated.values["answer"] == str(leibniz(matrix))
    slips_differ(generated, tol=0.5)


@given(seeds)
def test_inverse_entry_matches_numpy_and_gives_the_identity(seed: int) -> None:
    generated = run("inverse-2x2", seed)
    a = np.array(generated.params["matrix"], dtype=float)
    i, j = generated.params["i"], generated.params["j"]
    inverse = np.linalg.inv(a)
    assert np.allclose(a @ inverse, np.eye(2))
    assert answer_of(generated) == pytest.approx(float(inverse[i, j]), abs=1e-12)
    assert float(Fraction(generated.values["entry"])) == pytest.approx(answer_of(generated))
    slips_differ(generated, tol=1e-3)


@given(seeds)
def test_quadratic_gradient_matches_an_exact_central_difference(seed: int) -> None:
    generated = run("quadratic-gradient", seed)
    a = np.array(generated.params["A"])
    b = np.array(generated.params["b"])
    x = np.array(generated.params["x"])
    k = generated.params["k"]
    assert not np.array_equal(a, a.T)

    def f(v: np.ndarray) -> int:
        return int(v @ a @ v + b @ v)

    step = np.eye(len(x), dtype=int)[k]
    # a central difference with h = 1 is exact for a quadratic
    assert answer_of(generated) == (f(x + step) - f(x - step)) / 2
    slips_differ(generated, tol=0.5)
    assert "two-ax" in generated.slips  # A is not symmetric, so 2Ax is a visible mistake


@given(seeds, st.sampled_from(["largest", "smallest"]))
def test_singular_value_matches_numpy_svd(seed: int, ask: str) -> None:
    generated = run("singular-value-2x2", seed, {"asks": [ask]})
    values = np.linalg.svd(np.array(generated.params["matrix"], dtype=float), compute_uv=False)
    expected = values.max() if ask == "largest" else values.min()
    assert answer_of(generated) == pytest.approx(float(expected), rel=1e-9)
    if "no-root" in generated.slips:  # absent only when σ = σ² = 1
        assert generated.slips["no-root"] == pytest.approx(float(expected) ** 2, rel=1e-9)
    slips_differ(generated, tol=0.002)


# --- probability --------------------------------------------------------------------------------


def population(params: Mapping[str, Any]) -> list[tuple[int, int]]:
    """The joint table as 20 equally likely individuals (cells are multiples of 0.05)."""
    people: list[tuple[int, int]] = []
    for r, row in enumerate(params["cells"]):
        for c, cell in enumerate(row):
            count = round(cell * 20)
            assert count == pytest.approx(cell * 20)
            people += [(params["xs"][r], params["ys"][c])] * count
    assert len(people) == 20
    return people


@given(seeds)
def test_conditional_probability_by_counting_individuals(seed: int) -> None:
    generated = run("joint-table", seed, {"asks": ["conditional"]})
    params = generated.params
    x, y = params["xs"][params["r"]], params["ys"][params["c"]]
    people = population(params)
    given_x = [p for p in people if p[0] == x]
    expected = sum(1 for p in given_x if p[1] == y) / len(given_x)
    assert answer_of(generated) == pytest.approx(expected, abs=1e-12)
    slips_differ(generated, tol=0.002)


@given(seeds, st.sampled_from(["covariance", "correlation"]))
def test_covariance_and_correlation_match_numpy_on_the_population(seed: int, ask: str) -> None:
    generated = run("joint-table", seed, {"asks": [ask]})
    people = np.array(population(generated.params), dtype=np.float64)
    if ask == "covariance":
        expected = np.cov(people[:, 0], people[:, 1], bias=True)[0, 1]
    else:
        expected = np.corrcoef(people[:, 0], people[:, 1])[0, 1]
    assert answer_of(generated) == pytest.approx(float(expected), abs=1e-9)
    assert abs(answer_of(generated)) > 0.005


@given(seeds)
def test_multinomial_by_enumerating_every_sequence(seed: int) -> None:
    generated = run("multinomial", seed)
    n, probs, counts = (generated.params[k] for k in ("n", "probs", "counts"))
    assert sum(counts) == n and min(counts) >= 1
    target = tuple(counts)
    total = 0.0
    for sequence in itertools.product(range(3), repeat=n):
        tally = Counter(sequence)
        if (tally[0], tally[1], tally[2]) == target:
            total += math.prod(probs[s] for s in sequence)
    assert answer_of(generated) == pytest.approx(total, rel=1e-9)
    slips_differ(generated, tol=2e-4)


def normal_cdf(x: float, mean: float, variance: float) -> float:
    return 0.5 * (1 + math.erf((x - mean) / math.sqrt(2 * variance)))


def density_from_cdf(x: float, mean: float, variance: float, h: float = 1e-5) -> float:
    return (normal_cdf(x + h, mean, variance) - normal_cdf(x - h, mean, variance)) / (2 * h)


@given(seeds)
def test_gaussian_pdf_is_the_derivative_of_the_cdf(seed: int) -> None:
    generated = run("gaussian", seed, {"asks": ["pdf"]})
    mean, var, x = (generated.params[k] for k in ("mean", "var", "x"))
    expected = density_from_cdf(x, mean, var)
    assert answer_of(generated) == pytest.approx(expected, abs=1e-8)
    assert abs(x - mean) <= 2 * math.sqrt(var) + 1e-12  # within 2σ: a readable density
    slips_differ(generated, tol=2e-4)


@given(seeds)
def test_mixture_responsibility_by_bayes_with_cdf_densities(seed: int) -> None:
    generated = run("gaussian", seed, {"asks": ["responsibility"]})
    params = generated.params
    x = params["x"]
    weights = [params["pi1"], 1 - params["pi1"]]
    joint = [
        w * density_from_cdf(x, m, v)
        for w, m, v in zip(weights, params["mu"], params["var"], strict=True)
    ]
    assert answer_of(generated) == pytest.approx(joint[0] / sum(joint), abs=1e-7)
    slips_differ(generated, tol=0.002)


@given(seeds)
def test_t_statistic_matches_numpy_with_ddof_1(seed: int) -> None:
    generated = run("t-statistic", seed, {"asks": ["t"]})
    data = np.array(generated.params["data"], dtype=float)
    expected = (data.mean() - generated.params["mu0"]) / (data.std(ddof=1) / math.sqrt(len(data)))
    assert answer_of(generated) == pytest.approx(float(expected), rel=1e-9)
    slips_differ(generated, tol=0.002)


@given(seeds)
def test_standard_error_by_enumerating_a_two_point_population(seed: int) -> None:
    """A population of ±σ (equally likely) has standard deviation σ; enumerate the sample mean."""
    generated = run("t-statistic", seed, {"asks": ["standard-error"]})
    sigma, n = generated.params["sigma"], generated.params["n"]
    # the mean of n draws is σ(2K − n)/n with K ~ Binomial(n, 1/2): sum over K exactly
    second_moment = sum(
        Fraction(math.comb(n, k), 2**n) * Fraction(2 * k - n, n) ** 2 for k in range(n + 1)
    )
    expected = sigma * math.sqrt(second_moment)
    assert answer_of(generated) == pytest.approx(expected, rel=1e-12)
    slips_differ(generated, tol=0.002)


@given(seeds)
def test_naive_bayes_posterior_by_log_odds(seed: int) -> None:
    generated = run("naive-bayes", seed)
    prior, spam, ham, seen = (generated.params[k] for k in ("prior", "spam", "ham", "seen"))
    log_odds = math.log(prior / (1 - prior))
    for p, q, s in zip(spam, ham, seen, strict=True):
        log_odds += math.log(p / q) if s else math.log((1 - p) / (1 - q))
    assert answer_of(generated) == pytest.approx(1 / (1 + math.exp(-log_odds)), rel=1e-9)
    assert 0 < sum(seen) < len(seen)  # both present and absent words, so no slip coincides
    assert set(generated.slips) == {"present-only", "no-prior", "unnormalised"}
    slips_differ(generated, tol=0.002)


# --- information --------------------------------------------------------------------------------


@given(seeds, st.sampled_from(["joint", "conditional", "mutual"]))
def test_joint_information_matches_kl_and_per_row_entropies(seed: int, ask: str) -> None:
    generated = run("joint-information", seed, {"asks": [ask]})
    p = np.array(generated.params["cells"]).reshape(2, 2)
    log = np.log2 if generated.params["unit"] == "bits" else np.log
    px, py = p.sum(axis=1), p.sum(axis=0)
    if ask == "joint":
        expected = -np.sum(p * log(p))
    elif ask == "conditional":
        rows = p / px[:, None]
        expected = np.sum(px * -np.sum(rows * log(rows), axis=1))
    else:
        expected = np.sum(p * log(p / np.outer(px, py)))  # D_KL(p(x, y) ‖ p(x)p(y))
    assert answer_of(generated) == pytest.approx(float(expected), abs=1e-12)
    slips_differ(generated, tol=0.002)


# --- k-nearest neighbours -----------------------------------------------------------------------


def _distances(points: np.ndarray, query: np.ndarray, metric: str) -> np.ndarray:
    diff = points - query
    if metric == "euclidean":
        result: np.ndarray = np.linalg.norm(diff, axis=1)
    else:
        result = np.abs(diff).sum(axis=1)
    return result


@given(seeds, st.sampled_from(["euclidean", "manhattan"]))
def test_knn_classification_by_sorting_distances(seed: int, metric: str) -> None:
    generated = run("knn", seed, {"asks": ["classify"], "metrics": [metric]})
    params = generated.params
    points, query = np.array(params["points"]), np.array(params["query"])
    labels, k = params["labels"], params["k"]
    d = _distances(points, query, metric)
    order = np.argsort(d, kind="stable")
    assert d[order[k - 1]] < d[order[k]]  # the k nearest are unambiguous
    nearest = [int(i) for i in order[:k]]
    votes = Counter(labels[i] for i in nearest)
    best = max(votes.values())
    tied = [c for c in votes if votes[c] == best]
    # the stated rule: among tied classes, the one owning the nearest point
    expected = min(tied, key=lambda c: min(d[i] for i in nearest if labels[i] == c))
    assert answer_of(generated) == expected
    slips_differ(generated, tol=0.5)


@given(seeds, st.sampled_from(["euclidean", "manhattan"]))
def test_knn_regression_is_the_mean_of_the_nearest_targets(seed: int, metric: str) -> None:
    generated = run("knn", seed, {"asks": ["regress"], "metrics": [metric]})
    params = generated.params
    d = _distances(np.array(params["points"]), np.array(params["query"]), metric)
    order = np.argsort(d, kind="stable")
    k = params["k"]
    assert d[order[k - 1]] < d[order[k]]
    expected = float(np.mean(np.array(params["targets"])[order[:k]]))
    assert answer_of(generated) == pytest.approx(expected, abs=1e-12)
    if "all-mean" in generated.slips:  # absent when it happens to equal the answer
        assert generated.slips["all-mean"] == pytest.approx(float(np.mean(params["targets"])))
    slips_differ(generated, tol=0.002)


# --- regression and classification models -------------------------------------------------------


def ternary_minimum(f: Any, low: float = -100.0, high: float = 100.0) -> float:
    for _ in range(300):
        a, b = low + (high - low) / 3, high - (high - low) / 3
        if f(a) < f(b):
            high = b
        else:
            low = a
    return (low + high) / 2


@given(seeds, st.sampled_from(["ridge", "lasso"]))
def test_penalized_regression_minimises_the_stated_objective(seed: int, ask: str) -> None:
    generated = run("penalized-regression", seed, {"asks": [ask]})
    xs = np.array(generated.params["xs"], dtype=float)
    ys = np.array(generated.params["ys"], dtype=float)
    lam = float(generated.params["lam"])

    def objective(w: float) -> float:
        residual = float(np.sum((ys - w * xs) ** 2))
        if ask == "ridge":
            return residual + lam * w * w
        return residual / 2 + lam * abs(w)

    assert answer_of(generated) == pytest.approx(ternary_minimum(objective), abs=1e-6)
    slips_differ(generated, tol=0.002)


def test_lasso_sets_the_weight_exactly_to_zero_for_some_draws() -> None:
    answers = [answer_of(run("penalized-regression", s, {"asks": ["lasso"]})) for s in range(80)]
    assert any(a == 0 for a in answers) and any(a != 0 for a in answers)


@given(seeds, st.sampled_from(["loss", "gradient"]))
def test_logistic_loss_by_softplus_and_finite_differences(seed: int, ask: str) -> None:
    generated = run("logistic-loss", seed, {"asks": [ask]})
    w = np.array(generated.params["w"])
    x = np.array(generated.params["x"], dtype=float)
    b, y, j = generated.params["b"], generated.params["y"], generated.params["j"]

    def loss(weights: np.ndarray) -> float:
        z = float(weights @ x + b)
        # −ln σ(z) = ln(1 + e^(−z)) and −ln(1 − σ(z)) = ln(1 + e^z)
        return float(np.logaddexp(0.0, -z) if y == 1 else np.logaddexp(0.0, z))

    if ask == "loss":
        assert answer_of(generated) == pytest.approx(loss(w), rel=1e-9)
    else:
        h = np.eye(2)[j] * 1e-6
        numeric = (loss(w + h) - loss(w - h)) / 2e-6
        assert answer_of(generated) == pytest.approx(numeric, abs=1e-7)
    slips_differ(generated, tol=0.002)


# --- SVM ----------------------------------------------------------------------------------------


def plane_distance(w: np.ndarray, offset: float, point: np.ndarray) -> float:
    """Distance from `point` to the line w·q = offset, by minimising over points of the line."""
    base = np.linalg.lstsq(w[None, :], np.array([offset]), rcond=None)[0]
    direction = np.array([-w[1], w[0]])
    ts = np.array([-1.0, 0.0, 1.0])
    squared = [float(np.sum((base + t * direction - point) ** 2)) for t in ts]
    a, b_, c = np.polyfit(ts, squared, 2)
    return math.sqrt(max(c - b_ * b_ / (4 * a), 0.0))


@given(seeds)
def test_svm_margin_is_the_gap_between_the_two_planes(seed: int) -> None:
    generated = run("svm-geometry", seed, {"asks": ["margin"]})
    w, b = np.array(generated.params["w"]), generated.params["b"]
    on_plus = np.linalg.lstsq(w[None, :], np.array([1 - b]), rcond=None)[0]
    assert float(w @ on_plus + b) == pytest.approx(1.0)
    assert answer_of(generated) == pytest.approx(plane_distance(w, -1 - b, on_plus), rel=1e-6)
    slips_differ(generated, tol=0.002)


@given(seeds)
def test_svm_point_distance_by_minimising_over_the_hyperplane(seed: int) -> None:
    generated = run("svm-geometry", seed, {"asks": ["distance"]})
    w, b = np.array(generated.params["w"]), generated.params["b"]
    x = np.array(generated.params["x"])
    assert answer_of(generated) == pytest.approx(plane_distance(w, -b, x), rel=1e-6)
    slips_differ(generated, tol=0.002)


@given(seeds)
def test_svm_hinge_losses_match_numpy(seed: int) -> None:
    generated = run("svm-geometry", seed, {"asks": ["hinge"]})
    w, b = np.array(generated.params["w"]), generated.params["b"]
    xs, ys = np.array(generated.params["xs"]), np.array(generated.params["ys"])
    margins = ys * (xs @ w + b)
    assert answer_of(generated) == pytest.approx(float(np.maximum(0, 1 - margins).sum()))
    assert (margins >= 1).any() and (margins < 1).any()
    assert len({tuple(p) for p in xs.tolist()}) == len(xs)
    slips_differ(generated, tol=0.002)


def polynomial_features(v: list[int], c: int, d: int) -> list[float]:
    """φ with φ(x)·φ(z) = (x·z + c)^d: √(multinomial coefficient · c^e) x1^a x2^b."""
    features = []
    for a in range(d + 1):
        for b in range(d + 1 - a):
            e = d - a - b
            coefficient = math.factorial(d) // (
                math.factorial(a) * math.factorial(b) * math.factorial(e)
            )
            features.append(math.sqrt(coefficient * c**e) * v[0] ** a * v[1] ** b)
    return features


@given(seeds, st.sampled_from(["polynomial", "rbf"]))
def test_kernel_values_equal_explicit_feature_inner_products(seed: int, ask: str) -> None:
    generated = run("kernel-value", seed, {"asks": [ask]})
    x, z = generated.params["x"], generated.params["z"]
    if ask == "polynomial":
        c, d = generated.params["c"], generated.params["d"]
        phi_x, phi_z = polynomial_features(x, c, d), polynomial_features(z, c, d)
        expected = float(np.dot(phi_x, phi_z))
        assert answer_of(generated) == pytest.approx(expected, rel=1e-9, abs=1e-9)
    else:
        gamma = generated.params["gamma"]
        expected = float(np.exp(-gamma * np.sum((np.array(x) - np.array(z)) ** 2)))
        assert answer_of(generated) == pytest.approx(expected, rel=1e-12)
        assert expected > 0.005
    slips_differ(generated, tol=2e-4)


# --- trees, PCA, clustering ---------------------------------------------------------------------


@given(seeds)
def test_information_gain_is_the_mutual_information_of_split_and_class(seed: int) -> None:
    generated = run("information-gain", seed)
    joint = np.array([generated.params["left"], generated.params["right"]], dtype=float)
    p = joint / joint.sum()
    outer = np.outer(p.sum(axis=1), p.sum(axis=0))
    mask = p > 0
    expected = float(np.sum(p[mask] * np.log2(p[mask] / outer[mask])))
    assert answer_of(generated) == pytest.approx(expected, abs=1e-12)
    slips_differ(generated, tol=0.002)


@given(seeds)
def test_pca_components_by_exact_cumulative_fractions(seed: int) -> None:
    generated = run("pca-components", seed)
    eigenvalues = generated.params["eigenvalues"]
    threshold = Fraction(generated.params["threshold"], 100)
    assert eigenvalues == sorted(eigenvalues, reverse=True)
    total = sum(eigenvalues)
    reached = [
        k
        for k in range(1, len(eigenvalues) + 1)
        if Fraction(sum(eigenvalues[:k]), total) >= threshold
    ]
    assert answer_of(generated) == min(reached)
    assert 2 <= answer_of(generated) < len(eigenvalues)
    slips_differ(generated, tol=0.5)


@given(seeds, st.sampled_from(["centroid", "sse"]))
def test_kmeans_step_matches_a_numpy_lloyd_iteration(seed: int, ask: str) -> None:
    generated = run("kmeans-step", seed, {"asks": [ask]})
    points = np.array(generated.params["points"], dtype=float)
    centres = np.array(generated.params["centres"], dtype=float)
    squared = ((points[:, None, :] - centres[None, :, :]) ** 2).sum(axis=2)
    assign = squared.argmin(axis=1)  # the first minimum: ties go to the lower index
    assert set(assign.tolist()) == set(range(len(centres)))
    new = np.array([points[assign == c].mean(axis=0) for c in range(len(centres))])
    if ask == "centroid":
        expected = new[generated.params["j"], generated.params["axis"]]
    else:
        expected = ((points - new[assign]) ** 2).sum()
    assert answer_of(generated) == pytest.approx(float(expected), abs=1e-9)
    slips_differ(generated, tol=0.002)


def sse(points: np.ndarray) -> float:
    return float(((points - points.mean(axis=0)) ** 2).sum())


@given(seeds, st.sampled_from(["single", "complete", "average", "centroid", "ward"]))
def test_linkage_by_brute_force_pairs_and_merged_sse(seed: int, ask: str) -> None:
    generated = run("linkage", seed, {"asks": [ask]})
    a = np.array(generated.params["A"], dtype=float)
    b = np.array(generated.params["B"], dtype=float)
    pairs = [float(np.linalg.norm(p - q)) for p in a for q in b]
    expected = {
        "single": min(pairs),
        "complete": max(pairs),
        "average": float(np.mean(pairs)),
        "centroid": float(np.linalg.norm(a.mean(axis=0) - b.mean(axis=0))),
        "ward": sse(np.vstack([a, b])) - sse(a) - sse(b),
    }[ask]
    assert answer_of(generated) == pytest.approx(expected, abs=1e-9)
    slips_differ(generated, tol=0.002)


# --- generalisation -----------------------------------------------------------------------------


@given(seeds, st.sampled_from(["bias2", "variance", "mse"]))
def test_bias_variance_match_numpy_and_decompose_the_error(seed: int, ask: str) -> None:
    generated = run("bias-variance", seed, {"asks": [ask]})
    preds = np.array(generated.params["preds"])
    truth = generated.params["truth"]
    bias2 = float((preds.mean() - truth) ** 2)
    variance = float(preds.var())
    mse = float(np.mean((preds - truth) ** 2))
    assert mse == pytest.approx(bias2 + variance)
    expected = {"bias2": bias2, "variance": variance, "mse": mse}[ask]
    assert answer_of(generated) == pytest.approx(expected, abs=1e-12)
    slips_differ(generated, tol=0.002)


def power(base: float, times: int) -> float:
    return math.prod([base] * times)


@given(seeds, st.sampled_from(["edge", "fraction"]))
def test_hypercube_edge_by_bisection_and_repeated_products(seed: int, ask: str) -> None:
    generated = run("hypercube-edge", seed, {"asks": [ask]})
    d, given_value = generated.params["d"], generated.params["given"]
    if ask == "fraction":
        assert answer_of(generated) == pytest.approx(power(given_value, d), rel=1e-12)
    else:
        low, high = 0.0, 1.0
        for _ in range(100):
            middle = (low + high) / 2
            low, high = (middle, high) if power(middle, d) < given_value else (low, middle)
        assert answer_of(generated) == pytest.approx(low, rel=1e-9)
    for value in generated.slips.values():
        assert abs(value - answer_of(generated)) > 0.01 * answer_of(generated)

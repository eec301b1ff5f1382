"""The foundations, optimisation and recurrent-cell families against independent computations.

Each generator's answer is recomputed here by a different method: NumPy linear algebra, finite
differences, brute-force enumeration or simulation, numerical integration, or the formula written
out afresh from its definition. Slips must differ from the answer for the draws that carry them.
"""

from __future__ import annotations

import itertools
import math
import random
from collections.abc import Callable
from fractions import Fraction
from typing import Any

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.bank.helpers import answer_of, run, slips_differ
from trainer.bank.generators import GENERATORS

seeds = st.integers(min_value=0, max_value=2**31 - 1)


def central_difference(f: Any, x: float, h: float = 1e-6) -> float:
    return float((f(x + h) - f(x - h)) / (2 * h))


# --- softmax-cross-entropy ----------------------------------------------------------------------


def _softmax_np(u: np.ndarray) -> np.ndarray:
    e = np.exp(u - u.max())
    result: np.ndarray = e / e.sum()
    return result


@given(seeds)
def test_softmax_probability_and_loss_match_numpy(seed: int) -> None:
    for ask in ("prob", "loss"):
        generated = run("softmax-cross-entropy", seed, {"asks": [ask]})
        u = np.array(generated.params["logits"], dtype=float)
        p = _softmax_np(u)
        assert p.sum() == pytest.approx(1.0)
        if ask == "prob":
            expected = p[generated.params["k"]]
        else:
            expected = -np.log(p[generated.params["target"]])
        assert answer_of(generated) == pytest.approx(float(expected), rel=1e-12)


@given(seeds)
def test_softmax_gradient_matches_finite_differences_of_the_loss(seed: int) -> None:
    generated = run("softmax-cross-entropy", seed, {"asks": ["grad"]})
    u = np.array(generated.params["logits"], dtype=float)
    t, k = generated.params["target"], generated.params["k"]

    def loss(x: float) -> float:
        shifted = u.copy()
        shifted[k] = x
        return float(-np.log(_softmax_np(shifted)[t]))

    assert answer_of(generated) == pytest.approx(central_difference(loss, u[k]), abs=1e-6)
    assert generated.slips["sign-flipped"] == pytest.approx(-answer_of(generated))


# --- activation-derivative ----------------------------------------------------------------------

NUMPY_ACTIVATIONS: dict[str, Callable[[Any, float], Any]] = {
    "sigmoid": lambda x, a: 1 / (1 + np.exp(-x)),
    "tanh": lambda x, a: np.tanh(x),
    "relu": lambda x, a: np.maximum(0.0, x),
    "leaky-relu": lambda x, a: np.where(x > 0, x, a * x),
}


@given(seeds)
def test_activation_derivative_matches_finite_differences_and_conventions(seed: int) -> None:
    generated = run("activation-derivative", seed)
    name, x, alpha = (generated.params[k] for k in ("function", "x", "alpha"))
    answer = answer_of(generated)
    if x == 0 and name in ("relu", "leaky-relu"):
        assert answer == (0.0 if name == "relu" else alpha)  # the stated conventions at the kink
    else:
        f = NUMPY_ACTIVATIONS[name]
        assert answer == pytest.approx(central_difference(lambda v: f(v, alpha), x), abs=1e-7)
    assert generated.values["definition_ja"] and generated.values["definition_en"]


# --- regression-loss ----------------------------------------------------------------------------


@given(seeds, st.sampled_from(["sse-half", "sse", "mse", "rmse", "mae"]))
def test_regression_losses_match_numpy(seed: int, ask: str) -> None:
    generated = run("regression-loss", seed, {"asks": [ask]})
    y, d = np.array(generated.params["y"]), np.array(generated.params["d"])
    expected = {
        "sse-half": 0.5 * np.sum((y - d) ** 2),
        "sse": np.sum((y - d) ** 2),
        "mse": np.mean((y - d) ** 2),
        "rmse": np.sqrt(np.mean((y - d) ** 2)),
        "mae": np.mean(np.abs(y - d)),
    }[ask]
    assert answer_of(generated) == pytest.approx(float(expected), rel=1e-12)
    assert set(generated.slips) == {
        f"as-{a}" for a in ("sse-half", "sse", "mse", "rmse", "mae")
    } - {f"as-{ask}"}


# --- numerical-gradient -------------------------------------------------------------------------


@given(seeds)
def test_numerical_gradient_matches_polyval_and_differs_from_the_analytic_slope(seed: int) -> None:
    generated = run("numerical-gradient", seed)
    a, b, c = generated.params["coefficients"]
    w, h = generated.params["w"], generated.params["h"]
    poly = [a, b, c, 0]
    expected = (np.polyval(poly, w + h) - np.polyval(poly, w - h)) / (2 * h)
    assert answer_of(generated) == pytest.approx(float(expected), abs=1e-9)
    analytic = float(np.polyval(np.polyder(poly), w))
    assert generated.slips["analytic"] == pytest.approx(analytic)
    assert answer_of(generated) - analytic == pytest.approx(
        a * h * h, abs=1e-9
    )  # central diff. error


# --- bayes-posterior ----------------------------------------------------------------------------


@given(seeds)
def test_bayes_test_posterior_by_counting_a_population(seed: int) -> None:
    generated = run("bayes-posterior", seed, {"asks": ["test"]})
    prior = Fraction(str(generated.params["prior"]))
    sens = Fraction(str(generated.params["sensitivity"]))
    fpr = Fraction(str(generated.params["fpr"]))
    population = 10**6
    ill = prior * population
    true_pos, false_pos = ill * sens, (population - ill) * fpr
    assert answer_of(generated) == pytest.approx(
        float(true_pos / (true_pos + false_pos)), rel=1e-12
    )
    slips_differ(generated)


@given(seeds)
def test_bayes_class_posterior_matches_numpy(seed: int) -> None:
    generated = run("bayes-posterior", seed, {"asks": ["classes"]})
    priors = np.array(generated.params["priors"])
    likelihoods = np.array(generated.params["likelihoods"])
    posterior = priors * likelihoods / np.dot(priors, likelihoods)
    assert posterior.sum() == pytest.approx(1.0)
    assert answer_of(generated) == pytest.approx(float(posterior[generated.params["k"]]))
    slips_differ(generated, tol=0.002)


# --- information --------------------------------------------------------------------------------


@given(seeds, st.sampled_from(["entropy", "cross-entropy", "kl", "self-information"]))
def test_information_quantities_match_numpy(seed: int, ask: str) -> None:
    generated = run("information", seed, {"asks": [ask]})
    p, q = np.array(generated.params["p"]), np.array(generated.params["q"])
    log = np.log2 if generated.params["unit"] == "bits" else np.log
    if ask == "entropy":
        expected = -np.sum(p * log(p))
    elif ask == "cross-entropy":
        expected = -np.sum(p * log(q))
    elif ask == "kl":
        expected = np.sum(p * log(p / q))
    else:
        expected = -log(p[int(generated.values["i"]) - 1])
    assert answer_of(generated) == pytest.approx(float(expected), abs=1e-12)
    if ask == "kl":
        assert answer_of(generated) >= -1e-12  # Gibbs' inequality


# --- classification-metrics ---------------------------------------------------------------------


@given(seeds)
def test_classification_metrics_by_counting_labelled_samples(seed: int) -> None:
    generated = run("classification-metrics", seed)
    tp, fn, fp, tn = (generated.params[k] for k in ("tp", "fn", "fp", "tn"))
    truth = np.array([1] * tp + [1] * fn + [0] * fp + [0] * tn)
    pred = np.array([1] * tp + [0] * fn + [1] * fp + [0] * tn)
    precision = np.mean(truth[pred == 1])
    recall = np.mean(pred[truth == 1])
    expected = {
        "precision": precision,
        "recall": recall,
        "f1": 1 / np.mean([1 / precision, 1 / recall]),
        "specificity": np.mean(pred[truth == 0] == 0),
        "accuracy": np.mean(pred == truth),
        "fpr": np.mean(pred[truth == 0] == 1),
    }[generated.params["ask"]]
    assert answer_of(generated) == pytest.approx(float(expected), rel=1e-12)


# --- average-precision --------------------------------------------------------------------------


def _pr(ranking: list[bool], n_gt: int) -> tuple[np.ndarray, np.ndarray]:
    hits = np.cumsum(ranking)
    return hits / np.arange(1, len(ranking) + 1), hits / n_gt


def ap_by_integration(ranking: list[bool], n_gt: int, convention: str) -> float:
    """Integrate the (interpolated or raw) precision over recall numerically, or sample it."""
    precision, recall = _pr(ranking, n_gt)

    def interpolated(r: np.ndarray) -> np.ndarray:
        reached = recall[None, :] >= r[:, None] - 1e-12
        result: np.ndarray = np.where(reached, precision[None, :], 0.0).max(axis=1)
        return result

    def raw(r: np.ndarray) -> np.ndarray:
        reached = recall[None, :] >= r[:, None] - 1e-12
        first = np.argmax(reached, axis=1)
        return np.where(reached.any(axis=1), precision[first], 0.0)

    if convention == "11-point":
        return float(interpolated(np.linspace(0, 1, 11)).mean())
    grid = (np.arange(200_000) + 0.5) / 200_000  # midpoints of [0, 1]
    curve = interpolated(grid) if convention == "all-point" else raw(grid)
    return float(curve.mean())


@given(seeds, st.sampled_from(["all-point", "11-point", "step"]))
def test_average_precision_matches_numerical_integration(seed: int, convention: str) -> None:
    generated = run("average-precision", seed, {"asks": ["ap"], "conventions": [convention]})
    ranking, n_gt = generated.params["ranking"], generated.params["n_gt"]
    tol = 1e-9 if convention == "11-point" else 2e-5
    assert answer_of(generated) == pytest.approx(
        ap_by_integration(ranking, n_gt, convention), abs=tol
    )
    assert 0 <= answer_of(generated) <= 1


@given(seeds, st.sampled_from(["all-point", "step"]))
def test_mean_average_precision_is_the_class_mean(seed: int, convention: str) -> None:
    generated = run("average-precision", seed, {"asks": ["map"], "conventions": [convention]})
    aps = [
        ap_by_integration(r, n, convention)
        for r, n in zip(generated.params["rankings"], generated.params["n_gts"], strict=True)
    ]
    assert answer_of(generated) == pytest.approx(float(np.mean(aps)), abs=2e-5)


def test_average_precision_known_value() -> None:
    """exam.md §2.2 #5: [TP, TP, FP, TP, FP] with 4 ground truths."""
    ranking, n_gt = [True, True, False, True, False], 4
    assert ap_by_integration(ranking, n_gt, "step") == pytest.approx(0.6875, abs=1e-4)
    assert ap_by_integration(ranking, n_gt, "all-point") == pytest.approx(0.6875, abs=1e-4)
    assert ap_by_integration(ranking, n_gt, "11-point") == pytest.approx(0.6818, abs=1e-4)


# --- perplexity ---------------------------------------------------------------------------------


@given(seeds)
def test_perplexity_is_the_inverse_geometric_mean(seed: int) -> None:
    generated = run("perplexity", seed, {"asks": ["probs"]})
    probs = np.array(generated.params["probs"])
    assert answer_of(generated) == pytest.approx(float(np.prod(probs) ** (-1 / len(probs))))
    assert 1 <= answer_of(generated) <= 1 / probs.min() + 1e-9


@given(seeds, st.sampled_from(["bits", "nats"]))
def test_perplexity_from_entropy(seed: int, ask: str) -> None:
    generated = run("perplexity", seed, {"asks": [ask]})
    h = generated.params["entropy"]
    # a uniform choice among PPL outcomes has entropy log(PPL) in the same unit
    log = math.log2 if ask == "bits" else math.log
    assert log(answer_of(generated)) == pytest.approx(h)


# --- k-fold -------------------------------------------------------------------------------------


@given(seeds, st.sampled_from(["validation-size", "training-size", "fits"]))
def test_k_fold_counts_by_enumeration(seed: int, ask: str) -> None:
    generated = run("k-fold", seed, {"asks": [ask]})
    n, k = generated.params["N"], generated.params["k"]
    folds = np.array_split(np.arange(n), k)
    if ask == "validation-size":
        expected = len(folds[0])
    elif ask == "training-size":
        expected = sum(len(f) for f in folds[1:])
    else:
        grid = list(itertools.product(*(range(g) for g in generated.params["grid"])))
        expected = sum(1 for _ in grid for _ in folds)
    assert answer_of(generated) == expected


# --- distance -----------------------------------------------------------------------------------

ALL_METRICS = [
    "euclidean",
    "manhattan",
    "chebyshev",
    "cosine-similarity",
    "cosine-distance",
    "mahalanobis",
]


@given(seeds, st.sampled_from(ALL_METRICS))
def test_distances_match_numpy_norms(seed: int, metric: str) -> None:
    generated = run("distance", seed, {"metrics": [metric]})
    a, b = np.array(generated.params["a"]), np.array(generated.params["b"])
    var = np.array(generated.params["var"])
    d = a - b
    cosine = a @ b / (np.linalg.norm(a) * np.linalg.norm(b))
    expected = {
        "euclidean": np.linalg.norm(d),
        "manhattan": np.linalg.norm(d, ord=1),
        "chebyshev": np.linalg.norm(d, ord=np.inf),
        "cosine-similarity": cosine,
        "cosine-distance": 1 - cosine,
        "mahalanobis": np.sqrt(d @ np.linalg.inv(np.diag(var)) @ d),
    }[metric]
    assert answer_of(generated) == pytest.approx(float(expected), rel=1e-12, abs=1e-12)


# --- mlp-param-count ----------------------------------------------------------------------------


@given(seeds)
def test_mlp_parameter_count_from_array_shapes(seed: int) -> None:
    generated = run("mlp-param-count", seed)
    sizes = generated.params["sizes"]
    arrays = []
    for n_in, n_out in itertools.pairwise(sizes):
        arrays += [np.zeros((n_in, n_out)), np.zeros(n_out)]
    assert answer_of(generated) == sum(a.size for a in arrays)


# --- eigen-2x2 ----------------------------------------------------------------------------------


@given(seeds)
def test_eigenvalues_match_numpy(seed: int) -> None:
    generated = run("eigen-2x2", seed)
    a, b, d = (generated.params[k] for k in ("a", "b", "d"))
    small, big = np.linalg.eigvalsh(np.array([[a, b], [b, d]], dtype=float))
    expected = big if generated.params["ask"] == "largest" else small
    assert answer_of(generated) == pytest.approx(float(expected), abs=1e-9)
    assert answer_of(generated).is_integer()


# --- expectation-variance -----------------------------------------------------------------------


@given(seeds, st.sampled_from(["mean", "variance", "linear-variance"]))
def test_moments_by_exact_enumeration(seed: int, ask: str) -> None:
    generated = run("expectation-variance", seed, {"asks": [ask]})
    xs = [Fraction(x) for x in generated.params["xs"]]
    ps = [Fraction(str(p)) for p in generated.params["ps"]]
    a, b = generated.params["a"], generated.params["b"]
    assert sum(ps) == 1
    ys = [a * x + b for x in xs] if ask == "linear-variance" else xs
    mean = sum(p * y for p, y in zip(ps, ys, strict=True))
    var = sum(p * (y - mean) ** 2 for p, y in zip(ps, ys, strict=True))
    expected = mean if ask == "mean" else var
    assert answer_of(generated) == pytest.approx(float(expected), abs=1e-12)


# --- binomial -----------------------------------------------------------------------------------


@given(seeds)
def test_binomial_by_enumerating_outcomes(seed: int) -> None:
    generated = run("binomial", seed)
    n, k, p = (generated.params[key] for key in ("n", "k", "p"))
    total = sum(
        math.prod(p if hit else 1 - p for hit in outcome)
        for outcome in itertools.product([True, False], repeat=n)
        if sum(outcome) == k
    )
    assert answer_of(generated) == pytest.approx(total, rel=1e-12)


# --- bernoulli-estimate -------------------------------------------------------------------------


@given(seeds, st.sampled_from(["mle", "map"]))
def test_bernoulli_estimates_maximise_likelihood_or_posterior(seed: int, ask: str) -> None:
    generated = run("bernoulli-estimate", seed, {"asks": [ask]})
    n, k, alpha, beta = (generated.params[key] for key in ("n", "k", "alpha", "beta"))
    theta = np.linspace(1e-6, 1 - 1e-6, 1_000_001)
    log_target = k * np.log(theta) + (n - k) * np.log(1 - theta)
    if ask == "map":
        log_target += (alpha - 1) * np.log(theta) + (beta - 1) * np.log(1 - theta)
    assert answer_of(generated) == pytest.approx(float(theta[np.argmax(log_target)]), abs=2e-6)


# --- gini ---------------------------------------------------------------------------------------


def gini_by_pairs(counts: list[int]) -> float:
    """Probability that two samples drawn with replacement have different classes."""
    labels = [c for c, n in enumerate(counts) for _ in range(n)]
    pairs = sum(1 for x in labels for y in labels if x != y)
    return pairs / len(labels) ** 2


@given(seeds, st.sampled_from(["node", "split"]))
def test_gini_by_counting_pairs(seed: int, ask: str) -> None:
    generated = run("gini", seed, {"asks": [ask]})
    if ask == "node":
        expected = gini_by_pairs(generated.params["counts"])
    else:
        left, right = generated.params["left"], generated.params["right"]
        n_l, n_r = sum(left), sum(right)
        expected = (n_l * gini_by_pairs(left) + n_r * gini_by_pairs(right)) / (n_l + n_r)
    assert answer_of(generated) == pytest.approx(expected, abs=1e-12)


# --- logistic-odds ------------------------------------------------------------------------------


@given(seeds, st.sampled_from(["probability", "odds", "odds-ratio"]))
def test_logistic_odds_from_probabilities(seed: int, ask: str) -> None:
    generated = run("logistic-odds", seed, {"asks": [ask]})
    w, b, x = (generated.params[k] for k in ("w", "b", "x"))

    def prob(v: float) -> float:
        return float(1 / (1 + np.exp(-(w * v + b))))

    def odds(v: float) -> float:
        return prob(v) / (1 - prob(v))

    expected = {"probability": prob(x), "odds": odds(x), "odds-ratio": odds(x + 1) / odds(x)}[ask]
    assert answer_of(generated) == pytest.approx(expected, rel=1e-9)


# --- pca-contribution ---------------------------------------------------------------------------


@given(seeds, st.sampled_from(["first", "cumulative"]))
def test_pca_contribution_from_a_rotated_covariance(seed: int, ask: str) -> None:
    generated = run("pca-contribution", seed, {"asks": [ask]})
    eigenvalues = np.array(generated.params["eigenvalues"])
    q, _ = np.linalg.qr(np.random.default_rng(seed).standard_normal((len(eigenvalues),) * 2))
    cov = q @ np.diag(eigenvalues) @ q.T
    found = np.sort(np.linalg.eigvalsh(cov))[::-1]
    top = found[0] if ask == "first" else found[0] + found[1]
    assert answer_of(generated) == pytest.approx(float(top / np.trace(cov)), rel=1e-9)


# --- least-squares ------------------------------------------------------------------------------


@given(seeds, st.sampled_from(["slope", "intercept"]))
def test_least_squares_matches_polyfit(seed: int, ask: str) -> None:
    generated = run("least-squares", seed, {"asks": [ask]})
    slope, intercept = np.polyfit(generated.params["xs"], generated.params["ys"], 1)
    expected = slope if ask == "slope" else intercept
    assert answer_of(generated) == pytest.approx(float(expected), abs=1e-9)


# --- optimizer-update ---------------------------------------------------------------------------


def reference_optimizer(params: dict[str, Any]) -> float:
    """The update rules written out afresh from their papers, one closed form where there is one."""
    algorithm, w, grads = params["algorithm"], params["w0"], np.array(params["grads"], dtype=float)
    lr, eps = params["lr"], 1e-8
    steps = len(grads)
    if algorithm == "sgd":
        return float(w - lr * grads.sum())
    if algorithm == "momentum":
        alpha = params["alpha"]
        # v_t = -lr * sum_s alpha^(t-s) g_s, and w_T = w_0 + sum_t v_t
        velocities = [
            -lr * sum(alpha ** (t - s) * grads[s] for s in range(t + 1)) for t in range(steps)
        ]
        return float(w + sum(velocities))
    if algorithm == "adagrad":
        history = np.cumsum(grads**2)
        return float(w - np.sum(lr * grads / (np.sqrt(history) + eps)))
    if algorithm == "rmsprop":
        rho = params["rho"]
        total = w
        for t in range(steps):
            h = sum((1 - rho) * rho ** (t - s) * grads[s] ** 2 for s in range(t + 1))
            total -= lr * grads[t] / (math.sqrt(h) + eps)
        return float(total)
    beta1, beta2 = params["beta1"], params["beta2"]
    total = w
    for t in range(steps):
        m = sum((1 - beta1) * beta1 ** (t - s) * grads[s] for s in range(t + 1))
        v = sum((1 - beta2) * beta2 ** (t - s) * grads[s] ** 2 for s in range(t + 1))
        if algorithm == "adam":
            m, v = m / (1 - beta1 ** (t + 1)), v / (1 - beta2 ** (t + 1))
        total -= lr * m / (math.sqrt(v) + eps)
    return float(total)


ALGORITHMS = ["sgd", "momentum", "adagrad", "rmsprop", "adam", "adam-uncorrected"]


@given(seeds, st.sampled_from(ALGORITHMS))
def test_optimizer_updates_match_closed_forms(seed: int, algorithm: str) -> None:
    generated = run("optimizer-update", seed, {"algorithms": [algorithm]})
    assert answer_of(generated) == pytest.approx(
        reference_optimizer(dict(generated.params)), abs=1e-12
    )


@given(seeds)
def test_adam_first_step_is_about_the_learning_rate(seed: int) -> None:
    generated = run("optimizer-update", seed, {"algorithms": ["adam"], "steps": [1, 1]})
    step = abs(answer_of(generated) - generated.params["w0"])
    assert step == pytest.approx(generated.params["lr"], rel=1e-6)
    uncorrected = generated.slips["no-bias-correction"]
    b1, b2 = generated.params["beta1"], generated.params["beta2"]
    factor = (1 - b1) / math.sqrt(1 - b2)
    assert abs(uncorrected - generated.params["w0"]) == pytest.approx(
        generated.params["lr"] * factor, rel=1e-5
    )


# --- minibatch-iterations -----------------------------------------------------------------------


@given(seeds)
def test_minibatch_iterations_by_running_the_loop(seed: int) -> None:
    generated = run("minibatch-iterations", seed)
    n, b, epochs, drop = (generated.params[k] for k in ("N", "B", "epochs", "drop_last"))
    per_epoch = sum(1 for i in range(0, n, b) if not drop or len(range(i, min(i + b, n))) == b)
    expected = per_epoch if generated.params["ask"] == "per-epoch" else per_epoch * epochs
    assert answer_of(generated) == expected


# --- batch-norm ---------------------------------------------------------------------------------


@given(seeds, st.sampled_from(["mean", "variance", "normalized", "output"]))
def test_batch_norm_matches_numpy(seed: int, ask: str) -> None:
    generated = run("batch-norm", seed, {"asks": [ask], "eps": [0.0, 0.01, 0.1]})
    x = np.array(generated.params["x"])
    gamma, beta, eps, i = (generated.params[k] for k in ("gamma", "beta", "eps", "i"))
    xhat = (x - x.mean()) / np.sqrt(x.var(ddof=0) + eps)
    expected = {
        "mean": x.mean(),
        "variance": x.var(ddof=0),
        "normalized": xhat[i],
        "output": gamma * xhat[i] + beta,
    }[ask]
    assert answer_of(generated) == pytest.approx(float(expected), abs=1e-12)
    if ask == "normalized" and eps == 0:
        assert xhat.mean() == pytest.approx(0, abs=1e-12) and xhat.var() == pytest.approx(1)


# --- dropout-scaling ----------------------------------------------------------------------------


@given(seeds, st.sampled_from(["train-inverted", "test-plain", "masked-sum"]))
def test_dropout_scaling_preserves_the_expected_output(seed: int, ask: str) -> None:
    generated = run("dropout-scaling", seed, {"asks": [ask]})
    p = generated.params["p"]
    if ask == "masked-sum":
        x, mask = np.array(generated.params["x"]), np.array(generated.params["mask"])
        assert answer_of(generated) == pytest.approx(float(np.sum(x * mask) / (1 - p)))
        return
    x = generated.params["x"]
    # Expectation over the keep/drop coin: kept with probability 1 - p.
    if ask == "train-inverted":
        assert (1 - p) * answer_of(generated) + p * 0 == pytest.approx(x)  # equals inference
    else:
        assert answer_of(generated) == pytest.approx((1 - p) * x + p * 0)  # equals training mean


# --- weight-decay -------------------------------------------------------------------------------


@given(seeds, st.sampled_from(["l2-gradient", "l2-update", "l1-update"]))
def test_weight_decay_matches_finite_differences_of_the_penalised_loss(seed: int, ask: str) -> None:
    generated = run("weight-decay", seed, {"asks": [ask]})
    w, g, lam, lr = (generated.params[k] for k in ("w", "g", "lam", "lr"))

    def loss(v: float) -> float:
        penalty = lam / 2 * v * v if ask.startswith("l2") else lam * abs(v)
        return float(g * v + penalty)  # a loss whose plain gradient at w is g

    gradient = central_difference(loss, w)
    expected = gradient if ask == "l2-gradient" else w - lr * gradient
    assert answer_of(generated) == pytest.approx(expected, abs=1e-7)


# --- init-std -----------------------------------------------------------------------------------


@given(seeds, st.sampled_from(["xavier", "glorot", "he"]))
def test_initialisation_variances(seed: int, ask: str) -> None:
    generated = run("init-std", seed, {"asks": [ask]})
    n_in, n_out = generated.params["n_in"], generated.params["n_out"]
    variance = Fraction(answer_of(generated) ** 2).limit_denominator(10**7)
    expected = {
        "xavier": Fraction(1, n_in),
        "glorot": Fraction(2, n_in + n_out),
        "he": Fraction(2, n_in),
    }
    assert variance == expected[ask]


# --- gradient-clipping --------------------------------------------------------------------------


@given(seeds, st.sampled_from(["component", "norm"]))
def test_gradient_clipping_matches_numpy(seed: int, ask: str) -> None:
    generated = run("gradient-clipping", seed, {"asks": [ask]})
    g, c, i = np.array(generated.params["g"]), generated.params["c"], generated.params["i"]
    norm = np.linalg.norm(g)
    clipped = g * c / norm if norm > c else g
    assert np.linalg.norm(clipped) <= c + 1e-12 or norm <= c
    expected = clipped[i] if ask == "component" else np.linalg.norm(clipped)
    assert answer_of(generated) == pytest.approx(float(expected), abs=1e-12)


# --- vanishing-gradient -------------------------------------------------------------------------


@given(seeds)
def test_vanishing_factor_from_numerical_derivatives(seed: int) -> None:
    generated = run("vanishing-gradient", seed)
    f = NUMPY_ACTIVATIONS[generated.params["activation"]]
    factors = [
        w * central_difference(lambda v: f(v, 0.0), u)
        for w, u in zip(generated.params["w"], generated.params["u"], strict=True)
    ]
    assert answer_of(generated) == pytest.approx(math.prod(factors), rel=1e-6)


# --- lstm-cell, gru-cell, rnn-forward, rnn-param-count ------------------------------------------


@given(seeds, st.sampled_from(["cell", "hidden", "preactivations"]))
def test_lstm_cell_matches_numpy(seed: int, ask: str) -> None:
    generated = run("lstm-cell", seed, {"asks": [ask]})
    prm = generated.params
    gates = np.array([prm["f"], prm["i"], prm["o"]])
    assert np.all((gates > 0) & (gates < 1)) and -1 < prm["g"] < 1
    c = np.array(prm["f"]) * prm["c_prev"] + prm["i"] * prm["g"]
    expected = c if ask == "cell" else prm["o"] * np.tanh(c)
    assert answer_of(generated) == pytest.approx(float(expected), abs=1e-12)


def test_lstm_gates_come_from_the_preactivations() -> None:
    generated = run("lstm-cell", 3, {"asks": ["preactivations"]})
    values = generated.values
    for gate in ("f", "i", "o"):
        a = float(values[f"a_{gate}"])
        assert generated.params[gate] == pytest.approx(1 / (1 + math.exp(-a)))
    assert generated.params["g"] == pytest.approx(math.tanh(float(values["a_g"])))


@given(seeds)
def test_gru_conventions_are_mirror_images(seed: int) -> None:
    generated = run("gru-cell", seed, {"asks": ["hidden"]})
    z, h, cand = (generated.params[k] for k in ("z", "h_prev", "h_tilde"))
    # DLFS2: move from h_prev towards the candidate by the fraction z; PyTorch: by 1 - z.
    share = z if generated.params["convention"] == "dlfs2" else 1 - z
    expected = float(np.interp(share, [0, 1], [h, cand]))
    assert answer_of(generated) == pytest.approx(expected, abs=1e-12)
    assert generated.slips["other-convention"] == pytest.approx(
        float(np.interp(1 - share, [0, 1], [h, cand])), abs=1e-12
    )


@given(seeds)
def test_gru_candidate_matches_numpy(seed: int) -> None:
    generated = run("gru-cell", seed, {"asks": ["candidate"]})
    p = generated.params
    expected = np.tanh(p["w_x"] * p["x"] + p["w_h"] * (p["r"] * p["h_prev"]) + p["b"])
    assert answer_of(generated) == pytest.approx(float(expected), abs=1e-12)


@given(seeds, st.sampled_from(["hidden", "output"]))
def test_rnn_forward_matches_an_unrolled_numpy_loop(seed: int, ask: str) -> None:
    generated = run("rnn-forward", seed, {"asks": [ask]})
    p = generated.params
    z = np.zeros(1)
    w_in, w = np.array([[p["w_in"]]]), np.array([[p["w"]]])
    for x in p["x"]:
        z = np.tanh(w_in @ np.array([x]) + w @ z + p["b"])
    expected = z[0] if ask == "hidden" else p["w_out"] * z[0] + p["c"]
    assert answer_of(generated) == pytest.approx(float(expected), abs=1e-12)


@given(seeds)
def test_rnn_parameter_counts_from_weight_shapes(seed: int) -> None:
    generated = run("rnn-param-count", seed, {"cells": ["rnn", "lstm", "gru"]})
    p = generated.params
    gates = {"rnn": 1, "lstm": 4, "gru": 3}[p["cell"]]
    d, h = p["D"], p["H"]
    shapes = [(gates * h, d), (gates * h, h), (gates * h,)]  # W_ih, W_hh, b_ih (PyTorch layout)
    if p["bias"] == "pytorch":
        shapes.append((gates * h,))  # b_hh
    assert answer_of(generated) == sum(np.zeros(s).size for s in shapes)


# --- every family: determinism and distinct slips for the default config ------------------------

FAMILIES = [
    "softmax-cross-entropy",
    "activation-derivative",
    "regression-loss",
    "numerical-gradient",
    "bayes-posterior",
    "information",
    "classification-metrics",
    "average-precision",
    "perplexity",
    "k-fold",
    "distance",
    "mlp-param-count",
    "eigen-2x2",
    "expectation-variance",
    "binomial",
    "bernoulli-estimate",
    "gini",
    "logistic-odds",
    "pca-contribution",
    "least-squares",
    "optimizer-update",
    "minibatch-iterations",
    "batch-norm",
    "dropout-scaling",
    "weight-decay",
    "init-std",
    "gradient-clipping",
    "vanishing-gradient",
    "lstm-cell",
    "gru-cell",
    "rnn-forward",
    "rnn-param-count",
]


@pytest.mark.parametrize("name", FAMILIES)
def test_family_is_registered_deterministic_and_has_named_slips(name: str) -> None:
    spec = GENERATORS[name]
    for seed in range(60):
        first, again = spec.run(random.Random(seed), {}), spec.run(random.Random(seed), {})
        assert first == again
        assert set(first.slips) <= spec.slips
        assert all(isinstance(v, str) for v in first.values.values())
        assert "answer" in first.values
        answer_of(first)


@pytest.mark.parametrize(
    ("name", "params"),
    [
        ("softmax-cross-entropy", {"asks": ["nothing"]}),
        ("activation-derivative", {"functions": ["gelu"]}),
        ("optimizer-update", {"algorithms": ["lion"]}),
        ("average-precision", {"conventions": ["101-point"]}),
        ("distance", {"metrics": ["hamming"]}),
        ("gru-cell", {"conventions": ["keras"]}),
        ("batch-norm", {"size": [5, 3]}),
    ],
)
def test_configs_are_validated(name: str, params: dict[str, Any]) -> None:
    with pytest.raises(ValueError):
        GENERATORS[name].parse_config(params)

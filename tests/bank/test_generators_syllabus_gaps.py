"""The syllabus-gap families against independent computations of their answers.

Each answer is recomputed by a different method than the generator's: NumPy arrays and sliding
windows, covariance matrices, exhaustive enumeration of bootstrap draws and of feature orderings,
exact rational arithmetic with sympy, numerical integration, or reading the rendered prompt back.
"""

from __future__ import annotations

import itertools
import math
import random
import re
from fractions import Fraction

import numpy as np
import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.bank.helpers import numeric as run
from trainer.bank.generators import GENERATORS
from trainer.bank.generators.dl_applications.generative.autoencoders import AutoencoderConfig
from trainer.bank.generators.dl_applications.learning_paradigms import UncertaintyConfig
from trainer.bank.generators.dl_fundamentals.generalization.ensembles_and_search import SearchConfig
from trainer.bank.generators.dl_fundamentals.regularization import EarlyStoppingConfig

seeds = st.integers(min_value=0, max_value=2**31 - 1)


# --- early-stopping -----------------------------------------------------------------------------


def early_stopping_by_windows(losses: list[int], patience: int) -> tuple[int, int]:
    """Mark the epochs that improve on the running minimum, then find the first window of
    `patience` non-improving epochs with NumPy; the restored epoch is the first argmin before it."""
    values = np.array(losses)
    best_before = np.minimum.accumulate(values)[:-1]
    improved = np.concatenate([[True], values[1:] < best_before])
    windows = np.lib.stride_tricks.sliding_window_view(~improved, patience).all(axis=1)
    assert windows.any(), "the drawn run must stop"
    stop = int(np.argmax(windows)) + patience  # 1-based epoch closing the first full window
    return stop, int(np.argmin(values[:stop])) + 1


@given(seeds)
def test_early_stopping_matches_a_sliding_window_search(seed: int) -> None:
    generated = run("early-stopping", seed)
    p = generated.params
    stop, best = early_stopping_by_windows(p["losses"], p["patience"])
    assert generated.answer == (stop if p["ask"] == "stop" else best)
    assert stop == best + p["patience"]
    assert stop < len(p["losses"]), "epochs after the stop are shown"
    # an earlier streak without improvement that was too short to stop the run
    first_rise = generated.slips["no-patience"] + (0 if p["ask"] == "stop" else 1)
    assert first_rise < best


@given(seeds)
def test_early_stopping_slips(seed: int) -> None:
    generated = run("early-stopping", seed, {"asks": ["best"]})
    losses = generated.params["losses"]
    stop, _ = early_stopping_by_windows(losses, generated.params["patience"])
    assert generated.slips["stop-epoch"] == stop
    assert generated.slips["global-min"] == int(np.argmin(losses)) + 1


def test_restore_questions_sometimes_show_a_lower_loss_after_the_stop() -> None:
    after, before = 0, 0
    for seed in range(60):
        generated = run("early-stopping", seed, {"asks": ["best"]})
        losses = generated.params["losses"]
        stop, best = early_stopping_by_windows(losses, generated.params["patience"])
        if min(losses[stop:]) < losses[best - 1]:
            after += 1
            assert generated.values["later_en"] and generated.slips["global-min"] > stop
        else:
            before += 1
            assert not generated.values["later_en"]
    assert after >= 10 and before >= 10


def test_early_stopping_config_is_validated() -> None:
    with pytest.raises(ValueError):
        EarlyStoppingConfig.model_validate({"asks": ["never"]})


# --- specaugment-mask ---------------------------------------------------------------------------


@given(seeds)
def test_specaugment_counts_the_cells_of_a_real_mask(seed: int) -> None:
    generated = run("specaugment-mask", seed)
    p = generated.params
    spectrogram = np.ones((p["F"], p["T"]))
    spectrogram[p["f0"] : p["f0"] + p["f"], :] = 0
    spectrogram[:, p["t0"] : p["t0"] + p["t"]] = 0
    assert generated.answer == np.count_nonzero(spectrogram == 0)
    assert 0 < generated.answer < spectrogram.size
    assert generated.slips["double-count"] == p["f"] * p["T"] + p["t"] * p["F"]


# --- audio-augment ------------------------------------------------------------------------------


@given(seeds)
def test_pitch_shift_is_n_steps_of_equal_temperament(seed: int) -> None:
    generated = run("audio-augment", seed, {"asks": ["pitch"]})
    n, f0 = generated.params["n"], generated.params["f0"]
    scale = f0 * np.exp2(np.arange(-12, 13) / 12)  # a chromatic scale an octave either side
    assert scale[0] == pytest.approx(f0 / 2) and scale[-1] == pytest.approx(2 * f0)
    assert generated.answer == pytest.approx(scale[12 + n], rel=1e-12)
    assert generated.slips["wrong-direction"] == pytest.approx(scale[12 - n], rel=1e-12)


@given(seeds)
def test_volume_gain_in_decibels(seed: int) -> None:
    generated = run("audio-augment", seed, {"asks": ["volume"]})
    peak, gain = generated.params["A"], generated.params["g"]
    # the power ratio of the two peaks, in dB, is the gain
    assert 10 * math.log10((generated.answer / peak) ** 2) == pytest.approx(gain, abs=1e-9)
    assert 10 * math.log10(generated.slips["power-ratio"] / peak) == pytest.approx(gain)
    assert 0 < generated.answer <= 0.95  # no clipping


# --- ensemble-variance --------------------------------------------------------------------------


@given(seeds)
def test_ensemble_variance_from_the_covariance_matrix(seed: int) -> None:
    generated = run("ensemble-variance", seed)
    n, var, rho = (generated.params[k] for k in ("n", "var", "rho"))
    cov = var * ((1 - rho) * np.eye(n) + rho * np.ones((n, n)))
    weights = np.full(n, 1 / n)
    assert generated.answer == pytest.approx(weights @ cov @ weights, rel=1e-12)
    assert generated.slips["independent"] == pytest.approx(
        weights @ np.diag(np.diag(cov)) @ weights
    )


def test_ensemble_variance_matches_a_simulation() -> None:
    generated = run("ensemble-variance", 7)
    n, var, rho = (generated.params[k] for k in ("n", "var", "rho"))
    cov = var * ((1 - rho) * np.eye(n) + rho * np.ones((n, n)))
    errors = np.random.default_rng(0).multivariate_normal(np.zeros(n), cov, size=400_000)
    assert errors.mean(axis=1).var() == pytest.approx(generated.answer, rel=0.02)


# --- bootstrap-sample ---------------------------------------------------------------------------


def bootstrap_by_enumeration(n: int) -> tuple[Fraction, Fraction]:
    """(P(sample 0 never drawn), E[#distinct]) over all n^n equally likely draws."""
    absent = distinct = 0
    for draws in itertools.product(range(n), repeat=n):
        absent += 0 not in draws
        distinct += len(set(draws))
    return Fraction(absent, n**n), Fraction(distinct, n**n)


@settings(max_examples=30, deadline=None)
@given(seeds)
def test_bootstrap_matches_exhaustive_enumeration(seed: int) -> None:
    generated = run("bootstrap-sample", seed, {"size": [2, 6]})
    n = generated.params["N"]
    absent, distinct = bootstrap_by_enumeration(n)
    expected = absent if generated.params["ask"] == "absent" else distinct
    assert generated.answer == pytest.approx(float(expected), rel=1e-12)


@given(seeds)
def test_bootstrap_distinct_count_from_stirling_numbers(seed: int) -> None:
    generated = run("bootstrap-sample", seed, {"asks": ["distinct"]})
    n = generated.params["N"]
    # draws hitting exactly k distinct samples: S(n, k) · n!/(n − k)!
    expected = (
        sum(
            k * sympy.functions.combinatorial.numbers.stirling(n, k) * sympy.ff(n, k)
            for k in range(1, n + 1)
        )
        / sympy.Integer(n) ** n
    )
    assert generated.answer == pytest.approx(float(expected), rel=1e-12)
    assert generated.slips["limit"] == pytest.approx(n * (1 - math.exp(-1)))


# --- hyperparameter-search ----------------------------------------------------------------------


def count_candidates(text: str) -> int:
    """Count one hyperparameter's candidates from its English description."""
    if listed := re.search(r"\{(.*)\}", text):
        return len(listed.group(1).split(","))
    ends = re.search(r": (\S+) to (\S+),", text)
    assert ends, text
    low, high = (float(v.replace("10^", "1e")) for v in ends.groups())
    if "factor of 10" in text:
        values = [low * 10**k for k in range(99) if low * 10**k <= high * (1 + 1e-9)]
    elif "doubling" in text:
        values = [low * 2**k for k in range(99) if low * 2**k <= high]
    else:
        values = list(np.arange(low, high + 1))
    assert values[-1] == pytest.approx(high)
    return len(values)


@given(seeds)
def test_grid_search_counts_the_listed_combinations(seed: int) -> None:
    generated = run("hyperparameter-search", seed, {"asks": ["grid"]})
    texts = generated.values["list_en"].split("; ")
    counts = [count_candidates(t) for t in texts]
    assert counts == generated.params["counts"]
    grid = list(itertools.product(*(range(c) for c in counts)))
    assert generated.answer == len(grid)
    assert "{" in generated.values["list_en"] and " to " in generated.values["list_en"]


@given(seeds)
def test_random_search_trials_are_the_smallest_sufficient_count(seed: int) -> None:
    generated = run("hyperparameter-search", seed, {"asks": ["random"]})
    q = sympy.nsimplify(generated.params["q"])
    target = sympy.nsimplify(generated.params["P"])
    n = int(generated.answer)
    assert 1 - (1 - q) ** n >= target
    assert 1 - (1 - q) ** (n - 1) < target
    assert generated.slips["expected"] == math.ceil(1 / generated.params["q"])


@given(seeds)
def test_log_uniform_probability_by_integrating_the_density(seed: int) -> None:
    generated = run("hyperparameter-search", seed, {"asks": ["log-uniform"]})
    p = generated.params
    low = p["low"][0] * 10.0 ** p["low"][1]
    high = p["high"][0] * 10.0 ** p["high"][1]
    grid = np.geomspace(low, high, 200_001)
    density = 1 / (grid * math.log(10) * (p["b"] - p["a"]))  # log-uniform on [10^a, 10^b]
    integral = float(np.sum((density[1:] + density[:-1]) / 2 * np.diff(grid)))
    assert generated.answer == pytest.approx(integral, rel=1e-6)
    assert 10.0 ** p["a"] <= low < high <= 10.0 ** p["b"]


def test_search_config_is_validated() -> None:
    with pytest.raises(ValueError):
        SearchConfig.model_validate({"asks": ["bayesian"]})


# --- fcos-target --------------------------------------------------------------------------------


@given(seeds)
def test_fcos_targets_from_the_box_pixels(seed: int) -> None:
    generated = run("fcos-target", seed)
    p = generated.params
    x1, y1, x2, y2 = p["box"]
    x, y = p["point"]
    columns, rows = np.arange(x1, x2 + 1), np.arange(y1, y2 + 1)
    # distances as counts of pixel steps from the point to each edge
    dist = {
        "l": np.count_nonzero(columns < x),
        "r": np.count_nonzero(columns > x),
        "t": np.count_nonzero(rows < y),
        "b": np.count_nonzero(rows > y),
    }
    assert min(dist.values()) > 0, "the point is strictly inside the box"
    if p["ask"] == "side":
        assert generated.answer == dist[p["side"]]
    else:
        square = Fraction(
            min(dist["l"], dist["r"]) * min(dist["t"], dist["b"]),
            max(dist["l"], dist["r"]) * max(dist["t"], dist["b"]),
        )
        assert generated.answer**2 == pytest.approx(float(square), rel=1e-12)
        assert 0 < generated.answer < 1


# --- autoencoder-params -------------------------------------------------------------------------


@given(seeds)
def test_autoencoder_parameters_of_real_arrays(seed: int) -> None:
    generated = run("autoencoder-params", seed)
    layers = generated.params["layers"]
    assert layers == layers[::-1], "the autoencoder is symmetric"
    assert min(layers) == layers[len(layers) // 2], "the code is the bottleneck"
    params = [
        np.zeros(shape)
        for n_in, n_out in itertools.pairwise(layers)
        for shape in ((n_in, n_out), (n_out,))
    ]
    assert generated.answer == sum(a.size for a in params)
    assert generated.slips["no-bias"] == sum(a.size for a in params if a.ndim == 2)
    encoder = params[: len(params) // 2]
    assert generated.slips["encoder-only"] == sum(a.size for a in encoder)


def test_autoencoder_config_without_a_bottleneck_is_refused() -> None:
    config = AutoencoderConfig.model_validate({"inputs": [8], "hidden": [32]})
    with pytest.raises(ValueError, match="no valid draw"):
        GENERATORS["autoencoder-params"].function(random.Random(0), config)


# --- uncertainty-sampling -----------------------------------------------------------------------


def queries(probs: np.ndarray) -> dict[str, np.ndarray]:
    """Each criterion's uncertainty per sample (larger = queried first)."""
    top2 = -np.sort(-probs, axis=1)[:, :2]
    return {
        "least-confidence": 1 - probs.max(axis=1),
        "margin": -(top2[:, 0] - top2[:, 1]),
        "entropy": -(probs * np.log2(probs)).sum(axis=1),  # base 2: the argmax is the same
    }


@given(seeds)
def test_uncertainty_sampling_queries_the_most_uncertain_sample(seed: int) -> None:
    generated = run("uncertainty-sampling", seed)
    probs = np.array(generated.params["probs"]) / 100
    assert np.allclose(probs.sum(axis=1), 1) and probs.min() > 0
    scores = queries(probs)
    criterion = generated.params["criterion"]
    ranked = np.sort(scores[criterion])
    assert ranked[-1] > ranked[-2], "no tie for the queried sample"
    assert generated.answer == int(np.argmax(scores[criterion])) + 1
    for values in scores.values():  # no criterion has a tie at the top
        top2 = np.sort(values)[-2:]
        assert top2[1] - top2[0] > 1e-9
    picks = {c: int(np.argmax(s)) + 1 for c, s in scores.items()}
    assert set(picks.values()) != {generated.answer}, "the criterion matters"
    assert generated.slips["most-certain"] == int(np.argmin(scores[criterion])) + 1


@given(seeds)
def test_least_confidence_and_margin_questions_disagree(seed: int) -> None:
    params = {"criteria": ["least-confidence", "margin"]}
    generated = run("uncertainty-sampling", seed, params)
    scores = queries(np.array(generated.params["probs"]) / 100)
    assert np.argmax(scores["least-confidence"]) != np.argmax(scores["margin"])


def test_uncertainty_config_is_validated() -> None:
    with pytest.raises(ValueError):
        UncertaintyConfig.model_validate({"criteria": ["random"]})


# --- shapley-value ------------------------------------------------------------------------------


def shapley_by_orderings(table: dict[frozenset[int], int], m: int, i: int) -> Fraction:
    """Average of i's marginal contribution over all m! orders in which the features join."""
    total = Fraction(0)
    orders = list(itertools.permutations(range(m)))
    for order in orders:
        before = frozenset(order[: order.index(i)])
        total += table[before | {i}] - table[before]
    return total / len(orders)


def parse_table(raw: dict[str, int]) -> dict[frozenset[int], int]:
    return {frozenset(int(j) for j in key.split(",") if j): v for key, v in raw.items()}


@given(seeds)
def test_shapley_value_matches_enumeration_of_orderings(seed: int) -> None:
    generated = run("shapley-value", seed, {"asks": ["exact"]})
    p = generated.params
    table = parse_table(p["table"])
    m = p["m"]
    assert len(table) == 2**m
    phis = [shapley_by_orderings(table, m, j) for j in range(m)]
    assert generated.answer == pytest.approx(float(phis[p["i"]]), abs=1e-12)
    assert sum(phis) == table[frozenset(range(m))] - table[frozenset()]  # efficiency
    everyone = frozenset(range(m))
    assert generated.slips["leave-one-out"] == table[everyone] - table[everyone - {p["i"]}]


@given(seeds)
def test_shap_efficiency_recovers_the_missing_value(seed: int) -> None:
    generated = run("shapley-value", seed, {"asks": ["efficiency"]})
    p = generated.params
    fx = float(generated.values["fx"])
    given_phis = [float(v) for v in re.findall(r"= (-?[\d.]+)", generated.values["given"])]
    assert len(given_phis) == len(p["phis"]) - 1
    assert p["base"] + sum(given_phis) + generated.answer == pytest.approx(fx, abs=1e-9)
    assert generated.answer == pytest.approx(p["phis"][p["i"]])


# --- fedavg -------------------------------------------------------------------------------------


@given(seeds)
def test_fedavg_is_the_sample_weighted_average(seed: int) -> None:
    generated = run("fedavg", seed)
    sizes, weights = generated.params["sizes"], generated.params["weights"]
    assert generated.answer == pytest.approx(np.average(weights, weights=sizes), rel=1e-12)
    assert generated.slips["unweighted"] == pytest.approx(np.mean(weights))
    # pooling: every local sample "votes" with its client's weight
    pooled = np.repeat(weights, sizes)
    assert generated.answer == pytest.approx(pooled.mean(), rel=1e-9)


# --- every family renders its template fields ---------------------------------------------------


@pytest.mark.parametrize(
    "name",
    [
        "early-stopping",
        "specaugment-mask",
        "audio-augment",
        "ensemble-variance",
        "bootstrap-sample",
        "hyperparameter-search",
        "fcos-target",
        "autoencoder-params",
        "uncertainty-sampling",
        "shapley-value",
        "fedavg",
    ],
)
def test_values_are_strings_and_answers_vary(name: str) -> None:
    answers = set()
    for seed in range(30):
        generated = run(name, seed)
        assert all(isinstance(v, str) for v in generated.values.values())
        answers.add(generated.answer)
    assert len(answers) >= 3

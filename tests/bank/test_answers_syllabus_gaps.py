"""The fixed `gap.` questions (syllabus leaves the seeds barely touch), checked by computation.

Every numeric question of the file is parametric (its generator is tested in
test_generators_syllabus_gaps.py), so the fixed checks here are the choice keys that a computation
decides: simulations of SGD noise, bagging against boosting, a linear autoencoder against PCA,
Shapley values against single orderings, LIME on a linear model, grid against random search, and
FedSGD / FedAvg on small least-squares problems. The file's structure is checked too: every gap
leaf of the syllabus has at least two questions under the right area, and every citation points
at seed lines that really mention the topic.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import cache
from itertools import permutations
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import yaml

from tests.bank.helpers import raw_questions

ROOT = Path(__file__).resolve().parents[2]
SYLLABUS = ROOT / "question_bank" / "syllabus.yaml"
SEED = "002_f3cd1dde5b01e4f0.txt"
SEED_PATH = ROOT.parent / "shared" / "seeds" / SEED
GAP_LEAVES = ("3-3-3", "3-7-2", "3-7-4", "3-7-5", "4-2-3", "4-6-2", "4-8-3", "4-9-2", "5-2-2")


@cache
def questions() -> dict[str, dict[str, Any]]:
    return raw_questions("gap.")


def key(qid: str) -> str:
    (right,) = questions()[qid]["correct"]
    return str(right["text"]["en"])


def distractors(qid: str) -> list[str]:
    return [d["text"]["en"] for d in questions()[qid]["distractors"]]


# --- structure ----------------------------------------------------------------------------------


def leaf_areas() -> dict[str, str]:
    data = yaml.safe_load(SYLLABUS.read_text(encoding="utf-8"))
    areas: dict[str, str] = {}

    def walk(node: dict[str, Any], area: str) -> None:
        areas[node["id"]] = area
        for child in node.get("children", []):
            walk(child, area)

    for top in data["topics"]:
        walk(top, top["area"])
    return areas


def test_every_gap_leaf_has_two_questions_in_its_area() -> None:
    areas = leaf_areas()
    per_leaf = Counter(q["syllabus"] for q in questions().values())
    for leaf in GAP_LEAVES:
        assert per_leaf[leaf] >= 2, leaf
    assert set(per_leaf) == set(GAP_LEAVES)
    for qid, q in questions().items():
        assert qid.startswith("gap."), qid
        assert q["area"] == areas[q["syllabus"]], qid
    assert questions()["gap.fedavg-aggregate"]["area"] == "dev_env"


def test_numeric_questions_are_parametric() -> None:
    # test_answers_advanced.py wants a reference for every fixed numeric question in advanced/;
    # all the calculations of this file draw fresh numbers instead.
    numeric = [q for q in questions().values() if q["kind"] == "numeric"]
    assert numeric and all("generator" in q and "answer" not in q for q in numeric)
    assert len(numeric) >= 15


# The words each question's cited lines must contain: the citation really points at the topic.
CITED_WORDS = {
    "gap.early-stopping-stop": "Weight decay",
    "gap.early-stopping-restore": "Weight decay",
    "gap.implicit-regularization": "バッチサイズ",
    "gap.specaugment-masked-cells": "スペクトログラム",
    "gap.pitch-shift": "スペクトログラム",
    "gap.volume-gain": "振幅",
    "gap.text-speech-augmentation": "一致正則化",
    "gap.ensemble-variance": "アンサンブル",
    "gap.bootstrap-sample": "アンサンブル",
    "gap.bagging-boosting-stacking": "アンサンブル",
    "gap.grid-search-runs": "グリッドサーチ",
    "gap.random-search-trials": "ハイパーパラメータ探索",
    "gap.learning-rate-log-scale": "LR",
    "gap.search-strategies": "グリッドサーチ",
    "gap.fcos-regression-target": "アンカーフリー",
    "gap.fcos-centerness": "FCOS",
    "gap.fcos-design": "FPN",
    "gap.autoencoder-params": "オートエンコーダー",
    "gap.autoencoder-variants": "オートエンコーダー",
    "gap.denoising-autoencoder-name": "オートエンコーダー",
    "gap.active-learning-query": "Self-Training",
    "gap.active-learning-entropy": "エントロピー最小化",
    "gap.active-learning-strategies": "Co-Training",
    "gap.shapley-exact": "shapley",
    "gap.shap-efficiency": "SHAP",
    "gap.lime-shap": "LIME",
    "gap.fedavg-aggregate": "global network",
    "gap.federated-learning": "global network",
}


def test_every_question_has_a_cited_word() -> None:
    assert sorted(CITED_WORDS) == sorted(questions())


@pytest.mark.parametrize("qid", sorted(CITED_WORDS))
def test_citation_points_at_the_topic(qid: str) -> None:
    source = questions()[qid]["source"]
    assert source["seed"] == SEED
    spans = re.findall(r"(?<![A-Za-z])l\.(\d+)(?:-(\d+))?", source["section"])
    assert spans, qid
    if not SEED_PATH.is_file():
        pytest.skip("the seed files are not checked out beside the repository")
    lines = SEED_PATH.read_text(encoding="utf-8").split("\n")
    cited = "\n".join(
        "\n".join(lines[int(a) - 1 : int(b or a)]) for a, b in spans if int(b or a) <= len(lines)
    )
    assert CITED_WORDS[qid] in cited, f"{qid}: {CITED_WORDS[qid]!r} not in l.{spans}"


def test_questions_without_seed_coverage_say_so() -> None:
    for qid, q in questions().items():
        if qid != "gap.lime-shap":
            assert q["source"].get("note"), qid


# --- 3-3-3: batch size and SGD noise ------------------------------------------------------------


def epoch_displacements(lr: float, batch: int, runs: int = 4000) -> np.ndarray:
    """One epoch of SGD on a linear loss: the parameter moves by −lr × (mean gradient of each
    mini-batch); per-sample gradients are noisy draws around 1."""
    rng = np.random.default_rng(0)
    n = 960
    grads = rng.normal(1.0, 2.0, size=(runs, n))
    steps = grads.reshape(runs, n // batch, batch).mean(axis=2)
    return np.asarray(-lr * steps.sum(axis=1))


def test_larger_batches_mean_less_gradient_noise() -> None:
    """The key of gap.implicit-regularization is wrong: the noise falls as the batch grows."""
    assert "larger the mini-batch, the noisier" in key("gap.implicit-regularization")
    rng = np.random.default_rng(1)
    per_sample = rng.normal(0.5, 3.0, size=200_000)
    noise = {b: per_sample[: 200_000 // b * b].reshape(-1, b).mean(axis=1).var() for b in (8, 64)}
    assert noise[64] < noise[8] / 4  # variance ∝ 1/B


def test_linear_scaling_keeps_the_noise_of_an_epoch() -> None:
    """The distractor's linear scaling rule: lr × k with batch × k keeps an epoch's drift and
    noise, while a larger batch at the same lr would cut both."""
    assert any("linear scaling rule" in d for d in distractors("gap.implicit-regularization"))
    base = epoch_displacements(0.01, 8)
    scaled = epoch_displacements(0.04, 32)
    same_lr = epoch_displacements(0.01, 32)
    assert scaled.mean() == pytest.approx(base.mean(), rel=0.02)
    assert scaled.var() == pytest.approx(base.var(), rel=0.1)
    assert same_lr.var() < base.var() / 10


# --- 3-7-4: bagging reduces variance, boosting bias ---------------------------------------------


def fit_stump(x: np.ndarray, y: np.ndarray) -> tuple[float, float, float]:
    """The least-squares decision stump (threshold, left value, right value), by brute force."""
    best: tuple[float, float, float, float] | None = None
    for threshold in np.unique(x)[:-1]:
        left, right = y[x <= threshold], y[x > threshold]
        error = ((left - left.mean()) ** 2).sum() + ((right - right.mean()) ** 2).sum()
        if best is None or error < best[0]:
            best = (error, float(threshold), float(left.mean()), float(right.mean()))
    assert best is not None
    return best[1:]


def stump_predict(stump: tuple[float, float, float], x: np.ndarray) -> np.ndarray:
    threshold, left, right = stump
    return np.where(x <= threshold, left, right)


def test_boosting_reduces_bias_where_bagging_does_not() -> None:
    """The key of gap.bagging-boosting-stacking gives boosting bagging's description."""
    assert key("gap.bagging-boosting-stacking").startswith("Boosting averages")
    rng = np.random.default_rng(2)
    x = np.sort(rng.uniform(0, 6, 120))
    y = np.sin(x)
    single = ((stump_predict(fit_stump(x, y), x) - y) ** 2).mean()
    bagged = np.zeros_like(y)
    for _ in range(40):
        idx = rng.integers(0, len(x), len(x))
        bagged += stump_predict(fit_stump(x[idx], y[idx]), x) / 40
    boosted = np.zeros_like(y)
    for _ in range(40):
        boosted += 0.5 * stump_predict(fit_stump(x, y - boosted), x)
    bagged_error = ((bagged - y) ** 2).mean()
    boosted_error = ((boosted - y) ** 2).mean()
    assert bagged_error > single / 2  # averaging stumps leaves the stumps' bias
    assert boosted_error < single / 10  # sequential fitting of residuals removes it


# --- 3-7-5: grid against random search ----------------------------------------------------------


def test_random_search_tries_more_values_of_the_important_hyperparameter() -> None:
    assert any("more distinct values" in d for d in distractors("gap.search-strategies"))
    grid = [(a, b) for a in np.linspace(0, 1, 3) for b in np.linspace(0, 1, 3)]
    random_trials = np.random.default_rng(3).uniform(0, 1, size=(9, 2))
    assert len({a for a, _ in grid}) == 3
    assert len(set(random_trials[:, 0])) == 9


# --- 4-6-2: a linear autoencoder learns the PCA subspace ----------------------------------------


def test_linear_autoencoder_spans_the_principal_subspace() -> None:
    assert any("same subspace" in d for d in distractors("gap.autoencoder-variants"))
    rng = np.random.default_rng(4)
    mixing = rng.normal(size=(4, 4)) * np.array([3.0, 2.0, 0.5, 0.2])
    data = rng.normal(size=(500, 4)) @ mixing.T
    data -= data.mean(axis=0)
    encoder, decoder = rng.normal(0, 0.1, (4, 2)), rng.normal(0, 0.1, (2, 4))
    lr = 0.01
    for _ in range(20_000):
        code = data @ encoder
        error = code @ decoder - data
        grad_decoder = code.T @ error / len(data)
        grad_encoder = data.T @ (error @ decoder.T) / len(data)
        encoder -= lr * grad_encoder
        decoder -= lr * grad_decoder
    learned, _ = np.linalg.qr(decoder.T)  # the subspace the decoder reconstructs into
    _, _, vt = np.linalg.svd(data, full_matrices=False)
    pca = vt[:2].T
    assert np.allclose(learned @ learned.T, pca @ pca.T, atol=1e-3)


# --- 4-9-2: Shapley values do not depend on an ordering; LIME recovers a linear model -----------


def test_single_orderings_disagree_but_the_shapley_value_does_not() -> None:
    assert "fixed order" in key("gap.lime-shap")
    value = {(): 0, (0,): 4, (1,): 2, (2,): 1, (0, 1): 9, (0, 2): 5, (1, 2): 3, (0, 1, 2): 12}

    def v(members: set[int]) -> int:
        return value[tuple(sorted(members))]

    def contribution(order: tuple[int, ...], i: int) -> int:
        before = set(order[: order.index(i)])
        return v(before | {i}) - v(before)

    orders = list(permutations(range(3)))
    assert len({contribution(o, 0) for o in orders}) > 1  # one ordering alone is arbitrary
    shapley = [np.mean([contribution(o, i) for o in orders]) for i in range(3)]
    # relabel the features: the values follow the features, not the column order
    relabel = (2, 0, 1)
    moved = {tuple(sorted(relabel[j] for j in k)): val for k, val in value.items()}
    moved_shapley = [
        np.mean(
            [
                moved[tuple(sorted({*o[: o.index(i)], i}))] - moved[tuple(sorted(o[: o.index(i)]))]
                for o in orders
            ]
        )
        for i in range(3)
    ]
    assert [moved_shapley[relabel[i]] for i in range(3)] == pytest.approx(shapley)
    assert sum(shapley) == pytest.approx(v({0, 1, 2}) - v(set()))


def test_lime_recovers_the_coefficients_of_a_linear_model() -> None:
    assert any(d.startswith("LIME perturbs") for d in distractors("gap.lime-shap"))
    rng = np.random.default_rng(5)
    w, b = np.array([1.5, -2.0, 0.5]), 0.3
    x0 = np.array([1.0, 2.0, -1.0])
    samples = x0 + rng.normal(0, 0.5, size=(300, 3))
    targets = samples @ w + b  # the "black box" labels its perturbed neighbours
    kernel = np.exp(-((samples - x0) ** 2).sum(axis=1) / 0.5)
    design = np.hstack([samples, np.ones((300, 1))]) * np.sqrt(kernel)[:, None]
    coef, *_ = np.linalg.lstsq(design, targets * np.sqrt(kernel), rcond=None)
    assert coef[:3] == pytest.approx(w) and coef[3] == pytest.approx(b)


# --- 5-2-2: FedSGD equals a pooled step; FedAvg drifts on non-IID data -------------------------


def test_one_local_step_averaged_by_sample_count_is_a_pooled_step() -> None:
    rng = np.random.default_rng(6)
    clients = [(rng.normal(size=(n, 3)), rng.normal(size=n)) for n in (30, 120, 50)]
    w, lr = rng.normal(size=3), 0.1

    def step(x: np.ndarray, y: np.ndarray) -> np.ndarray:
        return np.asarray(w - lr * x.T @ (x @ w - y) / len(y))  # GD on the mean squared error

    sizes = np.array([len(y) for _, y in clients])
    fed = np.average([step(x, y) for x, y in clients], axis=0, weights=sizes)
    pooled = step(np.vstack([x for x, _ in clients]), np.concatenate([y for _, y in clients]))
    assert fed == pytest.approx(pooled)
    plain = np.mean([step(x, y) for x, y in clients], axis=0)
    assert not np.allclose(plain, pooled)


def test_fedavg_with_many_local_steps_drifts_on_non_iid_clients() -> None:
    """The distractor on client drift: two clients with different quadratic losses."""
    assert any("client drift" in d for d in distractors("gap.federated-learning"))
    curvature, centre = np.array([1.0, 8.0]), np.array([-1.0, 2.0])
    optimum = (curvature * centre).sum() / curvature.sum()  # minimiser of the pooled loss

    def fedavg(local_steps: int, lr: float = 0.05, rounds: int = 2000) -> float:
        w = 0.0
        for _ in range(rounds):
            local = np.full(2, w)
            for _ in range(local_steps):
                local -= lr * curvature * (local - centre)
            w = float(local.mean())
        return w

    assert fedavg(1) == pytest.approx(optimum, abs=1e-9)
    assert abs(fedavg(20) - optimum) > 0.1

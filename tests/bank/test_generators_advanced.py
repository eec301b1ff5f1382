"""The seed-002 families (Transformer, NLP, generative, speech) against independent computations.

Each answer is recomputed by a different method than the generator's: NumPy linear algebra, array
shapes of real tensors, simulations, brute-force enumeration, numerical integration or the FFT.
"""

from __future__ import annotations

import itertools
import math
import random
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.bank.helpers import numeric as run
from trainer.bank.generators import GENERATORS
from trainer.bank.generators.applied_math.information_theory import JsConfig
from trainer.bank.generators.dl_applications.generative.autoencoders import VaeKlConfig
from trainer.bank.generators.dl_applications.generative.diffusion import DdpmConfig
from trainer.bank.generators.dl_applications.image_recognition import VitConfig
from trainer.bank.generators.dl_applications.speech import BLANK, CtcConfig, StftConfig
from trainer.bank.generators.dl_fundamentals.transformer import AttentionConfig, MultiHeadConfig

seeds = st.integers(min_value=0, max_value=2**31 - 1)


def size_of(shape: tuple[int, ...], dtype: Any = np.float32) -> int:
    """Element count of a tensor of this shape, from a broadcast view (nothing is allocated)."""
    return int(np.broadcast_to(np.zeros((), dtype=dtype), shape).size)


def bytes_of(shape: tuple[int, ...], dtype: Any) -> int:
    return int(np.broadcast_to(np.zeros((), dtype=dtype), shape).nbytes)


# --- attention-weights --------------------------------------------------------------------------


@given(seeds)
def test_attention_matches_numpy_scaled_dot_product(seed: int) -> None:
    generated = run("attention-weights", seed)
    p = generated.params
    q = np.array(p["q"], dtype=float)
    keys = np.array(p["keys"], dtype=float)
    values = np.array(p["values"], dtype=float)
    scores = keys @ q / np.sqrt(q.size)
    weights = np.exp(scores - scores.max())
    weights /= weights.sum()
    output = weights @ values
    expected = weights[p["j"]] if p["ask"] == "weight" else output[p["c"]]
    assert generated.answer == pytest.approx(expected, abs=1e-12)
    # a convex combination of the values, with a real choice between keys
    column = values[:, p["c"]]
    assert column.min() - 1e-12 <= output[p["c"]] <= column.max() + 1e-12
    assert weights.min() > 0 and weights.max() < 1
    assert len(set(column)) > 1


@given(seeds)
def test_attention_slips_are_the_unscaled_and_over_scaled_versions(seed: int) -> None:
    generated = run("attention-weights", seed, {"asks": ["weight"]})
    p = generated.params
    q, keys = np.array(p["q"], dtype=float), np.array(p["keys"], dtype=float)
    for slip, scale in (("no-scaling", 1.0), ("scaled-by-dk", float(q.size))):
        scores = keys @ q / scale
        weights = np.exp(scores - scores.max()) / np.exp(scores - scores.max()).sum()
        assert generated.slips[slip] == pytest.approx(weights[p["j"]], abs=1e-12)


def test_attention_config_is_validated() -> None:
    with pytest.raises(ValueError):
        AttentionConfig.model_validate({"asks": ["everything"]})


# --- attention-cost -----------------------------------------------------------------------------


@given(seeds)
@settings(max_examples=40)
def test_attention_macs_counted_on_an_actual_product(seed: int) -> None:
    """Q Kᵀ with all-ones matrices: every product contributes 1, so the sum counts them."""
    generated = run("attention-cost", seed, {"asks": ["macs"], "n": [16, 48, 64], "d": [8, 32]})
    n, d = generated.params["n"], generated.params["d"]
    q = np.ones((n, d), dtype=np.int64)
    assert generated.answer == float((q @ q.T).sum())


@given(seeds)
def test_attention_ratio_counts_score_entries(seed: int) -> None:
    generated = run("attention-cost", seed, {"asks": ["ratio"]})
    n, r = generated.params["n"], generated.params["r"]
    assert generated.answer == size_of((r * n, r * n)) / size_of((n, n))


@given(seeds)
def test_attention_memory_from_tensor_bytes(seed: int) -> None:
    generated = run("attention-cost", seed, {"asks": ["memory"]})
    p = generated.params
    dtype = {2: np.float16, 4: np.float32}[p["bytes"]]
    shape = (p["batch"], p["heads"], p["n"], p["n"])
    assert generated.answer == bytes_of(shape, dtype) / 2**20
    assert generated.answer.is_integer()


# --- multi-head ---------------------------------------------------------------------------------


@given(seeds, st.booleans())
def test_multi_head_params_match_pytorch_layout(seed: int, bias: bool) -> None:
    """nn.MultiheadAttention: in_proj_weight (3d, d), in_proj_bias (3d), out_proj (d, d) + bias."""
    generated = run("multi-head", seed, {"asks": ["params"], "bias": bias})
    d = generated.params["d_model"]
    shapes = [(3 * d, d), (d, d)] + ([(3 * d,), (d,)] if bias else [])
    assert generated.answer == sum(size_of(s) for s in shapes)


@given(seeds)
def test_multi_head_dim_splits_the_model_dimension(seed: int) -> None:
    generated = run("multi-head", seed, {"asks": ["head-dim"]})
    d, h = generated.params["d_model"], generated.params["h"]
    heads = np.arange(d).reshape(h, -1)
    assert generated.answer == heads.shape[1]
    assert generated.answer >= 32


def test_multi_head_config_without_a_valid_pair_fails() -> None:
    config = MultiHeadConfig.model_validate({"d_model": [100], "heads": [8]})
    with pytest.raises(ValueError, match="no d_model"):
        GENERATORS["multi-head"].function(random.Random(0), config)


# --- positional-encoding ------------------------------------------------------------------------


def encoding_table(length: int, d: int) -> np.ndarray:
    """The usual vectorized construction (as in the PyTorch tutorial)."""
    position = np.arange(length)[:, None]
    div = np.exp(np.arange(0, d, 2) * (-math.log(10000.0) / d))
    table = np.zeros((length, d))
    table[:, 0::2] = np.sin(position * div)
    table[:, 1::2] = np.cos(position * div)
    return table


@given(seeds)
def test_positional_encoding_matches_the_table(seed: int) -> None:
    generated = run("positional-encoding", seed)
    p = generated.params
    table = encoding_table(p["pos"] + 1, p["d_model"])
    assert generated.answer == pytest.approx(table[p["pos"], p["k"]], abs=1e-9)
    assert -1 <= generated.answer <= 1


# --- vit-patches --------------------------------------------------------------------------------


def patchify(image: np.ndarray, p: int) -> np.ndarray:
    h, w, c = image.shape
    blocks = image.reshape(h // p, p, w // p, p, c).transpose(0, 2, 1, 3, 4)
    return blocks.reshape(-1, p * p * c)


@given(seeds)
@settings(max_examples=50)
def test_vit_counts_come_from_real_patches(seed: int) -> None:
    generated = run("vit-patches", seed)
    p = generated.params
    image = np.arange(p["H"] * p["W"] * p["C"], dtype=np.float32).reshape(p["H"], p["W"], p["C"])
    patches = patchify(image, p["P"])
    assert np.array_equal(patches[0], image[: p["P"], : p["P"], :].ravel())
    tokens = np.concatenate([np.zeros((1, patches.shape[1])), patches])  # [CLS] + patches
    expected = {
        "patches": patches.shape[0],
        "sequence": tokens.shape[0],
        "embedding": size_of((patches.shape[1], p["D"])),
    }[p["ask"]]
    assert generated.answer == expected


def test_vit_config_is_validated() -> None:
    with pytest.raises(ValueError):
        VitConfig.model_validate({"grid": [9, 3]})


# --- embedding-params ---------------------------------------------------------------------------


@given(seeds)
def test_embedding_params_from_table_shapes(seed: int) -> None:
    generated = run("embedding-params", seed)
    p = generated.params
    tables = [(p["V"], p["E"])]
    if p["ask"] == "bert":
        tables += [(p["P"], p["E"]), (p["S"], p["E"])]
    assert generated.answer == sum(size_of(t) for t in tables)


# --- masked-lm ----------------------------------------------------------------------------------


@given(seeds, st.integers(0, 2**31 - 1))
def test_masked_lm_matches_a_simulated_masking(seed: int, shuffle_seed: int) -> None:
    generated = run("masked-lm", seed)
    n = generated.params["n"]
    rng = np.random.default_rng(shuffle_seed)
    tokens = rng.integers(5, 1000, size=n)
    chosen = rng.permutation(n)[: round(0.15 * n)]
    kinds = rng.permutation(len(chosen))
    to_mask = chosen[kinds[: round(0.8 * len(chosen))]]
    to_random = chosen[kinds[round(0.8 * len(chosen)) : round(0.9 * len(chosen))]]
    inputs = tokens.copy()
    inputs[to_mask] = 0  # [MASK]
    inputs[to_random] = tokens[to_random] + 1000  # surely a different token
    expected = {
        "selected": len(chosen),
        "mask": int(np.sum(inputs == 0)),
        "original": int(np.sum(inputs == tokens)),
    }[generated.params["ask"]]
    assert generated.answer == expected


# --- lm-perplexity ------------------------------------------------------------------------------


@given(seeds)
def test_perplexity_is_the_inverse_geometric_mean(seed: int) -> None:
    generated = run("lm-perplexity", seed)
    probs = np.array(generated.params["probs"])
    if generated.params["ask"] == "ppl":
        expected = float(np.prod(probs) ** (-1 / probs.size))
        assert generated.answer >= 1
    else:
        expected = float(np.log(np.prod(probs)))
        assert generated.answer < 0
    assert generated.answer == pytest.approx(expected, rel=1e-12)


# --- vae-reparam / vae-kl -----------------------------------------------------------------------


@given(seeds)
def test_reparameterized_sample(seed: int) -> None:
    generated = run("vae-reparam", seed)
    p = generated.params
    sigma = p["sigma"] if p["input"] == "sigma" else np.sqrt(np.exp(p["logvar"]))
    assert generated.answer == pytest.approx(p["mu"] + sigma * p["eps"], abs=1e-12)


def kl_by_integration(mu: float, var: float) -> float:
    """∫ q log(q/p) dz for q = N(mu, var), p = N(0, 1), by the trapezoid rule."""
    sd = math.sqrt(var)
    z = np.linspace(mu - 12 * sd, mu + 12 * sd, 200_001)
    log_q = -0.5 * ((z - mu) ** 2 / var + np.log(2 * np.pi * var))
    log_p = -0.5 * (z**2 + np.log(2 * np.pi))
    return float(np.trapezoid(np.exp(log_q) * (log_q - log_p), z))


@given(seeds, st.sampled_from(["sigma", "logvar"]))
@settings(max_examples=40)
def test_vae_kl_matches_numerical_integration(seed: int, given_as: str) -> None:
    generated = run("vae-kl", seed, {"inputs": [given_as]})
    p = generated.params
    variances = (
        [s * s for s in p["sigma"]] if given_as == "sigma" else [math.exp(v) for v in p["logvar"]]
    )
    kl = sum(kl_by_integration(m, v) for m, v in zip(p["mu"], variances, strict=True))
    expected = {
        "kl": kl,
        "loss": p.get("recon", 0.0) + kl,
        "elbo": -p.get("recon", 0.0) - kl,
    }[p["ask"]]
    assert generated.answer == pytest.approx(expected, abs=1e-6)


def test_vae_kl_config_is_validated() -> None:
    with pytest.raises(ValueError):
        VaeKlConfig.model_validate({"inputs": ["variance"]})


# --- ddpm-forward -------------------------------------------------------------------------------


@given(seeds)
def test_alpha_bar_composes_the_one_step_transitions(seed: int) -> None:
    """x_t = √(1−β_t) x_{t−1} + √β_t ε_t: track the mean coefficient and the noise variance."""
    generated = run("ddpm-forward", seed, {"asks": ["alpha-bar"]})
    coefficient, variance = 1.0, 0.0
    for beta in generated.params["betas"]:
        coefficient *= math.sqrt(1 - beta)
        variance = (1 - beta) * variance + beta
    assert generated.answer == pytest.approx(coefficient**2, rel=1e-12)
    assert 1 - generated.answer == pytest.approx(variance, rel=1e-12)


@given(seeds)
def test_ddpm_sample_has_the_stated_moments(seed: int) -> None:
    generated = run("ddpm-forward", seed, {"asks": ["sample"]})
    p = generated.params
    mean, sd = np.sqrt(p["abar"]) * p["x0"], np.sqrt(1 - p["abar"])
    assert generated.answer == pytest.approx(mean + sd * p["eps"], abs=1e-12)
    assert sd**2 + np.sqrt(p["abar"]) ** 2 == pytest.approx(1)


def test_ddpm_config_is_validated() -> None:
    with pytest.raises(ValueError):
        DdpmConfig.model_validate({"steps": [4, 2]})


# --- gan-loss -----------------------------------------------------------------------------------


def bce(labels: np.ndarray, probs: np.ndarray) -> np.ndarray:
    return -(labels * np.log(probs) + (1 - labels) * np.log(1 - probs))


@given(seeds)
def test_gan_losses_are_binary_cross_entropies(seed: int) -> None:
    generated = run("gan-loss", seed)
    real, fake = np.array(generated.params["real"]), np.array(generated.params["fake"])
    m = real.size
    if generated.params["ask"] == "d-loss":
        labels = np.concatenate([np.ones(m), np.zeros(m)])
        expected = bce(labels, np.concatenate([real, fake])).sum() / m
    else:
        expected = bce(np.ones(m), fake).mean()  # the generator wants fakes called real
    assert generated.answer == pytest.approx(float(expected), rel=1e-12)
    assert generated.answer > 0


# --- js-divergence ------------------------------------------------------------------------------


def entropy(p: np.ndarray, base: float) -> float:
    p = p[p > 0]
    return float(-(p * np.log(p)).sum() / np.log(base))


@given(seeds, st.integers(2, 4), st.sampled_from(["e", "2"]))
def test_js_is_the_entropy_of_the_mixture_minus_the_mean_entropy(
    seed: int, support: int, base: str
) -> None:
    generated = run("js-divergence", seed, {"support": [support, support], "base": base})
    p, q = np.array(generated.params["p"]), np.array(generated.params["q"])
    b = math.e if base == "e" else 2.0
    expected = entropy((p + q) / 2, b) - (entropy(p, b) + entropy(q, b)) / 2
    assert generated.answer == pytest.approx(expected, abs=1e-12)
    assert 0 < generated.answer <= math.log(2) / math.log(b) + 1e-12
    assert generated.slips["symmetric-kl"] > generated.answer  # the seed's formula overshoots


def test_js_config_is_validated() -> None:
    with pytest.raises(ValueError):
        JsConfig.model_validate({"base": "10"})


# --- stft-frames --------------------------------------------------------------------------------


@given(seeds)
@settings(max_examples=50)
def test_stft_frames_and_bins_from_real_windows(seed: int) -> None:
    generated = run("stft-frames", seed)
    p = generated.params
    signal = np.zeros(p["L"])
    if p["ask"] == "bins":
        assert generated.answer == np.fft.rfft(np.zeros(p["n_fft"])).shape[0]
        return
    if p["ask"] == "centre":
        signal = np.pad(signal, p["n_fft"] // 2, mode="reflect")
    frames = np.lib.stride_tricks.sliding_window_view(signal, p["n_fft"])[:: p["hop"]]
    assert generated.answer == frames.shape[0]


def test_stft_config_is_validated() -> None:
    with pytest.raises(ValueError):
        StftConfig.model_validate({"asks": ["frames"]})


# --- mel-scale ----------------------------------------------------------------------------------


@given(seeds)
def test_mel_scale_inverts_the_other_direction(seed: int) -> None:
    """Each direction is checked with the opposite formula, and against 1000 Hz ≈ 1000 mel."""
    generated = run("mel-scale", seed)
    p = generated.params
    if p["ask"] == "to-mel":
        assert 700 * (10 ** (generated.answer / 2595) - 1) == pytest.approx(p["f"], rel=1e-9)
        # the older 1127·ln(1 + f/700) variant agrees to about 0.001 %
        assert generated.answer == pytest.approx(1127 * math.log1p(p["f"] / 700), rel=2e-5)
    else:
        assert 2595 * math.log10(1 + generated.answer / 700) == pytest.approx(p["m"], rel=1e-9)


def test_mel_scale_anchor() -> None:
    config = {"asks": ["to-mel"], "hz": [1000, 1000]}
    generated = GENERATORS["mel-scale"].run(random.Random(0), config)
    assert generated.answer == pytest.approx(1000, abs=0.1)


# --- ctc ----------------------------------------------------------------------------------------


def collapse_by_groupby(path: list[str]) -> list[str]:
    return [symbol for symbol, _ in itertools.groupby(path) if symbol != BLANK]


def brute_force_paths(label: list[str], frames: int) -> int:
    alphabet = [*sorted(set(label)), BLANK]
    return sum(
        1
        for path in itertools.product(alphabet, repeat=frames)
        if collapse_by_groupby(list(path)) == label
    )


@given(seeds)
def test_ctc_collapse_length(seed: int) -> None:
    generated = run("ctc", seed, {"asks": ["collapse"]})
    path = generated.params["path"]
    assert generated.answer == len(collapse_by_groupby(path))
    # the drawn path separates a repeated label by blanks, so the order of the steps matters
    assert generated.slips["blanks-first"] != generated.answer


@given(seeds)
@settings(max_examples=40)
def test_ctc_alignment_count_by_enumeration(seed: int) -> None:
    generated = run("ctc", seed, {"asks": ["alignments"]})
    label, frames = generated.params["label"], generated.params["T"]
    count = brute_force_paths(label, frames)
    assert generated.answer == count
    repeats = sum(a == b for a, b in itertools.pairwise(label))
    assert count == math.comb(frames + len(label) - repeats, 2 * len(label))


@given(seeds)
@settings(max_examples=30)
def test_ctc_min_frames_is_the_shortest_feasible_length(seed: int) -> None:
    generated = run("ctc", seed, {"asks": ["min-frames"], "max_label_length": 4})
    label = generated.params["label"]
    shortest = int(generated.answer)
    assert brute_force_paths(label, shortest) > 0
    assert brute_force_paths(label, shortest - 1) == 0


def test_ctc_config_is_validated() -> None:
    with pytest.raises(ValueError):
        CtcConfig.model_validate({"max_frames": 12})


# --- sampling -----------------------------------------------------------------------------------


@given(seeds)
@settings(max_examples=40)
def test_sampling_answers_from_the_fft_and_phase(seed: int) -> None:
    generated = run("sampling", seed)
    p = generated.params
    if p["ask"] == "nyquist":
        assert generated.answer == np.fft.rfftfreq(2 * p["fs"], d=1 / p["fs"])[-1]
    elif p["ask"] == "alias":
        n = np.arange(p["fs"])  # one second of samples: bin k is k Hz
        spectrum = np.abs(np.fft.rfft(np.cos(2 * np.pi * p["f0"] * n / p["fs"])))
        assert generated.answer == float(np.argmax(spectrum))
        assert generated.answer <= p["fs"] / 2
    elif p["ask"] == "angular":
        t = np.linspace(0, 1 / p["f"], 1001)
        phase = np.unwrap(np.angle(np.exp(2j * np.pi * p["f"] * t)))
        assert generated.answer == pytest.approx(np.polyfit(t, phase, 1)[0], rel=1e-9)
    else:
        period = generated.answer / 1000
        t = np.linspace(0, 1, 97)
        wave = np.sin(2 * np.pi * p["f"] * t + 0.3)
        assert np.allclose(np.sin(2 * np.pi * p["f"] * (t + period) + 0.3), wave, atol=1e-9)
        assert not np.allclose(np.sin(2 * np.pi * p["f"] * (t + period / 2) + 0.3), wave)

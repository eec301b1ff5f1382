"""The CNN (seed 003) and Day4 (seed 001) families against independent computations.

Each test recomputes a generator's answer another way: shapes from NumPy sliding-window views and
PyTorch-style weight tensors, receptive fields by tracing input positions backwards, pooling and
convolution with NumPy, gradients by finite differences, NMS with a pixel-count IoU and a
vectorised suppression loop, quantization by a brute-force search over the integer levels.
"""

from __future__ import annotations

import math
import random
from collections.abc import Mapping
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from numpy.lib.stride_tricks import sliding_window_view

from tests.bank.helpers import run
from trainer.bank.generators import GENERATORS
from trainer.bank.generators.dev_env.edge import QuantConfig
from trainer.bank.generators.dl_applications.image_recognition import EfficientNetConfig
from trainer.bank.generators.dl_fundamentals.cnn.shapes_and_params import (
    ConvParamsConfig,
    Im2colConfig,
)

seeds = st.integers(min_value=0, max_value=2**31 - 1)


# --- im2col, parameter counts, costs -------------------------------------------------------------


def windows(shape: tuple[int, int, int, int], f: int, p: int, s: int) -> np.ndarray:
    """A strided view of every f×f window of a padded (N, C, H, W) array (no copy)."""
    n, c, h, w = shape
    padded = np.broadcast_to(np.float32(0), (n, c, h + 2 * p, w + 2 * p))
    return sliding_window_view(padded, (f, f), axis=(2, 3))[:, :, ::s, ::s]


@given(seeds, st.sampled_from(["rows", "cols", "pool-rows"]))
def test_im2col_shape_matches_a_sliding_window_view(seed: int, ask: str) -> None:
    generated = run("im2col-shape", seed, {"asks": [ask]})
    n, c, h, w, f, p, s = (generated.params[k] for k in ("N", "C", "H", "W", "F", "P", "S"))
    view = windows((n, c, h, w), f, p, s)  # (N, C, OH, OW, F, F)
    col = view.transpose(0, 2, 3, 1, 4, 5)
    rows, cols = int(np.prod(col.shape[:3])), int(np.prod(col.shape[3:]))
    expected = {"rows": rows, "cols": cols, "pool-rows": rows * c}[ask]
    assert generated.answer == expected


def test_im2col_of_the_seed_example() -> None:
    image = np.arange(1, 17).reshape(4, 4)
    col = sliding_window_view(image, (2, 2))[::2, ::2].reshape(-1, 4)
    assert col.tolist() == [[1, 2, 5, 6], [3, 4, 7, 8], [9, 10, 13, 14], [11, 12, 15, 16]]


def torch_style_counts(layer: str, p: Mapping[str, int]) -> tuple[int, int]:
    """(weights, biases) from the weight tensors PyTorch would allocate."""
    ci, co, k, g = p["ci"], p["co"], p.get("K", 1), p.get("g", 1)
    if layer == "fc":
        return np.empty((co, p["C"] * p["side"] ** 2)).size, co
    if layer == "separable":
        depthwise = np.empty((ci, 1, k, k)).size
        pointwise = np.empty((co, ci, 1, 1)).size
        return depthwise + pointwise, ci + co
    groups = {"standard": 1, "pointwise": 1, "depthwise": ci, "grouped": g}[layer]
    return np.empty((co, ci // groups, k, k)).size, co


def grouped_by_mask(ci: int, co: int, k: int, g: int) -> int:
    """Weights of a grouped convolution: k² per connected (output, input) channel pair."""
    group_in = np.arange(ci) // (ci // g)
    group_out = np.arange(co) // (co // g)
    return int((group_out[:, None] == group_in[None, :]).sum()) * k * k


@given(seeds, st.sampled_from(["standard", "fc", "depthwise", "pointwise", "separable", "grouped"]))
def test_conv_params_match_weight_tensor_sizes(seed: int, layer: str) -> None:
    generated = run("conv-params", seed, {"layers": [layer]})
    p = generated.params
    weights, biases = torch_style_counts(layer, p)
    assert generated.answer == weights + (biases if p["bias"] else 0)
    if layer == "grouped":
        assert weights == grouped_by_mask(p["ci"], p["co"], p["K"], p["g"])
    if layer == "depthwise":
        assert p["co"] == p["ci"]
    for slip in generated.slips.values():
        assert slip != generated.answer


def test_conv_params_seed_numbers() -> None:
    # exam.md §2.2: conv 3→64 3×3 with bias = 1,792; separable K3 32→64 = 2,336 vs 18,432.
    assert torch_style_counts("standard", {"ci": 3, "co": 64, "K": 3})[0] + 64 == 1792
    assert torch_style_counts("separable", {"ci": 32, "co": 64, "K": 3})[0] == 2336
    assert grouped_by_mask(64, 128, 3, 8) == 9216


def gemm_macs(layer: str, h: int, c: int, m: int, k: int, s: int) -> int:
    """Multiply-adds of the im2col + GEMM formulation of each layer."""
    view = windows((1, 1, h, h), k, (k - 1) // 2, s)
    positions = view.shape[2] * view.shape[3]
    depthwise = c * positions * (k * k)  # one (positions × k²)·(k² × 1) product per channel
    pointwise = positions * c * m  # (positions × c)·(c × m)
    standard = positions * (c * k * k) * m  # (positions × c·k²)·(c·k² × m)
    return {
        "standard": standard,
        "depthwise": depthwise,
        "pointwise": pointwise,
        "separable": depthwise + pointwise,
    }[layer]


@given(seeds, st.sampled_from(["standard", "depthwise", "pointwise", "separable"]))
def test_conv_macs_match_the_gemm_formulation(seed: int, layer: str) -> None:
    generated = run("conv-macs", seed, {"layers": [layer], "S": [1, 2]})
    p = generated.params
    assert generated.answer == gemm_macs(layer, p["H"], p["C"], p["M"], p["K"], p["S"])


@given(seeds)
def test_separable_ratio_from_tensor_sizes(seed: int) -> None:
    generated = run("separable-ratio", seed)
    p = generated.params
    standard = torch_style_counts("standard", {"ci": p["ci"], "co": p["co"], "K": p["K"]})[0]
    separable = torch_style_counts("separable", {"ci": p["ci"], "co": p["co"], "K": p["K"]})[0]
    ratio = Fraction(separable, standard)
    expected = ratio if p["ask"] == "ratio" else 1 / ratio
    assert generated.answer == pytest.approx(float(expected), rel=1e-12)
    assert ratio == Fraction(1, p["co"]) + Fraction(1, p["K"] ** 2)


# --- receptive fields, dilation, transposed convolution, coverage --------------------------------


def traced_receptive_field(stack: list[list[int]]) -> int:
    """Input positions that reach output position 0, traced back layer by layer."""
    positions = {0}
    for k, s in reversed(stack):
        positions = {p * s + j for p in positions for j in range(k)}
    return max(positions) - min(positions) + 1


@given(seeds, st.booleans())
def test_receptive_field_by_tracing_back(seed: int, pools: bool) -> None:
    generated = run("receptive-field", seed, {"pools": pools})
    assert generated.answer == traced_receptive_field(generated.params["stack"])


def causal_support(kernel: int, dilations: list[int]) -> int:
    """Width of the set of inputs that influence one output of a causal dilated stack."""
    reach = np.zeros(1, dtype=bool)
    reach[0] = True  # offsets into the past, 0 = the current sample
    for d in reversed(dilations):
        grown = np.zeros(len(reach) + (kernel - 1) * d, dtype=bool)
        for tap in range(kernel):
            grown[tap * d : tap * d + len(reach)] |= reach
        reach = grown
    return int(np.flatnonzero(reach).max()) + 1


@given(seeds, st.sampled_from(["kernel", "stack", "wavenet", "wavenet-ms"]))
def test_dilated_receptive_field_by_simulation(seed: int, ask: str) -> None:
    generated = run("dilated-rf", seed, {"asks": [ask]})
    p = generated.params
    if ask == "kernel":
        dilated = np.zeros(p["D"] * (p["K"] - 1) + 1)
        dilated[:: p["D"]] = 1  # the k taps, d apart
        assert np.count_nonzero(dilated) == p["K"]
        assert generated.answer == len(dilated)
        return
    dilations = [2**i for i in range(p["layers"])] * p["stacks"]
    samples = causal_support(p["K"], dilations)
    if ask == "wavenet-ms":
        assert generated.answer == pytest.approx(samples / p["fs"] * 1000, rel=1e-12)
    else:
        assert generated.answer == samples
    if ask == "wavenet" and p["stacks"] == 1:
        assert samples == 2 ** p["layers"]


@given(seeds)
def test_transposed_conv_size_by_scattering(seed: int) -> None:
    generated = run("transposed-conv-size", seed)
    h, k, s, p = (generated.params[x] for x in ("H", "K", "S", "P"))
    canvas = np.zeros((h - 1) * s + k)
    for i in range(h):  # each input pixel scatters a k-wide kernel, s apart
        canvas[i * s : i * s + k] += 1
    cropped = canvas[p : len(canvas) - p]
    assert generated.answer == len(cropped)
    # The forward convolution with the same K, S, P maps the output back to H.
    assert (len(cropped) + 2 * p - k) // s + 1 == h


@given(seeds)
def test_window_coverage_by_accumulating_windows(seed: int) -> None:
    generated = run("window-coverage", seed)
    h, f, s, i, j = (generated.params[x] for x in ("H", "F", "S", "i", "j"))
    counts = np.zeros((h, h), dtype=int)
    out = (h - f) // s + 1
    for r in range(out):
        for c in range(out):
            counts[r * s : r * s + f, c * s : c * s + f] += 1  # col2im with +=
    assert generated.answer == counts[i, j]


def test_window_coverage_of_the_seed_example() -> None:
    # 3×3 input, 2×2 window, stride 1: the number of terms of ∂L/∂x_n (l.1767, l.1884-1892).
    counts = np.zeros((3, 3), dtype=int)
    for r in range(2):
        for c in range(2):
            counts[r : r + 2, c : c + 2] += 1
    assert counts.tolist() == [[1, 2, 1], [2, 4, 2], [1, 2, 1]]


# --- pooling and convolution values --------------------------------------------------------------


def pool_numpy(x: np.ndarray, f: int, s: int, mode: str) -> np.ndarray:
    view = sliding_window_view(x, (f, f))[::s, ::s]
    return view.max(axis=(2, 3)) if mode == "max" else view.mean(axis=(2, 3))


@given(seeds, st.sampled_from(["element", "sum"]), st.sampled_from(["max", "avg"]))
def test_pool_values_match_numpy(seed: int, ask: str, mode: str) -> None:
    generated = run("pool-values", seed, {"asks": [ask], "modes": [mode]})
    p = generated.params
    out = pool_numpy(np.array(p["matrix"], dtype=float), p["F"], p["S"], mode)
    expected = out[p["r"], p["c"]] if ask == "element" else out.sum()
    assert generated.answer == pytest.approx(float(expected), rel=1e-12)


@given(seeds)
def test_max_pool_gradient_by_finite_difference(seed: int) -> None:
    generated = run("pool-values", seed, {"asks": ["grad"], "S": [1, 2]})
    p = generated.params
    x = np.array(p["matrix"], dtype=float)
    dout = np.array(p["dout"], dtype=float)

    def loss(values: np.ndarray) -> float:
        return float((dout * pool_numpy(values, p["F"], p["S"], "max")).sum())

    bumped = x.copy()
    bumped[p["i"], p["j"]] += 0.25  # values are distinct integers: no argmax changes
    assert generated.answer == pytest.approx((loss(bumped) - loss(x)) / 0.25, abs=1e-9)


def test_max_pool_of_the_seed_example() -> None:
    x = np.array([[1, 2, 1, 0], [0, 1, 2, 3], [3, 0, 1, 2], [2, 4, 0, 1]])
    assert pool_numpy(x, 2, 2, "max").tolist() == [[2, 3], [4, 2]]


@given(
    seeds,
    st.sampled_from([1, 2]),
    st.sampled_from([0, 1]),
    st.sampled_from([1, 2]),
    st.booleans(),
)
def test_conv_value_matches_numpy(
    seed: int, channels: int, pad: int, stride: int, bias: bool
) -> None:
    params = {"size": [4, 6], "F": [2, 3], "C": [channels], "P": [pad], "S": [stride], "bias": bias}
    generated = run("conv-value", seed, params)
    p = generated.params
    x = np.pad(np.array(p["x"]), ((0, 0), (p["P"], p["P"]), (p["P"], p["P"])))
    w = np.array(p["w"])
    f = w.shape[-1]
    view = sliding_window_view(x, (f, f), axis=(1, 2))[:, :: p["S"], :: p["S"]]
    out = np.einsum("cijab,cab->ij", view, w) + p["b"]
    assert generated.answer == out[p["r"], p["c"]]
    flipped = np.einsum("cijab,cab->ij", view, w[:, ::-1, ::-1]) + p["b"]
    assert generated.slips["flipped"] == flipped[p["r"], p["c"]]


def test_conv_value_of_the_seed_example() -> None:
    x = np.array([[1, 2, 3, 0], [0, 1, 2, 3], [3, 0, 1, 2], [2, 3, 0, 1]])
    w = np.array([[2, 0, 1], [0, 1, 2], [1, 0, 2]])
    out = np.einsum("ijab,ab->ij", sliding_window_view(x, (3, 3)), w)
    assert out.tolist() == [[15, 16], [6, 15]]


# --- architectures and detection counts ----------------------------------------------------------


@given(seeds, st.sampled_from(["depth", "width", "resolution", "flops"]))
def test_efficientnet_scaling_on_a_toy_network(seed: int, ask: str) -> None:
    generated = run("efficientnet-scaling", seed, {"asks": [ask]})
    p = generated.params
    d, w, r = (p["alpha"] ** p["phi"], p["beta"] ** p["phi"], p["gamma"] ** p["phi"])

    def flops(layers: float, channels: float, side: float) -> float:
        # `layers` 3×3 convolutions, channels → channels, on a side×side map.
        return layers * side * side * 9 * channels * channels

    expected = {
        "depth": d,
        "width": w,
        "resolution": r,
        "flops": flops(20 * d, 32 * w, 224 * r) / flops(20, 32, 224),
    }[ask]
    assert generated.answer == pytest.approx(expected, rel=1e-9)


def test_efficientnet_config_is_validated() -> None:
    with pytest.raises(ValueError):
        EfficientNetConfig.model_validate({"asks": ["height"]})


@given(seeds)
def test_densenet_channels_by_concatenating(seed: int) -> None:
    generated = run("densenet-channels", seed)
    p = generated.params
    features = [np.zeros((p["k0"], 2, 2))]
    inputs = []
    for _ in range(p["L"]):
        x = np.concatenate(features, axis=0)
        inputs.append(x.shape[0])
        features.append(np.zeros((p["k"], 2, 2)))  # H_l outputs k channels
    block_output = np.concatenate(features, axis=0).shape[0]
    expected = block_output if p["ask"] == "block-output" else inputs[p["l"] - 1]
    assert generated.answer == expected


def adaptive_max_pool(feature: np.ndarray, grid: int) -> np.ndarray:
    """Max over a grid×grid split of the spatial axes (as RoI / SPP pooling do)."""
    rows = np.array_split(np.arange(feature.shape[1]), grid)
    cols = np.array_split(np.arange(feature.shape[2]), grid)
    return np.array(
        [[feature[:, r][:, :, c].max(axis=(1, 2)) for c in cols] for r in rows]
    ).reshape(-1)


@given(seeds, st.sampled_from(["anchors", "yolo", "roi", "spp"]))
def test_detection_counts_by_building_the_outputs(seed: int, ask: str) -> None:
    generated = run("detection-counts", seed, {"asks": [ask]})
    p = generated.params
    rng = np.random.default_rng(seed % 1000)
    if ask == "anchors":
        anchors = [(y, x, a) for y in range(p["H"]) for x in range(p["W"]) for a in range(p["k"])]
        expected = len(anchors)
    elif ask == "yolo":
        expected = np.zeros((p["S"], p["S"], p["B"] * 5 + p["C"])).size
    elif ask == "roi":
        region = rng.random((p["C"], p["rh"], p["rw"]))
        expected = adaptive_max_pool(region, p["G"]).size
    else:
        feature = rng.random((p["C"], p["H"], p["W"]))
        expected = np.concatenate([adaptive_max_pool(feature, n) for n in p["levels"]]).size
    assert generated.answer == expected


# --- NMS -----------------------------------------------------------------------------------------


def pixel_iou(a: list[int], b: list[int], size: int = 40) -> Fraction:
    """IoU from unit cells of the integer grid (exact for integer corners)."""
    grid = np.zeros((2, size, size), dtype=bool)
    for index, (x1, y1, x2, y2) in enumerate((a, b)):
        grid[index, y1:y2, x1:x2] = True
    inter = np.count_nonzero(grid[0] & grid[1])
    return Fraction(inter, np.count_nonzero(grid[0] | grid[1]))


def vectorised_nms(boxes: list[list[int]], scores: list[float], threshold: float) -> list[int]:
    order = list(np.argsort(-np.array(scores), kind="stable"))
    thr = Fraction(threshold).limit_denominator(100)
    kept = []
    while order:
        best = order.pop(0)
        kept.append(int(best))
        order = [i for i in order if pixel_iou(boxes[best], boxes[i]) < thr]
    return sorted(kept)


@given(seeds)
def test_nms_matches_a_vectorised_suppression(seed: int) -> None:
    generated = run("nms-kept", seed)
    p = generated.params
    kept = vectorised_nms(p["boxes"], p["scores"], p["threshold"])
    assert generated.answer == len(kept)
    assert p["kept"] == kept


# --- compression and distributed training --------------------------------------------------------


@given(seeds, st.sampled_from(["scale", "zero-point", "quantized", "dequantized", "error"]))
def test_quantization_by_searching_the_levels(seed: int, ask: str) -> None:
    generated = run("quantize-affine", seed, {"asks": [ask]})
    p = generated.params
    levels = 2 ** p["bits"]
    grid = np.linspace(p["min"], p["max"], levels)
    s = grid[1] - grid[0]
    z = int(np.argmin(np.abs(grid)))  # the level nearest to real 0
    z_real = np.arange(levels) - z
    q = int(np.argmin(np.abs(z_real * s - p["x"])))  # the level nearest to x
    x_hat = (q - z) * s
    expected = {
        "scale": s,
        "zero-point": z,
        "quantized": q,
        "dequantized": x_hat,
        "error": abs(p["x"] - x_hat),
    }[ask]
    assert generated.answer == pytest.approx(float(expected), rel=1e-6, abs=1e-12)


def test_quant_config_is_validated() -> None:
    with pytest.raises(ValueError):
        QuantConfig.model_validate({"asks": ["bias"]})


@given(seeds)
def test_model_memory_from_array_sizes(seed: int) -> None:
    generated = run("model-memory", seed)
    p = generated.params
    dtypes = {64: np.float64, 32: np.float32, 16: np.float16, 8: np.int8}

    def megabytes(bits: int) -> float:
        if bits in dtypes:
            per_parameter = np.zeros(1000, dtype=dtypes[bits]).nbytes / 1000
        else:  # 4-bit values are packed two per byte
            per_parameter = np.packbits(np.zeros(8000, dtype=np.uint8)).nbytes / 1000 / 2
        return p["params"] * per_parameter / 1e6

    expected = (
        megabytes(p["to"]) if p["ask"] == "size" else megabytes(p["from"]) - megabytes(p["to"])
    )
    assert generated.answer == pytest.approx(expected, rel=1e-12)


@given(seeds)
def test_prune_count_with_numpy(seed: int) -> None:
    generated = run("prune-count", seed)
    p = generated.params
    if p["ask"] == "threshold":
        w = np.array(p["matrix"]) / 10
        assert generated.answer == np.count_nonzero(np.abs(w) > p["tau"] + 1e-12)
    else:
        # Prune the smallest rate% of 1,000 distinct magnitudes by rank, then scale up to N.
        magnitudes = np.random.default_rng(seed % 1000).permutation(1000) + 1
        removed = np.argsort(magnitudes)[: len(magnitudes) * p["rate"] // 100]
        mask = np.ones(len(magnitudes), dtype=bool)
        mask[removed] = False
        assert generated.answer == p["N"] * np.count_nonzero(mask) // len(magnitudes)


def log_softmax(z: np.ndarray) -> np.ndarray:
    return z - (z.max() + np.log(np.exp(z - z.max()).sum()))


@given(seeds)
def test_distill_softmax_with_log_sum_exp(seed: int) -> None:
    generated = run("distill-softmax", seed)
    p = generated.params
    z = np.array(p["logits"], dtype=float)
    soft = np.exp(log_softmax(z / p["T"]))
    assert generated.answer == pytest.approx(float(soft[p["i"]]), rel=1e-12)
    hard = np.exp(log_softmax(z))
    assert -(soft * np.log(soft)).sum() >= -(hard * np.log(hard)).sum() - 1e-12


@given(seeds)
def test_sync_sgd_step_is_the_mean_gradient_step(seed: int) -> None:
    generated = run("sync-sgd-step", seed)
    p = generated.params
    assert generated.answer == pytest.approx(p["w"] - p["eta"] * float(np.mean(p["grads"])))


@given(st.integers(2, 6), seeds)
def test_equal_shards_average_to_the_full_batch_gradient(workers: int, seed: int) -> None:
    rng = np.random.default_rng(seed % 10_000)
    x, y, w = rng.normal(size=(workers * 5, 3)), rng.normal(size=workers * 5), rng.normal(size=3)

    def gradient(xs: np.ndarray, ys: np.ndarray) -> np.ndarray:
        return 2 * xs.T @ (xs @ w - ys) / len(ys)

    shards = [
        gradient(xs, ys) for xs, ys in zip(np.split(x, workers), np.split(y, workers), strict=True)
    ]
    assert np.allclose(np.mean(shards, axis=0), gradient(x, y))


# --- reinforcement learning ----------------------------------------------------------------------


@given(seeds)
def test_q_learning_update_in_its_blended_form(seed: int) -> None:
    generated = run("q-learning-update", seed)
    p = generated.params
    frac = lambda v: Fraction(v).limit_denominator(1000)  # noqa: E731
    target = frac(p["r"]) + frac(p["gamma"]) * max(frac(v) for v in p["next"])
    blended = (1 - frac(p["alpha"])) * frac(p["q"]) + frac(p["alpha"]) * target
    assert generated.answer == pytest.approx(float(blended), abs=1e-12)


@given(seeds, st.booleans())
def test_discounted_return_by_backward_recursion(seed: int, from_start: bool) -> None:
    generated = run("discounted-return", seed, {"from_start": from_start})
    p = generated.params
    g = 0.0
    for reward in reversed(p["rewards"][p["t"] :]):
        g = reward + p["gamma"] * g
    assert generated.answer == pytest.approx(g, abs=1e-12)


@given(seeds, st.sampled_from(["reinforce", "exact"]))
def test_policy_gradient_by_finite_differences(seed: int, ask: str) -> None:
    generated = run("policy-gradient", seed, {"asks": [ask]})
    p = generated.params
    theta = np.log(np.array(p["pi"]))  # any logits with softmax(θ) = π
    k, h = p["k"], 1e-6
    bump = np.zeros_like(theta)
    bump[k] = h
    if ask == "reinforce":

        def objective(t: np.ndarray) -> float:
            return float(log_softmax(t)[p["a"]])

        scale = p["eps"] * p["G"]
    else:

        def objective(t: np.ndarray) -> float:
            return float(np.exp(log_softmax(t)) @ np.array(p["Q"], dtype=float))

        scale = p["eps"]
    derivative = (objective(theta + bump) - objective(theta - bump)) / (2 * h)
    assert generated.answer == pytest.approx(scale * derivative, abs=1e-7)


# --- configs -------------------------------------------------------------------------------------


def test_configs_reject_unknown_options() -> None:
    with pytest.raises(ValueError):
        ConvParamsConfig.model_validate({"layers": ["dilated"]})
    with pytest.raises(ValueError):
        Im2colConfig.model_validate({"asks": ["depth"]})
    with pytest.raises(ValueError):
        Im2colConfig.model_validate({"H": [9, 3]})


@pytest.mark.parametrize(
    "name",
    [
        "im2col-shape",
        "conv-params",
        "conv-macs",
        "separable-ratio",
        "receptive-field",
        "dilated-rf",
        "transposed-conv-size",
        "window-coverage",
        "pool-values",
        "conv-value",
        "efficientnet-scaling",
        "densenet-channels",
        "detection-counts",
        "nms-kept",
        "quantize-affine",
        "model-memory",
        "prune-count",
        "distill-softmax",
        "sync-sgd-step",
        "q-learning-update",
        "discounted-return",
        "policy-gradient",
    ],
)
def test_answers_are_finite_floats_and_slips_are_declared(name: str) -> None:
    spec = GENERATORS[name]
    for seed in range(60):
        generated = spec.run(random.Random(seed), {})
        assert isinstance(generated.answer, float) and math.isfinite(generated.answer)
        assert set(generated.slips) <= spec.slips
        assert all(isinstance(v, str) for v in generated.values.values())

"""Each parametric family against an independent computation of its answer."""

from __future__ import annotations

import math
import random

import numpy as np
import pytest
import sympy
from hypothesis import given
from hypothesis import strategies as st

from trainer.bank.generators import GENERATORS
from trainer.bank.generators.dl_applications.generative.gan import GanConfig
from trainer.bank.generators.dl_applications.object_detection.iou import IouConfig, iou
from trainer.bank.generators.dl_fundamentals.cnn.conv_output_size import ConvConfig
from trainer.bank.generators.dl_fundamentals.rnn.bptt import BpttConfig, derivative, symbol_domains

seeds = st.integers(min_value=0, max_value=2**31 - 1)


def conv_output_by_sliding(h: int, fh: int, p: int, s: int) -> int:
    """The height a real (naive) convolution produces: slide the filter over the padded input."""
    padded = np.pad(np.arange(h, dtype=float), p)
    windows = np.lib.stride_tricks.sliding_window_view(padded, fh)[::s]
    return int(windows.shape[0])


@given(seeds)
def test_conv_output_size_matches_a_real_convolution(seed: int) -> None:
    generated = GENERATORS["conv-output-size"].run(random.Random(seed), {})
    h, fh, p, s = (generated.params[k] for k in ("H", "FH", "P", "S"))
    assert h + 2 * p >= fh and p < fh  # only valid layers are drawn
    assert generated.answer == conv_output_by_sliding(h, fh, p, s)


@given(seeds)
def test_conv_output_size_2d_shape_from_numpy(seed: int) -> None:
    generated = GENERATORS["conv-output-size"].run(
        random.Random(seed), {"H": [5, 20], "FH": [3], "P": [0, 1], "S": [1, 2]}
    )
    h, fh, p, s = (generated.params[k] for k in ("H", "FH", "P", "S"))
    image = np.pad(np.ones((h, h)), p)
    out = np.lib.stride_tricks.sliding_window_view(image, (fh, fh))[::s, ::s]
    assert out.shape[:2] == (generated.answer, generated.answer)


@given(seeds)
def test_conv_divisible_option_draws_exact_layers(seed: int) -> None:
    config = {"H": [8, 32], "FH": [3, 5], "P": [0, 2], "S": [1, 2], "divisible": True}
    generated = GENERATORS["conv-output-size"].run(random.Random(seed), config)
    h, fh, p, s = (generated.params[k] for k in ("H", "FH", "P", "S"))
    assert (h + 2 * p - fh) % s == 0


def test_conv_config_without_a_valid_layer_is_refused() -> None:
    with pytest.raises(ValueError, match="no valid layer"):
        ConvConfig.model_validate({"H": [2, 3], "FH": [7], "P": [0, 1]})


def iou_on_grid(a: list[int], b: list[int], resolution: int = 4) -> float:
    """Brute force: count the centres of fine grid cells inside each box."""
    limit = max(a + b) + 1
    centres = (np.arange(limit * resolution) + 0.5) / resolution
    xs, ys = np.meshgrid(centres, centres)

    def inside(box: list[int]) -> np.ndarray:
        return (xs > box[0]) & (xs < box[2]) & (ys > box[1]) & (ys < box[3])

    in_a, in_b = inside(a), inside(b)
    union = np.count_nonzero(in_a | in_b)
    return np.count_nonzero(in_a & in_b) / union if union else 0.0


@given(seeds)
def test_iou_matches_a_brute_force_grid_count(seed: int) -> None:
    generated = GENERATORS["iou"].run(random.Random(seed), {})
    assert isinstance(generated.answer, float)
    assert generated.answer == pytest.approx(
        iou_on_grid(generated.params["box_a"], generated.params["box_b"])
    )


@given(seeds, st.sampled_from(["overlap", "disjoint", "touching", "nested"]))
def test_iou_relations_are_what_they_say(seed: int, relation: str) -> None:
    generated = GENERATORS["iou"].run(random.Random(seed), {"relations": [relation]})
    answer = generated.answer
    assert isinstance(answer, float)
    if relation in ("disjoint", "touching"):
        assert answer == 0.0
    else:
        assert 0.0 < answer < 1.0


# A box [x1, y1, x2, y2] with x1 < x2 and y1 < y2, built so (no filtering: a filter that threw
# most draws away tripped Hypothesis's health check now and then).
BOXES = st.builds(
    lambda x, y, w, h: (x, y, x + w, y + h),
    st.integers(0, 19),
    st.integers(0, 19),
    st.integers(1, 10),
    st.integers(1, 10),
)


@given(BOXES, BOXES)
def test_iou_is_symmetric_and_bounded(
    a: tuple[int, int, int, int], b: tuple[int, int, int, int]
) -> None:
    assert iou(a, b) == iou(b, a)
    assert 0.0 <= iou(a, b) <= 1.0
    assert iou(a, a) == 1.0


def test_iou_config_is_validated() -> None:
    with pytest.raises(ValueError):
        IouConfig.model_validate({"relations": ["sideways"]})


def unrolled(activation: str, steps: int) -> tuple[dict[str, sympy.Symbol], list[sympy.Expr]]:
    """h_1..h_T as explicit functions of w, u, x_t and h_0."""
    names = ["w", "u", "h_0", *[f"x_{t}" for t in range(1, steps + 1)]]
    sym = {n: sympy.Symbol(n, real=True) for n in names}
    f = sympy.tanh if activation == "tanh" else (lambda a: 1 / (1 + sympy.exp(-a)))
    hidden = [sym["h_0"]]
    for t in range(1, steps + 1):
        hidden.append(f(sym["w"] * hidden[-1] + sym["u"] * sym[f"x_{t}"]))
    return sym, hidden


@pytest.mark.parametrize("activation", ["tanh", "sigmoid"])
@pytest.mark.parametrize("steps", [1, 2, 3])
@pytest.mark.parametrize("target", ["h0", "w", "u", "x1"])
def test_bptt_answer_equals_sympy_diff_of_the_unrolled_rnn(
    activation: str, steps: int, target: str
) -> None:
    sym, hidden = unrolled(activation, steps)
    wrt = {"h0": "h_0", "w": "w", "u": "u", "x1": "x_1"}[target]
    truth = sympy.diff(hidden[steps], sym[wrt])
    answer = sympy.sympify(
        derivative(activation, steps, target),
        locals={n: sympy.Symbol(n, real=True) for n in symbol_domains(activation, steps)},
    )
    substituted = answer.subs(
        {sympy.Symbol(f"h_{t}", real=True): hidden[t] for t in range(steps, 0, -1)}
    )
    rng = random.Random(0)
    for _ in range(5):
        point = {s: rng.uniform(-1.2, 1.2) for s in sym.values()}
        assert float(substituted.subs(point)) == pytest.approx(
            float(truth.subs(point)), rel=1e-9, abs=1e-12
        )


@given(seeds)
def test_bptt_generator_draws_within_its_config(seed: int) -> None:
    config = {"steps": [2], "activations": ["sigmoid"], "targets": ["w"]}
    generated = GENERATORS["bptt"].run(random.Random(seed), config)
    assert generated.params == {"steps": 2, "activation": "sigmoid", "target": "w"}
    assert generated.answer == derivative("sigmoid", 2, "w")
    assert set(generated.symbols) >= {"w", "h_0", "h_1", "h_2"}


def test_bptt_config_is_validated() -> None:
    with pytest.raises(ValueError):
        BpttConfig.model_validate({"steps": [7]})


def discriminator_by_search(p_data: float, p_g: float) -> float:
    """argmax over y of p_data log y + p_g log(1 - y), by a fine grid then golden refinement."""
    grid = np.linspace(1e-6, 1 - 1e-6, 200_001)
    values = p_data * np.log(grid) + p_g * np.log(1 - grid)
    return float(grid[np.argmax(values)])


@given(seeds)
def test_gan_d_star_maximises_the_value(seed: int) -> None:
    generated = GENERATORS["gan-optimum"].run(random.Random(seed), {"asks": ["d-star"]})
    searched = discriminator_by_search(generated.params["p_data"], generated.params["p_g"])
    assert generated.answer == pytest.approx(searched, abs=1e-5)


def jsd(p: list[float], q: list[float]) -> float:
    m = [(a + b) / 2 for a, b in zip(p, q, strict=True)]
    kl = lambda x, y: sum(a * math.log(a / b) for a, b in zip(x, y, strict=True) if a > 0)  # noqa: E731
    return (kl(p, m) + kl(q, m)) / 2


@given(seeds, st.integers(2, 4))
def test_gan_value_at_optimum_is_minus_log4_plus_twice_jsd(seed: int, support: int) -> None:
    generated = GENERATORS["gan-optimum"].run(
        random.Random(seed), {"asks": ["value"], "support": support}
    )
    p, q = generated.params["p_data"], generated.params["p_g"]
    assert sum(p) == pytest.approx(1) and sum(q) == pytest.approx(1)
    assert generated.answer == pytest.approx(-math.log(4) + 2 * jsd(p, q), abs=1e-12)
    assert generated.answer >= -math.log(4) - 1e-12


def test_gan_config_is_validated() -> None:
    with pytest.raises(ValueError):
        GanConfig.model_validate({"asks": ["nothing"]})


@pytest.mark.parametrize("name", sorted(GENERATORS))
def test_generators_are_deterministic_per_seed_and_vary(name: str) -> None:
    spec = GENERATORS[name]
    first = [spec.run(random.Random(f"q#{s}"), {}) for s in range(40)]
    again = [spec.run(random.Random(f"q#{s}"), {}) for s in range(40)]
    assert first == again
    assert len({repr(g.params) for g in first}) > 5
    for generated in first:
        assert set(generated.slips) <= spec.slips

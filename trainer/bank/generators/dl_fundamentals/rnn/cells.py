"""Recurrent cells with given numbers (scalar hidden state, so every product is elementwise).

- `lstm-cell`: c_t = f·c_(t−1) + i·g and h_t = o·tanh(c_t), from gate values or from the gates'
  pre-activations (f, i, o = σ(a), g = tanh(a_g)).
- `gru-cell`: h_t = (1 − z)·h_(t−1) + z·h̃ (「ゼロから作る Deep Learning 2」) or
  h_t = (1 − z)·h̃ + z·h_(t−1) (PyTorch), and the candidate h̃ = tanh(w_x x + w_h (r·h_(t−1)) + b).
- `rnn-forward`: z_t = tanh(w_in x_t + w z_(t−1) + b), y_t = w_out z_t + c over 2-3 steps.
- `rnn-param-count`: parameters of one simple RNN, LSTM or GRU layer with one bias vector per
  gate (textbook) or two (PyTorch's b_ih and b_hh).
"""

from __future__ import annotations

import math
import random
from typing import Literal

from pydantic import Field

from trainer.bank.generators.common import IntChoices, IntRange, draw, fmt, signed, vec
from trainer.bank.generators.registry import Generated, GeneratorConfig, Margin, generator


def _sigmoid(x: float) -> float:
    return 1 / (1 + math.exp(-x))


TENTHS = tuple(v / 10 for v in range(1, 10))


SIGNED_TENTHS = tuple(v / 10 for v in range(-9, 10) if v)


HALVES = (-2.0, -1.5, -1.0, -0.5, 0.5, 1.0, 1.5, 2.0)


# |c| (or a GRU pre-activation) at least this: |c| − tanh|c| ≥ 0.038, so forgetting tanh shows
CELL_MIN = 0.5


LstmAsk = Literal["cell", "hidden", "preactivations"]


class LstmConfig(GeneratorConfig):
    asks: tuple[LstmAsk, ...] = Field(default=("cell", "hidden"), min_length=1)


@generator(
    "lstm-cell",
    kind="numeric",
    config=LstmConfig,
    slips=("no-forget", "no-input-gate", "forget-inverted", "no-tanh", "sigmoid-candidate"),
    margin=Margin(abs=2e-3),
)
def lstm_cell(rng: random.Random, config: LstmConfig) -> Generated:
    ask = rng.choice(config.asks)
    while True:
        c_prev = rng.choice(HALVES)
        if ask == "preactivations":
            a_f, a_i, a_o, a_g = (rng.choice((-2.0, -1.0, 0.0, 1.0, 2.0)) for _ in range(4))
            f, i, o, g = _sigmoid(a_f), _sigmoid(a_i), _sigmoid(a_o), math.tanh(a_g)
        else:
            f, i, o = rng.choice(TENTHS), rng.choice(TENTHS), rng.choice(TENTHS)
            g = rng.choice(SIGNED_TENTHS)
            a_f = a_i = a_o = a_g = 0.0
        c = f * c_prev + i * g
        # h = o·tanh(c) needs a cell outside tanh's linear range, or forgetting tanh is right
        if ask == "cell" or abs(c) >= CELL_MIN:
            break
    h = o * math.tanh(c)
    slips: dict[str, float]
    if ask == "cell":
        answer = c
        slips = {
            "no-forget": c_prev + i * g,
            "no-input-gate": f * c_prev + g,
            "forget-inverted": (1 - f) * c_prev + i * g,
        }
    elif ask == "hidden":
        answer = h
        slips = {"no-tanh": o * c, "no-forget": o * math.tanh(c_prev + i * g)}
    else:
        answer = h
        g_wrong = _sigmoid(a_g)
        slips = {"no-tanh": o * c, "sigmoid-candidate": o * math.tanh(f * c_prev + i * g_wrong)}
    values = {
        "ask": ask,
        "c_prev": fmt(c_prev),
        "c_prev_s": signed(c_prev),
        "g_s": signed(g),
        "tanh_c_s": signed(math.tanh(c)),
        "f": fmt(f, 4),
        "i": fmt(i, 4),
        "o": fmt(o, 4),
        "g": fmt(g, 4),
        "a_f": fmt(a_f),
        "a_i": fmt(a_i),
        "a_o": fmt(a_o),
        "a_g": fmt(a_g),
        "c": fmt(c, 4),
        "tanh_c": fmt(math.tanh(c), 4),
        "answer": fmt(answer, 4),
    }
    params = {"ask": ask, "c_prev": c_prev, "f": f, "i": i, "o": o, "g": g}
    return Generated(params, values, answer, slips)


GruAsk = Literal["hidden", "candidate"]


GruConvention = Literal["dlfs2", "pytorch"]


class GruConfig(GeneratorConfig):
    asks: tuple[GruAsk, ...] = Field(default=("hidden",), min_length=1)
    conventions: tuple[GruConvention, ...] = Field(default=("dlfs2", "pytorch"), min_length=1)


def gru_hidden(convention: str, z: float, h_prev: float, candidate: float) -> float:
    if convention == "dlfs2":
        return (1 - z) * h_prev + z * candidate
    return (1 - z) * candidate + z * h_prev


@generator(
    "gru-cell",
    kind="numeric",
    config=GruConfig,
    slips=("other-convention", "no-reset", "no-tanh"),
    margin=Margin(abs=2e-3),
)
def gru_cell(rng: random.Random, config: GruConfig) -> Generated:
    ask = rng.choice(config.asks)
    convention = rng.choice(config.conventions)
    h_prev = rng.choice(SIGNED_TENTHS)
    values: dict[str, str] = {"ask": ask, "convention": convention, "h_prev": fmt(h_prev)}
    if ask == "hidden":
        z = rng.choice(TENTHS)
        candidate = rng.choice(SIGNED_TENTHS)
        while candidate == h_prev:
            candidate = rng.choice(SIGNED_TENTHS)
        answer = gru_hidden(convention, z, h_prev, candidate)
        other = "pytorch" if convention == "dlfs2" else "dlfs2"
        slips = {"other-convention": gru_hidden(other, z, h_prev, candidate)}
        values |= {
            "z": fmt(z),
            "one_minus_z": fmt(1 - z),
            "candidate": fmt(candidate),
            "formula": "h_t = (1 − z)·h_(t−1) + z·h̃"
            if convention == "dlfs2"
            else "h_t = (1 − z)·h̃ + z·h_(t−1)",
            "answer": fmt(answer, 4),
        }
        params: dict[str, object] = {
            "ask": ask,
            "convention": convention,
            "z": z,
            "h_prev": h_prev,
            "h_tilde": candidate,
        }
        return Generated(params, values, answer, slips)
    while True:  # as for the LSTM cell: a pre-activation outside tanh's linear range
        r = rng.choice(TENTHS)
        x = rng.choice(HALVES)
        w_x, w_h = rng.choice((0.5, 1.0, -0.5, 2.0)), rng.choice((0.5, 1.0, -1.0, 2.0))
        b = rng.choice((0.0, 0.1, -0.2, 0.5))
        a = w_x * x + w_h * (r * h_prev) + b
        if abs(a) >= CELL_MIN:
            break
    answer = math.tanh(a)
    slips = {"no-reset": math.tanh(w_x * x + w_h * h_prev + b), "no-tanh": a}
    values |= {
        "r": fmt(r),
        "x": fmt(x),
        "x_s": signed(x),
        "h_prev_s": signed(h_prev),
        "b_s": signed(b),
        "w_x": fmt(w_x),
        "w_h": fmt(w_h),
        "b": fmt(b),
        "a": fmt(a, 4),
        "answer": fmt(answer, 4),
    }
    params = {"ask": ask, "r": r, "x": x, "w_x": w_x, "w_h": w_h, "b": b, "h_prev": h_prev}
    return Generated(params, values, answer, slips)


RnnAsk = Literal["hidden", "output"]


class RnnForwardConfig(GeneratorConfig):
    asks: tuple[RnnAsk, ...] = Field(default=("hidden", "output"), min_length=1)
    steps: IntRange = (2, 3)


@generator(
    "rnn-forward",
    kind="numeric",
    config=RnnForwardConfig,
    slips=("no-recurrence", "no-activation"),
    margin=Margin(abs=2e-3),
)
def rnn_forward(rng: random.Random, config: RnnForwardConfig) -> Generated:
    ask = rng.choice(config.asks)
    steps = draw(rng, (max(1, config.steps[0]), min(4, max(1, config.steps[1]))))
    xs = [rng.choice((-1.0, 0.5, 1.0, 2.0, -0.5)) for _ in range(steps)]
    w_in = rng.choice((0.5, 1.0, -0.5))
    w = rng.choice((0.5, 0.8, -0.5, 1.5))
    b = rng.choice((0.0, 0.1, -0.2))
    w_out, c = rng.choice((1.0, 2.0, -1.0)), rng.choice((0.0, 0.5))
    z0 = 0.0
    z, z_plain, z_linear, trace = z0, z0, z0, []
    for t, x in enumerate(xs, start=1):
        z = math.tanh(w_in * x + w * z + b)
        z_plain = math.tanh(w_in * x + b)
        z_linear = w_in * x + w * z_linear + b
        trace.append(f"z_{t} = {fmt(z, 4)}")
    if ask == "hidden":
        answer = z
        slips = {"no-recurrence": z_plain, "no-activation": z_linear}
    else:
        answer = w_out * z + c
        slips = {"no-recurrence": w_out * z_plain + c, "no-activation": w_out * z_linear + c}
    values = {
        "ask": ask,
        "ask_ja": f"最後の時刻の中間層の出力 z_{steps} の値"
        if ask == "hidden"
        else f"最後の時刻の出力 y_{steps} の値",
        "ask_en": f"the last hidden output z_{steps}"
        if ask == "hidden"
        else f"the last output y_{steps}",
        "T": str(steps),
        "x": vec(xs),
        "w_in": fmt(w_in),
        "w": fmt(w),
        "b": fmt(b),
        "w_out": fmt(w_out),
        "c": fmt(c),
        "trace": ", ".join(trace),
        "z_T": fmt(z, 4),
        "answer": fmt(answer, 4),
    }
    params = {"ask": ask, "x": xs, "w_in": w_in, "w": w, "b": b, "w_out": w_out, "c": c}
    return Generated(params, values, answer, slips)


Cell = Literal["rnn", "lstm", "gru"]


BiasConvention = Literal["single", "pytorch"]


GATES = {"rnn": 1, "lstm": 4, "gru": 3}


class RnnParamConfig(GeneratorConfig):
    cells: tuple[Cell, ...] = Field(default=("lstm", "gru"), min_length=1)
    biases: tuple[BiasConvention, ...] = Field(default=("single", "pytorch"), min_length=1)
    inputs: IntChoices = (3, 4, 5, 8, 10, 16, 32, 64, 100, 128)
    hidden: IntChoices = (2, 3, 4, 8, 16, 20, 32, 64, 128, 256)


def rnn_params(cell: str, d: int, h: int, bias: str) -> int:
    per_gate = d * h + h * h + (2 * h if bias == "pytorch" else h)
    return GATES[cell] * per_gate


@generator(
    "rnn-param-count",
    kind="numeric",
    config=RnnParamConfig,
    slips=("single-gate", "other-bias", "no-recurrent", "wrong-gate-count"),
)
def rnn_param_count(rng: random.Random, config: RnnParamConfig) -> Generated:
    cell = rng.choice(config.cells)
    bias = rng.choice(config.biases)
    d, h = rng.choice(config.inputs), rng.choice(config.hidden)
    answer = float(rnn_params(cell, d, h, bias))
    gates = GATES[cell]
    biases_per_gate = 2 * h if bias == "pytorch" else h
    slips = {
        "other-bias": float(rnn_params(cell, d, h, "single" if bias == "pytorch" else "pytorch")),
        "no-recurrent": float(gates * (d * h + biases_per_gate)),
    }
    if cell != "rnn":
        slips["single-gate"] = float(rnn_params("rnn", d, h, bias))
        wrong = {"lstm": 3, "gru": 4}[cell]
        slips["wrong-gate-count"] = float(wrong * (d * h + h * h + biases_per_gate))
    values = {
        "cell": {"rnn": "単純 RNN", "lstm": "LSTM", "gru": "GRU"}[cell],
        "cell_en": {"rnn": "simple RNN", "lstm": "LSTM", "gru": "GRU"}[cell],
        "bias_ja": "バイアス H 個（1 組に 1 本のバイアスベクトル）"
        if bias == "single"
        else "バイアス 2H 個（PyTorch と同じく b_ih と b_hh の 2 本）",
        "bias_en": "H biases (one bias vector per set)"
        if bias == "single"
        else "2H biases (two bias vectors, b_ih and b_hh, as in PyTorch)",
        "D": str(d),
        "H": str(h),
        "gates": str(gates),
        "DH": str(d * h),
        "HH": str(h * h),
        "bias_terms": str(biases_per_gate),
        "per_gate": str(d * h + h * h + biases_per_gate),
        "answer": str(int(answer)),
    }
    return Generated({"cell": cell, "bias": bias, "D": d, "H": h}, values, answer, slips)

"""Syllabus leaves the seeds barely touch (question_bank/advanced/syllabus_gaps.yaml).

- `early-stopping` (3-3-3): the epoch at which patience-based early stopping ends a run, and the
  epoch whose weights it restores.
- `specaugment-mask` (3-7-2): cells of an F × T spectrogram covered by one frequency and one time
  mask, f·T + t·F − f·t.
- `audio-augment` (3-7-2): pitch shift by n semitones (frequency × 2^(n/12)) and a gain of g dB
  (power × 10^(g/10), so amplitude × 10^(g/20)).
- `ensemble-variance` (3-7-4): variance of the mean of n equally correlated predictors,
  ρσ² + (1 − ρ)σ²/n.
- `bootstrap-sample` (3-7-4): the chance that a sample is missing from a bootstrap sample,
  (1 − 1/N)^N, and the expected number of distinct samples in it.
- `hyperparameter-search` (3-7-5): grid-search runs, random-search trials for a hit in the top q,
  and the probability of an interval under log-uniform learning-rate sampling.
- `fcos-target` (4-2-3): FCOS regression targets (l*, t*, r*, b*) and the centre-ness
  √(min(l,r)/max(l,r) · min(t,b)/max(t,b)).
- `autoencoder-params` (4-6-2): weights and biases of a symmetric fully connected autoencoder.
- `uncertainty-sampling` (4-8-3): which unlabelled sample least-confidence, margin or entropy
  sampling queries.
- `shapley-value` (4-9-2): an exact Shapley value from a coalition value table, and a missing SHAP
  value from the efficiency property.
- `fedavg` (5-2-2): the FedAvg global weight Σ n_k w_k / Σ n_k.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable, Sequence
from fractions import Fraction
from itertools import combinations, pairwise
from typing import Literal

from pydantic import Field

from trainer.bank.generators.common import IntChoices, IntRange, draw, fmt
from trainer.bank.generators.registry import Generated, GeneratorConfig, Margin, generator

MAX_TRIES = 10_000  # a draw that keeps failing means the configured ranges allow no valid one
NO_DRAW = "no valid draw in these ranges"


def count(n: int) -> str:
    """An integer with thousands separators."""
    return f"{n:,}"


def signed(value: float, digits: int = 4) -> str:
    """A term to write after + or ×: negative ones in parentheses."""
    text = fmt(value, digits)
    return f"({text})" if value < 0 else text


def truncated(value: float, digits: int = 3) -> str:
    """A value cut (not rounded) to `digits` decimals, so 98.9995 % does not read as 99 %."""
    scale = 10**digits
    return fmt(math.floor(value * scale) / scale, digits)


def hundredths(value: int) -> str:
    """A value stored in hundredths, written with two decimals (0.07, 1.20)."""
    return f"{value / 100:.2f}"


# --- early-stopping -----------------------------------------------------------------------------

EarlyAsk = Literal["stop", "best"]


class EarlyStoppingConfig(GeneratorConfig):
    asks: tuple[EarlyAsk, ...] = Field(default=("stop", "best"), min_length=1)
    epochs: IntRange = (10, 14)
    patience: IntChoices = (2, 3)


def early_stop(losses: Sequence[int], patience: int) -> tuple[int, int] | None:
    """(stop epoch, restored epoch), 1-based; None if the run never stops.

    An epoch improves when its loss is strictly below the best so far; the run stops at the end
    of the epoch that makes `patience` epochs in a row without improvement.
    """
    best, best_epoch, wait = losses[0], 1, 0
    for epoch, loss in enumerate(losses[1:], start=2):
        if loss < best:
            best, best_epoch, wait = loss, epoch, 0
            continue
        wait += 1
        if wait == patience:
            return epoch, best_epoch
    return None


def _loss_curve(rng: random.Random, n: int, turn: int) -> list[int]:
    """Validation losses in hundredths: falling (small bumps) up to `turn`, then drifting up."""
    value = rng.randint(90, 140)
    losses = [value]
    for epoch in range(2, n + 1):
        if epoch <= turn:
            step = rng.randint(0, 4) if rng.random() < 0.3 else -rng.randint(2, 14)
        else:
            step = rng.randint(-4, 8)
        value = max(value + step, 5)
        losses.append(value)
    return losses


@generator(
    "early-stopping",
    kind="numeric",
    config=EarlyStoppingConfig,
    slips=("best-epoch", "no-patience", "off-by-one", "stop-epoch", "global-min"),
)
def early_stopping(rng: random.Random, config: EarlyStoppingConfig) -> Generated:
    ask = rng.choice(config.asks)
    # half of the "restore" questions show a lower loss after the stop (never reached)
    later_minimum = ask == "best" and rng.random() < 0.5
    for _ in range(MAX_TRIES):
        n = draw(rng, config.epochs)
        p = rng.choice(config.patience)
        if n < p + 6:
            continue
        losses = _loss_curve(rng, n, rng.randint(4, n - p - 1))
        result = early_stop(losses, p)
        if result is None:
            continue
        stop, best = result
        running = [min(losses[:e]) for e in range(1, n + 1)]
        first_rise = next(e for e in range(2, n + 1) if losses[e - 1] >= running[e - 2])
        lower_later = min(losses[stop:], default=losses[best - 1]) < losses[best - 1]
        if stop < n and first_rise < best and stop >= 5 and lower_later == later_minimum:
            break
    else:
        raise ValueError(NO_DRAW)
    global_min = losses.index(min(losses)) + 1
    slips: dict[str, float]
    if ask == "stop":
        answer = stop
        slips = {"best-epoch": best, "no-patience": first_rise, "off-by-one": stop - 1}
    else:
        answer = best
        slips = {"stop-epoch": stop, "global-min": global_min, "no-patience": first_rise - 1}
    values = {
        "ask": ask,
        "n": str(n),
        "p": str(p),
        "losses": ", ".join(f"{e}: {hundredths(v)}" for e, v in enumerate(losses, start=1)),
        "best": str(best),
        "best_loss": hundredths(losses[best - 1]),
        "stop": str(stop),
        "waiting": ", ".join(str(e) for e in range(best + 1, stop + 1)),
        "first_rise": str(first_rise),
        "global_min": str(global_min),
        "global_loss": hundredths(min(losses)),
        "later_ja": f"表全体の最小は第 {global_min} エポックの {hundredths(min(losses))} だが、"
        "打ち切った後のエポックは学習されないので使えない。"
        if global_min != best
        else "",
        "later_en": f"The list's overall minimum, {hundredths(min(losses))} at epoch {global_min}, "
        "comes after the stop and is never reached. "
        if global_min != best
        else "",
        "answer": str(answer),
    }
    params = {"ask": ask, "losses": losses, "patience": p}
    return Generated(params, values, float(answer), {k: float(v) for k, v in slips.items()})


# --- specaugment-mask ---------------------------------------------------------------------------


class SpecAugmentConfig(GeneratorConfig):
    bins: IntChoices = (40, 64, 80, 128)
    frames: IntRange = (100, 400)
    freq_width: IntRange = (4, 27)
    time_width: IntRange = (10, 100)


@generator(
    "specaugment-mask",
    kind="numeric",
    config=SpecAugmentConfig,
    slips=("double-count", "frequency-only", "time-only"),
)
def specaugment_mask(rng: random.Random, config: SpecAugmentConfig) -> Generated:
    bins = rng.choice(config.bins)
    frames = draw(rng, config.frames)
    f = rng.randint(config.freq_width[0], min(config.freq_width[1], bins - 1))
    t = rng.randint(config.time_width[0], min(config.time_width[1], frames - 1))
    f0 = rng.randint(0, bins - f)
    t0 = rng.randint(0, frames - t)
    answer = f * frames + t * bins - f * t
    slips = {
        "double-count": float(f * frames + t * bins),
        "frequency-only": float(f * frames),
        "time-only": float(t * bins),
    }
    values = {
        "F": str(bins),
        "T": str(frames),
        "cells": count(bins * frames),
        "f": str(f),
        "t": str(t),
        "f0": str(f0),
        "f1": str(f0 + f - 1),
        "t0": str(t0),
        "t1": str(t0 + t - 1),
        "freq_cells": count(f * frames),
        "time_cells": count(t * bins),
        "overlap": count(f * t),
        "percent": fmt(100 * answer / (bins * frames), 1),
        "answer": count(answer),
    }
    params = {"F": bins, "T": frames, "f": f, "t": t, "f0": f0, "t0": t0}
    return Generated(params, values, float(answer), slips)


# --- audio-augment ------------------------------------------------------------------------------

AudioAsk = Literal["pitch", "volume"]


class AudioAugmentConfig(GeneratorConfig):
    asks: tuple[AudioAsk, ...] = Field(default=("pitch", "volume"), min_length=1)
    semitones: IntRange = (-7, 7)
    base_hz: IntRange = (100, 500)
    gains_db: IntChoices = (-12, -9, -6, -3, 3, 6, 9)
    peak: IntRange = (5, 40)  # hundredths of full scale


@generator(
    "audio-augment",
    kind="numeric",
    config=AudioAugmentConfig,
    slips=("linear", "wrong-direction", "power-ratio"),
)
def audio_augment(rng: random.Random, config: AudioAugmentConfig) -> Generated:
    ask = rng.choice(config.asks)
    if ask == "pitch":
        shifts = [s for s in range(config.semitones[0], config.semitones[1] + 1) if s != 0]
        if not shifts:
            raise ValueError(NO_DRAW)
        n = rng.choice(shifts)
        base = draw(rng, config.base_hz)
        ratio = 2 ** (n / 12)
        answer = base * ratio
        slips = {"linear": base * (1 + n / 12), "wrong-direction": base * 2 ** (-n / 12)}
        values = {
            "ask": ask,
            "f0": str(base),
            "n": str(n),
            "n_abs": str(abs(n)),
            "dir_ja": "上げる" if n > 0 else "下げる",
            "dir_en": "up" if n > 0 else "down",
            "ratio": fmt(ratio, 4),
            "answer": fmt(answer, 1),
        }
        return Generated({"ask": ask, "f0": base, "n": n}, values, answer, slips)
    for _ in range(MAX_TRIES):
        gain = rng.choice(config.gains_db)
        peak = draw(rng, config.peak) / 100
        if gain != 0 and peak * 10 ** (gain / 20) <= 0.95:
            break
    else:
        raise ValueError(NO_DRAW)
    ratio = 10 ** (gain / 20)
    answer = peak * ratio
    slips = {"power-ratio": peak * 10 ** (gain / 10), "wrong-direction": peak / ratio}
    values = {
        "ask": ask,
        "A": fmt(peak),
        "g": str(gain),
        "power": fmt(10 ** (gain / 10), 4),
        "ratio": fmt(ratio, 4),
        "answer": fmt(answer, 4),
    }
    return Generated({"ask": ask, "A": peak, "g": gain}, values, answer, slips)


# --- ensemble-variance --------------------------------------------------------------------------


class EnsembleVarianceConfig(GeneratorConfig):
    models: IntRange = (2, 10)
    variances: tuple[float, ...] = Field(default=(0.5, 1.0, 2.0, 4.0, 9.0), min_length=1)
    correlations: tuple[float, ...] = Field(
        default=(0.1, 0.2, 0.25, 0.3, 0.4, 0.5, 0.6, 0.75, 0.8), min_length=1
    )


@generator(
    "ensemble-variance",
    kind="numeric",
    config=EnsembleVarianceConfig,
    slips=("independent", "single-model", "swapped"),
)
def ensemble_variance(rng: random.Random, config: EnsembleVarianceConfig) -> Generated:
    n = draw(rng, config.models)
    var = rng.choice(config.variances)
    rho = rng.choice(config.correlations)
    shared = rho * var
    private = (1 - rho) * var / n
    answer = shared + private
    slips = {
        "independent": var / n,
        "single-model": var,
        "swapped": (1 - rho) * var + rho * var / n,
    }
    values = {
        "n": str(n),
        "var": fmt(var),
        "rho": fmt(rho),
        "shared": fmt(shared, 5),
        "private": fmt(private, 5),
        "limit": fmt(shared, 5),
        "answer": fmt(answer, 5),
    }
    return Generated({"n": n, "var": var, "rho": rho}, values, answer, slips)


# --- bootstrap-sample ---------------------------------------------------------------------------

BootstrapAsk = Literal["absent", "distinct"]


class BootstrapConfig(GeneratorConfig):
    asks: tuple[BootstrapAsk, ...] = Field(default=("absent", "distinct"), min_length=1)
    size: IntRange = (4, 20)


@generator(
    "bootstrap-sample",
    kind="numeric",
    config=BootstrapConfig,
    slips=("limit", "one-draw", "complement"),
)
def bootstrap_sample(rng: random.Random, config: BootstrapConfig) -> Generated:
    ask = rng.choice(config.asks)
    n = draw(rng, config.size)
    if n < 2:
        raise ValueError(NO_DRAW)
    absent = (1 - 1 / n) ** n
    if ask == "absent":
        answer = absent
        slips = {"limit": math.exp(-1), "one-draw": 1 - 1 / n, "complement": 1 - absent}
    else:
        answer = n * (1 - absent)
        slips = {"limit": n * (1 - math.exp(-1)), "complement": n * absent}
    values = {
        "ask": ask,
        "ask_ja": "ある特定のサンプルが 1 度も選ばれない確率"
        if ask == "absent"
        else "ブートストラップ標本に含まれる異なる（重複を除いた）サンプル数の期待値",
        "ask_en": "probability that one particular sample is never drawn"
        if ask == "absent"
        else "expected number of distinct samples in the bootstrap sample",
        "N": str(n),
        "miss": fmt(1 - 1 / n, 4),
        "absent": fmt(absent, 4),
        "distinct": fmt(n * (1 - absent), 4),
        "answer": fmt(answer, 4),
    }
    return Generated({"ask": ask, "N": n}, values, answer, slips)


# --- hyperparameter-search ----------------------------------------------------------------------

SearchAsk = Literal["grid", "random", "log-uniform"]


class SearchConfig(GeneratorConfig):
    asks: tuple[SearchAsk, ...] = Field(default=("grid", "random", "log-uniform"), min_length=1)
    hyperparameters: IntRange = (3, 4)
    top_percent: IntChoices = (1, 2, 5, 10)
    confidence_percent: IntChoices = (90, 95, 99)


# (ja, en, candidate count, whether the candidates are given as a range to count)
Candidate = tuple[str, str, int, bool]


def _lr_candidates(rng: random.Random) -> Candidate:
    low, high = rng.randint(-6, -4), rng.randint(-2, -1)
    return (
        f"学習率: 10^{low} から 10^{high} まで 10 倍ずつ",
        f"learning rate: 10^{low} to 10^{high}, a factor of 10 apart",
        high - low + 1,
        True,
    )


def _unit_candidates(rng: random.Random) -> Candidate:
    low, high = rng.randint(5, 6), rng.randint(8, 10)
    return (
        f"中間層のユニット数: {2**low} から {2**high} まで 2 倍ずつ",
        f"hidden units: {2**low} to {2**high}, doubling each time",
        high - low + 1,
        True,
    )


def _layer_candidates(rng: random.Random) -> Candidate:
    low, high = rng.randint(1, 2), rng.randint(4, 6)
    return (
        f"中間層の数: {low} から {high} まで 1 ずつ",
        f"hidden layers: {low} to {high}, in steps of 1",
        high - low + 1,
        True,
    )


def _dropout_candidates(rng: random.Random) -> Candidate:
    options = rng.choice([(0.1, 0.3, 0.5), (0.0, 0.2, 0.4, 0.6), (0.2, 0.5)])
    text = ", ".join(fmt(o) for o in options)
    return (f"ドロップアウト率: {{{text}}}", f"dropout rate: {{{text}}}", len(options), False)


def _batch_candidates(rng: random.Random) -> Candidate:
    options = rng.choice([(32, 64, 128), (16, 32, 64, 128), (64, 256)])
    text = ", ".join(str(o) for o in options)
    return (f"バッチサイズ: {{{text}}}", f"batch size: {{{text}}}", len(options), False)


def _optimizer_candidates(rng: random.Random) -> Candidate:
    options = rng.choice([("SGD", "Adam"), ("SGD", "Momentum", "Adam")])
    text = ", ".join(options)
    return (f"最適化手法: {{{text}}}", f"optimizer: {{{text}}}", len(options), False)


RANGED: tuple[Callable[[random.Random], Candidate], ...] = (
    _lr_candidates,
    _unit_candidates,
    _layer_candidates,
)
LISTED: tuple[Callable[[random.Random], Candidate], ...] = (
    _dropout_candidates,
    _batch_candidates,
    _optimizer_candidates,
)


def _grid(rng: random.Random, config: SearchConfig) -> Generated:
    m = draw(rng, config.hyperparameters)
    if not 2 <= m <= len(RANGED) + len(LISTED):
        raise ValueError(NO_DRAW)
    ranged = rng.randint(max(1, m - len(LISTED)), min(len(RANGED), m - 1))
    makers = rng.sample(RANGED, ranged) + rng.sample(LISTED, m - ranged)
    rng.shuffle(makers)
    candidates = [make(rng) for make in makers]
    counts = [c[2] for c in candidates]
    answer = math.prod(counts)
    fencepost = math.prod(c[2] - 1 if c[3] else c[2] for c in candidates)
    slips = {"sum": float(sum(counts)), "fencepost": float(fencepost)}
    values = {
        "ask": "grid",
        "list_ja": "、".join(f"「{c[0]}」" for c in candidates),
        "list_en": "; ".join(c[1] for c in candidates),
        "m": str(m),
        "counts": " × ".join(map(str, counts)),
        "answer": str(answer),
    }
    return Generated({"ask": "grid", "counts": counts}, values, float(answer), slips)


def _random(rng: random.Random, config: SearchConfig) -> Generated:
    q = Fraction(rng.choice(config.top_percent), 100)
    target = Fraction(rng.choice(config.confidence_percent), 100)
    if not (0 < q < 1 and 0 < target < 1):
        raise ValueError(NO_DRAW)
    n, miss = 0, Fraction(1)
    while 1 - miss < target:
        n += 1
        miss *= 1 - q
    below = 1 - (1 - q) ** (n - 1)
    slips = {"expected": float(math.ceil(1 / q)), "linear": float(math.ceil(target / q))}
    values = {
        "ask": "random",
        "q": fmt(float(q) * 100),
        "P": fmt(float(target) * 100),
        "target": fmt(float(target)),
        "keep": fmt(float(1 - q)),
        "fail": fmt(float(1 - target)),
        "log_ratio": fmt(math.log(1 - float(target)) / math.log(1 - float(q)), 3),
        "answer": str(n),
        "before": str(n - 1),
        "p_before": truncated(float(below) * 100),
        "p_answer": truncated(float(1 - miss) * 100),
    }
    params = {"ask": "random", "q": float(q), "P": float(target)}
    return Generated(params, values, float(n), slips)


MANTISSAS = (1, 2, 3, 5)


def _log_uniform(rng: random.Random) -> Generated:
    for _ in range(MAX_TRIES):
        a, b = rng.randint(-6, -4), rng.randint(-2, 0)
        lo = (rng.choice(MANTISSAS), rng.randint(a, b - 1))
        hi = (rng.choice(MANTISSAS), rng.randint(lo[1], b - 1))
        low, high = lo[0] * 10.0 ** lo[1], hi[0] * 10.0 ** hi[1]
        if low < high and (lo[0], hi[0]) != (1, 1) and high / low >= 5:
            break
    else:
        raise ValueError(NO_DRAW)
    answer = (math.log10(high) - math.log10(low)) / (b - a)
    linear = (high - low) / (10.0**b - 10.0**a)
    values = {
        "ask": "log-uniform",
        "a": str(a),
        "b": str(b),
        "low": f"{lo[0]}×10^{lo[1]}",
        "high": f"{hi[0]}×10^{hi[1]}",
        "log_low": fmt(math.log10(low), 4),
        "log_high": fmt(math.log10(high), 4),
        "width": str(b - a),
        "answer": fmt(answer, 4),
        "linear": fmt(linear, 4),
    }
    params = {"ask": "log-uniform", "a": a, "b": b, "low": list(lo), "high": list(hi)}
    return Generated(params, values, answer, {"linear": linear})


@generator(
    "hyperparameter-search",
    kind="numeric",
    config=SearchConfig,
    slips=("sum", "fencepost", "expected", "linear"),
)
def hyperparameter_search(rng: random.Random, config: SearchConfig) -> Generated:
    ask = rng.choice(config.asks)
    if ask == "grid":
        return _grid(rng, config)
    if ask == "random":
        return _random(rng, config)
    return _log_uniform(rng)


# --- fcos-target --------------------------------------------------------------------------------

FcosAsk = Literal["side", "centerness"]
SIDES = {
    "l": ("左辺", "left edge"),
    "t": ("上辺", "top edge"),
    "r": ("右辺", "right edge"),
    "b": ("下辺", "bottom edge"),
}
SIDE_FORMULAS = {"l": "x − x1", "t": "y − y1", "r": "x2 − x", "b": "y2 − y"}
OPPOSITE = {"l": "r", "r": "l", "t": "b", "b": "t"}


class FcosConfig(GeneratorConfig):
    asks: tuple[FcosAsk, ...] = Field(default=("side", "centerness"), min_length=1)
    corner: IntRange = (0, 300)
    size: IntRange = (40, 320)


@generator(
    "fcos-target",
    kind="numeric",
    config=FcosConfig,
    slips=("opposite", "raw-coordinate", "no-sqrt", "mean"),
    margin=Margin(abs=1.2e-3),
)
def fcos_target(rng: random.Random, config: FcosConfig) -> Generated:
    ask = rng.choice(config.asks)
    if config.size[0] < 3:
        raise ValueError(NO_DRAW)
    for _ in range(MAX_TRIES):
        x1, y1 = draw(rng, config.corner), draw(rng, config.corner)
        x2, y2 = x1 + draw(rng, config.size), y1 + draw(rng, config.size)
        x, y = rng.randint(x1 + 1, x2 - 1), rng.randint(y1 + 1, y2 - 1)
        dist = {"l": x - x1, "t": y - y1, "r": x2 - x, "b": y2 - y}
        if dist["l"] != dist["r"] and dist["t"] != dist["b"]:
            break
    else:
        raise ValueError(NO_DRAW)
    ratio_x = min(dist["l"], dist["r"]) / max(dist["l"], dist["r"])
    ratio_y = min(dist["t"], dist["b"]) / max(dist["t"], dist["b"])
    side = rng.choice(list(SIDES))
    coordinate = {"l": x1, "t": y1, "r": x2, "b": y2}[side]
    answer: float
    if ask == "side":
        answer = float(dist[side])
        slips = {"opposite": float(dist[OPPOSITE[side]]), "raw-coordinate": float(coordinate)}
    else:
        answer = math.sqrt(ratio_x * ratio_y)
        slips = {"no-sqrt": ratio_x * ratio_y, "mean": (ratio_x + ratio_y) / 2}
    values = {
        "ask": ask,
        "box": f"({x1}, {y1}, {x2}, {y2})",
        "point": f"({x}, {y})",
        "x": str(x),
        "y": str(y),
        "x1": str(x1),
        "y1": str(y1),
        "x2": str(x2),
        "y2": str(y2),
        "l": str(dist["l"]),
        "t": str(dist["t"]),
        "r": str(dist["r"]),
        "b": str(dist["b"]),
        "side": side,
        "side_ja": SIDES[side][0],
        "side_en": SIDES[side][1],
        "formula": SIDE_FORMULAS[side],
        "coordinate": str(coordinate),
        "ratio_x": f"{min(dist['l'], dist['r'])}/{max(dist['l'], dist['r'])}",
        "ratio_y": f"{min(dist['t'], dist['b'])}/{max(dist['t'], dist['b'])}",
        "product": fmt(ratio_x * ratio_y, 4),
        "answer": fmt(answer, 4),
    }
    params = {"ask": ask, "box": [x1, y1, x2, y2], "point": [x, y], "side": side}
    return Generated(params, values, answer, slips)


# --- autoencoder-params -------------------------------------------------------------------------


class AutoencoderConfig(GeneratorConfig):
    inputs: IntChoices = (64, 256, 784, 1024)
    hidden: IntChoices = (512, 256, 128, 64, 32)
    codes: IntChoices = (2, 8, 16, 32)
    depth: IntRange = (1, 2)  # hidden layers of the encoder before the code layer


def dense_params(sizes: Sequence[int]) -> tuple[int, int]:
    """(weights, biases) of fully connected layers between consecutive sizes."""
    weights = sum(a * b for a, b in pairwise(sizes))
    return weights, sum(sizes[1:])


@generator(
    "autoencoder-params",
    kind="numeric",
    config=AutoencoderConfig,
    slips=("no-bias", "encoder-only", "tied"),
)
def autoencoder_params(rng: random.Random, config: AutoencoderConfig) -> Generated:
    for _ in range(MAX_TRIES):
        d = rng.choice(config.inputs)
        depth = draw(rng, config.depth)
        options = [h for h in config.hidden if h < d]
        if len(options) < depth:
            continue
        hidden = sorted(rng.sample(options, depth), reverse=True)
        codes = [z for z in config.codes if z < hidden[-1]]
        if codes:
            encoder = [d, *hidden, rng.choice(codes)]
            break
    else:
        raise ValueError(NO_DRAW)
    layers = [*encoder, *reversed(encoder[:-1])]
    weights, biases = dense_params(layers)
    enc_weights, enc_biases = dense_params(encoder)
    answer = weights + biases
    slips = {
        "no-bias": float(weights),
        "encoder-only": float(enc_weights + enc_biases),
        "tied": float(enc_weights + biases),
    }
    terms = [f"({a}×{b} + {b})" for a, b in pairwise(layers)]
    values = {
        "layers": "–".join(map(str, layers)),
        "encoder": " → ".join(map(str, encoder)),
        "decoder": " → ".join(map(str, reversed(encoder))),
        "z": str(encoder[-1]),
        "terms": " + ".join(terms),
        "weights": count(weights),
        "biases": count(biases),
        "answer": count(answer),
    }
    return Generated({"layers": layers}, values, float(answer), slips)


# --- uncertainty-sampling -----------------------------------------------------------------------

Criterion = Literal["least-confidence", "margin", "entropy"]
CRITERIA: tuple[Criterion, ...] = ("least-confidence", "margin", "entropy")
CRITERION_NAMES: dict[str, tuple[str, str]] = {
    "least-confidence": ("最小確信度（Least Confidence）", "least confidence"),
    "margin": ("マージン（Margin Sampling）", "margin sampling"),
    "entropy": ("エントロピー（Entropy Sampling）", "entropy sampling"),
}


RULES: dict[str, tuple[str, str]] = {
    "least-confidence": (
        "最小確信度基準は、最も高いクラス確率 max p が最も小さい（1 − max p が最も大きい）"
        "サンプルを選ぶ。各サンプルの 1 − max p は",
        "Least confidence queries the sample whose top class probability max p is lowest "
        "(1 − max p highest). The values of 1 − max p are",
    ),
    "margin": (
        "マージン基準は、1 位と 2 位のクラス確率の差 p(1) − p(2) が最も小さいサンプルを選ぶ。"
        "各サンプルの差は",
        "Margin sampling queries the sample whose gap between the top two class probabilities, "
        "p(1) − p(2), is smallest. The gaps are",
    ),
    "entropy": (
        "エントロピー基準は、予測分布のエントロピー H = −Σ_c p_c ln p_c が最も大きいサンプルを"
        "選ぶ。各サンプルの H（nats）は",
        "Entropy sampling queries the sample whose predictive entropy H = −Σ_c p_c ln p_c is "
        "largest. The entropies (nats) are",
    ),
}


class UncertaintyConfig(GeneratorConfig):
    criteria: tuple[Criterion, ...] = Field(default=CRITERIA, min_length=1)
    samples: IntRange = (3, 4)
    classes: IntChoices = (3,)
    min_gap: float = Field(default=0.01, gt=0)  # between the queried score and the runner-up


def uncertainty(probs: Sequence[float], criterion: str) -> float:
    """Larger means more uncertain: 1 − max p, −(p(1) − p(2)), or the entropy in nats."""
    ordered = sorted(probs, reverse=True)
    if criterion == "least-confidence":
        return 1 - ordered[0]
    if criterion == "margin":
        return -(ordered[0] - ordered[1])
    return -sum(p * math.log(p) for p in probs if p > 0)


def _unique_extreme(scores: Sequence[float], gap: float, *, largest: bool = True) -> int | None:
    """Index of the largest (or smallest) score if it beats every other one by `gap`."""
    order = sorted(range(len(scores)), key=lambda i: scores[i], reverse=largest)
    if abs(scores[order[0]] - scores[order[1]]) < gap:
        return None
    return order[0]


def _distribution(rng: random.Random, classes: int) -> list[int]:
    """Probabilities in hundredths, each at least 0.02, summing to 1."""
    while True:
        cuts = sorted(rng.sample(range(2, 99), classes - 1))
        parts = [b - a for a, b in zip([0, *cuts], [*cuts, 100], strict=True)]
        if min(parts) >= 2:
            return parts


@generator(
    "uncertainty-sampling",
    kind="numeric",
    config=UncertaintyConfig,
    slips=("by-least-confidence", "by-margin", "by-entropy", "most-certain"),
)
def uncertainty_sampling(rng: random.Random, config: UncertaintyConfig) -> Generated:
    criterion = rng.choice(config.criteria)
    classes = rng.choice(config.classes)
    if classes < 2:
        raise ValueError(NO_DRAW)
    # the pick must differ from another configured criterion's (any other, with only one)
    rivals = [c for c in config.criteria if c != criterion] or [
        c for c in CRITERIA if c != criterion
    ]
    for _ in range(MAX_TRIES):
        m = draw(rng, config.samples)
        table = [_distribution(rng, classes) for _ in range(m)]
        probs = [[v / 100 for v in row] for row in table]
        picks = {
            c: _unique_extreme([uncertainty(p, c) for p in probs], config.min_gap) for c in CRITERIA
        }
        chosen = picks[criterion]
        certain = _unique_extreme(
            [uncertainty(p, criterion) for p in probs], config.min_gap, largest=False
        )
        others = {picks[c] for c in rivals} - {None, chosen}
        untied = all(i is not None for i in picks.values())
        if m >= 2 and untied and chosen is not None and certain is not None and others:
            break
    else:
        raise ValueError(NO_DRAW)
    slips = {f"by-{c}": float(i + 1) for c, i in picks.items() if i is not None}
    slips["most-certain"] = float(certain + 1)
    scores = [uncertainty(p, criterion) for p in probs]
    if criterion == "least-confidence":
        shown = [fmt(s, 2) for s in scores]
    elif criterion == "margin":
        shown = [fmt(-s, 2) for s in scores]
    else:
        shown = [fmt(s, 4) for s in scores]
    values = {
        "criterion": criterion,
        "criterion_ja": CRITERION_NAMES[criterion][0],
        "criterion_en": CRITERION_NAMES[criterion][1],
        "rule_ja": RULES[criterion][0],
        "rule_en": RULES[criterion][1],
        "m": str(m),
        "C": str(classes),
        "samples": ", ".join(
            f"x{i + 1} = (" + ", ".join(hundredths(v) for v in row) + ")"
            for i, row in enumerate(table)
        ),
        "scores": ", ".join(f"x{i + 1}: {s}" for i, s in enumerate(shown)),
        "lc_pick": f"x{picks['least-confidence'] + 1}"
        if picks["least-confidence"] is not None
        else "—",
        "margin_pick": f"x{picks['margin'] + 1}" if picks["margin"] is not None else "—",
        "entropy_pick": f"x{picks['entropy'] + 1}" if picks["entropy"] is not None else "—",
        "certain": f"x{certain + 1}",
        "answer": str(chosen + 1),
    }
    params = {"criterion": criterion, "probs": table}
    return Generated(params, values, float(chosen + 1), slips)


# --- shapley-value ------------------------------------------------------------------------------

ShapAsk = Literal["exact", "efficiency"]


class ShapleyConfig(GeneratorConfig):
    asks: tuple[ShapAsk, ...] = Field(default=("exact", "efficiency"), min_length=1)
    features: IntChoices = (2, 3)  # for `exact`
    efficiency_features: IntRange = (3, 5)


def shapley_from_table(values: dict[frozenset[int], int], m: int, i: int) -> Fraction:
    """φ_i = Σ_{S ⊆ N∖{i}} |S|!(m − |S| − 1)!/m! · (v(S ∪ {i}) − v(S))."""
    others = [j for j in range(m) if j != i]
    total = Fraction(0)
    for size in range(m):
        weight = Fraction(math.factorial(size) * math.factorial(m - size - 1), math.factorial(m))
        for subset in combinations(others, size):
            s = frozenset(subset)
            total += weight * (values[s | {i}] - values[s])
    return total


def coalition_name(subset: frozenset[int]) -> str:
    if not subset:
        return "v(∅)"
    return "v({" + ",".join(str(j + 1) for j in sorted(subset)) + "})"


def _exact_shapley(rng: random.Random, config: ShapleyConfig) -> Generated:
    m = rng.choice(config.features)
    if m < 2:
        raise ValueError(NO_DRAW)
    for _ in range(MAX_TRIES):
        base = rng.randint(0, 5)
        mains = [rng.choice([v for v in range(-3, 7) if v != 0]) for _ in range(m)]
        pairs = {pair: rng.randint(-3, 3) for pair in combinations(range(m), 2)}
        triple = rng.randint(-2, 2) if m == 3 else 0
        table: dict[frozenset[int], int] = {}
        for size in range(m + 1):
            for subset in combinations(range(m), size):
                s = frozenset(subset)
                table[s] = (
                    base
                    + sum(mains[j] for j in s)
                    + sum(c for pair, c in pairs.items() if set(pair) <= s)
                    + (triple if len(s) == 3 else 0)
                )
        i = rng.randrange(m)
        if any(c for pair, c in pairs.items() if i in pair):
            break
    else:
        raise ValueError(NO_DRAW)
    phi = shapley_from_table(table, m, i)
    everyone = frozenset(range(m))
    others = [j for j in range(m) if j != i]
    contributions = [
        table[frozenset(s) | {i}] - table[frozenset(s)]
        for size in range(m)
        for s in combinations(others, size)
    ]
    slips = {
        "leave-one-out": float(table[everyone] - table[everyone - {i}]),
        "alone": float(table[frozenset({i})] - table[frozenset()]),
        "unweighted": sum(contributions) / len(contributions),
    }
    steps = []
    for size in range(m):
        weight = Fraction(math.factorial(size) * math.factorial(m - size - 1), math.factorial(m))
        for subset in combinations(others, size):
            s = frozenset(subset)
            with_i = coalition_name(s | {i})
            steps.append(f"{weight}×({with_i} − {coalition_name(s)})")
    ordered = sorted(table, key=lambda s: (len(s), sorted(s)))
    values = {
        "ask": "exact",
        "M": str(m),
        "i": str(i + 1),
        "features": ", ".join(f"x{j + 1}" for j in range(m)),
        "table": ", ".join(f"{coalition_name(s)} = {table[s]}" for s in ordered),
        "terms": " + ".join(steps),
        "contributions": ", ".join(str(c) for c in contributions),
        "fraction": str(phi),
        "answer": fmt(float(phi), 4),
        "fx": str(table[everyone]),
        "base": str(table[frozenset()]),
    }
    params = {
        "ask": "exact",
        "m": m,
        "i": i,
        "table": {",".join(str(j) for j in sorted(s)): v for s, v in table.items()},
    }
    return Generated(params, values, float(phi), slips)


def _efficiency(rng: random.Random, config: ShapleyConfig) -> Generated:
    m = draw(rng, config.efficiency_features)
    if m < 2:
        raise ValueError(NO_DRAW)
    base = rng.randint(200, 600)  # tenths
    phis = [rng.choice([v for v in range(-80, 81) if abs(v) >= 3]) for _ in range(m)]
    fx = base + sum(phis)
    i = rng.randrange(m)
    rest = sum(p for j, p in enumerate(phis) if j != i)
    answer = phis[i] / 10
    slips = {"no-base": (fx - rest) / 10, "added-base": (fx + base - rest) / 10}
    given = [f"φ{j + 1} = {fmt(p / 10)}" for j, p in enumerate(phis) if j != i]
    values = {
        "ask": "efficiency",
        "M": str(m),
        "i": str(i + 1),
        "base": fmt(base / 10),
        "fx": fmt(fx / 10),
        "given": ", ".join(given),
        "rest": fmt(rest / 10),
        "rest_terms": " + ".join(signed(p / 10) for j, p in enumerate(phis) if j != i),
        "answer": fmt(answer),
    }
    params = {"ask": "efficiency", "base": base / 10, "phis": [p / 10 for p in phis], "i": i}
    return Generated(params, values, answer, slips)


@generator(
    "shapley-value",
    kind="numeric",
    config=ShapleyConfig,
    slips=("leave-one-out", "alone", "unweighted", "no-base", "added-base"),
)
def shapley_value(rng: random.Random, config: ShapleyConfig) -> Generated:
    ask = rng.choice(config.asks)
    if ask == "exact":
        return _exact_shapley(rng, config)
    return _efficiency(rng, config)


# --- fedavg -------------------------------------------------------------------------------------


class FedAvgConfig(GeneratorConfig):
    clients: IntRange = (2, 4)
    samples: IntRange = (1, 50)  # hundreds of local samples
    weight: IntRange = (-20, 20)  # tenths


@generator(
    "fedavg",
    kind="numeric",
    config=FedAvgConfig,
    slips=("unweighted", "largest-client"),
)
def fedavg(rng: random.Random, config: FedAvgConfig) -> Generated:
    for _ in range(MAX_TRIES):
        k = draw(rng, config.clients)
        sizes = [draw(rng, config.samples) * 100 for _ in range(k)]
        weights = [draw(rng, config.weight) / 10 for _ in range(k)]
        total = sum(sizes)
        answer = sum(n * w for n, w in zip(sizes, weights, strict=True)) / total
        plain = sum(weights) / k
        if (
            k >= 2
            and len(set(sizes)) == k
            and len(set(weights)) == k
            and abs(answer - plain) > 0.01
        ):
            break
    else:
        raise ValueError(NO_DRAW)
    largest = weights[sizes.index(max(sizes))]
    values = {
        "K": str(k),
        "clients": "; ".join(
            f"C{j + 1}: n = {count(n)}, w = {fmt(w)}"
            for j, (n, w) in enumerate(zip(sizes, weights, strict=True))
        ),
        "clients_ja": "、".join(
            f"C{j + 1}（データ数 {count(n)}、w = {fmt(w)}）"
            for j, (n, w) in enumerate(zip(sizes, weights, strict=True))
        ),
        "total": count(total),
        "terms": " + ".join(f"{count(n)}×{signed(w)}" for n, w in zip(sizes, weights, strict=True)),
        "numerator": f"{sum(n * w for n, w in zip(sizes, weights, strict=True)):,.1f}".removesuffix(
            ".0"
        ),
        "plain": fmt(plain, 5),
        "answer": fmt(answer, 5),
    }
    slips = {"unweighted": plain, "largest-client": largest}
    return Generated({"sizes": sizes, "weights": weights}, values, answer, slips)

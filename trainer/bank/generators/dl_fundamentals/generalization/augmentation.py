"""Data augmentation for speech (syllabus 3-7-2).

- `specaugment-mask`: cells of an F × T spectrogram covered by one frequency and one time mask, f·T
  + t·F − f·t.
- `audio-augment`: pitch shift by n semitones (frequency × 2^(n/12)) and a gain of g dB (power ×
  10^(g/10), so amplitude × 10^(g/20)).
"""

from __future__ import annotations

import random
from typing import Literal

from pydantic import Field

from trainer.bank.generators.common import (
    MAX_TRIES,
    NO_DRAW,
    IntChoices,
    IntRange,
    count,
    draw,
    fmt,
)
from trainer.bank.generators.registry import Generated, GeneratorConfig, generator


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

"""Speech families (seed 002: 音声認識 and CTC; STFT, mel and sampling as the syllabus asks).

- `stft-frames`: frames of a short-time Fourier transform, without padding ⌊(L − n_fft)/hop⌋ + 1 or
  with centre padding of n_fft/2 on both sides ⌊L/hop⌋ + 1, and the n_fft/2 + 1 frequency bins.
- `mel-scale`: m = 2595 log10(1 + f/700) (the HTK formula) and its inverse.
- `ctc`: the collapse B (merge repeats, then drop blanks) of a frame path, the number of frame paths
  that collapse to a short label, and the fewest frames a label needs.
- `sampling`: the Nyquist frequency f_s/2, the alias of a tone above it, ω = 2πf and the period 1/f.
"""

from __future__ import annotations

import itertools
import math
import random
from collections.abc import Sequence
from typing import Literal

from pydantic import Field

from trainer.bank.generators.common import IntChoices, IntRange, draw, fmt
from trainer.bank.generators.registry import Generated, GeneratorConfig, generator

MAX_TRIES = 10_000  # a draw that keeps failing means the configured ranges allow no valid one


NO_DRAW = "no valid draw in these ranges"


BLANK = "−"  # the seed writes the CTC blank as a minus sign


StftAsk = Literal["valid", "centre", "bins"]


class StftConfig(GeneratorConfig):
    asks: tuple[StftAsk, ...] = Field(default=("valid", "centre", "bins"), min_length=1)
    rates: IntChoices = (8000, 16000, 22050, 44100, 48000)
    half_seconds: IntRange = (1, 6)  # the signal lasts half_seconds / 2 s
    n_fft: IntChoices = (256, 400, 512, 1024, 2048)
    hop_divisors: IntChoices = (2, 4)  # hop = n_fft / divisor


def frames_valid(length: int, n_fft: int, hop: int) -> int:
    return (length - n_fft) // hop + 1


def frames_centre(length: int, n_fft: int, hop: int) -> int:
    padded = length + 2 * (n_fft // 2)
    return (padded - n_fft) // hop + 1


@generator(
    "stft-frames",
    kind="numeric",
    config=StftConfig,
    slips=("no-plus-one", "ceil", "other-convention", "full", "half"),
)
def stft_frames(rng: random.Random, config: StftConfig) -> Generated:
    ask = rng.choice(config.asks)
    rate = rng.choice(config.rates)
    halves = draw(rng, config.half_seconds)
    length = rate * halves // 2
    n_fft = rng.choice(config.n_fft)
    hop = n_fft // rng.choice(config.hop_divisors)
    values = {
        "ask": ask,
        "sr": str(rate),
        "seconds": fmt(halves / 2),
        "L": str(length),
        "n_fft": str(n_fft),
        "half_fft": str(n_fft // 2),
        "hop": str(hop),
        "span": str(length - n_fft),
        "quotient": fmt((length - n_fft) / hop),
        "padded": str(length + 2 * (n_fft // 2)),
        "quotient_centre": fmt(length / hop),
    }
    slips: dict[str, float]
    if ask == "valid":
        answer = frames_valid(length, n_fft, hop)
        slips = {
            "no-plus-one": float(answer - 1),
            "ceil": float(math.ceil((length - n_fft) / hop) + 1),
            "other-convention": float(frames_centre(length, n_fft, hop)),
        }
    elif ask == "centre":
        answer = frames_centre(length, n_fft, hop)
        slips = {
            "no-plus-one": float(answer - 1),
            "other-convention": float(frames_valid(length, n_fft, hop)),
        }
    else:
        answer = n_fft // 2 + 1
        slips = {"full": float(n_fft), "half": float(n_fft // 2)}
    values["answer"] = str(answer)
    params = {"ask": ask, "sr": rate, "L": length, "n_fft": n_fft, "hop": hop}
    return Generated(params, values, float(answer), slips)


MelAsk = Literal["to-mel", "to-hz"]


class MelConfig(GeneratorConfig):
    asks: tuple[MelAsk, ...] = Field(default=("to-mel", "to-hz"), min_length=1)
    hz: IntRange = (100, 8000)  # drawn in steps of 50 Hz
    mel: IntRange = (100, 2800)  # drawn in steps of 50 mel


@generator(
    "mel-scale",
    kind="numeric",
    config=MelConfig,
    slips=("natural-log", "no-one", "natural-exp", "no-minus-one"),
)
def mel_scale(rng: random.Random, config: MelConfig) -> Generated:
    ask = rng.choice(config.asks)
    if ask == "to-mel":
        f = 50 * rng.randint(math.ceil(config.hz[0] / 50), config.hz[1] // 50)
        ratio = 1 + f / 700
        answer = 2595 * math.log10(ratio)
        slips = {"natural-log": 2595 * math.log(ratio), "no-one": 2595 * math.log10(f / 700)}
        values = {"ask": ask, "f": str(f), "ratio": fmt(ratio), "answer": fmt(answer, 1)}
        return Generated({"ask": ask, "f": f}, values, answer, slips)
    m = 50 * rng.randint(math.ceil(config.mel[0] / 50), config.mel[1] // 50)
    power = 10 ** (m / 2595)
    answer = 700 * (power - 1)
    slips = {"natural-exp": 700 * (math.exp(m / 2595) - 1), "no-minus-one": 700 * power}
    values = {"ask": ask, "m": str(m), "power": fmt(power), "answer": fmt(answer, 1)}
    return Generated({"ask": ask, "m": m}, values, answer, slips)


CtcAsk = Literal["collapse", "alignments", "min-frames"]


class CtcConfig(GeneratorConfig):
    asks: tuple[CtcAsk, ...] = Field(default=("collapse", "alignments", "min-frames"), min_length=1)
    path_length: IntRange = (6, 10)
    label_length: IntRange = (1, 3)
    max_frames: int = Field(default=7, ge=2, le=9)  # longest T for the alignment count
    min_label_length: int = Field(default=2, ge=2)  # for "min-frames" (a repeat needs 2)
    max_label_length: int = Field(default=6, ge=2)


def merge_repeats(path: Sequence[str]) -> list[str]:
    return [s for i, s in enumerate(path) if i == 0 or s != path[i - 1]]


def collapse(path: Sequence[str]) -> list[str]:
    """CTC's B: merge runs of the same symbol, then delete the blanks."""
    return [s for s in merge_repeats(path) if s != BLANK]


def repeats(label: Sequence[str]) -> int:
    return sum(1 for a, b in itertools.pairwise(label) if a == b)


def alignment_count(label: Sequence[str], frames: int) -> int:
    """|B⁻¹(label)| over T frames, by the forward recursion with every probability set to 1."""
    extended = [BLANK]
    for symbol in label:
        extended += [symbol, BLANK]
    alpha = [0] * len(extended)
    alpha[0] = 1
    if len(extended) > 1:
        alpha[1] = 1
    for _ in range(frames - 1):
        nxt = [0] * len(extended)
        for s, symbol in enumerate(extended):
            total = alpha[s] + (alpha[s - 1] if s >= 1 else 0)
            if s >= 2 and symbol != BLANK and symbol != extended[s - 2]:
                total += alpha[s - 2]
            nxt[s] = total
        alpha = nxt
    return alpha[-1] + (alpha[-2] if len(extended) > 1 else 0)


def show(symbols: Sequence[str]) -> str:
    return "[" + ", ".join(symbols) + "]"


@generator(
    "ctc",
    kind="numeric",
    config=CtcConfig,
    slips=(
        "blanks-first",
        "no-merge",
        "no-blank-removal",
        "ignore-repeats",
        "labels-only",
        "extended",
    ),
)
def ctc(rng: random.Random, config: CtcConfig) -> Generated:
    ask = rng.choice(config.asks)
    if ask == "collapse":
        for _ in range(MAX_TRIES):
            t = draw(rng, config.path_length)
            path = [rng.choice(("a", "b", "c", BLANK, BLANK)) for _ in range(t)]
            answer = len(collapse(path))
            blanks_first = len(merge_repeats([s for s in path if s != BLANK]))
            if answer > 0 and blanks_first != answer:
                break
        else:
            raise ValueError(NO_DRAW)
        slips = {
            "blanks-first": float(blanks_first),
            "no-merge": float(sum(1 for s in path if s != BLANK)),
            "no-blank-removal": float(len(merge_repeats(path))),
        }
        values = {
            "ask": ask,
            "T": str(t),
            "path": show(path),
            "merged": show(merge_repeats(path)),
            "collapsed": show(collapse(path)),
            "answer": str(answer),
        }
        return Generated({"ask": ask, "path": path}, values, float(answer), slips)
    if ask == "alignments":
        for _ in range(MAX_TRIES):
            size = draw(rng, config.label_length)
            label = [rng.choice(("a", "b", "c")) for _ in range(size)]
            r = repeats(label)
            shortest = size + r
            if shortest < config.max_frames:
                break
        else:
            raise ValueError(NO_DRAW)
        t = rng.randint(shortest + 1, config.max_frames)
        answer = alignment_count(label, t)
        slips = {"ignore-repeats": float(math.comb(t + size, 2 * size))}
        values = {
            "ask": ask,
            "label": show(label),
            "L": str(size),
            "R": str(r),
            "T": str(t),
            "top": str(t + size - r),
            "bottom": str(2 * size),
            "extended": show([BLANK, *[x for s in label for x in (s, BLANK)]]),
            "answer": str(answer),
        }
        return Generated({"ask": ask, "label": label, "T": t}, values, float(answer), slips)
    size = rng.randint(config.min_label_length, config.max_label_length)
    for _ in range(MAX_TRIES):
        label = [rng.choice(("a", "b", "c")) for _ in range(size)]
        if repeats(label) > 0:
            break
    else:
        raise ValueError(NO_DRAW)
    r = repeats(label)
    answer = size + r
    slips = {"labels-only": float(size), "extended": float(2 * size + 1)}
    values = {
        "ask": ask,
        "label": show(label),
        "L": str(size),
        "R": str(r),
        "answer": str(answer),
    }
    return Generated({"ask": ask, "label": label}, values, float(answer), slips)


SamplingAsk = Literal["nyquist", "alias", "angular", "period"]


class SamplingConfig(GeneratorConfig):
    asks: tuple[SamplingAsk, ...] = Field(
        default=("nyquist", "alias", "angular", "period"), min_length=1
    )
    rates: IntChoices = (8000, 11025, 16000, 22050, 32000, 44100, 48000)
    frequencies: IntChoices = (2, 3, 4, 5, 8, 10, 20, 25, 40, 50, 100, 200, 250, 400, 500)


@generator(
    "sampling",
    kind="numeric",
    config=SamplingConfig,
    slips=("double", "full", "half-offset", "unchanged", "no-two", "degrees", "seconds"),
)
def sampling(rng: random.Random, config: SamplingConfig) -> Generated:
    ask = rng.choice(config.asks)
    values: dict[str, str] = {"ask": ask}
    slips: dict[str, float]
    if ask == "nyquist":
        rate = rng.choice(config.rates)
        answer = rate / 2
        slips = {"double": 2.0 * rate, "full": float(rate)}
        values.update({"fs": str(rate), "answer": fmt(answer)})
        return Generated({"ask": ask, "fs": rate}, values, answer, slips)
    if ask == "alias":
        rate = rng.choice([r for r in config.rates if r % 100 == 0] or list(config.rates))
        low, high = rate // 200 + 1, (3 * rate) // 200 - 1
        for _ in range(MAX_TRIES):
            f0 = 100 * rng.randint(low, high)
            if f0 != rate:
                break
        else:
            raise ValueError(NO_DRAW)
        answer = abs(f0 - rate)
        slips = {"half-offset": f0 - rate / 2, "unchanged": float(f0)}
        values.update({"fs": str(rate), "nyq": fmt(rate / 2), "f0": str(f0), "answer": str(answer)})
        return Generated({"ask": ask, "fs": rate, "f0": f0}, values, float(answer), slips)
    f = rng.choice(config.frequencies)
    values["f"] = str(f)
    if ask == "angular":
        answer = 2 * math.pi * f
        slips = {"no-two": math.pi * f, "degrees": 360.0 * f}
        values.update({"two_f": str(2 * f), "answer": fmt(answer, 3)})
        return Generated({"ask": ask, "f": f}, values, answer, slips)
    answer = 1000 / f
    slips = {"seconds": 1 / f}
    values["answer"] = fmt(answer)
    return Generated({"ask": ask, "f": f}, values, answer, slips)

"""Output sizes of convolution, pooling and transposed convolution (syllabus 3-4).

- `conv-output-size`: the output height of a convolution or pooling layer, floor((H + 2P − FH)/S) +
  1.
- `transposed-conv-size`: O = (H − 1)·S − 2P + K.
"""

from __future__ import annotations

import random

from pydantic import model_validator

from trainer.bank.generators.common import IntChoices, IntRange, draw, fmt
from trainer.bank.generators.registry import Generated, GeneratorConfig, generator


class ConvConfig(GeneratorConfig):
    H: IntRange = (5, 64)
    FH: IntChoices = (1, 2, 3, 5, 7)
    P: IntRange = (0, 3)
    S: IntChoices = (1, 2, 3)
    divisible: bool = False  # only draw layers where S divides H + 2P - FH

    @model_validator(mode="after")
    def _some_valid_layer(self) -> ConvConfig:
        if not any(
            self.H[1] + 2 * p >= fh and p < fh
            for fh in self.FH
            for p in range(self.P[0], self.P[1] + 1)
        ):
            raise ValueError("no valid layer in these ranges (need H + 2P >= FH and P < FH)")
        return self


def output_size(h: int, fh: int, p: int, s: int) -> int:
    return (h + 2 * p - fh) // s + 1


@generator(
    "conv-output-size",
    kind="numeric",
    config=ConvConfig,
    slips=("no-floor", "padding-once", "no-padding", "no-plus-one"),
)
def conv_output_size(rng: random.Random, config: ConvConfig) -> Generated:
    while True:
        h, fh = draw(rng, config.H), rng.choice(config.FH)
        p, s = draw(rng, config.P), rng.choice(config.S)
        span = h + 2 * p - fh
        if span < 0 or p >= fh or (config.divisible and span % s):
            continue
        break
    out = output_size(h, fh, p, s)
    slips = {
        "no-floor": span / s + 1,
        "padding-once": float((h + p - fh) // s + 1),
        "no-padding": float((h - fh) // s + 1) if h >= fh else -1.0,
        "no-plus-one": float(span // s),
    }
    values = {
        "H": str(h),
        "FH": str(fh),
        "P": str(p),
        "S": str(s),
        "span": str(span),
        "quotient": fmt(span / s),
        "answer": str(out),
    }
    return Generated({"H": h, "FH": fh, "P": p, "S": s}, values, float(out), slips)


def out_size(h: int, f: int, p: int, s: int) -> int:
    return (h + 2 * p - f) // s + 1


class TransposedConfig(GeneratorConfig):
    H: IntRange = (2, 32)
    K: IntChoices = (2, 3, 4, 5)
    S: IntChoices = (1, 2, 3)
    P: IntRange = (0, 2)


@generator(
    "transposed-conv-size",
    kind="numeric",
    config=TransposedConfig,
    slips=("forward-formula", "no-minus-one", "padding-once", "padding-added"),
)
def transposed_conv_size(rng: random.Random, config: TransposedConfig) -> Generated:
    for _ in range(1000):
        h, k, s, p = draw(rng, config.H), rng.choice(config.K), rng.choice(config.S), 0
        p = draw(rng, config.P)
        if p < k and (h - 1) * s - 2 * p + k >= h:  # it upsamples (or keeps the size)
            break
    else:
        raise ValueError("transposed-conv-size: no valid layer in these ranges")
    answer = (h - 1) * s - 2 * p + k
    slips = {
        "no-minus-one": float(h * s - 2 * p + k),
        "padding-once": float((h - 1) * s - p + k),
        "padding-added": float((h - 1) * s + 2 * p + k),
    }
    if h + 2 * p >= k:
        slips["forward-formula"] = float((h + 2 * p - k) // s + 1)
    values = {
        "H": str(h),
        "K": str(k),
        "S": str(s),
        "P": str(p),
        "work": f"({h}−1)×{s} − 2×{p} + {k} = {answer}",
        "answer": str(answer),
    }
    return Generated({"H": h, "K": k, "S": s, "P": p}, values, float(answer), slips)

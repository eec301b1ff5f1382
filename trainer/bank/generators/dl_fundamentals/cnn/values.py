"""Values of pooling and convolution on a small drawn matrix.

- `pool-values`: max or average pooling (window F, stride S, no padding) of a small integer matrix:
  one output element, the sum of the outputs, or (max pooling) the gradient that reaches one input
  pixel in the backward pass: the sum of the upstream gradients of the windows whose maximum it is.
- `conv-value`: one output element of a (multi-channel) convolution in the deep-learning sense
  (cross-correlation: the filter is not flipped), with zero padding, stride and a bias.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from typing import Literal

from pydantic import Field

from trainer.bank.generators.common import IntChoices, IntRange, draw, fmt
from trainer.bank.generators.registry import Generated, GeneratorConfig, generator

Matrix = list[list[int]]


PoolAsk = Literal["element", "sum", "grad"]


def matrix_text(matrix: Sequence[Sequence[object]], indent: str = "  ") -> str:
    width = max(len(str(v)) for row in matrix for v in row)
    return "\n".join(indent + " ".join(str(v).rjust(width) for v in row) for row in matrix)


def window(matrix: Matrix, top: int, left: int, f: int) -> list[int]:
    return [matrix[top + a][left + b] for a in range(f) for b in range(f)]


class PoolValuesConfig(GeneratorConfig):
    modes: tuple[Literal["max", "avg"], ...] = Field(default=("max", "avg"), min_length=1)
    asks: tuple[PoolAsk, ...] = Field(default=("element", "sum"), min_length=1)
    size: IntRange = (4, 6)
    F: IntChoices = (2, 3)
    S: IntChoices = (1, 2)
    value_max: int = Field(default=9, ge=3, le=99)


def pool_output(matrix: Matrix, f: int, s: int, mode: str) -> list[list[float]]:
    out = (len(matrix) - f) // s + 1
    reduce = max if mode == "max" else (lambda xs: sum(xs) / len(xs))
    return [
        [float(reduce(window(matrix, r * s, c * s, f))) for c in range(out)] for r in range(out)
    ]


def _argmax_position(matrix: Matrix, top: int, left: int, f: int) -> tuple[int, int]:
    cells = [(top + a, left + b) for a in range(f) for b in range(f)]
    return max(cells, key=lambda rc: matrix[rc[0]][rc[1]])


@generator(
    "pool-values",
    kind="numeric",
    config=PoolValuesConfig,
    slips=(
        "average-instead",
        "max-instead",
        "sum-instead",
        "stride-ignored",
        "stride-one",
        "no-accumulate",
        "average-backward",
    ),
)
def pool_values(rng: random.Random, config: PoolValuesConfig) -> Generated:
    ask = rng.choice(config.asks)
    mode = "max" if ask == "grad" else rng.choice(config.modes)
    for _ in range(1000):
        h, f, s = draw(rng, config.size), rng.choice(config.F), rng.choice(config.S)
        if (h - f) // s + 1 >= 2:
            break
    else:
        raise ValueError("pool-values: the matrix is too small for two windows")
    if ask == "grad":  # distinct values: every window has a unique maximum
        cells = rng.sample(range(max(config.value_max, h * h) + 1), h * h)
        matrix = [cells[r * h : (r + 1) * h] for r in range(h)]
    else:
        matrix = [[rng.randint(0, config.value_max) for _ in range(h)] for _ in range(h)]
    out = (h - f) // s + 1
    outputs = pool_output(matrix, f, s, mode)
    values = {
        "matrix": matrix_text(matrix),
        "H": str(h),
        "F": str(f),
        "S": str(s),
        "OH": str(out),
        "mode_ja": "最大値" if mode == "max" else "平均値",
        "mode_en": "max" if mode == "max" else "average",
        "outputs": matrix_text([[fmt(v, 3) for v in row] for row in outputs]),
    }
    params: dict[str, object] = {"ask": ask, "mode": mode, "matrix": matrix, "F": f, "S": s}
    slips: dict[str, float] = {}
    if ask == "element":
        r, c = rng.randrange(out), rng.randrange(out)
        cells_rc = window(matrix, r * s, c * s, f)
        answer = outputs[r][c]
        if mode == "max":
            slips["average-instead"] = sum(cells_rc) / len(cells_rc)
        else:
            slips["max-instead"] = float(max(cells_rc))
            slips["sum-instead"] = float(sum(cells_rc))
        if s > 1:
            wrong = window(matrix, r, c, f)
            slips["stride-ignored"] = (
                float(max(wrong)) if mode == "max" else sum(wrong) / len(wrong)
            )
        values |= {
            "r": str(r + 1),
            "c": str(c + 1),
            "rows": f"{r * s + 1}–{r * s + f}",
            "cols": f"{c * s + 1}–{c * s + f}",
            "window": ", ".join(map(str, cells_rc)),
        }
        params |= {"r": r, "c": c}
    elif ask == "sum":
        answer = sum(sum(row) for row in outputs)
        other = "avg" if mode == "max" else "max"
        slips["average-instead" if mode == "max" else "max-instead"] = sum(
            sum(row) for row in pool_output(matrix, f, s, other)
        )
        if s != 1:
            slips["stride-one"] = sum(sum(row) for row in pool_output(matrix, f, 1, mode))
    else:
        dout = [[rng.randint(1, 9) for _ in range(out)] for _ in range(out)]
        winners = {
            (r, c): _argmax_position(matrix, r * s, c * s, f)
            for r in range(out)
            for c in range(out)
        }
        positions = sorted(set(winners.values()))
        if rng.random() < 0.8:
            i, j = rng.choice(positions)
        else:
            i, j = rng.randrange(h), rng.randrange(h)
        won = [rc for rc, pos in winners.items() if pos == (i, j)]
        answer = float(sum(dout[r][c] for r, c in won))
        if len(won) > 1:
            slips["no-accumulate"] = float(dout[won[0][0]][won[0][1]])
        covering = [
            (r, c)
            for r in range(out)
            for c in range(out)
            if r * s <= i < r * s + f and c * s <= j < c * s + f
        ]
        slips["average-backward"] = sum(dout[r][c] for r, c in covering) / (f * f)
        values |= {
            "dout": matrix_text(dout),
            "i": str(i + 1),
            "j": str(j + 1),
            "x": str(matrix[i][j]),
            "won": ", ".join(f"({r + 1},{c + 1})" for r, c in won) or "—",
            "terms": (" + ".join(str(dout[r][c]) for r, c in won) or "0")
            + (f" = {int(answer)}" if len(won) > 1 else ""),
        }
        params |= {"dout": dout, "i": i, "j": j}
    values["answer"] = fmt(answer, 4)
    return Generated(params, values, float(answer), slips)


class ConvValueConfig(GeneratorConfig):
    size: IntRange = (4, 5)
    F: IntChoices = (2, 3)
    C: IntChoices = (1,)
    P: IntChoices = (0,)
    S: IntChoices = (1,)
    bias: bool = False
    x_max: int = Field(default=3, ge=1, le=9)
    w_range: tuple[int, int] = (-1, 2)


@generator(
    "conv-value",
    kind="numeric",
    config=ConvValueConfig,
    slips=("flipped", "no-bias", "one-channel"),
)
def conv_value(rng: random.Random, config: ConvValueConfig) -> Generated:
    for _ in range(1000):
        h, f = draw(rng, config.size), rng.choice(config.F)
        p, s, ch = rng.choice(config.P), rng.choice(config.S), rng.choice(config.C)
        if p < f and (h + 2 * p - f) // s + 1 >= 2:
            break
    else:
        raise ValueError("conv-value: no valid layer in these ranges")
    lo, hi = config.w_range
    xs = [[[rng.randint(0, config.x_max) for _ in range(h)] for _ in range(h)] for _ in range(ch)]
    ws = [[[rng.randint(lo, hi) for _ in range(f)] for _ in range(f)] for _ in range(ch)]
    b = rng.choice([v for v in range(-3, 4) if v != 0]) if config.bias else 0
    out = (h + 2 * p - f) // s + 1
    r, c = rng.randrange(out), rng.randrange(out)

    def padded(x: Matrix) -> Matrix:
        width = h + 2 * p
        rows = [[0] * width for _ in range(p)]
        rows += [[0] * p + row + [0] * p for row in x]
        return rows + [[0] * width for _ in range(p)]

    windows = [window(padded(x), r * s, c * s, f) for x in xs]
    flat_w = [[v for row in w for v in row] for w in ws]
    per_channel = [
        sum(a * w for a, w in zip(win, fw, strict=True))
        for win, fw in zip(windows, flat_w, strict=True)
    ]
    answer = sum(per_channel) + b
    flipped = sum(
        sum(a * w for a, w in zip(win, fw[::-1], strict=True))
        for win, fw in zip(windows, flat_w, strict=True)
    )
    slips: dict[str, float] = {"flipped": float(flipped + b)}
    if b:
        slips["no-bias"] = float(answer - b)
    if ch > 1:
        slips["one-channel"] = float(per_channel[0] + b)
    terms = [
        " + ".join(f"{a}×{w}" if w >= 0 else f"{a}×({w})" for a, w in zip(win, fw, strict=True))
        for win, fw in zip(windows, flat_w, strict=True)
    ]
    values = {
        "H": str(h),
        "F": str(f),
        "P": str(p),
        "S": str(s),
        "C": str(ch),
        "b": str(b),
        "OH": str(out),
        "r": str(r + 1),
        "c": str(c + 1),
        "x": matrix_text(xs[0]),
        "w": matrix_text(ws[0]),
        "x2": matrix_text(xs[-1]),
        "w2": matrix_text(ws[-1]),
        "top": str(r * s + 1),
        "left": str(c * s + 1),
        "padded": matrix_text(padded(xs[0])),
        "window": "[" + ", ".join(map(str, windows[0])) + "]",
        "terms": " ; ".join(f"({t}) = {v}" for t, v in zip(terms, per_channel, strict=True)),
        "answer": str(answer),
    }
    params = {"x": xs, "w": ws, "b": b, "P": p, "S": s, "r": r, "c": c}
    return Generated(params, values, float(answer), slips)

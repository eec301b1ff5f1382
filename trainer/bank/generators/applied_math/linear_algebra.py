"""Linear algebra (線形代数, syllabus 1-1).

- `eigen-2x2`: a symmetric [[a, b], [b, d]] with b ≠ 0 whose eigenvalues are integers.
- `determinant`: det of a 2×2 or 3×3 integer matrix (ad − bc, or Sarrus' rule).
- `inverse-2x2`: one entry of the inverse of a 2×2 integer matrix.
- `quadratic-gradient`: one component of ∇(xᵀAx + bᵀx) = (A + Aᵀ)x + b.
- `singular-value-2x2`: the larger or smaller singular value of a 2×2 matrix, via AᵀA.
"""

from __future__ import annotations

import math
import random
from collections.abc import Sequence
from fractions import Fraction
from typing import Literal

from pydantic import Field

from trainer.bank.generators.common import IntRange, distinct, draw, fmt, signed, vec
from trainer.bank.generators.registry import Generated, GeneratorConfig, generator

EigenAsk = Literal["largest", "smallest"]


class EigenConfig(GeneratorConfig):
    asks: tuple[EigenAsk, ...] = Field(default=("largest", "smallest"), min_length=1)
    entries: IntRange = (-4, 6)


@generator(
    "eigen-2x2",
    kind="numeric",
    config=EigenConfig,
    slips=("diagonal", "trace", "determinant"),
)
def eigen_2x2(rng: random.Random, config: EigenConfig) -> Generated:
    """A symmetric [[a, b], [b, d]] with b ≠ 0 whose eigenvalues are integers."""
    ask = rng.choice(config.asks)
    while True:
        a, d = draw(rng, config.entries), draw(rng, config.entries)
        b = rng.choice([v for v in range(-4, 5) if v != 0])
        disc = (a - d) ** 2 + 4 * b * b
        root = math.isqrt(disc)
        if root * root == disc and (a + d + root) % 2 == 0:
            break
    big, small = (a + d + root) // 2, (a + d - root) // 2
    answer = float(big if ask == "largest" else small)
    slips = {
        "diagonal": float(max(a, d) if ask == "largest" else min(a, d)),
        "trace": float(a + d),
        "determinant": float(a * d - b * b),
    }
    values = {
        "ask": ask,
        "ask_ja": "大きい方" if ask == "largest" else "小さい方",
        "ask_en": "larger" if ask == "largest" else "smaller",
        "A": f"[[{a}, {b}], [{b}, {d}]]",
        "trace": str(a + d),
        "det": str(a * d - b * b),
        "disc": str(disc),
        "root": str(root),
        "big": str(big),
        "small": str(small),
        "answer": str(int(answer)),
    }
    return Generated({"ask": ask, "a": a, "b": b, "d": d}, values, answer, slips)


Matrix = list[list[int]]


def mat(rows: Sequence[Sequence[float]]) -> str:
    return "[" + ", ".join("[" + ", ".join(fmt(v) for v in row) + "]" for row in rows) + "]"


def frac(value: Fraction) -> str:
    return (
        str(value.numerator) if value.denominator == 1 else f"{value.numerator}/{value.denominator}"
    )


class DeterminantConfig(GeneratorConfig):
    sizes: tuple[Literal[2, 3], ...] = Field(default=(2, 3), min_length=1)
    entries: IntRange = (-2, 4)


def _det2(m: Matrix) -> int:
    return m[0][0] * m[1][1] - m[0][1] * m[1][0]


@generator(
    "determinant",
    kind="numeric",
    config=DeterminantConfig,
    slips=("cross-plus", "reversed", "plus-only", "cofactor-sign"),
)
def determinant(rng: random.Random, config: DeterminantConfig) -> Generated:
    size = rng.choice(config.sizes)
    while True:
        m = [[draw(rng, config.entries) for _ in range(size)] for _ in range(size)]
        if size == 2:
            (a, b), (c, d) = m
            det = a * d - b * c
            slips = {"cross-plus": float(a * d + b * c), "reversed": float(b * c - a * d)}
            work = (
                f"det A = ad − bc = {signed(a)}×{signed(d)} − {signed(b)}×{signed(c)}"
                f" = {a * d} − {signed(b * c)} = {det}"
            )
        else:
            (a, b, c), (d, e, f), (g, h, i) = m
            plus = (a * e * i, b * f * g, c * d * h)
            minus = (c * e * g, a * f * h, b * d * i)
            det = sum(plus) - sum(minus)
            slips = {
                "plus-only": float(sum(plus)),
                "cofactor-sign": float(
                    a * (e * i - f * h) + b * (d * i - f * g) + c * (d * h - e * g)
                ),
            }
            work = (
                "det A = (aei + bfg + cdh) − (ceg + afh + bdi) = "
                f"({' + '.join(signed(t) for t in plus)})"
                f" − ({' + '.join(signed(t) for t in minus)})"
                f" = {sum(plus)} − {signed(sum(minus))} = {det}"
            )
        slips = distinct(slips, float(det), 0.5)
        if det != 0 and len(slips) == 2:
            break
    values = {"n": str(size), "A": mat(m), "work": work, "answer": str(det)}
    return Generated({"matrix": m}, values, float(det), slips)


class InverseConfig(GeneratorConfig):
    entries: IntRange = (-4, 6)


@generator(
    "inverse-2x2",
    kind="numeric",
    config=InverseConfig,
    slips=("no-det", "transposed", "no-swap", "no-sign"),
)
def inverse_2x2(rng: random.Random, config: InverseConfig) -> Generated:
    while True:
        m = [[draw(rng, config.entries) for _ in range(2)] for _ in range(2)]
        det = _det2(m)
        if det not in (0, 1) and m[0][1] != m[1][0]:
            break
    (a, b), (c, d) = m
    adj = [[d, -b], [-c, a]]
    i, j = rng.randrange(2), rng.randrange(2)
    exact = Fraction(adj[i][j], det)
    answer = float(exact)
    slips = {"no-det": float(adj[i][j]), "transposed": adj[j][i] / det}
    if i == j:
        slips["no-swap"] = m[i][j] / det
    else:
        slips["no-sign"] = m[i][j] / det
    values = {
        "A": mat(m),
        "i": str(i + 1),
        "j": str(j + 1),
        "det": str(det),
        "det_work": f"{signed(a)}×{signed(d)} − {signed(b)}×{signed(c)} = {det}",
        "adj": mat(adj),
        "entry": frac(exact),
        "answer": fmt(answer, 4),
    }
    return Generated({"matrix": m, "i": i, "j": j}, values, answer, distinct(slips, answer, 1e-3))


class QuadraticConfig(GeneratorConfig):
    sizes: tuple[Literal[2, 3], ...] = Field(default=(2, 3), min_length=1)
    entries: IntRange = (-3, 4)


@generator(
    "quadratic-gradient",
    kind="numeric",
    config=QuadraticConfig,
    slips=("ax-only", "two-ax", "no-linear"),
)
def quadratic_gradient(rng: random.Random, config: QuadraticConfig) -> Generated:
    n = rng.choice(config.sizes)
    while True:
        a = [[draw(rng, config.entries) for _ in range(n)] for _ in range(n)]
        x = [rng.randint(-3, 3) for _ in range(n)]
        b = [rng.randint(-4, 4) for _ in range(n)]
        k = rng.randrange(n)
        ax = [sum(a[r][c] * x[c] for c in range(n)) for r in range(n)]
        atx = [sum(a[c][r] * x[c] for c in range(n)) for r in range(n)]
        if ax[k] != atx[k] and b[k] != 0 and any(x):
            break
    s = [[a[r][c] + a[c][r] for c in range(n)] for r in range(n)]
    sx = [ax[r] + atx[r] for r in range(n)]
    grad = [sx[r] + b[r] for r in range(n)]
    answer = float(grad[k])
    slips = {
        "ax-only": float(ax[k] + b[k]),
        "two-ax": float(2 * ax[k] + b[k]),
        "no-linear": float(sx[k]),
    }
    values = {
        "n": str(n),
        "A": mat(a),
        "b": vec(b),
        "x": vec(x),
        "k": str(k + 1),
        "S": mat(s),
        "Sx": vec(sx),
        "grad": vec(grad),
        "answer": str(grad[k]),
    }
    params = {"A": a, "b": b, "x": x, "k": k}
    return Generated(params, values, answer, distinct(slips, answer, 0.5))


Extreme = Literal["largest", "smallest"]


class SingularConfig(GeneratorConfig):
    asks: tuple[Extreme, ...] = Field(default=("largest", "smallest"), min_length=1)
    entries: IntRange = (-3, 4)


@generator(
    "singular-value-2x2",
    kind="numeric",
    config=SingularConfig,
    slips=("no-root", "eigenvalue-of-a"),
)
def singular_value_2x2(rng: random.Random, config: SingularConfig) -> Generated:
    ask = rng.choice(config.asks)
    while True:
        m = [[draw(rng, config.entries) for _ in range(2)] for _ in range(2)]
        if _det2(m) != 0 and m[0][1] != m[1][0]:
            break
    (a, b), (c, d) = m
    ata = [[a * a + c * c, a * b + c * d], [a * b + c * d, b * b + d * d]]
    trace = ata[0][0] + ata[1][1]
    det = _det2(ata)
    disc = trace * trace - 4 * det
    big = (trace + math.sqrt(disc)) / 2
    lam = (big, det / big)  # det / big: no cancellation in the smaller root
    pick = 0 if ask == "largest" else 1
    answer = math.sqrt(lam[pick])
    slips = {"no-root": lam[pick]}
    tr_a, det_a = a + d, a * d - b * c
    disc_a = tr_a * tr_a - 4 * det_a
    if disc_a >= 0:
        eig = sorted((abs((tr_a + s * math.sqrt(disc_a)) / 2) for s in (1, -1)), reverse=True)
        slips["eigenvalue-of-a"] = eig[pick]
    values = {
        "ask": ask,
        "ask_ja": "最大特異値" if ask == "largest" else "最小特異値",
        "ask_en": "largest singular value" if ask == "largest" else "smallest singular value",
        "A": mat(m),
        "AtA": mat(ata),
        "trace": str(trace),
        "det": str(det),
        "disc": str(disc),
        "lam1": fmt(lam[0], 4),
        "lam2": fmt(lam[1], 4),
        "lam": fmt(lam[pick], 4),
        "answer": fmt(answer, 4),
    }
    return Generated({"ask": ask, "matrix": m}, values, answer, distinct(slips, answer, 0.002))

"""Applied mathematics and classical machine learning: matrices, probability, information, ML.

Families (each a registered generator; every answer computed here in plain Python, every slip a
named typical mistake, kept only when it is a visibly different number):

- `determinant`: det of a 2×2 or 3×3 integer matrix (ad − bc, or Sarrus' rule).
- `inverse-2x2`: one entry of the inverse of a 2×2 integer matrix.
- `quadratic-gradient`: one component of ∇(xᵀAx + bᵀx) = (A + Aᵀ)x + b.
- `singular-value-2x2`: the larger or smaller singular value of a 2×2 matrix, via AᵀA.
- `joint-table`: a conditional probability, covariance or correlation from a 2×2 joint table.
- `multinomial`: the probability of given category counts in n independent categorical trials.
- `gaussian`: a normal density value, or the responsibility of a mixture component.
- `t-statistic`: a one-sample t statistic, or the standard error σ/√n of the sample mean (CLT).
- `naive-bayes`: the class posterior of a naive Bayes filter with binary features.
- `joint-information`: joint entropy, conditional entropy or mutual information of a 2×2 table.
- `knn`: a k-nearest-neighbour class vote (stated tie rule) or regression mean.
- `penalized-regression`: the one-weight ridge or lasso solution.
- `logistic-loss`: the log loss of one sample, or its gradient for one weight.
- `svm-geometry`: the margin 2/‖w‖, a point's distance to the hyperplane, or a sum of hinge losses.
- `kernel-value`: a polynomial or RBF (Gaussian) kernel value.
- `information-gain`: the entropy decrease of a decision-tree split.
- `pca-components`: how many components reach a cumulative contribution ratio.
- `kmeans-step`: one assignment-and-update step of k-means.
- `linkage`: single, complete, group-average, centroid or Ward distance between two clusters.
- `bias-variance`: bias², variance or expected squared error of predictions at one point.
- `hypercube-edge`: the curse of dimensionality in the unit hypercube.
"""

from __future__ import annotations

import math
import random
from collections import Counter
from collections.abc import Sequence
from fractions import Fraction
from typing import Literal

from pydantic import Field

from trainer.bank.generators.common import IntChoices, IntRange, draw, fmt
from trainer.bank.generators.foundations import signed, vec
from trainer.bank.generators.registry import Generated, GeneratorConfig, generator

Matrix = list[list[int]]


def distinct(slips: dict[str, float], answer: float, gap: float) -> dict[str, float]:
    """The slips that are finite and more than `gap` away from the answer."""
    return {k: v for k, v in slips.items() if math.isfinite(v) and abs(v - answer) > gap}


def mat(rows: Sequence[Sequence[float]]) -> str:
    return "[" + ", ".join("[" + ", ".join(fmt(v) for v in row) + "]" for row in rows) + "]"


def point(coords: Sequence[float]) -> str:
    return "(" + ", ".join(fmt(c) for c in coords) + ")"


def frac(value: Fraction) -> str:
    return (
        str(value.numerator) if value.denominator == 1 else f"{value.numerator}/{value.denominator}"
    )


def _cells_in_twentieths(rng: random.Random, size: int) -> list[float]:
    """`size` probabilities, multiples of 0.05 summing to 1, each at least 0.05."""
    cuts = sorted(rng.sample(range(1, 20), size - 1))
    edges = [0, *cuts, 20]
    return [(edges[i + 1] - edges[i]) / 20 for i in range(size)]


def _tenths(rng: random.Random, size: int) -> list[float]:
    cuts = sorted(rng.sample(range(1, 10), size - 1))
    edges = [0, *cuts, 10]
    return [(edges[i + 1] - edges[i]) / 10 for i in range(size)]


# --- determinant --------------------------------------------------------------------------------


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


# --- inverse-2x2 --------------------------------------------------------------------------------


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


# --- quadratic-gradient -------------------------------------------------------------------------


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


# --- singular-value-2x2 -------------------------------------------------------------------------

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


# --- joint-table --------------------------------------------------------------------------------

JointAsk = Literal["conditional", "covariance", "correlation"]


class JointTableConfig(GeneratorConfig):
    asks: tuple[JointAsk, ...] = Field(
        default=("conditional", "covariance", "correlation"), min_length=1
    )


def _table_text(xs: Sequence[int], ys: Sequence[int], cells: Sequence[Sequence[float]]) -> str:
    return ", ".join(
        f"P(X={xs[r]}, Y={ys[c]}) = {fmt(cells[r][c])}" for r in range(2) for c in range(2)
    )


@generator(
    "joint-table",
    kind="numeric",
    config=JointTableConfig,
    slips=("joint", "reversed", "marginal", "no-subtract", "as-covariance"),
)
def joint_table(rng: random.Random, config: JointTableConfig) -> Generated:
    ask = rng.choice(config.asks)
    while True:
        flat = _cells_in_twentieths(rng, 4)
        cells = [flat[:2], flat[2:]]
        if ask == "conditional":
            xs, ys = [0, 1], [0, 1]
        else:
            xs = sorted(rng.sample(range(-1, 4), 2))
            ys = sorted(rng.sample(range(-1, 4), 2))
        px = [sum(cells[r]) for r in range(2)]
        py = [cells[0][c] + cells[1][c] for c in range(2)]
        ex = sum(xs[r] * px[r] for r in range(2))
        ey = sum(ys[c] * py[c] for c in range(2))
        exy = sum(xs[r] * ys[c] * cells[r][c] for r in range(2) for c in range(2))
        cov = exy - ex * ey
        if abs(cov) > 0.005:
            break
    vx = sum(xs[r] ** 2 * px[r] for r in range(2)) - ex * ex
    vy = sum(ys[c] ** 2 * py[c] for c in range(2)) - ey * ey
    corr = cov / math.sqrt(vx * vy)
    r, c = rng.randrange(2), rng.randrange(2)
    slips: dict[str, float]
    if ask == "conditional":
        answer = cells[r][c] / px[r]
        slips = {"joint": cells[r][c], "reversed": cells[r][c] / py[c], "marginal": py[c]}
    elif ask == "covariance":
        answer = cov
        slips = {"no-subtract": exy}
    else:
        answer = corr
        slips = {"as-covariance": cov}
    labels = {
        "conditional": ("条件付き確率", "conditional probability"),
        "covariance": ("共分散 Cov(X, Y)", "covariance Cov(X, Y)"),
        "correlation": ("相関係数 ρ(X, Y)", "correlation coefficient ρ(X, Y)"),
    }
    values = {
        "ask": ask,
        "ask_ja": labels[ask][0],
        "ask_en": labels[ask][1],
        "table": _table_text(xs, ys, cells),
        "x": str(xs[r]),
        "y": str(ys[c]),
        "pxy": fmt(cells[r][c]),
        "px": fmt(px[r]),
        "px_work": f"{fmt(cells[r][0])} + {fmt(cells[r][1])}",
        "EX": fmt(ex, 4),
        "EY": fmt(ey, 4),
        "EXY": fmt(exy, 4),
        "cov": fmt(cov, 4),
        "VX": fmt(vx, 4),
        "VY": fmt(vy, 4),
        "corr": fmt(corr, 4),
        "answer": fmt(answer, 4),
    }
    params = {"ask": ask, "xs": xs, "ys": ys, "cells": cells, "r": r, "c": c}
    return Generated(params, values, answer, distinct(slips, answer, 0.002))


# --- multinomial --------------------------------------------------------------------------------


class MultinomialConfig(GeneratorConfig):
    n: IntRange = (4, 8)


@generator(
    "multinomial",
    kind="numeric",
    config=MultinomialConfig,
    slips=("no-coefficient", "binomial-coefficient"),
)
def multinomial(rng: random.Random, config: MultinomialConfig) -> Generated:
    while True:
        n = draw(rng, (max(2, config.n[0]), max(2, config.n[1])))
        probs = _tenths(rng, 3)
        cut = sorted(rng.randint(0, n) for _ in range(2))
        counts = [cut[0], cut[1] - cut[0], n - cut[1]]
        coefficient = math.factorial(n) // math.prod(math.factorial(k) for k in counts)
        core = math.prod(p**k for p, k in zip(probs, counts, strict=True))
        answer = coefficient * core
        if answer >= 0.01 and min(counts) >= 1:
            break
    slips = {"no-coefficient": core, "binomial-coefficient": math.comb(n, counts[0]) * core}
    values = {
        "n": str(n),
        "probs": ", ".join(f"{name}: {fmt(p)}" for name, p in zip("ABC", probs, strict=True)),
        "counts": ", ".join(f"{name}: {k}" for name, k in zip("ABC", counts, strict=True)),
        "k1": str(counts[0]),
        "k2": str(counts[1]),
        "k3": str(counts[2]),
        "coef": str(coefficient),
        "powers": " × ".join(f"{fmt(p)}^{k}" for p, k in zip(probs, counts, strict=True)),
        "core": fmt(core, 6),
        "answer": fmt(answer, 4),
    }
    params = {"n": n, "probs": probs, "counts": counts}
    return Generated(params, values, answer, distinct(slips, answer, 0.0002))


# --- gaussian -----------------------------------------------------------------------------------

GaussianAsk = Literal["pdf", "responsibility"]
VARIANCE_CHOICES = (0.25, 1.0, 4.0, 9.0)
Z_STEPS = (-2.0, -1.5, -1.0, -0.5, 0.5, 1.0, 1.5, 2.0)  # x − μ in units of σ


class GaussianConfig(GeneratorConfig):
    asks: tuple[GaussianAsk, ...] = Field(default=("pdf", "responsibility"), min_length=1)


def normal_pdf(x: float, mean: float, variance: float) -> float:
    return math.exp(-((x - mean) ** 2) / (2 * variance)) / math.sqrt(2 * math.pi * variance)


@generator(
    "gaussian",
    kind="numeric",
    config=GaussianConfig,
    slips=("variance-as-std", "no-normaliser", "no-half", "no-prior", "unnormalised"),
)
def gaussian(rng: random.Random, config: GaussianConfig) -> Generated:
    ask = rng.choice(config.asks)
    if ask == "pdf":
        mean = float(rng.randint(-2, 3))
        var = rng.choice(VARIANCE_CHOICES)
        sd = math.sqrt(var)
        x = mean + rng.choice(Z_STEPS) * sd
        answer = normal_pdf(x, mean, var)
        exponent = (x - mean) ** 2 / (2 * var)
        slips = {
            "variance-as-std": math.exp(-((x - mean) ** 2) / (2 * var * var))
            / (math.sqrt(2 * math.pi) * var),
            "no-normaliser": math.exp(-exponent),
            "no-half": math.exp(-((x - mean) ** 2) / var) / (math.sqrt(2 * math.pi) * sd),
        }
        values = {
            "ask": ask,
            "mu": fmt(mean),
            "mu_signed": signed(mean),
            "var": fmt(var),
            "sd": fmt(sd),
            "x": fmt(x),
            "exponent": fmt(exponent, 4),
            "norm": fmt(1 / (math.sqrt(2 * math.pi) * sd), 4),
            "expval": fmt(math.exp(-exponent), 4),
            "answer": fmt(answer, 4),
        }
        params: dict[str, object] = {"ask": ask, "mean": mean, "var": var, "x": x}
        return Generated(params, values, answer, distinct(slips, answer, 0.0002))
    while True:
        pi1 = rng.choice((0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8))
        mu1, mu2 = sorted(rng.sample(range(-2, 5), 2))
        var1, var2 = rng.choice((1.0, 4.0)), rng.choice((1.0, 4.0))
        x = float(rng.randint(mu1 - 1, mu2 + 1))
        n1, n2 = normal_pdf(x, mu1, var1), normal_pdf(x, mu2, var2)
        joint1, joint2 = pi1 * n1, (1 - pi1) * n2
        answer = joint1 / (joint1 + joint2)
        slips = distinct({"no-prior": n1 / (n1 + n2), "unnormalised": joint1}, answer, 0.002)
        if 0.01 < answer < 0.99 and len(slips) == 2:
            break
    values = {
        "ask": ask,
        "pi1": fmt(pi1),
        "pi2": fmt(1 - pi1),
        "mu1": str(mu1),
        "mu2": str(mu2),
        "var1": fmt(var1),
        "var2": fmt(var2),
        "x": fmt(x),
        "N1": fmt(n1, 4),
        "N2": fmt(n2, 4),
        "joint1": fmt(joint1, 4),
        "joint2": fmt(joint2, 4),
        "answer": fmt(answer, 4),
    }
    params = {"ask": ask, "pi1": pi1, "mu": [mu1, mu2], "var": [var1, var2], "x": x}
    return Generated(params, values, answer, slips)


# --- t-statistic --------------------------------------------------------------------------------

TAsk = Literal["t", "standard-error"]


class TStatisticConfig(GeneratorConfig):
    asks: tuple[TAsk, ...] = Field(default=("t", "standard-error"), min_length=1)
    n: IntRange = (4, 6)
    sample_sizes: IntChoices = (4, 9, 16, 25, 36, 64, 100)


@generator(
    "t-statistic",
    kind="numeric",
    config=TStatisticConfig,
    slips=("biased-std", "no-root-n", "variance", "no-root"),
)
def t_statistic(rng: random.Random, config: TStatisticConfig) -> Generated:
    ask = rng.choice(config.asks)
    if ask == "standard-error":
        sigma = float(rng.choice((2, 3, 4, 5, 6, 8, 10, 12, 15)))
        n = rng.choice(config.sample_sizes)
        mu = rng.choice((10, 50, 100, 170))
        answer = sigma / math.sqrt(n)
        slips = {"variance": sigma**2 / n, "no-root": sigma / n}
        values = {
            "ask": ask,
            "sigma": fmt(sigma),
            "n": str(n),
            "mu": str(mu),
            "root_n": fmt(math.sqrt(n), 4),
            "answer": fmt(answer, 4),
        }
        params: dict[str, object] = {"ask": ask, "sigma": sigma, "n": n}
        return Generated(params, values, answer, distinct(slips, answer, 0.002))
    while True:
        n = draw(rng, (max(3, config.n[0]), max(3, config.n[1])))
        data = [rng.randint(2, 14) for _ in range(n)]
        mean = sum(data) / n
        mu0 = round(mean) + rng.choice((-3, -2, -1, 1, 2, 3))
        ss = sum((v - mean) ** 2 for v in data)
        if ss > 0 and mean != mu0:
            break
    s = math.sqrt(ss / (n - 1))
    answer = (mean - mu0) / (s / math.sqrt(n))
    slips = {
        "biased-std": (mean - mu0) / (math.sqrt(ss / n) / math.sqrt(n)),
        "no-root-n": (mean - mu0) / s,
    }
    values = {
        "ask": ask,
        "data": vec(data),
        "n": str(n),
        "dof": str(n - 1),
        "mu0": str(mu0),
        "mean": fmt(mean, 4),
        "ss": fmt(ss, 4),
        "s2": fmt(ss / (n - 1), 4),
        "s": fmt(s, 4),
        "se": fmt(s / math.sqrt(n), 4),
        "answer": fmt(answer, 4),
    }
    params = {"ask": ask, "data": data, "mu0": mu0}
    return Generated(params, values, answer, distinct(slips, answer, 0.002))


# --- naive-bayes --------------------------------------------------------------------------------


class NaiveBayesConfig(GeneratorConfig):
    words: IntRange = (3, 3)


def _likelihood(
    probs: Sequence[float], seen: Sequence[int], *, only_present: bool = False
) -> float:
    """Π_j P(w_j | class)^s_j (1 − P(w_j | class))^(1 − s_j); the slip drops the absent words."""
    return math.prod(
        p if s else (1.0 if only_present else 1 - p) for p, s in zip(probs, seen, strict=True)
    )


@generator(
    "naive-bayes",
    kind="numeric",
    config=NaiveBayesConfig,
    slips=("present-only", "no-prior", "unnormalised"),
)
def naive_bayes(rng: random.Random, config: NaiveBayesConfig) -> Generated:
    count = draw(rng, (max(2, config.words[0]), min(4, max(2, config.words[1]))))
    while True:
        prior = rng.choice((0.2, 0.3, 0.4, 0.5, 0.6))
        spam = [rng.randint(1, 9) / 10 for _ in range(count)]
        ham = [rng.randint(1, 9) / 10 for _ in range(count)]
        seen = [rng.randint(0, 1) for _ in range(count)]
        if all(seen) or not any(seen):
            continue
        l_spam, l_ham = _likelihood(spam, seen), _likelihood(ham, seen)
        joint_spam, joint_ham = prior * l_spam, (1 - prior) * l_ham
        answer = joint_spam / (joint_spam + joint_ham)
        present_spam = prior * _likelihood(spam, seen, only_present=True)
        present_ham = (1 - prior) * _likelihood(ham, seen, only_present=True)
        slips = distinct(
            {
                "present-only": present_spam / (present_spam + present_ham),
                "no-prior": l_spam / (l_spam + l_ham),
                "unnormalised": joint_spam,
            },
            answer,
            0.002,
        )
        if len(slips) == 3:
            break
    words_ja = "、".join(
        f"単語 w{i + 1}: P(含む | 迷惑) = {fmt(p)}、P(含む | 通常) = {fmt(q)}"
        for i, (p, q) in enumerate(zip(spam, ham, strict=True))
    )
    words_en = "; ".join(
        f"word w{i + 1}: P(present | spam) = {fmt(p)}, P(present | normal) = {fmt(q)}"
        for i, (p, q) in enumerate(zip(spam, ham, strict=True))
    )
    factors_spam = " × ".join(
        fmt(p) if s else f"(1 − {fmt(p)})" for p, s in zip(spam, seen, strict=True)
    )
    factors_ham = " × ".join(
        fmt(q) if s else f"(1 − {fmt(q)})" for q, s in zip(ham, seen, strict=True)
    )
    values = {
        "prior": fmt(prior),
        "prior_ham": fmt(1 - prior),
        "words_ja": words_ja,
        "words_en": words_en,
        "mail_ja": "、".join(
            f"w{i + 1} を{'含む' if s else '含まない'}" for i, s in enumerate(seen)
        ),
        "mail_en": ", ".join(
            f"{'contains' if s else 'does not contain'} w{i + 1}" for i, s in enumerate(seen)
        ),
        "factors_spam": factors_spam,
        "factors_ham": factors_ham,
        "l_spam": fmt(l_spam, 6),
        "l_ham": fmt(l_ham, 6),
        "joint_spam": fmt(joint_spam, 6),
        "joint_ham": fmt(joint_ham, 6),
        "answer": fmt(answer, 4),
    }
    params = {"prior": prior, "spam": spam, "ham": ham, "seen": seen}
    return Generated(params, values, answer, slips)


# --- joint-information --------------------------------------------------------------------------

JointInfoAsk = Literal["joint", "conditional", "mutual"]
Unit = Literal["bits", "nats"]


class JointInformationConfig(GeneratorConfig):
    asks: tuple[JointInfoAsk, ...] = Field(default=("joint", "conditional", "mutual"), min_length=1)
    units: tuple[Unit, ...] = Field(default=("bits", "nats"), min_length=1)


def _entropy(probs: Sequence[float], log: float) -> float:
    return -sum(p * math.log(p) for p in probs if p > 0) / log


@generator(
    "joint-information",
    kind="numeric",
    config=JointInformationConfig,
    slips=("wrong-unit", "sum-marginals", "as-hy", "as-joint", "reversed"),
)
def joint_information(rng: random.Random, config: JointInformationConfig) -> Generated:
    ask = rng.choice(config.asks)
    unit = rng.choice(config.units)
    log, other = (math.log(2), 1.0) if unit == "bits" else (1.0, math.log(2))

    def quantities(base: float) -> dict[str, float]:
        h_xy = _entropy(flat, base)
        h_x = _entropy(px, base)
        h_y = _entropy(py, base)
        return {
            "joint": h_xy,
            "conditional": h_xy - h_x,
            "mutual": h_x + h_y - h_xy,
            "H_X": h_x,
            "H_Y": h_y,
            "cond_x": h_xy - h_y,
        }

    while True:
        flat = _cells_in_twentieths(rng, 4)
        px = [flat[0] + flat[1], flat[2] + flat[3]]
        py = [flat[0] + flat[2], flat[1] + flat[3]]
        q = quantities(log)
        if q["mutual"] > 0.02:
            break
    answer = q[ask]
    wrong = quantities(other)
    slips = {"wrong-unit": wrong[ask]}
    if ask == "joint":
        slips["sum-marginals"] = q["H_X"] + q["H_Y"]
    elif ask == "conditional":
        slips |= {"as-hy": q["H_Y"], "as-joint": q["joint"], "reversed": q["cond_x"]}
    else:
        slips |= {"as-joint": q["joint"], "sum-marginals": q["H_X"] + q["H_Y"]}
    symbol = "log₂" if unit == "bits" else "ln"
    labels = {
        "joint": ("結合エントロピー H(X, Y)", "joint entropy H(X, Y)"),
        "conditional": ("条件付きエントロピー H(Y | X)", "conditional entropy H(Y | X)"),
        "mutual": ("相互情報量 I(X; Y)", "mutual information I(X; Y)"),
    }
    values = {
        "ask": ask,
        "ask_ja": labels[ask][0],
        "ask_en": labels[ask][1],
        "table": _table_text([0, 1], [0, 1], [flat[:2], flat[2:]]),
        "log": symbol,
        "log_ja": "底 2 の対数 log₂" if unit == "bits" else "自然対数 ln",
        "log_en": "base-2 logarithm log₂" if unit == "bits" else "natural logarithm ln",
        "unit_ja": "ビット" if unit == "bits" else "ナット",
        "unit_en": unit,
        "unit1_en": unit[:-1],  # "1 bit": {answer:# {unit1_en}}
        "px": vec(px),
        "py": vec(py),
        "H_XY": fmt(q["joint"], 4),
        "H_X": fmt(q["H_X"], 4),
        "H_Y": fmt(q["H_Y"], 4),
        "H_Y_X": fmt(q["conditional"], 4),
        "I": fmt(q["mutual"], 4),
        "answer": fmt(answer, 4),
    }
    params = {"ask": ask, "unit": unit, "cells": flat}
    return Generated(params, values, answer, distinct(slips, answer, 0.002))


# --- knn ----------------------------------------------------------------------------------------

KnnAsk = Literal["classify", "regress"]
KnnMetric = Literal["euclidean", "manhattan"]


class KnnConfig(GeneratorConfig):
    asks: tuple[KnnAsk, ...] = Field(default=("classify", "regress"), min_length=1)
    metrics: tuple[KnnMetric, ...] = Field(default=("euclidean", "manhattan"), min_length=1)
    k: IntChoices = (3, 4, 5)
    points: IntRange = (7, 9)


def _key(a: Sequence[int], b: Sequence[int], metric: str) -> int:
    """A distance that orders like the metric, in integers: squared Euclidean or Manhattan."""
    if metric == "euclidean":
        return sum((x - y) ** 2 for x, y in zip(a, b, strict=True))
    return sum(abs(x - y) for x, y in zip(a, b, strict=True))


def _neighbours(
    pts: Sequence[Sequence[int]], query: Sequence[int], metric: str, k: int
) -> list[int] | None:
    """Indices of the k nearest points, or None when a distance tie makes them ambiguous."""
    order = sorted(range(len(pts)), key=lambda i: _key(pts[i], query, metric))
    keys = [_key(pts[i], query, metric) for i in order[: k + 1]]
    if any(keys[i] >= keys[i + 1] for i in range(len(keys) - 1)):
        return None
    return order[:k]


def knn_vote(nearest: Sequence[int], labels: Sequence[int]) -> int:
    """Majority among `nearest` (ordered nearest first); a tie goes to the nearest tied class."""
    counts = Counter(labels[i] for i in nearest)
    top = max(counts.values())
    return next(labels[i] for i in nearest if counts[labels[i]] == top)


def _shown_distance(a: Sequence[int], b: Sequence[int], metric: str) -> str:
    key = _key(a, b, metric)
    if metric == "manhattan":
        return str(key)
    root = math.isqrt(key)
    return str(root) if root * root == key else f"√{key} ≈ {fmt(math.sqrt(key), 3)}"


@generator(
    "knn",
    kind="numeric",
    config=KnnConfig,
    slips=("k1", "other-metric", "global-majority", "all-mean"),
)
def knn(rng: random.Random, config: KnnConfig) -> Generated:
    ask = rng.choice(config.asks)
    metric = rng.choice(config.metrics)
    other = "manhattan" if metric == "euclidean" else "euclidean"
    k = rng.choice([v for v in config.k if v >= 2] or [3])
    classes = rng.choice((2, 3)) if ask == "classify" else 0
    while True:
        size = draw(rng, (max(k + 1, config.points[0]), max(k + 1, config.points[1])))
        cells = rng.sample([(x, y) for x in range(9) for y in range(9)], size + 1)
        query, pts = list(cells[0]), [list(c) for c in cells[1:]]
        nearest = _neighbours(pts, query, metric, k)
        if nearest is None:
            continue
        if ask == "classify":
            labels = [rng.randint(1, classes) for _ in pts]
            if len(set(labels)) < classes:
                continue
            answer = float(knn_vote(nearest, labels))
            targets: list[int] = []
        else:
            targets = [rng.randint(0, 20) for _ in pts]
            labels = []
            answer = sum(targets[i] for i in nearest) / k
        break
    slips: dict[str, float] = {}
    first = _neighbours(pts, query, metric, 1)
    swapped = _neighbours(pts, query, other, k)
    if ask == "classify":
        if first is not None:
            slips["k1"] = float(labels[first[0]])
        if swapped is not None:
            slips["other-metric"] = float(knn_vote(swapped, labels))
        counts = Counter(labels).most_common()
        if len(counts) == 1 or counts[0][1] > counts[1][1]:
            slips["global-majority"] = float(counts[0][0])
    else:
        if first is not None:
            slips["k1"] = float(targets[first[0]])
        if swapped is not None:
            slips["other-metric"] = sum(targets[i] for i in swapped) / k
        slips["all-mean"] = sum(targets) / len(targets)
    names = [f"P{i + 1}" for i in range(len(pts))]
    if ask == "classify":
        listing_ja = "、".join(
            f"{n} {point(p)}: クラス {c}" for n, p, c in zip(names, pts, labels, strict=True)
        )
        listing_en = "; ".join(
            f"{n} {point(p)}: class {c}" for n, p, c in zip(names, pts, labels, strict=True)
        )
        chosen_ja = "、".join(
            f"{names[i]}（d = {_shown_distance(pts[i], query, metric)}、クラス {labels[i]}）"
            for i in nearest
        )
        chosen_en = ", ".join(
            f"{names[i]} (d = {_shown_distance(pts[i], query, metric)}, class {labels[i]})"
            for i in nearest
        )
        tally = Counter(labels[i] for i in nearest)
        votes_ja = "、".join(f"クラス {c}: {tally[c]} 票" for c in sorted(tally))
        votes_en = ", ".join(
            f"class {c}: {tally[c]} vote{'s' if tally[c] > 1 else ''}" for c in sorted(tally)
        )
    else:
        listing_ja = "、".join(
            f"{n} {point(p)}: y = {t}" for n, p, t in zip(names, pts, targets, strict=True)
        )
        listing_en = "; ".join(
            f"{n} {point(p)}: y = {t}" for n, p, t in zip(names, pts, targets, strict=True)
        )
        chosen_ja = "、".join(
            f"{names[i]}（d = {_shown_distance(pts[i], query, metric)}、y = {targets[i]}）"
            for i in nearest
        )
        chosen_en = ", ".join(
            f"{names[i]} (d = {_shown_distance(pts[i], query, metric)}, y = {targets[i]})"
            for i in nearest
        )
        votes_ja = votes_en = " + ".join(str(targets[i]) for i in nearest)
    values = {
        "ask": ask,
        "k": str(k),
        "query": point(query),
        "points_ja": listing_ja,
        "points_en": listing_en,
        "metric_ja": "ユークリッド距離" if metric == "euclidean" else "マンハッタン距離（L1 距離）",
        "metric_en": "Euclidean distance" if metric == "euclidean" else "Manhattan (L1) distance",
        "chosen_ja": chosen_ja,
        "chosen_en": chosen_en,
        "votes_ja": votes_ja,
        "votes_en": votes_en,
        "answer": fmt(answer, 4),
    }
    params = {
        "ask": ask,
        "metric": metric,
        "k": k,
        "query": query,
        "points": pts,
        "labels": labels,
        "targets": targets,
    }
    gap = 0.5 if ask == "classify" else 0.002
    return Generated(params, values, answer, distinct(slips, answer, gap))


# --- penalized-regression -----------------------------------------------------------------------

PenaltyAsk = Literal["ridge", "lasso"]


class PenalizedConfig(GeneratorConfig):
    asks: tuple[PenaltyAsk, ...] = Field(default=("ridge", "lasso"), min_length=1)
    points: IntRange = (3, 4)


@generator(
    "penalized-regression",
    kind="numeric",
    config=PenalizedConfig,
    slips=("ols", "double-lambda", "ridge-form", "no-threshold"),
)
def penalized_regression(rng: random.Random, config: PenalizedConfig) -> Generated:
    ask = rng.choice(config.asks)
    while True:
        n = draw(rng, (max(2, config.points[0]), max(2, config.points[1])))
        xs = [rng.choice([v for v in range(-3, 5) if v != 0]) for _ in range(n)]
        ys = [rng.randint(-4, 6) for _ in range(n)]
        sxx = sum(x * x for x in xs)
        sxy = sum(x * y for x, y in zip(xs, ys, strict=True))
        if sxy != 0:
            break
    slips: dict[str, float] = {"ols": sxy / sxx}
    if ask == "ridge":
        lam = rng.choice((0.5, 1.0, 2.0, 3.0, 5.0, 10.0))
        answer = sxy / (sxx + lam)
        slips["double-lambda"] = sxy / (sxx + 2 * lam)
        work = f"w = S_xy / (S_xx + λ) = {sxy} / ({sxx} + {fmt(lam)})"
    else:
        lam = float(max(1, round(abs(sxy) * rng.choice((0.3, 0.5, 0.8, 1.2)))))
        sign = 1 if sxy > 0 else -1
        shrunk = abs(sxy) - lam
        answer = sign * max(shrunk, 0.0) / sxx
        slips["ridge-form"] = sxy / (sxx + lam)
        if shrunk < 0:
            slips["no-threshold"] = sign * shrunk / sxx
        if shrunk >= 0:
            work = (
                f"|S_xy| = {abs(sxy)} > λ = {fmt(lam)}: w = sign(S_xy)(|S_xy| − λ) / S_xx"
                f" = {signed(sign)}×({abs(sxy)} − {fmt(lam)}) / {sxx}"
            )
        else:
            work = f"|S_xy| = {abs(sxy)} ≤ λ = {fmt(lam)}: w = 0"
    objectives = {
        "ridge": (
            "E(w) = Σ_i (y_i − w x_i)² + λ w²",
            "リッジ回帰（L2 正則化）",
            "ridge regression (L2 regularisation)",
        ),
        "lasso": (
            "E(w) = (1/2) Σ_i (y_i − w x_i)² + λ |w|",
            "ラッソ回帰（L1 正則化）",
            "lasso regression (L1 regularisation)",
        ),
    }
    objective, method_ja, method_en = objectives[ask]
    values = {
        "ask": ask,
        "points": ", ".join(f"({x}, {y})" for x, y in zip(xs, ys, strict=True)),
        "objective": objective,
        "method_ja": method_ja,
        "method_en": method_en,
        "lam": fmt(lam),
        "sxx": str(sxx),
        "sxy": str(sxy),
        "work": work,
        "answer": fmt(answer, 4),
    }
    params = {"ask": ask, "xs": xs, "ys": ys, "lam": lam}
    return Generated(params, values, answer, distinct(slips, answer, 0.002))


# --- logistic-loss ------------------------------------------------------------------------------

LogLossAsk = Literal["loss", "gradient"]
HALVES = (-1.5, -1.0, -0.5, 0.5, 1.0, 1.5)


class LogLossConfig(GeneratorConfig):
    asks: tuple[LogLossAsk, ...] = Field(default=("loss", "gradient"), min_length=1)


@generator(
    "logistic-loss",
    kind="numeric",
    config=LogLossConfig,
    slips=("log10", "wrong-term", "no-minus", "sign-flipped", "no-x", "no-sigmoid"),
)
def logistic_loss(rng: random.Random, config: LogLossConfig) -> Generated:
    ask = rng.choice(config.asks)
    while True:
        w = [rng.choice(HALVES) for _ in range(2)]
        b = rng.choice((-1.0, -0.5, 0.0, 0.5, 1.0))
        x = [rng.randint(-2, 2) for _ in range(2)]
        j = rng.randrange(2)
        if x[j] != 0:
            break
    y = rng.randint(0, 1)
    z = w[0] * x[0] + w[1] * x[1] + b
    p = 1 / (1 + math.exp(-z))
    slips: dict[str, float]
    if ask == "loss":
        answer = -math.log(p) if y == 1 else -math.log(1 - p)
        slips = {
            "log10": answer / math.log(10),
            "wrong-term": -math.log(1 - p) if y == 1 else -math.log(p),
            "no-minus": -answer,
        }
    else:
        answer = (p - y) * x[j]
        slips = {"sign-flipped": -answer, "no-x": p - y, "no-sigmoid": (z - y) * x[j]}
    values = {
        "ask": ask,
        "w": vec(w),
        "b": fmt(b),
        "x": vec(x),
        "y": str(y),
        "j": str(j + 1),
        "x_j": str(x[j]),
        "z_work": f"{signed(w[0])}×{signed(x[0])} + {signed(w[1])}×{signed(x[1])} + {signed(b)}",
        "z": fmt(z),
        "p": fmt(p, 4),
        "term": "−ln p" if y == 1 else "−ln(1 − p)",
        "answer": fmt(answer, 4),
    }
    if ask == "loss":
        values["task_ja"] = "値を"
        values["task_en"] = "the value of L"
        filled = f"{values['term']} = {values['term'].replace('p', values['p'])}"
        values["work_ja"] = f"y = {y} なので L = {filled} ≈ {values['answer']}"
        values["work_en"] = f"With y = {y}, L = {filled} ≈ {values['answer']}"
    else:
        values["task_ja"] = f"重み w_{j + 1} による偏微分 ∂L/∂w_{j + 1} を"
        values["task_en"] = f"the partial derivative ∂L/∂w_{j + 1} of the loss L"
        values["work_ja"] = values["work_en"] = (
            f"∂L/∂w_{j + 1} = (p − y) x_{j + 1} = ({values['p']} − {y}) × {signed(x[j])}"
            f" ≈ {values['answer']}"
        )
    params = {"ask": ask, "w": w, "b": b, "x": x, "y": y, "j": j}
    return Generated(params, values, answer, distinct(slips, answer, 0.002))


# --- svm-geometry -------------------------------------------------------------------------------

SvmAsk = Literal["margin", "distance", "hinge"]


class SvmConfig(GeneratorConfig):
    asks: tuple[SvmAsk, ...] = Field(default=("margin", "distance", "hinge"), min_length=1)


def _norm(v: Sequence[float]) -> float:
    return math.sqrt(sum(c * c for c in v))


@generator(
    "svm-geometry",
    kind="numeric",
    config=SvmConfig,
    slips=("one-over-norm", "squared-norm", "no-norm", "no-bias", "no-max", "no-label"),
)
def svm_geometry(rng: random.Random, config: SvmConfig) -> Generated:
    ask = rng.choice(config.asks)
    while True:
        if ask == "hinge":
            w = [rng.choice((-2.0, -1.5, -1.0, -0.5, 0.5, 1.0, 1.5, 2.0)) for _ in range(2)]
            b = rng.choice((-2.0, -1.0, -0.5, 0.0, 0.5, 1.0, 2.0))
        else:
            w = [float(rng.randint(-4, 4)) for _ in range(2)]
            b = float(rng.randint(-5, 5))
        if any(w):
            break
    norm = _norm(w)
    values = {"ask": ask, "w": vec(w), "b": fmt(b), "norm": fmt(norm, 4)}
    values["norm_work"] = f"√({' + '.join(f'{signed(c)}²' for c in w)}) = √{fmt(norm * norm)}"
    if ask == "margin":
        answer = 2 / norm
        slips = {"one-over-norm": 1 / norm, "squared-norm": 2 / (norm * norm)}
        values |= {
            "task_ja": "マージンの幅（2 つの平面 wᵀx + b = 1 と wᵀx + b = −1 の間の距離）を",
            "task_en": "width of the margin (the distance between wᵀx + b = 1 and wᵀx + b = −1)",
            "work": f"2/‖w‖ = 2/{fmt(norm, 4)}",
            "answer": fmt(answer, 4),
        }
        return Generated(
            {"ask": ask, "w": w, "b": b}, values, answer, distinct(slips, answer, 0.002)
        )
    if ask == "distance":
        while True:
            x = [float(rng.randint(-3, 4)) for _ in range(2)]
            f = w[0] * x[0] + w[1] * x[1] + b
            if f != 0 and w[0] * x[0] + w[1] * x[1] != 0:
                break
        answer = abs(f) / norm
        slips = {"no-norm": abs(f), "no-bias": abs(f - b) / norm}
        values |= {
            "x": vec(x),
            "f": fmt(f),
            "task_ja": f"点 x = {vec(x)} と分離超平面 wᵀx + b = 0 の距離を",
            "task_en": f"distance between the point x = {vec(x)} and the hyperplane wᵀx + b = 0",
            "work": f"wᵀx + b = {fmt(f)}, |wᵀx + b|/‖w‖ = {fmt(abs(f))}/{fmt(norm, 4)}",
            "answer": fmt(answer, 4),
        }
        params: dict[str, object] = {"ask": ask, "w": w, "b": b, "x": x}
        return Generated(params, values, answer, distinct(slips, answer, 0.002))
    while True:
        cells = rng.sample([(a, c) for a in range(-2, 4) for c in range(-2, 4)], 3)
        xs = [[float(a), float(c)] for a, c in cells]
        ys = [rng.choice((-1, 1)) for _ in range(3)]
        fs = [w[0] * x[0] + w[1] * x[1] + b for x in xs]
        margins = [y * f for y, f in zip(ys, fs, strict=True)]
        losses = [max(0.0, 1 - m) for m in margins]
        if any(m >= 1 for m in margins) and any(m < 1 for m in margins) and -1 in ys:
            break
    answer = sum(losses)
    slips = {
        "no-max": sum(1 - m for m in margins),
        "no-label": sum(max(0.0, 1 - f) for f in fs),
    }
    rows = [
        f"x{i + 1} = {vec(x)}, y{i + 1} = {'+1' if y > 0 else '−1'}"
        for i, (x, y) in enumerate(zip(xs, ys, strict=True))
    ]
    values |= {
        "data": "; ".join(rows),
        "fs": ", ".join(f"f(x{i + 1}) = {fmt(f)}" for i, f in enumerate(fs)),
        "margins": ", ".join(f"{fmt(m)}" for m in margins),
        "losses": " + ".join(fmt(v) for v in losses),
        "answer": fmt(answer, 4),
    }
    params = {"ask": ask, "w": w, "b": b, "xs": xs, "ys": ys}
    return Generated(params, values, answer, distinct(slips, answer, 0.002))


# --- kernel-value -------------------------------------------------------------------------------

KernelAsk = Literal["polynomial", "rbf"]


class KernelConfig(GeneratorConfig):
    asks: tuple[KernelAsk, ...] = Field(default=("polynomial", "rbf"), min_length=1)


@generator(
    "kernel-value",
    kind="numeric",
    config=KernelConfig,
    slips=("no-constant", "no-power", "no-square", "no-gamma"),
)
def kernel_value(rng: random.Random, config: KernelConfig) -> Generated:
    ask = rng.choice(config.asks)
    while True:
        x = [rng.randint(-2, 3) for _ in range(2)]
        z = [rng.randint(-2, 3) for _ in range(2)]
        dot = x[0] * z[0] + x[1] * z[1]
        sq = (x[0] - z[0]) ** 2 + (x[1] - z[1]) ** 2
        if ask == "polynomial" and dot != 0:
            break
        if ask == "rbf" and 0 < sq <= 10:
            break
    values = {"ask": ask, "x": vec(x), "z": vec(z), "dot": str(dot), "sq": str(sq)}
    slips: dict[str, float]
    if ask == "polynomial":
        c = rng.choice((0, 1, 2))
        d = rng.choice((2, 3))
        answer = float((dot + c) ** d)
        slips = {"no-constant": float(dot**d), "no-power": float(dot + c)}
        plus_c = f" + {c}" if c else ""  # c = 0: the homogeneous kernel (xᵀz)^d
        values |= {
            "kernel_ja": f"K(x, z) = (xᵀz{plus_c})^{d}",
            "kernel_en": f"K(x, z) = (xᵀz{plus_c})^{d}",
            "work": f"xᵀz = {dot}, K = ({dot}{plus_c})^{d} = {int(answer)}",
        }
        params: dict[str, object] = {"ask": ask, "x": x, "z": z, "c": c, "d": d}
    else:
        gamma = rng.choice((0.1, 0.25, 0.5, 1.0))
        if gamma * sq > 5:
            gamma = 0.1
        answer = math.exp(-gamma * sq)
        slips = {"no-square": math.exp(-gamma * math.sqrt(sq)), "no-gamma": math.exp(-sq)}
        values |= {
            "kernel_ja": f"K(x, z) = exp(−γ‖x − z‖²)（γ = {fmt(gamma)}）",
            "kernel_en": f"K(x, z) = exp(−γ‖x − z‖²) with γ = {fmt(gamma)}",
            "work": f"‖x − z‖² = {sq}, K = exp(−{fmt(gamma)} × {sq}) = exp(−{fmt(gamma * sq)})"
            f" ≈ {fmt(answer, 4)}",
        }
        params = {"ask": ask, "x": x, "z": z, "gamma": gamma}
    values["answer"] = fmt(answer, 4)
    return Generated(params, values, answer, distinct(slips, answer, 0.0002))


# --- information-gain ---------------------------------------------------------------------------


class GainConfig(GeneratorConfig):
    counts: IntRange = (0, 10)


def _bits(counts: Sequence[int]) -> float:
    total = sum(counts)
    return -sum(c / total * math.log2(c / total) for c in counts if c > 0)


def _gini(counts: Sequence[int]) -> float:
    total = sum(counts)
    return 1 - sum((c / total) ** 2 for c in counts)


@generator(
    "information-gain",
    kind="numeric",
    config=GainConfig,
    slips=("unweighted", "children-only", "gini-decrease"),
)
def information_gain(rng: random.Random, config: GainConfig) -> Generated:
    while True:
        left = [draw(rng, config.counts) for _ in range(2)]
        right = [draw(rng, config.counts) for _ in range(2)]
        parent = [left[0] + right[0], left[1] + right[1]]
        if sum(left) == 0 or sum(right) == 0 or 0 in parent:
            continue
        n_l, n_r, n = sum(left), sum(right), sum(parent)
        children = (n_l * _bits(left) + n_r * _bits(right)) / n
        answer = _bits(parent) - children
        slips = distinct(
            {
                "unweighted": _bits(parent) - (_bits(left) + _bits(right)) / 2,
                "children-only": children,
                "gini-decrease": _gini(parent) - (n_l * _gini(left) + n_r * _gini(right)) / n,
            },
            answer,
            0.002,
        )
        if answer > 0.01 and len(slips) >= 2:
            break
    values = {
        "parent": f"{parent[0]}, {parent[1]}",
        "left": f"{left[0]}, {left[1]}",
        "right": f"{right[0]}, {right[1]}",
        "n": str(n),
        "n_l": str(n_l),
        "n_r": str(n_r),
        "H_parent": fmt(_bits(parent), 4),
        "H_left": fmt(_bits(left), 4),
        "H_right": fmt(_bits(right), 4),
        "children": fmt(children, 4),
        "answer": fmt(answer, 4),
    }
    return Generated({"left": left, "right": right}, values, answer, slips)


# --- pca-components -----------------------------------------------------------------------------


class PcaComponentsConfig(GeneratorConfig):
    components: IntRange = (4, 6)
    thresholds: IntChoices = (70, 80, 90, 95)


@generator(
    "pca-components",
    kind="numeric",
    config=PcaComponentsConfig,
    slips=("one-short", "singular-values"),
)
def pca_components(rng: random.Random, config: PcaComponentsConfig) -> Generated:
    while True:
        size = draw(rng, (max(3, config.components[0]), max(3, config.components[1])))
        eig = sorted(rng.sample(range(1, 41), size), reverse=True)
        threshold = rng.choice(config.thresholds)
        total = sum(eig)
        running, answer = 0, 0
        for k, value in enumerate(eig, start=1):
            running += value
            if running * 100 >= threshold * total:
                answer = k
                break
        if 2 <= answer < size:
            break
    roots = [math.sqrt(v) for v in eig]
    root_total, acc, by_roots = sum(roots), 0.0, size
    for k, root in enumerate(roots, start=1):
        acc += root
        if acc * 100 >= threshold * root_total - 1e-9:
            by_roots = k
            break
    slips = {"one-short": float(answer - 1), "singular-values": float(by_roots)}
    cumulative = []
    acc_int = 0
    for value in eig:
        acc_int += value
        cumulative.append(f"{fmt(100 * acc_int / total, 1)}%")
    values = {
        "eigenvalues": vec(eig),
        "threshold": str(threshold),
        "total": str(total),
        "cumulative": ", ".join(cumulative),
        "answer": str(answer),
    }
    params = {"eigenvalues": eig, "threshold": threshold}
    return Generated(params, values, float(answer), distinct(slips, float(answer), 0.5))


# --- kmeans-step --------------------------------------------------------------------------------

KMeansAsk = Literal["centroid", "sse"]


class KMeansConfig(GeneratorConfig):
    asks: tuple[KMeansAsk, ...] = Field(default=("centroid", "sse"), min_length=1)
    points: IntRange = (6, 8)
    clusters: IntChoices = (2, 3)


def kmeans_assign(
    pts: Sequence[Sequence[int]], centres: Sequence[Sequence[float]], metric: str = "euclidean"
) -> list[int]:
    """The nearest centre of each point (squared Euclidean or Manhattan); ties → lower index."""
    result = []
    for p in pts:
        if metric == "euclidean":
            keys = [sum((a - b) ** 2 for a, b in zip(p, c, strict=True)) for c in centres]
        else:
            keys = [sum(abs(a - b) for a, b in zip(p, c, strict=True)) for c in centres]
        result.append(keys.index(min(keys)))
    return result


def _means(pts: Sequence[Sequence[int]], assign: Sequence[int], k: int) -> list[list[float]]:
    means = []
    for j in range(k):
        members = [p for p, a in zip(pts, assign, strict=True) if a == j]
        means.append([sum(p[d] for p in members) / len(members) for d in range(2)])
    return means


@generator(
    "kmeans-step",
    kind="numeric",
    config=KMeansConfig,
    slips=("old-centroid", "all-mean", "manhattan", "before-update", "not-squared"),
)
def kmeans_step(rng: random.Random, config: KMeansConfig) -> Generated:
    ask = rng.choice(config.asks)
    k = rng.choice([v for v in config.clusters if v >= 2] or [2])
    while True:
        size = draw(rng, (max(k + 1, config.points[0]), max(k + 1, config.points[1])))
        cells = rng.sample([(x, y) for x in range(10) for y in range(10)], size + k)
        pts = [list(c) for c in cells[:size]]
        centres = [list(c) for c in cells[size:]]
        assign = kmeans_assign(pts, centres)
        if len(set(assign)) == k:
            break
    new = _means(pts, assign, k)
    j = rng.randrange(k)
    axis = rng.randrange(2)
    slips: dict[str, float]
    if ask == "centroid":
        answer = new[j][axis]
        slips = {
            "old-centroid": float(centres[j][axis]),
            "all-mean": sum(p[axis] for p in pts) / size,
        }
        by_l1 = kmeans_assign(pts, centres, "manhattan")
        if j in by_l1:
            slips["manhattan"] = sum(
                p[axis] for p, a in zip(pts, by_l1, strict=True) if a == j
            ) / by_l1.count(j)
    else:
        answer = sum(
            sum((p[d] - new[a][d]) ** 2 for d in range(2)) for p, a in zip(pts, assign, strict=True)
        )
        slips = {
            "before-update": float(
                sum(
                    sum((p[d] - centres[a][d]) ** 2 for d in range(2))
                    for p, a in zip(pts, assign, strict=True)
                )
            ),
            "not-squared": sum(
                math.sqrt(sum((p[d] - new[a][d]) ** 2 for d in range(2)))
                for p, a in zip(pts, assign, strict=True)
            ),
        }
    names = [f"x{i + 1}" for i in range(size)]
    members = [", ".join(n for n, a in zip(names, assign, strict=True) if a == c) for c in range(k)]
    values = {
        "ask": ask,
        "K": str(k),
        "points": ", ".join(f"{n} = {point(p)}" for n, p in zip(names, pts, strict=True)),
        "centres": ", ".join(f"μ{c + 1} = {point(m)}" for c, m in enumerate(centres)),
        "clusters": "; ".join(f"C{c + 1} = {{{members[c]}}}" for c in range(k)),
        "new": ", ".join(
            f"μ{c + 1}' = ({fmt(m[0], 4)}, {fmt(m[1], 4)})" for c, m in enumerate(new)
        ),
        "j": str(j + 1),
        "axis_ja": "x 座標（第 1 成分）" if axis == 0 else "y 座標（第 2 成分）",
        "axis_en": "x-coordinate (first component)" if axis == 0 else "y-coordinate (second)",
        "answer": fmt(answer, 4),
    }
    if ask == "centroid":
        values["task_ja"] = f"更新後のクラスタ {j + 1} の中心 μ{j + 1}' の {values['axis_ja']}を"
        values["task_en"] = (
            f"the {values['axis_en']} of the updated centre μ{j + 1}' of cluster {j + 1}"
        )
    else:
        values["task_ja"] = "更新後の中心に対するクラスタ内平方和 SSE = Σ_i ‖x_i − μ_(c_i)'‖² を"
        values["task_en"] = (
            "the within-cluster sum of squares SSE = Σ_i ‖x_i − μ_(c_i)'‖²"
            " about the updated centres"
        )
    params = {"ask": ask, "points": pts, "centres": centres, "j": j, "axis": axis}
    return Generated(params, values, answer, distinct(slips, answer, 0.002))


# --- linkage ------------------------------------------------------------------------------------

LinkageAsk = Literal["single", "complete", "average", "centroid", "ward"]


class LinkageConfig(GeneratorConfig):
    asks: tuple[LinkageAsk, ...] = Field(
        default=("single", "complete", "average", "centroid", "ward"), min_length=1
    )


LINKAGE_LABELS: dict[str, tuple[str, str]] = {
    "single": (
        "最短距離法（単連結法: 2 クラスタ間の点の組のうち最も近い組の距離）",
        "single linkage (the distance of the closest pair across the two clusters)",
    ),
    "complete": (
        "最長距離法（完全連結法: 2 クラスタ間の点の組のうち最も遠い組の距離）",
        "complete linkage (the distance of the farthest pair across the two clusters)",
    ),
    "average": (
        "群平均法（2 クラスタ間のすべての点の組の距離の平均）",
        "the group average (the mean distance over all pairs across the two clusters)",
    ),
    "centroid": (
        "重心法（2 クラスタの重心間の距離）",
        "the centroid method (the distance between the two clusters' centroids)",
    ),
    "ward": (
        "ウォード法の基準（2 クラスタを併合したときのクラスタ内平方和の増加量 ΔSSE。"
        "クラスタ内平方和は各点と所属クラスタの重心との距離の二乗和）",
        "Ward's criterion (the increase ΔSSE of the within-cluster sum of squares when the two "
        "are merged; that sum adds the squared distances of points to their cluster centroid)",
    ),
}


def _dist(a: Sequence[float], b: Sequence[float]) -> float:
    return math.sqrt(sum((x - y) ** 2 for x, y in zip(a, b, strict=True)))


@generator(
    "linkage",
    kind="numeric",
    config=LinkageConfig,
    slips=("as-single", "as-complete", "as-average", "as-centroid", "squared", "no-size-factor"),
)
def linkage(rng: random.Random, config: LinkageConfig) -> Generated:
    ask = rng.choice(config.asks)
    sizes = (rng.choice((2, 3)), rng.choice((2, 3)))
    cells = rng.sample([(x, y) for x in range(8) for y in range(8)], sum(sizes))
    a = [list(c) for c in cells[: sizes[0]]]
    b = [list(c) for c in cells[sizes[0] :]]
    pairs = [_dist(p, q) for p in a for q in b]
    ca = [sum(p[d] for p in a) / len(a) for d in range(2)]
    cb = [sum(q[d] for q in b) / len(b) for d in range(2)]
    centre = _dist(ca, cb)
    factor = len(a) * len(b) / (len(a) + len(b))
    by_method = {
        "single": min(pairs),
        "complete": max(pairs),
        "average": sum(pairs) / len(pairs),
        "centroid": centre,
        "ward": factor * centre**2,
    }
    answer = by_method[ask]
    slips = {f"as-{m}": v for m, v in by_method.items() if m not in (ask, "ward")}
    if ask in ("single", "complete", "centroid"):
        slips["squared"] = answer**2
    if ask == "ward":
        slips["no-size-factor"] = centre**2
    names_a = [f"a{i + 1}" for i in range(len(a))]
    names_b = [f"b{i + 1}" for i in range(len(b))]
    values = {
        "ask": ask,
        "method_ja": LINKAGE_LABELS[ask][0],
        "method_en": LINKAGE_LABELS[ask][1],
        "A": ", ".join(f"{n} = {point(p)}" for n, p in zip(names_a, a, strict=True)),
        "B": ", ".join(f"{n} = {point(q)}" for n, q in zip(names_b, b, strict=True)),
        "pairs": ", ".join(
            f"d({na}, {nb}) = {fmt(_dist(p, q), 3)}"
            for na, p in zip(names_a, a, strict=True)
            for nb, q in zip(names_b, b, strict=True)
        ),
        "single": fmt(by_method["single"], 4),
        "complete": fmt(by_method["complete"], 4),
        "average": fmt(by_method["average"], 4),
        "ca": f"({fmt(ca[0], 4)}, {fmt(ca[1], 4)})",
        "cb": f"({fmt(cb[0], 4)}, {fmt(cb[1], 4)})",
        "centroid": fmt(centre, 4),
        "centre_sq": fmt(centre**2, 4),
        "na": str(len(a)),
        "nb": str(len(b)),
        "factor": fmt(factor, 4),
        "ward": fmt(by_method["ward"], 4),
        "answer": fmt(answer, 4),
    }
    params = {"ask": ask, "A": a, "B": b}
    return Generated(params, values, answer, distinct(slips, answer, 0.002))


# --- bias-variance ------------------------------------------------------------------------------

BiasVarianceAsk = Literal["bias2", "variance", "mse"]


class BiasVarianceConfig(GeneratorConfig):
    asks: tuple[BiasVarianceAsk, ...] = Field(default=("bias2", "variance", "mse"), min_length=1)
    models: IntRange = (4, 6)


@generator(
    "bias-variance",
    kind="numeric",
    config=BiasVarianceConfig,
    slips=("bias-not-squared", "unbiased", "as-mse", "bias2-only", "variance-only"),
)
def bias_variance(rng: random.Random, config: BiasVarianceConfig) -> Generated:
    ask = rng.choice(config.asks)
    while True:
        m = draw(rng, (max(2, config.models[0]), max(2, config.models[1])))
        truth = float(rng.randint(1, 5))
        shift = rng.choice((-1.0, -0.5, 0.5, 1.0))
        preds = [round(truth + shift + rng.randint(-10, 10) / 10, 1) for _ in range(m)]
        mean = sum(preds) / m
        bias = mean - truth
        var = sum((p - mean) ** 2 for p in preds) / m
        mse = sum((p - truth) ** 2 for p in preds) / m
        if abs(bias) > 0.05 and var > 0.01:
            break
    by_ask = {"bias2": bias * bias, "variance": var, "mse": mse}
    answer = by_ask[ask]
    slips: dict[str, float]
    if ask == "bias2":
        slips = {"bias-not-squared": bias, "as-mse": mse}
    elif ask == "variance":
        slips = {"unbiased": var * m / (m - 1), "as-mse": mse}
    else:
        slips = {"bias2-only": bias * bias, "variance-only": var}
    labels = {
        "bias2": ("バイアスの二乗 (E[ŷ] − f(x₀))²", "squared bias (E[ŷ] − f(x₀))²"),
        "variance": ("バリアンス E[(ŷ − E[ŷ])²]", "variance E[(ŷ − E[ŷ])²]"),
        "mse": ("期待二乗誤差 E[(ŷ − f(x₀))²]", "expected squared error E[(ŷ − f(x₀))²]"),
    }
    values = {
        "ask": ask,
        "ask_ja": labels[ask][0],
        "ask_en": labels[ask][1],
        "M": str(m),
        "f": fmt(truth),
        "preds": vec(preds),
        "mean": fmt(mean, 4),
        "bias": fmt(bias, 4),
        "bias2": fmt(bias * bias, 4),
        "var": fmt(var, 4),
        "mse": fmt(mse, 4),
        "answer": fmt(answer, 4),
    }
    params = {"ask": ask, "truth": truth, "preds": preds}
    return Generated(params, values, answer, distinct(slips, answer, 0.002))


# --- hypercube-edge -----------------------------------------------------------------------------

HypercubeAsk = Literal["edge", "fraction"]


class HypercubeConfig(GeneratorConfig):
    asks: tuple[HypercubeAsk, ...] = Field(default=("edge", "fraction"), min_length=1)
    dims: IntChoices = (2, 3, 5, 10, 20, 50, 100)


@generator(
    "hypercube-edge",
    kind="numeric",
    config=HypercubeConfig,
    slips=("linear", "inverted-power"),
)
def hypercube_edge(rng: random.Random, config: HypercubeConfig) -> Generated:
    ask = rng.choice(config.asks)
    while True:
        d = rng.choice(config.dims)
        if ask == "edge":
            given = rng.choice((0.01, 0.05, 0.1, 0.2, 0.5))
            answer = given ** (1 / d)
            slips = {"linear": given, "inverted-power": given**d}
            work = f"e = r^(1/d) = {fmt(given)}^(1/{d})"
        else:
            given = rng.choice((0.5, 0.8, 0.9, 0.95, 0.99))
            answer = given**d
            slips = {"linear": given, "inverted-power": given ** (1 / d)}
            work = f"r = e^d = {fmt(given)}^{d}"
        if answer >= 1e-4:
            break
    values = {"ask": ask, "d": str(d), "given": fmt(given), "work": work, "answer": f"{answer:.4g}"}
    if ask == "edge":
        values["task_ja"] = (
            f"全データの {fmt(100 * given)}% を含む部分超立方体 [0, e]^{d} を作るとき、"
            "その 1 辺の長さ e を"
        )
        values["task_en"] = (
            f"the edge length e of a sub-cube [0, e]^{d} that holds {fmt(100 * given)}% of the data"
        )
    else:
        values["task_ja"] = (
            f"1 辺の長さ e = {fmt(given)} の部分超立方体 [0, e]^{d} に入るデータの割合を"
        )
        values["task_en"] = (
            f"the fraction of the data inside the sub-cube [0, e]^{d} with edge e = {fmt(given)}"
        )
    slips = distinct(slips, answer, answer * 0.01)
    return Generated({"ask": ask, "d": d, "given": given}, values, answer, slips)

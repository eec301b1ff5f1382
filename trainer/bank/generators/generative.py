"""Generative-model families (seed 002: GAN theory; VAE and diffusion as the syllabus asks).

- vae-reparam: the reparameterisation z = μ + σ·ε, with σ given directly or through log σ².
- vae-kl: KL(N(μ, σ²) ‖ N(0, 1)) = ½ Σ (μ² + σ² − ln σ² − 1), and the ELBO / VAE loss built on it.
- ddpm-forward: ᾱ_t = Π_s (1 − β_s) and the closed-form forward step x_t = √ᾱ x₀ + √(1 − ᾱ) ε.
- gan-loss: the discriminator's binary cross-entropy and the non-saturating generator loss.
- js-divergence: JS(p ‖ q) = ½ KL(p ‖ m) + ½ KL(q ‖ m), m = (p + q) / 2, of small distributions.

The optimal discriminator and V(D*, G) live in `gan.py` (`gan-optimum`).
"""

from __future__ import annotations

import math
import random
from collections.abc import Sequence
from typing import Literal

from pydantic import Field

from trainer.bank.generators.common import IntRange, draw, fmt
from trainer.bank.generators.registry import Generated, GeneratorConfig, Margin, generator

MAX_TRIES = 10_000  # a draw that keeps failing means the configured ranges allow no valid one
NO_DRAW = "no valid draw in these ranges"


def halves(rng: random.Random, low: int, high: int, nonzero: bool = False) -> float:
    """A multiple of 0.5 in [low/2, high/2] (arguments in halves)."""
    for _ in range(MAX_TRIES):
        value = rng.randint(low, high) / 2
        if not (nonzero and value == 0):
            return value
    else:
        raise ValueError(NO_DRAW)


def vector(values: Sequence[float], digits: int = 4) -> str:
    return "[" + ", ".join(fmt(v, digits) for v in values) + "]"


def paren(value: float) -> str:
    """A number ready to be squared or subtracted in a worked formula: negatives in parentheses."""
    return f"({fmt(value)})" if value < 0 else fmt(value)


def listing(values: Sequence[float]) -> str:
    """One value plainly, several as a vector."""
    return fmt(values[0]) if len(values) == 1 else vector(values)


# --- vae-reparam --------------------------------------------------------------------------------

SigmaInput = Literal["sigma", "logvar"]
SIGMAS = (0.25, 0.5, 1.0, 1.5, 2.0)
LOGVARS = (-2.0, -1.0, -0.5, 0.5, 1.0, 2.0)


class ReparamConfig(GeneratorConfig):
    inputs: tuple[SigmaInput, ...] = Field(default=("sigma", "logvar"), min_length=1)


@generator(
    "vae-reparam",
    kind="numeric",
    config=ReparamConfig,
    slips=("variance", "logvar-as-sigma", "no-half"),
)
def vae_reparam(rng: random.Random, config: ReparamConfig) -> Generated:
    given = rng.choice(config.inputs)
    mu = halves(rng, -4, 4)
    eps = rng.choice((-1.5, -1.2, -1.0, -0.8, -0.5, 0.3, 0.5, 0.7, 1.0, 1.5, 2.0))
    values = {"input": given, "mu": fmt(mu), "eps": fmt(eps)}
    if given == "sigma":
        sigma = rng.choice(SIGMAS)
        slips = {"variance": mu + sigma * sigma * eps}
        params: dict[str, object] = {"input": given, "mu": mu, "sigma": sigma, "eps": eps}
    else:
        logvar = rng.choice(LOGVARS)
        sigma = math.exp(logvar / 2)
        slips = {"logvar-as-sigma": mu + logvar * eps, "no-half": mu + math.exp(logvar) * eps}
        values["logvar"] = fmt(logvar)
        params = {"input": given, "mu": mu, "logvar": logvar, "eps": eps}
    answer = mu + sigma * eps
    values.update({"sigma": fmt(sigma), "answer": fmt(answer)})
    return Generated(params, values, answer, slips)


# --- vae-kl -------------------------------------------------------------------------------------

KlAsk = Literal["kl", "loss", "elbo"]


class VaeKlConfig(GeneratorConfig):
    asks: tuple[KlAsk, ...] = Field(default=("kl", "loss", "elbo"), min_length=1)
    inputs: tuple[SigmaInput, ...] = Field(default=("sigma",), min_length=1)
    dims: IntRange = (1, 2)


def gaussian_kl(mus: Sequence[float], variances: Sequence[float]) -> float:
    return 0.5 * sum(m * m + v - math.log(v) - 1 for m, v in zip(mus, variances, strict=True))


@generator(
    "vae-kl",
    kind="numeric",
    config=VaeKlConfig,
    slips=("no-half", "sigma-not-variance", "log-sign", "kl-sign", "sign"),
)
def vae_kl(rng: random.Random, config: VaeKlConfig) -> Generated:
    ask = rng.choice(config.asks)
    given = rng.choice(config.inputs)
    k = draw(rng, config.dims)
    for _ in range(MAX_TRIES):
        mus = [halves(rng, -3, 3) for _ in range(k)]
        if given == "sigma":
            sigmas = [rng.choice(SIGMAS) for _ in range(k)]
            variances = [s * s for s in sigmas]
        else:
            logvars = [rng.choice((-1.0, -0.5, 0.0, 0.5, 1.0)) for _ in range(k)]
            variances = [math.exp(v) for v in logvars]
        kl = gaussian_kl(mus, variances)
        if kl > 0.01:
            break
    else:
        raise ValueError(NO_DRAW)
    terms = [
        f"({paren(m)}² + {fmt(v)} − {paren(math.log(v))} − 1)"
        for m, v in zip(mus, variances, strict=True)
    ]
    values = {
        "ask": ask,
        "input": given,
        "k": str(k),
        "mu": listing(mus),
        "var": listing(variances),
        "terms": " + ".join(terms),
        "kl": fmt(kl),
    }
    params: dict[str, object] = {"ask": ask, "input": given, "mu": mus}
    if given == "sigma":
        values["sigma"] = listing(sigmas)
        params["sigma"] = sigmas
    else:
        values["logvar"] = listing(logvars)
        params["logvar"] = logvars
    log_sign = 0.5 * sum(m * m + v + math.log(v) - 1 for m, v in zip(mus, variances, strict=True))
    slips: dict[str, float]
    if ask == "kl":
        answer = kl
        slips = {"no-half": 2 * kl, "log-sign": log_sign}
        if given == "sigma":
            slips["sigma-not-variance"] = 0.5 * sum(
                m * m + s - math.log(s) - 1 for m, s in zip(mus, sigmas, strict=True)
            )
    else:
        recon = rng.choice((1.5, 2.0, 3.2, 4.5, 6.0, 8.4, 12.0))  # −E_q[log p(x|z)]
        values["recon"] = fmt(recon)
        values["loglik"] = fmt(-recon)
        params["recon"] = recon
        if ask == "loss":
            answer = recon + kl
            slips = {"kl-sign": recon - kl, "sign": -answer, "no-half": recon + 2 * kl}
        else:
            answer = -recon - kl
            slips = {"kl-sign": -recon + kl, "sign": -answer, "no-half": -recon - 2 * kl}
    values["answer"] = fmt(answer)
    return Generated(params, values, answer, slips)


# --- ddpm-forward -------------------------------------------------------------------------------

DdpmAsk = Literal["alpha-bar", "sample"]
BETAS = (0.02, 0.05, 0.1, 0.2, 0.25, 0.3)
ALPHA_BARS = (0.04, 0.09, 0.16, 0.25, 0.36, 0.49, 0.64, 0.81)


class DdpmConfig(GeneratorConfig):
    asks: tuple[DdpmAsk, ...] = Field(default=("alpha-bar", "sample"), min_length=1)
    steps: IntRange = (2, 4)


@generator(
    "ddpm-forward",
    kind="numeric",
    config=DdpmConfig,
    slips=("sum-betas", "last-only", "beta-product", "no-sqrt", "swapped"),
)
def ddpm_forward(rng: random.Random, config: DdpmConfig) -> Generated:
    ask = rng.choice(config.asks)
    if ask == "alpha-bar":
        t = draw(rng, config.steps)
        betas = [rng.choice(BETAS) for _ in range(t)]
        alphas = [1 - b for b in betas]
        answer = math.prod(alphas)
        slips = {
            "sum-betas": 1 - sum(betas),
            "last-only": alphas[-1],
            "beta-product": math.prod(betas),
        }
        values = {
            "ask": ask,
            "t": str(t),
            "betas": vector(betas),
            "alphas": " × ".join(fmt(a) for a in alphas),
            "answer": fmt(answer),
        }
        return Generated({"ask": ask, "betas": betas}, values, answer, slips)
    abar = rng.choice(ALPHA_BARS)
    x0 = halves(rng, -4, 4, nonzero=True)
    eps = rng.choice((-1.5, -1.0, -0.5, 0.5, 1.0, 1.5))
    a, b = math.sqrt(abar), math.sqrt(1 - abar)
    answer = a * x0 + b * eps
    slips = {"no-sqrt": abar * x0 + (1 - abar) * eps, "swapped": b * x0 + a * eps}
    values = {
        "ask": ask,
        "abar": fmt(abar),
        "one_minus": fmt(1 - abar),
        "sqrt_abar": fmt(a),
        "sqrt_one_minus": fmt(b),
        "x0": fmt(x0),
        "eps": fmt(eps),
        "answer": fmt(answer),
    }
    return Generated({"ask": ask, "abar": abar, "x0": x0, "eps": eps}, values, answer, slips)


# --- gan-loss -----------------------------------------------------------------------------------

GanLossAsk = Literal["d-loss", "g-nonsat"]


class GanLossConfig(GeneratorConfig):
    asks: tuple[GanLossAsk, ...] = Field(default=("d-loss", "g-nonsat"), min_length=1)
    batch: IntRange = (1, 2)


@generator(
    "gan-loss",
    kind="numeric",
    config=GanLossConfig,
    slips=("log10", "seed-sign", "fake-as-real", "saturating", "swapped"),
)
def gan_loss(rng: random.Random, config: GanLossConfig) -> Generated:
    ask = rng.choice(config.asks)
    m = draw(rng, config.batch)
    real = [rng.randint(12, 19) / 20 for _ in range(m)]  # D(x) in [0.6, 0.95]
    fake = [rng.randint(1, 10) / 20 for _ in range(m)]  # D(G(z)) in [0.05, 0.5]
    values = {"ask": ask, "m": str(m), "real": listing(real), "fake": listing(fake)}
    if ask == "d-loss":
        answer = sum(-math.log(r) - math.log(1 - f) for r, f in zip(real, fake, strict=True)) / m
        slips = {
            "log10": sum(
                -math.log10(r) - math.log10(1 - f) for r, f in zip(real, fake, strict=True)
            )
            / m,
            "seed-sign": sum(
                -math.log(r) + math.log(1 - f) for r, f in zip(real, fake, strict=True)
            )
            / m,
            "fake-as-real": sum(-math.log(r) - math.log(f) for r, f in zip(real, fake, strict=True))
            / m,
        }
        values["terms"] = " + ".join(
            f"(−ln {fmt(r)} − ln(1 − {fmt(f)}))" for r, f in zip(real, fake, strict=True)
        )
    else:
        answer = sum(-math.log(f) for f in fake) / m
        slips = {
            "saturating": sum(math.log(1 - f) for f in fake) / m,
            "swapped": sum(-math.log(1 - f) for f in fake) / m,
            "log10": sum(-math.log10(f) for f in fake) / m,
        }
        values["terms"] = " + ".join(f"(−ln {fmt(f)})" for f in fake)
    values["answer"] = fmt(answer)
    return Generated({"ask": ask, "real": real, "fake": fake}, values, answer, slips)


# --- js-divergence ------------------------------------------------------------------------------

Base = Literal["e", "2"]


class JsConfig(GeneratorConfig):
    support: IntRange = (2, 3)
    base: Base = "e"


def tenths(rng: random.Random, size: int) -> list[float]:
    """Probabilities in tenths that sum to 1, each at least 0.1."""
    cuts = sorted(rng.sample(range(1, 10), size - 1))
    edges = [0, *cuts, 10]
    return [(edges[i + 1] - edges[i]) / 10 for i in range(size)]


def kl_div(p: Sequence[float], q: Sequence[float], log: float) -> float:
    return sum(a * math.log(a / b) / log for a, b in zip(p, q, strict=True) if a > 0)


@generator(
    "js-divergence",
    kind="numeric",
    config=JsConfig,
    slips=("symmetric-kl", "no-half", "wrong-base", "one-sided"),
    margin=Margin(abs=2.2e-4),
)
def js_divergence(rng: random.Random, config: JsConfig) -> Generated:
    size = draw(rng, config.support)
    for _ in range(MAX_TRIES):
        p, q = tenths(rng, size), tenths(rng, size)
        if p != q:
            break
    else:
        raise ValueError(NO_DRAW)
    mix = [(a + b) / 2 for a, b in zip(p, q, strict=True)]
    unit = 1.0 if config.base == "e" else math.log(2)
    other = math.log(2) if config.base == "e" else 1.0
    kl_pm, kl_qm = kl_div(p, mix, unit), kl_div(q, mix, unit)
    answer = (kl_pm + kl_qm) / 2
    slips = {
        "symmetric-kl": (kl_div(p, q, unit) + kl_div(q, p, unit)) / 2,
        "no-half": kl_pm + kl_qm,
        "wrong-base": (kl_div(p, mix, other) + kl_div(q, mix, other)) / 2,
        "one-sided": kl_pm,
    }
    values = {
        "p": vector(p),
        "q": vector(q),
        "m": vector(mix, 2),
        "kl_pm": fmt(kl_pm),
        "kl_qm": fmt(kl_qm),
        "answer": fmt(answer),
    }
    return Generated({"p": p, "q": q, "base": config.base}, values, answer, slips)

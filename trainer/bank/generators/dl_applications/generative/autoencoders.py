"""Autoencoders and VAEs (syllabus 4-6-2, 4-6-3).

- `vae-reparam`: the reparameterisation z = μ + σ·ε, with σ given directly or through log σ².
- `vae-kl`: KL(N(μ, σ²) ‖ N(0, 1)) = ½ Σ (μ² + σ² − ln σ² − 1), and the ELBO / VAE loss built on it.
- `autoencoder-params`: weights and biases of a symmetric fully connected autoencoder.
"""

from __future__ import annotations

import math
import random
from collections.abc import Sequence
from itertools import pairwise
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
    halves,
    listing,
)
from trainer.bank.generators.registry import Generated, GeneratorConfig, generator


def paren(value: float) -> str:
    """A number ready to be squared or subtracted in a worked formula: negatives in parentheses."""
    return f"({fmt(value)})" if value < 0 else fmt(value)


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

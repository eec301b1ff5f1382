"""Parameter estimation and Bayes (syllabus 1-2-4): posteriors, maximum-likelihood estimates, naive
Bayes.

- `bayes-posterior`: a test's positive predictive value, or a class posterior from a table.
- `bernoulli-estimate`: the maximum-likelihood estimate k/n of a Bernoulli parameter, or the MAP
  estimate under a Beta(α, β) prior.
- `naive-bayes`: the class posterior of a naive Bayes filter with binary features.
"""

from __future__ import annotations

import math
import random
from collections.abc import Sequence
from typing import Literal

from pydantic import Field

from trainer.bank.generators.common import (
    IntRange,
    distinct,
    draw,
    fmt,
    tenths_distribution,
)
from trainer.bank.generators.registry import Generated, GeneratorConfig, generator

BayesAsk = Literal["test", "classes"]


class BayesConfig(GeneratorConfig):
    asks: tuple[BayesAsk, ...] = Field(default=("test", "classes"), min_length=1)


PRIORS = (0.001, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2)


SENSITIVITIES = (0.8, 0.9, 0.95, 0.98, 0.99)


FALSE_POSITIVE_RATES = (0.01, 0.02, 0.05, 0.1)


@generator(
    "bayes-posterior",
    kind="numeric",
    config=BayesConfig,
    slips=("likelihood", "unnormalised", "ignore-prior"),
)
def bayes_posterior(rng: random.Random, config: BayesConfig) -> Generated:
    ask = rng.choice(config.asks)
    if ask == "test":
        while True:  # keep every slip a visibly different number
            prior = rng.choice(PRIORS)
            sens = rng.choice(SENSITIVITIES)
            fpr = rng.choice(FALSE_POSITIVE_RATES)
            joint_pos = sens * prior
            joint_neg = fpr * (1 - prior)
            answer = joint_pos / (joint_pos + joint_neg)
            slips = {
                "likelihood": sens,
                "unnormalised": joint_pos,
                "ignore-prior": sens / (sens + fpr),
            }
            if all(abs(v - answer) > 0.002 for v in slips.values()):
                break
        values = {
            "ask": ask,
            "prior": fmt(prior),
            "prior_pct": fmt(prior * 100),
            "sens": fmt(sens),
            "sens_pct": fmt(sens * 100),
            "fpr": fmt(fpr),
            "fpr_pct": fmt(fpr * 100),
            "joint_pos": fmt(joint_pos, 6),
            "joint_neg": fmt(joint_neg, 6),
            "marginal": fmt(joint_pos + joint_neg, 6),
            "answer": fmt(answer, 4),
        }
        params = {"ask": ask, "prior": prior, "sensitivity": sens, "fpr": fpr}
        return Generated(params, values, answer, slips)
    size = rng.choice((2, 3))
    while True:
        priors = tenths_distribution(rng, size)
        likelihoods = [rng.randint(1, 9) / 10 for _ in range(size)]
        k = rng.randrange(size)
        joints = [p * q for p, q in zip(priors, likelihoods, strict=True)]
        answer = joints[k] / sum(joints)
        normalised = likelihoods[k] / sum(likelihoods)
        if all(abs(answer - v) > 0.002 for v in (normalised, likelihoods[k], joints[k])):
            break
    names = [f"C{i + 1}" for i in range(size)]
    values = {
        "ask": ask,
        "classes": ", ".join(names),
        "priors": ", ".join(f"p({n}) = {fmt(p)}" for n, p in zip(names, priors, strict=True)),
        "likelihoods": ", ".join(
            f"p(x|{n}) = {fmt(q)}" for n, q in zip(names, likelihoods, strict=True)
        ),
        "k": names[k],
        "joints": " + ".join(
            f"{fmt(q)}×{fmt(p)}" for p, q in zip(priors, likelihoods, strict=True)
        ),
        "joint_k": fmt(joints[k], 4),
        "marginal": fmt(sum(joints), 4),
        "answer": fmt(answer, 4),
    }
    slips = {
        "likelihood": likelihoods[k],
        "unnormalised": joints[k],
        "ignore-prior": normalised,
    }
    params = {"ask": ask, "priors": priors, "likelihoods": likelihoods, "k": k}
    return Generated(params, values, answer, slips)


EstimateAsk = Literal["mle", "map"]


class EstimateConfig(GeneratorConfig):
    asks: tuple[EstimateAsk, ...] = Field(default=("mle", "map"), min_length=1)
    n: IntRange = (5, 20)


@generator(
    "bernoulli-estimate",
    kind="numeric",
    config=EstimateConfig,
    slips=("as-mle", "posterior-mean", "failures"),
)
def bernoulli_estimate(rng: random.Random, config: EstimateConfig) -> Generated:
    ask = rng.choice(config.asks)
    n = draw(rng, config.n)
    k = rng.randint(1, n - 1)
    alpha, beta = rng.choice((2, 3, 5)), rng.choice((2, 3, 5))
    mle = k / n
    mode = (k + alpha - 1) / (n + alpha + beta - 2)
    answer = mle if ask == "mle" else mode
    slips = {"failures": (n - k) / n}
    if ask == "map":
        slips["as-mle"] = mle
        slips["posterior-mean"] = (k + alpha) / (n + alpha + beta)
    values = {
        "ask": ask,
        "ask_ja": "最尤推定（MLE）" if ask == "mle" else "最大事後確率推定（MAP 推定）",
        "ask_en": "maximum-likelihood (MLE)" if ask == "mle" else "maximum a posteriori (MAP)",
        "n": str(n),
        "k": str(k),
        "alpha": str(alpha),
        "beta": str(beta),
        "num": str(k + alpha - 1),
        "den": str(n + alpha + beta - 2),
        "mle": fmt(mle, 4),
        "map": fmt(mode, 4),
        "answer": fmt(answer, 4),
    }
    return Generated(
        {"ask": ask, "n": n, "k": k, "alpha": alpha, "beta": beta}, values, answer, slips
    )


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

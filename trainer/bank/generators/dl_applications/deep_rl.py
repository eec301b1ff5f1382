"""Small reinforcement-learning calculations.

- `q-learning-update`: Q(s,a) ← Q(s,a) + α·(r + γ·max_a' Q(s',a') − Q(s,a)).
- `discounted-return`: G_t = Σ_k γ^k·r_{t+k+1} for a drawn reward sequence r_1 … r_T.
- `policy-gradient`: one gradient-ascent step on the logits θ of a softmax policy (bandit, one
  state): REINFORCE with a sampled action a and return G, Δθ_k = ε·G·(1[k = a] − π_k); or the exact
  gradient of J = Σ_a π_a·Q_a, Δθ_k = ε·π_k·(Q_k − Σ_a π_a·Q_a). π is given in tenths.
"""

from __future__ import annotations

import random
from typing import Literal

from pydantic import Field

from trainer.bank.generators.common import IntRange, draw, fmt
from trainer.bank.generators.registry import Generated, GeneratorConfig, generator


def par(value: float, digits: int = 4) -> str:
    """A number for the middle of a formula: negative values in parentheses."""
    text = fmt(value, digits)
    return f"({text})" if value < 0 else text


class QLearningConfig(GeneratorConfig):
    actions: IntRange = (2, 4)
    gammas: tuple[float, ...] = Field(default=(0.5, 0.8, 0.9, 0.99), min_length=1)
    alphas: tuple[float, ...] = Field(default=(0.1, 0.2, 0.5), min_length=1)


@generator(
    "q-learning-update",
    kind="numeric",
    config=QLearningConfig,
    slips=("sarsa", "target-only", "no-discount", "no-old-value"),
)
def q_learning_update(rng: random.Random, config: QLearningConfig) -> Generated:
    n = draw(rng, config.actions)
    q = rng.randint(0, 50) / 10
    r = rng.randint(-2, 5)
    gamma, alpha = rng.choice(config.gammas), rng.choice(config.alphas)
    nxt = [rng.randint(0, 50) / 10 for _ in range(n)]
    best = max(nxt)
    taken = rng.choice([i for i in range(n) if nxt[i] < best] or list(range(n)))
    target = r + gamma * best
    answer = q + alpha * (target - q)
    slips = {
        "sarsa": q + alpha * (r + gamma * nxt[taken] - q),
        "target-only": target,
        "no-discount": q + alpha * (r + best - q),
        "no-old-value": q + alpha * target,
    }
    values = {
        "q": fmt(q),
        "r": str(r),
        "gamma": fmt(gamma),
        "alpha": fmt(alpha),
        "next": ", ".join(f"Q(s',a{i + 1}) = {fmt(v)}" for i, v in enumerate(nxt)),
        "taken": f"a{taken + 1}",
        "best": fmt(best),
        "target": fmt(target, 4),
        "td": par(target - q),
        "answer": fmt(answer, 5),
    }
    params = {"q": q, "r": r, "gamma": gamma, "alpha": alpha, "next": nxt, "taken": taken}
    return Generated(params, values, answer, slips)


class ReturnConfig(GeneratorConfig):
    steps: IntRange = (3, 6)
    gammas: tuple[float, ...] = Field(default=(0.5, 0.8, 0.9), min_length=1)
    from_start: bool = True  # False: ask G_t for a drawn t > 0


@generator(
    "discounted-return",
    kind="numeric",
    config=ReturnConfig,
    slips=("no-discount", "shifted", "reversed"),
)
def discounted_return(rng: random.Random, config: ReturnConfig) -> Generated:
    count = draw(rng, config.steps)
    rewards = [rng.choice((-1, 0, 0, 1, 2, 3, 5)) for _ in range(count)]
    if all(v == 0 for v in rewards):
        rewards[-1] = 1
    gamma = rng.choice(config.gammas)
    t = 0 if config.from_start else rng.randint(1, count - 2)
    rest = rewards[t:]
    answer = sum(gamma**k * v for k, v in enumerate(rest))
    slips = {
        "no-discount": float(sum(rest)),
        "shifted": sum(gamma ** (k + 1) * v for k, v in enumerate(rest)),
        "reversed": sum(gamma ** (len(rest) - 1 - k) * v for k, v in enumerate(rest)),
    }
    terms = " + ".join(
        (par(v) if k == 0 else f"{fmt(gamma)}^{k}×{par(v)}" if k > 1 else f"{fmt(gamma)}×{par(v)}")
        for k, v in enumerate(rest)
    )
    values = {
        "rewards": ", ".join(f"r_{i + 1} = {v}" for i, v in enumerate(rewards)),
        "T": str(count),
        "t": str(t),
        "first": f"r_{t + 1}",
        "gamma": fmt(gamma),
        "terms": terms,
        "answer": fmt(answer, 5),
    }
    return Generated({"rewards": rewards, "gamma": gamma, "t": t}, values, answer, slips)


class PolicyGradientConfig(GeneratorConfig):
    asks: tuple[Literal["reinforce", "exact"], ...] = Field(
        default=("reinforce", "exact"), min_length=1
    )
    actions: IntRange = (2, 3)
    rates: tuple[float, ...] = Field(default=(0.1, 0.5, 1.0), min_length=1)


def _tenths_distribution(rng: random.Random, n: int) -> list[int]:
    cuts = sorted(rng.sample(range(1, 10), n - 1))
    edges = [0, *cuts, 10]
    return [edges[i + 1] - edges[i] for i in range(n)]


@generator(
    "policy-gradient",
    kind="numeric",
    config=PolicyGradientConfig,
    slips=("descent", "indicator-only", "no-baseline"),
)
def policy_gradient(rng: random.Random, config: PolicyGradientConfig) -> Generated:
    ask = rng.choice(config.asks)
    n = draw(rng, config.actions)
    pi10 = _tenths_distribution(rng, n)
    pi = [p / 10 for p in pi10]
    eps = rng.choice(config.rates)
    k = rng.randrange(n)
    values = {
        "n": str(n),
        "pi": "(" + ", ".join(fmt(p) for p in pi) + ")",
        "eps": fmt(eps),
        "k": str(k + 1),
        "pik": fmt(pi[k]),
    }
    if ask == "reinforce":
        a = rng.randrange(n)
        g = rng.choice((-2, -1, 1, 2, 3, 5))
        grad = (1.0 if k == a else 0.0) - pi[k]
        answer = eps * g * grad
        slips = {
            "descent": -answer,
            "indicator-only": eps * g * (1.0 if k == a else 0.0),
        }
        values |= {"a": str(a + 1), "G": par(g), "grad": par(grad, 3), "ind": str(int(k == a))}
        params: dict[str, object] = {"ask": ask, "pi": pi, "eps": eps, "k": k, "a": a, "G": g}
    else:
        qs = [rng.randint(-2, 6) for _ in range(n)]
        baseline = sum(p * q for p, q in zip(pi, qs, strict=True))
        answer = eps * pi[k] * (qs[k] - baseline)
        slips = {"descent": -answer, "no-baseline": eps * pi[k] * qs[k]}
        values |= {
            "Q": "(" + ", ".join(map(str, qs)) + ")",
            "Qk": str(qs[k]),
            "baseline": fmt(baseline, 4),
            "grad": par(pi[k] * (qs[k] - baseline)),
        }
        params = {"ask": ask, "pi": pi, "eps": eps, "k": k, "Q": qs}
    values["answer"] = fmt(answer, 4)
    return Generated(params, values, answer, slips)

"""bptt: derivatives through time of a scalar simple RNN, h_t = f(w*h_{t-1} + u*x_t).

The learner writes the derivative in terms of the weights and the hidden values h_t, using the
activation's derivative written with its own output (tanh' = 1 - h^2, sigmoid' = h(1 - h)), as the
course does. The answer is built by the chain rule here; the tests check it against sympy's `diff`
of the unrolled function.
"""

from __future__ import annotations

import random
from typing import Literal

from pydantic import Field

from trainer.bank.generators.registry import Generated, GeneratorConfig, generator

Activation = Literal["tanh", "sigmoid"]
Target = Literal["h0", "w", "u", "x1"]

HIDDEN_RANGE: dict[str, tuple[float, float]] = {"tanh": (-0.9, 0.9), "sigmoid": (0.05, 0.95)}


class BpttConfig(GeneratorConfig):
    steps: tuple[Literal[1, 2, 3], ...] = Field(default=(2, 3), min_length=1)
    activations: tuple[Activation, ...] = Field(default=("tanh", "sigmoid"), min_length=1)
    targets: tuple[Target, ...] = Field(default=("h0", "w", "u", "x1"), min_length=1)


def local_derivative(activation: str, t: int) -> str:
    """f'(a_t) written with the step's output h_t."""
    return f"(1 - h_{t}**2)" if activation == "tanh" else f"h_{t}*(1 - h_{t})"


def derivative(activation: str, steps: int, target: str) -> str:
    """d h_T / d target by the chain rule, as an expression string in w, u, x_t, h_t."""
    if target == "h0":
        return "*".join(f"w*{local_derivative(activation, t)}" for t in range(1, steps + 1))
    if target == "x1":
        factors = [f"u*{local_derivative(activation, 1)}"]
        factors += [f"w*{local_derivative(activation, t)}" for t in range(2, steps + 1)]
        return "*".join(factors)
    # A shared weight: d_t = f'_t * (direct term + w * d_{t-1}), summing every path through time.
    result = ""
    for t in range(1, steps + 1):
        direct = f"h_{t - 1}" if target == "w" else f"x_{t}"
        inner = f"{direct} + w*{result}" if result else direct
        result = f"{local_derivative(activation, t)}*" + (f"({inner})" if result else inner)
    return result


def symbol_domains(activation: str, steps: int) -> dict[str, tuple[float, float]]:
    domains: dict[str, tuple[float, float]] = {"w": (-1.5, 1.5), "u": (-1.5, 1.5)}
    for t in range(steps + 1):
        domains[f"h_{t}"] = HIDDEN_RANGE[activation]
    for t in range(1, steps + 1):
        domains[f"x_{t}"] = (-2.0, 2.0)
    return domains


def _chain_text(activation: str, steps: int, target: str) -> str:
    """The first line of the worked explanation: which partial derivatives are chained."""
    if target in ("h0", "x1"):
        first = "h_0" if target == "h0" else "x_1"
        links = [f"∂h_{t}/∂h_{t - 1}" for t in range(steps, 1, -1)]
        return " · ".join([*links, f"∂h_1/∂{first}"])
    return " + ".join(
        f"∂h_{steps}/∂h_{t} · ∂⁺h_{t}/∂{target}" for t in range(steps, 0, -1)
    ).replace(f"∂h_{steps}/∂h_{steps} · ", "")


@generator("bptt", kind="expression", config=BpttConfig)
def bptt_question(rng: random.Random, config: BpttConfig) -> Generated:
    steps = rng.choice(config.steps)
    activation = rng.choice(config.activations)
    target = rng.choice(config.targets)
    wrt = {"h0": "h_0", "w": "w", "u": "u", "x1": "x_1"}[target]
    answer = derivative(activation, steps, target)
    values = {
        "T": str(steps),
        "activation": activation,
        "wrt": wrt,
        "fprime": local_derivative(activation, 1).replace("_1", "_t"),
        "chain": _chain_text(activation, steps, target),
        "answer": answer,
    }
    params = {"steps": steps, "activation": activation, "target": target}
    return Generated(params, values, answer, symbols=symbol_domains(activation, steps))

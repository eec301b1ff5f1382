"""Small helpers shared by generators: YAML range types and number formatting."""

from __future__ import annotations

import math
import random
from collections.abc import Sequence
from typing import Annotated

from pydantic import AfterValidator, Field

from trainer.bank.numbers import format_number


def _ordered(bounds: tuple[int, int]) -> tuple[int, int]:
    if bounds[0] > bounds[1]:
        raise ValueError(f"range [{bounds[0]}, {bounds[1]}] has low > high")
    return bounds


IntRange = Annotated[tuple[int, int], AfterValidator(_ordered)]
IntChoices = Annotated[tuple[int, ...], Field(min_length=1)]


def draw(rng: random.Random, bounds: tuple[int, int]) -> int:
    return rng.randint(bounds[0], bounds[1])


def fmt(value: float, digits: int = 4) -> str:
    """A number for prompts and explanations: integers plainly, others to `digits` decimals
    (trailing zeros dropped); never "-0" or float noise (trainer.bank.numbers)."""
    return format_number(float(value), digits)


def signed(value: float, digits: int = 4) -> str:
    """A number to write after ×, + or −: negative ones in parentheses, e.g. 0.5 × (−2)."""
    text = fmt(value, digits)
    return f"({text})" if value < 0 else text


def vec(values: Sequence[float], digits: int = 4) -> str:
    return "(" + ", ".join(fmt(v, digits) for v in values) + ")"


def sigmoid(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-x))


def tenths_distribution(rng: random.Random, size: int) -> list[float]:
    """Probabilities in tenths summing to 1, each at least 0.1."""
    cuts = sorted(rng.sample(range(1, 10), size - 1))
    edges = [0, *cuts, 10]
    return [(edges[i + 1] - edges[i]) / 10 for i in range(size)]


def distinct(slips: dict[str, float], answer: float, gap: float) -> dict[str, float]:
    """The slips that are finite and more than `gap` away from the answer."""
    return {k: v for k, v in slips.items() if math.isfinite(v) and abs(v - answer) > gap}


def twentieths_distribution(rng: random.Random, size: int) -> list[float]:
    """`size` probabilities, multiples of 0.05 summing to 1, each at least 0.05."""
    cuts = sorted(rng.sample(range(1, 20), size - 1))
    edges = [0, *cuts, 20]
    return [(edges[i + 1] - edges[i]) / 20 for i in range(size)]


def joint_table_text(xs: Sequence[int], ys: Sequence[int], cells: Sequence[Sequence[float]]) -> str:
    return ", ".join(
        f"P(X={xs[r]}, Y={ys[c]}) = {fmt(cells[r][c])}" for r in range(2) for c in range(2)
    )


def count(value: int) -> str:
    """An integer with thousands separators, for explanations."""
    return f"{value:,}"


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


def listing(values: Sequence[float]) -> str:
    """One value plainly, several as a vector."""
    return fmt(values[0]) if len(values) == 1 else vector(values)


def hundredths(value: int) -> str:
    """A value stored in hundredths, written with two decimals (0.07, 1.20)."""
    return f"{value / 100:.2f}"

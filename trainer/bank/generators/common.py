"""Small helpers shared by generators: YAML range types and number formatting."""

from __future__ import annotations

import random
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

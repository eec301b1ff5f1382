"""The registry of parametric generators.

A generator is a plain function `(rng, config) -> Generated`, registered under the name that YAML
questions use. Each one declares the pydantic model of its YAML `params` (so a typo in a range is a
located validation error, not a crash at review time), the answer kind it produces, and the slips
it can compute.

A slip that gives exactly the key on a draw is no mistake there (no floor to take of an exact
quotient, no padding to forget; the variant leaves it out). A slip that comes out near the key,
inside what the checker accepts, is a mistake that would be marked right (forgetting tanh where
the cell sits in tanh's linear range): such a draw is drawn again.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ConfigDict

from trainer.bank.numbers import NOISE

Config = TypeVar("Config", bound=BaseModel)


class GeneratorConfig(BaseModel):
    """Base for a generator's YAML parameters: unknown keys are errors."""

    model_config = ConfigDict(extra="forbid", frozen=True)


@dataclass(frozen=True)
class Generated:
    """One draw: the parameters (JSON-able), template fields, the answer and computed slips."""

    params: Mapping[str, Any]
    values: Mapping[str, str]
    answer: float | str
    slips: Mapping[str, float] = field(default_factory=dict)
    symbols: Mapping[str, tuple[float, float]] = field(default_factory=dict)


REDRAWS = 100
"""Draws tried before a generator gives up on separating its slips from the key (the bank test
over many seeds then shows the draw that was kept)."""


def same_number(a: float, b: float) -> bool:
    """Equal but for float rounding: two routes to one value."""
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12)


@dataclass(frozen=True)
class Margin:
    """How far a slip must lie from the key: more than max(abs, rel * |key|).

    A generator whose draws can put a slip near the key sets it to about twice the widest
    tolerance of its questions, so that a learner who makes the slip and rounds as the prompt
    asks is still judged wrong; tests/bank/test_slips_distinct.py checks every question.
    """

    abs: float = 1e-9
    rel: float = 1e-9

    def separates(self, generated: Generated) -> bool:
        answer = generated.answer
        if not isinstance(answer, float):
            return True
        limit = max(self.abs, self.rel * abs(answer))
        return all(
            same_number(value, answer) or not abs(value - answer) <= limit
            for value in generated.slips.values()
        )


def without_noise(generated: Generated) -> Generated:
    """The draw with a key of zero written as 0: a difference that cancels exactly in the
    mathematics comes out of floats as 5.55e-17 or -0.0, which no key should read as."""
    answer = generated.answer
    if isinstance(answer, float) and abs(answer) <= NOISE:
        return replace(generated, answer=0.0)
    return generated


@dataclass(frozen=True)
class GeneratorSpec(Generic[Config]):
    name: str
    kind: str
    config: type[Config]
    slips: frozenset[str]
    function: Callable[[random.Random, Config], Generated]
    margin: Margin = Margin()

    def parse_config(self, params: Mapping[str, Any]) -> Config:
        return self.config.model_validate(dict(params))

    def run(self, rng: random.Random, params: Mapping[str, Any]) -> Generated:
        config = self._cached_config(params)
        generated = self.function(rng, config)
        for _ in range(REDRAWS - 1):
            if self.margin.separates(generated):
                break
            generated = self.function(rng, config)
        return without_noise(generated)

    def _cached_config(self, params: Mapping[str, Any]) -> Config:
        key = id(params)
        cached = _CONFIG_CACHE.get(key)
        if cached is None or cached[0] is not params:
            cached = (params, self.parse_config(params))
            _CONFIG_CACHE[key] = cached
        config = cached[1]
        assert isinstance(config, self.config)
        return config


_CONFIG_CACHE: dict[int, tuple[Mapping[str, Any], BaseModel]] = {}
GENERATORS: dict[str, GeneratorSpec[Any]] = {}


def generator(
    name: str,
    *,
    kind: str,
    config: type[Config],
    slips: tuple[str, ...] = (),
    margin: Margin = Margin(),
) -> Callable[
    [Callable[[random.Random, Config], Generated]], Callable[[random.Random, Config], Generated]
]:
    """Register a generator function under `name`; `margin` widens the slip-to-key distance its
    draws must keep, where a question on it accepts more than the default."""

    def register(
        function: Callable[[random.Random, Config], Generated],
    ) -> Callable[[random.Random, Config], Generated]:
        if name in GENERATORS:
            raise ValueError(f"generator {name!r} registered twice")
        GENERATORS[name] = GeneratorSpec(name, kind, config, frozenset(slips), function, margin)
        return function

    return register

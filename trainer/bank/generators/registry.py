"""The registry of parametric generators.

A generator is a plain function `(rng, config) -> Generated`, registered under the name that YAML
questions use. Each one declares the pydantic model of its YAML `params` (so a typo in a range is a
located validation error, not a crash at review time), the answer kind it produces, and the slips
it can compute.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ConfigDict

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


@dataclass(frozen=True)
class GeneratorSpec(Generic[Config]):
    name: str
    kind: str
    config: type[Config]
    slips: frozenset[str]
    function: Callable[[random.Random, Config], Generated]

    def parse_config(self, params: Mapping[str, Any]) -> Config:
        return self.config.model_validate(dict(params))

    def run(self, rng: random.Random, params: Mapping[str, Any]) -> Generated:
        return self.function(rng, self._cached_config(params))

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
    name: str, *, kind: str, config: type[Config], slips: tuple[str, ...] = ()
) -> Callable[
    [Callable[[random.Random, Config], Generated]], Callable[[random.Random, Config], Generated]
]:
    """Register a generator function under `name`."""

    def register(
        function: Callable[[random.Random, Config], Generated],
    ) -> Callable[[random.Random, Config], Generated]:
        if name in GENERATORS:
            raise ValueError(f"generator {name!r} registered twice")
        GENERATORS[name] = GeneratorSpec(name, kind, config, frozenset(slips), function)
        return function

    return register

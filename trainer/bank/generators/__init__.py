"""Parametric question generators. Importing this package registers every family."""

from __future__ import annotations

from typing import Any

from trainer.bank.generators import bptt, conv, gan, iou  # noqa: F401  (registration)
from trainer.bank.generators.registry import GENERATORS, Generated, GeneratorSpec


def get_generator(name: str) -> GeneratorSpec[Any]:
    try:
        return GENERATORS[name]
    except KeyError:
        known = ", ".join(sorted(GENERATORS))
        raise KeyError(f"unknown generator '{name}' (known: {known})") from None


__all__ = ["GENERATORS", "Generated", "GeneratorSpec", "get_generator"]

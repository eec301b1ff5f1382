"""Parametric question generators. Importing this package registers every family.

The packages mirror the syllabus (question_bank/syllabus.yaml): one per major, and below it one
module per section, or a package of modules named for what they compute where a section has many.
"""

from __future__ import annotations

from typing import Any

from trainer.bank.generators import (  # noqa: F401  (registration, in syllabus order)
    applied_math,
    dev_env,
    dl_applications,
    dl_fundamentals,
    machine_learning,
)
from trainer.bank.generators.registry import GENERATORS, Generated, GeneratorSpec


def get_generator(name: str) -> GeneratorSpec[Any]:
    try:
        return GENERATORS[name]
    except KeyError:
        known = ", ".join(sorted(GENERATORS))
        raise KeyError(f"unknown generator '{name}' (known: {known})") from None


__all__ = ["GENERATORS", "Generated", "GeneratorSpec", "get_generator"]

"""Test helpers: small questions built without a YAML file, and generators run with the checks
every generator owes (declared slips only, the same output again from the same seed)."""

from __future__ import annotations

import math
import random
from typing import Any

from trainer.bank.generators import GENERATORS
from trainer.bank.generators.registry import Generated
from trainer.bank.schema import MODEL_BY_KIND, QuestionBase

BASE: dict[str, Any] = {
    "topic": "deep_learning/test/topic",
    "syllabus": "3-4-1",
    "area": "deep_learning",
    "difficulty": 1,
    "source": {"seed": "000_c7c515c0397d0ed0.txt", "section": "test"},
    "prompt": {"ja": "問題", "en": "Question"},
    "explanation": {"ja": "解説", "en": "Explanation"},
}


def question(kind: str, **fields: Any) -> QuestionBase:
    data = {**BASE, "id": f"test.{kind}", "kind": kind, **fields}
    return MODEL_BY_KIND[kind].model_validate(data)


def run(name: str, seed: int, params: dict[str, Any] | None = None) -> Generated:
    spec = GENERATORS[name]
    generated = spec.run(random.Random(seed), params or {})
    assert set(generated.slips) <= spec.slips, name
    again = spec.run(random.Random(seed), params or {})
    assert again == generated, f"{name}: a generator must be deterministic given its rng"
    return generated


def answer_of(generated: Generated) -> float:
    assert isinstance(generated.answer, float)
    assert math.isfinite(generated.answer)
    return generated.answer


def numeric(name: str, seed: int, params: dict[str, Any] | None = None) -> Any:
    """`run` for a generator whose answer is a number (a finite float); typed loosely, so that
    tests use `.answer` as the float it was just checked to be."""
    generated = run(name, seed, params)
    answer_of(generated)
    return generated


def slips_differ(generated: Generated, tol: float = 1e-6) -> None:
    """Every computed slip is a different number from the answer (so its feedback can fire)."""
    for name, value in generated.slips.items():
        assert math.isfinite(value), name
        assert abs(value - answer_of(generated)) > tol, name

"""Test helpers: small questions built without a YAML file, and generators run with the checks
every generator owes (declared slips only, the same output again from the same seed)."""

from __future__ import annotations

import math
import random
from functools import cache
from pathlib import Path
from typing import Any

import yaml

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


BANK_ROOT = Path(__file__).parents[2] / "question_bank"


@cache
def _raw_bank() -> dict[str, dict[str, Any]]:
    found: dict[str, dict[str, Any]] = {}
    for path in sorted(BANK_ROOT.rglob("*.yaml")):
        if path.name == "syllabus.yaml":
            continue
        for entry in yaml.safe_load(path.read_text(encoding="utf-8")) or []:
            for item in entry["items"] if "set" in entry else [entry]:  # a set's items
                assert item["id"] not in found, f"duplicate id {item['id']} in {path.name}"
                found[item["id"]] = item
    return found


def raw_questions(*prefixes: str) -> dict[str, dict[str, Any]]:
    """The shipped questions whose ids start with one of `prefixes`, as the YAML states them.

    Answer tests pick their questions by id prefix (which says where a question came from:
    `s3d1.` the Stage.3 Day1 notes, `adv.` seed 002, ...), not by file, so they do not depend on
    where in the syllabus tree a question lives."""
    return {qid: q for qid, q in _raw_bank().items() if qid.startswith(prefixes)}

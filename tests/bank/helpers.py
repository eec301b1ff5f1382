"""Building small questions in tests without a YAML file."""

from __future__ import annotations

from typing import Any

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

"""A listing of the shipped bank that does not depend on where its files are: every question's
model and, for a few seeds, a digest of the variant a learner would see.

`tests/bank/data/bank_listing.json` was written by `python -m tests.bank.move_listing` before the
bank's files were moved into the syllabus tree (commit 0a431ee); the test beside it proves that the
move changed no question id, no question and no variant.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import sys
from pathlib import Path
from typing import Any

from trainer.bank.loader import Bank, collect
from trainer.bank.variants import make_variant

LISTING = Path(__file__).parent / "data" / "bank_listing.json"
SEEDS = (0, 1, 2, 7, 42)


def _digest(value: Any) -> str:
    text = json.dumps(value, sort_keys=True, ensure_ascii=False, default=repr)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:24]


# Fields the schema gained after the listing was recorded; a question that leaves them unset is
# the question it was.
LATER_FIELDS = {
    "style", "framework", "listing", "formula", "check", "item_set", "stem", "stem_listing",
    "fills", "fails", "aliases",
}  # fmt: skip


def _without_later_fields(value: Any) -> Any:
    if isinstance(value, dict):
        return {
            k: _without_later_fields(v)
            for k, v in value.items()
            if not (k in LATER_FIELDS and v is None)
        }
    if isinstance(value, list):
        return [_without_later_fields(v) for v in value]
    return value


def as_written(dump: dict[str, Any]) -> dict[str, Any]:
    """The question as its YAML states it: since the move the loader derives `topic` from the
    syllabus and keeps the YAML's path as `legacy_topic`."""
    legacy = dump.pop("legacy_topic", None)
    if legacy is not None:
        dump["topic"] = legacy
    written: dict[str, Any] = _without_later_fields(dump)
    return written


def listing(bank: Bank) -> dict[str, dict[str, Any]]:
    """question id -> its syllabus node, a digest of its model and one per seed of its variant."""
    entries: dict[str, dict[str, Any]] = {}
    for question_id in sorted(bank.questions):
        question = bank.questions[question_id]
        entries[question_id] = {
            "syllabus": question.syllabus,
            "question": _digest(as_written(question.model_dump(mode="json"))),
            "variants": {
                str(seed): _digest(dataclasses.asdict(make_variant(question, seed)))
                for seed in SEEDS
            },
        }
    return entries


def main() -> None:
    bank, problems = collect()
    if problems:
        sys.exit("\n".join(map(str, problems)))
    LISTING.write_text(json.dumps(listing(bank), indent=1, sort_keys=True) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()

"""Where the shipped question bank lives, installed or in a source checkout.

A wheel carries the bank as `trainer/question_bank` (hatchling force-include); a source checkout
or an editable install has it at the repository root. `TRAINER_BANK` overrides both.
"""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path


def bank_dir() -> Path:
    override = os.environ.get("TRAINER_BANK")
    if override:
        return Path(override)
    packaged = resources.files("trainer").joinpath("question_bank")
    if packaged.is_dir():
        return Path(str(packaged))
    return Path(__file__).resolve().parents[2] / "question_bank"


def syllabus_path(directory: Path | None = None) -> Path:
    return (directory or bank_dir()) / "syllabus.yaml"

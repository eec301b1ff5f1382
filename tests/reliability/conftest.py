"""Fixtures of the line-mode tests: a six-question bank and an in-memory store."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.reliability.quizdriver import write_bank
from trainer.bank.loader import Bank, load_bank


@pytest.fixture(scope="module")
def bank_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_bank(tmp_path_factory.mktemp("bank"), 6)


@pytest.fixture(scope="module")
def bank(bank_dir: Path) -> Bank:
    return load_bank([bank_dir])

"""Fixtures for the TUI tests: a three-question bank, a settable clock, a tmp SQLite file."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from textual.widgets import Input

from trainer.bank.loader import Bank, load_bank

NUMERIC = "adv.vae-reparam-sigma"
CHOICE = "adv.wgan"
EXPRESSION = "fam.bptt-through-time"
START = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)


@dataclass
class Clock:
    now: datetime = START

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


@dataclass
class Seeds:
    counter: Iterator[int] = field(default_factory=lambda: itertools.count(7))

    def __call__(self) -> int:
        return next(self.counter)


@pytest.fixture(scope="session")
def full_bank() -> Bank:
    return load_bank()


@pytest.fixture
def tiny_bank(full_bank: Bank) -> Bank:
    ids = (NUMERIC, CHOICE, EXPRESSION)
    return Bank({qid: full_bank.questions[qid] for qid in ids}, full_bank.syllabus)


@pytest.fixture
def db_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'trainer.db'}"


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture(autouse=True)
def no_blink(monkeypatch: pytest.MonkeyPatch) -> None:
    """A blinking cursor makes screenshots differ from run to run."""
    monkeypatch.setattr(Input, "_toggle_cursor", lambda _self: None)


AppFactory = Callable[..., object]

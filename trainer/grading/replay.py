"""The cases a check drew last time it passed, kept in memory so that watch mode's re-check can
send them to the worker in one batch instead of drawing them again.

This keeps a re-check exactly as strong as a cold one because the draws are deterministic:
Hypothesis runs derandomized (its seed comes from the test function, no database), and up to the
first failure what it draws does not depend on the answers. So a cold check of any file draws a
prefix of the cases a passing run drew: if every kept case passes again, the cold check would
have passed on the very same cases; if one fails, the grader runs the check as a cold one (it
draws the same cases again, fails on the same one and shrinks it as usual).

A check's cases are filed under the exercise, a digest of its spec module's and its reference's
source (check names repeat across exercises, and an edited spec or reference draws or expects
differently), the check's place and name, and how many examples it draws.
"""

from __future__ import annotations

import copy
import hashlib
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from trainer.grading.spec import Inputs, Program

Key = tuple[str, str, int, str, int]  # exercise, sources_digest, check's place, name, examples


@dataclass(frozen=True)
class Case:
    """One drawn case: what the worker was asked, and what the reference answered."""

    program: Program
    inputs: dict[str, Any]
    expected: dict[str, Any] | None


def drawn(program: Program, inputs: Inputs, expected: dict[str, Any] | None) -> Case:
    """A case as drawn, copied (nothing later can change the kept inputs)."""
    return Case(program, copy.deepcopy(dict(inputs)), copy.deepcopy(expected))


def sources_digest(exercise_id: str) -> str:
    """A digest of the exercise's spec module and reference, as this process loaded them."""
    from trainer.grading.catalog import load_exercise, load_reference

    load_exercise(exercise_id)
    spec = sys.modules[f"trainer.grading.specs.{exercise_id}"]
    reference = load_reference(exercise_id)
    digest = hashlib.sha256()
    for module in (spec, reference):
        digest.update(hashlib.sha256(Path(str(module.__file__)).read_bytes()).digest())
    return digest.hexdigest()


@dataclass
class ReplayCache:
    """Each passing check's drawn cases (in memory, for one watch session)."""

    runs: dict[Key, tuple[Case, ...]] = field(default_factory=dict)

    def cases(self, key: Key) -> tuple[Case, ...] | None:
        return self.runs.get(key)

    def keep(self, key: Key, cases: list[Case]) -> None:
        self.runs[key] = tuple(cases)

    def forget(self, key: Key) -> None:
        self.runs.pop(key, None)

"""Where exercises live: the specs (in this package), the stubs and the reference solutions.

A wheel carries the stubs and the references as `trainer/exercises` and `trainer/solutions`
(hatchling force-include); a source checkout or an editable install has them at the repository
root, like the question bank.
"""

from __future__ import annotations

import importlib
import importlib.util
import sys
from dataclasses import replace
from functools import cache
from importlib import resources
from pathlib import Path
from types import ModuleType
from typing import Any

from trainer.grading.l10n import Bi, japanese, translate
from trainer.grading.spec import Check, Exercise, Inputs
from trainer.grading.specs import ORDER


class UnknownExercise(KeyError):
    def __str__(self) -> str:
        return f"unknown exercise '{self.args[0]}' (see 'trainer exercise list')"


def _data_dir(name: str) -> Path:
    packaged = resources.files("trainer").joinpath(name)
    if packaged.is_dir():
        return Path(str(packaged))
    return Path(__file__).resolve().parents[2] / name


def stubs_dir() -> Path:
    """The pristine exercise files (never edited by the learner)."""
    return _data_dir("exercises")


def solutions_dir() -> Path:
    return _data_dir("solutions")


def package_dir() -> Path:
    return Path(__file__).resolve().parents[1]


def exercise_ids() -> tuple[str, ...]:
    return ORDER


@cache
def load_exercise(exercise_id: str) -> Exercise:
    if exercise_id not in ORDER:
        raise UnknownExercise(exercise_id)
    module = importlib.import_module(f"trainer.grading.specs.{exercise_id}")
    exercise: Exercise = module.EXERCISE
    if exercise.id != exercise_id:
        raise ValueError(f"spec {exercise_id} declares id {exercise.id}")
    return localised(exercise)


def localised(exercise: Exercise) -> Exercise:
    """The exercise with its texts in both languages (`Bi`), from `specs/ja/ID.toml`."""
    ja = japanese(exercise.id)
    strings = ja.strings

    def both(en: str, japanese_text: str) -> str:
        return Bi(en, japanese_text) if japanese_text else en

    hints = tuple(
        both(hint, ja.hints[i] if i < len(ja.hints) else "")
        for i, hint in enumerate(exercise.hints)
    )
    build = exercise.checks

    def checks() -> list[Check]:
        return [localised_check(check, strings) for check in build()]

    return replace(
        exercise,
        title=both(exercise.title, ja.title),
        summary=both(exercise.summary, ja.summary),
        hints=hints,
        checks=checks,
    )


def localised_check(check: Check, strings: dict[str, str] | Any) -> Check:
    examples = tuple(
        replace(
            e,
            label=translate(e.label, strings),
            explain={name: translate(text, strings) for name, text in e.explain.items()},
        )
        for e in check.examples
    )
    explain = {name: translate(text, strings) for name, text in check.explain.items()}
    verify = check.verify
    if verify is not None:
        inner = verify

        def verify_localised(inputs: Inputs, outputs: Any) -> str | None:
            problem = inner(inputs, outputs)
            return None if problem is None else translate(problem, strings)

        verify = verify_localised
    return replace(
        check,
        name=translate(check.name, strings),
        examples=examples,
        explain=explain,
        verify=verify,
        conventions=tuple(
            replace(c, explain=translate(c.explain, strings)) for c in check.conventions
        ),
        explain_error=None
        if check.explain_error is None
        else translate(check.explain_error, strings),
    )


def stub_path(exercise_id: str) -> Path:
    return stubs_dir() / f"{exercise_id}.py"


def solution_path(exercise_id: str) -> Path:
    return solutions_dir() / f"{exercise_id}.py"


@cache
def load_reference(exercise_id: str) -> ModuleType:
    """The reference solution, imported in this (trusted) process under a private name."""
    path = solution_path(exercise_id)
    name = f"_trainer_reference_{exercise_id}"
    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None or spec.loader is None:
        raise FileNotFoundError(path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module

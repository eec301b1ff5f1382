"""The replay cache (`trainer.grading.replay`): a re-check that sends the kept cases again gives
the very verdict a cold check gives, for passing files and for failing ones, on several exercises.

A replayed check skips Hypothesis, so this rests on the draws being the same run to run; the
first test checks exactly that, and the others compare whole verdicts.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from tests.grading.catalogue import RIGHT, WRONG
from trainer.grading.catalog import solution_path
from trainer.grading.replay import Case, ReplayCache
from trainer.grading.runner import check_file
from trainer.grading.verdict import Verdict

# The reference, wrong (or raising, or killing its worker) on inputs of some sizes only: it
# passes every hand-written example and fails on a generated case (then shrunk).
ODD_SIZES = """
import functools as _functools
import numpy as _np
_original = {name}
@_functools.wraps(_original)
def {name}(*args, **kwargs):
    out = _original(*args, **kwargs)
    first = _np.asarray(args[0])
    if first.size > 5 and first.size % 3 == 1:
        {act}
    return out
"""
WRONG_OUTPUT, RAISES, EXITS = (
    "out = out * 1.5",
    "raise ValueError('odd size')",
    "import os; os._exit(3)",
)


def _odd(exercise_id: str, act: str) -> str:
    source = solution_path(exercise_id).read_text(encoding="utf-8")
    return source + ODD_SIZES.format(name=exercise_id, act=act)


def _comparable(verdict: Verdict) -> dict[str, Any]:
    """The verdict without what may differ between two runs of the same check: timings and
    the learner's printed output."""
    data = dataclasses.asdict(verdict)
    for key in ("timings", "stdout", "stderr", "output_truncated"):
        data.pop(key)
    for check in data["checks"]:
        check.pop("duration_ms")
    return data


def _primed(exercise_id: str) -> ReplayCache:
    """A cache filled by a passing check of the reference (as watch mode fills it)."""
    cache = ReplayCache()
    verdict = check_file(exercise_id, solution_path(exercise_id), replay=cache)
    assert verdict.passed, verdict.report()
    assert cache.runs, "a passing check keeps its drawn cases"
    return cache


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        return (
            isinstance(a, np.ndarray)
            and isinstance(b, np.ndarray)
            and a.dtype == b.dtype
            and a.shape == b.shape
            and bool(np.array_equal(a, b, equal_nan=True))
        )
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, list | tuple) and isinstance(b, list | tuple):
        return type(a) is type(b) and len(a) == len(b) and all(map(_same, a, b))
    return type(a) is type(b) and (a == b or (a != a and b != b))


def _same_cases(a: tuple[Case, ...], b: tuple[Case, ...]) -> bool:
    return len(a) == len(b) and all(
        x.program == y.program and _same(x.inputs, y.inputs) and _same(x.expected, y.expected)
        for x, y in zip(a, b, strict=True)
    )


@pytest.mark.parametrize("exercise_id", ["softmax", "box_iou", "im2col", "relu_layer"])
def test_two_cold_checks_draw_the_same_cases(exercise_id: str) -> None:
    first, second = _primed(exercise_id), _primed(exercise_id)
    assert first.runs.keys() == second.runs.keys()
    for key, cases in first.runs.items():
        assert cases, key
        assert _same_cases(cases, second.runs[key]), key


def _files(exercise_id: str) -> list[tuple[str, str]]:
    files = [("reference", solution_path(exercise_id).read_text(encoding="utf-8"))]
    files += RIGHT.get(exercise_id, [])[:1]
    files += [(w.label, w.source) for w in WRONG.get(exercise_id, [])[:2]]
    return files


@pytest.mark.parametrize(
    "exercise_id", ["softmax", "cross_entropy_error", "im2col", "momentum", "relu_layer"]
)
def test_a_replayed_check_gives_the_cold_verdict(exercise_id: str, tmp_path: Path) -> None:
    cache = _primed(exercise_id)
    for number, (label, source) in enumerate(_files(exercise_id)):
        path = tmp_path / f"{exercise_id}-{number}.py"
        path.write_text(source, encoding="utf-8")
        cold = check_file(exercise_id, path)
        replayed = check_file(exercise_id, path, replay=cache)
        assert _comparable(replayed) == _comparable(cold), label


@pytest.mark.parametrize("exercise_id", ["softmax", "box_iou"])
@pytest.mark.parametrize("act", [WRONG_OUTPUT, RAISES, EXITS], ids=["wrong", "raises", "exits"])
def test_a_failure_on_a_kept_case_is_the_cold_verdict(
    exercise_id: str, act: str, tmp_path: Path
) -> None:
    """Wrong on generated cases only: the replay meets the failure among the kept cases, and
    the check (shrinking included) ends as a cold one, never as a pass."""
    cache = _primed(exercise_id)
    path = tmp_path / f"{exercise_id}.py"
    path.write_text(_odd(exercise_id, act), encoding="utf-8")
    cold = check_file(exercise_id, path)
    assert not cold.passed
    first = cold.first_failure()
    assert first is not None and first.case_label is not None
    assert "generated" in first.case_label, first.case_label  # past the hand-written examples
    replayed = check_file(exercise_id, path, replay=cache)
    assert _comparable(replayed) == _comparable(cold)


def test_the_kept_cases_are_what_a_recheck_sends(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A passing re-check draws nothing (Hypothesis is not run), and a kept case whose expected
    output no longer matches is a failure the check looks into, never a pass of its own."""
    import hypothesis

    cache = _primed("softmax")
    drawn = []
    given = hypothesis.given

    def counting(*args: Any, **kwargs: Any) -> Any:
        drawn.append(args)
        return given(*args, **kwargs)

    monkeypatch.setattr(hypothesis, "given", counting)
    verdict = check_file("softmax", solution_path("softmax"), replay=cache)
    assert verdict.passed and drawn == []
    cold_cases = check_file("softmax", solution_path("softmax")).cases
    assert verdict.cases == cold_cases
    drawn.clear()  # (the cold check drew its cases)
    # A kept expected output spoiled: the replay fails on it, so the check draws its cases again
    # (the reference passes those) and keeps them afresh.
    key = next(iter(cache.runs))
    cases = list(cache.runs[key])
    spoiled = dict(cases[0].expected or {})
    spoiled = {name: np.asarray(value) + 1.0 for name, value in spoiled.items()}
    cases[0] = dataclasses.replace(cases[0], expected=spoiled)
    cache.runs[key] = tuple(cases)
    verdict = check_file("softmax", solution_path("softmax"), replay=cache)
    assert verdict.passed and len(drawn) == 1
    assert not _same(cache.runs[key][0].expected, spoiled)


def test_the_cases_are_kept_per_exercise_and_sources(tmp_path: Path) -> None:
    """Check names repeat across exercises: each kept run is filed under its exercise and a
    digest of its spec's and reference's sources."""
    cache = _primed("softmax")
    check_file("momentum", solution_path("momentum"), replay=cache)
    exercises = {key[0] for key in cache.runs}
    assert exercises == {"softmax", "momentum"}
    digests = {key[0]: key[1] for key in cache.runs}
    assert digests["softmax"] != digests["momentum"]
    # A failing file keeps nothing for the check it fails.
    path = tmp_path / "softmax.py"
    path.write_text(_odd("softmax", WRONG_OUTPUT), encoding="utf-8")
    fresh = ReplayCache()
    verdict = check_file("softmax", path, replay=fresh)
    failed = [c.name for c in verdict.checks if not c.passed]
    assert failed and not any(key[3] in failed for key in fresh.runs)

"""Issue 16: textbook code passes, realistic mistakes fail, and the feedback names the cause.

One test (or a few) per point of the issue; each fails on the grader as it was before the fix.
"""

from __future__ import annotations

import pytest

from tests.grading.conftest import Grade
from trainer.grading.catalog import solution_path


def mutate(exercise_id: str, *edits: tuple[str, str]) -> str:
    """The reference with each (old, new) replaced once; every `old` must be there."""
    source = solution_path(exercise_id).read_text(encoding="utf-8")
    for old, new in edits:
        assert source.count(old) >= 1, (exercise_id, old)
        source = source.replace(old, new, 1)
    return source


# -- 1. optimizers that rebind params[key] instead of updating the array ----------------------

REBINDING = {
    "momentum": ("params[key] += self.v[key]", "params[key] = params[key] + self.v[key]"),
    "adagrad": ("params[key] -=", "params[key] = params[key] -"),
    "rmsprop": ("params[key] -=", "params[key] = params[key] -"),
    "adam": ("params[key] -=", "params[key] = params[key] -"),
}


@pytest.mark.parametrize("exercise_id", sorted(REBINDING))
def test_an_optimizer_that_rebinds_instead_of_updating_in_place_fails(
    grade: Grade, exercise_id: str
) -> None:
    verdict = grade(exercise_id, mutate(exercise_id, REBINDING[exercise_id]))
    report = verdict.report()
    assert verdict.status == "failed", report
    assert "in place" in report and "params[key] -=" in report, report
    assert "の場で" in verdict.report(lang="ja")


# -- 2. layers that put new gradient arrays into self.grads -----------------------------------

REPLACING = {
    "time_rnn": ("        for mine, total in zip(self.grads, totals, strict=True):\n"
                 "            mine[...] = total\n",
                 "        self.grads = [totals[0], totals[1], totals[2]]\n"),
    "lstm_cell": ("        self.grads[0][...] = x.T @ da\n", "        self.grads[0] = x.T @ da\n"),
    "embedding": ("        (dW,) = self.grads\n        dW[...] = 0\n",
                  "        dW = np.zeros_like(self.grads[0])\n        self.grads[0] = dW\n"),
}  # fmt: skip


@pytest.mark.parametrize("exercise_id", sorted(REPLACING))
def test_a_layer_that_replaces_its_gradient_arrays_fails(grade: Grade, exercise_id: str) -> None:
    verdict = grade(exercise_id, mutate(exercise_id, REPLACING[exercise_id]))
    report = verdict.report()
    assert verdict.status == "failed", report
    assert "grads_in_place" in report and "in place" in report, report

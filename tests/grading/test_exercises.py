"""Every exercise: the reference passes, the stub fails cleanly, wrong versions fail usefully."""

from __future__ import annotations

import ast

import pytest

from tests.grading.catalogue import RIGHT, WRONG
from tests.grading.conftest import Grade
from tests.grading.implementations import Wrong
from trainer.grading.catalog import (
    exercise_ids,
    load_exercise,
    solution_path,
    stub_path,
)
from trainer.grading.runner import check_file, check_reference

IDS = exercise_ids()
FIXED = ("softmax", "cross_entropy_error", "im2col", "box_iou", "nms")


def test_there_are_at_least_twenty_exercises_including_the_fixed_ones() -> None:
    assert len(IDS) >= 20
    assert len(set(IDS)) == len(IDS)
    assert set(FIXED) <= set(IDS)


@pytest.mark.parametrize("exercise_id", IDS)
def test_spec_stub_and_solution_agree(exercise_id: str) -> None:
    exercise = load_exercise(exercise_id)
    assert exercise.id == exercise_id
    assert len(exercise.hints) >= 2
    checks = exercise.checks()
    assert checks and all(c.examples or c.strategy for c in checks)
    stub = stub_path(exercise_id).read_text(encoding="utf-8")
    assert "TODO" in stub, "every stub marks its blanks"
    contract = ast.get_docstring(ast.parse(stub)) or ""
    assert "Contract" in contract and "Source:" in contract
    assert f"trainer exercise check {exercise_id}" in contract
    defined = {
        node.name
        for node in ast.parse(solution_path(exercise_id).read_text(encoding="utf-8")).body
        if isinstance(node, ast.FunctionDef | ast.ClassDef)
    }
    stub_defined = {
        node.name
        for node in ast.parse(stub).body
        if isinstance(node, ast.FunctionDef | ast.ClassDef)
    }
    assert set(exercise.functions) <= defined
    assert set(exercise.functions) <= stub_defined


@pytest.mark.parametrize("exercise_id", IDS)
def test_the_reference_passes(exercise_id: str) -> None:
    verdict = check_reference(exercise_id)
    assert verdict.passed, verdict.report()
    assert all(c.passed and c.cases > 0 for c in verdict.checks)
    assert verdict.cases >= 20


@pytest.mark.parametrize("exercise_id", IDS)
def test_the_untouched_stub_fails_cleanly(exercise_id: str) -> None:
    verdict = check_file(exercise_id, stub_path(exercise_id))
    assert not verdict.passed
    assert verdict.status == "error", verdict.report()
    failure = verdict.first_failure()
    assert failure is not None
    assert failure.message.startswith("not implemented yet"), verdict.report()
    assert failure.where and failure.where.startswith(str(stub_path(exercise_id)))
    assert failure.case  # the input it was given


WRONG_CASES = [
    pytest.param(exercise_id, wrong, id=f"{exercise_id}: {wrong.label}")
    for exercise_id, wrongs in WRONG.items()
    for wrong in wrongs
]


def test_the_catalogue_has_four_wrong_versions_per_exercise_and_120_in_all() -> None:
    assert {i for i in IDS if len(WRONG.get(i, [])) >= 4} == set(IDS)
    assert sum(len(w) for w in WRONG.values()) >= 120
    labels = [(i, w.label) for i, wrongs in WRONG.items() for w in wrongs]
    assert len(set(labels)) == len(labels), "each wrong version is named for its own mistake"
    assert all(w.says for wrongs in WRONG.values() for w in wrongs)


@pytest.mark.parametrize(("exercise_id", "wrong"), WRONG_CASES)
def test_a_plausible_wrong_version_fails_with_a_useful_message(
    grade: Grade, exercise_id: str, wrong: Wrong
) -> None:
    verdict = grade(exercise_id, wrong.source)
    report = verdict.report()
    assert not verdict.passed, report
    assert verdict.status == wrong.status, report
    assert wrong.says.lower() in report.lower(), report
    failure = verdict.first_failure()
    assert failure is not None and failure.case, report  # the failing input is shown


RIGHT_CASES = [
    pytest.param(exercise_id, source, id=f"{exercise_id}: {label}")
    for exercise_id, versions in RIGHT.items()
    for label, source in versions
]


@pytest.mark.parametrize(("exercise_id", "source"), RIGHT_CASES)
def test_a_right_version_written_differently_passes(
    grade: Grade, exercise_id: str, source: str
) -> None:
    verdict = grade(exercise_id, source)
    assert verdict.passed, verdict.report()

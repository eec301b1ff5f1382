"""Mistakes a hand-written example catches (issue 16, speed): found at once on a small fixed input
with the clause's explanation, not by generating and then shrinking for seconds."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.grading.catalogue import WRONG
from trainer.grading.runner import check_file
from trainer.grading.verdict import Status


@pytest.mark.parametrize(
    ("exercise_id", "label", "example"),
    [
        (
            "convolution",
            "reshapes dout without the transpose",
            "two 1x1 filters, a dout that differs by filter and position",
        ),
        (
            "gru_cell",
            "reset gate after the product",
            "two units, one reset gate nearly open, one nearly shut",
        ),
    ],
)
def test_caught_by_an_example(tmp_path: Path, exercise_id: str, label: str, example: str) -> None:
    (wrong,) = (w for w in WRONG[exercise_id] if w.label == label)
    path = tmp_path / f"{exercise_id}.py"
    path.write_text(wrong.source, encoding="utf-8")
    verdict = check_file(exercise_id, path)
    (failed,) = (c for c in verdict.checks if c.status is Status.FAILED)
    assert failed.case_label == f"edge case: {example}"
    assert wrong.says.lower() in verdict.report(lang="en").lower()

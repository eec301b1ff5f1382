"""Helpers for the grader's tests: grade a source text written to a temporary file."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from trainer.grading.runner import Options, check_file
from trainer.grading.sandbox import Limits
from trainer.grading.verdict import Verdict

Grade = Callable[..., Verdict]

# Short limits for submissions that are expected to hang: each must stop within them.
QUICK = Limits(wall_s=1.5, startup_s=3.0, memory_mb=768)


@pytest.fixture
def grade(tmp_path: Path) -> Grade:
    counter = [0]

    def run(exercise_id: str, source: str, **options: object) -> Verdict:
        counter[0] += 1
        path = tmp_path / f"{exercise_id}-{counter[0]}.py"
        path.write_text(source, encoding="utf-8")
        return check_file(exercise_id, path, Options(**options))  # type: ignore[arg-type]

    return run

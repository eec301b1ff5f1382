"""The grader stays free of the database and the UI; the CLI stays fast to start."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import modules_after

ROOT = Path(__file__).resolve().parents[2]


def test_grading_a_file_imports_neither_the_database_nor_the_ui() -> None:
    loaded = modules_after(
        "from trainer.grading import workspace\n"
        "from trainer.grading.catalog import exercise_ids, load_exercise\n"
        "from trainer.grading.runner import check_reference\n"
        "[load_exercise(i).checks() for i in exercise_ids()]\n"
        "assert check_reference('softmax').passed"
    )
    assert not {m for m in loaded if m.split(".")[0] in ("sqlalchemy", "textual", "alembic")}


def test_the_exercise_help_imports_nothing_heavy() -> None:
    loaded = modules_after(
        "from trainer.cli import build_parser\n"
        "try:\n    build_parser().parse_args(['exercise', '--help'])\n"
        "except SystemExit:\n    pass"
    )
    heavy = {"numpy", "hypothesis", "sqlalchemy", "textual", "yaml", "pydantic"}
    assert not {m for m in loaded if m.split(".")[0] in heavy}

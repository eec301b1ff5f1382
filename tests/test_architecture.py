"""Boundaries that keep the core honest and the start fast."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import modules_after

ROOT = Path(__file__).resolve().parents[1]


def test_bank_core_imports_neither_ui_nor_database() -> None:
    loaded = modules_after(
        "from trainer.bank.loader import load_bank\n"
        "from trainer.bank.checking import check_answer\n"
        "from trainer.bank.variants import make_variant\nb = load_bank()\n"
        "q = b.questions['fam.bptt-tanh-derivative']\n"
        "check_answer(make_variant(q, 0), 'sech(x)**2')"
    )
    assert not {m for m in loaded if m.split(".")[0] in ("textual", "sqlalchemy")}


def test_help_imports_nothing_heavy() -> None:
    loaded = modules_after("from trainer.cli import build_parser\nbuild_parser().format_help()")
    heavy = {"pydantic", "yaml", "sympy", "numpy", "sqlalchemy", "textual", "fsrs"}
    assert not {m for m in loaded if m.split(".")[0] in heavy}


def test_sampling_never_imports_sympy() -> None:
    loaded = modules_after(
        "from trainer.bank.loader import load_bank\n"
        "from trainer.bank.variants import make_variant\n"
        "b = load_bank()\n[make_variant(q, s) for q in b.questions.values() for s in range(3)]"
    )
    assert "sympy" not in loaded


def test_the_study_service_opens_a_database_without_the_command_line() -> None:
    loaded = modules_after(
        "from trainer.study.session import StudyService\n"
        "StudyService.open('sqlite://', 'tester').overview()"
    )
    assert not {m for m in loaded if m.startswith(("trainer.commands", "trainer.tui", "textual"))}


def test_recording_an_exercise_result_lives_outside_the_grader() -> None:
    loaded = modules_after("import trainer.study.exercises")
    assert not {m for m in loaded if m.split(".")[0] in ("sqlalchemy", "textual")}
    assert not (ROOT / "trainer" / "grading" / "record.py").exists()


def test_reports_only_read() -> None:
    """Every write (a mock exam, a setting) goes through the store; reports read it."""
    writes = ("writing(", "session.add(", "session.delete(", "insert(", "update(", "delete(")
    offenders = [
        f"{path.relative_to(ROOT)}: {needle}"
        for path in sorted((ROOT / "trainer" / "reports").rglob("*.py"))
        for needle in writes
        if needle in path.read_text(encoding="utf-8")
    ]
    assert not offenders, offenders


def test_the_app_never_needs_torch() -> None:
    """PyTorch is a test extra (the code-blank items run in the tests); the learner's install
    and the app's modules go without it."""
    import tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    learner = [*project["dependencies"], *project["optional-dependencies"]["dev"]]
    assert not [d for d in learner if d.lower().startswith("torch")]
    assert project["optional-dependencies"]["test-torch"] == ["torch==2.13.0"]
    loaded = modules_after(
        "from trainer.bank.loader import load_bank\n"
        "from trainer.bank.variants import make_variant\n"
        "b = load_bank()\n[make_variant(q, 0) for q in b.questions.values()]\n"
        "import trainer.tui.app, trainer.study.session, trainer.study.exam"
    )
    assert "torch" not in loaded

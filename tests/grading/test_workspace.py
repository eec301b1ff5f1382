"""Where the working copies live, and the hint level."""

from __future__ import annotations

from pathlib import Path

import pytest

from trainer.grading import workspace
from trainer.grading.catalog import stub_path


def test_the_workspace_option_wins_over_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TRAINER_WORKSPACE", str(tmp_path / "env"))
    assert workspace.workspace_dir(str(tmp_path / "option")) == tmp_path / "option"
    assert workspace.workspace_dir(None) == tmp_path / "env"


def test_the_default_workspace_is_in_the_user_data_folder(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("TRAINER_WORKSPACE", raising=False)
    path = workspace.workspace_dir(None)
    assert path.name == "exercises" and path.parent.name == "trainer"


def test_copies_are_made_once(tmp_path: Path) -> None:
    assert workspace.copy_state("nms", tmp_path) == "missing"
    path = workspace.ensure_copy("nms", tmp_path)
    assert workspace.copy_state("nms", tmp_path) == "untouched"
    path.write_text("mine\n")
    assert workspace.ensure_copy("nms", tmp_path).read_text() == "mine\n"
    assert workspace.copy_state("nms", tmp_path) == "edited"
    backup = workspace.reset("nms", tmp_path)
    assert backup is not None and backup.read_text() == "mine\n"
    assert path.read_text() == stub_path("nms").read_text()


def test_hint_levels_survive_a_damaged_file(tmp_path: Path) -> None:
    assert workspace.hints_seen("adam", tmp_path) == 0
    workspace.set_hints_seen("adam", tmp_path, 2)
    assert workspace.hints_seen("adam", tmp_path) == 2
    (tmp_path / workspace.HINTS_FILE).write_text("{not json")
    assert workspace.hints_seen("adam", tmp_path) == 0
    workspace.set_hints_seen("adam", tmp_path, 1)
    assert workspace.hints_seen("adam", tmp_path) == 1

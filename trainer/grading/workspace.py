"""The learner's working copies of the exercises, and resetting them.

The pristine stubs stay where they ship (the repository's `exercises/`, or `trainer/exercises`
inside a wheel); the learner edits copies in a workspace folder, created on first use:
`--workspace DIR`, else `$TRAINER_WORKSPACE`, else `exercises/` in the user data folder (e.g.
`~/.local/share/trainer/exercises`). `reset` copies the stub back after saving the learner's
version under `.backup/` in the workspace.
"""

from __future__ import annotations

import filecmp
import os
import shutil
import time
from pathlib import Path

from trainer.grading.catalog import stub_path, stubs_dir

ENV_VAR = "TRAINER_WORKSPACE"


class WorkspaceError(Exception):
    pass


def workspace_dir(option: str | os.PathLike[str] | None = None) -> Path:
    value = option or os.environ.get(ENV_VAR)
    if value:
        return Path(value).expanduser()
    import platformdirs

    return Path(platformdirs.user_data_dir("trainer", appauthor=False)) / "exercises"


def copy_path(exercise_id: str, workspace: Path) -> Path:
    return workspace / f"{exercise_id}.py"


def is_stub_dir(workspace: Path) -> bool:
    try:
        return workspace.resolve() == stubs_dir().resolve()
    except OSError:
        return False


def ensure_copy(exercise_id: str, workspace: Path) -> Path:
    """The learner's file for this exercise, copied from the stub if it does not exist yet."""
    target = copy_path(exercise_id, workspace)
    if not target.exists():
        workspace.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(stub_path(exercise_id), target)
    return target


def copy_state(exercise_id: str, workspace: Path) -> str:
    """'missing', 'untouched' (same as the stub) or 'edited'."""
    target = copy_path(exercise_id, workspace)
    if not target.exists():
        return "missing"
    return "untouched" if filecmp.cmp(target, stub_path(exercise_id), shallow=False) else "edited"


def reset(exercise_id: str, workspace: Path) -> Path | None:
    """Restore the stub; return where the learner's version was saved (None: nothing to save)."""
    if is_stub_dir(workspace):
        raise WorkspaceError(
            f"the workspace {workspace} is the folder of pristine stubs; nothing to reset from"
        )
    target = copy_path(exercise_id, workspace)
    backup = None
    if target.exists() and copy_state(exercise_id, workspace) == "edited":
        folder = workspace / ".backup"
        folder.mkdir(parents=True, exist_ok=True)
        stamp = time.strftime("%Y%m%d-%H%M%S")
        backup = folder / f"{exercise_id}-{stamp}.py"
        counter = 1
        while backup.exists():
            backup = folder / f"{exercise_id}-{stamp}-{counter}.py"
            counter += 1
        shutil.copy2(target, backup)
    workspace.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(stub_path(exercise_id), target)
    return backup


HINTS_FILE = ".hints.json"


def hints_seen(exercise_id: str, workspace: Path) -> int:
    """How many hints of this exercise the learner has already asked for."""
    import json

    try:
        data = json.loads((workspace / HINTS_FILE).read_text(encoding="utf-8"))
        value = data.get(exercise_id, 0)
    except (OSError, ValueError, AttributeError):
        return 0
    return value if isinstance(value, int) and value >= 0 else 0


def set_hints_seen(exercise_id: str, workspace: Path, count: int) -> None:
    """Remember the hint level (written atomically; a failure only loses the level)."""
    import json

    path = workspace / HINTS_FILE
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(data, dict):
            data = {}
    except (OSError, ValueError):
        data = {}
    data[exercise_id] = count
    try:
        workspace.mkdir(parents=True, exist_ok=True)
        temporary = path.with_suffix(".tmp")
        temporary.write_text(json.dumps(data, indent=1, sort_keys=True) + "\n", encoding="utf-8")
        os.replace(temporary, path)
    except OSError:
        pass

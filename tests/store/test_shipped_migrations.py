"""The migrations reach a real wheel and run from it, far from the source tree."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import BuiltWheel, installed_environment
from trainer.store.upgrade import head_revision


@pytest.mark.slow
def test_a_wheel_upgrades_a_database_from_its_own_migrations(
    built_wheel: BuiltWheel, tmp_path: Path
) -> None:
    assert "trainer/store/migrations/env.py" in built_wheel.names
    assert "trainer/store/migrations/versions/r0001_initial_schema.py" in built_wheel.names
    site = built_wheel.site
    code = (
        "import trainer.store.upgrade as u\nfrom trainer.store.engine import make_engine\n"
        "print(u.__file__)\nprint(u.ensure_schema(make_engine('sqlite:///progress.db')))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env=installed_environment(site),
    )
    assert out.returncode == 0, out.stderr
    location, revision = out.stdout.split()
    assert Path(location).is_relative_to(site) and revision == head_revision()
    assert (tmp_path / "progress.db").exists()

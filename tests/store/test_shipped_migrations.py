"""The migrations reach a real wheel and run from it, far from the source tree."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.slow
def test_a_wheel_upgrades_a_database_from_its_own_migrations(tmp_path: Path) -> None:
    pytest.importorskip("hatchling")
    dist = tmp_path / "dist"
    subprocess.run(
        [sys.executable, "-m", "hatchling", "build", "-t", "wheel", "-d", str(dist)],
        cwd=ROOT,
        check=True,
        capture_output=True,
        timeout=300,
    )
    wheel = zipfile.ZipFile(next(dist.glob("trainer-*.whl")))
    names = wheel.namelist()
    assert "trainer/store/migrations/env.py" in names
    assert "trainer/store/migrations/versions/r0001_initial_schema.py" in names
    site = tmp_path / "site"
    wheel.extractall(site)
    code = (
        "import trainer.store.upgrade as u\nfrom trainer.store.engine import make_engine\n"
        "print(u.__file__)\nprint(u.ensure_schema(make_engine('sqlite:///progress.db')))"
    )
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "TRAINER_DB")}
    env["PYTHONPATH"] = str(site)
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, env=env
    )
    assert out.returncode == 0, out.stderr
    location, revision = out.stdout.split()
    assert Path(location).is_relative_to(site) and revision == "0003"
    assert (tmp_path / "progress.db").exists()

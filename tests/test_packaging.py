"""The bank reaches a real (non-editable) wheel and is read from inside it."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.slow
def test_wheel_carries_the_bank_and_loads_it(tmp_path: Path) -> None:
    pytest.importorskip("hatchling")
    build = subprocess.run(
        [sys.executable, "-m", "hatchling", "build", "-t", "wheel", "-d", str(tmp_path / "dist")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert build.returncode == 0, build.stderr
    wheel = next((tmp_path / "dist").glob("trainer-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    assert "trainer/question_bank/syllabus.yaml" in names
    assert any(n.startswith("trainer/question_bank/families/") for n in names)
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    code = (
        "from trainer.bank.resources import bank_dir\nfrom trainer.bank.loader import load_bank\n"
        "print(bank_dir())\nprint(len(load_bank().questions))"
    )
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "TRAINER_BANK")}
    env["PYTHONPATH"] = str(site)
    out = subprocess.run(
        [sys.executable, "-c", code],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert out.returncode == 0, out.stderr
    location, count = out.stdout.split()
    assert Path(location).is_relative_to(site)
    assert int(count) >= 40

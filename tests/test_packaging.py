"""The bank reaches a real (non-editable) wheel and is read from inside it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import BuiltWheel, installed_environment


@pytest.mark.slow
def test_wheel_carries_the_bank_and_loads_it(built_wheel: BuiltWheel, tmp_path: Path) -> None:
    assert "trainer/question_bank/syllabus.yaml" in built_wheel.names
    assert any(
        n.startswith("trainer/question_bank/3_dl_fundamentals/3-4_cnn") for n in built_wheel.names
    )
    code = (
        "from trainer.bank.resources import bank_dir\nfrom trainer.bank.loader import load_bank\n"
        "print(bank_dir())\nprint(len(load_bank().questions))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env=installed_environment(built_wheel.site),
        timeout=60,
    )
    assert out.returncode == 0, out.stderr
    location, count = out.stdout.split()
    assert Path(location).is_relative_to(built_wheel.site)
    assert int(count) >= 40


@pytest.mark.slow
def test_wheel_carries_the_catalogues(built_wheel: BuiltWheel, tmp_path: Path) -> None:
    assert {"trainer/locale/ja.json", "trainer/locale/en.json"} <= set(built_wheel.names)
    code = "from trainer.locale import catalogue\nprint(catalogue('ja')['keys']['help'])"
    out = subprocess.run(
        [sys.executable, "-c", code],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env=installed_environment(built_wheel.site),
        timeout=60,
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "ヘルプ"

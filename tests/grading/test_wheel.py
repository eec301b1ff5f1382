"""An installed (non-editable) wheel carries the stubs and references, and grades from them,
with the references out of the learner's reach."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

SCRIPT = """
import json, sys
from pathlib import Path
from trainer.grading.catalog import solution_path, stubs_dir
from trainer.grading.runner import check_file, check_reference
reference = check_reference("softmax")
cheat = Path(sys.argv[1])
cheat.write_text(f"exec(open({str(solution_path('softmax'))!r}).read())\\n")
stolen = check_file("softmax", cheat)
print(json.dumps({"stubs": str(stubs_dir()), "reference": reference.status,
                  "stolen": stolen.status, "message": stolen.message,
                  "landlock": stolen.sandbox.get("landlock")}))
"""


@pytest.mark.slow
def test_an_installed_wheel_grades_and_hides_its_references(tmp_path: Path) -> None:
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
    assert "trainer/exercises/softmax.py" in names
    assert "trainer/solutions/softmax.py" in names
    assert "trainer/grading/worker.py" in names
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    env["PYTHONPATH"] = str(site)
    out = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(tmp_path / "cheat.py")],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert out.returncode == 0, out.stderr
    import json

    result = json.loads(out.stdout.splitlines()[-1])
    assert Path(result["stubs"]).is_relative_to(site)
    assert result["reference"] == "passed"
    assert result["stolen"] != "passed"
    if result["landlock"]:
        assert "Permission denied" in result["message"]

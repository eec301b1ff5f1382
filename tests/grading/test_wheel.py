"""An installed (non-editable) wheel carries the stubs and references, and grades from them,
with the references out of the learner's reach."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import BuiltWheel, installed_environment

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
def test_an_installed_wheel_grades_and_hides_its_references(
    built_wheel: BuiltWheel, tmp_path: Path
) -> None:
    assert "trainer/exercises/softmax.py" in built_wheel.names
    assert "trainer/solutions/softmax.py" in built_wheel.names
    assert "trainer/grading/worker.py" in built_wheel.names
    site = built_wheel.site
    out = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(tmp_path / "cheat.py")],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env=installed_environment(site),
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

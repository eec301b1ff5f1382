"""`trainer bank ...` end to end, in a subprocess, as a user or a script would call it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def trainer(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, "-m", "trainer", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=env,
        timeout=60,
    )


def test_validate_the_shipped_bank() -> None:
    result = trainer("bank", "validate", "--json")
    assert result.returncode == 0, result.stdout + result.stderr
    data = json.loads(result.stdout)
    assert data["valid"] is True and data["questions"] >= 40 and data["problems"] == []


def test_validate_reports_located_problems_and_exits_1(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("- id: x.bad\n  kind: numeric\n", encoding="utf-8")
    result = trainer("bank", "validate", str(bad))
    assert result.returncode == 1
    assert "bad.yaml:1: x.bad: syllabus: field required" in result.stdout
    assert "Traceback" not in result.stdout + result.stderr


def test_list_filters_and_json_shape() -> None:
    result = trainer("bank", "list", "--tag", "iou", "--json")
    rows = json.loads(result.stdout)
    assert rows and all("iou" in row["tags"] for row in rows)
    assert set(rows[0]) == {
        "id", "topic", "syllabus", "kind", "tags", "generator", "style", "set", "framework"
    }  # fmt: skip
    assert any(row["generator"] == "iou" for row in rows)


def test_list_gives_style_set_and_framework_and_coverage_counts_styles_per_major() -> None:
    rows = {r["id"]: r for r in json.loads(trainer("bank", "list", "--json").stdout)}
    assert rows["np.affine-backward"]["style"] == "code-blank"
    assert rows["np.affine-backward"]["framework"] == "numpy"
    assert rows["pt.training-step-order"]["framework"] == "pytorch"
    assert rows["fb.sigmoid-derivative"]["style"] == "formula-blank"
    assert rows["set.conv-layer-shapes-params"]["set"] == "set.conv-layer-shapes"
    assert rows["fam.iou-boxes"]["style"] == "calculation" and rows["fam.iou-boxes"]["set"] is None
    styles = json.loads(trainer("bank", "coverage", "--json").stdout)["styles"]
    assert list(styles) == ["1", "2", "3", "4", "5"]
    counted = {
        style: sum(m["styles"][style] for m in styles.values()) for style in styles["1"]["styles"]
    }
    assert counted == dict(Counter(r["style"] for r in rows.values()))
    sets = {r["set"] for r in rows.values() if r["set"]}
    assert sum(m["sets"] for m in styles.values()) >= len(sets)


def test_sample_json_is_reproducible() -> None:
    first = json.loads(
        trainer("bank", "sample", "fam.conv-output-size", "--seed", "42", "--json").stdout
    )
    again = json.loads(
        trainer("bank", "sample", "fam.conv-output-size", "--seed", "42", "--json").stdout
    )
    assert first == again
    assert set(first) == {"id", "kind", "seed", "params", "prompt", "answer", "explanation"}
    p = first["params"]
    assert first["answer"] == (p["H"] + 2 * p["P"] - p["FH"]) // p["S"] + 1
    assert str(p["H"]) in first["prompt"]["ja"] and str(p["H"]) in first["prompt"]["en"]


def test_sample_choice_lists_choices() -> None:
    ids = [row["id"] for row in json.loads(trainer("bank", "list", "--json").stdout)]
    choice_id = next(
        i
        for i in ids
        if json.loads(trainer("bank", "sample", i, "--json").stdout)["kind"] == "choice"
    )
    data = json.loads(trainer("bank", "sample", choice_id, "--seed", "3", "--json").stdout)
    labels = [c["label"] for c in data["choices"]]
    assert labels == list(range(1, len(labels) + 1))
    assert set(data["answer"]) <= set(labels)


def test_check_right_wrong_and_slip() -> None:
    sample = json.loads(trainer("bank", "sample", "fam.iou-boxes", "--seed", "5", "--json").stdout)
    right = trainer(
        "bank",
        "check",
        "fam.iou-boxes",
        "--seed",
        "5",
        "--answer",
        repr(sample["answer"]),
        "--json",
    )
    assert right.returncode == 0 and json.loads(right.stdout)["correct"] is True
    wrong = trainer("bank", "check", "fam.iou-boxes", "--seed", "5", "--answer", "2", "--json")
    data = json.loads(wrong.stdout)
    assert wrong.returncode == 0 and data["correct"] is False and data["expected"]
    assert data["message"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ("bank", "check", "no.such-id", "--answer", "1", "--lang", "en"),
            "unknown question id 'no.such-id'",
        ),
        (
            ("bank", "check", "fam.iou-boxes", "--answer", "__import__('os')", "--lang", "en"),
            "not a valid answer",
        ),
        (("bank", "sample", "no.such-id", "--lang", "en"), "unknown question id"),
    ],
)
def test_errors_exit_2_with_a_message(args: tuple[str, ...], message: str) -> None:
    result = trainer(*args)
    assert result.returncode == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_works_from_another_directory(tmp_path: Path) -> None:
    result = trainer("bank", "list", "--json", cwd=tmp_path)
    assert result.returncode == 0 and json.loads(result.stdout)

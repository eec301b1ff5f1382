"""`trainer report` counts and names the flagged questions (JSON, text, Markdown, HTML)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.reliability.quizdriver import write_bank
from trainer.cli import main

SECOND = "test.q0001"


@pytest.fixture(scope="module")
def bank_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_bank(tmp_path_factory.mktemp("bank"), 3)


@pytest.fixture
def url(tmp_path: Path, bank_dir: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("TRAINER_BANK", str(bank_dir))
    return f"sqlite:///{tmp_path / 'p.db'}"


def report(capsys: pytest.CaptureFixture[str], url: str, form: str, lang: str = "en") -> str:
    assert main(["--db", url, "--user", "ann", "report", "--format", form, "--lang", lang]) == 0
    return capsys.readouterr().out


def test_report_without_flags(capsys: pytest.CaptureFixture[str], url: str) -> None:
    doc = json.loads(report(capsys, url, "json"))
    assert doc["flagged"] == 0 and doc["flagged_questions"] == []
    assert "Flagged" not in report(capsys, url, "md")


def test_report_counts_and_names_flagged_questions(
    capsys: pytest.CaptureFixture[str], url: str
) -> None:
    assert main(["--db", url, "--user", "ann", "cards", "flag", SECOND, "--note", "two"]) == 0
    capsys.readouterr()
    doc = json.loads(report(capsys, url, "json"))
    assert doc["flagged"] == 1
    assert [(f["id"], f["note"]) for f in doc["flagged_questions"]] == [(SECOND, "two")]
    line = f"Flagged as possibly wrong: 1 ({SECOND} (two));"
    assert line in report(capsys, url, "md")
    assert line in report(capsys, url, "html")
    assert "Flagged as possibly wrong" in report(capsys, url, "text")
    assert f"誤りの可能性ありとした問題: 1（{SECOND} (two)）" in report(capsys, url, "text", "ja")

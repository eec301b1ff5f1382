"""A command met with a broken question bank says so in one line, in both languages (no learner's
language is known yet: it is stored in the database, opened after the bank), and exits 1."""

from __future__ import annotations

from pathlib import Path

import pytest

from trainer.cli import main


@pytest.mark.parametrize("command", [["quiz", "--plain"], ["report"], ["bank", "list"]])
def test_a_broken_bank_is_one_line_in_both_languages(
    command: list[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    bank = tmp_path / "bank"
    bank.mkdir()
    (bank / "broken.yaml").write_text("- id: x.broken\n  kind: numeric\n", encoding="utf-8")
    monkeypatch.setenv("TRAINER_BANK", str(bank))
    code = main(["--db", f"sqlite:///{tmp_path / 'p.db'}", "--user", "u", *command])
    lines = capsys.readouterr().err.strip().splitlines()
    assert code == 1
    assert lines[-1] == (
        "trainer: 問題集に不備があります。'trainer bank validate' で確かめてください"
        " / the question bank has problems; run 'trainer bank validate'"
    )

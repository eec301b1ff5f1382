"""Anki export benchmarks (issue 19: exporting the whole bank to .apkg < 5 s).

Measured in process: the shipped bank (loaded once) written as an .apkg with 3 variants per
parametric question; the baseline is building the notes alone (variants drawn, HTML made), so the
ratio is what genanki and the SQLite file add. Measured as a user runs it: `trainer export anki`
in a new process (bank from its cache), against `trainer --version` as the baseline.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from pathlib import Path

if __package__ in (None, ""):  # run as a script: `python benchmarks/export_bench.py`
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.timing import command_ms, entry, median_ms

ROOT = Path(__file__).resolve().parents[1]


def main() -> list[dict[str, object]]:
    from trainer.bank.loader import load_bank
    from trainer.reports.anki import build_notes, write_apkg

    bank = load_bank()
    with tempfile.TemporaryDirectory(prefix="trainer-bench-") as folder:
        out = Path(folder) / "bank.apkg"
        summary = write_apkg(bank, out, lang="both")
        build = median_ms(lambda: build_notes(bank), repeat=3)
        write = median_ms(lambda: write_apkg(bank, out, lang="both"), repeat=3)
        size = out.stat().st_size
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        env.pop("TRAINER_BANK", None)
        db = ["--db", f"sqlite:///{Path(folder) / 'bench.db'}"]
        cli = [sys.executable, "-m", "trainer", *db]
        start_ms = command_ms([*cli, "--version"], env=env)
        command = [*cli, "export", "anki", "--out", str(out), "--lang", "both"]
        cli_ms = command_ms(command, repeat=3, env=env)
    shared = {"notes": summary.notes, "questions": summary.questions, "apkg_bytes": size}
    return [
        entry("anki_export", write, build, "< 5000 ms", **shared),
        entry("anki_export_command", cli_ms, start_ms, "< 5000 ms, process start to exit"),
    ]


if __name__ == "__main__":
    print(json.dumps(main(), indent=2))

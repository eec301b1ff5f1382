"""Bank benchmarks: load + validate the whole bank (checked, and from the cache), sample 10,000
variants, `trainer --help`.

Each is measured in the same run as a baseline: parsing the same YAML files with the C loader and
nothing else; drawing the same number of plain `random.Random` numbers; starting `python -c pass`.
"""

from __future__ import annotations

import os
import random
import sys
from pathlib import Path

import yaml

from benchmarks.timing import command_ms, entry, median_ms

ROOT = Path(__file__).resolve().parents[1]
VARIANTS = 10_000


def main() -> list[dict[str, object]]:
    from trainer.bank.loader import bank_files, collect, load_bank
    from trainer.bank.resources import bank_dir
    from trainer.bank.variants import make_variant

    files = bank_files([bank_dir()])
    bank, problems = collect()
    assert not problems, problems
    questions = list(bank.questions.values())

    def parse_only() -> None:
        for path in files:
            yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)

    def load_checked() -> None:
        saved = os.environ.get("TRAINER_CACHE")
        os.environ["TRAINER_CACHE"] = "off"
        try:
            load_bank()
        finally:
            if saved is None:
                del os.environ["TRAINER_CACHE"]
            else:
                os.environ["TRAINER_CACHE"] = saved

    load = median_ms(load_checked, repeat=5)
    load_bank()  # fills the cache: the next loads are served from it
    load_cached = median_ms(load_bank, repeat=5)
    validate = median_ms(lambda: collect(), repeat=3)
    load_baseline = median_ms(parse_only, repeat=5)

    def sample() -> None:
        for i in range(VARIANTS):
            make_variant(questions[i % len(questions)], i)

    def draw_only() -> None:
        rng = random.Random(0)
        for _ in range(VARIANTS):
            rng.random()

    sampling = median_ms(sample, repeat=3)
    sampling_baseline = median_ms(draw_only, repeat=3)
    per_second = VARIANTS / (sampling / 1000)

    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    help_ms = command_ms([sys.executable, "-m", "trainer", "--help"], env=env)
    python_ms = command_ms([sys.executable, "-c", "pass"], env=env)
    validate_ms = command_ms(
        [sys.executable, "-m", "trainer", "bank", "validate"], repeat=3, env=env
    )
    return [
        entry(
            "bank_validate_full",
            validate,
            load_baseline,
            "trainer bank validate: 8 seeds rendered per parametric question",
        ),
        entry(
            "bank_load_validated",
            load,
            load_baseline,
            "< 300 ms",
            questions=len(questions),
            files=len(files),
        ),
        entry(
            "bank_load_cached",
            load_cached,
            load_baseline,
            "unchanged bank: served from the cache, no YAML parsed",
        ),
        entry(
            "sample_10k_variants",
            sampling,
            sampling_baseline,
            "> 10,000 variants/s",
            variants_per_s=round(per_second),
        ),
        entry("cli_help_startup", help_ms, python_ms, "< 250 ms"),
        entry(
            "cli_bank_validate_cold_process",
            validate_ms,
            python_ms,
            "whole process, imports included",
        ),
    ]


if __name__ == "__main__":
    import json

    print(json.dumps(main(), indent=2, ensure_ascii=False))

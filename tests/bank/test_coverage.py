"""`trainer bank coverage`: seed sections as data, the pure coverage computation, and the CLI.

The computation is checked on a small constructed bank whose answers are known by hand; the CLI's
numbers on the shipped bank are checked against an independent count made here straight from the
YAML files (a different parser of the line citations: split at seed names, expand ranges to sets).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

import pytest
import yaml
from pydantic import ValidationError

from tests.bank.helpers import question
from trainer.bank.coverage import cited_lines, compute_coverage, heading_keys
from trainer.bank.schema import Area, QuestionBase
from trainer.bank.syllabus import SeedDocument, Syllabus, SyllabusFile

ROOT = Path(__file__).resolve().parents[2]
BANK = ROOT / "question_bank"
SEED_A = "000_c7c515c0397d0ed0.txt"
SEED_B = "002_f3cd1dde5b01e4f0.txt"


def small_syllabus() -> Syllabus:
    data = {
        "version": "test",
        "areas": {a.value: {"ja": a.value, "en": a.value} for a in Area},
        "seeds": [
            {
                "file": SEED_A,
                "title": {"ja": "A", "en": "A"},
                "sections": [
                    {"id": "a-front", "title": "目次", "lines": [1, 4], "substance": False},
                    {
                        "id": "a-sec1",
                        "title": "Section.1 : 再帰型ニューラルネットワーク",
                        "lines": [5, 15],
                    },
                    {"id": "a-sec2", "title": "2. 活性化関数", "lines": [16, 30]},
                    {"id": "a-sec3", "title": "3. 出力層", "lines": [31, 40]},
                ],
            },
            {
                "file": SEED_B,
                "title": {"ja": "B", "en": "B"},
                "sections": [{"id": "b-sec1", "title": "GAN", "lines": [10, 50]}],
            },
        ],
        "topics": [
            {
                "id": "1",
                "name": {"ja": "数学", "en": "Maths"},
                "area": "applied_math",
                "children": [{"id": "1-1", "name": {"ja": "x", "en": "x"}}],
            },
            {
                "id": "3",
                "name": {"ja": "深層学習", "en": "DL"},
                "area": "deep_learning",
                "children": [
                    {"id": "3-1", "name": {"ja": "y", "en": "y"}},
                    {"id": "3-2", "name": {"ja": "z", "en": "z"}},
                ],
            },
        ],
    }
    return Syllabus.from_file(SyllabusFile.model_validate(data))


def q(qid: str, section: str, *, seed: str = SEED_A, **fields: Any) -> QuestionBase:
    fields.setdefault("answer", 1.0)
    base = question("numeric", source={"seed": seed, "section": section}, **fields)
    return base.model_copy(update={"id": qid})


def test_cited_lines_parses_ranges_dashes_and_other_seeds() -> None:
    text = f"Day3 BPTT (l.80–152, l.7); also ({SEED_B} l.40-42, l. 44)"
    assert cited_lines(text, SEED_A) == {SEED_A: [(80, 152), (7, 7)], SEED_B: [(40, 42), (44, 44)]}
    assert cited_lines("no lines here", SEED_A) == {}
    assert cited_lines("(l.9-3)", SEED_A) == {SEED_A: [(3, 9)]}
    assert cited_lines("Appl.5 is not a line", SEED_A) == {}


def test_heading_keys_strip_numbering() -> None:
    assert "活性化関数" in heading_keys("2. 活性化関数")
    assert "再帰型ニューラルネットワーク" in heading_keys(
        "Section.1 : 再帰型ニューラルネットワーク"
    )
    assert "データセット" in heading_keys("物体検知の基礎 / データセット")


def test_coverage_on_a_constructed_bank() -> None:
    questions = [
        q("q.inside", "Section.1 (l.10-12)", syllabus="3-1", area="deep_learning"),
        q("q.straddle", "across (l.15-20)", syllabus="3-1", area="deep_learning"),
        q("q.cross", f"sec3 (l.35); also {SEED_B} l.40", syllabus="3-2", area="deep_learning"),
        q("q.title", "Day1 Section2 活性化関数 ReLU", syllabus="1-1", area="applied_math"),
        q("q.outside", "nowhere (l.900)", syllabus="1-1", area="applied_math"),
        q(
            "q.param",
            "GAN (l.12)",
            seed=SEED_B,
            syllabus="3-2",
            area="deep_learning",
            generator="conv-output-size",
            answer=None,
        ),
    ]
    coverage = compute_coverage(questions, small_syllabus())
    by_id = {s.id: s.questions for s in coverage.sections}
    assert by_id == {
        "a-front": (),
        "a-sec1": ("q.inside", "q.straddle"),
        "a-sec2": ("q.straddle", "q.title"),
        "a-sec3": ("q.cross",),
        "b-sec1": ("q.cross", "q.param"),
    }
    assert [s.id for s in coverage.uncovered()] == []
    assert [s.id for s in coverage.uncovered(substance_only=False)] == ["a-front"]
    assert coverage.unplaced == ("q.outside",)
    areas = {a.area: a for a in coverage.areas}
    assert (areas[Area.DEEP_LEARNING].questions, areas[Area.DEEP_LEARNING].parametric) == (4, 1)
    assert areas[Area.DEEP_LEARNING].by_syllabus == (("3-1", 2), ("3-2", 2))
    assert (areas[Area.APPLIED_MATH].questions, areas[Area.APPLIED_MATH].parametric) == (2, 0)
    assert areas[Area.DEV_ENV].questions == 0
    data = coverage.as_json(small_syllabus())
    assert data["uncovered"] == [] and data["uncovered_without_substance"] == ["a-front"]
    assert data["totals"] == {
        "questions": 6,
        "parametric": 1,
        "sections": 5,
        "sections_of_substance": 4,
        "covered_sections_of_substance": 4,
    }


def test_an_uncovered_section_of_substance_is_reported() -> None:
    coverage = compute_coverage([q("q.one", "(l.6)")], small_syllabus())
    assert [s.id for s in coverage.uncovered()] == ["a-sec2", "a-sec3", "b-sec1"]


@pytest.mark.parametrize(
    ("sections", "message"),
    [
        ([{"id": "sx", "title": "t", "lines": [9, 3]}], "first <= last"),
        ([{"id": "sx", "title": "t", "lines": [0, 3]}], "first <= last"),
        (
            [
                {"id": "sx", "title": "t", "lines": [1, 5]},
                {"id": "sy", "title": "u", "lines": [5, 9]},
            ],
            "must start after",
        ),
        (
            [
                {"id": "sx", "title": "t", "lines": [6, 9]},
                {"id": "sy", "title": "u", "lines": [1, 5]},
            ],
            "must start after",
        ),
        ([{"id": "Bad Id", "title": "t", "lines": [1, 2]}], "pattern"),
    ],
)
def test_seed_sections_are_validated(sections: list[dict[str, Any]], message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        SeedDocument.model_validate(
            {"file": "f.txt", "title": {"ja": "a", "en": "a"}, "sections": sections}
        )


def test_section_ids_are_unique_across_seeds() -> None:
    data = yaml.safe_load((BANK / "syllabus.yaml").read_text(encoding="utf-8"))
    data["seeds"][1]["sections"][0]["id"] = data["seeds"][0]["sections"][0]["id"]
    with pytest.raises(ValidationError, match="appears twice"):
        SyllabusFile.model_validate(data)


# --- the shipped syllabus and bank --------------------------------------------------------------


def shipped_syllabus() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load((BANK / "syllabus.yaml").read_text(encoding="utf-8"))
    return data


def test_every_seed_has_sections_within_its_file() -> None:
    seeds_dir = ROOT.parent / "shared" / "seeds"
    for seed in shipped_syllabus()["seeds"]:
        sections = seed["sections"]
        assert sections, seed["file"]
        assert sections[0]["lines"][0] == 1 or sections[0]["lines"][0] <= 3
        path = seeds_dir / seed["file"]
        if path.is_file():
            lines = path.read_text(encoding="utf-8").split("\n")
            assert sections[-1]["lines"][1] <= len(lines), seed["file"]
            for section in sections:
                first = lines[section["lines"][0] - 1].strip()
                assert first, (seed["file"], section["id"], "a section starts on a blank line")


def _independent_spans(section: str, own_seed: str) -> dict[str, set[int]]:
    """Line numbers a citation names, per seed: split at seed file names, expand every range."""
    parts = re.split(r"(\d{3}_[0-9a-f]{16}\.txt)", section)
    spans: dict[str, set[int]] = defaultdict(set)
    seed = own_seed
    for part in parts:
        if re.fullmatch(r"\d{3}_[0-9a-f]{16}\.txt", part):
            seed = part
            continue
        for first, last in re.findall(r"(?<![A-Za-z])l\.\s*(\d+)(?:\s*[-–—~〜]\s*(\d+))?", part):
            a, b = int(first), int(last or first)
            spans[seed] |= set(range(min(a, b), max(a, b) + 1))
    return spans


def independent_count() -> dict[str, Any]:
    questions: list[dict[str, Any]] = []
    for path in sorted(BANK.rglob("*.yaml")):
        if path.name == "syllabus.yaml":
            continue
        for entry in yaml.safe_load(path.read_text(encoding="utf-8")) or []:
            questions.extend(entry["items"] if "set" in entry else [entry])  # a set's items
    areas = Counter(q["area"] for q in questions)
    parametric = Counter(q["area"] for q in questions if q.get("generator"))
    covering: dict[str, set[str]] = defaultdict(set)
    substance: dict[str, bool] = {}
    for seed in shipped_syllabus()["seeds"]:
        for section in seed["sections"]:
            substance[section["id"]] = section.get("substance", True)
            lines = set(range(section["lines"][0], section["lines"][1] + 1))
            for item in questions:
                cited = _independent_spans(item["source"]["section"], item["source"]["seed"])
                if cited.get(seed["file"], set()) & lines:
                    covering[section["id"]].add(item["id"])
    uncovered = sorted(s for s, real in substance.items() if real and not covering[s])
    return {
        "questions": len(questions),
        "areas": areas,
        "parametric": parametric,
        "covering": covering,
        "sections": substance,
        "uncovered": uncovered,
    }


def trainer(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, "-m", "trainer", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=120,
    )


@pytest.fixture(scope="module")
def cli_json() -> dict[str, Any]:
    result = trainer("bank", "coverage", "--json")
    assert result.returncode == 0, result.stdout + result.stderr
    data: dict[str, Any] = json.loads(result.stdout)
    return data


@pytest.fixture(scope="module")
def expected() -> dict[str, Any]:
    return independent_count()


def test_cli_area_counts_match_an_independent_count(
    cli_json: dict[str, Any], expected: dict[str, Any]
) -> None:
    assert cli_json["totals"]["questions"] == expected["questions"]
    for area in Area:
        assert cli_json["areas"][area.value]["questions"] == expected["areas"][area.value]
        assert cli_json["areas"][area.value]["parametric"] == expected["parametric"][area.value]
        assert (
            sum(cli_json["areas"][area.value]["syllabus"].values()) == expected["areas"][area.value]
        )


def test_cli_section_coverage_matches_an_independent_count(
    cli_json: dict[str, Any], expected: dict[str, Any]
) -> None:
    seen = set()
    for seed in cli_json["seeds"]:
        for section in seed["sections"]:
            seen.add(section["id"])
            assert set(section["questions"]) == expected["covering"][section["id"]], section["id"]
            assert section["substance"] == expected["sections"][section["id"]]
    assert seen == set(expected["sections"])
    assert sorted(cli_json["uncovered"]) == expected["uncovered"]
    assert cli_json["unplaced"] == []


def test_cli_text_output(expected: dict[str, Any]) -> None:
    result = trainer("bank", "coverage", "--lang", "en")
    assert result.returncode == 0, result.stderr
    assert f"Uncovered sections of substance: {len(expected['uncovered'])}" in result.stdout
    total = re.search(r"^total\s+(\d+)\s+(\d+)", result.stdout, re.M)
    assert total is not None and int(total.group(1)) == expected["questions"]
    for seed in shipped_syllabus()["seeds"]:
        assert seed["file"] in result.stdout


def test_the_shipped_bank_covers_every_section_of_substance(expected: dict[str, Any]) -> None:
    """Issue 8: every section of every seed that has substance is cited by some question."""
    assert expected["uncovered"] == []

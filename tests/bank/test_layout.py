"""The bank's files and the generators mirror the syllabus, and nothing sits elsewhere.

`ls question_bank` lists the five majors in syllabus order; a question lives in the file of its
syllabus section; a generator lives in the package of a section whose questions use it; no
generator module grows past about 400 lines; the four founding families keep modules named
after them.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path, PurePosixPath
from typing import Any

import pytest
import yaml
from pydantic import ValidationError

from tests.bank.test_shipped_bank import shipped
from trainer.bank.generators import GENERATORS
from trainer.bank.layout import generator_package, question_file
from trainer.bank.resources import bank_dir, syllabus_path
from trainer.bank.syllabus import SyllabusFile

GENERATORS_DIR = Path(__file__).parents[2] / "trainer" / "bank" / "generators"
MAX_MODULE_LINES = 420  # "about 400"


def test_the_bank_folder_reads_like_the_syllabus() -> None:
    syllabus = shipped().syllabus
    unnamed = [e.id for e in syllabus.entries.values() if e.depth <= 1 and not e.slug]
    assert not unnamed, f"majors and sections without a slug: {unnamed}"
    majors = [e for e in syllabus.entries.values() if e.depth == 0]
    folders = sorted(p.name for p in bank_dir().iterdir() if p.is_dir())
    assert folders == [f"{m.id}_{m.slug}" for m in majors]
    for major in majors:
        files = sorted(p.name for p in (bank_dir() / f"{major.id}_{major.slug}").iterdir())
        sections = [e for e in syllabus.entries.values() if e.parent == major.id]
        allowed = {f"{s.id}_{s.slug}.yaml" for s in sections}
        assert set(files) <= allowed, f"files that are no section of major {major.id}"
    loose = sorted(p.name for p in bank_dir().iterdir() if p.is_file())
    assert loose == ["AUTHORING.md", "FORMAT.md", "syllabus.yaml"]


def test_every_question_lives_in_the_file_of_its_syllabus_section() -> None:
    bank = shipped()
    misplaced = []
    for qid, question in bank.questions.items():
        expected = question_file(bank.syllabus, question.syllabus)
        found = PurePosixPath(Path(bank.files[qid]).resolve().relative_to(bank_dir().resolve()))
        if found != expected:
            misplaced.append(f"{qid} ({question.syllabus}) is in {found}, belongs in {expected}")
    assert not misplaced, "\n".join(misplaced)


def test_every_generator_lives_in_the_package_of_a_section_that_uses_it() -> None:
    bank = shipped()
    users: dict[str, set[str]] = defaultdict(set)
    for question in bank.questions.values():
        if question.generator:
            users[question.generator].add(generator_package(bank.syllabus, question.syllabus))
    unused = sorted(set(GENERATORS) - set(users))
    assert not unused, f"generators no question uses: {unused}"
    misplaced = []
    for name, spec in GENERATORS.items():
        module = spec.function.__module__
        if not any(module == p or module.startswith(p + ".") for p in users[name]):
            misplaced.append(f"{name} is in {module}; questions use it in {sorted(users[name])}")
    assert not misplaced, "\n".join(misplaced)


def test_generator_modules_stay_small() -> None:
    big = {
        str(path.relative_to(GENERATORS_DIR)): n
        for path in GENERATORS_DIR.rglob("*.py")
        if (n := len(path.read_text(encoding="utf-8").splitlines())) > MAX_MODULE_LINES
    }
    assert not big, f"split these by what they compute: {big}"


@pytest.mark.parametrize(
    ("family", "module"),
    [
        ("iou", "dl_applications.object_detection.iou"),
        ("conv-output-size", "dl_fundamentals.cnn.conv_output_size"),
        ("bptt", "dl_fundamentals.rnn.bptt"),
        ("gan-optimum", "dl_applications.generative.gan"),
    ],
)
def test_the_founding_families_are_found_by_name(family: str, module: str) -> None:
    assert GENERATORS[family].function.__module__ == f"trainer.bank.generators.{module}"


def test_two_sections_of_a_major_cannot_share_a_slug() -> None:
    data = shipped_syllabus_data()
    sections = data["topics"][2]["children"]
    sections[1]["slug"] = sections[0]["slug"]
    with pytest.raises(ValidationError, match="appears twice under major 3"):
        SyllabusFile.model_validate(data)


def shipped_syllabus_data() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load(syllabus_path().read_text(encoding="utf-8"))
    return loaded

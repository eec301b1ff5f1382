"""Where a question and a generator live: the bank's tree is the syllabus's tree.

A question citing syllabus node `3-4-1` lives in `question_bank/3_dl_fundamentals/3-4_cnn.yaml`
(its major's folder, its section's file), and a generator that questions of section 3-4 use lives
under the package `trainer.bank.generators.dl_fundamentals.cnn`. The names come from the slugs in
`question_bank/syllabus.yaml`, so a person can find the place of a question on attention or IoU
from the syllabus alone, and `tests/bank/test_layout.py` keeps everything where it belongs.
"""

from __future__ import annotations

from pathlib import PurePosixPath

from trainer.bank.syllabus import Syllabus, SyllabusEntry

GENERATORS_PACKAGE = "trainer.bank.generators"


def _slugs(syllabus: Syllabus, node_id: str) -> tuple[SyllabusEntry, SyllabusEntry]:
    major, section = syllabus.major_of(node_id), syllabus.section_of(node_id)
    if major.slug is None or section.slug is None or section.depth != 1:
        raise ValueError(f"syllabus node {node_id} has no section with a slug")
    return major, section


def major_path(syllabus: Syllabus, node_id: str) -> str:
    """`3_dl_fundamentals`: the folder of a major, and the topic its questions roll up to."""
    major = syllabus.major_of(node_id)
    if major.slug is None:
        raise ValueError(f"syllabus major {major.id} has no slug")
    return f"{major.id}_{major.slug}"


def section_path(syllabus: Syllabus, node_id: str) -> str:
    """`3_dl_fundamentals/3-4_cnn`: the bank file of a section without `.yaml`, and the topic a
    learner sees, filters by and is reported on for every question citing a node under it.
    The numbers make both sort in syllabus order."""
    major, section = _slugs(syllabus, node_id)
    return f"{major.id}_{major.slug}/{section.id}_{section.slug}"


def question_file(syllabus: Syllabus, node_id: str) -> PurePosixPath:
    """The bank file, relative to `question_bank/`, of a question citing `node_id`."""
    return PurePosixPath(section_path(syllabus, node_id) + ".yaml")


def generator_package(syllabus: Syllabus, node_id: str) -> str:
    """The module (or package) that holds the generators of the section of `node_id`."""
    major, section = _slugs(syllabus, node_id)
    return f"{GENERATORS_PACKAGE}.{major.slug}.{section.slug}"

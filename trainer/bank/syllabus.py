"""The exam syllabus as data: a tree of topics with ids, names in both languages, scope and area.

The tree lives in `question_bank/syllabus.yaml` so that a later reading of the official PDF can flip
a scope flag or rename a node without touching code or questions.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from enum import StrEnum
from typing import Annotated, Protocol

from pydantic import Field, StringConstraints, field_validator, model_validator

from trainer.bank.schema import Area, Localized, NonEmpty, Strict

SyllabusId = Annotated[str, StringConstraints(pattern=r"^[1-9][0-9]*(-[1-9][0-9]*)*$")]
SectionId = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]*[a-z0-9]$")]
# A major's or a section's name in paths: the bank's folders and files, the generator packages.
Slug = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*[a-z0-9]$")]


class Scope(StrEnum):
    """Whether the exam covers a topic; `disputed` where public transcriptions disagree."""

    CORE = "core"
    OPTIONAL = "optional"
    DISPUTED = "disputed"


class TopicNode(Strict):
    id: SyllabusId
    name: Localized
    slug: Slug | None = None
    scope: Scope = Scope.CORE
    area: Area | None = None
    keywords: tuple[NonEmpty, ...] = ()
    children: tuple[TopicNode, ...] = ()


class SeedSection(Strict):
    """A part of a seed file: its real heading and the lines it spans (as `cat -n` numbers them).

    `substance: false` marks parts with nothing to ask about (front matter, a table of contents,
    an empty heading, a study log); coverage reports them but does not require questions for them.
    """

    id: SectionId
    title: NonEmpty
    lines: tuple[int, int]
    substance: bool = True
    note: str | None = None

    @field_validator("lines")
    @classmethod
    def _ordered_lines(cls, value: tuple[int, int]) -> tuple[int, int]:
        if value[0] < 1 or value[0] > value[1]:
            raise ValueError(f"lines [{value[0]}, {value[1]}] must satisfy 1 <= first <= last")
        return value


class SeedDocument(Strict):
    file: NonEmpty
    title: Localized
    sections: tuple[SeedSection, ...] = ()

    @model_validator(mode="after")
    def _sections_in_order(self) -> SeedDocument:
        previous: SeedSection | None = None
        for section in self.sections:
            if previous is not None and section.lines[0] <= previous.lines[1]:
                raise ValueError(
                    f"section '{section.id}' (lines {section.lines[0]}-{section.lines[1]}) must "
                    f"start after '{previous.id}' ends (line {previous.lines[1]})"
                )
            previous = section
        return self


class SyllabusFile(Strict):
    version: NonEmpty
    areas: dict[Area, Localized]
    seeds: tuple[SeedDocument, ...] = Field(min_length=1)
    topics: tuple[TopicNode, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _majors_have_areas(self) -> SyllabusFile:
        missing = [a.value for a in Area if a not in self.areas]
        if missing:
            raise ValueError(f"areas without names: {', '.join(missing)}")
        for major in self.topics:
            if major.area is None:
                raise ValueError(f"major topic {major.id} needs an 'area'")
            _check_slugs(major, major.children)
        seen: dict[str, str] = {}
        for seed in self.seeds:
            for section in seed.sections:
                if section.id in seen:
                    raise ValueError(
                        f"section id '{section.id}' appears twice ({seen[section.id]}, {seed.file})"
                    )
                seen[section.id] = seed.file
        return self


def _check_slugs(major: TopicNode, sections: tuple[TopicNode, ...]) -> None:
    """Slugs name the bank's folders, files and generator packages (`trainer.bank.layout`): no
    two sections of a major may share one."""
    seen: set[str] = set()
    for node in sections:
        if node.slug is not None and node.slug in seen:
            raise ValueError(f"slug '{node.slug}' appears twice under major {major.id}")
        if node.slug is not None:
            seen.add(node.slug)


@dataclass(frozen=True)
class SyllabusEntry:
    """A node of the tree, flattened: its id, names, scope and the area it scores under."""

    id: str
    name: Localized
    scope: Scope
    area: Area
    depth: int
    parent: str | None
    is_leaf: bool
    slug: str | None = None


@dataclass(frozen=True)
class Syllabus:
    version: str
    areas: dict[Area, Localized]
    seeds: dict[str, SeedDocument]
    entries: dict[str, SyllabusEntry]

    @classmethod
    def from_file(cls, data: SyllabusFile) -> Syllabus:
        entries: dict[str, SyllabusEntry] = {}

        def walk(
            nodes: tuple[TopicNode, ...], area: Area | None, parent: str | None, depth: int
        ) -> Iterator[SyllabusEntry]:
            for node in nodes:
                node_area = node.area or area
                assert node_area is not None  # majors are checked to carry one
                yield SyllabusEntry(
                    node.id,
                    node.name,
                    node.scope,
                    node_area,
                    depth,
                    parent,
                    not node.children,
                    node.slug,
                )
                yield from walk(node.children, node_area, node.id, depth + 1)

        for entry in walk(data.topics, None, None, 0):
            if entry.id in entries:
                raise ValueError(f"syllabus id {entry.id} appears twice")
            entries[entry.id] = entry
        seeds = {s.file: s for s in data.seeds}
        return cls(data.version, dict(data.areas), seeds, entries)

    def leaves(self) -> list[SyllabusEntry]:
        return [e for e in self.entries.values() if e.is_leaf]

    def section_of(self, node_id: str) -> SyllabusEntry:
        """The middle-level node (`3-4`) holding `node_id` (`3-4-1`, or `3-4` itself)."""
        return self.entries["-".join(node_id.split("-")[:2])]

    def major_of(self, node_id: str) -> SyllabusEntry:
        return self.entries[node_id.split("-")[0]]


class _Placed(Protocol):
    """What `syllabus_rank` reads of a question (a bank `Question`, or any stand-in)."""

    @property
    def id(self) -> str: ...

    @property
    def syllabus(self) -> str: ...


def syllabus_rank(questions: Iterable[_Placed], syllabus: Syllabus) -> dict[str, int]:
    """Each question's place along the syllabus, 0 first: its node in tree order, then the order
    given (bank order); questions under a node the tree lacks come last.

    The study queue introduces new cards in this order, so that foundations come before the
    applications built on them instead of in whatever order the bank files list them.
    """
    nodes = {node_id: place for place, node_id in enumerate(syllabus.entries)}
    listed = list(questions)
    order = sorted(
        range(len(listed)), key=lambda index: (nodes.get(listed[index].syllabus, len(nodes)), index)
    )
    return {listed[index].id: rank for rank, index in enumerate(order)}

"""Which seed sections the bank's questions cover, and how the questions spread over the syllabus.

A question covers a section of its seed when the line numbers that its `source.section` cites
(`l.N` or `l.N-M`, as many as it likes) overlap the section's line range. Line references written
after another seed's file name in the same string (`... also 000_c7c515c0397d0ed0.txt l.73`) are
that seed's lines, up to the next file name. A question that cites no line number for a seed
covers the sections of that seed whose heading text its `source.section` contains.

Everything here is pure: questions and the syllabus in, a `Coverage` out; nothing is read or
printed.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from trainer.bank.schema import Area, QuestionBase
from trainer.bank.syllabus import SeedSection, Syllabus

Span = tuple[int, int]

_REFERENCE = re.compile(
    r"(?P<seed>\b\d{3}_[0-9a-f]{16}\.txt\b)"
    r"|(?<![A-Za-z])l\.\s*(?P<first>\d+)(?:\s*[-–—~〜]\s*(?P<last>\d+))?"
)
_NUMBERING = re.compile(r"^(?:day\s*\d+|section\.?\s*\d+|\d+)\s*[.:：]?\s*", re.IGNORECASE)


def cited_lines(section_text: str, seed: str) -> dict[str, list[Span]]:
    """The line spans `section_text` cites, by seed file (`seed` until another file is named)."""
    spans: dict[str, list[Span]] = defaultdict(list)
    current = seed
    for match in _REFERENCE.finditer(section_text):
        if match["seed"]:
            current = match["seed"]
            continue
        first = int(match["first"])
        last = int(match["last"]) if match["last"] else first
        spans[current].append((min(first, last), max(first, last)))
    return dict(spans)


def _normalise(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).casefold().split())


def heading_keys(title: str) -> list[str]:
    """Normalised forms of a section title that count as citing it: the whole title, and each
    `/`-separated heading in it with its leading numbering ("3.", "Section.1 :", "Day1") removed."""
    keys = [_normalise(title)]
    for part in title.split(" / "):
        stripped = part.strip()
        while (shorter := _NUMBERING.sub("", stripped, count=1)) != stripped:
            stripped = shorter
        keys.append(_normalise(stripped))
    return [key for key in dict.fromkeys(keys) if len(key) >= 2]


def _overlaps(span: Span, section: SeedSection) -> bool:
    return span[0] <= section.lines[1] and section.lines[0] <= span[1]


@dataclass(frozen=True)
class SectionCoverage:
    seed: str
    id: str
    title: str
    lines: Span
    substance: bool
    questions: tuple[str, ...]

    @property
    def covered(self) -> bool:
        return bool(self.questions)


@dataclass(frozen=True)
class AreaCount:
    area: Area
    questions: int
    parametric: int
    by_syllabus: tuple[tuple[str, int], ...]  # (syllabus id, questions), in syllabus order


@dataclass(frozen=True)
class MajorStyles:
    """How many items of each style (knowledge, calculation, blanks) a syllabus major has."""

    major: str
    name: str  # English; the command prints the Japanese from the syllabus
    styles: tuple[tuple[str, int], ...]  # (style, questions) for every style, in Style order
    sets: int


@dataclass(frozen=True)
class Coverage:
    sections: tuple[SectionCoverage, ...]
    areas: tuple[AreaCount, ...]
    unplaced: tuple[str, ...]  # questions whose citation matches no section of a seed
    majors: tuple[MajorStyles, ...] = ()

    def uncovered(self, *, substance_only: bool = True) -> list[SectionCoverage]:
        return [s for s in self.sections if not s.covered and (s.substance or not substance_only)]

    def by_seed(self) -> dict[str, list[SectionCoverage]]:
        grouped: dict[str, list[SectionCoverage]] = defaultdict(list)
        for section in self.sections:
            grouped[section.seed].append(section)
        return dict(grouped)

    def as_json(self, syllabus: Syllabus) -> dict[str, Any]:
        grouped = self.by_seed()
        seeds = []
        for file, document in syllabus.seeds.items():
            seeds.append(
                {
                    "file": file,
                    "title": {"ja": document.title.ja, "en": document.title.en},
                    "sections": [
                        {
                            "id": s.id,
                            "title": s.title,
                            "lines": list(s.lines),
                            "substance": s.substance,
                            "questions": list(s.questions),
                        }
                        for s in grouped.get(file, [])
                    ],
                }
            )
        substantive = [s for s in self.sections if s.substance]
        return {
            "seeds": seeds,
            "uncovered": [s.id for s in self.uncovered()],
            "uncovered_without_substance": [
                s.id for s in self.uncovered(substance_only=False) if not s.substance
            ],
            "areas": {
                a.area.value: {
                    "questions": a.questions,
                    "parametric": a.parametric,
                    "syllabus": dict(a.by_syllabus),
                }
                for a in self.areas
            },
            "unplaced": list(self.unplaced),
            "styles": {
                m.major: {"name": m.name, "styles": dict(m.styles), "sets": m.sets}
                for m in self.majors
            },
            "totals": {
                "questions": sum(a.questions for a in self.areas),
                "parametric": sum(a.parametric for a in self.areas),
                "sections": len(self.sections),
                "sections_of_substance": len(substantive),
                "covered_sections_of_substance": sum(1 for s in substantive if s.covered),
            },
        }


def _matches(question: QuestionBase, file: str, sections: Sequence[SeedSection]) -> list[str]:
    """Ids of the sections of seed `file` that `question` cites."""
    spans = cited_lines(question.source.section, question.source.seed).get(file)
    if spans:
        return [s.id for s in sections if any(_overlaps(span, s) for span in spans)]
    if file != question.source.seed:
        return []
    text = _normalise(question.source.section)
    return [s.id for s in sections if any(key in text for key in heading_keys(s.title))]


def compute_coverage(questions: Iterable[QuestionBase], syllabus: Syllabus) -> Coverage:
    """Map every question to the seed sections it cites, and count questions per area."""
    ordered = list(questions)
    cited: dict[str, list[str]] = defaultdict(list)
    unplaced: list[str] = []
    for question in ordered:
        files = {question.source.seed, *cited_lines(question.source.section, "").keys()} - {""}
        placed = False
        for file in sorted(files):
            document = syllabus.seeds.get(file)
            if document is None or not document.sections:
                continue
            for section_id in _matches(question, file, document.sections):
                cited[section_id].append(question.id)
                placed = True
        if not placed:
            unplaced.append(question.id)
    sections = tuple(
        SectionCoverage(
            file, s.id, s.title, s.lines, s.substance, tuple(dict.fromkeys(cited.get(s.id, [])))
        )
        for file, document in syllabus.seeds.items()
        for s in document.sections
    )
    per_leaf: Counter[str] = Counter(q.syllabus for q in ordered)
    areas = []
    for area in Area:
        mine = [q for q in ordered if q.area == area]
        leaves = tuple(
            (entry.id, per_leaf[entry.id])
            for entry in syllabus.entries.values()
            if entry.area == area and per_leaf[entry.id]
        )
        areas.append(AreaCount(area, len(mine), sum(1 for q in mine if q.parametric), leaves))
    return Coverage(sections, tuple(areas), tuple(unplaced), styles_by_major(ordered, syllabus))


def styles_by_major(
    questions: Sequence[QuestionBase], syllabus: Syllabus
) -> tuple[MajorStyles, ...]:
    """Items of each style per major: the exam asks every style across the syllabus."""
    from trainer.bank.schema import Style

    out = []
    for entry in syllabus.entries.values():
        if entry.depth != 0:
            continue
        mine = [q for q in questions if q.syllabus.split("-")[0] == entry.id]
        shapes = Counter(q.shape for q in mine)
        sets = len({q.item_set for q in mine if q.item_set})
        styles = tuple((style.value, shapes[style]) for style in Style)
        out.append(MajorStyles(entry.id, entry.name.en, styles, sets))
    return tuple(out)

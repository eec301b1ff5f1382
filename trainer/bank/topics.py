"""Topics as a learner reads them: the exam syllabus's own tree and names, in Japanese or English.

A question's topic is its syllabus section (`trainer.bank.layout.section_path`): the path
`3_dl_fundamentals/3-4_cnn`, under the major `3_dl_fundamentals`, named after its node
(Convolutional neural networks) and labelled with its number, `3-4 畳み込み…`. The home screen,
the filters and the reports all group by this tree: majors that open into sections.

`--topic` takes a major or a section as its number (`3`, `3-4`), its slug (`cnn`,
`dl_fundamentals/cnn`) or its path; the free-form paths the bank's YAML used to carry
(`deep_learning/detection`) keep working as aliases (`resolve_topic`).

A bank whose syllabus has no slugs keeps the YAML's paths as topics; those are named after the
syllabus nodes their questions cite: the deepest node (below the majors) holding all of them, else
the middle node holding the most; an area after the area.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from trainer.bank.loader import Bank
    from trainer.bank.syllabus import Syllabus

LANGS = ("ja", "en")


def topic_matches(topic: str, prefix: str) -> bool:
    """Prefix match on whole path segments: `3_dl_fundamentals` matches
    `3_dl_fundamentals/3-4_cnn`."""
    prefix = prefix.strip("/")
    return topic == prefix or topic.startswith(prefix + "/")


def in_topic(topic: str, legacy_topic: str | None, wanted: str) -> bool:
    """Whether a question (its topic and any legacy path) is under `wanted` (a `resolve_topic`
    result)."""
    return topic_matches(topic, wanted) or (
        legacy_topic is not None and topic_matches(legacy_topic, wanted)
    )


def _ancestors(node_id: str) -> list[str]:
    """`3-4-1` -> [`3`, `3-4`, `3-4-1`]."""
    parts = node_id.split("-")
    return ["-".join(parts[: n + 1]) for n in range(len(parts))]


def _humanise(segment: str) -> str:
    return segment.replace("_", " ")


@dataclass(frozen=True)
class TopicNames:
    """Display names of every topic path (and every prefix of one) of a bank."""

    names: dict[str, dict[str, str]]  # topic path -> lang -> name
    nodes: dict[str, str] = field(default_factory=dict)  # topic path -> syllabus node id
    numbers: dict[str, str] = field(default_factory=dict)  # syllabus topic path -> its number

    def name(self, topic: str, lang: str) -> str:
        """The topic's name in `lang`; a path the bank does not know: its last part."""
        names = self.names.get(topic)
        if names is None:
            return _humanise(topic.rsplit("/", 1)[-1]) if topic else topic
        return names.get(lang) or names["en"]

    def label(self, topic: str, lang: str) -> str:
        """A syllabus topic: `3-4 name`, the number a learner can type after `--topic`. Any other
        path: `name (last part of the path)`, the path part only where it adds something."""
        name = self.name(topic, lang)
        number = self.numbers.get(topic)
        if number is not None:
            return f"{number} {name}"
        tail = topic.rsplit("/", 1)[-1]
        if not tail or tail == name or _humanise(tail) == name or "/" not in topic:
            return name
        return f"{name} ({tail})"

    def localized(self, topic: str) -> dict[str, str]:
        return {lang: self.name(topic, lang) for lang in LANGS}


def _home(tally: Counter[str], order: dict[str, int]) -> str | None:
    """The node naming a topic: the deepest node below the majors that holds all its questions;
    else (a topic spread over several parts of the syllabus) the part holding most of them."""
    total = tally[""]
    whole = [n for n, k in tally.items() if n.count("-") >= 1 and k == total]
    if whole:
        return max(whole, key=lambda n: n.count("-"))
    for depth in (1, 0):
        level = [n for n in tally if n and n.count("-") == depth]
        if level:
            return max(level, key=lambda n: (tally[n], -order.get(n, 0)))
    return None


def syllabus_topics(syllabus: Syllabus) -> dict[str, str]:
    """Every major's and section's topic path -> its syllabus number, in syllabus order (empty
    for a syllabus without slugs)."""
    from trainer.bank.layout import major_path, section_path

    paths: dict[str, str] = {}
    for entry in syllabus.entries.values():
        if entry.depth > 1 or not entry.slug:
            continue
        try:
            path = (
                major_path(syllabus, entry.id)
                if entry.depth == 0
                else section_path(syllabus, entry.id)
            )
        except ValueError:
            continue
        paths[path] = entry.id
    return paths


def build_topic_names(syllabus: Syllabus, cited: Iterable[tuple[str, str]]) -> TopicNames:
    """Names for the topic paths of `cited` ((topic, syllabus node id) per question) and for
    every prefix of them: a syllabus topic's from its node, any other path's from the nodes its
    questions cite."""
    numbers = syllabus_topics(syllabus)
    names: dict[str, dict[str, str]] = {}
    nodes: dict[str, str] = {}
    for path, node_id in numbers.items():
        entry = syllabus.entries[node_id]
        names[path] = {"ja": entry.name.ja, "en": entry.name.en}
        nodes[path] = node_id
    cited = [(topic, node) for topic, node in cited if topic not in numbers]
    counts: dict[str, Counter[str]] = {}
    # Each distinct (topic, node) once, weighted: a bank cites far fewer pairs than it has
    # questions, and the home screen names its topics while the learner waits for the counts.
    for (topic, node), questions in Counter(cited).items():
        parts = topic.split("/")
        ancestors = [a for a in _ancestors(node) if a in syllabus.entries]
        for depth in range(1, len(parts) + 1):
            prefix = "/".join(parts[:depth])
            tally = counts.setdefault(prefix, Counter())
            for ancestor in ancestors:
                tally[ancestor] += questions
            tally[""] += questions  # the number of questions under the prefix
    order = {node_id: place for place, node_id in enumerate(syllabus.entries)}
    areas = {str(area): name for area, name in syllabus.areas.items()}
    for prefix, tally in counts.items():
        if prefix in names:
            continue
        if "/" not in prefix and prefix in areas:
            area = areas[prefix]
            names[prefix] = {"ja": area.ja, "en": area.en}
            continue
        best = _home(tally, order)
        if best is None:
            names[prefix] = {lang: _humanise(prefix.rsplit("/", 1)[-1]) for lang in LANGS}
            continue
        entry = syllabus.entries[best]
        names[prefix] = {"ja": entry.name.ja, "en": entry.name.en}
        nodes[prefix] = best
    return TopicNames(names, nodes, numbers)


_CACHE: dict[int, tuple[Bank, TopicNames]] = {}


def topic_names(bank: Bank) -> TopicNames:
    """The bank's topic names (computed once per bank object)."""
    cached = _CACHE.get(id(bank))
    if cached is not None and cached[0] is bank:
        return cached[1]
    names = build_topic_names(
        bank.syllabus, ((q.topic, q.syllabus) for q in bank.questions.values())
    )
    _CACHE.clear()  # one bank at a time is the rule; tests load a few
    _CACHE[id(bank)] = (bank, names)
    return names


def question_place(bank: Bank, question_id: str, lang: str) -> str:
    """Where a question sits in the syllabus, for the header above it: the leaf it cites, by
    number and name (`3-1-4 活性化関数`); its topic's label where the bank does not know it."""
    question = bank.questions.get(question_id)
    if question is None:
        return question_id
    entry = bank.syllabus.entries.get(question.syllabus)
    if entry is None:
        return topic_names(bank).label(question.topic, lang)
    return f"{entry.id} {entry.name.get(lang)}"


def resolve_topic(bank: Bank, value: str) -> str | None:
    """What `--topic VALUE` selects, as a path `in_topic` matches: a topic path or a prefix of
    one; a syllabus major or section by number (`3`, `3-4`), slug (`cnn`) or slugs
    (`dl_fundamentals/cnn`); or an old YAML path (`deep_learning/detection`), an alias.
    None: nothing in the bank is under it."""
    wanted = value.strip().strip("/")
    if not wanted:
        return None
    questions = bank.questions.values()
    if any(topic_matches(q.topic, wanted) for q in questions):
        return wanted
    numbers = syllabus_topics(bank.syllabus)
    for path, number in numbers.items():
        slugs = [part.split("_", 1)[1] for part in path.split("/")]
        if wanted in (number, slugs[-1], "/".join(slugs)):
            return path
    if any(q.legacy_topic and topic_matches(q.legacy_topic, wanted) for q in questions):
        return wanted
    return None


def topic_choices(bank: Bank, lang: str) -> list[str]:
    """`3-4 畳み込み…` for every syllabus topic of the bank (or its top-level paths): what an
    unknown `--topic` is answered with."""
    names = topic_names(bank)
    topics = {q.topic for q in bank.questions.values()}
    present = [p for p in names.numbers if any(topic_matches(t, p) for t in topics)]
    if present:
        return [("  " * p.count("/")) + names.label(p, lang) for p in present]
    return sorted({t.split("/")[0] for t in topics})


COURSE_NOTES = re.compile(r"\bcourse notes (\d{3})\b")


def cite_course_notes(text: str, syllabus: Syllabus, lang: str = "en") -> str:
    """`course notes 004` (how exercises and specs cite the course notes by number) with the
    notes' title: `course notes 004 "Rabbit Challenge Stage.3 ..."` / `講義ノート 004「...」`."""

    def titled(match: re.Match[str]) -> str:
        number = match[1]
        document = next(
            (d for file, d in syllabus.seeds.items() if file.startswith(f"{number}_")), None
        )
        if document is None:
            return match[0] if lang == "en" else f"講義ノート {number}"
        if lang == "ja":
            return f"講義ノート {number}「{document.title.ja}」"
        return f'course notes {number} "{document.title.en}"'

    return COURSE_NOTES.sub(titled, text)

"""Topic paths as a learner reads them: the syllabus's own names, in Japanese or English.

A question's `topic` is a slash path the bank's authors chose (`deep_learning/cnn/im2col`); its
`syllabus` is the node of the exam syllabus it belongs to (`3-4-1`, 基本的な畳み込み演算). The
two trees are not the same: a topic group spans several syllabus leaves (`deep_learning/cnn`: most
of 3-4, some of 4-1), and several groups share one node (every `machine_learning/*` group is under
2-1). So a topic path is named after the syllabus nodes its questions cite: the deepest node
(below the five majors) that holds all of them, else the middle node (`3-4`) holding the most; an
area after the area.

Where a name alone would be ambiguous (two leaf topics under one syllabus leaf), `label` adds the
path's last part, which is also what a learner types after `--topic`.
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

    def name(self, topic: str, lang: str) -> str:
        """The topic's name in `lang`; a path the bank does not know: its last part."""
        names = self.names.get(topic)
        if names is None:
            return _humanise(topic.rsplit("/", 1)[-1]) if topic else topic
        return names.get(lang) or names["en"]

    def label(self, topic: str, lang: str) -> str:
        """`name (last part of the path)`, the path part only where it adds something."""
        name = self.name(topic, lang)
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


def build_topic_names(syllabus: Syllabus, cited: Iterable[tuple[str, str]]) -> TopicNames:
    """Names for the topic paths of `cited` ((topic, syllabus node id) per question) and for
    every prefix of them."""
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
    names: dict[str, dict[str, str]] = {}
    nodes: dict[str, str] = {}
    for prefix, tally in counts.items():
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
    return TopicNames(names, nodes)


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

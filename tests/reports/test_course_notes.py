"""Issue 13: the course notes are called 講義ノート / course notes wherever a learner reads about
them; "seed" / "シード" is kept for random seeds only (the variant seed, the mock exam's seed).

The bank's YAML keeps its `source.seed` key and the code its identifiers: only what a learner
reads is checked, as it is rendered (question texts, reports, exercise contracts and specs, and
the interface's text tables)."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from datetime import UTC, datetime
from typing import Any

import pytest

from trainer.bank.loader import load_bank, load_syllabus
from trainer.bank.topics import cite_course_notes, topic_names
from trainer.reports.query import question_metas
from trainer.reports.render_html import render_html
from trainer.reports.render_text import render_markdown, render_text
from trainer.reports.report import assemble
from trainer.scheduling import Scheduler

SEED = re.compile(r"\bseeds?\b|シード", re.IGNORECASE)
# A random seed: `乱数（の）シード`, `random seed(s)`, or a placeholder for the seed's number.
RANDOM_SEED = re.compile(
    r"乱数の?シード|random seeds?|(?:\bseed|シード) \{seed\}|seed \d+", re.IGNORECASE
)
NOT_SHOWN = {"id", "tags", "source", "generator", "syllabus", "topic", "params"}


def course_notes_called_seed(text: str) -> list[str]:
    """The places in `text` where "seed" is not a random seed."""
    bare = RANDOM_SEED.sub("", text)
    return [bare[max(0, m.start() - 30) : m.end() + 30] for m in SEED.finditer(bare)]


def strings(value: Any, path: str = "") -> Iterator[tuple[str, str]]:
    """Every string a learner may read in a question (its dump, less ids, tags and source)."""
    if isinstance(value, dict):
        for key, item in value.items():
            if key not in NOT_SHOWN:
                yield from strings(item, f"{path}.{key}")
    elif isinstance(value, list | tuple):
        for n, item in enumerate(value):
            yield from strings(item, f"{path}[{n}]")
    elif isinstance(value, str):
        yield path, value


def test_the_checker_tells_the_two_seeds_apart() -> None:
    assert course_notes_called_seed("the seed's formula drops the bracket")
    assert course_notes_called_seed("シードの式の誤り")
    # `seed 505709872` is a random seed; `seed 004` (notes by number) is caught by the stricter
    # check of the exercises below
    assert course_notes_called_seed("the variant with seed 505709872") == []
    assert course_notes_called_seed("Source: course notes 004 §4 E11") == []
    assert course_notes_called_seed("乱数のシードによって") == []
    assert course_notes_called_seed("fix random seeds, for instance") == []
    assert course_notes_called_seed("Mock exam: 5 questions (seed {seed}).") == []


def test_question_texts_call_them_course_notes() -> None:
    bank = load_bank()
    found = [
        f"{question.id}{path}: {place}"
        for question in bank.questions.values()
        for path, text in [
            # every learner-facing text; `check` is test-only code a learner never sees
            *strings(question.model_dump(mode="json", exclude={"check"})),
            (".source.section", question.source.section),  # shown after the notes' title
        ]
        for place in course_notes_called_seed(text)
    ]
    assert found == []


def test_exercise_contracts_and_specs_call_them_course_notes() -> None:
    from trainer.commands.exercise import _contract
    from trainer.grading.catalog import exercise_ids, load_exercise

    cited = 0
    for exercise_id in exercise_ids():
        contract = _contract(exercise_id)  # what `trainer exercise show` prints
        exercise = load_exercise(exercise_id)
        for text in (contract, exercise.source, exercise.summary, *exercise.hints):
            assert not re.search(r"\bseed \d{3}\b|\bseed's\b|シード", text), (exercise_id, text)
        if "course notes 0" in contract:
            cited += 1
            assert re.search(r'course notes \d{3} "[^"]+"', contract), contract  # ...titled
    assert cited >= 20


def test_course_notes_are_cited_with_their_title() -> None:
    syllabus = load_syllabus()
    text = cite_course_notes("course notes 004 §4 E11; course notes 999", syllabus)
    assert text.startswith('course notes 004 "Rabbit Challenge Stage.3 Deep Learning Day 1-2')
    assert text.endswith("; course notes 999")  # no such notes: as written
    ja = cite_course_notes("course notes 004 §4", syllabus, "ja")
    assert ja.startswith("講義ノート 004「ラビットチャレンジ: Stage.3") and "seed" not in ja


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_reports_never_say_seed(lang: str) -> None:
    bank = load_bank()
    report = assemble(
        user="ann",
        now=datetime(2026, 11, 20, 9, 0, tzinfo=UTC),
        offset_minutes=0,
        questions=question_metas(bank),
        cards=[],
        days=[],
        accuracy=[],
        retention_counts=[],
        submissions=[],
        scheduler=Scheduler(),
        lang=lang,
        names=topic_names(bank),
    )
    for rendered in (render_text(report), render_markdown(report), render_html(report)):
        text = re.sub(r"<svg.*?</svg>", "", rendered, flags=re.DOTALL)  # charts: ids, paths
        assert course_notes_called_seed(text) == []


def test_interface_texts_use_seed_for_random_seeds_only() -> None:
    from trainer.commands import cards, config, exam, quiz
    from trainer.study import browser
    from trainer.tui import text

    for module in (text, browser, cards, config, exam, quiz):
        table: Mapping[str, Mapping[str, str]] = module.TEXT
        for lang, words in table.items():
            for key, value in words.items():
                assert course_notes_called_seed(value) == [], (module.__name__, lang, key)

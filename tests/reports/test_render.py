"""The renderers on the whole bank: every topic shown (none cut off), every figure explained in
both languages, and a topic reading the same in the weakest list and the topic table."""

from __future__ import annotations

import html
import re
from datetime import UTC, datetime, timedelta
from html.parser import HTMLParser

import pytest
from rich.cells import cell_len

from trainer.bank.loader import load_bank
from trainer.reports import compute
from trainer.reports.glossary import FIGURES, GLOSSARY, LANGS, NOTES, explain
from trainer.reports.query import question_metas
from trainer.reports.render_html import render_html
from trainer.reports.render_text import explanations, render_markdown, render_text
from trainer.reports.report import Report, assemble
from trainer.reports.rows import CardRow
from trainer.scheduling import Scheduler, State

NOW = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)


def studied(question_id: str, stability: float) -> CardRow:
    return CardRow(
        question_id, int(State.REVIEW), None, stability, 5.0, NOW + timedelta(days=3),
        NOW - timedelta(days=2), 3, 0, False,
    )  # fmt: skip


@pytest.fixture(scope="module")
def report() -> Report:
    """The whole bank, one question in three studied (so some topics are 1 of many seen)."""
    metas = question_metas(load_bank())
    cards = [studied(m.id, 1.0 + n % 50) for n, m in enumerate(metas) if n % 3 == 0]
    return assemble(
        user="ann",
        now=NOW,
        offset_minutes=0,
        questions=metas,
        cards=cards,
        days=[],
        accuracy=[],
        retention_counts=[],
        submissions=[],
        scheduler=Scheduler(),
    )


class Page(HTMLParser):
    """The text of the mastery chart and the cells of each named table."""

    def __init__(self) -> None:
        super().__init__()
        self.where: list[str] = []
        self.chart_text: list[str] = []
        self.tables: dict[str, list[list[str]]] = {}
        self.table: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "figure":
            self.where.append(values.get("data-chart") or "")
        if tag == "table":
            self.table = values.get("id")
            if self.table:
                self.tables[self.table] = []
        if tag == "tr" and self.table:
            self.tables[self.table].append([])

    def handle_endtag(self, tag: str) -> None:
        if tag == "figure":
            self.where.pop()
        if tag == "table":
            self.table = None

    def handle_data(self, data: str) -> None:
        if self.where and self.where[-1] == "mastery":
            self.chart_text.append(data.strip())
        if self.table and self.tables[self.table]:
            self.tables[self.table][-1].append(data)


def test_html_shows_every_topic(report: Report) -> None:
    """Issue 12: the chart kept the first 40 topics, so machine_learning's last ones were gone."""
    page = Page()
    page.feed(render_html(report))
    groups = [t.topic for t in report.topics if t.depth == compute.TOPIC_DEPTH]
    assert len(groups) > 40
    for name in ("regression", "svm", "trees", "validation", "metrics"):
        assert f"machine_learning/{name}" in groups
    assert set(groups) <= set(page.chart_text)  # every topic has its bar
    cells = {row[0] for row in page.tables["topics"][1:]}  # the first row: the headings
    bank_topics = {q.topic for q in load_bank().questions.values()}
    assert bank_topics <= cells  # ...and every topic and subtopic its row
    assert {t.topic for t in report.topics} == cells


def test_text_and_markdown_show_every_topic(report: Report) -> None:
    text = render_text(report, width=100)
    for topic in report.topics:
        if topic.depth <= compute.TOPIC_DEPTH:
            assert re.search(rf"│ +{re.escape(topic.topic.split('/')[-1])} +│", text), topic
    md = render_markdown(report)
    for topic in report.topics:
        assert f"| {'&nbsp;' * 2 * topic.depth}{topic.topic} | " in md


def test_every_figure_is_explained_in_both_languages(report: Report) -> None:
    lines = explanations(report)
    assert len(lines) == len(FIGURES)
    text = render_text(report, width=100)
    md = render_markdown(report)
    page = render_html(report)
    for en, ja in lines:
        assert en in text and ja in text
        assert f"- {en}<br>{ja}" in md
        assert f"<td>{html.escape(en)}</td><td>{html.escape(ja)}</td>" in page


def test_the_glossary_is_complete_and_fits_the_screen() -> None:
    for lang in LANGS:
        assert set(GLOSSARY[lang]) == set(FIGURES) and set(NOTES[lang]) == set(NOTES["en"])
        for figure in FIGURES:
            # the progress screen: 80 columns less 4 of margins, 2 of scrollbar, 2 of indent
            assert cell_len(explain(lang, figure)) <= 72, (lang, figure)


def test_a_topic_reads_the_same_in_both_lists(report: Report) -> None:
    """In the Markdown report: the weakest topics' mastery, coverage and seen cells are the
    topic table's cells for the same topic."""
    weakest = report.readiness.weakest
    assert weakest
    lines = render_markdown(report).splitlines()
    nbsp = "&nbsp;" * 2 * compute.TOPIC_DEPTH
    for weak in weakest:
        in_table = next(line for line in lines if line.startswith(f"| {nbsp}{weak.topic} | "))
        in_weakest = next(line for line in lines if line.startswith(f"| {weak.topic} | "))
        assert in_table.split(" | ")[1:4] == in_weakest.split(" | ")[2:5]
        assert in_weakest.split(" | ")[2] == f"{weak.mastery:.0%}"

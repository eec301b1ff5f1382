"""The renderers on the whole bank: every topic shown (none cut off) by its syllabus name, every
figure explained, each report in one language throughout, and a topic reading the same in the
weakest list and the topic table."""

from __future__ import annotations

import html
import re
from datetime import UTC, datetime, timedelta
from html.parser import HTMLParser

import pytest
from rich.cells import cell_len

from trainer.bank.loader import load_bank
from trainer.bank.topics import topic_names
from trainer.reports import compute
from trainer.reports.glossary import FIGURES, GLOSSARY, LANGS, NOTES, explain
from trainer.reports.query import question_metas
from trainer.reports.render_html import chart_lang, render_html
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


@pytest.fixture(scope="module", params=["ja", "en"])
def report(request: pytest.FixtureRequest) -> Report:
    """The whole bank, one question in three studied (so some topics are 1 of many seen), in
    Japanese and in English."""
    bank = load_bank()
    metas = question_metas(bank)
    cards = [studied(m.id, 1.0 + n % 50) for n, m in enumerate(metas) if n % 3 == 0]
    return assemble(
        lang=request.param,
        names=topic_names(bank),
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
    """Issue 12: the chart kept the first 40 topics, so the last ones were gone. Each topic reads
    as its syllabus number and name in the report's language, its path beside it; the topics
    are the syllabus's 24 sections under its 5 majors, in syllabus order."""
    page = Page()
    page.feed(render_html(report))
    groups = [t.topic for t in report.topics if t.depth == compute.TOPIC_DEPTH]
    assert len(groups) == 24 and groups == sorted(groups)
    assert groups[0] == "1_applied_math/1-1_linear_algebra"
    assert groups[-1] == "5_dev_env/5-4_environment"
    assert [t.topic for t in report.topics if t.depth == 0] == [
        "1_applied_math",
        "2_machine_learning",
        "3_dl_fundamentals",
        "4_dl_applications",
        "5_dev_env",
    ]
    labels = {report.topic_label(t, chart_lang(report.lang)) for t in groups}
    assert labels <= set(page.chart_text)  # every topic has its bar
    rows = page.tables["topics"][1:]  # the first row: the headings
    paths = {row[1] for row in rows}  # the name's cell holds the name, then the path
    bank_topics = {q.topic for q in load_bank().questions.values()}
    assert bank_topics <= paths  # ...and every topic and subtopic its row
    assert {t.topic for t in report.topics} == paths
    names = {row[0].strip("\xa0") for row in rows}
    assert {report.topic_label(t.topic) for t in report.topics} == names
    assert report.topic_label("3_dl_fundamentals/3-4_cnn") == (
        "3-4 畳み込みニューラルネットワーク"
        if report.lang == "ja"
        else "3-4 Convolutional neural networks"
    )


def test_text_and_markdown_show_every_topic(report: Report) -> None:
    text = render_text(report, width=140)
    for topic in report.topics:
        if topic.depth <= compute.TOPIC_DEPTH:
            label = re.escape(report.topic_label(topic.topic))
            assert re.search(rf"│ +{label} +│", text), topic
    md = render_markdown(report)
    for topic in report.topics:
        name = report.topic_label(topic.topic)
        assert f"| {'&nbsp;' * 2 * topic.depth}{name} | `{topic.topic}` | " in md


def test_every_figure_is_explained_in_the_reports_language(report: Report) -> None:
    lines = explanations(report)
    assert len(lines) == len(FIGURES)
    text = render_text(report, width=100)
    md = render_markdown(report)
    page = render_html(report)
    other = "en" if report.lang == "ja" else "ja"
    for figure, line in zip(FIGURES, lines, strict=True):
        assert line == explain(report.lang, figure, 0.65, 0.9)
        assert line in text and f"- {line}" in md
        meaning = line.split(": ", 1)[1]
        assert f"<td>{html.escape(meaning)}</td>" in page
        elsewhere = explain(other, figure, 0.65, 0.9)
        for rendered in (text, md, page):
            assert elsewhere not in rendered and html.escape(elsewhere) not in rendered


# Headings and phrases of one language that must not show in a report in the other.
ENGLISH = ("What the figures mean", "Mastery per topic", "Study next", "Readiness", "Reviews:")
JAPANESE = ("各数値の意味", "分野別の定着度", "次に学ぶ分野", "合格見込み", "解答数")


def test_one_language_throughout(report: Report) -> None:
    """Issue 13: the glossary heading read 'What the figures mean / 各数値の意味' in every
    report; each report now follows its language."""
    mine, theirs = (JAPANESE, ENGLISH) if report.lang == "ja" else (ENGLISH, JAPANESE)
    page = render_html(report)
    assert f'<html lang="{report.lang}">' in page
    for rendered in (render_text(report, width=120), render_markdown(report), page):
        for phrase in mine:
            assert phrase in rendered, phrase
        for phrase in theirs:
            assert phrase not in rendered, phrase
    if report.lang == "en":  # no Japanese at all in the English report, bar the exam's name
        for rendered in (render_text(report, width=120), render_markdown(report)):
            assert not re.search(r"[\u3040-\u30ff\u4e00-\u9fff]", rendered)


def test_html_declares_a_cjk_font_stack(report: Report) -> None:
    page = render_html(report)
    style = page[page.index("<style>") : page.index("</style>")]
    body = style[style.index("body{font-family:") :]
    for font in ('"Noto Sans CJK JP"', '"Hiragino Sans"', '"Yu Gothic"', "Meiryo", "sans-serif"):
        assert font in body.split(";")[0]


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
        name = report.topic_label(weak.topic)
        key = f"{name} | `{weak.topic}` | "
        in_table = next(line for line in lines if line.startswith(f"| {nbsp}{key}"))
        in_weakest = next(line for line in lines if line.startswith(f"| {key}"))
        assert in_table.split(" | ")[2:5] == in_weakest.split(" | ")[3:6]
        assert in_weakest.split(" | ")[3] == f"{weak.mastery:.0%}"


def test_charts_fall_back_to_english_without_a_japanese_font(
    report: Report, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without a font matplotlib can draw Japanese with, the charts are labelled in English
    (no tofu boxes, no missing-glyph warnings); the rest of the page keeps its language."""
    from trainer.reports import render_html as module

    monkeypatch.setattr(module, "cjk_font", lambda: None)
    page = Page()
    text = render_html(report)
    page.feed(text)
    assert "Mastery per topic" in page.chart_text
    assert not any(re.search(r"[\u3040-\u30ff\u4e00-\u9fff]", t) for t in page.chart_text)
    assert f'<html lang="{report.lang}">' in text
    if report.lang == "ja":
        assert "<h2>分野別の定着度</h2>" in text

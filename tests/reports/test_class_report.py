"""The instructor's dashboard from a store with several learners, on SQLite and on PostgreSQL 15
(the class tests also run it through the instructor's connection to a class database)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from tests.bank.test_shipped_bank import shipped
from trainer.bank.topics import topic_names
from trainer.reports.class_report import build_class_report, class_json
from trainer.reports.query import question_metas
from trainer.reports.render_class import render_class_html, render_class_text
from trainer.scheduling import Rating, Scheduler
from trainer.store.repository import Answer, Store


@pytest.fixture
def store(any_store: Store) -> Store:
    """Every test here runs on SQLite and on PostgreSQL 15."""
    return any_store


NOW = datetime(2026, 12, 1, 9, tzinfo=UTC)


def test_every_learner_and_the_class_by_topic(store: Store) -> None:
    bank = shipped()
    questions = ["fam.iou-boxes", "fam.conv-output-size", "am.determinant"]
    for name, right in (("aki", True), ("ben", False)):
        user = store.user_id(name)
        for n, qid in enumerate(questions):
            rating = Rating.GOOD if right else Rating.AGAIN
            at = NOW - timedelta(days=2, minutes=n)
            store.record_review(user, Answer(qid, rating, "x", right, 0, 5, at), Scheduler())
    report = build_class_report(store, question_metas(bank), topic_names(bank), NOW, 0, "ja")
    names = [row.name for row in report.learners]
    assert names == ["aki", "ben"]
    aki, ben = report.learners
    assert aki.reviews_7d == ben.reviews_7d == 3
    assert aki.expected > ben.expected
    assert {q for q, _, _ in report.missed} == set(questions)
    assert all(k == 1 for _, _, k in report.missed)  # only ben missed them
    assert len(report.weakest) == 10
    assert [m for _, m in report.weakest] == sorted(m for _, m in report.weakest)
    document = class_json(report)
    assert [learner["name"] for learner in document["learners"]] == ["aki", "ben"]
    assert document["topics"][0]["topic"] == "1_applied_math"
    text = render_class_text(report, "ja")
    assert "aki" in text and "クラスの学習状況" in text
    page = render_class_html(report, "en")
    assert page.count("<rect") == 2 * len(report.topics)
    assert 'lang="en"' in page and "Class progress" in page


def test_no_learner_yet(store: Store) -> None:
    bank = shipped()
    report = build_class_report(store, question_metas(bank), topic_names(bank), NOW, 0, "en")
    assert report.learners == [] and render_class_text(report, "en").startswith("No learner")

"""`trainer report` and `trainer config exam-date` in a subprocess on a temporary database."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import fresh_database
from tests.reliability.quizdriver import write_bank
from trainer.scheduling import Rating, Scheduler
from trainer.store.engine import make_engine
from trainer.store.repository import Answer, Store
from trainer.store.upgrade import ensure_schema

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def setup(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> tuple[Path, str]:
    """A 9-question bank and a database where `ann` answered 40 times over 20 days: a SQLite
    file, or a database of its own on the PostgreSQL 15 test server."""
    folder = tmp_path_factory.mktemp("report")
    bank = write_bank(folder / "bank", 9)
    db = f"sqlite:///{folder / 'progress.db'}"
    if request.param == "postgresql":
        db = fresh_database(request.getfixturevalue("pg_url"))
    engine = make_engine(db)
    ensure_schema(engine)
    store = Store(engine)
    user = store.user_id("ann")
    scheduler = Scheduler()
    start = datetime.now(UTC) - timedelta(days=20)
    for n in range(40):
        correct = n % 4 != 0
        store.record_review(
            user,
            Answer(
                f"test.q{n % 6:04d}",
                Rating.GOOD if correct else Rating.AGAIN,
                "a",
                correct,
                n,
                3000,
                start + timedelta(hours=12 * n),
            ),
            scheduler,
        )
    store.close()
    return bank, db


def trainer(setup: tuple[Path, str], *args: str) -> subprocess.CompletedProcess[str]:
    bank, db = setup
    env = {**os.environ, "TRAINER_BANK": str(bank), "PYTHONPATH": str(ROOT), "TZ": "UTC"}
    return subprocess.run(
        [sys.executable, "-m", "trainer", "--db", db, "--user", "ann", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


def check_schema(doc: dict[str, Any]) -> None:
    """The documented shape (trainer/reports/SCHEMA.md)."""
    assert doc["schema_version"] == 1
    for key in ("user", "generated_at", "today", "utc_offset_minutes", "questions"):
        assert key in doc
    for topic in doc["topics"]:
        assert set(topic) == {
            "topic", "name", "depth", "questions", "seen", "mastery", "coverage", "recall",
            "reviews_30d", "correct_30d", "accuracy_30d", "leeches",
        }  # fmt: skip
        assert set(topic["name"]) == {"ja", "en"} and all(topic["name"].values())
        assert 0 <= topic["mastery"] <= topic["coverage"] + 1e-4 <= 1 + 1e-4
    history = doc["history"]
    assert {"total_reviews", "total_correct", "accuracy", "current_streak", "best_streak"} <= set(
        history
    )
    assert all(set(d) == {"day", "reviews", "correct"} for d in history["days"])
    assert len(doc["forecast"]["days"]) == 30
    assert doc["forecast"]["total"] == doc["forecast"]["overdue"] + sum(
        d["due"] for d in doc["forecast"]["days"]
    )
    for cell in ("last_30_days", "all_time"):
        value = doc["retention"][cell]
        assert set(value) == {"reviews", "passed", "rate"}
        assert value["rate"] is None or 0 <= value["rate"] <= 1
    calibration = doc["retention"]["calibration"]
    assert calibration["error"] is None or 0 <= calibration["error"] <= 1
    for band in calibration["bands"]:
        assert set(band) == {"from", "to", "reviews", "passed", "predicted", "observed"}
        assert band["from"] <= band["predicted"] <= band["to"] and band["reviews"] > 0
    r = doc["readiness"]
    assert 0 <= r["interval95"][0] <= r["expected"] <= r["interval95"][1] <= 1
    assert set(r["areas"]) <= {"applied_math", "machine_learning", "deep_learning", "dev_env"}
    assert len(r["weakest"]) <= 5
    topics = {t["topic"]: t for t in doc["topics"]}
    for weak in r["weakest"]:
        assert set(weak) == {
            "topic", "name", "weight", "mastery", "coverage", "seen", "questions", "recall", "gain",
        }  # fmt: skip
        same = topics[weak["topic"]]  # a node of the topic table, with the same figures
        assert (weak["mastery"], weak["coverage"]) == (same["mastery"], same["coverage"])
        assert (weak["seen"], weak["questions"]) == (same["seen"], same["questions"])
        assert weak["recall"] == weak["mastery"]


def test_json_report_has_the_documented_shape_and_known_counts(setup: tuple[Path, str]) -> None:
    done = trainer(setup, "report", "--format", "json")
    assert done.returncode == 0, done.stderr
    doc = json.loads(done.stdout)
    check_schema(doc)
    assert doc["questions"] == 9
    assert doc["history"]["total_reviews"] == 40
    assert doc["history"]["total_correct"] == 30
    root = next(t for t in doc["topics"] if t["topic"] == "3_dl_fundamentals")  # the major
    assert (root["questions"], root["seen"]) == (9, 6)
    assert doc["retention"]["all_time"]["reviews"] > 0
    # every interday review was recorded with FSRS's prediction, so calibration counts them all
    bands = doc["retention"]["calibration"]["bands"]
    assert sum(b["reviews"] for b in bands) == doc["retention"]["all_time"]["reviews"]
    assert sum(b["passed"] for b in bands) == doc["retention"]["all_time"]["passed"]
    assert doc["exam"] is None


def test_exam_date_is_stored_and_projected(setup: tuple[Path, str]) -> None:
    day = (datetime.now(UTC) + timedelta(days=60)).date().isoformat()
    done = trainer(setup, "config", "exam-date", day)
    assert done.returncode == 0, done.stderr
    assert trainer(setup, "config", "exam-date").stdout.strip() == day
    doc = json.loads(trainer(setup, "report", "--format", "json").stdout)
    exam = doc["exam"]
    assert exam["date"] == day and exam["days_left"] in (59, 60, 61)
    assert exam["projected"]["expected"] <= doc["readiness"]["expected"] + 1e-9
    assert exam["new_needed"] <= 3  # three questions were never studied
    assert trainer(setup, "config", "exam-date", "clear").returncode == 0
    assert json.loads(trainer(setup, "report", "--format", "json").stdout)["exam"] is None
    bad = trainer(setup, "config", "exam-date", "2027-13-01")
    assert bad.returncode == 2 and "YYYY-MM-DD" in bad.stderr


def test_text_and_markdown(setup: tuple[Path, str], tmp_path: Path) -> None:
    text = trainer(setup, "report", "--lang", "en")
    assert text.returncode == 0, text.stderr
    assert "expected mock-exam score now" in text.stdout and "Mastery per topic" in text.stdout
    assert "readiness: expected mock-exam score" in text.stdout  # the figures explained...
    assert "合格見込み" not in text.stdout and "各数値" not in text.stdout  # ...in English only
    japanese = trainer(setup, "report")  # the learner's stored language: ja by default
    assert "合格見込み: 今日の模擬試験" in japanese.stdout and "分野別の定着度" in japanese.stdout
    assert "What the figures mean" not in japanese.stdout and "readiness:" not in japanese.stdout
    out = tmp_path / "r.md"
    md = trainer(setup, "report", "--format", "md", "--out", str(out), "--lang", "en")
    assert md.returncode == 0, md.stderr
    body = out.read_text(encoding="utf-8")
    assert body.startswith("# Progress report for ann")
    assert "| 3 Deep-learning fundamentals | `3_dl_fundamentals` | " in body
    section = "| &nbsp;&nbsp;3-1 Feed-forward networks | `3_dl_fundamentals/3-1_feedforward` | "
    assert section in body
    assert " | 6/9 | " in body
    assert "- mastery: " in body and "定着度" not in body


class Charts(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.charts: dict[str, dict[str, int]] = {}
        self.current: str | None = None
        self.external: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "figure" and values.get("data-chart"):
            self.current = values["data-chart"]
            self.charts[self.current] = {}
        elif self.current is not None:
            self.charts[self.current][tag] = self.charts[self.current].get(tag, 0) + 1
        for key in ("src", "href"):
            value = values.get(key)
            if value and not value.startswith("#"):
                self.external.append(value)
        if tag == "script":
            self.external.append("<script>")

    def handle_endtag(self, tag: str) -> None:
        if tag == "figure":
            self.current = None


def test_html_is_self_contained_with_five_svg_charts(
    setup: tuple[Path, str], tmp_path: Path
) -> None:
    out = tmp_path / "r.html"
    done = trainer(setup, "report", "--format", "html", "--out", str(out))
    assert done.returncode == 0, done.stderr
    parser = Charts()
    parser.feed(out.read_text(encoding="utf-8"))
    assert set(parser.charts) == {"heatmap", "mastery", "forecast", "trend", "calibration"}
    for name, tags in parser.charts.items():
        assert tags.get("svg") == 1, name
        assert tags.get("path", 0) > 3, name  # drawn marks, not an empty frame
    assert parser.external == []  # no CDN, no script, no linked file


def test_a_bad_database_fails_cleanly(setup: tuple[Path, str], tmp_path: Path) -> None:
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"not a database at all" * 100)
    bank, _ = setup
    done = trainer((bank, junk), "report", "--format", "json")
    assert done.returncode == 3 and "Traceback" not in done.stderr

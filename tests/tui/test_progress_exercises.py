"""The progress and exercises screens, and the streak on home, driven with Pilot."""

from __future__ import annotations

import shutil
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from rich.console import Console
from textual.pilot import Pilot
from textual.widgets import DataTable, Sparkline, Static

from tests.tui.conftest import Clock, Seeds
from trainer.bank.checking import expected_text
from trainer.bank.loader import Bank
from trainer.grading.catalog import solution_path, stub_path
from trainer.reports.glossary import explain, term
from trainer.store.engine import make_engine
from trainer.store.repository import Store
from trainer.study.session import StudyService
from trainer.tui.app import TrainerApp
from trainer.tui.screens.exercises import ExercisesScreen
from trainer.tui.screens.progress import ProgressScreen
from trainer.tui.text import say

EXERCISE = "softmax"


def study_days(bank: Bank, db_url: str, clock: Clock, days: int) -> None:
    """One session a day for `days` days, ending today (the clock is left where it was)."""
    start = clock.now
    clock.advance(days=-(days - 1))
    service = StudyService.open(db_url, "tester", bank=bank, clock=clock, seeds=Seeds())
    try:
        for _ in range(days):
            session = service.session()
            while (presented := session.present()) is not None:
                session.check(expected_text(presented.variant))
                session.record(3)
            clock.advance(days=1)
    finally:
        service.close()
    clock.now = start


def make_app(bank: Bank, db_url: str, clock: Clock, **options: Any) -> TrainerApp:
    return TrainerApp(
        db_url=db_url,
        user="tester",
        bank=bank,
        clock=clock,
        seeds=Seeds(),
        offset_minutes=0,
        cursor_blink=False,
        **options,
    )


async def settle(pilot: Pilot[Any]) -> None:
    for _ in range(2):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()


def text_of(app: TrainerApp, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


def drawn(app: TrainerApp, selector: str) -> str:
    """A Static's content as drawn at its width (for Rich renderables such as tables)."""
    widget = app.screen.query_one(selector, Static)
    console = Console(width=widget.content_region.width, color_system=None)
    with console.capture() as capture:
        console.print(widget.content)
    return capture.get()


async def test_progress_shows_the_report(tiny_bank: Bank, db_url: str, clock: Clock) -> None:
    study_days(tiny_bank, db_url, clock, 3)
    app = make_app(tiny_bank, db_url, clock, lang="en")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert app.home.history is not None
        # Reviews on the 18th (missed ones come back within the learn-ahead window, so nothing
        # was left for the 19th) and today: a streak of one day, today.
        assert app.home.history.current_streak == 1
        assert "streak 1" in text_of(app, "#streak")
        await pilot.press("p")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ProgressScreen)
        report = screen.report
        assert report is not None
        assert report.history.total_reviews >= 3
        history = screen.query_one("#history-chart", Sparkline).data
        assert history is not None and len(history) == 30
        assert sum(history) == report.history.total_reviews  # all within the last 30 days
        forecast = screen.query_one("#forecast-chart", Sparkline).data
        assert forecast == [float(n) for _, n in report.forecast.days]
        assert "readiness" in text_of(app, "#readiness")
        assert f"{report.readiness.expected:.0%}" in text_of(app, "#readiness")
        retention = report.retention  # day-after-day reviews: interday, each with a prediction
        assert retention.recent.reviews > 0 and retention.calibration_error is not None
        assert (
            f"true retention (30 days) {retention.recent.rate:.0%} over "
            f"{retention.recent.reviews} reviews (target 90%) · FSRS predictions off by "
            f"{retention.calibration_error:.0%}"
        ) in text_of(app, "#readiness")
        table = screen.query_one("#mastery", DataTable)
        assert table.row_count == sum(1 for t in report.topics if t.depth <= 1)
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is app.home


async def test_progress_from_the_palette_entry(tiny_bank: Bank, db_url: str, clock: Clock) -> None:
    app = make_app(tiny_bank, db_url, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert "進捗 (p)" in titles and "演習 (e)" in titles  # in the learner's language
        app.action_toggle_lang()
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert "Progress (p)" in titles and "Exercises (e)" in titles
        app.action_toggle_lang()
        app.action_progress()
        await settle(pilot)
        assert isinstance(app.screen, ProgressScreen)
        assert app.screen.report is not None
        assert app.screen.report.history.total_reviews == 0
        assert "retention" not in text_of(app, "#readiness")  # nothing measured yet


SCREEN_FIGURES = ("readiness", "p_pass", "studied", "retention", "calibration")
TOPIC_FIGURES = ("mastery", "seen", "gain", "accuracy_30d")


def explained(lang: str, screen: ProgressScreen, figures: tuple[str, ...]) -> list[str]:
    report = screen.report
    assert report is not None
    values = {"pass_mark": report.readiness.pass_mark, "desired": report.retention.desired}
    return [explain(lang, figure, **values) for figure in figures]


@pytest.mark.parametrize("lang", ["ja", "en"])
async def test_progress_explains_every_figure(
    tiny_bank: Bank, db_url: str, clock: Clock, lang: str
) -> None:
    """One line per figure under the figures, in the learner's language, and again in the
    other one after ctrl+l; the column headings are the names those lines explain."""
    study_days(tiny_bank, db_url, clock, 3)
    app = make_app(tiny_bank, db_url, clock, lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("p")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ProgressScreen)
        for shown in (lang, "en" if lang == "ja" else "ja"):
            other = "en" if shown == "ja" else "ja"
            head = text_of(app, "#readiness")
            legend = text_of(app, "#topic-legend")
            for line in explained(shown, screen, SCREEN_FIGURES):
                assert f"\n  {line}" in head
            assert legend.splitlines() == explained(shown, screen, TOPIC_FIGURES)
            assert not any(line in head for line in explained(other, screen, SCREEN_FIGURES))
            table = screen.query_one("#mastery", DataTable)
            headings = [str(column.label) for column in table.columns.values()]
            names = ("mastery", "studied", "seen", "accuracy_30d")
            assert headings == [say(shown, "topic"), *(term(shown, name) for name in names)]
            await pilot.press("ctrl+l")
            await settle(pilot)


async def test_weakest_topics_read_as_in_the_table(
    full_bank: Bank, db_url: str, clock: Clock
) -> None:
    """On the whole bank after one day: every topic of the table is listed (the table scrolls,
    nothing is cut), and each weakest topic shows the table's mastery, coverage and seen."""
    study_days(full_bank, db_url, clock, 1)
    app = make_app(full_bank, db_url, clock, lang="en")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("p")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ProgressScreen) and screen.report is not None
        report = screen.report
        table = screen.query_one("#mastery", DataTable)
        listed = [str(row.value) for row in table.rows]
        assert listed == [t.topic for t in report.topics if t.depth <= 1]
        assert "2_machine_learning/2-1_ml_foundations" in listed
        weakest = drawn(app, "#weakest")
        assert report.readiness.weakest
        for weak in report.readiness.weakest:
            row = table.get_row(weak.topic)
            mastery, studied, seen = str(row[1]).split()[-1], str(row[2]), str(row[3])
            assert mastery == f"{weak.mastery:.0%}" and studied == f"{weak.coverage:.0%}"
            assert seen == f"{weak.seen}/{weak.questions}"
            # the syllabus name starts its line (a long one folds: its first part does)
            label = report.topic_label(weak.topic, "en")
            assert str(row[0]).strip() == label
            lines = [line for line in weakest.splitlines() if line.strip().startswith(label[:20])]
            assert any(line.split()[-4:-1] == [mastery, studied, seen] for line in lines)


async def test_progress_names_topics_in_the_learners_language(
    full_bank: Bank, db_url: str, clock: Clock
) -> None:
    """Issue 13: the topic table showed raw paths (`cnn`); it shows the syllabus's numbers and
    names in the learner's language (issue 14: the majors and their sections)."""
    study_days(full_bank, db_url, clock, 1)
    app = make_app(full_bank, db_url, clock, lang="ja")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("p")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ProgressScreen) and screen.report is not None
        table = screen.query_one("#mastery", DataTable)
        assert str(table.get_row("3_dl_fundamentals/3-4_cnn")[0]).strip() == (
            "3-4 畳み込みニューラルネットワーク"
        )
        assert str(table.get_row("2_machine_learning")[0]).strip() == "2 機械学習"


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    folder = tmp_path / "work"
    folder.mkdir()
    return folder


def submissions(db_url: str) -> list[str]:
    store = Store(make_engine(db_url))
    try:
        return [str(s.verdict) for s in store.submissions(store.user_id("tester"), EXERCISE)]
    finally:
        store.close()


async def open_exercise(app: TrainerApp, pilot: Pilot[Any]) -> ExercisesScreen:
    await settle(pilot)
    await pilot.press("e")
    await settle(pilot)
    screen = app.screen
    assert isinstance(screen, ExercisesScreen)
    table = screen.query_one("#exercise-list", DataTable)
    table.move_cursor(row=[r.id for r in screen.rows].index(EXERCISE))
    return screen


async def test_check_the_reference_passes(
    tiny_bank: Bank, db_url: str, clock: Clock, workspace: Path
) -> None:
    shutil.copyfile(solution_path(EXERCISE), workspace / f"{EXERCISE}.py")
    app = make_app(tiny_bank, db_url, clock, lang="en", workspace=str(workspace))
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_exercise(app, pilot)
        assert next(r for r in screen.rows if r.id == EXERCISE).status == "never"
        await pilot.press("enter")
        shown = text_of(app, "#exercise-result")  # "checking", unless the check already ended
        assert "checking softmax" in shown or "PASSED" in shown.upper()
        await settle(pilot)
        assert screen.verdict is not None and screen.verdict.passed
        assert "PASSED" in text_of(app, "#exercise-result").upper()
        assert screen.query_one("#exercise-result-box").has_class("-passed")
        assert next(r for r in screen.rows if r.id == EXERCISE).status == "passed"
    assert submissions(db_url) == ["passed"]


async def test_check_the_stub_shows_the_error(
    tiny_bank: Bank, db_url: str, clock: Clock, workspace: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("EDITOR", raising=False)
    monkeypatch.delenv("VISUAL", raising=False)
    app = make_app(tiny_bank, db_url, clock, lang="en", workspace=str(workspace))
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        screen = await open_exercise(app, pilot)
        await pilot.press("o")  # no editor: a notice, and the copy exists
        assert (workspace / f"{EXERCISE}.py").read_bytes() == stub_path(EXERCISE).read_bytes()
        assert any("$EDITOR" in str(n.message) for n in app._notifications)
        await pilot.press("c")
        await settle(pilot)
        assert screen.verdict is not None and not screen.verdict.passed
        shown = text_of(app, "#exercise-result")
        assert "not implemented yet" in shown
        assert "x = np.array" in shown  # the failing input
        assert screen.query_one("#exercise-result-box").has_class("-failed")
        assert next(r for r in screen.rows if r.id == EXERCISE).status == "failed"
    assert submissions(db_url) == ["error"]


async def test_progress_shows_the_plan_to_the_exam_date(
    full_bank: Bank, db_url: str, clock: Clock
) -> None:
    """Issue 19: the progress screen ends with `trainer plan`'s table, in the learner's language;
    without an exam date, how to set one."""
    from trainer.store.records import set_setting

    study_days(full_bank, db_url, clock, 2)
    app = make_app(full_bank, db_url, clock, lang="ja")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("p")
        await settle(pilot)
        await settle(pilot)
        assert isinstance(app.screen, ProgressScreen) and app.screen.plan is not None
        assert text_of(app, "#plan").startswith(say("ja", "plan_title"))
        assert "config exam-date" in text_of(app, "#plan")  # no exam date yet
    store = Store(make_engine(db_url))
    user = store.user_id("tester")
    day = (clock.now + timedelta(days=45)).date().isoformat()
    set_setting(store, user, "exam_date", day)
    store.engine.dispose()
    app = make_app(full_bank, db_url, clock, lang="en")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("p")
        await settle(pilot)
        await settle(pilot)
        shown = text_of(app, "#plan")
        assert shown.startswith("Plan to the exam date")
        assert day in shown and "90%" in shown and "95%" in shown

"""Exercises: each code exercise with its status; open the learner's copy, check it in a worker.

The status comes from the stored submissions through the report module; a check grades the copy
in the workspace with `trainer.grading` (which runs the learner's code in its own child process)
from a thread worker, records the submission as `trainer exercise check` does, and posts the
verdict back.
"""

from __future__ import annotations

import asyncio
import os
import shlex
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from rich.cells import cell_len
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.message import Message
from textual.widgets import DataTable, Header, Static

from trainer.grading.l10n import text
from trainer.tui.screens.base import TrainerScreen
from trainer.tui.text import say
from trainer.tui.widgets.footer import Footer
from trainer.tui.widgets.plain import Prose

if TYPE_CHECKING:
    from trainer.grading.verdict import Verdict
    from trainer.study.session import StudyService

STATUS_STYLE = {"passed": "green", "failed": "red", "never": "dim"}


@dataclass(frozen=True)
class ExerciseRow:
    id: str
    title: str  # an l10n.Bi: shown in the learner's language
    topic: str
    status: str  # passed | failed | never
    attempts: int


@dataclass
class Checked(Message):
    """A check finished (posted from the grader thread)."""

    exercise_id: str
    verdict: Verdict | None  # None: the grader itself failed (`record_error` says why)
    record_error: str | None


def exercise_rows(service: StudyService) -> list[ExerciseRow]:
    """Every exercise with its status from the learner's submissions (blocking)."""
    from trainer.grading.catalog import exercise_ids, load_exercise
    from trainer.reports.compute import exercises
    from trainer.reports.query import load_submissions

    stats = {s.exercise_id: s for s in exercises(load_submissions(service.store, service.user_id))}
    rows = []
    for exercise_id in exercise_ids():
        exercise = load_exercise(exercise_id)
        stat = stats.get(exercise_id)
        status = "never" if stat is None else "passed" if stat.status == "passed" else "failed"
        attempts = 0 if stat is None else stat.attempts
        rows.append(ExerciseRow(exercise.id, exercise.title, exercise.topic, status, attempts))
    return rows


def learner_copy(exercise_id: str, workspace: str | None) -> Path:
    from trainer.grading.workspace import ensure_copy, workspace_dir

    return ensure_copy(exercise_id, workspace_dir(workspace))


class ExercisesScreen(TrainerScreen):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("c", "check", "Check", id="exercise-check"),
        Binding("o", "open", "Open in $EDITOR", id="exercise-open"),
        Binding("escape,q", "leave", "Home", id="exercises-leave"),
    ]

    def __init__(self) -> None:
        super().__init__(id="exercises-screen")
        self.rows: list[ExerciseRow] = []
        self.verdict: Verdict | None = None
        self.checking: str | None = None
        self.title_width_for = 0

    def compose(self) -> ComposeResult:
        yield Header()
        yield DataTable(id="exercise-list", cursor_type="row", zebra_stripes=True)
        with VerticalScroll(id="exercise-result-box"):
            yield Prose(id="exercise-result")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#exercise-result", Static).update(say(self.trainer.lang, "loading"))
        self.load()

    @work(exclusive=True, group="exercise-list", exit_on_error=False)
    async def load(self) -> None:
        service = self.trainer.service
        if service is None:
            return
        rows = await asyncio.to_thread(exercise_rows, service)
        self.show_rows(rows)

    def relabel(self) -> None:
        if self.rows:
            self.show_rows(self.rows)
        if self.verdict is not None and self.checking is None:
            report = self.verdict.report(color=True, lang=self.trainer.lang)
            self.query_one("#exercise-result", Static).update(Text.from_ansi(report))
        if self.verdict is None and self.checking is None:
            self.query_one("#exercise-result", Static).update(
                say(self.trainer.lang, "exercise_keys")
            )

    def show_rows(self, rows: list[ExerciseRow]) -> None:
        lang = self.trainer.lang
        self.rows = rows
        table = self.query_one("#exercise-list", DataTable)
        row = table.cursor_row
        table.clear(columns=True)
        labels = [say(lang, key) for key in ("exercise", "status", "attempts", "title")]
        statuses = [say(lang, f"status_{item.status}") for item in rows]
        fixed = [
            max([cell_len(labels[0]), *(cell_len(item.id) for item in rows)]),
            max([cell_len(labels[1]), *(cell_len(status) for status in statuses)]),
            max([cell_len(labels[2]), *(len(str(item.attempts)) for item in rows)]),
        ]
        # The title takes what the other columns leave and wraps there, so no word is cut.
        padding = 2 * table.cell_padding
        available = table.size.width or self.app.size.width - 4
        available -= table.styles.scrollbar_size_vertical
        title_width = max(16, available - sum(width + padding for width in fixed) - padding)
        self.title_width_for = table.size.width
        for key, label, width in zip(("id", "status", "attempts"), labels[:3], fixed, strict=True):
            table.add_column(label, key=key, width=width)
        table.add_column(labels[3], key="title", width=title_width)
        for item, shown in zip(rows, statuses, strict=True):
            status = Text(shown, style=STATUS_STYLE[item.status])
            title = Text(text(item.title, lang), overflow="fold")
            table.add_row(item.id, status, item.attempts or "", title, key=item.id, height=None)
        if rows:
            table.move_cursor(row=min(row, len(rows) - 1))
        table.focus()
        if self.verdict is None and self.checking is None:
            self.query_one("#exercise-result", Static).update(say(lang, "exercise_keys"))

    def on_resize(self) -> None:
        table = self.query_one("#exercise-list", DataTable)
        if self.rows and table.size.width != self.title_width_for:
            self.show_rows(self.rows)

    def selected(self) -> str | None:
        if not self.rows:
            return None
        table = self.query_one("#exercise-list", DataTable)
        return self.rows[table.cursor_row].id

    # -- checking ----------------------------------------------------------------------------

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self.action_check()

    def action_check(self) -> None:
        exercise_id = self.selected()
        if exercise_id is None or self.checking is not None:
            return
        self.checking = exercise_id
        self.verdict = None
        result = self.query_one("#exercise-result", Static)
        self.query_one("#exercise-result-box").remove_class("-passed", "-failed")
        result.update(say(self.trainer.lang, "exercise_checking", id=exercise_id))
        self.check(exercise_id)

    @work(thread=True, exclusive=True, group="grader", exit_on_error=False)
    def check(self, exercise_id: str) -> None:
        """Grade the learner's copy (the grader runs the code in its own child process)."""
        from trainer.grading.runner import check_file
        from trainer.study.exercises import record_submission

        try:
            verdict = check_file(exercise_id, learner_copy(exercise_id, self.trainer.workspace))
        except Exception as exc:  # a grader bug or an unwritable workspace: shown, not raised
            self.post_message(Checked(exercise_id, None, str(exc) or type(exc).__name__))
            return
        error: str | None = None
        service = self.trainer.service
        if service is not None:
            try:
                record_submission(service.store, service.user_id, verdict, service.clock())
            except Exception as exc:  # the result matters more than its record
                error = str(exc) or type(exc).__name__
        self.post_message(Checked(exercise_id, verdict, error))

    @on(Checked)
    def show_verdict(self, message: Checked) -> None:
        self.checking = None
        self.verdict = verdict = message.verdict
        result = self.query_one("#exercise-result", Static)
        box = self.query_one("#exercise-result-box")
        if verdict is None:
            result.update(Text(str(message.record_error), style="bold red"))
            box.set_class(True, "-failed")
            return
        report = Text.from_ansi(verdict.report(color=True, lang=self.trainer.lang))
        if message.record_error is not None:
            report.append("\n" + say(self.trainer.lang, "not_recorded", error=message.record_error))
        result.update(report)
        box.set_class(verdict.passed, "-passed")
        box.set_class(not verdict.passed, "-failed")
        self.load()

    # -- editing -----------------------------------------------------------------------------

    def action_open(self) -> None:
        exercise_id = self.selected()
        if exercise_id is None:
            return
        path = learner_copy(exercise_id, self.trainer.workspace)
        editor = os.environ.get("VISUAL") or os.environ.get("EDITOR")
        if not editor:
            self.notify(say(self.trainer.lang, "no_editor", path=path), severity="warning")
            return
        from textual.app import SuspendNotSupported

        try:
            with self.app.suspend():
                subprocess.run([*shlex.split(editor), str(path)], check=False)
        except (SuspendNotSupported, OSError) as exc:
            self.notify(f"{editor}: {exc}", severity="error")

    def action_leave(self) -> None:
        self.dismiss(None)

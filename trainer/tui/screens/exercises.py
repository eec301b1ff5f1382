"""Exercises: each code exercise with its status, and for the one under the cursor its contract,
hints one at a time, and the verdict of its last check.

The status comes from the stored submissions through the report module. A check grades the copy
in the workspace with `trainer.grading` (which runs the learner's code in its own child process)
from a thread worker, records the submission as `trainer exercise check` does, and posts the
verdict back. While the screen is open the learner's copies are watched as `trainer exercise
watch` watches one (`trainer.grading.watch`): a save, or the editor opened with `o` closing,
checks that exercise without a key.
"""

from __future__ import annotations

import asyncio
import os
import shlex
import subprocess
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from rich.cells import cell_len
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import DataTable, Header

from trainer.grading.l10n import text
from trainer.grading.watch import INTERVAL_S, Saves, settled
from trainer.tui.screens.base import TrainerScreen
from trainer.tui.text import say
from trainer.tui.widgets.exercise_detail import ExerciseDetail, contract_text, hint_lines
from trainer.tui.widgets.footer import Footer

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


def workspace(option: str | None) -> Path:
    from trainer.grading.workspace import workspace_dir

    return workspace_dir(option)


def learner_copy(exercise_id: str, option: str | None) -> Path:
    from trainer.grading.workspace import ensure_copy

    return ensure_copy(exercise_id, workspace(option))


def detail_of(exercise_id: str, lang: str, option: str | None) -> tuple[str, str]:
    """The contract as shown and the hints asked for so far (blocking: files, checks built)."""
    from trainer.grading.catalog import load_exercise
    from trainer.grading.contract import contract
    from trainer.grading.workspace import hints_seen

    exercise = load_exercise(exercise_id)
    shown = hints_seen(exercise_id, workspace(option))
    return contract_text(exercise, contract(exercise_id, lang), lang), hint_lines(
        exercise, shown, lang
    )


class ExercisesScreen(TrainerScreen):
    CSS_PATH = "exercises.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("c", "check", "Check", id="exercise-check"),
        Binding("h", "hint", "Next hint", id="exercise-hint"),
        Binding("o", "open", "Open in $EDITOR", id="exercise-open"),
        Binding("escape,q", "leave", "Home", id="exercises-leave"),
    ]

    def __init__(self, poll_s: float = INTERVAL_S) -> None:
        super().__init__(id="exercises-screen")
        self.rows: list[ExerciseRow] = []
        self.verdict: Verdict | None = None  # the latest verdict, of whichever exercise
        self.verdicts: dict[str, tuple[Verdict | None, str | None]] = {}
        self.checking: str | None = None
        self.on_save = False  # whether the running check follows a save
        self.waiting: list[str] = []  # saved while another check ran: checked next
        self.shown: str | None = None  # the exercise in the detail pane
        self.contracts: dict[tuple[str, str], tuple[str, str]] = {}
        self.saves = Saves()
        self.poll_s = poll_s
        self.title_width_for = 0

    def compose(self) -> ComposeResult:
        yield Header()
        yield DataTable(id="exercise-list", cursor_type="row", zebra_stripes=True)
        yield ExerciseDetail()
        yield Footer()

    @property
    def detail(self) -> ExerciseDetail:
        return self.query_one(ExerciseDetail)

    def on_mount(self) -> None:
        self.detail.show_result(say(self.trainer.lang, "loading"))
        self.detail.show_hints("")
        self.load()
        self.set_interval(self.poll_s, self.poll_saves)

    @work(exclusive=True, group="exercise-list", exit_on_error=False)
    async def load(self) -> None:
        service = self.trainer.service
        if service is None:
            return
        rows = await asyncio.to_thread(exercise_rows, service)
        if not self.rows:  # watch every copy, from how it is now (a missing one once it appears)
            folder = workspace(self.trainer.workspace)
            self.saves.track(folder / f"{row.id}.py" for row in rows)
        self.show_rows(rows)

    def relabel(self) -> None:
        if self.rows:
            self.show_rows(self.rows)
        self.show_detail(force=True)

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
        self.show_detail()

    def on_resize(self) -> None:
        table = self.query_one("#exercise-list", DataTable)
        if self.rows and table.size.width != self.title_width_for:
            self.show_rows(self.rows)

    def selected(self) -> str | None:
        if not self.rows:
            return None
        table = self.query_one("#exercise-list", DataTable)
        return self.rows[min(table.cursor_row, len(self.rows) - 1)].id

    def select(self, exercise_id: str) -> None:
        ids = [row.id for row in self.rows]
        if exercise_id in ids:
            self.query_one("#exercise-list", DataTable).move_cursor(row=ids.index(exercise_id))

    # -- the detail pane ---------------------------------------------------------------------

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self.show_detail()

    def show_detail(self, force: bool = False) -> None:
        """The verdict, hints and contract of the exercise under the cursor."""
        exercise_id = self.selected()
        if exercise_id is None or (exercise_id == self.shown and not force):
            return
        self.shown = exercise_id
        self.show_result()
        known = self.contracts.get((exercise_id, self.trainer.lang))
        if known is not None:
            self.detail.show_contract(known[0])
            self.detail.show_hints(known[1])
            return
        lang = self.trainer.lang
        self.detail.show_hints("")
        self.detail.show_contract(say(lang, "exercise_contract_loading", id=exercise_id))
        self.read_detail(exercise_id, lang)

    def show_result(self) -> None:
        lang = self.trainer.lang
        exercise_id = self.shown
        if exercise_id is not None and exercise_id == self.checking:
            key = "exercise_saved" if self.on_save else "exercise_checking"
            self.detail.show_result(say(lang, key, id=exercise_id))
            return
        verdict, note = self.verdicts.get(exercise_id or "", (None, None))
        if verdict is not None:
            error = say(lang, "not_recorded", error=note) if note else None
            self.detail.show_verdict(verdict, lang, error)
        elif note is not None:  # the grader itself failed
            self.detail.show_result(Text(note, style="bold red"), False)
        else:
            self.detail.show_result(say(lang, "exercise_keys"))

    @work(exclusive=True, group="exercise-detail", exit_on_error=False)
    async def read_detail(self, exercise_id: str, lang: str) -> None:
        try:
            found = await asyncio.to_thread(detail_of, exercise_id, lang, self.trainer.workspace)
        except Exception as exc:  # an unreadable stub or workspace: said in the pane
            found = (str(exc) or type(exc).__name__, "")
        self.contracts[exercise_id, lang] = found
        if self.shown == exercise_id and self.trainer.lang == lang:
            self.detail.show_contract(found[0])
            self.detail.show_hints(found[1])

    def action_hint(self) -> None:
        """Reveal the next hint of the exercise under the cursor (remembered in the workspace,
        as `trainer exercise hint` remembers it)."""
        from trainer.grading.catalog import load_exercise
        from trainer.grading.workspace import hints_seen, set_hints_seen

        exercise_id = self.selected()
        if exercise_id is None:
            return
        lang = self.trainer.lang
        exercise = load_exercise(exercise_id)
        total = len(exercise.hints)
        folder = workspace(self.trainer.workspace)
        if total == 0:
            self.notify(say(lang, "exercise_no_hints"))
            return
        seen = hints_seen(exercise_id, folder)
        if seen >= total:
            self.notify(say(lang, "exercise_hints_done", total=total))
        shown = min(seen + 1, total)
        set_hints_seen(exercise_id, folder, shown)
        lines = hint_lines(exercise, shown, lang)
        for key, (contract, _) in list(self.contracts.items()):
            if key[0] == exercise_id:
                self.contracts[key] = (contract, hint_lines(exercise, shown, key[1]))
        self.detail.show_hints(lines)
        self.detail.scroll_home(animate=False)

    # -- checking ----------------------------------------------------------------------------

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self.action_check()

    def action_check(self) -> None:
        exercise_id = self.selected()
        if exercise_id is None or self.checking is not None:
            return
        self.start_check(exercise_id, settle=False)

    def start_check(self, exercise_id: str, settle: bool) -> None:
        try:  # the copy exists before the check, so that making it is not taken for a save
            path = learner_copy(exercise_id, self.trainer.workspace)
        except OSError as exc:
            self.notify(str(exc), severity="error")
            return
        self.saves.mark(path)
        self.checking = exercise_id
        self.on_save = settle
        self.verdicts.pop(exercise_id, None)
        if exercise_id == self.shown:
            self.show_result()
        self.check(exercise_id, path, settle)

    @work(thread=True, exclusive=True, group="grader", exit_on_error=False)
    def check(self, exercise_id: str, path: Path, settle: bool) -> None:
        """Grade the learner's copy (the grader runs the code in its own child process)."""
        from trainer.grading.runner import check_file
        from trainer.study.exercises import record_submission

        if settle:  # a save was just seen: let the editor finish writing
            settled(path, threading.Event())
        try:
            verdict = check_file(exercise_id, path)
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
        self.verdict = message.verdict
        self.verdicts[message.exercise_id] = (message.verdict, message.record_error)
        if message.exercise_id == self.shown:
            self.show_result()
        self.load()
        self.check_waiting()

    # -- watching ----------------------------------------------------------------------------

    def poll_saves(self) -> None:
        """Queue every saved copy for a check (a stat per copy: cheap enough for the UI); one
        saved while it is being checked is checked again after."""
        for path in self.saves.saved():
            if path.stem not in self.waiting:
                self.waiting.append(path.stem)
        self.check_waiting()

    def check_waiting(self) -> None:
        if self.checking is not None or not self.waiting:
            return
        exercise_id = self.waiting.pop(0)
        self.select(exercise_id)
        self.start_check(exercise_id, settle=True)

    # -- editing -----------------------------------------------------------------------------

    def action_open(self) -> None:
        exercise_id = self.selected()
        if exercise_id is None:
            return
        path = learner_copy(exercise_id, self.trainer.workspace)
        self.saves.mark(path)  # making the copy is not a save
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
            return
        # The editor closed: check what it left (a check already running is followed by this one).
        if exercise_id not in self.waiting:
            self.waiting.append(exercise_id)
        self.saves.mark(path)
        self.check_waiting()

    def action_leave(self) -> None:
        self.dismiss(None)

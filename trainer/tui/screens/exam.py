"""Mock exam: a set-up dialog, the timed exam (no feedback until the end) and its results.

The exam logic is `trainer.study.exam.ExamSession`, shared with `trainer exam --plain`; this
screen only draws it and forwards keys. States: `ready` (the rules; the time starts on Enter),
`asking`, `saving` (an answer is being checked and recorded), `next` (the next item is being
drawn), `finishing` (marking and saving) and `done` (the results).

Skipped items come back after the last one (the session's next pass): the first of them says
"back to the N questions you skipped" above the question, and the status line says "revisit"
while they are asked.
"""

from __future__ import annotations

import asyncio
import contextlib
from typing import TYPE_CHECKING, ClassVar

from rich.table import Table
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Header, Input, ProgressBar, Select, Static

from trainer.study.options import (
    DEFAULT_EXAM_MINUTES,
    DEFAULT_EXAM_QUESTIONS,
    FRAMEWORKS,
    ExamOptions,
)
from trainer.tui.screens.base import TrainerScreen
from trainer.tui.text import say
from trainer.tui.widgets.choices import ChoiceList
from trainer.tui.widgets.footer import Footer
from trainer.tui.widgets.plain import Prose, plain

if TYPE_CHECKING:
    from textual.timer import Timer

    from trainer.reports.exam import ExamPick
    from trainer.study.exam import ExamQuestion, ExamResult, ExamSession

DIGITS = "123456789"
TICK_S = 1.0  # the countdown is redrawn (and the time limit checked) once a second
LOW_TIME_S = 5 * 60  # the countdown turns to a warning colour


def picked_labels(answer: str | None, count: int) -> frozenset[int]:
    """The choice labels in an answer, read as the checker read them (`1 3`, `(1)(３)`, ...);
    none for no answer or one that is not choice labels."""
    from trainer.bank.checking import parse_labels
    from trainer.bank.errors import AnswerError

    if not answer:
        return frozenset()
    try:
        return parse_labels(answer, count)
    except AnswerError:
        return frozenset()


def clock_text(seconds: float) -> str:
    """`1:59:58`, `4:05`, `0:00`: whole seconds left, rounded up."""
    whole = max(0, int(-(-seconds // 1)))
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


class ExamSetupScreen(ModalScreen[ExamOptions | None]):
    """How many questions and minutes (100 / 120, as the real exam); Enter starts, Esc cancels."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="exam-setup-cancel")
    ]

    def __init__(self, lang: str) -> None:
        super().__init__(id="exam-setup")
        self.lang = lang

    def compose(self) -> ComposeResult:
        with Vertical(id="exam-setup-box"):
            yield Static(say(self.lang, "exam_setup_title"), id="exam-setup-title")
            with Horizontal(classes="exam-setup-row"):
                yield Static(say(self.lang, "exam_questions"), classes="exam-setup-label")
                yield Input(
                    str(DEFAULT_EXAM_QUESTIONS), type="integer", id="exam-questions", max_length=4
                )
            with Horizontal(classes="exam-setup-row"):
                yield Static(say(self.lang, "exam_minutes"), classes="exam-setup-label")
                yield Input(
                    str(DEFAULT_EXAM_MINUTES), type="integer", id="exam-minutes", max_length=4
                )
            with Horizontal(classes="exam-setup-row"):  # chosen at the start, as on the exam
                yield Static(say(self.lang, "exam_framework"), classes="exam-setup-label")
                yield Select(
                    [(say(self.lang, f"framework_{f}"), f) for f in FRAMEWORKS],
                    value=FRAMEWORKS[0],
                    allow_blank=False,
                    id="exam-framework",
                )
            yield Prose(say(self.lang, "exam_setup_hint"), id="exam-setup-hint")

    @on(Input.Submitted)
    def submitted(self) -> None:
        values = [
            self.query_one(f"#exam-{name}", Input).value.strip()
            for name in ("questions", "minutes")
        ]
        framework = self.query_one("#exam-framework", Select).value
        if all(v.isdigit() and int(v) > 0 for v in values):
            self.dismiss(
                ExamOptions(
                    questions=int(values[0]),
                    minutes=int(values[1]),
                    framework=str(framework),
                )
            )
        else:
            self.query_one("#exam-setup-hint", Static).add_class("-error")

    def action_cancel(self) -> None:
        self.dismiss(None)


class ConfirmFinishScreen(ModalScreen[bool]):
    """Finish the exam now? What was answered is scored and saved, the rest counts as wrong."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y,enter", "answer(True)", "Finish", id="exam-confirm-yes"),
        Binding("n,escape", "answer(False)", "Continue", id="exam-confirm-no"),
    ]

    def __init__(self, lang: str) -> None:
        super().__init__(id="exam-confirm")
        self.lang = lang

    def compose(self) -> ComposeResult:
        with Vertical(id="exam-confirm-box"):
            yield Prose(say(self.lang, "exam_confirm"), id="exam-confirm-text")
            yield Prose(say(self.lang, "exam_confirm_keys"), id="exam-confirm-keys")

    def action_answer(self, finish: bool) -> None:
        self.dismiss(finish)


class ExamScreen(TrainerScreen):
    BINDINGS: ClassVar[list[BindingType]] = [
        *(Binding(d, f"digit({d})", d, show=False, id=f"exam-digit-{d}") for d in DIGITS),
        Binding("enter", "start", "Start", id="exam-start"),
        Binding("enter", "submit", "Answer", id="exam-submit"),
        Binding("enter", "close", "Home", id="exam-close"),
        Binding("ctrl+n", "skip", "Skip", id="exam-skip"),
        Binding("escape", "finish_early", "Finish", id="exam-finish"),
        Binding("escape", "close", "Home", id="exam-home"),
    ]
    ACTIVE: ClassVar[dict[str, tuple[str, ...]]] = {  # the states in which each action is offered
        "start": ("ready",),
        "submit": ("asking",),
        "digit": ("asking",),
        "skip": ("asking",),
        "finish_early": ("asking", "saving"),
        "close": ("ready", "done"),
    }

    def __init__(self, picks: list[ExamPick], *, minutes: int, seed: int) -> None:
        super().__init__(id="exam")
        self.picks = picks
        self.minutes = minutes
        self.seed = seed
        self.state = "ready"
        self.session: ExamSession | None = None
        self.question: ExamQuestion | None = None
        self.result: ExamResult | None = None
        self.failure: str | None = None  # the attempt could not be saved
        self.timer: Timer | None = None
        self.left_at_end: float | None = None  # the countdown stops when the exam ends
        self.saving = asyncio.Lock()  # the end of the exam and quitting may both save it

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="exam-status"):
            yield Static(id="exam-count")
            yield ProgressBar(
                total=max(1, len(self.picks)),
                show_eta=False,
                show_percentage=False,
                id="exam-progress",
            )
            yield Static(id="exam-clock")
        with VerticalScroll(id="exam-body"):
            yield Prose(id="exam-meta")
            yield Prose(id="exam-prompt")
            yield ChoiceList(id="exam-choices")
            yield Input(id="exam-answer")
            yield Prose(id="exam-error")
            yield Static(id="exam-areas")
            yield Prose(id="exam-missed")
            yield Prose(id="exam-hint")
        yield Footer()

    def on_mount(self) -> None:
        answer = self.query_one("#exam-answer", Input)
        answer.cursor_blink = self.trainer.cursor_blink
        answer.display = False
        for name in ("#exam-choices", "#exam-error", "#exam-areas", "#exam-missed"):
            self.query_one(name).display = False
        self.relabel()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        states = self.ACTIVE.get(action)
        return states is None or self.state in states

    def set_state(self, state: str) -> None:
        self.state = state
        self.refresh_bindings()

    # -- drawing -----------------------------------------------------------------------------

    def relabel(self) -> None:
        """Draw every text in the current language."""
        lang = self.trainer.lang
        self.draw_status()
        meta = self.query_one("#exam-meta", Static)
        prompt = self.query_one("#exam-prompt", Static)
        hint = self.query_one("#exam-hint", Static)
        if self.state == "ready":
            meta.display = False
            prompt.update(
                say(lang, "exam_intro", n=len(self.picks), m=self.minutes, seed=self.seed)
                if self.picks
                else say(lang, "exam_empty")
            )
            hint.update(say(lang, "exam_start" if self.picks else "done_keys"))
            return
        if self.state in ("finishing", "done"):
            self.draw_result()
            return
        question = self.question
        assert question is not None
        from trainer.reports.exam import area_name

        variant = question.variant
        meta.display = True
        where = plain(f"{area_name(question.area, lang)} · {question.question_id}", "dim")
        if question.opens_pass:  # said once, with the first of the skipped items
            n = question.pass_length
            notice = Text(say(lang, "exam_back_one" if n == 1 else "exam_back", n=n), "bold")
            where = Text.assemble(notice, "\n", where)
        meta.update(where)
        prompt.update(plain(variant.prompt.get(lang)))
        if variant.kind == "choice":
            self.query_one("#exam-choices", ChoiceList).relabel(
                [c.text.get(lang) for c in variant.choices]
            )
            key = "exam_hint_multiple" if variant.multiple else "exam_hint_choice"
        else:
            self.query_one("#exam-answer", Input).placeholder = say(
                lang, f"placeholder_{variant.kind}"
            )
            key = "exam_hint_typed"
        hint.update(say(lang, "saving") if self.state == "saving" else say(lang, key))

    def draw_status(self) -> None:
        lang = self.trainer.lang
        session = self.session
        total = len(self.picks)
        position = session.position if session is not None else 0
        answered = session.answered if session is not None else 0
        count = say(lang, "exam_count", k=min(position + 1, max(total, 1)), n=total, a=answered)
        if session is not None and session.revisit and self.state not in ("finishing", "done"):
            count += " · " + say(lang, "exam_revisit")
        self.query_one("#exam-count", Static).update(count)
        progress = session.progress if session is not None else 0
        self.query_one("#exam-progress", ProgressBar).update(progress=progress)
        left = session.time_left() if session is not None else 60.0 * self.minutes
        if self.left_at_end is not None:
            left = self.left_at_end
        clock = self.query_one("#exam-clock", Static)
        clock.update(say(lang, "exam_left", left=clock_text(left)))
        clock.set_class(left <= LOW_TIME_S, "-low")

    def draw_result(self) -> None:
        lang = self.trainer.lang
        meta = self.query_one("#exam-meta", Static)
        prompt = self.query_one("#exam-prompt", Static)
        hint = self.query_one("#exam-hint", Static)
        areas = self.query_one("#exam-areas", Static)
        missed = self.query_one("#exam-missed", Static)
        result = self.result
        if result is None:
            meta.display = False
            prompt.update(self.failure or say(lang, "exam_finishing"))
            prompt.set_class(self.failure is not None, "-error")
            hint.update(say(lang, "done_keys") if self.failure else "")
            return
        score = result.score
        share = f"{100 * score.share:.0f}%" if score.questions else "-"
        meta.update(say(lang, "exam_time_up") if result.time_up else "")
        meta.display = result.time_up
        summary = Text(
            say(
                lang,
                "exam_result",
                k=score.correct,
                n=score.questions,
                a=score.answered,
                pct=share,
            ),
            style="bold",
        )
        summary.append("\n" + say(lang, "exam_saved", id=result.attempt_id), style="dim")
        prompt.update(summary)
        areas.update(self.area_table(result))
        areas.display = True
        missed.update(self.missed_text(result))
        missed.display = True
        hint.update(say(lang, "exam_done_keys"))

    def area_table(self, result: ExamResult) -> Table:
        from trainer.reports.exam import area_name
        from trainer.tui.screens.progress import bar

        lang = self.trainer.lang
        table = Table(box=None, padding=(0, 1), show_edge=False, header_style="bold")
        table.add_column(say(lang, "exam_area"), no_wrap=True)
        table.add_column(say(lang, "exam_correct"), justify="right", no_wrap=True)
        table.add_column(say(lang, "exam_share"), no_wrap=True)
        for area in result.score.areas:
            table.add_row(
                area_name(area.area, lang), f"{area.correct}/{area.questions}", bar(area.share)
            )
        return table

    def missed_text(self, result: ExamResult) -> Text:
        from trainer.reports.exam import area_name

        lang = self.trainer.lang
        text = Text()
        if not result.missed:
            text.append(say(lang, "exam_all_right"), style="bold green")
            return text
        text.append(say(lang, "exam_missed", n=len(result.missed)) + "\n", style="bold")
        for item in result.missed:
            variant = item.variant
            text.append(f"\n{item.index}. {item.question_id}", style="bold")
            text.append(f" · {area_name(item.area, lang)}\n", style="dim")
            text.append(variant.prompt.get(lang).rstrip() + "\n")
            picked = picked_labels(item.answer, len(variant.choices))
            for choice in variant.choices:  # ○ the right ones, × a wrong pick
                mark = "○" if choice.correct else "×" if choice.label in picked else " "
                style = "green" if choice.correct else "red" if mark == "×" else "dim"
                text.append(f" {mark} {choice.label}. {choice.text.get(lang)}\n", style=style)
            text.append(f"  {say(lang, 'your_answer')}: ", style="bold")
            if item.answer is None:
                text.append(say(lang, "exam_unanswered") + "\n", style="italic")
            else:
                text.append(item.answer + "\n", style="red")
                from trainer.bank.checking import why_wrong

                why = why_wrong(variant, item.answer)  # the pick's reason, the false statement
                if why is not None:
                    text.append(f"  {why.get(lang)}\n")
            text.append(f"  {say(lang, 'expected')}: ", style="bold")
            text.append(item.expected + "\n", style="green")
            text.append(f"  {say(lang, 'explanation')}: ", style="bold")
            text.append(variant.explanation.get(lang).rstrip() + "\n")
        return text

    async def show_question(self) -> None:
        session = self.session
        assert session is not None
        self.question = session.present()
        assert self.question is not None
        variant = self.question.variant
        answer = self.query_one("#exam-answer", Input)
        choices = self.query_one("#exam-choices", ChoiceList)
        self.query_one("#exam-error").display = False
        is_choice = variant.kind == "choice"
        choices.display = is_choice
        await choices.set_choices([c.text.get(self.trainer.lang) for c in variant.choices])
        answer.display = not is_choice
        answer.disabled = is_choice
        answer.value = ""
        self.set_state("asking")
        if is_choice:
            self.set_focus(None)
        else:
            answer.focus()
        self.relabel()
        self.query_one("#exam-body", VerticalScroll).scroll_home(animate=False)

    # -- the clock ---------------------------------------------------------------------------

    def tick(self) -> None:
        """Redraw the countdown; once the time is up, end the exam (what was answered counts)."""
        session = self.session
        if session is None or self.state in ("finishing", "done"):
            return
        self.draw_status()
        if session.expired and self.state == "asking":
            self.close_dialogs()
            self.finish()
        # while `saving`, the answer's worker looks at the clock when it is done

    def close_dialogs(self) -> None:
        """Take down a confirmation or help dialog shown over the exam."""
        while self.app.screen is not self and self in self.app.screen_stack:
            self.app.pop_screen()

    # -- actions -----------------------------------------------------------------------------

    async def action_start(self) -> None:
        if not self.picks:
            await self.action_close()
            return
        service = self.trainer.service
        assert service is not None
        self.session = service.exam(
            self.picks, minutes=self.minutes, seed=self.seed, monotonic=self.trainer.monotonic
        )
        self.timer = self.set_interval(TICK_S, self.tick)
        await self.show_question()

    def action_digit(self, digit: str) -> None:
        question = self.question
        if question is not None and question.variant.kind == "choice":
            self.query_one("#exam-choices", ChoiceList).toggle(
                int(digit), multiple=question.variant.multiple
            )

    def action_submit(self) -> None:
        """Enter with no text field focused: the picked choices, or a skip if none is picked."""
        question = self.question
        if question is None or question.variant.kind != "choice":
            return
        chosen = self.query_one("#exam-choices", ChoiceList).selected
        if chosen:
            self.submit(",".join(str(n) for n in sorted(chosen)))
        else:
            self.action_skip()

    @on(Input.Submitted, "#exam-answer")
    def typed(self, event: Input.Submitted) -> None:
        if self.state != "asking":
            return
        if event.value.strip():
            self.submit(event.value)
        else:
            self.action_skip()

    @on(Input.Changed, "#exam-answer")
    def clear_error(self) -> None:
        self.query_one("#exam-error").display = False

    def action_skip(self) -> None:
        from trainer.study.exam import ExamOver

        if self.state != "asking" or self.session is None:
            return
        try:
            self.session.skip()
        except ExamOver:  # the time was up before the tick noticed: end the exam now
            self.close_dialogs()
            self.finish()
            return
        self.next_or_finish()

    def submit(self, text: str) -> None:
        self.set_state("saving")
        self.query_one("#exam-hint", Static).update(say(self.trainer.lang, "saving"))
        self._submit(text)

    @work(exclusive=True, group="exam-answer", exit_on_error=False)
    async def _submit(self, text: str) -> None:
        from trainer.bank.errors import AnswerError
        from trainer.study.exam import ExamOver

        assert self.session is not None
        try:
            await asyncio.to_thread(self.session.answer, text)
        except AnswerError as exc:  # unreadable: nothing recorded, type it again
            if self.state != "saving":  # finished meanwhile (Esc, the time, quitting)
                return
            self.set_state("asking")
            error = self.query_one("#exam-error", Static)
            error.update(plain(exc.get(self.trainer.lang)))
            error.display = True
            self.relabel()
            return
        except ExamOver:  # typed after the time was up: it does not count
            self.close_dialogs()
            self.finish()
            return
        if self.state == "saving":
            self.next_or_finish()

    def next_or_finish(self) -> None:
        session = self.session
        assert session is not None
        if session.done or session.expired:
            self.close_dialogs()
            self.finish()
        else:
            self.set_state("next")  # no key acts until the next question is drawn
            self._next()

    @work(exclusive=True, group="exam-next", exit_on_error=False)
    async def _next(self) -> None:
        if self.state != "next":
            return
        with self.app.batch_update():
            await self.show_question()

    def action_finish_early(self) -> None:
        def confirmed(finish: bool | None) -> None:
            if finish and self.state in ("asking", "saving"):
                self.finish()

        self.app.push_screen(ConfirmFinishScreen(self.trainer.lang), confirmed)

    def finish(self) -> None:
        if self.state in ("finishing", "done"):
            return
        self.set_state("finishing")
        if self.timer is not None:
            self.timer.stop()
        if self.session is not None:
            self.left_at_end = max(0.0, self.session.time_left())
        answer = self.query_one("#exam-answer", Input)
        answer.display = False
        answer.disabled = True
        self.query_one("#exam-choices").display = False
        self.query_one("#exam-error").display = False
        self.set_focus(None)
        self.relabel()
        self._finish()

    @work(exclusive=True, group="exam-finish", exit_on_error=False)
    async def _finish(self) -> None:
        await self.save_attempt()
        self.set_state("done")
        with self.app.batch_update():
            self.relabel()
            body = self.query_one("#exam-body", VerticalScroll)
            body.scroll_home(animate=False)
            body.focus()

    async def save_attempt(self) -> None:
        """Score and save the attempt once (waits for an answer being recorded first)."""
        from textual.worker import WorkerCancelled, WorkerFailed

        for worker in self.workers:
            if worker.group == "exam-answer":
                with contextlib.suppress(WorkerCancelled, WorkerFailed):
                    await worker.wait()
        session = self.session
        async with self.saving:
            if session is None or self.result is not None or self.failure is not None:
                return
            try:
                self.result = await asyncio.to_thread(session.finish)
            except Exception as exc:  # a database error: shown; the answers are already reviews
                self.failure = say(
                    self.trainer.lang, "exam_not_saved", error=str(exc) or type(exc).__name__
                )

    async def save_on_quit(self) -> None:
        """The app is quitting: an exam under way is finished and saved, as Esc would."""
        if self.state in ("asking", "saving", "next", "finishing"):
            await self.save_attempt()

    async def action_close(self) -> None:
        if self.timer is not None:
            self.timer.stop()
        self.dismiss(None)
        self.trainer.session_ended()

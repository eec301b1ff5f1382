"""Review: one question at a time, feedback, then the FSRS rating; every answer saved at once."""

from __future__ import annotations

import asyncio
import time
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Footer, Header, Input, ProgressBar, Static

from trainer.tui.screens.base import TrainerScreen
from trainer.tui.text import say
from trainer.tui.widgets.choices import ChoiceList
from trainer.tui.widgets.plain import plain
from trainer.tui.widgets.rating_bar import RatingBar

if TYPE_CHECKING:
    from textual.timer import Timer

    from trainer.study.session import Feedback, Presented, StudySession

DIGITS = "123456789"
SAVING_NOTICE_S = 0.15


class ReviewScreen(TrainerScreen):
    """States: `asking` (typing or picking), `checking`, `rating` (feedback shown), `done`."""

    BINDINGS: ClassVar[list[BindingType]] = [
        *(Binding(d, f"digit({d})", d, show=False, id=f"digit-{d}") for d in DIGITS),
        Binding("enter", "enter", "Answer / Good", id="review-enter"),
        Binding("escape", "leave", "Home", id="review-leave"),
    ]

    def __init__(self, session: StudySession) -> None:
        super().__init__(id="review")
        self.session = session
        self.state = "asking"
        self.presented: Presented | None = None
        self.feedback: Feedback | None = None
        self.key_time = 0.0
        self.saving_notice: Timer | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="progress-row"):
            yield ProgressBar(
                total=max(1, self.session.total),
                show_eta=False,
                show_percentage=False,
                id="progress",
            )
            yield Static(id="count")
        with VerticalScroll(id="body"):
            yield Static(id="meta")
            yield Static(id="prompt")
            yield ChoiceList(id="choices")
            yield Input(id="answer")
            yield Static(id="parsed")
            yield Static(id="error")
            yield Static(id="feedback")
            yield RatingBar(id="ratings")
            yield Static(id="hint")
        yield Footer()

    async def on_mount(self) -> None:
        self.query_one("#answer", Input).cursor_blink = self.trainer.cursor_blink
        await self.show_question()

    # -- drawing -----------------------------------------------------------------------------

    async def show_question(self) -> None:
        self.presented = self.session.present()
        self.feedback = None
        answer = self.query_one("#answer", Input)
        progress = self.query_one("#progress", ProgressBar)
        progress.update(total=max(1, self.session.total), progress=self.session.position)
        for name in ("#feedback", "#ratings", "#error", "#parsed"):
            self.query_one(name).display = False
        if self.presented is None:
            self.state = "done"
            self.query_one("#prompt").display = True
            self.query_one("#choices").display = False
            answer.display = False
            self.set_focus(None)
            self.relabel()
            return
        self.state = "asking"
        variant = self.presented.variant
        choices = self.query_one("#choices", ChoiceList)
        is_choice = variant.kind == "choice"
        choices.display = is_choice
        await choices.set_choices([c.text.get(self.trainer.lang) for c in variant.choices])
        answer.display = not is_choice
        answer.disabled = is_choice
        answer.value = ""
        if is_choice:
            self.set_focus(None)
        else:
            answer.focus()
        self.relabel()
        self.query_one("#body", VerticalScroll).scroll_home(animate=False)

    def relabel(self) -> None:
        """Draw every text in the current language."""
        lang = self.trainer.lang
        session = self.session
        count = self.query_one("#count", Static)
        count.update(f"{min(session.position + 1, session.total)}/{session.total}")
        meta = self.query_one("#meta", Static)
        prompt = self.query_one("#prompt", Static)
        hint = self.query_one("#hint", Static)
        if self.state == "done":
            tally = session.tally
            pct = f"{100 * tally.correct / tally.answered:.0f}%" if tally.answered else "-"
            meta.update("")
            lines = [say(lang, "done", n=tally.answered, k=tally.correct, pct=pct)]
            if not session.total:
                lines = [say(lang, "nothing")]
            if tally.leeches:
                lines.append(say(lang, "leech", ids=", ".join(tally.leeches)))
            prompt.update("\n".join(lines))
            hint.update(say(lang, "done_keys"))
            return
        presented = self.presented
        assert presented is not None
        variant = presented.variant
        kind = say(lang, "new") if presented.is_new else say(lang, "review")
        meta.update(plain(f"{presented.topic} · {kind} · {presented.question_id}", "dim"))
        prompt.update(plain(variant.prompt.get(lang)))
        if variant.kind == "choice":
            self.query_one("#choices", ChoiceList).relabel(
                [c.text.get(lang) for c in variant.choices]
            )
        answer = self.query_one("#answer", Input)
        answer.placeholder = (
            say(lang, f"placeholder_{variant.kind}") if variant.kind != "choice" else ""
        )
        if self.state == "rating" and self.feedback is not None:
            self.draw_feedback(self.feedback)
        elif variant.kind == "choice":
            hint.update(say(lang, "answer_multiple" if variant.multiple else "answer_choice"))
        else:
            hint.update("")

    def draw_feedback(self, feedback: Feedback) -> None:
        lang = self.trainer.lang
        text = Text()
        verdict = say(lang, "right" if feedback.correct else "wrong")
        text.append(verdict, style="bold green" if feedback.correct else "bold red")
        text.append("  " + feedback.message.get(lang) + "\n")
        text.append(f"{say(lang, 'expected')}: ", style="bold")
        text.append(feedback.expected + "\n")
        text.append(f"{say(lang, 'explanation')}: ", style="bold")
        text.append(feedback.explanation.get(lang) + "\n")
        text.append(f"{say(lang, 'source')}: ", style="bold")
        text.append(feedback.source.get(lang), style="dim")
        box = self.query_one("#feedback", Static)
        box.update(text)
        box.set_class(feedback.correct, "-right")
        box.set_class(not feedback.correct, "-wrong")
        box.display = True
        ratings = self.query_one("#ratings", RatingBar)
        ratings.show(feedback.intervals, feedback.allowed, lang)
        ratings.display = True
        self.query_one("#hint", Static).update(
            say(lang, "rate_right" if feedback.correct else "rate_wrong")
        )

    # -- typing ------------------------------------------------------------------------------

    @on(Input.Changed, "#answer")
    def preview(self, event: Input.Changed) -> None:
        from trainer.study.preview import parsed_as

        parsed = self.query_one("#parsed", Static)
        self.query_one("#error", Static).display = False
        presented = self.presented
        if presented is None or presented.variant.kind not in ("numeric", "expression"):
            parsed.display = False
            return
        ok, message = parsed_as(event.value, presented.variant.kind, presented.variant.symbols)
        parsed.display = bool(message)
        label = say(self.trainer.lang, "parsed_as")
        parsed.update(plain(f"{label}: {message}" if ok else message))
        parsed.set_class(not ok, "-error")

    @on(Input.Submitted, "#answer")
    def submitted(self, event: Input.Submitted) -> None:
        if self.state == "asking" and event.value.strip():
            self.check(event.value)

    # -- actions -----------------------------------------------------------------------------

    def action_digit(self, digit: str) -> None:
        value = int(digit)
        presented = self.presented
        if self.state == "asking" and presented is not None and presented.variant.kind == "choice":
            self.query_one("#choices", ChoiceList).toggle(
                value, multiple=presented.variant.multiple
            )
        elif (
            self.state == "rating" and self.feedback is not None and value in self.feedback.allowed
        ):
            self.key_time = time.perf_counter()
            self.rate(value)

    async def action_enter(self) -> None:
        if self.state == "asking" and self.presented is not None:
            if self.presented.variant.kind == "choice":
                chosen = self.query_one("#choices", ChoiceList).selected
                if chosen:
                    self.check(",".join(str(n) for n in sorted(chosen)))
        elif self.state == "rating":
            self.key_time = time.perf_counter()
            self.rate(None)
        elif self.state == "done":
            await self.action_leave()

    def check(self, text: str) -> None:
        self.state = "checking"
        self.query_one("#hint", Static).update(say(self.trainer.lang, "checking"))
        self._check(text)

    @work(exclusive=True, group="check", exit_on_error=False)
    async def _check(self, text: str) -> None:
        from trainer.bank.errors import AnswerError

        try:
            feedback = await asyncio.to_thread(self.session.check, text)
        except AnswerError as exc:
            self.state = "asking"
            error = self.query_one("#error", Static)
            error.update(plain(str(exc)))
            error.display = True
            self.query_one("#hint", Static).update("")
            return
        self.feedback = feedback
        self.state = "rating"
        answer = self.query_one("#answer", Input)
        answer.disabled = True
        self.set_focus(None)
        self.draw_feedback(feedback)
        self.query_one("#body", VerticalScroll).scroll_end(animate=False)

    def rate(self, rating: int | None) -> None:
        self.state = "saving"
        # "saving…" only if the commit is slow: a frame drawn now would delay the next question
        # by a whole frame period (Textual paints at most once per 1/60 s).
        self.saving_notice = self.set_timer(SAVING_NOTICE_S, self.show_saving)
        self._save(rating)

    def show_saving(self) -> None:
        if self.state == "saving":
            self.query_one("#hint", Static).update(say(self.trainer.lang, "saving"))

    @work(exclusive=True, group="save", exit_on_error=False)
    async def _save(self, rating: int | None) -> None:
        try:
            await asyncio.to_thread(self.session.record, rating)
        finally:
            if self.saving_notice is not None:
                self.saving_notice.stop()
                self.saving_notice = None
        with self.app.batch_update():  # one frame for the whole question, not one per await
            await self.show_question()
        self.trainer.mark_drawn(self.key_time)

    async def save_pending(self) -> None:
        """Record a checked but unrated answer with the default rating (used when leaving)."""
        for worker in self.workers:
            if worker.group == "save":
                await worker.wait()
        if self.session.pending:
            await asyncio.to_thread(self.session.record, None)

    async def action_leave(self) -> None:
        await self.save_pending()
        self.dismiss(None)
        self.trainer.session_ended()

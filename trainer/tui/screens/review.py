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
from textual.widgets import Header, Input, ProgressBar, Static

from trainer.tui.screens.base import TrainerScreen
from trainer.tui.text import say
from trainer.tui.widgets.choices import ChoiceList
from trainer.tui.widgets.footer import Footer
from trainer.tui.widgets.plain import Prose, plain
from trainer.tui.widgets.rating_bar import RatingBar

if TYPE_CHECKING:
    from collections.abc import Sequence

    from sqlalchemy.exc import DBAPIError
    from textual.timer import Timer

    from trainer.bank.errors import AnswerError
    from trainer.bank.schema import Localized
    from trainer.store.errors import StoreError
    from trainer.study.session import Feedback, Presented, StudySession

DIGITS = "123456789"
SAVING_NOTICE_S = 0.15


class ReviewScreen(TrainerScreen):
    """States: `asking` (typing or picking), `checking`, `rating` (feedback shown), `done`."""

    BINDINGS: ClassVar[list[BindingType]] = [
        *(Binding(d, f"digit({d})", d, show=False, id=f"digit-{d}") for d in DIGITS),
        Binding("enter", "enter", "Answer / Good", id="review-enter"),
        # Early in the list: at 80 columns the footer has room for the first few keys only.
        Binding("pageup", "scroll_body(-1)", "Scroll", id="review-page-up"),
        Binding("escape", "leave", "Home", id="review-leave"),
        Binding("ctrl+g", "dont_know", "I don't know", id="review-dont-know"),
        Binding("o,ctrl+o", "override", "I was right", id="review-override"),
        Binding("ctrl+z", "undo", "Undo", id="review-undo"),
        Binding("ctrl+b", "set_aside('bury')", "Bury", id="review-bury"),
        Binding("ctrl+s", "set_aside('suspend')", "Suspend", id="review-suspend"),
        Binding("ctrl+f", "flag", "Flag", id="review-flag"),
        Binding("pagedown", "scroll_body(1)", "Scroll", id="review-page-down", show=False),
    ]

    def __init__(self, session: StudySession, notes: Sequence[Localized] = ()) -> None:
        super().__init__(id="review")
        self.session = session
        self.limit_notes = list(notes)  # what daily limits or the session size held back
        self.state = "asking"
        self.presented: Presented | None = None
        self.feedback: Feedback | None = None
        self.key_time = 0.0
        self.saving_notice: Timer | None = None
        self.notice = ""  # one line about the last undo, bury, suspend or flag
        self.answer_error: AnswerError | None = None  # why the last answer could not be read

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Show each key in the footer only where it does something (None: shown dimmed)."""
        # While checking or saving the footer keeps the keys of the state before: a footer
        # rebuild in the middle of a key press would delay the next question.
        # The same keys are always shown, dimmed where they do nothing now: the footer then
        # only dims and undims them, instead of being rebuilt twice per question.
        state = self.keys_state
        if action == "dont_know":
            return True if state == "asking" else None
        if action == "override":
            feedback = self.feedback
            can = state == "rating" and feedback is not None and feedback.can_override
            return True if can else None
        if action == "undo":
            return True if self.session.can_undo else None
        if action in ("set_aside", "flag"):
            return True if state in ("asking", "rating") else None
        return True

    @property
    def keys_state(self) -> str:
        if self.state in ("asking", "rating", "done"):
            self._keys_state = self.state
        return self._keys_state

    _keys_state = "asking"

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
            yield Prose(id="meta")
            yield Prose(id="prompt")
            yield ChoiceList(id="choices")
            yield Input(id="answer")
            yield Prose(id="parsed")
            yield Prose(id="error")
            yield Prose(id="feedback")
            yield RatingBar(id="ratings")
            yield Prose(id="hint")
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
        self.refresh_bindings()
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
            prompt.update(self.summary(lang))
            meta.update(plain(self.notice, "dim") if self.notice else "")
            hint.update(say(lang, "done_keys"))
            return
        presented = self.presented
        assert presented is not None
        variant = presented.variant
        kind = say(lang, "new") if presented.is_new else say(lang, "review")
        line = f"{self._place(presented.question_id, lang)} · {kind} · {presented.question_id}"
        meta.update(plain(f"{line}\n{self.notice}" if self.notice else line, "dim"))
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
            hint.update(say(lang, "answer_keys"))
        if self.state == "asking" and variant.kind != "choice":  # after ctrl+l: the new language
            self.draw_parsed(answer.value)
            if self.answer_error is not None:
                self.query_one("#error", Static).update(plain(self.answer_error.get(lang)))

    def _place(self, question_id: str, lang: str) -> str:
        """The syllabus leaf the question cites, by number and name (trainer.bank.topics)."""
        service = self.trainer.service
        if service is None:
            return question_id
        from trainer.bank.topics import question_place

        return question_place(service.bank, question_id, lang)

    def summary(self, lang: str) -> Text:
        """The end of the session: the score, every question missed with its key, leeches."""
        session = self.session
        tally = session.tally
        text = Text()
        notes = "".join("\n" + note.get(lang) for note in self.limit_notes)
        if not session.total:
            text.append(say(lang, "nothing"))
            text.append(notes, "dim")
            return text
        pct = f"{100 * tally.correct / tally.answered:.0f}%" if tally.answered else "-"
        text.append(say(lang, "done", n=tally.answered, k=tally.correct, pct=pct))
        if tally.requeued:
            text.append("\n" + say(lang, "requeued", n=tally.requeued), style="dim")
        if tally.missed:
            text.append("\n\n" + say(lang, "missed_title", n=len(tally.missed)) + "\n", "bold")
            for missed in tally.missed:
                text.append(f"  × {missed.question_id}", "red")
                text.append(f"  {say(lang, 'expected')}: {missed.expected}\n")
        if tally.leeches:
            text.append("\n" + say(lang, "leech", ids=", ".join(tally.leeches)))
        text.append("\n" + notes if notes else "", "dim")
        return text

    def draw_feedback(self, feedback: Feedback) -> None:
        lang = self.trainer.lang
        text = Text()
        verdict = say(lang, "right" if feedback.correct else "wrong")
        if feedback.gave_up:
            verdict = say(lang, "gave_up")
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
        key = "rate_right" if feedback.correct else "rate_wrong"
        if feedback.can_override:
            key = "rate_wrong_override"
        self.query_one("#hint", Static).update(say(lang, key))

    # -- typing ------------------------------------------------------------------------------

    @on(Input.Changed, "#answer")
    def preview(self, event: Input.Changed) -> None:
        self.query_one("#error", Static).display = False
        self.answer_error = None
        self.draw_parsed(event.value)

    def draw_parsed(self, value: str) -> None:
        """The live "parsed as" line under the answer, in the current language."""
        from trainer.study.preview import parsed_as

        parsed = self.query_one("#parsed", Static)
        presented = self.presented
        if presented is None or presented.variant.kind not in ("numeric", "expression"):
            parsed.display = False
            return
        variant = presented.variant
        ok, message = parsed_as(
            value, variant.kind, variant.symbols, unit=variant.unit, lang=self.trainer.lang
        )
        parsed.display = bool(message)
        label = say(self.trainer.lang, "parsed_as")
        parsed.update(plain(f"{label}: {message}" if ok else message))
        if message:  # hidden, its colour does not matter (and restyling it costs a frame ~1 ms)
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
            self.answer_error = exc
            error = self.query_one("#error", Static)
            error.update(plain(exc.get(self.trainer.lang)))
            error.display = True
            self.query_one("#hint", Static).update("")
            return
        self.show_feedback(feedback)

    def show_feedback(self, feedback: Feedback) -> None:
        self.feedback = feedback
        self.state = "rating"
        self.notice = ""
        answer = self.query_one("#answer", Input)
        answer.disabled = True
        self.set_focus(None)
        self.relabel()
        self.refresh_bindings()
        # At 80x24 the question scrolls up out of sight; PgUp/PgDn (in the footer) bring it back.
        # After the next refresh: only then does the body's height include the feedback.
        # (Not textual's `anchor()`: it bottom-aligns a body shorter than the screen.)
        body = self.query_one("#body", VerticalScroll)
        body.scroll_end(animate=False)
        self.call_after_refresh(body.scroll_end, animate=False)
        self.set_timer(0.03, lambda: body.scroll_end(animate=False))  # a layout may take two

    def rate(self, rating: int | None) -> None:
        self.state = "saving"
        self.notice = ""
        # "saving…" only if the commit is slow: a frame drawn now would delay the next question
        # by a whole frame period (Textual paints at most once per 1/60 s).
        self.saving_notice = self.set_timer(SAVING_NOTICE_S, self.show_saving)
        self._save(rating)

    def show_saving(self) -> None:
        if self.state == "saving":
            self.query_one("#hint", Static).update(say(self.trainer.lang, "saving"))

    @work(exclusive=True, group="save", exit_on_error=False)
    async def _save(self, rating: int | None) -> None:
        from sqlalchemy.exc import DBAPIError

        from trainer.store.errors import StoreError

        try:
            await asyncio.to_thread(self._record_and_draw, rating)
        except (DBAPIError, StoreError) as exc:  # the server gone past the store's retries
            self.save_failed(exc)
            return
        finally:
            if self.saving_notice is not None:
                self.saving_notice.stop()
                self.saving_notice = None
        with self.app.batch_update():  # one frame for the whole question, not one per await
            await self.show_question()
        self.trainer.mark_drawn(self.key_time)

    def save_failed(self, exc: DBAPIError | StoreError) -> None:
        """The answer could not be recorded: say so under the rating keys, in the learner's
        language, and stay on it (still checked, not recorded) so a rating key tries again."""
        from trainer.store.errors import StoreError, error_text, translate

        lang = self.trainer.lang
        if isinstance(exc, StoreError):
            line = error_text(exc, lang)
        else:
            from trainer.store.engine import display_url

            service = self.session.service
            line = error_text(translate(exc, display_url(str(service.store.engine.url))), lang)
        self.state = "rating"
        self.query_one("#hint", Static).update(plain(say(lang, "not_saved", error=line)))

    def _record_and_draw(self, rating: int | None) -> None:
        """Record the rating, then draw the next question's variant (a generator may take a few
        ms), both in the worker's thread: the UI thread then only lays the question out."""
        self.session.record(rating)
        self.session.present()

    async def save_pending(self) -> None:
        """Record a checked but unrated answer with the default rating (used when leaving)."""
        for worker in self.workers:
            if worker.group == "save":
                await worker.wait()
        if self.session.pending:
            await asyncio.to_thread(self.session.record, None)

    # -- the study loop's other actions -------------------------------------------------------

    def action_dont_know(self) -> None:
        if self.state == "asking" and self.presented is not None:
            self.state = "checking"
            self._dont_know()

    @work(exclusive=True, group="check", exit_on_error=False)
    async def _dont_know(self) -> None:
        feedback = await asyncio.to_thread(self.session.dont_know)
        self.show_feedback(feedback)

    def action_override(self) -> None:
        feedback = self.feedback
        if self.state == "rating" and feedback is not None and feedback.can_override:
            self.feedback = self.session.override()
            self.draw_feedback(self.feedback)
            self.refresh_bindings()

    def action_undo(self) -> None:
        if self.session.can_undo and self.state in ("asking", "rating", "done"):
            self.state = "saving"
            self._undo()

    @work(exclusive=True, group="save", exit_on_error=False)
    async def _undo(self) -> None:
        from trainer.store.cards import UndoError

        lang = self.trainer.lang
        try:
            presented = await asyncio.to_thread(self.session.undo)
        except UndoError:
            self.notice = say(lang, "undo_failed")
        else:
            self.notice = say(lang, "undone", id=presented.question_id)
        with self.app.batch_update():
            await self.show_question()

    def action_set_aside(self, how: str) -> None:
        if self.state in ("asking", "rating") and self.presented is not None:
            self.state = "saving"
            self._set_aside(how, None)

    def action_flag(self) -> None:
        from trainer.tui.screens.note import NoteScreen

        if self.state not in ("asking", "rating") or self.presented is None:
            return
        previous = self.state

        def flagged(note: str | None) -> None:
            if note is not None:
                self.state = "saving"
                self._set_aside("flag", note, previous)

        self.app.push_screen(NoteScreen(self.trainer.lang), flagged)

    @work(exclusive=True, group="save", exit_on_error=False)
    async def _set_aside(self, how: str, note: str | None, previous: str = "asking") -> None:
        presented = self.presented
        assert presented is not None
        await asyncio.to_thread(self.session.set_aside, how, note)
        self.notice = say(self.trainer.lang, f"done_{how}", id=presented.question_id)
        if how == "flag":  # the question stays: go on where the learner was
            self.state = previous
            self.relabel()
            self.refresh_bindings()
            return
        with self.app.batch_update():
            await self.show_question()

    def action_scroll_body(self, pages: int) -> None:
        body = self.query_one("#body", VerticalScroll)
        if pages < 0:
            body.scroll_page_up(animate=False)
        else:
            body.scroll_page_down(animate=False)

    async def action_leave(self) -> None:
        await self.save_pending()
        self.dismiss(None)
        self.trainer.session_ended()

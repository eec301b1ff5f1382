"""`TrainerApp`: opens the store in a worker while the first frame is drawn, and hosts the screens.

Everything that touches the machine is injectable (database URL, learner, bank, clock, seeds) so
tests and benchmarks never see the learner's real data folder.
"""

from __future__ import annotations

import asyncio
import gc
import time
from collections.abc import Callable, Iterable
from datetime import datetime
from typing import TYPE_CHECKING, ClassVar

from textual import work
from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.reactive import reactive
from textual.screen import Screen

from trainer.tui.screens.home import HomeScreen

if TYPE_CHECKING:
    from trainer.bank.loader import Bank
    from trainer.bank.schema import Localized
    from trainer.reports.compute import History
    from trainer.study.options import ExamOptions, SessionOptions
    from trainer.study.session import Overview, StudyService, StudySession
    from trainer.study.settings import Settings


class TrainerApp(App[int]):
    """The E資格 trainer. Exit value: 0, or the store's exit code when the database is unusable."""

    CSS_PATH = "app.tcss"
    TITLE = "trainer · E資格"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+l", "toggle_lang", "ja/en", id="lang", priority=True),
        Binding("question_mark", "help", "Help", id="help"),
        Binding("f1", "help", "Help", id="help-f1", show=False, priority=True),
        Binding("ctrl+q", "quit", "Quit", id="quit", priority=True),
    ]

    lang: reactive[str] = reactive("ja", init=False)

    def __init__(
        self,
        *,
        db_url: str | None = None,
        user: str | None = None,
        bank: Bank | None = None,
        clock: Callable[[], datetime] | None = None,
        seeds: Callable[[], int] | None = None,
        lang: str | None = None,
        new_limit: int | None = None,  # None: the learner's setting new-per-day
        start: SessionOptions | None = None,
        cursor_blink: bool = True,
        offset_minutes: int | None = None,
        workspace: str | None = None,
        exam: ExamOptions | None = None,
        monotonic: Callable[[], float] | None = None,
    ) -> None:
        super().__init__()
        self.db_url = db_url
        self.user = user
        self.bank = bank
        self.clock = clock
        self.seeds = seeds
        self.new_limit = new_limit
        self.start_options = start
        self.start_exam_options = exam  # `trainer exam` in a terminal: straight into the exam
        # The exam's countdown: an injected clock drives it too, so tests can run the time out.
        self.monotonic: Callable[[], float] = monotonic or (
            time.monotonic if clock is None else lambda: clock().timestamp()
        )
        self.cursor_blink = cursor_blink
        self.offset_minutes = offset_minutes  # local day boundary for reports (None: the OS's)
        self.workspace = workspace  # exercise copies (None: $TRAINER_WORKSPACE or the default)
        from trainer.study.settings import Settings

        # The learner's settings, read with the database (the defaults until then). The language
        # is theirs unless `lang` (--lang) forces one; ctrl+l stores the new one.
        self.settings: Settings = Settings()
        self.lang_forced = lang is not None
        self.lang_unsaved = False  # switched before the database was open: store it once it is
        self.saving_lang = False
        self.set_reactive(TrainerApp.lang, lang or self.settings.language)
        self.service: StudyService | None = None
        self.error: str | None = None
        self.exit_code = 0
        self.latencies_ms: list[float] = []  # key press -> next question drawn (benchmarks)
        self.home = HomeScreen()

    # -- start-up ----------------------------------------------------------------------------

    def get_default_screen(self) -> HomeScreen:
        """Home is the first screen: no empty default screen to mount and then cover."""
        return self.home

    def on_mount(self) -> None:
        _freeze_heap()
        # Started now, not after the first frame: the thread's queries and imports overlap the
        # drawing, and the home counts come with the store in one trip to the thread.
        self.open_database()

    @work(exclusive=True, group="database", exit_on_error=False)
    async def open_database(self) -> None:
        from trainer.study.session import StudyService

        options = {
            key: value
            for key, value in (("bank", self.bank), ("clock", self.clock), ("seeds", self.seeds))
            if value is not None
        }
        starting = self.start_options is not None or self.start_exam_options is not None

        def open_store() -> tuple[StudyService, Overview | None]:
            service = StudyService.open(self.db_url, self.user, **options)  # type: ignore[arg-type]
            return service, None if starting else home_overview(service)

        try:
            service, overview = await asyncio.to_thread(open_store)
            self.service = service
            self.settings = service.settings  # read with the database by `StudyService.open`
            _freeze_heap()
        except Exception as exc:  # StoreError, BankError, a driver error: all shown, not raised
            from trainer.store.errors import StoreError, error_text

            # A server's refusal is said in --lang (the learner's stored one is on that server).
            said = error_text(exc, self.lang) if isinstance(exc, StoreError) else ""
            self.error = said or _describe(exc)
            self.exit_code = getattr(exc, "exit_code", 1)
            self.home.show_error(self.error)
            return
        if self.lang_unsaved:
            self.remember_lang()
        elif not self.lang_forced:
            self.lang = self.settings.language
        if self.start_options is not None:
            options_ = self.start_options
            self.start_options = None
            self.start_session(options_)
        elif self.start_exam_options is not None:
            exam = self.start_exam_options
            self.start_exam_options = None
            self.start_exam(exam)
        else:
            await self.refresh_overview(overview)

    async def refresh_overview(self, overview: Overview | None = None) -> None:
        """Show the home counts (`overview`, or read now), then the streak."""
        if self.service is None:
            return
        if overview is None:
            overview = await asyncio.to_thread(home_overview, self.service)
        self.home.show_overview(overview)
        # The streak after the counts are drawn: read meanwhile, it would slow their frame down.
        drawn = asyncio.Event()
        self.call_after_refresh(drawn.set)
        await drawn.wait()
        history = await asyncio.to_thread(study_history, self.service, self.offset_minutes)
        self.home.show_streak(history)

    @work(exclusive=True, group="database", exit_on_error=False)
    async def reload_overview(self) -> None:
        await self.refresh_overview()

    # -- sessions ----------------------------------------------------------------------------

    def start_session(self, options: SessionOptions) -> None:
        self._start_session(options)

    @work(exclusive=True, group="session", exit_on_error=False)
    async def _start_session(self, options: SessionOptions) -> None:
        from dataclasses import replace

        from trainer.tui.screens.review import ReviewScreen

        if self.service is None:
            return
        if options.new_limit is None and self.new_limit is not None:  # `--new N` this time
            options = replace(options, new_limit=self.new_limit)
        self.service.use_settings(self.settings)  # as changed on the settings screen
        session, notes = await asyncio.to_thread(session_with_notes, self.service, options)
        await self.push_screen(ReviewScreen(session, notes))

    def more_new_today(self, count: int) -> None:
        """Custom study: `count` more new questions today, then a session with them."""
        self._more_new_today(count)

    @work(exclusive=True, group="session", exit_on_error=False)
    async def _more_new_today(self, count: int) -> None:
        from trainer.study.options import SessionOptions

        if self.service is None:
            return
        await asyncio.to_thread(self.service.allow_more_new, count)
        self.start_session(SessionOptions())

    def start_exam(self, options: ExamOptions) -> None:
        self._start_exam(options)

    @work(exclusive=True, group="session", exit_on_error=False)
    async def _start_exam(self, options: ExamOptions) -> None:
        """Draw the exam (in a thread: it weighs the whole bank) and show its rules."""
        from trainer.study.exam import draw_exam
        from trainer.tui.screens.exam import ExamScreen

        if self.service is None:
            return
        seed = options.seed if options.seed is not None else self.service.seeds()
        picks = await asyncio.to_thread(
            draw_exam, self.service.bank, options.questions, seed, options.framework
        )
        await self.push_screen(ExamScreen(picks, minutes=options.minutes, seed=seed))

    def session_ended(self) -> None:
        """The review screen was closed: show the new counts."""
        self.reload_overview()

    # -- actions -----------------------------------------------------------------------------

    def watch_lang(self) -> None:
        for screen in self.screen_stack:
            relabel = getattr(screen, "relabel", None)
            if relabel is not None:
                relabel()
        if self.screen_stack:  # the footer's labels are in the language too
            self.screen.refresh_bindings()

    def action_toggle_lang(self) -> None:
        from dataclasses import replace

        lang = "en" if self.lang == "ja" else "ja"
        self.settings = replace(self.settings, language=lang)  # what remember_lang stores
        self.lang = lang
        self.remember_lang()

    def remember_lang(self) -> None:
        """Store the language shown now as the learner's (in a worker), so the next start has it."""
        if self.service is None:
            self.lang_unsaved = True
            return
        self.lang_unsaved = False
        if not self.saving_lang:  # a save under way picks the new language up when it ends
            self.saving_lang = True
            self.save_lang()

    @work(group="settings", exit_on_error=False)
    async def save_lang(self) -> None:
        from trainer.study.settings import save_setting

        service = self.service
        try:
            while service is not None:  # switched again while saving: save the newest one too
                lang = self.lang
                self.settings = await asyncio.to_thread(
                    save_setting, service.store, service.user_id, "language", lang
                )
                if self.lang == lang:
                    break
        except Exception as exc:  # the switch itself worked; only remembering it failed
            self.notify(_describe(exc), severity="warning")
        finally:
            self.saving_lang = False

    def action_open_settings(self) -> None:
        from trainer.tui.screens.settings import SettingsScreen

        if self.service is not None and not isinstance(self.screen, SettingsScreen):
            self.push_screen(SettingsScreen())

    def action_progress(self) -> None:
        from trainer.tui.screens.progress import ProgressScreen

        if self.service is not None and not isinstance(self.screen, ProgressScreen):
            self.push_screen(ProgressScreen())

    def action_exercises(self) -> None:
        from trainer.tui.screens.exercises import ExercisesScreen

        if self.service is not None and not isinstance(self.screen, ExercisesScreen):
            self.push_screen(ExercisesScreen())

    def action_browse(self) -> None:
        from trainer.tui.screens.browser import BrowserScreen

        if self.service is not None and not isinstance(self.screen, BrowserScreen):
            self.push_screen(BrowserScreen())

    def action_help(self) -> None:
        from trainer.tui.screens.help import HelpScreen  # not before the first frame

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    async def action_quit(self) -> None:
        """Quit; an answer already checked but not yet rated is saved with the default rating,
        and an exam under way is scored and saved as if finished early."""
        from trainer.tui.screens.exam import ExamScreen
        from trainer.tui.screens.review import ReviewScreen

        for screen in self.screen_stack:
            if isinstance(screen, ReviewScreen):
                await screen.save_pending()
            elif isinstance(screen, ExamScreen):
                await screen.save_on_quit()
        self.exit(self.exit_code)

    def action_command_palette(self) -> None:
        """textual's command palette, its search box in the learner's language."""
        from textual.command import CommandPalette

        from trainer.tui.text import say

        if self.use_command_palette and not CommandPalette.is_open(self):  # type: ignore[arg-type]
            placeholder = say(self.lang, "palette_search")
            self.push_screen(CommandPalette(id="--command-palette", placeholder=placeholder))

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        """textual's commands and ours, titled and explained in the learner's language."""
        from trainer.tui.text import palette

        lang = self.lang
        for command in super().get_system_commands(screen):  # Theme, Quit, Keys, ...
            try:
                title, help_text = palette(lang, command.title)
            except KeyError:  # one a later textual adds
                yield command
            else:
                yield command._replace(title=title, help=help_text)
        home = self.home
        for key, callback in (
            ("start_all", home.action_start_all),
            ("start_topic", home.action_start_topic),
            ("custom", home.action_custom),
            ("exam", home.action_exam),
            ("progress", self.action_progress),
            ("exercises", self.action_exercises),
            ("browse", self.action_browse),
            ("settings", self.action_open_settings),
            ("lang", self.action_toggle_lang),
            ("refresh", self.reload_overview),
            ("help", self.action_help),
        ):
            yield SystemCommand(*palette(lang, key), callback)

    # -- benchmarks --------------------------------------------------------------------------

    def mark_drawn(self, started: float) -> None:
        """Record the time from a key press (`started`, perf_counter) to the next refresh."""
        self.call_after_refresh(
            lambda: self.latencies_ms.append((time.perf_counter() - started) * 1000)
        )


def session_with_notes(
    service: StudyService, options: SessionOptions
) -> tuple[StudySession, list[Localized]]:
    """A session and what limits held back (blocking: run it in a thread)."""
    from trainer.study.limits import MORE_NEW_TUI, limit_notes

    session = service.session(options)
    assert session.plan is not None and session.limits is not None
    return session, limit_notes(session.plan, session.limits, more_new=MORE_NEW_TUI)


def home_overview(service: StudyService) -> Overview:
    """The home counts, and the topic names its table shows (blocking: run it in a thread).

    Naming the topics reads the whole bank (tens of ms for thousands of questions); done here,
    it is cached before the table is filled, so the UI thread only looks names up.
    """
    from trainer.bank.topics import topic_names

    overview = service.overview()
    topic_names(service.bank)
    return overview


def study_history(service: StudyService, offset_minutes: int | None) -> History:
    """Review history and streaks from the report module (blocking: run it in a thread)."""
    from trainer.reports.compute import history, local_day
    from trainer.reports.query import load_days
    from trainer.reports.report import local_offset_minutes

    now = service.clock()
    offset = local_offset_minutes(now) if offset_minutes is None else offset_minutes
    return history(load_days(service.store, service.user_id, offset), local_day(now, offset))


def _freeze_heap() -> None:
    """Leave what exists now (modules, the bank, the store) out of the garbage collector's full
    passes: they live as long as the app, and with a large bank one full pass took 100-160 ms,
    a stall in whatever frame or key press it fell in. Only objects made later are scanned."""
    gc.freeze()


def _describe(exc: BaseException) -> str:
    text = str(exc)
    return text if text else type(exc).__name__

"""Home: due today / new / learned per topic, and the keys that start a session."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import DataTable, Header, Static

from trainer.tui.screens.base import TrainerScreen
from trainer.tui.screens.count import CountScreen
from trainer.tui.text import say
from trainer.tui.widgets.footer import Footer
from trainer.tui.widgets.table import fill_table

if TYPE_CHECKING:
    from trainer.reports.compute import History
    from trainer.study.options import ExamOptions
    from trainer.study.session import Overview


class HomeScreen(TrainerScreen):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("s", "start_all", "Study all", id="start-all"),
        Binding("t", "start_topic", "Topic", id="start-topic"),
        Binding("c", "custom", "Count", id="custom-count"),
        Binding("n", "more_new", "More new", id="more-new"),
        Binding("x", "exam", "Mock exam", id="exam"),
        Binding("p", "app.progress", "Progress", id="progress"),
        Binding("e", "app.exercises", "Exercises", id="exercises"),
        Binding("b", "app.browse", "Cards", id="browse"),
        Binding("comma", "app.open_settings", "Settings", id="settings"),
        Binding("r", "refresh", "Refresh", id="refresh"),
        Binding("q", "app.quit", "Quit", id="home-quit", show=False),
    ]

    def __init__(self) -> None:
        super().__init__(id="home")
        self.overview: Overview | None = None
        self.history: History | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="summary")
        yield Static(id="streak")
        yield DataTable(id="topics", cursor_type="row", zebra_stripes=True)
        yield Static(id="home-keys")
        yield Footer()

    def on_mount(self) -> None:
        self.relabel()

    def relabel(self) -> None:
        lang = self.trainer.lang
        self.query_one("#home-keys", Static).update(say(lang, "home_keys"))
        if self.trainer.error is not None:
            self.query_one("#summary", Static).update(self.trainer.error)
        elif self.overview is None:
            self.query_one("#summary", Static).update(say(lang, "loading"))
        else:
            self.show_overview(self.overview)
        if self.history is not None:
            self.show_streak(self.history)

    def show_error(self, message: str) -> None:
        summary = self.query_one("#summary", Static)
        summary.update(message)
        summary.add_class("-error")

    def show_overview(self, overview: Overview) -> None:
        lang = self.trainer.lang
        self.overview = overview
        summary = say(lang, "summary", due=overview.due, new=overview.new, learned=overview.learned)
        if overview.limits is not None:
            limits = overview.limits
            summary += "\n" + say(
                lang,
                "limits",
                new_left=limits.new_left,
                new_limit=limits.new_limit,
                reviews_left=limits.reviews_left,
                review_limit=limits.review_limit,
            )
        if overview.next_due is not None:
            from trainer.tui.text import span

            now = self.trainer.service.clock() if self.trainer.service else overview.next_due
            summary += "\n" + say(lang, "next_due", when=span(overview.next_due - now, lang))
        self.query_one("#summary", Static).update(summary)
        table = self.query_one("#topics", DataTable)
        row = table.cursor_row
        service = self.trainer.service

        def label(topic: str) -> str:  # the syllabus's number and name
            if service is None:
                return topic
            from trainer.bank.topics import topic_names

            return topic_names(service.bank).label(topic, lang)

        fill_table(
            table,
            [(key, say(lang, key)) for key in ("topic", "due", "new", "learned", "leeches")],
            [  # majors, each followed by its sections, indented
                (t.topic, ("  " * t.depth + label(t.topic), t.due, t.new, t.learned, t.leeches))
                for t in overview.rows
            ],
        )
        if overview.rows:
            table.move_cursor(row=min(row, len(overview.rows) - 1))
        table.focus()

    def show_streak(self, history: History) -> None:
        self.history = history
        text = say(
            self.trainer.lang, "streak", streak=history.current_streak, best=history.best_streak
        )
        self.query_one("#streak", Static).update(text)

    def selected_topic(self) -> str | None:
        if self.overview is None or not self.overview.rows:
            return None
        table = self.query_one("#topics", DataTable)
        return self.overview.rows[table.cursor_row].topic

    def action_start_all(self) -> None:
        from trainer.study.options import SessionOptions

        self.trainer.start_session(SessionOptions())

    def action_start_topic(self) -> None:
        from trainer.study.options import SessionOptions

        topic = self.selected_topic()
        if topic is not None:
            self.trainer.start_session(SessionOptions(topic=topic))

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self.action_start_topic()

    def action_custom(self) -> None:
        def chosen(count: int | None) -> None:
            from trainer.study.options import SessionOptions

            if count:
                self.trainer.start_session(SessionOptions(limit=count))

        self.app.push_screen(CountScreen(self.trainer.lang), chosen)

    def action_more_new(self) -> None:
        """Custom study: more new questions today than the daily limit allows."""

        def chosen(count: int | None) -> None:
            if count:
                self.trainer.more_new_today(count)

        if self.trainer.service is not None:
            self.app.push_screen(CountScreen(self.trainer.lang, title="more_new_title"), chosen)

    def action_exam(self) -> None:
        from trainer.tui.screens.exam import ExamSetupScreen

        if self.trainer.service is None:
            return

        def chosen(options: ExamOptions | None) -> None:
            if options is not None:
                self.trainer.start_exam(options)

        self.app.push_screen(ExamSetupScreen(self.trainer.lang), chosen)

    def action_refresh(self) -> None:
        self.trainer.reload_overview()

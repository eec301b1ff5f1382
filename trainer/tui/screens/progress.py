"""Progress: mastery per topic, review history, forecast and readiness, from the report module.

Every number comes from `trainer.reports` (built in a worker); this screen only draws them.
"""

from __future__ import annotations

import asyncio
from datetime import timedelta
from typing import TYPE_CHECKING, ClassVar

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import DataTable, Header, Sparkline, Static

from trainer.reports.compute import TOPIC_DEPTH
from trainer.reports.glossary import explain, note, term
from trainer.tui.screens.base import TrainerScreen
from trainer.tui.text import say
from trainer.tui.widgets.footer import Footer
from trainer.tui.widgets.plain import Prose, Wrapped, plain
from trainer.tui.widgets.table import fill_table

if TYPE_CHECKING:
    from trainer.reports.compute import TopicStat, WeakTopic
    from trainer.reports.report import Report
    from trainer.study.plan import Plan
    from trainer.study.session import StudyService

HISTORY_DAYS = 30
BAR_WIDTH = 12
MASTERY_BAR_WIDTH = 6  # the topic table fits 80 columns with 7-digit seen counts


def bar(share: float | None, width: int = BAR_WIDTH) -> Text:
    """`███████░░░░░  58%`; an unstudied topic shows an empty bar and `–`."""
    if share is None:
        return Text("░" * width + "    –", style="dim")
    filled = round(max(0.0, min(1.0, share)) * width)
    text = Text(
        "█" * filled, style="green" if share >= 0.8 else "yellow" if share >= 0.5 else "red"
    )
    text.append("░" * (width - filled), style="dim")
    text.append(f" {share:4.0%}")
    return text


def mastery_bar(share: float, seen: bool) -> Text:
    """A topic's mastery as `bar` draws it, narrower; never studied: 0%, dimmed."""
    text = bar(share, MASTERY_BAR_WIDTH)
    if not seen:
        text.stylize("dim")
    return text


TOPIC_COLUMNS = ("mastery", "studied", "seen")


def topic_cells(topic: TopicStat | WeakTopic) -> tuple[Text, str, str]:
    """Mastery (a bar), coverage and seen/total: the same cells in both topic tables."""
    return (
        mastery_bar(topic.mastery, topic.seen > 0),
        f"{topic.coverage:.0%}",
        f"{topic.seen}/{topic.questions}",
    )


def heading(lang: str, column: str) -> str:
    """A column's heading: the name the explanation lines give the figure."""
    return say(lang, column) if column == "topic" else term(lang, column)


def weakest_table(report: Report, lang: str) -> Group:
    """The topics to study next, under a heading: the topic table's nodes and cells, so a topic
    reads the same in both; a Rich table, so long topic names wrap rather than run off."""
    heading = Text(say(lang, "weakest"), style="bold")
    weakest = report.readiness.weakest
    if not weakest:
        desired = report.retention.desired
        return Group(heading, Wrapped("  " + note(lang, "no_weak", desired), "dim"))
    table = Table(box=None, padding=(0, 1), show_edge=False, header_style="bold", expand=False)
    table.add_column(say(lang, "topic"), overflow="fold")
    for column in (*TOPIC_COLUMNS, "gain"):
        table.add_column(term(lang, column), justify="left" if column == "mastery" else "right")
    for w in weakest:
        label = Wrapped(report.topic_label(w.topic, lang))  # Japanese names break at phrases
        table.add_row(label, *topic_cells(w), f"+{w.gain * 100:.1f}pt")
    return Group(heading, table)


def daily_reviews(report: Report, days: int = HISTORY_DAYS) -> list[int]:
    """Reviews per local day for the last `days` days, oldest first (zeros filled in)."""
    counts = {d.day: d.reviews for d in report.history.days}
    first = report.today - timedelta(days - 1)
    return [counts.get(first + timedelta(n), 0) for n in range(days)]


def build_report(service: StudyService, user: str, offset_minutes: int | None) -> Report:
    """The learner's report, as `trainer report` builds it (blocking: run it in a thread)."""
    from trainer.bank.topics import topic_names
    from trainer.reports.query import question_metas
    from trainer.reports.report import build, local_offset_minutes

    now = service.clock()
    offset = local_offset_minutes(now) if offset_minutes is None else offset_minutes
    return build(
        service.store,
        service.user_id,
        user,
        question_metas(service.bank),
        now,
        offset,
        service.scheduler,
        names=topic_names(service.bank),
    )


def build_plan(service: StudyService) -> Plan:
    """`trainer plan`'s simulation to the exam date (blocking: run it in a thread)."""
    from trainer.study.plan import make_plan

    return make_plan(
        service.store,
        service.user_id,
        list(service.bank.questions),
        service.settings,
        service.clock(),
    )


class ProgressScreen(TrainerScreen):
    DEFAULT_CSS = """
    #topic-legend {
        height: auto;
        margin-top: 1;
        color: $text-muted;
    }
    #plan {
        height: auto;
        margin-top: 1;
    }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q", "leave", "Home", id="progress-leave"),
        Binding("r", "reload", "Refresh", id="progress-refresh"),
    ]

    def __init__(self) -> None:
        super().__init__(id="progress-screen")
        self.report: Report | None = None
        self.plan: Plan | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="progress-body"):
            yield Prose(id="readiness")
            yield Prose(id="history-label", classes="chart-label")
            yield Sparkline([], id="history-chart", summary_function=max)
            yield Prose(id="forecast-label", classes="chart-label")
            yield Sparkline([], id="forecast-chart", summary_function=max)
            yield Prose(id="topic-legend")
            yield Static(id="weakest")
            yield DataTable(id="mastery", cursor_type="row", zebra_stripes=True)
            yield Static(id="plan")  # to the exam date, for several retentions (trainer plan)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#readiness", Static).update(say(self.trainer.lang, "loading"))
        self.load()

    @work(exclusive=True, group="progress", exit_on_error=False)
    async def load(self) -> None:
        service = self.trainer.service
        if service is None:
            return
        report = await asyncio.to_thread(
            build_report, service, self.trainer.user or "", self.trainer.offset_minutes
        )
        self.show(report)
        self.load_plan()

    @work(exclusive=True, group="progress-plan", exit_on_error=False)
    async def load_plan(self) -> None:
        """The plan to the exam date, after the report is on screen (it simulates, ~1 s)."""
        service = self.trainer.service
        if service is None:
            return
        plan = await asyncio.to_thread(build_plan, service)
        self.plan = plan
        self.show_plan()

    def show_plan(self) -> None:
        if self.plan is None:
            return
        from trainer.study.plan_text import lines

        lang = self.trainer.lang
        text = "\n".join([say(lang, "plan_title"), *lines(self.plan, lang)])
        dim = "dim" if self.plan.exam_date is None else ""  # no exam date: only how to set one
        self.query_one("#plan", Static).update(plain(text, dim))

    def relabel(self) -> None:
        if self.report is not None:
            self.show(self.report)
        self.show_plan()

    def show(self, report: Report) -> None:
        lang = self.trainer.lang
        self.report = report
        ready = report.readiness
        history = report.history
        values = {"pass_mark": ready.pass_mark, "desired": report.retention.desired}

        def explained(text: Text, *figures: str) -> None:
            for figure in figures:
                text.append("\n  " + explain(lang, figure, **values), style="dim")

        head = Text(
            say(
                lang,
                "readiness",
                expected=f"{ready.expected:.0%}",
                low=f"{ready.low:.0%}",
                high=f"{ready.high:.0%}",
                p_pass=f"{ready.p_pass:.0%}",
                seen=f"{ready.seen_share:.0%}",
            )
        )
        explained(head, "readiness", "p_pass", "studied")
        head.append("\n")
        head.append(
            say(
                lang,
                "history",
                total=history.total_reviews,
                accuracy="–" if history.accuracy is None else f"{history.accuracy:.0%}",
                streak=history.current_streak,
                best=history.best_streak,
            )
        )
        retention = report.retention
        recent = retention.recent
        if recent.rate is not None:
            head.append("\n")
            head.append(
                say(
                    lang,
                    "retention",
                    rate=f"{recent.rate:.0%}",
                    n=recent.reviews,
                    desired=f"{retention.desired:.0%}",
                )
            )
            gap = retention.calibration_error
            if gap is not None:
                head.append(say(lang, "retention_gap", gap=f"{gap:.0%}"))
            explained(head, "retention", *(["calibration"] if gap is not None else []))
        self.query_one("#readiness", Static).update(head)
        per_day = daily_reviews(report)
        self.query_one("#history-label", Static).update(
            say(lang, "history_chart", days=HISTORY_DAYS, max=max(per_day), sum=sum(per_day))
        )
        self.query_one("#history-chart", Sparkline).data = [float(n) for n in per_day]
        ahead = [n for _, n in report.forecast.days]
        self.query_one("#forecast-label", Static).update(
            say(
                lang,
                "forecast_chart",
                days=len(ahead),
                overdue=report.forecast.overdue,
                max=max(ahead, default=0),
                sum=sum(ahead),
            )
        )
        self.query_one("#forecast-chart", Sparkline).data = [float(n) for n in ahead]
        legend = (explain(lang, f, **values) for f in ("mastery", "seen", "gain", "accuracy_30d"))
        self.query_one("#topic-legend", Static).update(Text("\n".join(legend)))
        self.query_one("#weakest", Static).update(weakest_table(report, lang))
        rows = []
        for topic in report.topics:
            if topic.depth > TOPIC_DEPTH:
                continue
            name = ("  " * topic.depth) + report.topic_label(topic.topic, lang)
            accuracy = topic.accuracy_30d
            cells = (
                Text(name, style="bold" if topic.depth == 0 else ""),
                *topic_cells(topic),
                "–" if accuracy is None else f"{accuracy:.0%}",
            )
            rows.append((topic.topic, cells))
        columns = ["topic", *TOPIC_COLUMNS, "accuracy_30d"]
        fill_table(
            self.query_one("#mastery", DataTable), [(c, heading(lang, c)) for c in columns], rows
        )

    def action_reload(self) -> None:
        self.load()

    def action_leave(self) -> None:
        self.dismiss(None)

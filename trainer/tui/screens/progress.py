"""Progress: mastery per topic, review history, forecast and readiness, from the report module.

Every number comes from `trainer.reports` (built in a worker); this screen only draws them.
"""

from __future__ import annotations

import asyncio
from datetime import timedelta
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import DataTable, Footer, Header, Sparkline, Static

from trainer.tui.screens.base import TrainerScreen
from trainer.tui.text import say
from trainer.tui.widgets.table import fill_table

if TYPE_CHECKING:
    from trainer.reports.report import Report
    from trainer.study.session import StudyService

HISTORY_DAYS = 30
BAR_WIDTH = 12
WEAKEST = 5


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


def daily_reviews(report: Report, days: int = HISTORY_DAYS) -> list[int]:
    """Reviews per local day for the last `days` days, oldest first (zeros filled in)."""
    counts = {d.day: d.reviews for d in report.history.days}
    first = report.today - timedelta(days - 1)
    return [counts.get(first + timedelta(n), 0) for n in range(days)]


def build_report(service: StudyService, user: str, offset_minutes: int | None) -> Report:
    """The learner's report, as `trainer report` builds it (blocking: run it in a thread)."""
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
    )


class ProgressScreen(TrainerScreen):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q", "leave", "Home", id="progress-leave"),
        Binding("r", "reload", "Refresh", id="progress-refresh"),
    ]

    def __init__(self) -> None:
        super().__init__(id="progress-screen")
        self.report: Report | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="progress-body"):
            yield Static(id="readiness")
            yield Static(id="history-label", classes="chart-label")
            yield Sparkline([], id="history-chart", summary_function=max)
            yield Static(id="forecast-label", classes="chart-label")
            yield Sparkline([], id="forecast-chart", summary_function=max)
            yield Static(id="weakest")
            yield DataTable(id="mastery", cursor_type="row", zebra_stripes=True)
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

    def relabel(self) -> None:
        if self.report is not None:
            self.show(self.report)

    def show(self, report: Report) -> None:
        lang = self.trainer.lang
        self.report = report
        ready = report.readiness
        history = report.history
        lines = [
            say(
                lang,
                "readiness",
                expected=f"{ready.expected:.0%}",
                low=f"{ready.low:.0%}",
                high=f"{ready.high:.0%}",
                p_pass=f"{ready.p_pass:.0%}",
                seen=f"{ready.seen_share:.0%}",
            ),
            say(
                lang,
                "history",
                total=history.total_reviews,
                accuracy="–" if history.accuracy is None else f"{history.accuracy:.0%}",
                streak=history.current_streak,
                best=history.best_streak,
            ),
        ]
        retention = report.retention
        recent = retention.recent
        if recent.rate is not None:
            line = say(
                lang,
                "retention",
                rate=f"{recent.rate:.0%}",
                n=recent.reviews,
                desired=f"{retention.desired:.0%}",
            )
            gap = retention.calibration_error
            if gap is not None:
                line += say(lang, "retention_gap", gap=f"{gap:.0%}")
            lines.append(line)
        self.query_one("#readiness", Static).update("\n".join(lines))
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
        weakest = Text(say(lang, "weakest"), style="bold")
        for weak in ready.weakest[:WEAKEST]:
            weakest.append("\n  ")
            weakest.append_text(bar(weak.recall))
            weakest.append(f"  +{weak.gain * 100:.1f}pt  {weak.topic}")
        self.query_one("#weakest", Static).update(weakest)
        table = self.query_one("#mastery", DataTable)
        rows = []
        for topic in report.topics:
            if topic.depth > 1:
                continue
            name = ("  " * topic.depth) + topic.topic.rsplit("/", 1)[-1]
            accuracy = topic.accuracy_30d
            cells = (
                Text(name, style="bold" if topic.depth == 0 else ""),
                bar(topic.recall),
                f"{topic.seen}/{topic.questions}",
                "–" if accuracy is None else f"{accuracy:.0%}",
            )
            rows.append((topic.topic, cells))
        columns = [("topic", "topic"), ("mastery", "mastery"), ("seen", "seen")]
        columns.append(("accuracy", "accuracy_30d"))
        fill_table(table, [(key, say(lang, text)) for key, text in columns], rows)

    def action_reload(self) -> None:
        self.load()

    def action_leave(self) -> None:
        self.dismiss(None)

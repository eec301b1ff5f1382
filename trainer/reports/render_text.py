"""Terminal and Markdown renderers: rich tables with bar charts, and plain GitHub Markdown."""

from __future__ import annotations

import io
from datetime import timedelta

from trainer.reports.compute import TOPIC_DEPTH, TopicStat, WeakTopic
from trainer.reports.exam import AREA_NAMES
from trainer.reports.flags import flagged_line
from trainer.reports.glossary import FIGURES, explain
from trainer.reports.report import Report

BLOCKS = " ▁▂▃▄▅▆▇█"


def _pct(value: float | None) -> str:
    return "-" if value is None else f"{100 * value:.0f}%"


def bar(value: float, width: int = 20) -> str:
    """A horizontal bar for a share in [0, 1]."""
    value = min(max(value, 0.0), 1.0)
    full = int(value * width)
    return "█" * full + ("▌" if value * width - full >= 0.5 else "")


def sparkline(values: list[int]) -> str:
    top = max(values, default=0)
    if top == 0:
        return BLOCKS[0] * len(values)
    return "".join(BLOCKS[min(8, round(8 * v / top))] for v in values)


def _summary_lines(report: Report) -> list[str]:
    r = report.readiness
    lines = [
        f"Readiness (expected mock-exam score now): {_pct(r.expected)} "
        f"(95% interval {_pct(r.low)}-{_pct(r.high)} on {r.questions} items; "
        f"pass mark assumed {_pct(r.pass_mark)}, P(pass) {_pct(r.p_pass)}); "
        f"studied {_pct(r.seen_share)} of the syllabus weight",
    ]
    plan = report.plan
    if plan is not None:
        p = plan.projected
        lines.append(
            f"Exam {plan.exam_date} ({plan.days_left} days): projected {_pct(p.expected)} "
            f"if you stop now (P(pass) {_pct(p.p_pass)}); to reach {_pct(plan.target)}: "
            f"{plan.new_needed} new + {plan.refresh_needed} refreshed questions, about "
            f"{plan.daily_new} new and {plan.daily_reviews} reviews a day"
            + ("" if plan.reachable else " (not reachable as planned)")
        )
        lines.extend(f"  note: {note}" for note in plan.notes)
    h = report.history
    lines.append(
        f"Reviews: {h.total_reviews} (accuracy {_pct(h.accuracy)}), streak {h.current_streak} "
        f"days, best {h.best_streak}"
    )
    ret = report.retention
    cell = ret.recent
    lines.append(
        f"True retention (30 days): {_pct(cell.rate)} over {cell.reviews} reviews vs desired "
        f"{_pct(ret.desired)}: {ret.verdict()}"
    )
    if ret.calibration:
        reviews = sum(b.reviews for b in ret.calibration)
        lines.append(
            f"Calibration: FSRS's predicted recall is off by {_pct(ret.calibration_error)} on "
            f"average over {reviews} interday reviews"
        )
    for exam in report.exams:
        areas = ", ".join(
            f"{AREA_NAMES.get(a, a)} {v['correct']}/{v['questions']}"
            for a, v in exam.areas.items()
            if v["questions"]
        )
        local = exam.started_at + timedelta(minutes=report.offset_minutes)
        lines.append(
            f"Mock exam {local:%Y-%m-%d %H:%M}: {exam.correct}/{exam.questions} "
            f"({_pct(exam.score)}), answered {exam.answered}; {areas}"
        )
    flagged = flagged_line(report.flagged)
    if flagged is not None:
        lines.append(flagged)
    return lines


def explanations(report: Report) -> list[tuple[str, str]]:
    """One line per figure, (English, Japanese), from the glossary the progress screen uses."""
    values = {"pass_mark": report.readiness.pass_mark, "desired": report.retention.desired}
    return [(explain("en", f, **values), explain("ja", f, **values)) for f in FIGURES]


def topic_cells(t: TopicStat | WeakTopic) -> list[str]:
    """Mastery, coverage and seen/total: the same three cells wherever a topic is listed."""
    return [_pct(t.mastery), _pct(t.coverage), f"{t.seen}/{t.questions}"]


TOPIC_HEADS = ["mastery", "studied", "seen"]


def render_text(report: Report, width: int = 100, color: bool = False) -> str:
    from rich.console import Console
    from rich.table import Table

    buffer = io.StringIO()
    console = Console(file=buffer, width=width, force_terminal=color, color_system=None)
    console.print(f"[bold]Progress report for {report.user}[/bold] ({report.today})")
    for line in _summary_lines(report):
        console.print(line, highlight=False)
    console.print("\n[bold]What the figures mean / 各数値の意味[/bold]")
    for en, ja in explanations(report):
        console.print(f"  {en}\n    {ja}", highlight=False, markup=False)

    topics = Table(title="Mastery per topic")
    for name in ("topic", "mastery", "", "studied", "seen", "30-day acc.", "leeches"):
        left = name in ("topic", "")
        topics.add_column(name, justify="left" if left else "right", no_wrap=name == "topic")
    for t in report.topics:
        if t.depth > TOPIC_DEPTH:
            continue
        mastery, coverage, seen = topic_cells(t)
        topics.add_row(
            "  " * t.depth + t.topic.split("/")[-1],
            mastery,
            bar(t.mastery, 10),
            coverage,
            seen,
            _pct(t.accuracy_30d),
            str(t.leeches or ""),
        )
    console.print(topics)

    weak = Table(title="Study next (largest expected gain)")
    for name in ("topic", "weight", *TOPIC_HEADS, "gain"):
        weak.add_column(name, justify="left" if name == "topic" else "right")
    for w in report.readiness.weakest:
        weak.add_row(w.topic, _pct(w.weight), *topic_cells(w), f"+{100 * w.gain:.1f} pts")
    console.print(weak)

    fc = report.forecast
    counts = [n for _, n in fc.days]
    console.print(
        f"Due next 30 days: {sum(counts)} (+{fc.overdue} overdue)  {sparkline(counts)}",
        highlight=False,
    )
    grid = report.heatmap
    console.print("Reviews per day, last 26 weeks (Mon..Sun rows):", highlight=False)
    top = max((v or 0 for column in grid for v in column), default=0)
    for weekday in range(7):
        cells = []
        for column in grid:
            value = column[weekday]
            if value is None:
                cells.append(" ")
            elif value == 0 or top == 0:
                cells.append("·")
            else:
                cells.append(BLOCKS[max(1, min(8, round(8 * value / top)))])
        console.print("  " + "".join(cells), highlight=False)
    if report.exercises:
        ex = Table(title="Exercises")
        for name in ("exercise", "status", "attempts", "last", "best"):
            ex.add_column(name)
        for e in report.exercises:
            best = "-" if e.best_ms is None else f"{e.best_ms} ms"
            ex.add_row(e.exercise_id, e.status, str(e.attempts), e.last_verdict, best)
        console.print(ex)
    if report.gpu_timing:
        from trainer.reports.render_gpu import timing_text

        console.print("\n".join(timing_text(report.gpu_timing)), highlight=False)
    return buffer.getvalue()


def render_markdown(report: Report) -> str:
    out = [f"# Progress report: {report.user}", "", f"Generated {report.today}.", ""]
    out += [f"- {line}" for line in _summary_lines(report)]
    out += ["", "## What the figures mean / 各数値の意味", ""]
    out += [f"- {en}<br>{ja}" for en, ja in explanations(report)]
    out += ["", "## Mastery per topic", ""]
    out += [
        "| topic | mastery | studied | seen | 30-day accuracy | leeches |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for t in report.topics:
        cells = " | ".join(topic_cells(t))
        out.append(
            f"| {'&nbsp;' * 2 * t.depth}{t.topic} | {cells} | {_pct(t.accuracy_30d)} "
            f"| {t.leeches} |"
        )
    out += ["", "## Study next", ""]
    out += [
        "| topic | weight | mastery | studied | seen | gain |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for w in report.readiness.weakest:
        cells = " | ".join(topic_cells(w))
        out.append(f"| {w.topic} | {_pct(w.weight)} | {cells} | +{100 * w.gain:.1f} pts |")
    areas = report.readiness.areas
    out += ["", "## Mastery per area", "", "| area | mastery |", "|---|---:|"]
    out += [f"| {a} | {_pct(v)} |" for a, v in areas.items()]
    out += ["", "## Forecast (cards due)", "", f"Overdue: {report.forecast.overdue}", ""]
    out += ["| day | due |", "|---|---:|"]
    out += [f"| {d} | {n} |" for d, n in report.forecast.days]
    ret = report.retention
    out += ["", "## True retention", "", f"Desired {_pct(ret.desired)}: {ret.verdict()}", ""]
    out += ["| last 30 days | all time |", "|---:|---:|"]
    out.append(
        f"| {_pct(ret.recent.rate)} ({ret.recent.reviews}) | {_pct(ret.overall.rate)} "
        f"({ret.overall.reviews}) |"
    )
    if ret.calibration:
        out += ["", f"Calibration (mean gap {_pct(ret.calibration_error)}):", ""]
        out += ["| predicted recall | reviews | predicted | recalled |", "|---|---:|---:|---:|"]
        out += [
            f"| {b.low:.1f}–{b.high:.1f} | {b.reviews} | {_pct(b.predicted)} | {_pct(b.observed)} |"
            for b in ret.calibration
        ]
    if report.exercises:
        out += ["", "## Exercises", "", "| exercise | status | attempts | last | best |"]
        out.append("|---|---|---:|---|---:|")
        for e in report.exercises:
            best = "-" if e.best_ms is None else f"{e.best_ms} ms"
            out.append(
                f"| {e.exercise_id} | {e.status} | {e.attempts} | {e.last_verdict} | {best} |"
            )
    if report.gpu_timing:
        from trainer.reports.render_gpu import timing_text

        out += ["", "## CPU vs GPU timing", "", "```", *timing_text(report.gpu_timing), "```"]
    return "\n".join(out) + "\n"

"""Terminal and Markdown renderers: rich tables with bar charts, and plain GitHub Markdown."""

from __future__ import annotations

import io
from datetime import timedelta
from typing import Literal

from rich.cells import cell_len

from trainer.reports.compute import TOPIC_DEPTH, TopicStat, WeakTopic
from trainer.reports.flags import flagged_line
from trainer.reports.glossary import FIGURES, explain, term
from trainer.reports.parameters import parameters_line
from trainer.reports.report import Report
from trainer.reports.words import value, word

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


def note_text(lang: str, note: str, desired: float) -> str:
    """A plan note (English in the JSON) in `lang`."""
    if note == word("en", "note_past"):
        return word(lang, "note_past")
    if note == word("en", "note_target", desired=f"{desired:.0%}"):
        return word(lang, "note_target", desired=f"{desired:.0%}")
    return note


def _summary_lines(report: Report, lang: str | None = None) -> list[str]:
    lang = lang or report.lang
    r = report.readiness
    lines = [
        word(
            lang,
            "readiness",
            expected=_pct(r.expected),
            low=_pct(r.low),
            high=_pct(r.high),
            n=r.questions,
            pass_mark=_pct(r.pass_mark),
            p_pass=_pct(r.p_pass),
            seen=_pct(r.seen_share),
        )
    ]
    plan = report.plan
    if plan is not None:
        p = plan.projected
        lines.append(
            word(
                lang,
                "plan",
                date=plan.exam_date,
                days=plan.days_left,
                projected=_pct(p.expected),
                p_pass=_pct(p.p_pass),
                target=_pct(plan.target),
                new=plan.new_needed,
                refresh=plan.refresh_needed,
                daily_new=plan.daily_new,
                daily_reviews=plan.daily_reviews,
            )
            + ("" if plan.reachable else word(lang, "plan_unreachable"))
        )
        desired = report.retention.desired
        lines.extend(word(lang, "note", note=note_text(lang, note, desired)) for note in plan.notes)
    h = report.history
    lines.append(
        word(
            lang,
            "reviews",
            total=h.total_reviews,
            accuracy=_pct(h.accuracy),
            streak=h.current_streak,
            best=h.best_streak,
        )
    )
    ret = report.retention
    cell = ret.recent
    lines.append(
        word(
            lang,
            "retention",
            rate=_pct(cell.rate),
            n=cell.reviews,
            desired=_pct(ret.desired),
            verdict=ret.verdict(lang),
        )
    )
    if ret.calibration:
        reviews = sum(b.reviews for b in ret.calibration)
        lines.append(word(lang, "calibration", gap=_pct(ret.calibration_error), n=reviews))
        lines.append(parameters_line(report.fsrs, lang))
    separator = "、" if lang == "ja" else ", "
    for exam in report.exams:
        areas = separator.join(
            f"{report.topic_name(a, lang)} {v['correct']}/{v['questions']}"
            for a, v in exam.areas.items()
            if v["questions"]
        )
        local = exam.started_at + timedelta(minutes=report.offset_minutes)
        lines.append(
            word(
                lang,
                "mock_exam",
                at=f"{local:%Y-%m-%d %H:%M}",
                correct=exam.correct,
                questions=exam.questions,
                score=_pct(exam.score),
                answered=exam.answered,
                areas=areas,
            )
        )
    flagged = flagged_line(report.flagged, lang)
    if flagged is not None:
        lines.append(flagged)
    return lines


def explanations(report: Report, lang: str | None = None) -> list[str]:
    """One line per figure in the report's language, from the glossary the progress screen
    uses."""
    values = {"pass_mark": report.readiness.pass_mark, "desired": report.retention.desired}
    return [explain(lang or report.lang, f, **values) for f in FIGURES]


def topic_cells(t: TopicStat | WeakTopic) -> list[str]:
    """Mastery, coverage and seen/total: the same three cells wherever a topic is listed."""
    return [_pct(t.mastery), _pct(t.coverage), f"{t.seen}/{t.questions}"]


TOPIC_HEADS = ["mastery", "studied", "seen"]


def topic_heads(lang: str) -> list[str]:
    """The headings of `topic_cells`: the glossary's names of the figures."""
    return [term(lang, figure) for figure in TOPIC_HEADS]


def gain_text(lang: str, gain: float) -> str:
    return word(lang, "points", gain=f"{100 * gain:.1f}")


def render_text(
    report: Report, width: int = 100, color: bool = False, lang: str | None = None
) -> str:
    """The report for a terminal, in `lang` (default: the report's language)."""
    from rich.console import Console
    from rich.table import Table

    lang = lang or report.lang
    buffer = io.StringIO()
    console = Console(file=buffer, width=width, force_terminal=color, color_system=None)
    console.print(
        f"[bold]{word(lang, 'title', user=report.user)}[/bold] ({report.today})", highlight=False
    )
    for line in _summary_lines(report, lang):
        console.print(line, highlight=False, markup=False)
    console.print(f"\n[bold]{word(lang, 'glossary')}[/bold]")
    for line in explanations(report, lang):
        console.print(f"  {line}", highlight=False, markup=False)

    topics = Table(title=word(lang, "mastery_per_topic"))
    columns = [
        (word(lang, "topic"), "left"),
        (term(lang, "mastery"), "right"),
        ("", "left"),
        (term(lang, "studied"), "right"),
        (term(lang, "seen"), "right"),
        (term(lang, "accuracy_30d"), "right"),
        (word(lang, "leeches"), "right"),
    ]
    for n, (name, justify) in enumerate(columns):
        align: Literal["left", "right"] = "left" if justify == "left" else "right"
        topics.add_column(name, justify=align, no_wrap=n == 0, min_width=cell_len(name))
    for t in report.topics:
        if t.depth > TOPIC_DEPTH:
            continue
        mastery, coverage, seen = topic_cells(t)
        topics.add_row(
            "  " * t.depth + report.topic_label(t.topic, lang),
            mastery,
            bar(t.mastery, 10),
            coverage,
            seen,
            _pct(t.accuracy_30d),
            str(t.leeches or ""),
        )
    console.print(topics)

    weak = Table(title=word(lang, "study_next"))
    heads = [word(lang, "topic"), word(lang, "weight"), *topic_heads(lang), term(lang, "gain")]
    for n, name in enumerate(heads):
        weak.add_column(name, justify="left" if n == 0 else "right", min_width=cell_len(name))
    for w in report.readiness.weakest:
        weak.add_row(
            report.topic_label(w.topic, lang),
            _pct(w.weight),
            *topic_cells(w),
            gain_text(lang, w.gain),
        )
    console.print(weak)

    fc = report.forecast
    counts = [n for _, n in fc.days]
    console.print(
        word(lang, "due_next", n=sum(counts), overdue=fc.overdue) + f"  {sparkline(counts)}",
        highlight=False,
    )
    grid = report.heatmap
    console.print(word(lang, "heatmap_text"), highlight=False)
    top = max((v or 0 for column in grid for v in column), default=0)
    for weekday in range(7):
        cells = []
        for column in grid:
            cell = column[weekday]
            if cell is None:
                cells.append(" ")
            elif cell == 0 or top == 0:
                cells.append("·")
            else:
                cells.append(BLOCKS[max(1, min(8, round(8 * cell / top)))])
        console.print("  " + "".join(cells), highlight=False)
    if report.exercises:
        ex = Table(title=word(lang, "exercises"))
        for key in ("exercise", "status", "attempts", "last", "best"):
            ex.add_column(word(lang, key))
        for row in exercise_rows(report, lang):
            ex.add_row(*row)
        console.print(ex)
    if report.gpu_timing:
        from trainer.reports.render_gpu import timing_text

        console.print("\n".join(timing_text(report.gpu_timing, lang)), highlight=False)
    return buffer.getvalue()


def exercise_rows(report: Report, lang: str) -> list[list[str]]:
    return [
        [
            e.exercise_id,
            value(lang, e.status),
            str(e.attempts),
            e.last_verdict,
            "-" if e.best_ms is None else f"{e.best_ms} ms",
        ]
        for e in report.exercises
    ]


def _md(text: str) -> str:
    """A table cell: no pipe breaks the row."""
    return text.replace("|", "\\|")


def render_markdown(report: Report, lang: str | None = None) -> str:
    """The report as GitHub Markdown, in `lang` (default: the report's language)."""
    lang = lang or report.lang
    out = [
        f"# {word(lang, 'title', user=report.user)}",
        "",
        word(lang, "generated", day=report.today),
        "",
    ]
    out += [f"- {line}" for line in _summary_lines(report, lang)]
    out += ["", f"## {word(lang, 'glossary')}", ""]
    out += [f"- {line}" for line in explanations(report, lang)]
    out += ["", f"## {word(lang, 'mastery_per_topic')}", ""]
    heads = [
        word(lang, "topic"),
        word(lang, "id"),
        *topic_heads(lang),
        term(lang, "accuracy_30d"),
        word(lang, "leeches"),
    ]
    out += ["| " + " | ".join(heads) + " |", "|---|---|---:|---:|---:|---:|---:|"]
    for t in report.topics:
        cells = " | ".join(topic_cells(t))
        out.append(
            f"| {'&nbsp;' * 2 * t.depth}{_md(report.topic_label(t.topic, lang))} | `{t.topic}` "
            f"| {cells} | {_pct(t.accuracy_30d)} | {t.leeches} |"
        )
    out += ["", f"## {word(lang, 'study_next')}", ""]
    heads = [
        word(lang, "topic"),
        word(lang, "id"),
        word(lang, "weight"),
        *topic_heads(lang),
        term(lang, "gain"),
    ]
    out += ["| " + " | ".join(heads) + " |", "|---|---|---:|---:|---:|---:|---:|"]
    for w in report.readiness.weakest:
        cells = " | ".join(topic_cells(w))
        out.append(
            f"| {_md(report.topic_label(w.topic, lang))} | `{w.topic}` | {_pct(w.weight)} "
            f"| {cells} | {gain_text(lang, w.gain)} |"
        )
    areas = report.readiness.areas
    out += ["", f"## {word(lang, 'mastery_per_area')}", ""]
    out += [f"| {word(lang, 'area')} | {term(lang, 'mastery')} |", "|---|---:|"]
    out += [f"| {report.topic_name(a, lang)} | {_pct(v)} |" for a, v in areas.items()]
    out += [
        "",
        f"## {word(lang, 'forecast')}",
        "",
        word(lang, "overdue", n=report.forecast.overdue),
    ]
    out += ["", f"| {word(lang, 'day')} | {word(lang, 'due')} |", "|---|---:|"]
    out += [f"| {d} | {n} |" for d, n in report.forecast.days]
    ret = report.retention
    desired = word(lang, "desired", desired=_pct(ret.desired), verdict=ret.verdict(lang))
    out += ["", f"## {word(lang, 'true_retention')}", "", desired, ""]
    out += [f"| {word(lang, 'last_30_days')} | {word(lang, 'all_time')} |", "|---:|---:|"]
    out.append(
        f"| {_pct(ret.recent.rate)} ({ret.recent.reviews}) | {_pct(ret.overall.rate)} "
        f"({ret.overall.reviews}) |"
    )
    if ret.calibration:
        out += ["", word(lang, "calibration_head", gap=_pct(ret.calibration_error)), ""]
        heads = [
            word(lang, k) for k in ("predicted_recall", "reviews_col", "predicted", "recalled")
        ]
        out += ["| " + " | ".join(heads) + " |", "|---|---:|---:|---:|"]
        out += [
            f"| {b.low:.1f}–{b.high:.1f} | {b.reviews} | {_pct(b.predicted)} | {_pct(b.observed)} |"
            for b in ret.calibration
        ]
        out += ["", parameters_line(report.fsrs, lang)]
    if report.exercises:
        heads = [word(lang, k) for k in ("exercise", "status", "attempts", "last", "best")]
        out += ["", f"## {word(lang, 'exercises')}", "", "| " + " | ".join(heads) + " |"]
        out.append("|---|---|---:|---|---:|")
        out += ["| " + " | ".join(row) + " |" for row in exercise_rows(report, lang)]
    if report.gpu_timing:
        from trainer.reports.render_gpu import timing_text

        out += ["", f"## {word(lang, 'gpu_timing')}", "", "```"]
        out += [*timing_text(report.gpu_timing, lang), "```"]
    return "\n".join(out) + "\n"

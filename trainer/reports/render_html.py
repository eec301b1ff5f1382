"""The HTML report: one self-contained file, charts as inline SVG drawn by matplotlib.

No CDN, no script, no external font: the file opens offline. Each chart is a matplotlib `Figure`
saved through the SVG backend (never pyplot, so no global state) with text kept as text and
element ids salted per chart, so several SVGs can share one page. Each chart's <svg> sits in a
<figure> with a `data-chart` name, which the tests look for.
"""

from __future__ import annotations

import html
import io
from typing import TYPE_CHECKING, Any

from trainer.reports.compute import TOPIC_DEPTH
from trainer.reports.render_text import TOPIC_HEADS, _pct, _summary_lines, explanations, topic_cells
from trainer.reports.report import Report

if TYPE_CHECKING:
    from matplotlib.figure import Figure

STYLE = """
body{font-family:system-ui,-apple-system,"Hiragino Sans","Noto Sans CJK JP",sans-serif;
margin:2rem auto;max-width:960px;color:#222;padding:0 1rem}
h1{font-size:1.6rem}h2{font-size:1.2rem;margin-top:2rem;border-bottom:1px solid #ddd}
table{border-collapse:collapse;width:100%;font-size:.9rem}
td,th{padding:.25rem .5rem;border-bottom:1px solid #eee;text-align:right}
td:first-child,th:first-child{text-align:left}
figure{margin:1rem 0}figure svg{width:100%;height:auto}
#glossary td,#glossary th{text-align:left;width:50%}
.summary li{margin:.3rem 0}.big{font-size:2rem;font-weight:bold}
"""


def _svg(figure: Figure, name: str) -> str:
    import matplotlib
    from matplotlib.backends.backend_svg import FigureCanvasSVG

    FigureCanvasSVG(figure)
    buffer = io.StringIO()
    with matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": f"trainer-{name}"}):
        figure.savefig(buffer, format="svg", bbox_inches="tight", metadata={"Date": None})
    text = buffer.getvalue()
    start = text.index("<svg")
    return text[start:]


def _figure(width: float, height: float) -> Figure:
    from matplotlib.figure import Figure

    return Figure(figsize=(width, height), dpi=100)


def heatmap_chart(report: Report) -> str:
    import numpy as np

    grid = report.heatmap
    data = np.array(
        [[np.nan if v is None else float(v) for v in column] for column in grid], dtype=float
    ).T
    fig = _figure(9, 2.2)
    ax = fig.add_subplot()
    masked = np.ma.masked_invalid(data)
    image = ax.pcolormesh(masked, cmap="Greens", edgecolors="white", linewidth=1.5, vmin=0)
    ax.set_yticks([0.5, 2.5, 4.5], labels=["Mon", "Wed", "Fri"])
    ax.invert_yaxis()
    ax.set_xticks([])
    ax.set_aspect("equal")
    ax.set_title("Reviews per day (last 26 weeks)", loc="left", fontsize=10)
    for spine in ax.spines.values():
        spine.set_visible(False)
    fig.colorbar(image, ax=ax, fraction=0.02, pad=0.01)
    return _svg(fig, "heatmap")


def mastery_chart(report: Report) -> str:
    """Every topic of the topic lists (none left out: the figure grows with the bank), each as
    its coverage with its mastery drawn over it (mastery never exceeds coverage)."""
    topics = [t for t in report.topics if t.depth == TOPIC_DEPTH] or [
        t for t in report.topics if t.depth == 0
    ]
    fig = _figure(9, max(2.0, 0.28 * len(topics) + 1))
    ax = fig.add_subplot()
    names = [t.topic for t in topics]
    positions = list(range(len(topics)))
    ax.barh(positions, [t.coverage for t in topics], color="#cfe3f7", label="studied (coverage)")
    ax.barh(positions, [t.mastery for t in topics], color="#2f7ed8", label="mastery")
    ax.set_yticks(positions, labels=names, fontsize=8)
    ax.invert_yaxis()
    ax.set_ylim(len(topics) - 0.5, -0.5)
    ax.set_xlim(0, 1)
    ax.xaxis.set_major_formatter("{x:.0%}")
    ax.legend(loc="lower right", fontsize=8)
    ax.set_title("Mastery per topic", loc="left", fontsize=10)
    return _svg(fig, "mastery")


def forecast_chart(report: Report) -> str:
    fc = report.forecast
    fig = _figure(9, 2.6)
    ax = fig.add_subplot()
    labels = [d.strftime("%m-%d") for d, _ in fc.days]
    counts = [n for _, n in fc.days]
    ax.bar(range(len(counts)), counts, color="#f0a030")
    ax.set_xticks(range(0, len(labels), 5), labels=labels[::5], fontsize=8)
    ax.set_ylabel("cards due")
    ax.set_title(f"Forecast: next 30 days ({fc.overdue} overdue now)", loc="left", fontsize=10)
    return _svg(fig, "forecast")


def trend_chart(report: Report) -> str:
    points = [d for d in report.trend if d.reviews]
    fig = _figure(9, 2.6)
    ax = fig.add_subplot()
    if points:
        ax.plot(
            [d.day.toordinal() - points[0].day.toordinal() for d in points],
            [d.correct / d.reviews for d in points],
            marker="o",
            color="#2a9d58",
        )
    ax.set_ylim(0, 1)
    ax.yaxis.set_major_formatter("{x:.0%}")
    ax.axhline(report.retention.desired, color="#999", linestyle="--", linewidth=1)
    if points:
        ticks = list(range(0, len(points), max(1, len(points) // 6)))
        ax.set_xticks(
            [points[n].day.toordinal() - points[0].day.toordinal() for n in ticks],
            labels=[points[n].day.strftime("%m-%d") for n in ticks],
            fontsize=8,
        )
    ax.set_title("Accuracy per week (7-day windows)", loc="left", fontsize=10)
    return _svg(fig, "trend")


def calibration_chart(report: Report) -> str:
    """Recalled against predicted, one dot per tenth of predicted recall (area ~ reviews): on
    the diagonal, FSRS predicts this learner's memory well; below it, too optimistically."""
    bands = report.retention.calibration
    fig = _figure(4.2, 4.2)
    ax = fig.add_subplot()
    ax.plot([0, 1], [0, 1], color="#999", linestyle="--", linewidth=1)
    most = max(b.reviews for b in bands)
    ax.scatter(
        [b.predicted for b in bands],
        [b.passed / b.reviews for b in bands],
        s=[30 + 270 * b.reviews / most for b in bands],
        color="#3a6fb0",
        alpha=0.8,
    )
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    ax.xaxis.set_major_formatter("{x:.0%}")
    ax.yaxis.set_major_formatter("{x:.0%}")
    ax.set_xlabel("predicted recall (FSRS)")
    ax.set_ylabel("recalled")
    ax.set_title(
        f"Calibration: mean gap {_pct(report.retention.calibration_error)}", loc="left", fontsize=10
    )
    return _svg(fig, "calibration")


def _table(headers: list[str], rows: list[list[Any]], name: str | None = None) -> str:
    head = "".join(f"<th>{html.escape(h)}</th>" for h in headers)
    body = "".join(
        "<tr>" + "".join(f"<td>{html.escape(str(c))}</td>" for c in row) + "</tr>" for row in rows
    )
    named = "" if name is None else f' id="{name}"'
    return f"<table{named}><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def render_html(report: Report) -> str:
    charts = {
        "heatmap": heatmap_chart(report),
        "mastery": mastery_chart(report),
        "forecast": forecast_chart(report),
        "trend": trend_chart(report),
    }
    if report.retention.calibration:
        charts["calibration"] = calibration_chart(report)

    def figure(name: str) -> str:
        return f'<figure data-chart="{name}">{charts[name]}</figure>'

    r = report.readiness
    parts = [
        "<!DOCTYPE html>",
        '<html lang="ja"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>Progress report: {html.escape(report.user)}</title>",
        f"<style>{STYLE}</style></head><body>",
        f"<h1>E資格 progress report: {html.escape(report.user)}</h1>",
        f"<p>Generated {report.today.isoformat()}.</p>",
        f'<p class="big" id="expected-score">{_pct(r.expected)}</p>',
        "<ul class=summary>",
        *(f"<li>{html.escape(line)}</li>" for line in _summary_lines(report)),
        "</ul>",
        "<h2>What the figures mean / 各数値の意味</h2>",
        _table(["English", "日本語"], [[en, ja] for en, ja in explanations(report)], "glossary"),
        "<h2>Review calendar</h2>",
        figure("heatmap"),
        "<h2>Mastery per topic</h2>",
        figure("mastery"),
        "<h2>Study next</h2>",
        _table(
            ["topic", "weight", *TOPIC_HEADS, "gain"],
            [
                [w.topic, _pct(w.weight), *topic_cells(w), f"+{100 * w.gain:.1f} pts"]
                for w in r.weakest
            ],
        ),
        "<h2>Mastery per area</h2>",
        _table(["area", "mastery"], [[a, _pct(v)] for a, v in r.areas.items()]),
        "<h2>Forecast</h2>",
        figure("forecast"),
        "<h2>Accuracy trend</h2>",
        figure("trend"),
        *(
            ["<h2>Does FSRS predict your memory?</h2>", figure("calibration")]
            if "calibration" in charts
            else []
        ),
        "<h2>Topics</h2>",
        _table(
            ["topic", *TOPIC_HEADS, "30-day accuracy", "leeches"],
            [[t.topic, *topic_cells(t), _pct(t.accuracy_30d), t.leeches] for t in report.topics],
            "topics",
        ),
    ]
    if report.exercises:
        parts += [
            "<h2>Exercises</h2>",
            _table(
                ["exercise", "status", "attempts", "last verdict", "best"],
                [
                    [
                        e.exercise_id,
                        e.status,
                        e.attempts,
                        e.last_verdict,
                        "-" if e.best_ms is None else f"{e.best_ms} ms",
                    ]
                    for e in report.exercises
                ],
            ),
        ]
    if report.gpu_timing:
        from trainer.reports.render_gpu import timing_html

        parts.append(timing_html(report.gpu_timing))
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"

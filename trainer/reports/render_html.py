"""The HTML report: one self-contained file, charts as inline SVG drawn by matplotlib.

No CDN, no script, no external font: the file opens offline. The page is in one language (the
report's, which also goes into `<html lang>`), and its font stack names the Japanese fonts of the
common systems so that a browser picks real Japanese glyphs. Each chart is a matplotlib `Figure`
saved through the SVG backend (never pyplot, so no global state) with text kept as text and
element ids salted per chart, so several SVGs can share one page. Each chart's <svg> sits in a
<figure> with a `data-chart` name, which the tests look for.
"""

from __future__ import annotations

import html
import io
from typing import TYPE_CHECKING, Any

from trainer.reports.compute import TOPIC_DEPTH
from trainer.reports.glossary import FIGURES, term
from trainer.reports.parameters import parameters_line
from trainer.reports.render_text import (
    _pct,
    _summary_lines,
    exercise_rows,
    explanations,
    gain_text,
    topic_cells,
    topic_heads,
)
from trainer.reports.report import Report
from trainer.reports.words import word

if TYPE_CHECKING:
    from matplotlib.figure import Figure

# Japanese fonts first on every common system (Linux: Noto CJK, IPA; macOS: Hiragino; Windows:
# Yu Gothic, Meiryo), so that no browser falls back to a Chinese face or draws boxes.
FONT_STACK = (
    '"Noto Sans CJK JP","Noto Sans JP","Hiragino Sans","Hiragino Kaku Gothic ProN",'
    '"Yu Gothic",YuGothic,Meiryo,"IPAexGothic","IPAGothic",system-ui,sans-serif'
)
STYLE = """
body{font-family:FONTS;margin:2rem auto;max-width:960px;color:#222;padding:0 1rem}
h1{font-size:1.6rem}h2{font-size:1.2rem;margin-top:2rem;border-bottom:1px solid #ddd}
table{border-collapse:collapse;width:100%;font-size:.9rem}
td,th{padding:.25rem .5rem;border-bottom:1px solid #eee;text-align:right}
td:first-child,th:first-child{text-align:left}
figure{margin:1rem 0}figure svg{width:100%;height:auto}
figure svg text{font-family:FONTS !important}
#glossary td,#glossary th{text-align:left}
.summary li{margin:.3rem 0}.big{font-size:2rem;font-weight:bold}
.path{color:#888;font-size:.75rem;margin-left:.5rem;font-family:ui-monospace,monospace}
""".replace("FONTS", FONT_STACK)

# Fonts with Japanese glyphs that matplotlib may find (by family name) for Japanese chart labels.
CJK_FONTS = (
    "Noto Sans CJK JP",
    "Noto Sans JP",
    "IPAexGothic",
    "IPAGothic",
    "Hiragino Sans",
    "Hiragino Kaku Gothic ProN",
    "Yu Gothic",
    "Meiryo",
    "TakaoGothic",
    "VL Gothic",
    "Source Han Sans JP",
)
CJK_FILES = ("CJK", "ipaexg", "ipag", "Hiragino", "YuGoth", "meiryo", "SourceHanSans")
_found: list[str | None] = []  # looked up once per process


def cjk_font() -> str | None:
    """The family name of an installed font with Japanese glyphs that matplotlib can lay text
    out with, or None. matplotlib's font cache may predate the font's installation, so the
    system's font files are looked through (once) when the cache names none."""
    if _found:
        return _found[0]
    from matplotlib import font_manager

    def known() -> str | None:
        names = {f.name for f in font_manager.fontManager.ttflist}
        return next((name for name in CJK_FONTS if name in names), None)

    found = known()
    if found is None:
        try:
            paths = font_manager.findSystemFonts()
        except Exception:  # no fc-list, unreadable folders: then there is no CJK font
            paths = []
        for path in paths:
            if any(part in path for part in CJK_FILES):
                try:
                    font_manager.fontManager.addfont(path)
                except Exception:  # a font file matplotlib cannot read
                    continue
        found = known()
    _found.append(found)
    return found


def chart_lang(lang: str) -> str:
    """The language of the chart labels: Japanese only when matplotlib has a Japanese font to
    measure them with. Without one, matplotlib would size the labels with missing-glyph boxes
    (and draw the boxes, were text drawn as paths), so the charts are then labelled in English
    while the rest of the page stays Japanese: no tofu, at the cost of one language per page."""
    return "ja" if lang == "ja" and cjk_font() is not None else "en"


def _svg(figure: Figure, name: str) -> str:
    """The figure as SVG (made, and so saved, under `_fonts`: its text keeps its fonts)."""
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


def _fonts(lang: str) -> Any:
    """The rc settings a chart is made under: Text objects read `font.family` when they are
    created, so the labels must be made inside it (and `_svg` saves under it again)."""
    import matplotlib

    font = cjk_font() if lang == "ja" else None
    return matplotlib.rc_context({"font.family": [font, "DejaVu Sans"]} if font else {})


def heatmap_chart(report: Report, lang: str = "en") -> str:
    import numpy as np

    lang = chart_lang(lang)
    grid = report.heatmap
    data = np.array(
        [[np.nan if v is None else float(v) for v in column] for column in grid], dtype=float
    ).T
    with _fonts(lang):
        fig = _figure(9, 2.2)
        ax = fig.add_subplot()
        masked = np.ma.masked_invalid(data)
        image = ax.pcolormesh(masked, cmap="Greens", edgecolors="white", linewidth=1.5, vmin=0)
        ax.set_yticks([0.5, 2.5, 4.5], labels=word(lang, "weekdays").split(","))
        ax.invert_yaxis()
        ax.set_xticks([])
        ax.set_aspect("equal")
        ax.set_title(word(lang, "heatmap_chart"), loc="left", fontsize=10)
        for spine in ax.spines.values():
            spine.set_visible(False)
        fig.colorbar(image, ax=ax, fraction=0.02, pad=0.01)
        return _svg(fig, "heatmap")


def mastery_chart(report: Report, lang: str = "en") -> str:
    """Every topic of the topic lists (none left out: the figure grows with the bank), each as
    its coverage with its mastery drawn over it (mastery never exceeds coverage). Topics are
    labelled with their syllabus names (`Report.topic_label`)."""
    lang = chart_lang(lang)
    topics = [t for t in report.topics if t.depth == TOPIC_DEPTH] or [
        t for t in report.topics if t.depth == 0
    ]
    with _fonts(lang):
        fig = _figure(9, max(2.0, 0.28 * len(topics) + 1))
        ax = fig.add_subplot()
        names = [report.topic_label(t.topic, lang) for t in topics]
        positions = list(range(len(topics)))
        coverage = [t.coverage for t in topics]
        ax.barh(positions, coverage, color="#cfe3f7", label=word(lang, "coverage_legend"))
        mastery = [t.mastery for t in topics]
        ax.barh(positions, mastery, color="#2f7ed8", label=word(lang, "mastery_legend"))
        ax.set_yticks(positions, labels=names, fontsize=8)
        ax.invert_yaxis()
        ax.set_ylim(len(topics) - 0.5, -0.5)
        ax.set_xlim(0, 1)
        ax.xaxis.set_major_formatter("{x:.0%}")
        ax.legend(loc="lower right", fontsize=8)
        ax.set_title(word(lang, "mastery_per_topic"), loc="left", fontsize=10)
        return _svg(fig, "mastery")


def forecast_chart(report: Report, lang: str = "en") -> str:
    lang = chart_lang(lang)
    fc = report.forecast
    with _fonts(lang):
        fig = _figure(9, 2.6)
        ax = fig.add_subplot()
        labels = [d.strftime("%m-%d") for d, _ in fc.days]
        counts = [n for _, n in fc.days]
        ax.bar(range(len(counts)), counts, color="#f0a030")
        ax.set_xticks(range(0, len(labels), 5), labels=labels[::5], fontsize=8)
        ax.set_ylabel(word(lang, "cards_due"))
        ax.set_title(word(lang, "forecast_chart", n=fc.overdue), loc="left", fontsize=10)
        return _svg(fig, "forecast")


def trend_chart(report: Report, lang: str = "en") -> str:
    lang = chart_lang(lang)
    points = [d for d in report.trend if d.reviews]
    with _fonts(lang):
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
        ax.set_title(word(lang, "trend_chart"), loc="left", fontsize=10)
        return _svg(fig, "trend")


def calibration_chart(report: Report, lang: str = "en") -> str:
    """Recalled against predicted, one dot per tenth of predicted recall (area ~ reviews): on
    the diagonal, FSRS predicts this learner's memory well; below it, too optimistically."""
    lang = chart_lang(lang)
    bands = report.retention.calibration
    with _fonts(lang):
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
        ax.set_xlabel(word(lang, "predicted_axis"))
        ax.set_ylabel(word(lang, "recalled_axis"))
        gap = _pct(report.retention.calibration_error)
        ax.set_title(word(lang, "calibration_chart", gap=gap), loc="left", fontsize=10)
        return _svg(fig, "calibration")


def _cell(cell: Any) -> str:
    """A table cell: text escaped; a `Markup` (already HTML) as it is."""
    return cell.html if isinstance(cell, Markup) else html.escape(str(cell))


class Markup:
    """A table cell that is HTML already (a topic's name with its path beside it)."""

    def __init__(self, html_text: str, text: str) -> None:
        self.html = html_text
        self.text = text

    def __str__(self) -> str:
        return self.text


def topic_cell(report: Report, topic: str, lang: str, indent: int = 0) -> Markup:
    """The topic's syllabus number and name, with its path (what `--topic` also takes) small and
    grey beside."""
    name = report.topic_label(topic, lang)
    pad = "&nbsp;" * 2 * indent
    return Markup(f'{pad}{html.escape(name)}<span class="path">{html.escape(topic)}</span>', name)


def _table(headers: list[str], rows: list[list[Any]], name: str | None = None) -> str:
    head = "".join(f"<th>{html.escape(h)}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{_cell(c)}</td>" for c in row) + "</tr>" for row in rows)
    named = "" if name is None else f' id="{name}"'
    return f"<table{named}><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def render_html(report: Report, lang: str | None = None) -> str:
    """The page, in `lang` (default: the report's language)."""
    lang = lang or report.lang
    charts = {
        "heatmap": heatmap_chart(report, lang),
        "mastery": mastery_chart(report, lang),
        "forecast": forecast_chart(report, lang),
        "trend": trend_chart(report, lang),
    }
    if report.retention.calibration:
        charts["calibration"] = calibration_chart(report, lang)

    def figure(name: str) -> str:
        return f'<figure data-chart="{name}">{charts[name]}</figure>'

    def h2(key: str) -> str:
        return f"<h2>{html.escape(word(lang, key))}</h2>"

    r = report.readiness
    glossary = [
        [term(lang, figure), line.split(": ", 1)[-1]]
        for figure, line in zip(FIGURES, explanations(report, lang), strict=True)
    ]
    parts = [
        "<!DOCTYPE html>",
        f'<html lang="{html.escape(lang)}"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{html.escape(word(lang, 'html_title', user=report.user))}</title>",
        f"<style>{STYLE}</style></head><body>",
        f"<h1>{html.escape(word(lang, 'html_title', user=report.user))}</h1>",
        f"<p>{html.escape(word(lang, 'generated', day=report.today.isoformat()))}</p>",
        f'<p class="big" id="expected-score">{_pct(r.expected)}</p>',
        "<ul class=summary>",
        *(f"<li>{html.escape(line)}</li>" for line in _summary_lines(report, lang)),
        "</ul>",
        h2("glossary"),
        _table([word(lang, "figure"), word(lang, "meaning")], glossary, "glossary"),
        h2("review_calendar"),
        figure("heatmap"),
        h2("mastery_per_topic"),
        figure("mastery"),
        h2("study_next"),
        _table(
            [word(lang, "topic"), word(lang, "weight"), *topic_heads(lang), term(lang, "gain")],
            [
                [
                    topic_cell(report, w.topic, lang),
                    _pct(w.weight),
                    *topic_cells(w),
                    gain_text(lang, w.gain),
                ]
                for w in r.weakest
            ],
            "weakest",
        ),
        h2("mastery_per_area"),
        _table(
            [word(lang, "area"), term(lang, "mastery")],
            [[report.topic_name(a, lang), _pct(v)] for a, v in r.areas.items()],
            "areas",
        ),
        h2("forecast"),
        figure("forecast"),
        h2("accuracy_trend"),
        figure("trend"),
        *(
            [
                h2("calibration_section"),
                figure("calibration"),
                f"<p>{html.escape(parameters_line(report.fsrs, lang))}</p>",
            ]
            if "calibration" in charts
            else []
        ),
        h2("topics"),
        _table(
            [
                word(lang, "topic"),
                *topic_heads(lang),
                term(lang, "accuracy_30d"),
                word(lang, "leeches"),
            ],
            [
                [
                    topic_cell(report, t.topic, lang, t.depth),
                    *topic_cells(t),
                    _pct(t.accuracy_30d),
                    t.leeches,
                ]
                for t in report.topics
            ],
            "topics",
        ),
    ]
    if report.exercises:
        heads = [word(lang, k) for k in ("exercise", "status", "attempts", "last", "best")]
        parts += [h2("exercises"), _table(heads, exercise_rows(report, lang))]
    if report.gpu_timing:
        from trainer.reports.render_gpu import timing_html

        parts.append(timing_html(report.gpu_timing, lang))
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"

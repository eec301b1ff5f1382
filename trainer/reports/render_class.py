"""The class dashboard as text (a terminal) and as an HTML page with an SVG heatmap."""

from __future__ import annotations

import html

from rich.cells import cell_len

from trainer.reports.class_report import ClassReport

WORDS = {
    "title": ("クラスの学習状況", "Class progress"),
    "learner": ("受講者", "learner"),
    "readiness": ("合格見込み", "readiness"),
    "p_pass": ("合格確率", "P(pass)"),
    "reviews_7d": ("7日", "7 days"),
    "reviews_30d": ("30日", "30 days"),
    "streak": ("連続", "streak"),
    "retention": ("定着率", "retention"),
    "exercises": ("演習", "exercises"),
    "last_exam": ("直近の模試", "last mock exam"),
    "flagged": ("フラグ", "flagged"),
    "heatmap": ("分野別の定着度（受講者 × 分野）", "Mastery by topic (learners × topics)"),
    "weakest": ("クラスで弱い分野", "The class's weakest topics"),
    "missed": ("よく間違えられる問題", "Questions most often missed"),
    "misses": ("誤答", "misses"),
    "no_learners": ("まだ受講者の記録がありません。", "No learner has studied yet."),
}


def word(lang: str, key: str) -> str:
    ja, en = WORDS[key]
    return ja if lang == "ja" else en


def _pct(value: float | None) -> str:
    return "-" if value is None else f"{value:.0%}"


def _pad(text: str, width: int) -> str:
    return text + " " * max(0, width - cell_len(text))


def render_class_text(report: ClassReport, lang: str) -> str:
    if not report.learners:
        return word(lang, "no_learners") + "\n"
    heads = ["learner", "readiness", "p_pass", "reviews_7d", "reviews_30d", "streak",
             "retention", "exercises", "flagged"]  # fmt: skip
    rows = [
        [r.name, _pct(r.expected), _pct(r.p_pass), str(r.reviews_7d), str(r.reviews_30d),
         str(r.streak), _pct(r.true_retention), str(r.exercises_passed), str(r.flagged)]
        for r in report.learners
    ]  # fmt: skip
    table = [[word(lang, h) for h in heads], *rows]
    widths = [max(cell_len(row[i]) for row in table) for i in range(len(heads))]
    out = [f"{word(lang, 'title')} ({report.generated_at:%Y-%m-%d})", ""]
    out += ["  ".join(_pad(cell, w) for cell, w in zip(row, widths, strict=True)) for row in table]
    out += ["", word(lang, "weakest")]
    out += [f"  {report.names.label(t, lang)}  {_pct(m)}" for t, m in report.weakest]
    out += ["", word(lang, "missed")]
    out += [f"  {q}  {n} ({k})" for q, n, k in report.missed]
    return "\n".join(out) + "\n"


def _colour(value: float) -> str:
    """White (0) to a deep blue (1)."""
    red = int(255 - 205 * value)
    green = int(255 - 135 * value)
    return f"rgb({red},{green},230)" if value > 0 else "rgb(245,245,245)"


def heatmap_svg(report: ClassReport, lang: str) -> str:
    """Learners as rows, the syllabus's majors and sections as columns, mastery as colour."""
    topics = report.topics
    cell, left, top = 22, 140, 170
    width, height = left + cell * len(topics) + 10, top + cell * len(report.learners) + 10
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
             f'role="img" aria-label="{html.escape(word(lang, "heatmap"))}">']  # fmt: skip
    for j, topic in enumerate(topics):
        x = left + cell * j + cell / 2
        label = html.escape(report.names.label(topic, lang))
        weight = "bold" if "/" not in topic else "normal"
        parts.append(
            f'<text x="{x}" y="{top - 6}" transform="rotate(-60 {x} {top - 6})" '
            f'font-size="11" font-weight="{weight}">{label}</text>'
        )
    for i, row in enumerate(report.learners):
        y = top + cell * i
        parts.append(
            f'<text x="{left - 6}" y="{y + 15}" text-anchor="end" font-size="12">'
            f"{html.escape(row.name)}</text>"
        )
        for j, topic in enumerate(topics):
            value = row.mastery.get(topic, 0.0)
            parts.append(
                f'<rect x="{left + cell * j}" y="{y}" width="{cell - 2}" height="{cell - 2}" '
                f'fill="{_colour(value)}"><title>{html.escape(row.name)} · '
                f"{html.escape(report.names.label(topic, lang))}: {value:.0%}</title></rect>"
            )
    parts.append("</svg>")
    return "".join(parts)


def render_class_html(report: ClassReport, lang: str) -> str:
    esc = html.escape
    body = [f"<h1>{esc(word(lang, 'title'))}</h1>"]
    if not report.learners:
        body.append(f"<p>{esc(word(lang, 'no_learners'))}</p>")
    else:
        heads = ["learner", "readiness", "p_pass", "reviews_7d", "reviews_30d", "streak",
                 "retention", "exercises", "last_exam", "flagged"]  # fmt: skip
        body.append("<table><thead><tr>")
        body += [f"<th>{esc(word(lang, h))}</th>" for h in heads]
        body.append("</tr></thead><tbody>")
        for r in report.learners:
            exam = ", ".join(f"{a} {_pct(v)}" for a, v in r.last_exam.items()) or "-"
            cells = [
                *(r.name, _pct(r.expected), _pct(r.p_pass), r.reviews_7d, r.reviews_30d),
                *(r.streak, _pct(r.true_retention), r.exercises_passed, exam, r.flagged),
            ]
            body.append("<tr>" + "".join(f"<td>{esc(str(c))}</td>" for c in cells) + "</tr>")
        body.append("</tbody></table>")
        body.append(f"<h2>{esc(word(lang, 'heatmap'))}</h2>{heatmap_svg(report, lang)}")
        body.append(f"<h2>{esc(word(lang, 'weakest'))}</h2><ol>")
        body += [
            f"<li>{esc(report.names.label(t, lang))}: {_pct(m)}</li>" for t, m in report.weakest
        ]
        body.append(f"</ol><h2>{esc(word(lang, 'missed'))}</h2><ol>")
        body += [f"<li><code>{esc(q)}</code>: {n} ({k})</li>" for q, n, k in report.missed]
        body.append("</ol>")
    fonts = '"Noto Sans CJK JP", "Hiragino Sans", "Yu Gothic", "IPAexGothic", sans-serif'
    return (
        f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8">'
        f"<title>{esc(word(lang, 'title'))}</title><style>body{{font-family:{fonts};margin:2em}}"
        "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:4px 8px}</style>"
        f"</head><body>{''.join(body)}</body></html>\n"
    )

"""The CPU-vs-GPU timing section of the text and HTML reports."""

from __future__ import annotations

import html

from trainer.reports.gpu import GpuTiming
from trainer.reports.words import word

COLORS = {"cpu": "#4a7ab0", "gpu": "#d0602a"}


def timing_chart(timing: GpuTiming, lang: str = "en") -> str:
    """Median time per call vs size, one line per backend, log-log (slopes compare)."""
    from trainer.reports.render_html import _figure, _fonts, _svg, chart_lang

    lang = chart_lang(lang)
    with _fonts(lang):
        fig = _figure(7, 3.2)
        ax = fig.add_subplot()
        for series in timing.series:
            style = "-" if series.device == "gpu" else "--"
            ax.plot(series.sizes, series.median_ms, style, marker="o", label=series.backend)
        for cross in timing.crossovers:
            if cross.get("estimate") and not cross.get("always") and cross.get("size"):
                ax.axvline(cross["estimate"], color=COLORS["gpu"], linewidth=0.8, linestyle=":")
        ax.set_xscale("log", base=2)
        ax.set_yscale("log")
        ax.set_xlabel(word(lang, "size_axis"))
        ax.set_ylabel(word(lang, "ms_axis"))
        title = word(lang, "timing_chart", function=timing.function)
        ax.set_title(title, loc="left", fontsize=10)
        ax.legend(fontsize=8)
        return _svg(fig, f"gpu-{timing.function}")


def _crossover_lines(timing: GpuTiming, lang: str = "en") -> list[str]:
    gpu = {s.backend for s in timing.series if s.device == "gpu"}
    lines = []
    for cross in timing.crossovers:
        if cross.get("fast") not in gpu:
            continue
        if cross.get("size") is None:
            lines.append(word(lang, "never_beat", fast=cross["fast"]))
        elif cross.get("always"):
            lines.append(word(lang, "always_beat", fast=cross["fast"]))
        else:
            lines.append(
                word(
                    lang,
                    "beats_from",
                    fast=cross["fast"],
                    size=cross["size"],
                    estimate=f"{cross['estimate']:.0f}",
                )
            )
    for backend, share in timing.transfer_share.items():
        lines.append(word(lang, "transfer", backend=backend, share=f"{share:.0%}"))
    if not timing.has_gpu:
        lines.append(timing.summary)
    return lines


def timing_html(timings: list[GpuTiming], lang: str = "en") -> str:
    if not timings:
        return ""
    day = timings[0].at.date().isoformat()
    parts = [f"<h2>{html.escape(word(lang, 'gpu_timing'))} ({day})</h2>"]
    for timing in timings:
        parts.append(f'<figure data-chart="gpu-{html.escape(timing.function)}">')
        parts.append(timing_chart(timing, lang))
        parts.append("</figure>")
        parts += [f"<p>{html.escape(line)}</p>" for line in _crossover_lines(timing, lang)]
    return "\n".join(parts)


def timing_text(timings: list[GpuTiming], lang: str = "en") -> list[str]:
    lines: list[str] = []
    for timing in timings:
        day = timing.at.date().isoformat()
        lines.append(word(lang, "timing_text", function=timing.function, day=day))
        sizes = sorted({n for s in timing.series for n in s.sizes})
        head = word(lang, "size")
        lines.append("  " + f"{head:>8}" + "".join(f"{s.backend:>16}" for s in timing.series))
        for size in sizes:
            cells = []
            for series in timing.series:
                value = dict(zip(series.sizes, series.median_ms, strict=True)).get(size)
                cells.append(f"{'-' if value is None else f'{value:.3f} ms':>16}")
            lines.append("  " + f"{size:>8}" + "".join(cells))
        lines += [f"  {line}" for line in _crossover_lines(timing, lang)]
    return lines

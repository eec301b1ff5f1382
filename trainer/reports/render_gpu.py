"""The CPU-vs-GPU timing section of the text and HTML reports."""

from __future__ import annotations

import html

from trainer.reports.gpu import GpuTiming

COLORS = {"cpu": "#4a7ab0", "gpu": "#d0602a"}


def timing_chart(timing: GpuTiming) -> str:
    """Median time per call vs size, one line per backend, log-log (slopes compare)."""
    from trainer.reports.render_html import _figure, _svg

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
    ax.set_xlabel("size n")
    ax.set_ylabel("ms per call (median)")
    ax.set_title(f"{timing.function}: time per call by backend", loc="left", fontsize=10)
    ax.legend(fontsize=8)
    return _svg(fig, f"gpu-{timing.function}")


def _crossover_lines(timing: GpuTiming) -> list[str]:
    gpu = {s.backend for s in timing.series if s.device == "gpu"}
    lines = []
    for cross in timing.crossovers:
        if cross.get("fast") not in gpu:
            continue
        if cross.get("size") is None:
            lines.append(f"{cross['fast']} never beat numpy at the sizes measured")
        elif cross.get("always"):
            lines.append(f"{cross['fast']} beat numpy at every size measured")
        else:
            lines.append(
                f"{cross['fast']} beats numpy from n = {cross['size']} "
                f"(crossover near n ≈ {cross['estimate']:.0f})"
            )
    for backend, share in timing.transfer_share.items():
        lines.append(f"{backend}: host-to-device copy is {share:.0%} of an end-to-end call")
    if not timing.has_gpu:
        lines.append(timing.summary)
    return lines


def timing_html(timings: list[GpuTiming]) -> str:
    if not timings:
        return ""
    parts = [f"<h2>CPU vs GPU timing ({timings[0].at.date().isoformat()})</h2>"]
    for timing in timings:
        parts.append(f'<figure data-chart="gpu-{html.escape(timing.function)}">')
        parts.append(timing_chart(timing))
        parts.append("</figure>")
        parts += [f"<p>{html.escape(line)}</p>" for line in _crossover_lines(timing)]
    return "\n".join(parts)


def timing_text(timings: list[GpuTiming]) -> list[str]:
    lines: list[str] = []
    for timing in timings:
        lines.append(f"CPU vs GPU timing: {timing.function} ({timing.at.date().isoformat()})")
        sizes = sorted({n for s in timing.series for n in s.sizes})
        lines.append("  " + f"{'size':>8}" + "".join(f"{s.backend:>16}" for s in timing.series))
        for size in sizes:
            cells = []
            for series in timing.series:
                value = dict(zip(series.sizes, series.median_ms, strict=True)).get(size)
                cells.append(f"{'-' if value is None else f'{value:.3f} ms':>16}")
            lines.append("  " + f"{size:>8}" + "".join(cells))
        lines += [f"  {line}" for line in _crossover_lines(timing)]
    return lines

"""The report's CPU-vs-GPU section from a stored sweep (a recorded table with a known GPU)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from trainer.reports.gpu import from_details
from trainer.reports.render_gpu import timing_html, timing_text

AT = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)


def sweep() -> dict[str, Any]:
    table = {16: (2e-6, 2e-5, 1e-5), 64: (6.5e-6, 2.1e-5, 3e-5), 256: (3.2e-4, 4e-5, 2e-4)}
    rows = []
    for size, (cpu, gpu, copy) in table.items():
        rows.append(
            {"who": "student", "backend": "numpy", "size": size, "median_s": cpu, "transfer_s": 0.0}
        )
        rows.append(
            {"who": "student", "backend": "cupy", "size": size, "median_s": gpu, "transfer_s": copy}
        )
        rows.append(
            {
                "who": "reference",
                "backend": "numpy",
                "size": size,
                "median_s": cpu,
                "transfer_s": 0.0,
            }
        )
    return {
        "kind": "timing",
        "timings": [
            {
                "function": "batched_matmul",
                "summary": "GPU backends: cupy",
                "has_gpu": True,
                "backends": [{"name": "numpy", "device": "cpu"}, {"name": "cupy", "device": "gpu"}],
                "rows": rows,
                "crossovers": [
                    {
                        "fast": "cupy",
                        "slow": "numpy",
                        "size": 256,
                        "estimate": 150.0,
                        "always": False,
                    }
                ],
            }
        ],
    }


def test_series_shares_and_crossover_from_a_stored_sweep() -> None:
    [timing] = from_details(sweep(), AT)
    by_backend = {s.backend: s for s in timing.series}
    assert by_backend["numpy"].sizes == [16, 64, 256]
    assert by_backend["numpy"].median_ms == [0.002, 0.0065, 0.32]
    assert by_backend["cupy"].device == "gpu"
    assert timing.transfer_share["cupy"] == 2e-4 / (4e-5 + 2e-4)
    text = "\n".join(timing_text([timing]))
    assert "cupy beats numpy from n = 256" in text and "83% of an end-to-end call" in text


def test_html_section_has_a_chart_per_function() -> None:
    section = timing_html(from_details(sweep(), AT))
    assert '<figure data-chart="gpu-batched_matmul">' in section and "<svg" in section
    assert "crossover near n ≈ 150" in section


def test_no_gpu_and_other_details_are_handled() -> None:
    data = sweep()
    data["timings"][0].update(
        has_gpu=False, summary="no GPU backend found (cupy: CuPy not installed)"
    )
    data["timings"][0]["backends"] = [{"name": "numpy", "device": "cpu"}]
    [timing] = from_details(data, AT)
    assert "no GPU backend found" in "\n".join(timing_text([timing]))
    assert from_details({"kind": "check"}, AT) == [] and from_details(None, AT) == []
    assert timing_html([]) == ""

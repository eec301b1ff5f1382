"""Shared strategies for the convolution exercises: shapes with valid windows."""

from __future__ import annotations

from typing import Any


def geometry(draw: Any, max_side: int = 6, max_filter: int = 4, max_pad: int = 2) -> dict[str, int]:
    """N, C, H, W, filter size, stride and pad such that at least one window fits."""
    from trainer.grading import strategies as s

    pad = draw(s.integers(0, max_pad))
    h, w = draw(s.integers(1, max_side)), draw(s.integers(1, max_side))
    fh = draw(s.integers(1, min(max_filter, h + 2 * pad)))
    fw = draw(s.integers(1, min(max_filter, w + 2 * pad)))
    return {
        "N": draw(s.integers(1, 2)),
        "C": draw(s.integers(1, 3)),
        "H": h,
        "W": w,
        "filter_h": fh,
        "filter_w": fw,
        "stride": draw(s.integers(1, 3)),
        "pad": pad,
    }


def out_size(size: int, filter_size: int, stride: int, pad: int) -> int:
    return (size + 2 * pad - filter_size) // stride + 1

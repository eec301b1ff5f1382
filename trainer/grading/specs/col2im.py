"""col2im(col, input_shape, filter_h, filter_w, stride=1, pad=0): overlapping windows are summed."""

from __future__ import annotations

from typing import Any

import numpy as np

from trainer.grading.compare import Tolerance
from trainer.grading.spec import Check, Example, Exercise, call, program

PROGRAM = program(
    call(
        "col2im",
        "col",
        "input_shape",
        "filter_h",
        "filter_w",
        stride="stride",
        pad="pad",
        save="img",
    ),
    outputs=("img",),
)


def checks() -> list[Check]:
    from trainer.grading import strategies as s
    from trainer.grading.specs._conv import geometry, out_size

    @s.composite
    def cases(draw: s.DrawFn, overlap: bool) -> dict[str, Any]:
        g = geometry(draw, max_pad=0 if overlap else 2)
        if overlap:
            g["stride"] = 1
        oh = out_size(g["H"], g["filter_h"], g["stride"], g["pad"])
        ow = out_size(g["W"], g["filter_w"], g["stride"], g["pad"])
        rows, cols = g["N"] * oh * ow, g["C"] * g["filter_h"] * g["filter_w"]
        return {
            "col": draw(s.filled((rows, cols), -5, 5)),
            "input_shape": (g["N"], g["C"], g["H"], g["W"]),
            **{k: g[k] for k in ("filter_h", "filter_w", "stride", "pad")},
        }

    ones = {
        "col": np.ones((4, 9)),
        "input_shape": (1, 1, 4, 4),
        "filter_h": 3,
        "filter_w": 3,
        "stride": 1,
        "pad": 0,
    }
    return [
        Check(
            "overlapping windows add up",
            PROGRAM,
            lambda: cases(True),
            examples=(
                Example(
                    "3x3 windows on a 4x4 image: the overlap counts",
                    ones,  # all ones: only how many windows saw each pixel matters
                    explain={
                        "img": "each pixel receives the SUM of every entry of col that im2col "
                        "took from it: where windows overlap, add (+=), do not overwrite"
                    },
                ),
            ),
            tolerance=Tolerance(1e-12, 1e-12),
        ),
        Check(
            "any stride and padding",
            PROGRAM,
            lambda: cases(False),
            examples=(
                Example(
                    "pad 1",
                    {**ones, "col": np.ones((16, 9)), "pad": 1},
                    explain={
                        "img": "overlaps add up (+=), and the padding is cropped away: "
                        "img[:, :, pad:H + pad, pad:W + pad]"
                    },
                ),
            ),
            tolerance=Tolerance(1e-12, 1e-12),
        ),
    ]


EXERCISE = Exercise(
    id="col2im",
    title="col2im (summing overlaps)",
    topic="deep_learning/cnn",
    source="course notes 003 §5.3(b), §5.5 pitfall 7 (SkillUP DAY5 l.1633-1666); "
    "DLFS1 common/util.py col2im",
    summary="col2im(col, input_shape, filter_h, filter_w, stride=1, pad=0) -> (N, C, H, W), "
    "summing overlapping windows",
    functions=("col2im",),
    hints=(
        "Undo im2col's last step first: col.reshape(N, out_h, out_w, C, filter_h, filter_w)"
        ".transpose(0, 3, 4, 5, 1, 2).",
        "Allocate np.zeros((N, C, H + 2*pad + stride - 1, W + 2*pad + stride - 1)) so that every "
        "slice fits, and ADD each filter position's slice into it (+=): in backprop a pixel "
        "seen by several windows receives the sum of their gradients.",
        "Return img[:, :, pad:H + pad, pad:W + pad].",
    ),
    checks=checks,
    tags=("cnn", "convention"),
)

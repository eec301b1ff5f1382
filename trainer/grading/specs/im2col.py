"""im2col(input_data, filter_h, filter_w, stride=1, pad=0): the textbook's column order, exactly."""

from __future__ import annotations

from typing import Any

import numpy as np

from trainer.grading.compare import EXACT
from trainer.grading.spec import Check, Example, Exercise, call, program

PROGRAM = program(
    call("im2col", "input_data", "filter_h", "filter_w", stride="stride", pad="pad", save="col"),
    outputs=("col",),
)


def checks() -> list[Check]:
    from trainer.grading import strategies as s
    from trainer.grading.specs._conv import geometry

    @s.composite
    def cases(draw: s.DrawFn, pad: bool) -> dict[str, Any]:
        g = geometry(draw, max_pad=2 if pad else 0)
        shape = (g["N"], g["C"], g["H"], g["W"])
        data = np.arange(1.0, 1.0 + int(np.prod(shape))).reshape(shape)
        data = data * draw(s.sampled_from([1.0, -0.5]))
        return {"input_data": data, **{k: g[k] for k in ("filter_h", "filter_w", "stride", "pad")}}

    doc = {"input_data": np.arange(1.0, 17.0).reshape(1, 1, 4, 4), "filter_h": 2, "filter_w": 2}
    two_channels = {
        "input_data": np.stack([np.arange(1.0, 17.0), -np.arange(1.0, 17.0)]).reshape(1, 2, 4, 4),
        "filter_h": 2,
        "filter_w": 2,
    }
    return [
        Check(
            "no padding",
            PROGRAM,
            lambda: cases(False),
            examples=(
                Example(
                    "the slide's 4x4 image, 2x2 filter, stride 2", {**doc, "stride": 2, "pad": 0}
                ),
                Example("two channels side by side", {**two_channels, "stride": 2, "pad": 0}),
                Example("overlapping windows (stride 1)", {**doc, "stride": 1, "pad": 0}),
            ),
            tolerance=EXACT,
            explain={
                "col": "rows go (n, out_h, out_w) and columns (c, filter_h, filter_w), so that "
                "col @ W.reshape(FN, -1).T is the convolution"
            },
        ),
        Check(
            "zero padding on all four sides, any stride",
            PROGRAM,
            lambda: cases(True),
            examples=(
                Example("pad 1, stride 1", {**doc, "stride": 1, "pad": 1}),
                Example(
                    "pad 1, stride 2, 3x3 filter",
                    {**doc, "filter_h": 3, "filter_w": 3, "stride": 2, "pad": 1},
                ),
                Example(
                    "a stride that does not divide",
                    {**doc, "filter_h": 3, "filter_w": 2, "stride": 2, "pad": 0},
                ),
            ),
            tolerance=EXACT,
        ),
    ]


EXERCISE = Exercise(
    id="im2col",
    title="im2col",
    topic="deep_learning/cnn",
    source="course notes 003 §5.3(a), §2.9-2.13 (SkillUP DAY5 l.1363-1631); "
    "DLFS1 common/util.py im2col",
    summary="im2col(input_data, filter_h, filter_w, stride=1, pad=0): (N, C, H, W) to "
    "(N*out_h*out_w, C*filter_h*filter_w)",
    functions=("im2col",),
    hints=(
        "out_h = (H + 2*pad - filter_h) // stride + 1 (integer division: the slides' formula "
        "without the floor gives a float that np.zeros refuses).",
        "Pad only H and W: np.pad(x, [(0, 0), (0, 0), (pad, pad), (pad, pad)]). Then loop over "
        "the filter positions (y, x) only, copying img[:, :, y:y + stride*out_h:stride, "
        "x:x + stride*out_w:stride] into col[:, :, y, x, :, :].",
        "col has shape (N, C, filter_h, filter_w, out_h, out_w); transpose(0, 4, 5, 1, 2, 3) "
        "then reshape(N*out_h*out_w, -1).",
    ),
    checks=checks,
    tags=("cnn",),
)

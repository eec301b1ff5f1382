"""Convolution(W, b, stride=1, pad=0): forward through im2col, backward with dx, dW, db."""

from __future__ import annotations

from typing import Any

import numpy as np

from trainer.grading.compare import Tolerance
from trainer.grading.spec import Check, Example, Exercise, GradCheck, attr, call, method, program

FORWARD = program(
    call("Convolution", "W", "b", stride="stride", pad="pad", save="layer"),
    method("layer", "forward", "x", save="out"),
    outputs=("out",),
)
BOTH = program(
    call("Convolution", "W", "b", stride="stride", pad="pad", save="layer"),
    method("layer", "forward", "x", save="out"),
    method("layer", "backward", "dout", save="dx"),
    attr("layer", "dW", save="dW"),
    attr("layer", "db", save="db"),
    outputs=("out", "dx", "dW", "db"),
)
TOLERANCE = Tolerance(1e-9, 1e-12)


def checks() -> list[Check]:
    from trainer.grading import strategies as s
    from trainer.grading.specs._conv import geometry, out_size

    @s.composite
    def cases(draw: s.DrawFn, max_side: int) -> dict[str, Any]:
        g = geometry(draw, max_side=max_side, max_filter=3, max_pad=1)
        fn = draw(s.integers(1, 3))
        oh = out_size(g["H"], g["filter_h"], g["stride"], g["pad"])
        ow = out_size(g["W"], g["filter_w"], g["stride"], g["pad"])
        return {
            "x": draw(s.arrays((g["N"], g["C"], g["H"], g["W"]), -2, 2)),
            "W": draw(s.arrays((fn, g["C"], g["filter_h"], g["filter_w"]), -1, 1)),
            "b": draw(s.arrays((fn,), -1, 1)),
            "stride": g["stride"],
            "pad": g["pad"],
            "dout": draw(s.arrays((g["N"], fn, oh, ow), -1, 1)),
        }

    x = np.arange(32.0).reshape(2, 1, 4, 4) / 10
    W = np.stack([np.eye(3), np.ones((3, 3)) / 9])[:, None]
    example = {"x": x, "W": W, "b": np.array([0.0, 1.0]), "stride": 1, "pad": 1}
    example["dout"] = np.ones((2, 2, 4, 4))
    # Two 1x1 filters on a 2x2 image and a dout that differs by filter and position: read in
    # the wrong layout it gives other gradients (with the ones above every layout reads the same).
    layout = {
        "x": np.arange(4.0).reshape(1, 1, 2, 2),
        "W": np.array([1.0, 2.0]).reshape(2, 1, 1, 1),
        "b": np.zeros(2),
        "stride": 1,
        "pad": 0,
        "dout": np.arange(8.0).reshape(1, 2, 2, 2),
    }
    return [
        Check(
            "forward and backward against the reference",
            BOTH,
            lambda: cases(5),
            examples=(
                Example("two filters, pad 1 (overlapping windows)", example),
                Example(
                    "two 1x1 filters, a dout that differs by filter and position",
                    layout,
                    explain={
                        name: "dout is (N, FN, out_h, out_w) but col's rows are (n, out_h, "
                        "out_w): dout.transpose(0, 2, 3, 1).reshape(-1, FN) before the products"
                        for name in ("dx", "dW", "db")
                    },
                ),
            ),
            tolerance=TOLERANCE,
            explain={
                "out": "out has shape (N, FN, out_h, out_w): reshape the product to "
                "(N, out_h, out_w, FN) first, then transpose(0, 3, 1, 2)",
                "dW": "dW has the shape of W (FN, C, FH, FW)",
            },
        ),
        Check(
            "dx, dW, db match finite differences of forward",
            BOTH,
            lambda: cases(4),
            max_examples=4,
            tolerance=TOLERANCE,
            gradcheck=GradCheck(
                forward=lambda inputs: FORWARD,
                loss_terms=(("out", "dout"),),
                wrt=(("dx", "x"), ("dW", "W"), ("db", "b")),
            ),
        ),
    ]


EXERCISE = Exercise(
    id="convolution",
    title="Convolution layer (im2col, forward and backward)",
    topic="deep_learning/cnn",
    source="course notes 003 §5.3(c), §2.14, §5.5 (SkillUP DAY5 l.1668-1770); "
    "DLFS1 common/layers.py Convolution",
    summary="class Convolution(W, b, stride=1, pad=0): forward(x) -> (N, FN, out_h, out_w); "
    "backward(dout) -> dx, sets dW and db",
    functions=("Convolution",),
    hints=(
        "im2col and col2im are given in the file. Forward: col = im2col(x, FH, FW, stride, pad), "
        "col_W = W.reshape(FN, -1).T, out = col @ col_W + b.",
        "The product has one row per (n, out_h, out_w): reshape(N, out_h, out_w, -1) then "
        "transpose(0, 3, 1, 2). A plain reshape(N, FN, out_h, out_w) scrambles the values.",
        "Backward: dout.transpose(0, 2, 3, 1).reshape(-1, FN); db = dout.sum(axis=0); "
        "dW = (col.T @ dout).transpose(1, 0).reshape(FN, C, FH, FW); "
        "dx = col2im(dout @ col_W.T, x.shape, FH, FW, stride, pad).",
    ),
    checks=checks,
    tags=("cnn", "layer"),
)

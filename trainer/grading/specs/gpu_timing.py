"""gpu_timing: batched_matmul(a, b) and conv2d(x, w, b, stride, pad), written against `xp`.

Correctness is graded on NumPy like every exercise; `trainer exercise time gpu_timing` then
times the same functions on every backend found (NumPy always, CuPy/PyTorch with a CUDA device).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from trainer.grading.compare import Tolerance
from trainer.grading.spec import Check, Example, Exercise, call, program

MATMUL = program(call("batched_matmul", "a", "b", save="out"), outputs=("out",))
CONV = program(
    call("conv2d", "x", "w", "b", stride="stride", pad="pad", save="out"), outputs=("out",)
)
TOLERANCE = Tolerance(1e-9, 1e-12)


def checks() -> list[Check]:
    from trainer.grading import strategies as s
    from trainer.grading.specs._conv import geometry

    @s.composite
    def matmuls(draw: s.DrawFn) -> dict[str, Any]:
        batch, n, k, m = (draw(s.integers(1, 4)) for _ in range(4))
        return {
            "a": draw(s.arrays((batch, n, k), -3, 3)),
            "b": draw(s.arrays((batch, k, m), -3, 3)),
        }

    @s.composite
    def convs(draw: s.DrawFn) -> dict[str, Any]:
        g = geometry(draw, max_side=6, max_filter=3, max_pad=1)
        fn = draw(s.integers(1, 3))
        return {
            "x": draw(s.arrays((g["N"], g["C"], g["H"], g["W"]), -2, 2)),
            "w": draw(s.arrays((fn, g["C"], g["filter_h"], g["filter_w"]), -1, 1)),
            "b": draw(s.arrays((fn,), -1, 1)),
            "stride": g["stride"],
            "pad": g["pad"],
        }

    eye = np.eye(3).reshape(1, 3, 3)
    x = np.arange(16.0).reshape(1, 1, 4, 4)
    return [
        Check(
            "batched_matmul: one product per batch entry",
            MATMUL,
            matmuls,
            examples=(
                Example("identity", {"a": eye, "b": np.arange(9.0).reshape(1, 3, 3)}),
                Example(
                    "two batches, rectangular",
                    {"a": np.ones((2, 2, 3)), "b": np.arange(12.0).reshape(2, 3, 2)},
                ),
            ),
            tolerance=TOLERANCE,
            explain={"out": "out[i] = a[i] @ b[i] for every batch entry i: (B, n, k) @ (B, k, m)"},
        ),
        Check(
            "conv2d through im2col",
            CONV,
            convs,
            examples=(
                Example(
                    "3x3 box filter, no padding",
                    {"x": x, "w": np.ones((1, 1, 3, 3)), "b": np.zeros(1), "stride": 1, "pad": 0},
                ),
                Example(
                    "padding 1, stride 2, bias",
                    {
                        "x": x,
                        "w": np.ones((2, 1, 3, 3)),
                        "b": np.array([1.0, -1.0]),
                        "stride": 2,
                        "pad": 1,
                    },
                ),
            ),
            tolerance=TOLERANCE,
            explain={
                "out": "out[n, f, i, j] = sum over (c, fh, fw) of the padded window at "
                "(i*stride, j*stride) times w[f] plus b[f]; zero padding on all four sides"
            },
        ),
    ]


EXERCISE = Exercise(
    id="gpu_timing",
    title="One convolution for CPU and GPU (then time it)",
    topic="dev_env/accelerators",
    source="course notes 003 im2col (l.235-283); course notes 001 GPU (l.296-339); "
    "course notes 002 memory (l.395-446)",
    summary="array-module-agnostic batched_matmul and im2col conv2d; then time them on CPU and GPU",
    functions=("batched_matmul", "conv2d"),
    hints=(
        "Start every function with xp = array_namespace(x) and use xp.zeros, xp.matmul: never "
        "np.pad or np.lib.stride_tricks, which CuPy does not have under the same name.",
        "Padding: padded = xp.zeros((n, c, h + 2*pad, w + 2*pad), dtype=x.dtype), then "
        "padded[:, :, pad:pad + h, pad:pad + w] = x.",
        "Windows: for i in range(fh) and j in range(fw), windows[:, :, i, j] = "
        "padded[:, :, i:i + stride*out_h:stride, j:j + stride*out_w:stride]; then "
        "col = windows.transpose(0, 4, 5, 1, 2, 3).reshape(n*out_h*out_w, -1).",
        "The output of col @ w.reshape(fn, -1).T + b has rows (n, out_h, out_w): reshape to "
        "(n, out_h, out_w, fn) and transpose(0, 3, 1, 2).",
    ),
    checks=checks,
    tags=("gpu", "im2col", "timing"),
)

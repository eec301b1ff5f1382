"""gpu_timing: batched_matmul(a, b) and conv2d(x, w, b, stride, pad), written against `xp`.

Correctness is graded on NumPy, then on array-api-strict arrays (the array API's reference
implementation: a call outside the standard, or into NumPy, fails there) and on PyTorch CPU
tensors where those libraries are installed; `trainer exercise time gpu_timing` then times the
same functions on every backend found (NumPy always, CuPy/PyTorch with a CUDA device).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from trainer.grading.compare import Tolerance
from trainer.grading.spec import (
    Check,
    Example,
    Exercise,
    Program,
    asarray,
    call,
    program,
    to_numpy,
)

MATMUL = program(call("batched_matmul", "a", "b", save="out"), outputs=("out",))
CONV = program(
    call("conv2d", "x", "w", "b", stride="stride", pad="pad", save="out"), outputs=("out",)
)
TOLERANCE = Tolerance(1e-9, 1e-12)
ARRAY_MODULES = ("array_api_strict", "torch")
NAMESPACE = (
    "with {module} inputs your code must use only their namespace, xp = array_namespace(x): "
    "xp.zeros, xp.reshape, xp.permute_dims, xp.matmul, slicing (no np.* call, no .reshape or "
    ".transpose method)"
)


def in_module(module: str, function: str, names: tuple[str, ...], **kwargs: str) -> Program:
    """Call `function` on the inputs `names` converted to arrays of `module`; the result back."""
    steps = [asarray(module, name, save=f"{name}_xp") for name in names]
    steps.append(call(function, *(f"{n}_xp" for n in names), save="out_xp", **kwargs))
    steps.append(to_numpy(module, "out_xp", save="out", what=f"{function}'s result"))
    return program(*steps, outputs=("out",))


def available(modules: tuple[str, ...] = ARRAY_MODULES) -> tuple[str, ...]:
    import importlib.util

    return tuple(name for name in modules if importlib.util.find_spec(name) is not None)


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
    on_numpy = [
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
    return [*on_numpy, *namespace_checks(on_numpy[0], on_numpy[1])]


def namespace_checks(matmul: Check, conv: Check) -> list[Check]:
    """The same cases again, on arrays of each array library installed."""
    found = []
    for module in available():
        found += [
            Check(
                f"batched_matmul on {module} arrays",
                in_module(module, "batched_matmul", ("a", "b")),
                matmul.strategy,
                examples=matmul.examples,
                max_examples=5,
                tolerance=TOLERANCE,
                explain_error=NAMESPACE.format(module=module),
            ),
            Check(
                f"conv2d on {module} arrays",
                in_module(module, "conv2d", ("x", "w", "b"), stride="stride", pad="pad"),
                conv.strategy,
                examples=conv.examples,
                max_examples=5,
                tolerance=TOLERANCE,
                explain_error=NAMESPACE.format(module=module),
            ),
        ]
    return found


EXERCISE = Exercise(
    id="gpu_timing",
    title="One convolution for CPU and GPU (then time it)",
    topic="dev_env/accelerators",
    source="course notes 003 im2col (l.235-283); course notes 001 GPU (l.296-339); "
    "course notes 002 memory (l.395-446)",
    summary="array-API batched_matmul and im2col conv2d (any array library); then time them on CPU "
    "and GPU",
    functions=("batched_matmul", "conv2d"),
    hints=(
        "Start every function with xp = array_namespace(x) and use only the array API: "
        "xp.zeros, xp.matmul, xp.reshape, xp.permute_dims; never np.pad or "
        "np.lib.stride_tricks, which CuPy and PyTorch do not have under the same name.",
        "Padding: padded = xp.zeros((n, c, h + 2*pad, w + 2*pad), dtype=x.dtype), then "
        "padded[:, :, pad:pad + h, pad:pad + w] = x.",
        "Windows: for i in range(fh) and j in range(fw), windows[:, :, i, j, :, :] = "
        "padded[:, :, i:i + stride*(out_h - 1) + 1:stride, j:j + stride*(out_w - 1) + 1:stride] "
        "(a stop past the end is not in the standard); then col = "
        "xp.reshape(xp.permute_dims(windows, (0, 4, 5, 1, 2, 3)), (n*out_h*out_w, -1)).",
        "The output of col @ xp.permute_dims(xp.reshape(w, (fn, -1)), (1, 0)) + b has rows "
        "(n, out_h, out_w): xp.reshape to (n, out_h, out_w, fn), then "
        "xp.permute_dims(..., (0, 3, 1, 2)).",
    ),
    checks=checks,
    tags=("gpu", "im2col", "timing"),
    array_modules=ARRAY_MODULES,
)

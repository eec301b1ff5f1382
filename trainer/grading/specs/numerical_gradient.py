"""numerical_gradient(f, x): central differences with h = 1e-4, any shape, x restored."""

from __future__ import annotations

from typing import Any

import numpy as np

from trainer.grading.compare import Tolerance
from trainer.grading.spec import (
    Check,
    Example,
    Exercise,
    Inputs,
    Program,
    call,
    func,
    program,
    snap,
)


def _program(inputs: Inputs) -> Program:
    return program(
        func(str(inputs["function"]), save="f"),
        call("numerical_gradient", "f", "x", save="grad"),
        snap("x", save="x_after"),
        outputs=("grad", "x_after"),
    )


def checks() -> list[Check]:
    from trainer.grading import strategies as s

    def cases(max_dims: int) -> Any:
        return s.fixed(
            function=s.sampled_from(["sum_sin", "coupled", "quadratic"]),
            x=s.arrays(s.shapes(1, max_dims, 1, 4), -3, 3),
        )

    same = {"x_after": Tolerance(1e-12, 1e-15)}
    explain = {
        "x_after": "numerical_gradient must give x back unchanged: restore each element "
        "after moving it by +h and -h"
    }
    return [
        Check(
            "1-D x",
            _program,
            lambda: cases(1),
            examples=(
                Example("sum of sines", {"function": "sum_sin", "x": np.array([0.0, 1.0, 2.0])}),
                Example("coupled elements", {"function": "coupled", "x": np.array([0.5, -1.5])}),
            ),
            tolerance=Tolerance(1e-6, 1e-8),
            tolerances=same,
            explain=explain,
        ),
        Check(
            "x of any shape (2-D, 3-D)",
            _program,
            lambda: cases(3),
            examples=(
                Example(
                    "a 2 x 2 matrix",
                    {"function": "coupled", "x": np.array([[0.5, 1.0], [-1.0, 2.0]])},
                ),
            ),
            tolerance=Tolerance(1e-6, 1e-8),
            tolerances=same,
            explain=explain,
        ),
    ]


EXERCISE = Exercise(
    id="numerical_gradient",
    title="Numerical gradient by central differences",
    topic="deep_learning/backprop",
    source="course notes 004 §4 E7 (Stage.3 Day1, l.517-519); DLFS1 common/gradient.py",
    summary="numerical_gradient(f, x) with h = 1e-4 central differences, for x of any shape",
    functions=("numerical_gradient",),
    hints=(
        "Central differences: (f(x + h e_i) - f(x - h e_i)) / (2h), with h = 1e-4. "
        "The forward difference (f(x + h) - f(x)) / h is only first-order accurate.",
        "f takes the whole array: change one element of x in place, call f(x), and put the "
        "element back before moving on.",
        "For any shape, walk over np.ndindex(x.shape) (or np.nditer with multi_index) instead of "
        "range(x.size).",
    ),
    checks=checks,
)

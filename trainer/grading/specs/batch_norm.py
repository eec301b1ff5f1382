"""BatchNormalization for (N, D): training and test forward, running statistics, backward."""

from __future__ import annotations

from typing import Any

import numpy as np

from trainer.grading.compare import Tolerance
from trainer.grading.spec import (
    Check,
    Example,
    Exercise,
    GradCheck,
    Inputs,
    Program,
    attr,
    call,
    lit,
    method,
    program,
)

TOLERANCE = Tolerance(1e-9, 1e-12)


def _layer(inputs: Inputs) -> dict[str, Any]:
    return {"momentum": "momentum"} if "momentum" in inputs else {}


def train(inputs: Inputs) -> Program:
    return program(
        call("BatchNormalization", "gamma", "beta", save="layer", **_layer(inputs)),
        method("layer", "forward", "x", save="out"),
        attr("layer", "running_mean", save="running_mean"),
        attr("layer", "running_var", save="running_var"),
        outputs=("out", "running_mean", "running_var"),
    )


def then_test(inputs: Inputs) -> Program:
    return program(
        call("BatchNormalization", "gamma", "beta", save="layer", **_layer(inputs)),
        method("layer", "forward", "x", save="first"),
        method("layer", "forward", "x2", save="second"),
        method("layer", "forward", "x3", train_flg=lit(False), save="test_out"),
        outputs=("test_out",),
    )


FORWARD = program(
    call("BatchNormalization", "gamma", "beta", save="layer"),
    method("layer", "forward", "x", save="out"),
    outputs=("out",),
)
BACKWARD = program(
    call("BatchNormalization", "gamma", "beta", save="layer"),
    method("layer", "forward", "x", save="out"),
    method("layer", "backward", "dout", save="dx"),
    attr("layer", "dgamma", save="dgamma"),
    attr("layer", "dbeta", save="dbeta"),
    outputs=("out", "dx", "dgamma", "dbeta"),
)


def checks() -> list[Check]:
    from trainer.grading import strategies as s

    @s.composite
    def cases(draw: s.DrawFn, max_n: int, max_d: int) -> dict[str, Any]:
        n, d = draw(s.integers(2, max_n)), draw(s.integers(1, max_d))

        def batch() -> np.ndarray:
            x = draw(s.arrays((n, d), -3, 3))
            x[0] = x[0] - 1.5  # keep every column's variance away from 0
            x[1] = x[1] + 1.5
            return x

        return {
            "gamma": draw(s.arrays((d,), 0.5, 2)),
            "beta": draw(s.arrays((d,), -1, 1)),
            "momentum": draw(s.sampled_from([0.9, 0.5, 0.99])),
            "x": batch(),
            "x2": batch(),
            "x3": batch(),
            "dout": draw(s.arrays((n, d), -1, 1)),
        }

    ramp = np.array([[1.0], [2.0], [3.0], [4.0]])
    seed = {"gamma": np.ones(1), "beta": np.zeros(1), "x": ramp, "x2": 2 * ramp, "x3": ramp}
    seed["dout"] = np.array([[1.0], [0.0], [0.0], [-1.0]])
    return [
        Check(
            "training forward: normalize each feature over the batch, update running stats",
            train,
            lambda: cases(6, 4),
            examples=(Example("the course notes' x = [1, 2, 3, 4]", seed),),
            tolerance=TOLERANCE,
            explain={
                "out": "use the batch mean and the biased variance (ddof=0) of each column, "
                "with eps = 10e-7 inside the square root",
                "running_mean": "running = momentum * running + (1 - momentum) * batch statistic",
                "running_var": "running = momentum * running + (1 - momentum) * batch variance",
            },
        ),
        Check(
            "test mode uses the running statistics",
            then_test,
            lambda: cases(6, 4),
            examples=(Example("after two batches", seed),),
            tolerance=TOLERANCE,
            max_examples=20,
        ),
        Check(
            "backward: dx, dgamma, dbeta (and finite differences)",
            BACKWARD,
            lambda: cases(4, 3),
            examples=(Example("the course notes' x", seed),),
            max_examples=6,
            tolerance=TOLERANCE,
            gradcheck=GradCheck(
                forward=lambda inputs: FORWARD,
                loss_terms=(("out", "dout"),),
                wrt=(("dx", "x"), ("dgamma", "gamma"), ("dbeta", "beta")),
            ),
        ),
    ]


EXERCISE = Exercise(
    id="batch_norm",
    title="Batch normalization (forward, running statistics, backward)",
    topic="deep_learning/normalization",
    source="course notes 004 §4 E10 (Stage.3 Day2, l.768-771); DLFS1 common/layers.py "
    "BatchNormalization; exam.md §3.4",
    summary="class BatchNormalization(gamma, beta, momentum=0.9, running_mean=None, "
    "running_var=None) for (N, D) inputs",
    functions=("BatchNormalization",),
    hints=(
        "Training: mu = x.mean(axis=0), var = ((x - mu)**2).mean(axis=0) (biased), "
        "xn = (x - mu) / np.sqrt(var + 10e-7), out = gamma * xn + beta.",
        "The textbook's running statistics put momentum on the old value: "
        "running_mean = momentum * running_mean + (1 - momentum) * mu (PyTorch's momentum=0.1 "
        "is the weight of the new value). Start them at zeros of shape (D,).",
        "Backward: dbeta = dout.sum(0), dgamma = (xn * dout).sum(0); mu and var depend on every "
        "sample, so dx = (dxn - dxn.mean(0) - xn * (dxn * xn).mean(0)) / std with "
        "dxn = gamma * dout.",
    ),
    checks=checks,
    tags=("layer", "convention"),
)

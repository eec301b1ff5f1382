"""Shared checks for the optimizer exercises: whole trajectories of update(params, grads)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from trainer.grading.compare import Tolerance
from trainer.grading.spec import (
    Check,
    Example,
    Inputs,
    Program,
    alias,
    call,
    method,
    program,
    snap,
)

TOLERANCE = Tolerance(1e-10, 1e-13)


def trajectory(class_name: str, hyper: tuple[str, ...]) -> Any:
    """The program: build the optimizer, call update once per gradient, snap params each time."""

    def build(inputs: Inputs) -> Program:
        kwargs = {name: name for name in hyper if name in inputs}
        steps = [call(class_name, save="opt", **kwargs), alias("params", save="held")]
        outputs = []
        for t in range(int(inputs["steps"])):
            steps.append(method("opt", "update", "params", f"g{t}"))
            steps.append(snap("params", save=f"p{t}"))
            outputs.append(f"p{t}")
        steps.append(snap("held", save=HELD))
        return program(*steps, outputs=[*outputs, HELD])

    return build


HELD = "the arrays passed in"
IN_PLACE = (
    "update params in place: the arrays the caller passed in (the network's layers hold the "
    "same ones) must hold the new values. params[key] = params[key] - ... binds a new array to "
    "the key and leaves the network's arrays untouched; write params[key] -= ... (or [...] =)"
)


def explain(steps: int = 8) -> dict[str, str]:
    texts = {f"p{t}": f"p{t} is params after update call number {t + 1}" for t in range(steps)}
    return {**texts, HELD: IN_PLACE}


def fixed_case(steps: int, scale: float = 1.0, **hyper: float) -> dict[str, Any]:
    rng = np.random.default_rng(7)
    case: dict[str, Any] = {
        "params": {"W": rng.normal(size=(2, 3)), "b": rng.normal(size=3)},
        "steps": steps,
        **hyper,
    }
    for t in range(steps):
        case[f"g{t}"] = {"W": scale * rng.normal(size=(2, 3)), "b": scale * rng.normal(size=3)}
    return case


def optimizer_checks(
    class_name: str,
    hyper: Mapping[str, tuple[float, float]],
    defaults: Mapping[str, float],
    scales: tuple[float, ...] = (1.0,),
) -> list[Check]:
    from trainer.grading import strategies as s

    @s.composite
    def cases(draw: s.DrawFn) -> dict[str, Any]:
        rows, cols = draw(s.integers(1, 3)), draw(s.integers(1, 3))
        steps = draw(s.integers(1, 5))
        scale = draw(s.sampled_from(scales))
        case: dict[str, Any] = {
            "params": {
                "W": draw(s.arrays((rows, cols), -2, 2)),
                "b": draw(s.arrays((cols,), -2, 2)),
            },
            "steps": steps,
        }
        for name, (low, high) in hyper.items():
            case[name] = draw(s.floats(low, high))
        for t in range(steps):
            case[f"g{t}"] = {
                "W": scale * draw(s.arrays((rows, cols), -3, 3)),
                "b": scale * draw(s.arrays((cols,), -3, 3)),
            }
        return case

    build = trajectory(class_name, tuple(hyper))
    examples = [  # the smallest first: a failure shows the fewest steps it can
        Example("one step", fixed_case(1, **defaults)),
        Example("default hyperparameters, 4 steps", fixed_case(4)),
    ]
    examples += [
        Example(f"gradients of size {scale:g}", fixed_case(5, scale, **defaults))
        for scale in scales
        if scale != 1.0
    ]
    return [
        Check(
            "update(params, grads) over several steps",
            build,
            cases,
            examples=tuple(examples),
            tolerance=TOLERANCE,
            explain=explain(),
        ),
    ]

"""Momentum(lr=0.01, momentum=0.9): v <- momentum * v - lr * grad; param <- param + v."""

from __future__ import annotations

from trainer.grading.spec import Check, Exercise


def checks() -> list[Check]:
    from trainer.grading.specs._optimizer import optimizer_checks

    return optimizer_checks(
        "Momentum", {"lr": (0.001, 0.5), "momentum": (0.0, 0.99)}, {"lr": 0.1, "momentum": 0.9}
    )


EXERCISE = Exercise(
    id="momentum",
    title="Momentum optimizer",
    topic="deep_learning/optimization",
    source="course notes 004 §4 E11 (Stage.3 Day2, l.807-842); DLFS1 common/optimizer.py Momentum",
    summary="class Momentum(lr=0.01, momentum=0.9) with update(params, grads) on dicts, in place",
    functions=("Momentum",),
    hints=(
        "Keep one velocity per parameter: a dict with the same keys as params, created with "
        "np.zeros_like on the first call to update (not in __init__, which has no params).",
        "v = momentum * v - lr * grad, then param += v. The state must survive between calls.",
        "Update params[key] in place (+=): the network holds the same dict.",
    ),
    checks=checks,
    tags=("optimizer",),
)

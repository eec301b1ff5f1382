"""AdaGrad(lr=0.01): h <- h + grad**2; param <- param - lr * grad / (sqrt(h) + 1e-7)."""

from __future__ import annotations

from trainer.grading.spec import Check, Exercise


def checks() -> list[Check]:
    from trainer.grading.specs._optimizer import optimizer_checks

    return optimizer_checks("AdaGrad", {"lr": (0.001, 0.5)}, {"lr": 0.1}, scales=(1.0, 1e-6))


EXERCISE = Exercise(
    id="adagrad",
    title="AdaGrad optimizer",
    topic="deep_learning/optimization",
    source="course notes 004 §4 E11 ('Momentum をもとに AdaGrad の実装を行う', l.845); "
    "DLFS1 common/optimizer.py AdaGrad",
    summary="class AdaGrad(lr=0.01): h accumulates grad**2; step lr * grad / (sqrt(h) + 1e-7)",
    functions=("AdaGrad",),
    hints=(
        "Start from your Momentum: one state array per key, created on the first update.",
        "h starts at 0 and only grows: h += grad * grad.",
        "The 1e-7 goes outside the square root: lr * grad / (np.sqrt(h) + 1e-7).",
    ),
    checks=checks,
    tags=("optimizer", "convention"),
)

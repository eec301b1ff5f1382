"""RMSprop(lr=0.01, decay_rate=0.99): a decaying average of grad**2 instead of a sum."""

from __future__ import annotations

from trainer.grading.spec import Check, Exercise


def checks() -> list[Check]:
    from trainer.grading.specs._optimizer import optimizer_checks

    return optimizer_checks(
        "RMSprop",
        {"lr": (0.001, 0.5), "decay_rate": (0.5, 0.999)},
        {"lr": 0.1, "decay_rate": 0.9},
        scales=(1.0, 1e-6),
    )


EXERCISE = Exercise(
    id="rmsprop",
    title="RMSprop optimizer",
    topic="deep_learning/optimization",
    source="course notes 004 §4 E11 (Stage.3 Day2, l.807-842); DLFS1 common/optimizer.py RMSprop",
    summary="class RMSprop(lr=0.01, decay_rate=0.99): h = decay*h + (1-decay)*grad**2, "
    "step lr * grad / (sqrt(h) + 1e-7)",
    functions=("RMSprop",),
    hints=(
        "Like AdaGrad, but h forgets: h = decay_rate * h + (1 - decay_rate) * grad * grad.",
        "h starts at 0, one array per key, created on the first update.",
        "The 1e-7 goes outside the square root, as in AdaGrad.",
    ),
    checks=checks,
    tags=("optimizer",),
)

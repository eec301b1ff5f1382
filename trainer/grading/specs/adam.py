"""Adam(lr=0.001, beta1=0.9, beta2=0.999) in the textbook's form: where epsilon sits matters."""

from __future__ import annotations

from trainer.grading.spec import Check, Exercise


def checks() -> list[Check]:
    from trainer.grading.specs._optimizer import optimizer_checks

    return optimizer_checks(
        "Adam",
        {"lr": (0.0001, 0.1), "beta1": (0.5, 0.99), "beta2": (0.9, 0.9999)},
        {"lr": 0.01, "beta1": 0.9, "beta2": 0.999},
        scales=(1.0, 1e-6),
    )


EXERCISE = Exercise(
    id="adam",
    title="Adam optimizer (the textbook's epsilon placement)",
    topic="deep_learning/optimization",
    source="course notes 004 §4 E11 and errata #7; DLFS1 common/optimizer.py Adam; exam.md §3.4",
    summary="class Adam(lr=0.001, beta1=0.9, beta2=0.999): bias correction folded into lr_t, "
    "1e-7 added to sqrt(v)",
    functions=("Adam",),
    hints=(
        "Count the calls: self.iter += 1 at the start of each update, then "
        "lr_t = lr * sqrt(1 - beta2**iter) / (1 - beta1**iter).",
        "m = beta1 * m + (1 - beta1) * grad and v = beta2 * v + (1 - beta2) * grad**2, "
        "one pair per key, zeros at first.",
        "param -= lr_t * m / (np.sqrt(v) + 1e-7): epsilon is added to sqrt(v) itself, not to a "
        "bias-corrected sqrt(v_hat). With tiny gradients the two differ a lot.",
    ),
    checks=checks,
    tags=("optimizer", "convention"),
)

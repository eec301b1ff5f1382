"""Syllabus 3-2: 深層モデルのための最適化 (Optimisation for deep models).

Generators in modules named for what they compute; importing this package registers them.
"""

from __future__ import annotations

from trainer.bank.generators.dl_fundamentals.optimization import (  # noqa: F401  (registration)
    gradients,
    initialization,
    optimizers,
)

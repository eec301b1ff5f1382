"""Syllabus 1-2: 確率・統計 (Probability and statistics).

Generators in modules named for what they compute; importing this package registers them.
"""

from __future__ import annotations

from trainer.bank.generators.applied_math.probability_statistics import (  # noqa: F401  (registration)
    distributions,
    estimation,
)

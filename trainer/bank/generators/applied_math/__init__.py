"""Syllabus 1: 数学的基礎 (Mathematical foundations).

Generators in one module per section; importing this package registers them.
"""

from __future__ import annotations

from trainer.bank.generators.applied_math import (  # noqa: F401  (registration)
    information_theory,
    linear_algebra,
    probability_statistics,
)

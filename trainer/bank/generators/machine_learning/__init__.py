"""Syllabus 2: 機械学習 (Machine learning).

Generators in one module per section; importing this package registers them.
"""

from __future__ import annotations

from trainer.bank.generators.machine_learning import (  # noqa: F401  (registration)
    ml_foundations,
)

"""Syllabus 2-1: 機械学習の基礎 (Foundations of machine learning).

Generators in modules named for what they compute; importing this package registers them.
"""

from __future__ import annotations

from trainer.bank.generators.machine_learning.ml_foundations import (  # noqa: F401  (registration)
    challenges,
    metrics,
    neighbours,
    regression,
    svm,
    trees,
    unsupervised,
)

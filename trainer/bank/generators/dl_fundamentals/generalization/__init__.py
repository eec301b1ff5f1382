"""Syllabus 3-7: 汎化性能向上 (Improving generalisation).

Generators in modules named for what they compute; importing this package registers them.
"""

from __future__ import annotations

from trainer.bank.generators.dl_fundamentals.generalization import (  # noqa: F401  (registration)
    augmentation,
    ensembles_and_search,
    normalization,
)

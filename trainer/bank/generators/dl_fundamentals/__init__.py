"""Syllabus 3: 深層学習の基礎 (Deep-learning fundamentals).

Generators in one module per section; importing this package registers them.
"""

from __future__ import annotations

from trainer.bank.generators.dl_fundamentals import (  # noqa: F401  (registration)
    cnn,
    feedforward,
    generalization,
    optimization,
    regularization,
    rnn,
    transformer,
)

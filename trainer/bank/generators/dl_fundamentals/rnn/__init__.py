"""Syllabus 3-5: リカレントニューラルネットワーク (Recurrent neural networks).

Generators in modules named for what they compute; importing this package registers them.
"""

from __future__ import annotations

from trainer.bank.generators.dl_fundamentals.rnn import (  # noqa: F401  (registration)
    bptt,
    cells,
)

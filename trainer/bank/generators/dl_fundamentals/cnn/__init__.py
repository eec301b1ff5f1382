"""Syllabus 3-4: 畳み込みニューラルネットワーク (Convolutional neural networks).

Generators in modules named for what they compute; importing this package registers them.
"""

from __future__ import annotations

from trainer.bank.generators.dl_fundamentals.cnn import (  # noqa: F401  (registration)
    conv_output_size,
    cost,
    receptive_field,
    shapes_and_params,
    values,
)

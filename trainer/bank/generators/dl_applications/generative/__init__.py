"""Syllabus 4-6: 生成モデル (Generative models).

Generators in modules named for what they compute; importing this package registers them.
"""

from __future__ import annotations

from trainer.bank.generators.dl_applications.generative import (  # noqa: F401  (registration)
    autoencoders,
    diffusion,
    gan,
)

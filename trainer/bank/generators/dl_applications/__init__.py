"""Syllabus 4: 深層学習の応用 (Deep-learning applications).

Generators in one module per section; importing this package registers them.
"""

from __future__ import annotations

from trainer.bank.generators.dl_applications import (  # noqa: F401  (registration)
    deep_rl,
    explainability,
    generative,
    image_recognition,
    learning_paradigms,
    nlp,
    object_detection,
    speech,
)

"""Syllabus 5: 開発・運用環境 (Development and operations).

Generators in one module per section; importing this package registers them.
"""

from __future__ import annotations

from trainer.bank.generators.dev_env import (  # noqa: F401  (registration)
    distributed,
    edge,
)

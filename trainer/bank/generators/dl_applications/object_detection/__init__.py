"""Syllabus 4-2: 物体検出 (Object detection).

Generators in modules named for what they compute; importing this package registers them.
"""

from __future__ import annotations

from trainer.bank.generators.dl_applications.object_detection import (  # noqa: F401  (registration)
    heads,
    iou,
    nms,
)

"""Parametric question generators. Importing this package registers every family."""

from __future__ import annotations

from typing import Any

from trainer.bank.generators import (  # noqa: F401  (registration)
    applied_ml,
    bptt,
    cnn_arith,
    cnn_cost,
    cnn_geometry,
    cnn_models,
    cnn_values,
    conv,
    detection_nms,
    edge_rl,
    edge_training,
    foundations,
    gan,
    generative,
    iou,
    optim,
    rl_updates,
    rnn_cells,
    speech,
    syllabus_gaps,
    transformer,
)
from trainer.bank.generators.registry import GENERATORS, Generated, GeneratorSpec


def get_generator(name: str) -> GeneratorSpec[Any]:
    try:
        return GENERATORS[name]
    except KeyError:
        known = ", ".join(sorted(GENERATORS))
        raise KeyError(f"unknown generator '{name}' (known: {known})") from None


__all__ = ["GENERATORS", "Generated", "GeneratorSpec", "get_generator"]

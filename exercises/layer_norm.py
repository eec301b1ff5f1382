"""Exercise layer_norm: layer normalization.

Source: course notes 002 §4 C12 (Vision Transformer / Transformer notes, l.1650-1652).

Contract
--------
layer_norm(x, gamma, beta, eps=1e-5) -> out (x's shape)
    x : float64 ndarray (..., D); gamma, beta : (D,).
    Each sample (each vector along the LAST axis) is normalized with its own mean and biased
    variance:  out = gamma * (x - mean) / sqrt(var + eps) + beta.
    Must not modify x.

Fill in every line marked TODO, then run:  trainer exercise check layer_norm
"""

import numpy as np


def layer_norm(x, gamma, beta, eps=1e-5):
    # TODO: mean and variance over the last axis (keep the dimension), normalize, scale, shift
    raise NotImplementedError

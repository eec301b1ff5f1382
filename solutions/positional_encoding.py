"""Reference: the Transformer's sinusoidal positional encoding."""

import numpy as np


def positional_encoding(max_len, d_model):
    positions = np.arange(max_len)[:, None]
    even = np.arange(0, d_model, 2)
    angles = positions / np.power(10000.0, even / d_model)
    pe = np.zeros((max_len, d_model))
    pe[:, 0::2] = np.sin(angles)
    pe[:, 1::2] = np.cos(angles[:, : d_model // 2])
    return pe

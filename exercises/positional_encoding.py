"""Exercise positional_encoding: the Transformer's sinusoidal position encoding.

Source: course notes 002 §4 C15 (Transformer notes, l.1653-1654; the formula of Vaswani et al. 2017).

Contract
--------
positional_encoding(max_len, d_model) -> pe
    pe : float64 ndarray (max_len, d_model). For position p and each even column 2i:
        pe[p, 2i]     = sin(p / 10000 ** (2i / d_model))
        pe[p, 2i + 1] = cos(p / 10000 ** (2i / d_model))   (the same angle as column 2i)
    d_model may be odd: the last column is then a sine.

Fill in every line marked TODO, then run:  trainer exercise check positional_encoding
"""

import numpy as np


def positional_encoding(max_len, d_model):
    pe = np.zeros((max_len, d_model))
    # TODO: the angles for every position and even column, then sines and cosines
    raise NotImplementedError
    return pe

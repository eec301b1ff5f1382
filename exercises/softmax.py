"""Exercise softmax: a numerically stable softmax.

Source: course notes 004 §4 E3 (Rabbit Challenge Stage.3 Day1, l.426-434);
        ゼロから作るDeep Learning, common/functions.py `softmax(x)`.

Contract
--------
softmax(x) -> y
    x : float64 ndarray of shape (C,) or (N, C): scores (logits).
    y : float64 ndarray of the same shape:
        y[..., k] = exp(x[..., k]) / sum_j exp(x[..., j]), over the LAST axis,
        so each row of a 2-D x is its own distribution.
    Stable for any finite input: logits of 1000 and more give no NaN or inf.
    Must not modify x.

Fill in every line marked TODO, then run:  trainer exercise check softmax
"""

import numpy as np


def softmax(x):
    # TODO: shift x by its maximum over the last axis (keep the dimension),
    #       exponentiate, and divide by the sum over the last axis.
    raise NotImplementedError

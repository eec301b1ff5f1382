"""Exercise cross_entropy_error: the cross-entropy loss of a batch.

Source: course notes 004 §4 E4 (Rabbit Challenge Stage.3 Day1, l.442-452);
        ゼロから作るDeep Learning, common/functions.py `cross_entropy_error(y, t)`.

Contract
--------
cross_entropy_error(y, t) -> float
    y : float64 ndarray of shape (C,) or (N, C): probabilities (e.g. a softmax output);
        y may contain exact zeros.
    t : the targets, either
        - one-hot, with the same shape as y, or
        - integer labels: shape (N,) for a 2-D y, or a single int for a 1-D y
          (a Python int, not an array: the textbook's t.reshape(1, t.size) fails on it;
          np.reshape(t, (1, -1)) or np.atleast_1d(t) work for both).
    Returns the batch mean of  -sum_k t[k] * log(y[k] + 1e-7)
    (a 1-D y is a batch of one). Must not modify y.

Fill in every line marked TODO, then run:  trainer exercise check cross_entropy_error
"""

import numpy as np


def cross_entropy_error(y, t):
    if y.ndim == 1:
        # TODO: make a 1-D y (and its target) look like a batch of one sample
        #       (t may be a single Python int here: it has no .reshape; see the contract)
        raise NotImplementedError
    # TODO: if t is one-hot (same shape as y), turn it into labels, or use it directly
    # TODO: return the mean over the batch of -log(y[i, t_i] + 1e-7)
    raise NotImplementedError

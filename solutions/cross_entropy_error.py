"""Reference: batch-mean cross-entropy for one-hot or integer-label targets."""

import numpy as np

DELTA = 1e-7


def cross_entropy_error(y, t):
    y = np.asarray(y, dtype=np.float64)
    t = np.asarray(t)
    if t.shape == y.shape:  # one-hot targets
        batch = 1 if y.ndim == 1 else y.shape[0]
        return float(-np.sum(t * np.log(y + DELTA)) / batch)
    rows = y.reshape(-1, y.shape[-1])
    labels = t.reshape(-1).astype(np.int64)
    picked = rows[np.arange(rows.shape[0]), labels]
    return float(-np.sum(np.log(picked + DELTA)) / rows.shape[0])

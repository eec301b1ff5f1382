"""Reference: central differences with h = 1e-4, for x of any shape, restoring x."""

import numpy as np


def numerical_gradient(f, x):
    h = 1e-4
    grad = np.zeros_like(x, dtype=np.float64)
    for index in np.ndindex(x.shape):
        saved = x[index]
        x[index] = saved + h
        upper = f(x)
        x[index] = saved - h
        lower = f(x)
        x[index] = saved
        grad[index] = (upper - lower) / (2 * h)
    return grad

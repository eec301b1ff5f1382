"""Reference: the course's squared error, teacher first: E = sum((y - d)**2) / (2 B)."""

import numpy as np


def mean_squared_error(d, y):
    batch = np.shape(y)[0]
    return float(np.sum((np.asarray(y) - np.asarray(d)) ** 2) / (2 * batch))


def d_mean_squared_error(d, y):
    batch = np.shape(y)[0]
    return (np.asarray(y) - np.asarray(d)) / batch

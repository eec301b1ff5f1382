"""Exercise mean_squared_error: the course's squared error and its derivative, teacher first.

Source: course notes 004 §4 E5-E6 (Rabbit Challenge Stage.3 Day1, l.529, l.587-618: the loss
        sum((y - d)**2) / (2 * batch_size), teacher d first, output y second).

Contract
--------
mean_squared_error(d, y) -> float
    d : float64 ndarray, the teacher (target); y : float64 ndarray of the same shape, the output.
    Shapes (B,) or (B, K); batch_size B = y.shape[0].
    Returns  sum((y - d)**2) / (2 * B).  (Divided by B, not by B*K: the course's
    common/functions.py takes np.mean, which divides by B*K; for (B, K) inputs this differs.)

d_mean_squared_error(d, y) -> ndarray of y's shape
    The derivative of mean_squared_error(d, y) with respect to y:  (y - d) / B.

Note the argument order: the teacher d comes FIRST (the textbook's functions take (y, t)).

Fill in every line marked TODO, then run:  trainer exercise check mean_squared_error
"""

import numpy as np


def mean_squared_error(d, y):
    # TODO: half the sum of squared differences, divided by the batch size
    raise NotImplementedError


def d_mean_squared_error(d, y):
    # TODO: the derivative with respect to y (mind the sign and the batch size)
    raise NotImplementedError

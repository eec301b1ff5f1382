"""Exercise numerical_gradient: the gradient by central differences.

Source: course notes 004 §4 E7 (Rabbit Challenge Stage.3 Day1, l.517-519);
        ゼロから作るDeep Learning, common/gradient.py `numerical_gradient(f, x)`.

Contract
--------
numerical_gradient(f, x) -> grad
    f : a function of the whole array x, returning a float.
    x : float64 ndarray of ANY shape (1-D, 2-D, 3-D...).
    grad[i] = (f(x + h e_i) - f(x - h e_i)) / (2h) with h = 1e-4, for every element i.
    grad has x's shape. x may be changed during the computation, but must hold its original
    values again when the function returns.

Fill in every line marked TODO, then run:  trainer exercise check numerical_gradient
"""

import numpy as np


def numerical_gradient(f, x):
    h = 1e-4
    grad = np.zeros_like(x)
    # TODO: for every index of x (any shape): move that element by +h, evaluate f,
    #       by -h, evaluate f, restore it, and store the central difference in grad
    raise NotImplementedError  # TODO: delete this line once the loop is written
    return grad

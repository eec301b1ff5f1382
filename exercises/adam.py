"""Exercise adam: Adam in the textbook's form.

Source: course notes 004 §4 E11 and errata #7; ゼロから作るDeep Learning, common/optimizer.py
        `Adam(lr=0.001, beta1=0.9, beta2=0.999)`.

Contract
--------
class Adam(lr=0.001, beta1=0.9, beta2=0.999):
    update(params, grads) -> None
        At each call:  iter <- iter + 1
                       lr_t = lr * sqrt(1 - beta2**iter) / (1 - beta1**iter)
        and for each key:
                       m <- beta1 * m + (1 - beta1) * grad
                       v <- beta2 * v + (1 - beta2) * grad**2
                       param <- param - lr_t * m / (sqrt(v) + 1e-7)
        m and v start at zeros (one array per key, at the first call); params updated in place.
    Convention: the bias correction is folded into lr_t and epsilon = 1e-7 is added to sqrt(v)
    itself -- NOT the paper's  m_hat / (sqrt(v_hat) + 1e-8).

Fill in every line marked TODO, then run:  trainer exercise check adam
"""

import numpy as np


class Adam:
    def __init__(self, lr=0.001, beta1=0.9, beta2=0.999):
        self.lr = lr
        self.beta1 = beta1
        self.beta2 = beta2
        self.iter = 0
        self.m = None
        self.v = None

    def update(self, params, grads):
        # TODO: create m and v at the first call
        # TODO: count the call and compute lr_t
        # TODO: update m, v and each parameter
        raise NotImplementedError

"""Exercise adagrad: AdaGrad.

Source: course notes 004 §4 E11 ("Momentum をもとに AdaGrad の実装を行う", l.845);
        ゼロから作るDeep Learning, common/optimizer.py `AdaGrad(lr=0.01)`.

Contract
--------
class AdaGrad(lr=0.01):
    update(params, grads) -> None
        params, grads : dicts with the same keys, values float64 ndarrays.
        For each key:  h <- h + grad * grad;  param <- param - lr * grad / (sqrt(h) + 1e-7)
        h starts at zeros (one array per key, at the first call) and only grows.
        params is updated in place.

Fill in every line marked TODO, then run:  trainer exercise check adagrad
"""

import numpy as np


class AdaGrad:
    def __init__(self, lr=0.01):
        self.lr = lr
        self.h = None

    def update(self, params, grads):
        # TODO: create h at the first call; accumulate grad**2; take the step (1e-7 outside sqrt)
        raise NotImplementedError

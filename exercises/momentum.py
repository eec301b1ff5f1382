"""Exercise momentum: SGD with momentum.

Source: course notes 004 §4 E11 (Rabbit Challenge Stage.3 Day2, l.807-842);
        ゼロから作るDeep Learning, common/optimizer.py `Momentum(lr=0.01, momentum=0.9)`.

Contract
--------
class Momentum(lr=0.01, momentum=0.9):
    update(params, grads) -> None
        params, grads : dicts with the same keys, values float64 ndarrays of equal shapes.
        For each key:  v <- momentum * v - lr * grad;  param <- param + v
        v starts at zeros (one array per key, created at the first call) and is kept
        between calls. params is updated in place.

Fill in every line marked TODO, then run:  trainer exercise check momentum
"""

import numpy as np


class Momentum:
    def __init__(self, lr=0.01, momentum=0.9):
        self.lr = lr
        self.momentum = momentum
        self.v = None

    def update(self, params, grads):
        # TODO: at the first call, create one zero velocity per key
        # TODO: update each velocity, then each parameter (in place)
        raise NotImplementedError

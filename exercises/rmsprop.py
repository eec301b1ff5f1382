"""Exercise rmsprop: RMSprop.

Source: course notes 004 §4 E11 (Rabbit Challenge Stage.3 Day2, l.807-842);
        ゼロから作るDeep Learning, common/optimizer.py `RMSprop(lr=0.01, decay_rate=0.99)`.

Contract
--------
class RMSprop(lr=0.01, decay_rate=0.99):
    update(params, grads) -> None
        For each key:  h <- decay_rate * h + (1 - decay_rate) * grad * grad
                       param <- param - lr * grad / (sqrt(h) + 1e-7)
        h starts at zeros (one array per key, at the first call). params is updated in place.

Fill in every line marked TODO, then run:  trainer exercise check rmsprop
"""

import numpy as np


class RMSprop:
    def __init__(self, lr=0.01, decay_rate=0.99):
        self.lr = lr
        self.decay_rate = decay_rate
        self.h = None

    def update(self, params, grads):
        # TODO: create h at the first call; decay it and add the new grad**2; take the step
        raise NotImplementedError

"""Exercise relu_layer: the ReLU layer, forward and backward.

Source: course notes 004 §4 E6 (d_relu); ゼロから作るDeep Learning, common/layers.py `Relu`.

Contract
--------
class Relu:
    forward(x) -> out
        x : float64 ndarray of any shape.  out = max(0, x) elementwise.
        Must not modify x. Remembers which units were off for backward.
    backward(dout) -> dx
        dout : ndarray of x's shape.  dx = dout where x > 0, and 0 where x <= 0.
    Convention: the derivative at exactly x == 0 is 0 (the layer masks x <= 0).

Fill in every line marked TODO, then run:  trainer exercise check relu_layer
"""

import numpy as np


class Relu:
    def __init__(self):
        self.mask = None

    def forward(self, x):
        # TODO: remember where x <= 0 and return a copy of x with those entries set to 0
        raise NotImplementedError

    def backward(self, dout):
        # TODO: pass dout through where the unit was on, 0 elsewhere
        raise NotImplementedError

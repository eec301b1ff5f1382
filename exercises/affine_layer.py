"""Exercise affine_layer: the fully connected (Affine) layer.

Source: course notes 004 §4 E5 (u = xW + b and its backward);
        ゼロから作るDeep Learning, common/layers.py `Affine(W, b)`.

Contract
--------
class Affine(W, b):
    W : (D, M), b : (M,). Rows are samples: out = x @ W + b.
    forward(x) -> out of shape (N, M)
        x : (N, D), or any (N, ...) whose trailing axes multiply to D (flatten each sample).
    backward(dout) -> dx
        dout : (N, M).  dx has the ORIGINAL shape of x.
        Also sets self.dW (shape of W) and self.db (shape of b).

Fill in every line marked TODO, then run:  trainer exercise check affine_layer
"""

import numpy as np


class Affine:
    def __init__(self, W, b):
        self.W = W
        self.b = b
        self.x = None
        self.original_x_shape = None
        self.dW = None
        self.db = None

    def forward(self, x):
        # TODO: remember x's shape, flatten each sample, and compute x @ W + b
        raise NotImplementedError

    def backward(self, dout):
        # TODO: set self.dW and self.db
        # TODO: compute dx and give it x's original shape
        raise NotImplementedError

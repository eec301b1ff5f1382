"""Exercise embedding: the embedding layer, and repeated word ids in backward.

Source: ゼロから作るDeep Learning 2, common/layers.py `Embedding(W)`; course notes 000 §1b (Word2vec).

Contract
--------
class Embedding(W):
    W : (V, D).  self.params = [W], self.grads = [dW] (an array of W's shape, given).
    forward(idx) -> W[idx]
        idx : int64 ndarray of any shape (e.g. (N,) or (N, T)); the result has shape
        idx.shape + (D,).
    backward(dout) -> None
        dout : idx.shape + (D,).  Sets dW to zero, then ADDS each row of dout to the row of
        its id: an id that appears k times receives the sum of its k rows. Writes into
        self.grads[0] in place.

Fill in every line marked TODO, then run:  trainer exercise check embedding
"""

import numpy as np


class Embedding:
    def __init__(self, W):
        self.params = [W]
        self.grads = [np.zeros_like(W)]
        self.idx = None

    def forward(self, idx):
        W, = self.params
        # TODO: keep idx and return the rows of W
        raise NotImplementedError

    def backward(self, dout):
        dW, = self.grads
        # TODO: zero dW in place, then accumulate dout into the rows of self.idx
        raise NotImplementedError

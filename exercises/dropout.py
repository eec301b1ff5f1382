"""Exercise dropout: the textbook's (non-inverted) dropout layer.

Source: course notes 004 §4 E12 (mentioned only); ゼロから作るDeep Learning, common/layers.py
        `Dropout(dropout_ratio=0.5)`.

Contract
--------
class Dropout(dropout_ratio=0.5):
    forward(x, train_flg=True) -> out (x's shape)
        training (train_flg True): draw a NEW mask each call, keeping each unit with
            probability 1 - dropout_ratio (mask = np.random.rand(*x.shape) > dropout_ratio);
            out = x * mask  -- kept units are NOT rescaled.
        test (train_flg False): out = x * (1 - dropout_ratio).
    backward(dout) -> dout * mask (the mask of the last training forward).
    Convention: this is NON-inverted dropout (PyTorch's and DLFS2's TimeDropout scale by
    1 / (1 - p) in training instead, and leave test mode alone).

Fill in every line marked TODO, then run:  trainer exercise check dropout
"""

import numpy as np


class Dropout:
    def __init__(self, dropout_ratio=0.5):
        self.dropout_ratio = dropout_ratio
        self.mask = None

    def forward(self, x, train_flg=True):
        # TODO: training: a new mask, out = x * mask; test: x * (1 - dropout_ratio)
        raise NotImplementedError

    def backward(self, dout):
        # TODO
        raise NotImplementedError

"""Exercise batch_norm: batch normalization, with running statistics and backward.

Source: course notes 004 §4 E10 (Rabbit Challenge Stage.3 Day2, l.768-771);
        ゼロから作るDeep Learning, common/layers.py `BatchNormalization`.

Contract
--------
class BatchNormalization(gamma, beta, momentum=0.9, running_mean=None, running_var=None):
    gamma, beta : (D,).  Inputs x are (N, D).  eps = 10e-7 (= 1e-6), as in the textbook.
    forward(x, train_flg=True) -> out (N, D)
        training: mu = mean of each column, var = biased variance of each column (ddof=0),
                  xn = (x - mu) / sqrt(var + eps), out = gamma * xn + beta;
                  running_mean <- momentum * running_mean + (1 - momentum) * mu
                  running_var  <- momentum * running_var  + (1 - momentum) * var
                  (running statistics start at zeros of shape (D,) when None)
        test:     xn = (x - running_mean) / sqrt(running_var + eps), out = gamma * xn + beta
    backward(dout) -> dx (N, D); also sets self.dgamma and self.dbeta (D,).
        The gradient through the batch statistics (mu and var depend on every sample).

Fill in every line marked TODO, then run:  trainer exercise check batch_norm
"""

import numpy as np


class BatchNormalization:
    def __init__(self, gamma, beta, momentum=0.9, running_mean=None, running_var=None):
        self.gamma = gamma
        self.beta = beta
        self.momentum = momentum
        self.running_mean = running_mean
        self.running_var = running_var
        self.xc = None
        self.xn = None
        self.std = None
        self.dgamma = None
        self.dbeta = None

    def forward(self, x, train_flg=True):
        if self.running_mean is None:
            self.running_mean = np.zeros(x.shape[1])
            self.running_var = np.zeros(x.shape[1])
        if train_flg:
            # TODO: batch statistics, normalized xn (keep what backward needs),
            #       then update the running statistics
            raise NotImplementedError
        else:
            # TODO: normalize with the running statistics
            raise NotImplementedError
        return self.gamma * xn + self.beta

    def backward(self, dout):
        # TODO: self.dbeta, self.dgamma, and dx through xn, std and mu
        raise NotImplementedError

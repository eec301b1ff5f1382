"""Exercise lstm_cell: one LSTM step, forward and backward, gates in the order f, g, i, o.

Source: ゼロから作るDeep Learning 2, common/time_layers.py `LSTM(Wx, Wh, b)`;
        exam.md §3.4 (gate orders differ between references); course notes 000 §1b.

Contract
--------
class LSTM(Wx, Wh, b):
    Wx : (D, 4H), Wh : (H, 4H), b : (4H,).  self.params = [Wx, Wh, b];
    self.grads = [dWx, dWh, db] (given at construction; write into them IN PLACE).
    forward(x, h_prev, c_prev) -> (h_next, c_next)
        x : (N, D), h_prev and c_prev : (N, H).
        A = x @ Wx + h_prev @ Wh + b, split into four (N, H) blocks IN THE ORDER f, g, i, o:
            f = sigmoid(A[:, :H])       forget gate
            g = tanh(A[:, H:2H])        new memory
            i = sigmoid(A[:, 2H:3H])    input gate
            o = sigmoid(A[:, 3H:])      output gate
        c_next = f * c_prev + g * i,   h_next = o * tanh(c_next)
        (PyTorch stores its gates as i, f, g, o: not this order.)
    backward(dh_next, dc_next) -> (dx, dh_prev, dc_prev)
        Also writes dWx, dWh, db into self.grads[0], [1], [2] with [...] =.

Fill in every line marked TODO, then run:  trainer exercise check lstm_cell
"""

import numpy as np


def sigmoid(x):
    return 1 / (1 + np.exp(-x))


class LSTM:
    def __init__(self, Wx, Wh, b):
        self.params = [Wx, Wh, b]
        self.grads = [np.zeros_like(Wx), np.zeros_like(Wh), np.zeros_like(b)]
        self.cache = None

    def forward(self, x, h_prev, c_prev):
        Wx, Wh, b = self.params
        N, H = h_prev.shape
        # TODO: A, the four gates (order f, g, i, o), c_next, h_next; keep what backward needs
        raise NotImplementedError

    def backward(self, dh_next, dc_next):
        Wx, Wh, b = self.params
        # TODO: ds = dc_next + dh_next * o * (1 - tanh(c_next)**2), dc_prev = ds * f
        # TODO: df, dg, di, do through their nonlinearities; dA = np.hstack((df, dg, di, do))
        # TODO: write dWx, dWh, db into self.grads in place; return (dx, dh_prev, dc_prev)
        raise NotImplementedError

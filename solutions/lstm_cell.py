"""Reference: one LSTM step with the fused gates in the order f, g, i, o (DLFS2)."""

import numpy as np


def sigmoid(x):
    return 0.5 * (1.0 + np.tanh(0.5 * x))


class LSTM:
    def __init__(self, Wx, Wh, b):
        self.params = [Wx, Wh, b]
        self.grads = [np.zeros_like(Wx), np.zeros_like(Wh), np.zeros_like(b)]
        self.cache = None

    def forward(self, x, h_prev, c_prev):
        Wx, Wh, b = self.params
        hidden = h_prev.shape[1]
        a = x @ Wx + h_prev @ Wh + b
        f = sigmoid(a[:, :hidden])
        g = np.tanh(a[:, hidden : 2 * hidden])
        i = sigmoid(a[:, 2 * hidden : 3 * hidden])
        o = sigmoid(a[:, 3 * hidden :])
        c_next = f * c_prev + g * i
        tanh_c = np.tanh(c_next)
        h_next = o * tanh_c
        self.cache = (x, h_prev, c_prev, f, g, i, o, tanh_c)
        return h_next, c_next

    def backward(self, dh_next, dc_next):
        Wx, Wh, _ = self.params
        x, h_prev, c_prev, f, g, i, o, tanh_c = self.cache
        dc = dc_next + dh_next * o * (1 - tanh_c**2)
        dc_prev = dc * f
        df = dc * c_prev * f * (1 - f)
        dg = dc * i * (1 - g**2)
        di = dc * g * i * (1 - i)
        do = dh_next * tanh_c * o * (1 - o)
        da = np.hstack((df, dg, di, do))
        self.grads[0][...] = x.T @ da
        self.grads[1][...] = h_prev.T @ da
        self.grads[2][...] = da.sum(axis=0)
        return da @ Wx.T, da @ Wh.T, dc_prev

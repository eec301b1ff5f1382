"""Reference: TimeRNN, T steps of the RNN cell forward and truncated BPTT backward."""

import numpy as np


class RNN:
    def __init__(self, Wx, Wh, b):
        self.params = [Wx, Wh, b]
        self.grads = [np.zeros_like(Wx), np.zeros_like(Wh), np.zeros_like(b)]
        self.cache = None

    def forward(self, x, h_prev):
        Wx, Wh, b = self.params
        h_next = np.tanh(h_prev @ Wh + x @ Wx + b)
        self.cache = (x, h_prev, h_next)
        return h_next

    def backward(self, dh_next):
        Wx, Wh, _ = self.params
        x, h_prev, h_next = self.cache
        dt = dh_next * (1 - h_next**2)
        self.grads[0][...] = x.T @ dt
        self.grads[1][...] = h_prev.T @ dt
        self.grads[2][...] = dt.sum(axis=0)
        return dt @ Wx.T, dt @ Wh.T


class TimeRNN:
    def __init__(self, Wx, Wh, b, stateful=False):
        self.params = [Wx, Wh, b]
        self.grads = [np.zeros_like(Wx), np.zeros_like(Wh), np.zeros_like(b)]
        self.layers = None
        self.h = None
        self.dh = None
        self.stateful = stateful

    def set_state(self, h):
        self.h = h

    def reset_state(self):
        self.h = None

    def forward(self, xs):
        Wx, Wh, b = self.params
        n, t_len, _ = xs.shape
        hidden = Wh.shape[0]
        if not self.stateful or self.h is None:
            self.h = np.zeros((n, hidden))
        hs = np.empty((n, t_len, hidden))
        self.layers = []
        for t in range(t_len):
            layer = RNN(Wx, Wh, b)
            self.h = layer.forward(xs[:, t, :], self.h)
            hs[:, t, :] = self.h
            self.layers.append(layer)
        return hs

    def backward(self, dhs):
        Wx, _, _ = self.params
        n, t_len, _ = dhs.shape
        dxs = np.empty((n, t_len, Wx.shape[0]))
        totals = [np.zeros_like(p) for p in self.params]
        dh = np.zeros_like(dhs[:, 0, :])
        for t in reversed(range(t_len)):
            layer = self.layers[t]
            dx, dh = layer.backward(dhs[:, t, :] + dh)
            dxs[:, t, :] = dx
            for total, grad in zip(totals, layer.grads, strict=True):
                total += grad
        for mine, total in zip(self.grads, totals, strict=True):
            mine[...] = total
        self.dh = dh
        return dxs

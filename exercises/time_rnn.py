"""Exercise time_rnn: an RNN over T time steps, and backpropagation through time.

Source: course notes 000 §4 E13, E15 (Rabbit Challenge Stage.4 Day3, l.80-162; the notes' errata are
        fixed here); ゼロから作るDeep Learning 2, common/time_layers.py `TimeRNN`.

Contract
--------
class TimeRNN(Wx, Wh, b, stateful=False):
    Wx : (D, H), Wh : (H, H), b : (H,).  self.params = [Wx, Wh, b],
    self.grads = [dWx, dWh, db] (arrays of the same shapes, given at construction).
    forward(xs) -> hs
        xs : (N, T, D);  hs : (N, T, H).  h starts at zeros (N, H) unless stateful and a state
        exists; at each step h = RNN cell(xs[:, t, :], h) and hs[:, t, :] = h.
    backward(dhs) -> dxs
        dhs : (N, T, H) (the gradient of the loss with respect to each hs[:, t]);
        dxs : (N, T, D). The weights are shared by all steps: their gradients are the SUMS over
        t, written into self.grads IN PLACE (self.grads[0][...] = ...), since an optimizer
        holds references to those arrays. Also keeps self.dh (the gradient for h at t = 0).
    With stateful=True the next forward continues from the last h (set_state / reset_state);
    with stateful=False every forward starts again from zeros. hs may be float32 (the textbook
    allocates it with dtype='f') or float64: values are compared to float32's precision.

The one-step cell RNN is given and correct.

Fill in every line marked TODO, then run:  trainer exercise check time_rnn
"""

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
        Wx, Wh, b = self.params
        x, h_prev, h_next = self.cache
        dt = dh_next * (1 - h_next**2)
        self.grads[0][...] = x.T @ dt
        self.grads[1][...] = h_prev.T @ dt
        self.grads[2][...] = dt.sum(axis=0)
        return dt @ Wx.T, dt @ Wh.T  # dx, dh_prev


class TimeRNN:
    def __init__(self, Wx, Wh, b, stateful=False):
        self.params = [Wx, Wh, b]
        self.grads = [np.zeros_like(Wx), np.zeros_like(Wh), np.zeros_like(b)]
        self.layers = None
        self.h, self.dh = None, None
        self.stateful = stateful

    def set_state(self, h):
        self.h = h

    def reset_state(self):
        self.h = None

    def forward(self, xs):
        Wx, Wh, b = self.params
        N, T, D = xs.shape
        D, H = Wx.shape
        self.layers = []
        hs = np.empty((N, T, H))
        # TODO: the initial h
        # TODO: one RNN cell per step; keep the cells in self.layers
        raise NotImplementedError
        return hs

    def backward(self, dhs):
        Wx, Wh, b = self.params
        N, T, H = dhs.shape
        D, H = Wx.shape
        dxs = np.empty((N, T, D))
        dh = 0
        grads = [0, 0, 0]
        # TODO: from the last step to the first: the cell gets dhs[:, t, :] plus the dh from
        #       step t + 1; store dx; add the cell's grads to the sums
        # TODO: write the sums into self.grads in place; keep self.dh
        raise NotImplementedError
        return dxs

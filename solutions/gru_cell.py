"""Reference: one GRU step, h_next = (1 - z) * h_prev + z * h_hat, gates sliced z, r, h."""

import numpy as np


def sigmoid(x):
    return 0.5 * (1.0 + np.tanh(0.5 * x))


class GRU:
    def __init__(self, Wx, Wh, b):
        self.params = [Wx, Wh, b]

    def forward(self, x, h_prev):
        Wx, Wh, b = self.params
        hidden = Wh.shape[0]
        z = sigmoid(x @ Wx[:, :hidden] + h_prev @ Wh[:, :hidden] + b[:hidden])
        r = sigmoid(
            x @ Wx[:, hidden : 2 * hidden]
            + h_prev @ Wh[:, hidden : 2 * hidden]
            + b[hidden : 2 * hidden]
        )
        h_hat = np.tanh(
            x @ Wx[:, 2 * hidden :] + (r * h_prev) @ Wh[:, 2 * hidden :] + b[2 * hidden :]
        )
        return (1 - z) * h_prev + z * h_hat

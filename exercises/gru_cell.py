"""Exercise gru_cell: one GRU step, in the textbook's (Cho et al.) convention.

Source: ゼロから作るDeep Learning 2, common/time_layers.py `GRU(Wx, Wh, b)`;
        exam.md §3.4 (the GRU update convention differs between references); course notes 000 §1b.

Contract
--------
class GRU(Wx, Wh, b):
    Wx : (D, 3H), Wh : (H, 3H), b : (3H,), each sliced IN THE ORDER z, r, h~:
        Wxz, Wxr, Wxh = Wx[:, :H], Wx[:, H:2H], Wx[:, 2H:]   (likewise Wh and b).
    forward(x, h_prev) -> h_next
        x : (N, D), h_prev : (N, H).
        z = sigmoid(x @ Wxz + h_prev @ Whz + bz)          update gate
        r = sigmoid(x @ Wxr + h_prev @ Whr + br)          reset gate
        h_hat = tanh(x @ Wxh + (r * h_prev) @ Whh + bh)   r applied BEFORE the product
        h_next = (1 - z) * h_prev + z * h_hat             z is the share of the new state
    (PyTorch's GRU uses h = (1 - z) * n + z * h_prev and r * (h_prev @ Whh + bhh): not this.)

Fill in every line marked TODO, then run:  trainer exercise check gru_cell
"""

import numpy as np


def sigmoid(x):
    return 1 / (1 + np.exp(-x))


class GRU:
    def __init__(self, Wx, Wh, b):
        self.params = [Wx, Wh, b]

    def forward(self, x, h_prev):
        Wx, Wh, b = self.params
        H = Wh.shape[0]
        # TODO: slice the weights and biases (order z, r, h~), compute z, r, h_hat, h_next
        raise NotImplementedError

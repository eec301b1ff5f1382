"""Exercise convolution: the convolution layer through im2col.

Source: course notes 003 §5.3(c), §2.14, §5.5 (SkillUP DAY5, l.1668-1770);
        ゼロから作るDeep Learning, common/layers.py `Convolution(W, b, stride=1, pad=0)`.

Contract
--------
class Convolution(W, b, stride=1, pad=0):
    W : (FN, C, FH, FW) filters, b : (FN,) biases. Cross-correlation (no kernel flip).
    forward(x) -> out
        x : (N, C, H, W);  out : (N, FN, out_h, out_w),
        out_h = (H + 2*pad - FH) // stride + 1, out_w likewise.
    backward(dout) -> dx of x's shape
        dout : (N, FN, out_h, out_w). Also sets self.dW (shape of W) and self.db (shape of b).

im2col and col2im are given and correct (col2im sums overlapping windows).

Fill in every line marked TODO, then run:  trainer exercise check convolution
"""

import numpy as np


def im2col(input_data, filter_h, filter_w, stride=1, pad=0):
    N, C, H, W = input_data.shape
    out_h = (H + 2 * pad - filter_h) // stride + 1
    out_w = (W + 2 * pad - filter_w) // stride + 1
    img = np.pad(input_data, [(0, 0), (0, 0), (pad, pad), (pad, pad)])
    col = np.zeros((N, C, filter_h, filter_w, out_h, out_w))
    for y in range(filter_h):
        for x in range(filter_w):
            col[:, :, y, x] = img[:, :, y : y + stride * out_h : stride, x : x + stride * out_w : stride]
    return col.transpose(0, 4, 5, 1, 2, 3).reshape(N * out_h * out_w, -1)


def col2im(col, input_shape, filter_h, filter_w, stride=1, pad=0):
    N, C, H, W = input_shape
    out_h = (H + 2 * pad - filter_h) // stride + 1
    out_w = (W + 2 * pad - filter_w) // stride + 1
    col = col.reshape(N, out_h, out_w, C, filter_h, filter_w).transpose(0, 3, 4, 5, 1, 2)
    img = np.zeros((N, C, H + 2 * pad + stride - 1, W + 2 * pad + stride - 1))
    for y in range(filter_h):
        for x in range(filter_w):
            img[:, :, y : y + stride * out_h : stride, x : x + stride * out_w : stride] += col[:, :, y, x]
    return img[:, :, pad : H + pad, pad : W + pad]


class Convolution:
    def __init__(self, W, b, stride=1, pad=0):
        self.W = W
        self.b = b
        self.stride = stride
        self.pad = pad
        self.x = None
        self.col = None
        self.col_W = None
        self.dW = None
        self.db = None

    def forward(self, x):
        FN, C, FH, FW = self.W.shape
        N, C, H, W = x.shape
        out_h = (H + 2 * self.pad - FH) // self.stride + 1
        out_w = (W + 2 * self.pad - FW) // self.stride + 1
        # TODO: col = im2col(...), col_W = the filters as columns, out = col @ col_W + b
        # TODO: give out the shape (N, FN, out_h, out_w) -- keep x, col and col_W for backward
        raise NotImplementedError

    def backward(self, dout):
        FN, C, FH, FW = self.W.shape
        # TODO: dout as one row per (n, out_h, out_w): shape (N*out_h*out_w, FN)
        # TODO: self.db, self.dW (shape of W), and dx through col2im
        raise NotImplementedError

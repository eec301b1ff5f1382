"""Exercise max_pooling: the max-pooling layer through im2col.

Source: course notes 003 §5.3(d), §2.8, §2.15 (SkillUP DAY5, l.375-441, l.1772-1904);
        ゼロから作るDeep Learning, common/layers.py `Pooling(pool_h, pool_w, stride=2, pad=0)`.

Contract
--------
class Pooling(pool_h, pool_w, stride=2, pad=0):   (tested with pad = 0)
    forward(x) -> out
        x : (N, C, H, W);  out : (N, C, out_h, out_w), the maximum of each window of each
        channel; out_h = (H - pool_h) // stride + 1, out_w likewise. Windows may overlap.
    backward(dout) -> dx of x's shape
        Each dout value goes to the position of the maximum of its window; where windows
        overlap, the contributions add up.

im2col and col2im are given and correct (col2im sums overlapping windows).

Fill in every line marked TODO, then run:  trainer exercise check max_pooling
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


class Pooling:
    def __init__(self, pool_h, pool_w, stride=2, pad=0):
        self.pool_h = pool_h
        self.pool_w = pool_w
        self.stride = stride
        self.pad = pad
        self.x = None
        self.arg_max = None

    def forward(self, x):
        N, C, H, W = x.shape
        out_h = (H + 2 * self.pad - self.pool_h) // self.stride + 1
        out_w = (W + 2 * self.pad - self.pool_w) // self.stride + 1
        # TODO: one window of one channel per row: im2col, then reshape(-1, pool_h * pool_w)
        # TODO: keep x and the argmax of each row; out = the max of each row,
        #       shaped (N, out_h, out_w, C) and then (N, C, out_h, out_w)
        raise NotImplementedError

    def backward(self, dout):
        # TODO: dout in (N, out_h, out_w, C) order; put each value at its arg_max in a
        #       (dout.size, pool_h * pool_w) zero matrix
        # TODO: reshape to (N*out_h*out_w, C*pool_h*pool_w) and col2im back to x's shape
        raise NotImplementedError

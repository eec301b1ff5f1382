"""Reference: col2im, the adjoint of im2col: overlapping windows are summed."""

import numpy as np


def col2im(col, input_shape, filter_h, filter_w, stride=1, pad=0):
    n, c, h, w = input_shape
    out_h = (h + 2 * pad - filter_h) // stride + 1
    out_w = (w + 2 * pad - filter_w) // stride + 1
    windows = col.reshape(n, out_h, out_w, c, filter_h, filter_w).transpose(0, 3, 4, 5, 1, 2)
    img = np.zeros((n, c, h + 2 * pad + stride - 1, w + 2 * pad + stride - 1))
    for i in range(filter_h):
        for j in range(filter_w):
            img[:, :, i : i + stride * out_h : stride, j : j + stride * out_w : stride] += windows[
                :, :, i, j
            ]
    return img[:, :, pad : h + pad, pad : w + pad]

"""Reference: im2col, rows (n, oh, ow) and columns (c, fh, fw) in the textbook's order."""

import numpy as np


def im2col(input_data, filter_h, filter_w, stride=1, pad=0):
    n, c, h, w = input_data.shape
    out_h = (h + 2 * pad - filter_h) // stride + 1
    out_w = (w + 2 * pad - filter_w) // stride + 1
    padded = np.pad(input_data, [(0, 0), (0, 0), (pad, pad), (pad, pad)])
    windows = np.empty((n, c, filter_h, filter_w, out_h, out_w), dtype=np.float64)
    for i in range(filter_h):
        for j in range(filter_w):
            windows[:, :, i, j] = padded[
                :, :, i : i + stride * out_h : stride, j : j + stride * out_w : stride
            ]
    return windows.transpose(0, 4, 5, 1, 2, 3).reshape(n * out_h * out_w, -1)

"""Exercise im2col: unfold image patches into the rows of a matrix.

Source: course notes 003 §5.3(a), §2.9-2.13 (SkillUP DAY5, l.1363-1631);
        ゼロから作るDeep Learning, common/util.py `im2col`.

Contract
--------
im2col(input_data, filter_h, filter_w, stride=1, pad=0) -> col
    input_data : float64 ndarray (N, C, H, W).
    out_h = (H + 2*pad - filter_h) // stride + 1, out_w likewise.
    col : (N*out_h*out_w, C*filter_h*filter_w).
        Row order: n slowest, then the window's output row, then its output column.
        Column order: channel slowest, then filter row, then filter column -- so that
        col @ W.reshape(FN, -1).T computes a convolution with W of shape (FN, C, FH, FW).
    Zero padding of `pad` pixels on all four sides of H and W (not on N or C).

Fill in every line marked TODO, then run:  trainer exercise check im2col
"""

import numpy as np


def im2col(input_data, filter_h, filter_w, stride=1, pad=0):
    N, C, H, W = input_data.shape
    # TODO: out_h and out_w, the output size (integers)
    # TODO: img, input_data with `pad` zeros on both sides of H and W
    raise NotImplementedError  # TODO: delete this line once the blanks are filled

    col = np.zeros((N, C, filter_h, filter_w, out_h, out_w))
    for y in range(filter_h):
        y_max = y + stride * out_h
        for x in range(filter_w):
            x_max = x + stride * out_w
            pass  # TODO: copy the (y, x) element of every window into col[:, :, y, x, :, :]

    # TODO: order the axes (N, out_h, out_w, C, filter_h, filter_w) and reshape to 2-D
    return col

"""Exercise col2im: fold the rows of a matrix back into an image, summing overlaps.

Source: course notes 003 §5.3(b), §5.5 pitfall 7 (SkillUP DAY5, l.1633-1666);
        ゼロから作るDeep Learning, common/util.py `col2im`.

Contract
--------
col2im(col, input_shape, filter_h, filter_w, stride=1, pad=0) -> img
    col : (N*out_h*out_w, C*filter_h*filter_w), laid out as im2col lays it out.
    input_shape : the tuple (N, C, H, W).
    img : (N, C, H, W).  Every entry of col is ADDED to the pixel it came from: where windows
    overlap, their values are summed (col2im is the adjoint of im2col, used in backprop).
    The padding is cropped away.

Fill in every line marked TODO, then run:  trainer exercise check col2im
"""

import numpy as np


def col2im(col, input_shape, filter_h, filter_w, stride=1, pad=0):
    N, C, H, W = input_shape
    out_h = (H + 2 * pad - filter_h) // stride + 1
    out_w = (W + 2 * pad - filter_w) // stride + 1
    # TODO: reshape col to (N, out_h, out_w, C, filter_h, filter_w) and move the axes to
    #       (N, C, filter_h, filter_w, out_h, out_w)
    raise NotImplementedError  # TODO: delete this line once the blanks are filled

    img = np.zeros((N, C, H + 2 * pad + stride - 1, W + 2 * pad + stride - 1))
    for y in range(filter_h):
        y_max = y + stride * out_h
        for x in range(filter_w):
            x_max = x + stride * out_w
            pass  # TODO: add (not assign) the (y, x) slice of col into img

    # TODO: crop the padding away
    return img

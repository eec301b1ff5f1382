"""Exercise box_iou: the IoU of every pair of boxes.

Source: course notes 000 §4 E16 (Stage.4 Day4); course notes 002 §4 C01; course notes 003 §2.19.

Contract
--------
box_iou(boxes1, boxes2) -> iou
    boxes1 : float64 (N, 4), boxes2 : float64 (M, 4), each row [x1, y1, x2, y2] with
    x1 <= x2 and y1 <= y2, continuous coordinates (area = (x2 - x1) * (y2 - y1), no +1).
    iou : (N, M), iou[i, j] = area(intersection) / area(union) of boxes1[i] and boxes2[j].
    Boxes that do not overlap (or only touch) give 0. A pair whose union is 0 (two
    zero-area boxes) gives 0. N or M may be 0.

Fill in every line marked TODO, then run:  trainer exercise check box_iou
"""

import numpy as np


def box_iou(boxes1, boxes2):
    # TODO: the areas of the boxes
    # TODO: the intersection of every pair (broadcast (N, 1, .) against (1, M, .)), clamped
    # TODO: the union, and inter / union with 0 where the union is 0
    raise NotImplementedError

"""Exercise nms: greedy non-maximum suppression.

Source: course notes 000 §4 E16; course notes 002 §4 C04 (l.1228); the behaviour of torchvision.ops.nms.

Contract
--------
nms(boxes, scores, iou_threshold) -> keep
    boxes : float64 (N, 4) [x1, y1, x2, y2]; scores : float64 (N,); N may be 0.
    Visit the boxes by decreasing score (ties: the lower index first). Keep a box unless it
    was suppressed; each KEPT box suppresses every box whose IoU with it is strictly greater
    than iou_threshold. A suppressed box suppresses nothing.
    keep : int64 ndarray of the kept indices, in decreasing score order.

Fill in every line marked TODO, then run:  trainer exercise check nms
"""

import numpy as np


def box_iou(boxes1, boxes2):
    # TODO: paste your box_iou from the previous exercise
    raise NotImplementedError


def nms(boxes, scores, iou_threshold):
    # TODO: the visiting order, then the greedy loop
    raise NotImplementedError

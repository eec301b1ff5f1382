"""Exercise average_precision: AP with all-point interpolation.

Source: course notes 000 §4 E16 (l.253-296); course notes 002 §4 C03; course notes 003 §2.19.

Contract
--------
average_precision(scores, is_tp, n_gt) -> float
    scores : float64 (K,) detection confidences; is_tp : bool (K,), whether each detection
    is a true positive; n_gt : int, the number of ground-truth objects (>= 1 in the checks).
    Sort the detections by decreasing score (ties: the lower index first); after each one,
    precision = TP / (TP + FP) and recall = TP / n_gt. Replace each precision by the largest
    precision at this or any higher recall (the envelope). AP is the area under that curve:
    sum over detections of (recall - previous recall) * envelope precision, starting from
    recall 0. (All-point interpolation, PASCAL VOC 2010 and later; not the 11-point one.)

Fill in every line marked TODO, then run:  trainer exercise check average_precision
"""

import numpy as np


def average_precision(scores, is_tp, n_gt):
    # TODO: order, cumulative TP and FP, precision and recall, envelope, area
    raise NotImplementedError

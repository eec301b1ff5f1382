"""Reference: all-point interpolated average precision (PASCAL VOC 2010 and later)."""

import numpy as np


def average_precision(scores, is_tp, n_gt):
    if n_gt == 0 or len(scores) == 0:
        return 0.0
    order = np.argsort(-np.asarray(scores), kind="stable")
    hits = np.asarray(is_tp, dtype=np.float64)[order]
    tp = np.cumsum(hits)
    fp = np.cumsum(1.0 - hits)
    recall = np.concatenate(([0.0], tp / n_gt))
    precision = np.concatenate(([0.0], tp / (tp + fp)))
    envelope = np.maximum.accumulate(precision[::-1])[::-1]
    return float(np.sum((recall[1:] - recall[:-1]) * envelope[1:]))

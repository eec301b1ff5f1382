"""Exercise attention: scaled dot-product attention with a mask.

Source: course notes 002 §4 C13 (Transformer notes, l.1635-1641). (DLFS2's ch08 attention scores are
        plain dot products, without the 1/sqrt(d_k) scale: not this one.)

Contract
--------
scaled_dot_product_attention(Q, K, V, mask=None) -> (out, weights)
    Q : (..., Lq, d_k), K : (..., Lk, d_k), V : (..., Lk, d_v); the leading axes (if any)
    are batch axes, the same for all three.
    mask : None, or a boolean array broadcastable to (..., Lq, Lk); True means "may attend".
           Every row has at least one True.
    scores = Q @ K^T / sqrt(d_k)   (K^T: swap K's last two axes)
    weights = softmax of the scores over the LAST axis, masked positions getting weight 0;
    stable for large scores.
    out = weights @ V : (..., Lq, d_v);  weights : (..., Lq, Lk).

Fill in every line marked TODO, then run:  trainer exercise check attention
"""

import numpy as np


def scaled_dot_product_attention(Q, K, V, mask=None):
    # TODO: scaled scores; masked scores to -inf; a stable softmax over the last axis
    # TODO: return (weights @ V, weights)
    raise NotImplementedError

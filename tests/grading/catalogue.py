"""The catalogue of submissions (issue 16): realistic wrong ones, and right ones in other styles.

`implementations.py` holds the first wrong and right versions, written out; this module adds
more, most of them the reference with one realistic edit (`edited`), and joins both into
`WRONG` and `RIGHT`. Every wrong one is named for its mistake and says what the report must
contain about it; `test_exercises.py` grades each one.
"""

from __future__ import annotations

from tests.grading import implementations as base
from tests.grading.implementations import Wrong
from trainer.grading.catalog import solution_path


def reference(exercise_id: str) -> str:
    return solution_path(exercise_id).read_text(encoding="utf-8")


def edited(exercise_id: str, *edits: tuple[str, str]) -> str:
    """The reference with each (old, new) replaced once; every `old` must be there."""
    source = reference(exercise_id)
    for old, new in edits:
        if old not in source:
            raise ValueError(f"{exercise_id}: {old!r} is not in the reference")
        source = source.replace(old, new, 1)
    return source


NUMPY_CONV = """
import sys
import numpy as np


def array_namespace(x):
    return sys.modules[type(x).__module__.partition(".")[0]]


def batched_matmul(a, b):
    return np.matmul(a, b)


def conv2d(x, w, b, stride=1, pad=0):
    n, c, h, w_in = x.shape
    fn, _, fh, fw = w.shape
    out_h = (h + 2 * pad - fh) // stride + 1
    out_w = (w_in + 2 * pad - fw) // stride + 1
    padded = np.pad(x, [(0, 0), (0, 0), (pad, pad), (pad, pad)])
    windows = np.zeros((n, c, fh, fw, out_h, out_w))
    for i in range(fh):
        for j in range(fw):
            windows[:, :, i, j] = padded[
                :, :, i : i + stride * out_h : stride, j : j + stride * out_w : stride
            ]
    col = windows.transpose(0, 4, 5, 1, 2, 3).reshape(n * out_h * out_w, -1)
    out = col @ w.reshape(fn, -1).T + b
    return out.reshape(n, out_h, out_w, fn).transpose(0, 3, 1, 2)
"""

TEXTBOOK_CROSS_ENTROPY = """import numpy as np


def cross_entropy_error(y, t):
    if y.ndim == 1:
        t = t.reshape(1, t.size)
        y = y.reshape(1, y.size)
    if t.size == y.size:
        t = t.argmax(axis=1)
    batch_size = y.shape[0]
    return -np.sum(np.log(y[np.arange(batch_size), t] + 1e-7)) / batch_size
"""

REBIND = ("params[key] -=", "params[key] = params[key] -")

MORE: dict[str, list[Wrong]] = {
    "attention": [
        Wrong(
            "masked scores set to 0 instead of -inf",
            edited("attention", ("np.where(mask, scores, -np.inf)", "np.where(mask, scores, 0.0)")),
            "set their scores to -inf before the softmax",
        ),
    ],
    "dropout": [
        Wrong(
            "test mode returns x unscaled",
            edited("dropout", ("return x * (1.0 - self.dropout_ratio)", "return x")),
            "test mode scales by (1 - dropout_ratio)",
        ),
    ],
    "gpu_timing": [
        Wrong(
            "written against NumPy (np.pad, np.zeros, np.matmul)",
            NUMPY_CONV,
            "np.pad (line",
            "error",
        ),
        Wrong(
            "the .reshape method, which the array API does not have",
            edited(
                "gpu_timing",
                (
                    "xp.reshape(xp.permute_dims(windows, (0, 4, 5, 1, 2, 3)), "
                    "(n * out_h * out_w, -1))",
                    "xp.permute_dims(windows, (0, 4, 5, 1, 2, 3)).reshape(n * out_h * out_w, -1)",
                ),
            ),
            "no .reshape or .transpose method",
            "error",
        ),
        Wrong(
            "slice stops past the end of the array",
            edited(
                "gpu_timing",
                ("i : i + stride * (out_h - 1) + 1 : stride", "i : i + stride * out_h : stride"),
                ("j : j + stride * (out_w - 1) + 1 : stride", "j : j + stride * out_w : stride"),
            ),
            "out-of-bounds stops",
            "error",
        ),
    ],
    "softmax": [
        Wrong(
            "divides by the sum of the whole batch",
            edited("softmax", ("np.sum(e, axis=-1, keepdims=True)", "np.sum(e)")),
            "one distribution per row",
        ),
        Wrong(
            "sums over the first axis",
            edited(
                "softmax", ("np.sum(e, axis=-1, keepdims=True)", "np.sum(e, axis=0, keepdims=True)")
            ),
            "one distribution per row",
        ),
    ],
    "cross_entropy_error": [
        Wrong(
            "one-hot loss averaged over every element",
            edited("cross_entropy_error", ("/ batch)", "/ y.size)")),
            "the batch mean of",
        ),
        Wrong(
            "the textbook's t.reshape on a single int label",
            TEXTBOOK_CROSS_ENTROPY,
            "a single int label",
            "error",
        ),
    ],
    "mean_squared_error": [
        Wrong(
            "forgets the 1/2",
            edited("mean_squared_error", ("/ (2 * batch))", "/ batch)")),
            "/ (2 * batch_size)",
        ),
    ],
    "numerical_gradient": [
        Wrong(
            "divides by h instead of 2h",
            edited("numerical_gradient", ("/ (2 * h)", "/ h")),
            "expected 0.99999999833",
        ),
    ],
    "relu_layer": [
        Wrong(
            "backward ignores the mask",
            edited("relu_layer", ("return np.where(self.mask, 0.0, dout)", "return dout")),
            "mask = x <= 0",
        ),
        Wrong(
            "mask from dout instead of x",
            edited(
                "relu_layer",
                ("return np.where(self.mask, 0.0, dout)", "return np.where(dout <= 0, 0.0, dout)"),
            ),
            "mask = x <= 0",
        ),
    ],
    "affine_layer": [
        Wrong(
            "dW multiplied in the wrong order",
            edited("affine_layer", ("self.dW = self.x.T @ dout", "self.dW = dout.T @ self.x")),
            "dW[0, 1] is 0.0, expected 2.0",
        ),
        Wrong(
            "db summed over the features, not the batch",
            edited(
                "affine_layer", ("self.db = np.sum(dout, axis=0)", "self.db = np.sum(dout, axis=1)")
            ),
            "db has shape (3,), expected (2,)",
        ),
    ],
    "softmax_with_loss": [
        Wrong(
            "the label case indexes every row with every label",
            edited(
                "softmax_with_loss",
                ("target[np.arange(batch), self.t] = 1.0", "target[:, self.t] = 1.0"),
            ),
            "t as one-hot",
        ),
    ],
    "momentum": [
        Wrong(
            "rebinds params[key] instead of updating it in place",
            edited(
                "momentum",
                ("params[key] += self.v[key]", "params[key] = params[key] + self.v[key]"),
            ),
            "in place",
        ),
        Wrong(
            "velocity never decays (momentum left out)",
            edited(
                "momentum",
                ("self.v[key] = self.momentum * self.v[key] -", "self.v[key] = self.v[key] -"),
            ),
            "update call number 2",
        ),
    ],
    "adagrad": [
        Wrong(
            "rebinds params[key] instead of updating it in place",
            edited("adagrad", REBIND),
            "in place",
        ),
        Wrong(
            "divides by h, not its square root",
            edited("adagrad", ("(np.sqrt(self.h[key]) + 1e-7)", "(self.h[key] + 1e-7)")),
            "update call number 1",
        ),
    ],
    "rmsprop": [
        Wrong(
            "rebinds params[key] instead of updating it in place",
            edited("rmsprop", REBIND),
            "in place",
        ),
        Wrong(
            "h reset at every call",
            edited("rmsprop", ("if self.h is None:", "if True:")),
            "update call number 2",
        ),
    ],
    "adam": [
        Wrong(
            "rebinds params[key] instead of updating it in place",
            edited("adam", REBIND),
            "in place",
        ),
        Wrong(
            "v from the gradient, not its square",
            edited("adam", ("(1 - self.beta2) * g * g", "(1 - self.beta2) * g")),
            "update call number 1",
        ),
    ],
    "batch_norm": [
        Wrong(
            "test mode uses the batch statistics",
            edited("batch_norm", ("if train_flg:", "if True:")),
            "test mode uses the running statistics",
        ),
    ],
    "layer_norm": [
        Wrong(
            "unbiased variance (ddof=1)",
            edited(
                "layer_norm",
                (
                    "var = np.mean((x - mean) ** 2, axis=-1, keepdims=True)",
                    "var = np.var(x, axis=-1, ddof=1, keepdims=True)",
                ),
            ),
            "biased variance",
        ),
        Wrong(
            "mean over the whole array",
            edited(
                "layer_norm", ("mean = np.mean(x, axis=-1, keepdims=True)", "mean = np.mean(x)")
            ),
            "each row over the LAST axis",
        ),
    ],
    "im2col": [
        Wrong(
            "no padding at all",
            edited("im2col", ("(pad, pad), (pad, pad)", "(0, 0), (0, 0)")),
            "zero padding on all four sides",
            "error",
        ),
        Wrong(
            "rows ordered (out_w, out_h)",
            edited("im2col", ("transpose(0, 4, 5, 1, 2, 3)", "transpose(0, 5, 4, 1, 2, 3)")),
            "rows go (n, out_h, out_w)",
        ),
    ],
    "col2im": [
        Wrong(
            "im2col's transpose not undone",
            edited(
                "col2im",
                (
                    "col.reshape(n, out_h, out_w, c, filter_h, filter_w)"
                    ".transpose(0, 3, 4, 5, 1, 2)",
                    "col.reshape(n, c, filter_h, filter_w, out_h, out_w)",
                ),
            ),
            "img[0, 0, 0, 1] is 1.37, expected 0.11",
        ),
        Wrong(
            "padding kept in the result",
            edited("col2im", ("return img[:, :, pad : h + pad, pad : w + pad]", "return img")),
            "the padding is cropped away",
        ),
    ],
    "convolution": [
        Wrong(
            "db is the mean over the batch",
            edited("convolution", ("self.db = dout.sum(axis=0)", "self.db = dout.mean(axis=0)")),
            "db[0] is 1.0, expected 32.0",
        ),
        Wrong(
            "dW reshaped without the transpose",
            edited(
                "convolution",
                (
                    "(self.col.T @ dout).T.reshape(fn, c, fh, fw)",
                    "(self.col.T @ dout).reshape(fn, c, fh, fw)",
                ),
            ),
            "dW has the shape of W",
        ),
    ],
    "max_pooling": [
        Wrong(
            "backward sends dout to the first element of each window",
            edited(
                "max_pooling",
                (
                    "dmax[np.arange(dout.size), self.arg_max] = dout.ravel()",
                    "dmax[:, 0] = dout.ravel()",
                ),
            ),
            "position of its window's maximum",
        ),
        Wrong(
            "argmax kept from the wrong layout",
            edited(
                "max_pooling",
                ("self.arg_max = np.argmax(col, axis=1)", "self.arg_max = np.argmin(col, axis=1)"),
            ),
            "position of its window's maximum",
        ),
    ],
    "time_rnn": [
        Wrong(
            "stateful ignored (always starts from zeros)",
            edited("time_rnn", ("if not self.stateful or self.h is None:", "if True:")),
            "stateful=True: the next call of forward",
        ),
        Wrong(
            "h never reset when stateful=False",
            edited("time_rnn", ("if not self.stateful or self.h is None:", "if self.h is None:")),
            "stateful=False: every call of forward",
        ),
        Wrong(
            "self.dh never set",
            edited("time_rnn", ("        self.dh = dh\n", "")),
            "self.dh is the gradient for the initial h",
        ),
    ],
    "lstm_cell": [
        Wrong(
            "replaces self.grads[0] instead of writing into it",
            edited("lstm_cell", ("self.grads[0][...] = x.T @ da", "self.grads[0] = x.T @ da")),
            "in place",
        ),
        Wrong(
            "dc_prev without the forget gate",
            edited("lstm_cell", ("dc_prev = dc * f", "dc_prev = dc")),
            "dc_prev = dc * f",
        ),
    ],
    "gru_cell": [
        Wrong(
            "h_hat without the reset gate",
            edited("gru_cell", ("(r * h_prev) @ Wh", "h_prev @ Wh")),
            "h_next[0, 0] is 0.8617024604437779",
        ),
        Wrong(
            "sigmoid for the candidate state",
            edited("gru_cell", ("h_hat = np.tanh(", "h_hat = sigmoid(")),
            "h_next[0, 0] is 0.7109793657209167",
        ),
    ],
    "embedding": [
        Wrong(
            "self.grads[0] replaced by a new array",
            edited(
                "embedding",
                (
                    "        (dW,) = self.grads\n        dW[...] = 0\n",
                    "        dW = np.zeros_like(self.grads[0])\n        self.grads[0] = dW\n",
                ),
            ),
            "in place",
        ),
    ],
    "positional_encoding": [
        Wrong(
            "base 1000 instead of 10000",
            edited("positional_encoding", ("10000.0", "1000.0")),
            "p / 10000**(2i / d_model)",
        ),
        Wrong(
            "sin and cos in two halves instead of interleaved",
            edited(
                "positional_encoding",
                (
                    "pe[:, 0::2] = np.sin(angles)\n"
                    "    pe[:, 1::2] = np.cos(angles[:, : d_model // 2])",
                    "half = (d_model + 1) // 2\n    pe[:, :half] = np.sin(angles)\n"
                    "    pe[:, half:] = np.cos(angles[:, : d_model // 2])",
                ),
            ),
            "sin on even columns, cos on odd ones",
        ),
    ],
    "box_iou": [
        Wrong(
            "union without the intersection subtracted",
            edited(
                "box_iou",
                (
                    "union = area1[:, None] + area2[None, :] - inter",
                    "union = area1[:, None] + area2[None, :]",
                ),
            ),
            "inter / (area1 + area2 - inter)",
        ),
    ],
    "average_precision": [
        Wrong(
            "recall over the true positives found, not n_gt",
            edited("average_precision", ("tp / n_gt", "tp / max(tp[-1], 1.0)")),
            "precision and recall after each detection",
        ),
        Wrong(
            "ties broken by the higher index (argsort(scores)[::-1])",
            edited(
                "average_precision",
                (
                    'order = np.argsort(-np.asarray(scores), kind="stable")',
                    "order = np.argsort(np.asarray(scores))[::-1]",
                ),
            ),
            "the lower index first",
        ),
    ],
}

SOFTMAX_LOOP = """import numpy as np


def softmax(x):
    if x.ndim == 1:
        e = np.exp(x - x.max())
        return e / e.sum()
    out = np.empty_like(x, dtype=np.float64)
    for i, row in enumerate(x):
        e = np.exp(row - row.max())
        out[i] = e / e.sum()
    return out
"""

MORE_RIGHT: dict[str, list[tuple[str, str]]] = {
    "softmax": [("a loop over the rows", SOFTMAX_LOOP)],
    "relu_layer": [
        (
            "a copy with the masked entries set to 0",
            edited(
                "relu_layer",
                (
                    "return np.where(self.mask, 0.0, x)",
                    "out = x.copy()\n        out[self.mask] = 0\n        return out",
                ),
                (
                    "return np.where(self.mask, 0.0, dout)",
                    "dx = dout.copy()\n        dx[self.mask] = 0\n        return dx",
                ),
            ),
        )
    ],
    "adagrad": [
        (
            "the state h rebound (allowed: only params must change in place)",
            edited(
                "adagrad",
                (
                    "self.h[key] += grads[key] * grads[key]",
                    "self.h[key] = self.h[key] + grads[key] ** 2",
                ),
            ),
        )
    ],
    "embedding": [
        (
            "a loop over the ids",
            edited(
                "embedding",
                (
                    "np.add.at(dW, self.idx, dout)",
                    "rows = dout.reshape(-1, dout.shape[-1])\n"
                    "        for i, word in enumerate(np.ravel(self.idx)):\n"
                    "            dW[word] += rows[i]",
                ),
            ),
        )
    ],
    "affine_layer": [
        (
            "dx as (W @ dout.T).T",
            edited("affine_layer", ("dx = dout @ self.W.T", "dx = (self.W @ dout.T).T")),
        ),
    ],
    "momentum": [
        (
            "lr applied after the velocity (the same for a constant lr)",
            edited(
                "momentum",
                (
                    "self.v[key] = self.momentum * self.v[key] - self.lr * grads[key]\n"
                    "            params[key] += self.v[key]",
                    "self.v[key] = self.momentum * self.v[key] - grads[key]\n"
                    "            params[key] += self.lr * self.v[key]",
                ),
            ),
        ),
    ],
    "time_rnn": [
        (
            "hs in float32, as the textbook allocates it",
            edited(
                "time_rnn",
                (
                    "hs = np.empty((n, t_len, hidden))",
                    "hs = np.empty((n, t_len, hidden), dtype='f')",
                ),
            ),
        ),
    ],
}


def _joined(first: dict[str, list[Wrong]], more: dict[str, list[Wrong]]) -> dict[str, list[Wrong]]:
    return {k: [*first.get(k, []), *more.get(k, [])] for k in {**first, **more}}


WRONG = _joined(base.WRONG, MORE)
RIGHT = {k: [*base.RIGHT.get(k, []), *MORE_RIGHT.get(k, [])] for k in {**base.RIGHT, **MORE_RIGHT}}

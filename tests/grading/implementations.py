"""Learner-style submissions for every exercise: plausible but wrong, and right but different.

Each wrong one names the status it must get and a phrase the report must contain, so that the
test also checks the message is useful (it points at the mistake), not only that it fails.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Wrong:
    label: str
    source: str
    says: str  # a phrase the report must contain (case-insensitive)
    status: str = "failed"


H = "import numpy as np\n"

SOFTMAX_OK = (
    H
    + """
def softmax(x):
    e = np.exp(x - np.max(x, axis=-1, keepdims=True))
    return e / np.sum(e, axis=-1, keepdims=True)
"""
)

CE_BODY = """
def cross_entropy_error(y, t):
    if y.ndim == 1:
        t = np.reshape(t, (1, -1)) if np.ndim(t) else np.array([t])
        y = y.reshape(1, -1)
    if t.size == y.size:
        t = t.argmax(axis=1)
    batch = y.shape[0]
"""

IOU = """
def box_iou(a, b):
    area_a = (a[:, 2] - a[:, 0]) * (a[:, 3] - a[:, 1])
    area_b = (b[:, 2] - b[:, 0]) * (b[:, 3] - b[:, 1])
    lt = np.maximum(a[:, None, :2], b[None, :, :2])
    rb = np.minimum(a[:, None, 2:], b[None, :, 2:])
    wh = np.clip(rb - lt, 0, None)
    inter = wh[..., 0] * wh[..., 1]
    union = area_a[:, None] + area_b[None, :] - inter
    return np.where(union > 0, inter / np.where(union > 0, union, 1), 0.0)
"""

IM2COL_GIVEN = """
def im2col(input_data, filter_h, filter_w, stride=1, pad=0):
    N, C, H, W = input_data.shape
    out_h = (H + 2 * pad - filter_h) // stride + 1
    out_w = (W + 2 * pad - filter_w) // stride + 1
    img = np.pad(input_data, [(0, 0), (0, 0), (pad, pad), (pad, pad)])
    col = np.zeros((N, C, filter_h, filter_w, out_h, out_w))
    for y in range(filter_h):
        for x in range(filter_w):
            col[:, :, y, x] = img[:, :, y:y + stride * out_h:stride, x:x + stride * out_w:stride]
    return col.transpose(0, 4, 5, 1, 2, 3).reshape(N * out_h * out_w, -1)


def col2im(col, input_shape, filter_h, filter_w, stride=1, pad=0):
    N, C, H, W = input_shape
    out_h = (H + 2 * pad - filter_h) // stride + 1
    out_w = (W + 2 * pad - filter_w) // stride + 1
    col = col.reshape(N, out_h, out_w, C, filter_h, filter_w).transpose(0, 3, 4, 5, 1, 2)
    img = np.zeros((N, C, H + 2 * pad + stride - 1, W + 2 * pad + stride - 1))
    for y in range(filter_h):
        for x in range(filter_w):
            img[:, :, y:y + stride * out_h:stride, x:x + stride * out_w:stride] += col[:, :, y, x]
    return img[:, :, pad:H + pad, pad:W + pad]
"""


def _conv(forward_tail: str, backward_head: str) -> str:
    return (
        H
        + IM2COL_GIVEN
        + f"""
class Convolution:
    def __init__(self, W, b, stride=1, pad=0):
        self.W, self.b, self.stride, self.pad = W, b, stride, pad

    def forward(self, x):
        FN, C, FH, FW = self.W.shape
        N, C, H, W = x.shape
        out_h = (H + 2 * self.pad - FH) // self.stride + 1
        out_w = (W + 2 * self.pad - FW) // self.stride + 1
        self.x = x
        self.col = im2col(x, FH, FW, self.stride, self.pad)
        self.col_W = self.W.reshape(FN, -1).T
        out = self.col @ self.col_W + self.b
{forward_tail}

    def backward(self, dout):
        FN, C, FH, FW = self.W.shape
{backward_head}
        self.db = dout.sum(axis=0)
        self.dW = (self.col.T @ dout).transpose(1, 0).reshape(FN, C, FH, FW)
        return col2im(dout @ self.col_W.T, self.x.shape, FH, FW, self.stride, self.pad)
"""
    )


CONV_FORWARD_OK = "        return out.reshape(N, out_h, out_w, -1).transpose(0, 3, 1, 2)"
CONV_BACKWARD_OK = "        dout = dout.transpose(0, 2, 3, 1).reshape(-1, FN)"


def _pool(forward_tail: str) -> str:
    return (
        H
        + IM2COL_GIVEN
        + f"""
class Pooling:
    def __init__(self, pool_h, pool_w, stride=2, pad=0):
        self.pool_h, self.pool_w, self.stride, self.pad = pool_h, pool_w, stride, pad

    def forward(self, x):
        N, C, H, W = x.shape
        out_h = (H - self.pool_h) // self.stride + 1
        out_w = (W - self.pool_w) // self.stride + 1
        col = im2col(x, self.pool_h, self.pool_w, self.stride, self.pad)
        col = col.reshape(-1, self.pool_h * self.pool_w)
        self.x = x
        self.arg_max = np.argmax(col, axis=1)
{forward_tail}

    def backward(self, dout):
        size = self.pool_h * self.pool_w
        dout = dout.transpose(0, 2, 3, 1)
        dmax = np.zeros((dout.size, size))
        dmax[np.arange(dout.size), self.arg_max] = dout.flatten()
        dcol = dmax.reshape(dout.shape[0] * dout.shape[1] * dout.shape[2], -1)
        return col2im(dcol, self.x.shape, self.pool_h, self.pool_w, self.stride, self.pad)
"""
    )


RNN_CELL = """
class RNN:
    def __init__(self, Wx, Wh, b):
        self.params = [Wx, Wh, b]
        self.grads = [np.zeros_like(Wx), np.zeros_like(Wh), np.zeros_like(b)]

    def forward(self, x, h_prev):
        Wx, Wh, b = self.params
        h_next = np.tanh(h_prev @ Wh + x @ Wx + b)
        self.cache = (x, h_prev, h_next)
        return h_next

    def backward(self, dh_next):
        Wx, Wh, b = self.params
        x, h_prev, h_next = self.cache
        dt = dh_next * (1 - h_next ** 2)
        self.grads[0][...] = x.T @ dt
        self.grads[1][...] = h_prev.T @ dt
        self.grads[2][...] = dt.sum(axis=0)
        return dt @ Wx.T, dt @ Wh.T
"""


def _time_rnn(backward_loop: str, store: str) -> str:
    return (
        H
        + RNN_CELL
        + f"""
class TimeRNN:
    def __init__(self, Wx, Wh, b, stateful=False):
        self.params = [Wx, Wh, b]
        self.grads = [np.zeros_like(Wx), np.zeros_like(Wh), np.zeros_like(b)]
        self.h = None
        self.stateful = stateful

    def forward(self, xs):
        Wx, Wh, b = self.params
        N, T, D = xs.shape
        H = Wh.shape[0]
        self.layers = []
        hs = np.empty((N, T, H))
        if not self.stateful or self.h is None:
            self.h = np.zeros((N, H))
        for t in range(T):
            layer = RNN(*self.params)
            self.h = layer.forward(xs[:, t, :], self.h)
            hs[:, t, :] = self.h
            self.layers.append(layer)
        return hs

    def backward(self, dhs):
        Wx, Wh, b = self.params
        N, T, H = dhs.shape
        dxs = np.empty((N, T, Wx.shape[0]))
        dh = 0
        grads = [0, 0, 0]
        for t in reversed(range(T)):
            layer = self.layers[t]
{backward_loop}
            dxs[:, t, :] = dx
{store}
        self.dh = dh
        return dxs
"""
    )


RNN_LOOP_OK = """            dx, dh = layer.backward(dhs[:, t, :] + dh)
            for i, grad in enumerate(layer.grads):
                grads[i] += grad"""
RNN_STORE_OK = """        for i, grad in enumerate(grads):
            self.grads[i][...] = grad"""


def _lstm(gates: str, c_and_h: str, ds: str) -> str:
    return (
        H
        + f"""
def sigmoid(x):
    return 1 / (1 + np.exp(-x))


class LSTM:
    def __init__(self, Wx, Wh, b):
        self.params = [Wx, Wh, b]
        self.grads = [np.zeros_like(Wx), np.zeros_like(Wh), np.zeros_like(b)]

    def forward(self, x, h_prev, c_prev):
        Wx, Wh, b = self.params
        N, H = h_prev.shape
        A = x @ Wx + h_prev @ Wh + b
{gates}
{c_and_h}
        self.cache = (x, h_prev, c_prev, i, f, g, o, c_next)
        return h_next, c_next

    def backward(self, dh_next, dc_next):
        Wx, Wh, b = self.params
        x, h_prev, c_prev, i, f, g, o, c_next = self.cache
        tanh_c = np.tanh(c_next)
{ds}
        dc_prev = ds * f
        di = ds * g * i * (1 - i)
        df = ds * c_prev * f * (1 - f)
        do = dh_next * tanh_c * o * (1 - o)
        dg = ds * i * (1 - g ** 2)
        dA = np.hstack((df, dg, di, do))
        self.grads[0][...] = x.T @ dA
        self.grads[1][...] = h_prev.T @ dA
        self.grads[2][...] = dA.sum(axis=0)
        return dA @ Wx.T, dA @ Wh.T, dc_prev
"""
    )


LSTM_GATES_OK = """        f = sigmoid(A[:, :H])
        g = np.tanh(A[:, H:2 * H])
        i = sigmoid(A[:, 2 * H:3 * H])
        o = sigmoid(A[:, 3 * H:])"""
LSTM_CH_OK = """        c_next = f * c_prev + g * i
        h_next = o * np.tanh(c_next)"""
LSTM_DS_OK = "        ds = dc_next + dh_next * o * (1 - tanh_c ** 2)"


def _gru(h_hat: str, h_next: str) -> str:
    return (
        H
        + f"""
def sigmoid(x):
    return 1 / (1 + np.exp(-x))


class GRU:
    def __init__(self, Wx, Wh, b):
        self.params = [Wx, Wh, b]

    def forward(self, x, h_prev):
        Wx, Wh, b = self.params
        H = Wh.shape[0]
        Wxz, Wxr, Wxh = Wx[:, :H], Wx[:, H:2 * H], Wx[:, 2 * H:]
        Whz, Whr, Whh = Wh[:, :H], Wh[:, H:2 * H], Wh[:, 2 * H:]
        bz, br, bh = b[:H], b[H:2 * H], b[2 * H:]
        z = sigmoid(x @ Wxz + h_prev @ Whz + bz)
        r = sigmoid(x @ Wxr + h_prev @ Whr + br)
{h_hat}
{h_next}
"""
    )


def _optimizer(name: str, init: str, step: str, signature: str) -> str:
    return (
        H
        + f"""
class {name}:
    def __init__(self, {signature}):
{init}

    def update(self, params, grads):
{step}
"""
    )


def _embedding(backward: str) -> str:
    return (
        H
        + f"""
class Embedding:
    def __init__(self, W):
        self.params = [W]
        self.grads = [np.zeros_like(W)]

    def forward(self, idx):
        self.idx = idx
        return self.params[0][idx]

    def backward(self, dout):
{backward}
"""
    )


def _attention(scores: str, softmax: str) -> str:
    return (
        H
        + f"""
def scaled_dot_product_attention(Q, K, V, mask=None):
{scores}
    if mask is not None:
        s = np.where(mask, s, -np.inf)
{softmax}
    return w @ V, w
"""
    )


ATTENTION_SCORES_OK = "    s = Q @ np.swapaxes(K, -1, -2) / np.sqrt(Q.shape[-1])"
ATTENTION_SOFTMAX_OK = """    e = np.exp(s - s.max(axis=-1, keepdims=True))
    w = e / e.sum(axis=-1, keepdims=True)"""


def _nms(body: str) -> str:
    return (
        H
        + IOU
        + f"""
def nms(boxes, scores, iou_threshold):
    order = np.argsort(-scores, kind="stable")
    iou = box_iou(boxes, boxes)
{body}
"""
    )


def _ap(body: str) -> str:
    return (
        H
        + f"""
def average_precision(scores, is_tp, n_gt):
    order = np.argsort(-scores, kind="stable")
{body}
"""
    )


def _bn(var: str, running: str, backward: str) -> str:
    return (
        H
        + f"""
class BatchNormalization:
    def __init__(self, gamma, beta, momentum=0.9, running_mean=None, running_var=None):
        self.gamma, self.beta, self.momentum = gamma, beta, momentum
        self.running_mean, self.running_var = running_mean, running_var

    def forward(self, x, train_flg=True):
        if self.running_mean is None:
            self.running_mean = np.zeros(x.shape[1])
            self.running_var = np.zeros(x.shape[1])
        if train_flg:
            mu = x.mean(axis=0)
            xc = x - mu
{var}
            std = np.sqrt(var + 10e-7)
            self.xc, self.std, self.xn = xc, std, xc / std
{running}
            xn = self.xn
        else:
            xn = (x - self.running_mean) / np.sqrt(self.running_var + 10e-7)
        return self.gamma * xn + self.beta

    def backward(self, dout):
        self.dbeta = dout.sum(axis=0)
        self.dgamma = np.sum(self.xn * dout, axis=0)
{backward}
"""
    )


BN_VAR_OK = "            var = np.mean(xc ** 2, axis=0)"
BN_RUNNING_OK = """            m = self.momentum
            self.running_mean = m * self.running_mean + (1 - m) * mu
            self.running_var = m * self.running_var + (1 - m) * var"""
BN_BACKWARD_OK = """        n = dout.shape[0]
        dxn = self.gamma * dout
        dxc = dxn / self.std
        dstd = -np.sum((dxn * self.xc) / (self.std * self.std), axis=0)
        dvar = 0.5 * dstd / self.std
        dxc += (2.0 / n) * self.xc * dvar
        dmu = np.sum(dxc, axis=0)
        return dxc - dmu / n"""


GPU_TIMING_GIVEN = """
import sys


def array_namespace(x):
    return sys.modules[type(x).__module__.partition(".")[0]]


def batched_matmul(a, b):
    return array_namespace(a).matmul(a, b)


def conv2d(x, w, b, stride=1, pad=0):
    xp = array_namespace(x)
    n, c, h, w_in = x.shape
    fn, _, fh, fw = w.shape
    out_h = (h + 2 * pad - fh) // stride + 1
    out_w = (w_in + 2 * pad - fw) // stride + 1
    padded = xp.zeros((n, c, h + 2 * pad, w_in + 2 * pad), dtype=x.dtype)
    padded[:, :, pad : pad + h, pad : pad + w_in] = x
    windows = xp.zeros((n, c, fh, fw, out_h, out_w), dtype=x.dtype)
    for i in range(fh):
        for j in range(fw):
            windows[:, :, i, j] = padded[
                :, :, i : i + stride * out_h : stride, j : j + stride * out_w : stride
            ]
    col = windows.transpose(0, 4, 5, 1, 2, 3).reshape(n * out_h * out_w, -1)
    out = col @ w.reshape(fn, -1).T + b
    return out.reshape(n, out_h, out_w, fn).transpose(0, 3, 1, 2)
"""

WRONG: dict[str, list[Wrong]] = {
    "gpu_timing": [
        Wrong(
            "pads only the bottom and the right",
            GPU_TIMING_GIVEN.replace(
                "padded[:, :, pad : pad + h, pad : pad + w_in] = x", "padded[:, :, :h, :w_in] = x"
            ),
            "zero padding on all four sides",
        ),
        Wrong(
            "forgets the bias",
            GPU_TIMING_GIVEN.replace(
                "out = col @ w.reshape(fn, -1).T + b", "out = col @ w.reshape(fn, -1).T"
            ),
            "plus b[f]",
        ),
    ],
    "softmax": [
        Wrong(
            "no shift by the maximum (overflows)",
            H
            + "def softmax(x):\n    e = np.exp(x)\n    return e / e.sum(axis=-1, keepdims=True)\n",
            "is nan",
        ),
        Wrong(
            "normalizes over the batch axis",
            H + "def softmax(x):\n    e = np.exp(x - x.max())\n    return e / e.sum(axis=0)\n",
            "2-D batch",
        ),
        Wrong(
            "shifts x in place",
            H + "def softmax(x):\n    x -= x.max(axis=-1, keepdims=True)\n"
            "    e = np.exp(x)\n    return e / e.sum(axis=-1, keepdims=True)\n",
            "must not modify",
        ),
    ],
    "cross_entropy_error": [
        Wrong(
            "no delta inside the log",
            H + CE_BODY + "    return -np.sum(np.log(y[np.arange(batch), t])) / batch\n",
            "1e-7",
        ),
        Wrong(
            "sum over the batch instead of the mean",
            H + CE_BODY + "    return -np.sum(np.log(y[np.arange(batch), t] + 1e-7))\n",
            "batch mean",
        ),
        Wrong(
            "always treats t as one-hot",
            H + "def cross_entropy_error(y, t):\n"
            "    batch = y.shape[0] if y.ndim == 2 else 1\n"
            "    return -np.sum(t * np.log(y + 1e-7)) / batch\n",
            "loss",
        ),
    ],
    "mean_squared_error": [
        Wrong(
            "swapped sign of the derivative (output first)",
            H + "def mean_squared_error(d, y):\n    return np.sum((y - d) ** 2) / (2 * len(y))\n"
            "def d_mean_squared_error(d, y):\n    return (d - y) / len(y)\n",
            "teacher",
        ),
        Wrong(
            "mean over every element",
            H + "def mean_squared_error(d, y):\n    return np.mean((y - d) ** 2) / 2\n"
            "def d_mean_squared_error(d, y):\n    return (y - d) / len(y)\n",
            "E is",
        ),
        Wrong(
            "derivative not divided by the batch size",
            H + "def mean_squared_error(d, y):\n    return np.sum((y - d) ** 2) / (2 * len(y))\n"
            "def d_mean_squared_error(d, y):\n    return y - d\n",
            "dy",
        ),
    ],
    "numerical_gradient": [
        Wrong(
            "forward difference",
            H + "def numerical_gradient(f, x):\n    h = 1e-4\n    grad = np.zeros_like(x)\n"
            "    for i in np.ndindex(x.shape):\n        v = x[i]\n        fx = f(x)\n"
            "        x[i] = v + h\n        grad[i] = (f(x) - fx) / h\n        x[i] = v\n"
            "    return grad\n",
            "grad",
        ),
        Wrong(
            "does not restore x",
            H + "def numerical_gradient(f, x):\n    h = 1e-4\n    grad = np.zeros_like(x)\n"
            "    for i in np.ndindex(x.shape):\n        x[i] += h\n        a = f(x)\n"
            "        x[i] -= 2 * h\n        b = f(x)\n        grad[i] = (a - b) / (2 * h)\n"
            "    return grad\n",
            "x back unchanged",
        ),
        Wrong(
            "walks x as if it were 1-D",
            H + "def numerical_gradient(f, x):\n    h = 1e-4\n    grad = np.zeros_like(x)\n"
            "    for i in range(x.size):\n        v = x[i]\n        x[i] = v + h\n"
            "        a = f(x)\n"
            "        x[i] = v - h\n        b = f(x)\n        x[i] = v\n"
            "        grad[i] = (a - b) / (2 * h)\n    return grad\n",
            "any shape",
            status="error",
        ),
    ],
    "relu_layer": [
        Wrong(
            "derivative 1 at x == 0",
            H + "class Relu:\n    def forward(self, x):\n        self.mask = x < 0\n"
            "        out = x.copy()\n        out[self.mask] = 0\n        return out\n"
            "    def backward(self, dout):\n        dx = dout.copy()\n        dx[self.mask] = 0\n"
            "        return dx\n",
            "exactly x = 0",
        ),
        Wrong(
            "zeroes x in place",
            H + "class Relu:\n    def forward(self, x):\n        self.mask = x <= 0\n"
            "        x[self.mask] = 0\n        return x\n"
            "    def backward(self, dout):\n        dout[self.mask] = 0\n        return dout\n",
            "must not modify x",
        ),
    ],
    "affine_layer": [
        Wrong(
            "db is the mean over the batch",
            H + "class Affine:\n    def __init__(self, W, b):\n        self.W, self.b = W, b\n"
            "    def forward(self, x):\n        self.shape = x.shape\n"
            "        self.x = x.reshape(x.shape[0], -1)\n        return self.x @ self.W + self.b\n"
            "    def backward(self, dout):\n        self.dW = self.x.T @ dout\n"
            "        self.db = dout.mean(axis=0)\n"
            "        return (dout @ self.W.T).reshape(self.shape)\n",
            "db",
        ),
        Wrong(
            "dx keeps the flattened shape",
            H + "class Affine:\n    def __init__(self, W, b):\n        self.W, self.b = W, b\n"
            "    def forward(self, x):\n        self.x = x.reshape(x.shape[0], -1)\n"
            "        return self.x @ self.W + self.b\n"
            "    def backward(self, dout):\n        self.dW = self.x.T @ dout\n"
            "        self.db = dout.sum(axis=0)\n        return dout @ self.W.T\n",
            "original x",
        ),
    ],
    "softmax_with_loss": [
        Wrong(
            "dx not divided by the batch size",
            H + "def softmax(x):\n    e = np.exp(x - x.max(axis=-1, keepdims=True))\n"
            "    return e / e.sum(axis=-1, keepdims=True)\n"
            "class SoftmaxWithLoss:\n    def forward(self, x, t):\n"
            "        self.y = softmax(x)\n        n = x.shape[0]\n"
            "        self.t = t if t.shape == x.shape else np.eye(x.shape[1])[t]\n"
            "        return -np.sum(self.t * np.log(self.y + 1e-7)) / n\n"
            "    def backward(self, dout=1):\n        return dout * (self.y - self.t)\n",
            "batch_size",
        ),
        Wrong(
            "ignores dout",
            H + "def softmax(x):\n    e = np.exp(x - x.max(axis=-1, keepdims=True))\n"
            "    return e / e.sum(axis=-1, keepdims=True)\n"
            "class SoftmaxWithLoss:\n    def forward(self, x, t):\n"
            "        self.y = softmax(x)\n        n = x.shape[0]\n"
            "        self.t = t if t.shape == x.shape else np.eye(x.shape[1])[t]\n"
            "        return -np.sum(self.t * np.log(self.y + 1e-7)) / n\n"
            "    def backward(self, dout=1):\n        return (self.y - self.t) / self.y.shape[0]\n",
            "scales the gradient by dout",
        ),
        Wrong(
            "subtracts 1 in the wrong places for labels",
            H + "def softmax(x):\n    e = np.exp(x - x.max(axis=-1, keepdims=True))\n"
            "    return e / e.sum(axis=-1, keepdims=True)\n"
            "class SoftmaxWithLoss:\n    def forward(self, x, t):\n"
            "        self.y, self.t = softmax(x), t\n        n = x.shape[0]\n"
            "        if t.shape == x.shape:\n"
            "            return -np.sum(t * np.log(self.y + 1e-7)) / n\n"
            "        return -np.sum(np.log(self.y[np.arange(n), t] + 1e-7)) / n\n"
            "    def backward(self, dout=1):\n        n = self.y.shape[0]\n"
            "        if self.t.shape == self.y.shape:\n"
            "            return dout * (self.y - self.t) / n\n"
            "        dx = self.y.copy()\n        dx[self.t] -= 1\n        return dout * dx / n\n",
            "dx",
        ),
    ],
    "momentum": [
        Wrong(
            "velocity reset at every call",
            _optimizer(
                "Momentum",
                "        self.lr, self.momentum = lr, momentum",
                "        for k in params:\n            v = np.zeros_like(params[k])\n"
                "            v = self.momentum * v - self.lr * grads[k]\n"
                "            params[k] += v",
                "lr=0.01, momentum=0.9",
            ),
            "update call number 2",
        ),
        Wrong(
            "velocity added with the wrong sign",
            _optimizer(
                "Momentum",
                "        self.lr, self.momentum, self.v = lr, momentum, None",
                "        if self.v is None:\n"
                "            self.v = {k: np.zeros_like(p) for k, p in params.items()}\n"
                "        for k in params:\n"
                "            self.v[k] = self.momentum * self.v[k] + self.lr * grads[k]\n"
                "            params[k] += self.v[k]",
                "lr=0.01, momentum=0.9",
            ),
            "p0",
        ),
    ],
    "adagrad": [
        Wrong(
            "epsilon inside the square root",
            _optimizer(
                "AdaGrad",
                "        self.lr, self.h = lr, None",
                "        if self.h is None:\n"
                "            self.h = {k: np.zeros_like(p) for k, p in params.items()}\n"
                "        for k in params:\n            self.h[k] += grads[k] ** 2\n"
                "            params[k] -= self.lr * grads[k] / np.sqrt(self.h[k] + 1e-7)",
                "lr=0.01",
            ),
            "p0 is params after update call number 1",
        ),
        Wrong(
            "h not accumulated",
            _optimizer(
                "AdaGrad",
                "        self.lr = lr",
                "        for k in params:\n            h = grads[k] ** 2\n"
                "            params[k] -= self.lr * grads[k] / (np.sqrt(h) + 1e-7)",
                "lr=0.01",
            ),
            "update call number 2",
        ),
    ],
    "rmsprop": [
        Wrong(
            "decay weights swapped",
            _optimizer(
                "RMSprop",
                "        self.lr, self.decay_rate, self.h = lr, decay_rate, None",
                "        if self.h is None:\n"
                "            self.h = {k: np.zeros_like(p) for k, p in params.items()}\n"
                "        for k in params:\n"
                "            self.h[k] = (1 - self.decay_rate) * self.h[k]"
                " + self.decay_rate * grads[k] ** 2\n"
                "            params[k] -= self.lr * grads[k] / (np.sqrt(self.h[k]) + 1e-7)",
                "lr=0.01, decay_rate=0.99",
            ),
            "p0",
        ),
        Wrong(
            "AdaGrad's sum instead of a decaying average",
            _optimizer(
                "RMSprop",
                "        self.lr, self.decay_rate, self.h = lr, decay_rate, None",
                "        if self.h is None:\n"
                "            self.h = {k: np.zeros_like(p) for k, p in params.items()}\n"
                "        for k in params:\n            self.h[k] += grads[k] ** 2\n"
                "            params[k] -= self.lr * grads[k] / (np.sqrt(self.h[k]) + 1e-7)",
                "lr=0.01, decay_rate=0.99",
            ),
            "p0",
        ),
    ],
    "adam": [
        Wrong(
            "the paper's Adam (epsilon 1e-8 on the corrected sqrt(v_hat))",
            _optimizer(
                "Adam",
                "        self.lr, self.beta1, self.beta2 = lr, beta1, beta2\n"
                "        self.t, self.m, self.v = 0, None, None",
                "        if self.m is None:\n"
                "            self.m = {k: np.zeros_like(p) for k, p in params.items()}\n"
                "            self.v = {k: np.zeros_like(p) for k, p in params.items()}\n"
                "        self.t += 1\n        for k in params:\n            g = grads[k]\n"
                "            self.m[k] = self.beta1 * self.m[k] + (1 - self.beta1) * g\n"
                "            self.v[k] = self.beta2 * self.v[k] + (1 - self.beta2) * g * g\n"
                "            m_hat = self.m[k] / (1 - self.beta1 ** self.t)\n"
                "            v_hat = self.v[k] / (1 - self.beta2 ** self.t)\n"
                "            params[k] -= self.lr * m_hat / (np.sqrt(v_hat) + 1e-8)",
                "lr=0.001, beta1=0.9, beta2=0.999",
            ),
            "p0",
        ),
        Wrong(
            "no bias correction",
            _optimizer(
                "Adam",
                "        self.lr, self.beta1, self.beta2 = lr, beta1, beta2\n"
                "        self.m, self.v = None, None",
                "        if self.m is None:\n"
                "            self.m = {k: np.zeros_like(p) for k, p in params.items()}\n"
                "            self.v = {k: np.zeros_like(p) for k, p in params.items()}\n"
                "        for k in params:\n            g = grads[k]\n"
                "            self.m[k] += (1 - self.beta1) * (g - self.m[k])\n"
                "            self.v[k] += (1 - self.beta2) * (g * g - self.v[k])\n"
                "            params[k] -= self.lr * self.m[k] / (np.sqrt(self.v[k]) + 1e-7)",
                "lr=0.001, beta1=0.9, beta2=0.999",
            ),
            "p0",
        ),
    ],
    "dropout": [
        Wrong(
            "inverted dropout",
            H + "class Dropout:\n    def __init__(self, dropout_ratio=0.5):\n"
            "        self.p = dropout_ratio\n"
            "    def forward(self, x, train_flg=True):\n        if not train_flg:\n"
            "            return x\n        self.mask = (np.random.rand(*x.shape) > self.p)"
            " / (1 - self.p)\n        return x * self.mask\n"
            "    def backward(self, dout):\n        return dout * self.mask\n",
            "non-inverted",
        ),
        Wrong(
            "backward ignores the mask",
            H + "class Dropout:\n    def __init__(self, dropout_ratio=0.5):\n"
            "        self.p = dropout_ratio\n"
            "    def forward(self, x, train_flg=True):\n        if not train_flg:\n"
            "            return x * (1 - self.p)\n"
            "        self.mask = np.random.rand(*x.shape) > self.p\n        return x * self.mask\n"
            "    def backward(self, dout):\n        return dout\n",
            "same mask",
        ),
        Wrong(
            "keeps a fraction dropout_ratio instead of dropping it",
            H + "class Dropout:\n    def __init__(self, dropout_ratio=0.5):\n"
            "        self.p = dropout_ratio\n"
            "    def forward(self, x, train_flg=True):\n        if not train_flg:\n"
            "            return x * (1 - self.p)\n"
            "        self.mask = np.random.rand(*x.shape) < self.p\n        return x * self.mask\n"
            "    def backward(self, dout):\n        return dout * self.mask\n",
            "should be dropped",
        ),
        Wrong(
            "the same mask at every call",
            H + "class Dropout:\n    def __init__(self, dropout_ratio=0.5):\n"
            "        self.p = dropout_ratio\n"
            "    def forward(self, x, train_flg=True):\n        if not train_flg:\n"
            "            return x * (1 - self.p)\n"
            "        self.mask = np.random.default_rng(0).random(x.shape) > self.p\n"
            "        return x * self.mask\n"
            "    def backward(self, dout):\n        return dout * self.mask\n",
            "new mask",
        ),
    ],
    "batch_norm": [
        Wrong(
            "unbiased variance (ddof=1)",
            _bn("            var = np.var(x, axis=0, ddof=1)", BN_RUNNING_OK, BN_BACKWARD_OK),
            "biased variance",
        ),
        Wrong(
            "PyTorch's momentum (weight of the new value)",
            _bn(
                BN_VAR_OK,
                "            m = self.momentum\n"
                "            self.running_mean = (1 - m) * self.running_mean + m * mu\n"
                "            self.running_var = (1 - m) * self.running_var + m * var",
                BN_BACKWARD_OK,
            ),
            "running",
        ),
        Wrong(
            "backward treats the batch statistics as constants",
            _bn(BN_VAR_OK, BN_RUNNING_OK, "        return self.gamma * dout / self.std"),
            "dx",
        ),
    ],
    "layer_norm": [
        Wrong(
            "normalizes over the batch axis",
            H + "def layer_norm(x, gamma, beta, eps=1e-5):\n"
            "    m = x.mean(axis=0, keepdims=True)\n    v = x.var(axis=0, keepdims=True)\n"
            "    return gamma * (x - m) / np.sqrt(v + eps) + beta\n",
            "LAST axis",
        ),
        Wrong(
            "epsilon outside the square root",
            H + "def layer_norm(x, gamma, beta, eps=1e-5):\n"
            "    m = x.mean(axis=-1, keepdims=True)\n    v = x.var(axis=-1, keepdims=True)\n"
            "    return gamma * (x - m) / (np.sqrt(v) + eps) + beta\n",
            "inside the square root",
        ),
    ],
    "im2col": [
        Wrong(
            "columns ordered (filter_h, filter_w, channel)",
            H + IM2COL_GIVEN.replace("transpose(0, 4, 5, 1, 2, 3)", "transpose(0, 4, 5, 2, 3, 1)"),
            "columns (c, filter_h, filter_w)",
        ),
        Wrong(
            "pads only the bottom and the right",
            H + IM2COL_GIVEN.replace("(pad, pad), (pad, pad)", "(0, 2 * pad), (0, 2 * pad)"),
            "zero padding",
        ),
    ],
    "col2im": [
        Wrong(
            "assigns instead of adding",
            H
            + IM2COL_GIVEN.replace(
                "x:x + stride * out_w:stride] += col", "x:x + stride * out_w:stride] = col"
            ),
            "(+=)",
        ),
        Wrong(
            "crops without the padding offset",
            H + IM2COL_GIVEN.replace("img[:, :, pad:H + pad, pad:W + pad]", "img[:, :, :H, :W]"),
            "padding is cropped",
        ),
    ],
    "convolution": [
        Wrong(
            "reshapes the output without the transpose",
            _conv("        return out.reshape(N, FN, out_h, out_w)", CONV_BACKWARD_OK),
            "transpose(0, 3, 1, 2)",
        ),
        Wrong(
            "reshapes dout without the transpose",
            _conv(CONV_FORWARD_OK, "        dout = dout.reshape(-1, FN)"),
            "dx",
        ),
    ],
    "max_pooling": [
        Wrong(
            "reshapes the output straight to (N, C, out_h, out_w)",
            _pool("        return np.max(col, axis=1).reshape(N, C, out_h, out_w)"),
            "transpose(0, 3, 1, 2)",
        ),
        Wrong(
            "average pooling",
            _pool(
                "        return np.mean(col, axis=1).reshape(N, out_h, out_w, C)"
                ".transpose(0, 3, 1, 2)"
            ),
            "max over each window",
        ),
    ],
    "time_rnn": [
        Wrong(
            "dh from the next step is dropped",
            _time_rnn(RNN_LOOP_OK.replace("dhs[:, t, :] + dh", "dhs[:, t, :]"), RNN_STORE_OK),
            "plus the dh",
        ),
        Wrong(
            "keeps only one step's weight gradients",
            _time_rnn(
                RNN_LOOP_OK.replace("grads[i] += grad", "grads[i] = grad.copy()"), RNN_STORE_OK
            ),
            "add the gradients of all steps",
        ),
        Wrong(
            "replaces self.grads instead of writing into it",
            _time_rnn(RNN_LOOP_OK, "        self.grads = [g.copy() for g in grads]"),
            "in place",
        ),
    ],
    "lstm_cell": [
        Wrong(
            "PyTorch's gate order i, f, g, o",
            _lstm(
                "        i = sigmoid(A[:, :H])\n        f = sigmoid(A[:, H:2 * H])\n"
                "        g = np.tanh(A[:, 2 * H:3 * H])\n        o = sigmoid(A[:, 3 * H:])",
                LSTM_CH_OK,
                LSTM_DS_OK,
            ),
            "f, g, i, o",
        ),
        Wrong(
            "h_next without tanh",
            _lstm(
                LSTM_GATES_OK,
                "        c_next = f * c_prev + g * i\n        h_next = o * c_next",
                LSTM_DS_OK,
            ),
            "h_next",
        ),
        Wrong(
            "backward forgets the path through h_next into the cell",
            _lstm(LSTM_GATES_OK, LSTM_CH_OK, "        ds = dc_next"),
            "dc_prev",
        ),
    ],
    "gru_cell": [
        Wrong(
            "PyTorch's update (z keeps the old state)",
            _gru(
                "        h_hat = np.tanh(x @ Wxh + (r * h_prev) @ Whh + bh)",
                "        return (1 - z) * h_hat + z * h_prev",
            ),
            "DLFS2",
        ),
        Wrong(
            "reset gate after the product",
            _gru(
                "        h_hat = np.tanh(x @ Wxh + r * (h_prev @ Whh) + bh)",
                "        return (1 - z) * h_prev + z * h_hat",
            ),
            "BEFORE the matrix product",
        ),
    ],
    "embedding": [
        Wrong(
            "fancy-index assignment (repeated ids lost)",
            _embedding(
                "        dW = self.grads[0]\n        dW[...] = 0\n        dW[self.idx] = dout"
            ),
            "np.add.at",
        ),
        Wrong(
            "gradient not reset between calls",
            _embedding("        np.add.at(self.grads[0], self.idx, dout)"),
            "previous call",
        ),
        Wrong(
            "a new gradient array each time",
            _embedding(
                "        dW = np.zeros_like(self.params[0])\n"
                "        np.add.at(dW, self.idx, dout)\n"
                "        self.grads = [dW]"
            ),
            "in place",
        ),
    ],
    "attention": [
        Wrong(
            "divides by d_k instead of sqrt(d_k)",
            _attention("    s = Q @ np.swapaxes(K, -1, -2) / Q.shape[-1]", ATTENTION_SOFTMAX_OK),
            "sqrt(d_k)",
        ),
        Wrong(
            "softmax over the queries axis",
            _attention(
                ATTENTION_SCORES_OK,
                "    e = np.exp(s - s.max(axis=-2, keepdims=True))\n"
                "    w = e / e.sum(axis=-2, keepdims=True)",
            ),
            "LAST axis",
        ),
        Wrong(
            "mask applied after the softmax",
            H + "def scaled_dot_product_attention(Q, K, V, mask=None):\n"
            "    s = Q @ np.swapaxes(K, -1, -2) / np.sqrt(Q.shape[-1])\n"
            "    e = np.exp(s - s.max(axis=-1, keepdims=True))\n"
            "    w = e / e.sum(axis=-1, keepdims=True)\n"
            "    if mask is not None:\n        w = w * mask\n    return w @ V, w\n",
            "still sum to 1",
        ),
        Wrong(
            "no shift before exp",
            _attention(
                ATTENTION_SCORES_OK, "    e = np.exp(s)\n    w = e / e.sum(axis=-1, keepdims=True)"
            ),
            "nan",
        ),
    ],
    "positional_encoding": [
        Wrong(
            "exponent i / d instead of 2i / d",
            H
            + "def positional_encoding(max_len, d_model):\n    pe = np.zeros((max_len, d_model))\n"
            "    p = np.arange(max_len)[:, None]\n    i = np.arange(0, d_model, 2) // 2\n"
            "    a = p / 10000 ** (i / d_model)\n    pe[:, 0::2] = np.sin(a)\n"
            "    pe[:, 1::2] = np.cos(a[:, :d_model // 2])\n    return pe\n",
            "even index 2i",
        ),
        Wrong(
            "sine and cosine swapped",
            H
            + "def positional_encoding(max_len, d_model):\n    pe = np.zeros((max_len, d_model))\n"
            "    p = np.arange(max_len)[:, None]\n"
            "    a = p / 10000 ** (np.arange(0, d_model, 2) / d_model)\n"
            "    pe[:, 0::2] = np.cos(a)\n    pe[:, 1::2] = np.sin(a[:, :d_model // 2])\n"
            "    return pe\n",
            "sin on even columns",
        ),
    ],
    "box_iou": [
        Wrong(
            "intersection not clamped at 0",
            H + IOU.replace("np.clip(rb - lt, 0, None)", "rb - lt"),
            "clamp",
        ),
        Wrong(
            "the +1 pixel convention",
            H
            + IOU.replace(
                "(a[:, 2] - a[:, 0]) * (a[:, 3] - a[:, 1])",
                "(a[:, 2] - a[:, 0] + 1) * (a[:, 3] - a[:, 1] + 1)",
            )
            .replace(
                "(b[:, 2] - b[:, 0]) * (b[:, 3] - b[:, 1])",
                "(b[:, 2] - b[:, 0] + 1) * (b[:, 3] - b[:, 1] + 1)",
            )
            .replace("np.clip(rb - lt, 0, None)", "np.clip(rb - lt + 1, 0, None)"),
            "no +1",
        ),
        Wrong(
            "divides by a zero union",
            H
            + IOU.replace(
                "np.where(union > 0, inter / np.where(union > 0, union, 1), 0.0)", "inter / union"
            ),
            "union is 0",
        ),
    ],
    "nms": [
        Wrong(
            "suppressed boxes still suppress",
            _nms(
                "    keep = []\n    for rank, i in enumerate(order):\n"
                "        if all(iou[i, j] <= iou_threshold for j in order[:rank]):\n"
                "            keep.append(i)\n    return np.array(keep, dtype=np.int64)"
            ),
            "already KEPT",
        ),
        Wrong(
            "suppresses at IoU equal to the threshold",
            _nms(
                "    keep, dead = [], set()\n    for i in order:\n        if i in dead:\n"
                "            continue\n        keep.append(i)\n"
                "        dead |= set(np.flatnonzero(iou[i] >= iou_threshold))\n"
                "    return np.array(keep, dtype=np.int64)"
            ),
            "strictly",
        ),
        Wrong(
            "kept indices sorted by index",
            _nms(
                "    keep, dead = [], set()\n    for i in order:\n        if i in dead:\n"
                "            continue\n        keep.append(i)\n"
                "        dead |= set(np.flatnonzero(iou[i] > iou_threshold))\n"
                "    return np.sort(np.array(keep, dtype=np.int64))"
            ),
            "in the order they were kept",
        ),
        Wrong(
            "returns a list",
            _nms(
                "    keep, dead = [], set()\n    for i in order:\n        if i in dead:\n"
                "            continue\n        keep.append(int(i))\n"
                "        dead |= set(np.flatnonzero(iou[i] > iou_threshold))\n    return keep"
            ),
            "int64",
        ),
    ],
    "average_precision": [
        Wrong(
            "no precision envelope",
            _ap(
                "    hits = np.asarray(is_tp, float)[order]\n    tp = np.cumsum(hits)\n"
                "    fp = np.cumsum(1 - hits)\n    recall = np.concatenate(([0.0], tp / n_gt))\n"
                "    precision = tp / (tp + fp)\n"
                "    return float(np.sum(np.diff(recall) * precision))"
            ),
            "envelope",
        ),
        Wrong(
            "forgets to sort by score",
            H + "def average_precision(scores, is_tp, n_gt):\n"
            "    hits = np.asarray(is_tp, float)\n    tp = np.cumsum(hits)\n"
            "    fp = np.cumsum(1 - hits)\n    recall = np.concatenate(([0.0], tp / n_gt))\n"
            "    p = np.concatenate(([0.0], tp / np.maximum(tp + fp, 1)))\n"
            "    p = np.maximum.accumulate(p[::-1])[::-1]\n"
            "    return float(np.sum(np.diff(recall) * p[1:]))\n",
            "sort by decreasing score",
        ),
        Wrong(
            "VOC 2007 11-point interpolation",
            _ap(
                "    hits = np.asarray(is_tp, float)[order]\n    tp = np.cumsum(hits)\n"
                "    fp = np.cumsum(1 - hits)\n    recall = tp / n_gt\n"
                "    precision = tp / np.maximum(tp + fp, 1)\n    ap = 0.0\n"
                "    for r in np.linspace(0, 1, 11):\n"
                "        p = precision[recall >= r]\n"
                "        ap += (p.max() if p.size else 0) / 11\n"
                "    return float(ap)"
            ),
            "ap is",
        ),
    ],
}


# Right, but written differently from the reference: these must pass.
RIGHT: dict[str, list[tuple[str, str]]] = {
    "softmax": [
        (
            "log-sum-exp",
            H + "def softmax(x):\n    m = x.max(axis=-1, keepdims=True)\n"
            "    lse = m + np.log(np.exp(x - m).sum(axis=-1, keepdims=True))\n"
            "    return np.exp(x - lse)\n",
        ),
        (
            "the seed's transpose trick",
            H + "def softmax(x):\n    if x.ndim == 2:\n        x = x.T\n"
            "        x = x - np.max(x, axis=0)\n        y = np.exp(x) / np.sum(np.exp(x), axis=0)\n"
            "        return y.T\n    x = x - np.max(x)\n    return np.exp(x) / np.sum(np.exp(x))\n",
        ),
    ],
    "cross_entropy_error": [
        (
            "the textbook's argmax conversion",
            H + CE_BODY + "    return -np.sum(np.log(y[np.arange(batch), t] + 1e-7)) / batch\n",
        ),
    ],
    "momentum": [
        (
            "velocity with the opposite sign",
            _optimizer(
                "Momentum",
                "        self.lr, self.momentum, self.v = lr, momentum, None",
                "        if self.v is None:\n"
                "            self.v = {k: np.zeros_like(p) for k, p in params.items()}\n"
                "        for k in params:\n"
                "            self.v[k] = self.momentum * self.v[k] + self.lr * grads[k]\n"
                "            params[k] -= self.v[k]",
                "lr=0.01, momentum=0.9",
            ),
        ),
    ],
    "box_iou": [
        (
            "two loops",
            H + "def box_iou(a, b):\n    out = np.zeros((len(a), len(b)))\n"
            "    for i, p in enumerate(a):\n        for j, q in enumerate(b):\n"
            "            w = max(0.0, min(p[2], q[2]) - max(p[0], q[0]))\n"
            "            h = max(0.0, min(p[3], q[3]) - max(p[1], q[1]))\n"
            "            union = (p[2] - p[0]) * (p[3] - p[1]) + (q[2] - q[0]) * (q[3] - q[1])"
            " - w * h\n            out[i, j] = w * h / union if union > 0 else 0.0\n"
            "    return out\n",
        ),
    ],
    "batch_norm": [
        ("the textbook's step-by-step backward", _bn(BN_VAR_OK, BN_RUNNING_OK, BN_BACKWARD_OK)),
    ],
    "time_rnn": [("sums kept in a list", _time_rnn(RNN_LOOP_OK, RNN_STORE_OK))],
    "lstm_cell": [("gates kept in another order", _lstm(LSTM_GATES_OK, LSTM_CH_OK, LSTM_DS_OK))],
    "convolution": [("the textbook's layout", _conv(CONV_FORWARD_OK, CONV_BACKWARD_OK))],
    "max_pooling": [
        (
            "the textbook's layout",
            _pool(
                "        return np.max(col, axis=1).reshape(N, out_h, out_w, C)"
                ".transpose(0, 3, 1, 2)"
            ),
        )
    ],
    "attention": [
        (
            "the scale written as a power",
            _attention(
                ATTENTION_SCORES_OK.replace("np.sqrt(Q.shape[-1])", "Q.shape[-1] ** 0.5"),
                ATTENTION_SOFTMAX_OK,
            ),
        )
    ],
}

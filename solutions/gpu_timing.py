"""Reference: array-API batched matmul and im2col convolution (NumPy, CuPy, PyTorch, ...)."""

import sys


def array_namespace(x):
    try:
        import array_api_compat
    except ImportError:  # NumPy 2 and array-api-strict are array-API namespaces themselves
        return sys.modules[type(x).__module__.partition(".")[0]]
    return array_api_compat.array_namespace(x)


def batched_matmul(a, b):
    xp = array_namespace(a)
    return xp.matmul(a, b)


def conv2d(x, w, b, stride=1, pad=0):
    xp = array_namespace(x)
    n, c, h, w_in = x.shape
    fn, _, fh, fw = w.shape
    out_h = (h + 2 * pad - fh) // stride + 1
    out_w = (w_in + 2 * pad - fw) // stride + 1
    padded = xp.zeros((n, c, h + 2 * pad, w_in + 2 * pad), dtype=x.dtype)
    padded[:, :, pad : pad + h, pad : pad + w_in] = x
    windows = xp.zeros((n, c, fh, fw, out_h, out_w), dtype=x.dtype)
    for i in range(fh):  # stops inside the array: the standard leaves others unspecified
        for j in range(fw):
            windows[:, :, i, j, :, :] = padded[
                :,
                :,
                i : i + stride * (out_h - 1) + 1 : stride,
                j : j + stride * (out_w - 1) + 1 : stride,
            ]
    col = xp.reshape(xp.permute_dims(windows, (0, 4, 5, 1, 2, 3)), (n * out_h * out_w, -1))
    out = xp.matmul(col, xp.permute_dims(xp.reshape(w, (fn, -1)), (1, 0))) + b
    return xp.permute_dims(xp.reshape(out, (n, out_h, out_w, fn)), (0, 3, 1, 2))

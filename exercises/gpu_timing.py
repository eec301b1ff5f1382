"""Exercise gpu_timing: one convolution, written once, run on NumPy (CPU) and CuPy (GPU).

Source: course notes 003 im2col (DAY5, l.235-283); course notes 001 GPU / GPGPU (l.296-339); course notes 002
        CPU・GPU・TPU のメモリアーキテクチャ (l.395-446).

Contract
--------
Write the code against the array namespace `xp` of the inputs, never against `np` directly, so
the same function runs on NumPy arrays (CPU), CuPy arrays and PyTorch tensors (GPU). Use only the
array API standard, which they all share: xp.zeros, xp.matmul (or @), xp.reshape,
xp.permute_dims, slicing and slice assignment, .shape, .dtype. (Not np.pad, not the methods
.reshape / .transpose, which PyTorch and the standard spell differently.) The checks run your code
on NumPy arrays, on array-api-strict arrays (the standard's reference implementation: anything
outside the standard fails there) and, where PyTorch is installed, on CPU tensors.
`array_namespace(x)` below is given: it returns the namespace of an array.

batched_matmul(a, b) -> (B, n, m)
    a : (B, n, k), b : (B, k, m); one matrix product per batch entry.

conv2d(x, w, b, stride=1, pad=0) -> (N, FN, out_h, out_w)
    x : (N, C, H, W), w : (FN, C, FH, FW), b : (FN,); zero padding `pad` on all four sides;
    out_h = (H + 2*pad - FH) // stride + 1 (out_w likewise).
    Through im2col, as the textbook's Convolution layer: gather every window into a matrix
    col of shape (N*out_h*out_w, C*FH*FW), columns in (c, fh, fw) order, then one matrix
    product with w as (FN, C*FH*FW) transposed, add b, and back to (N, FN, out_h, out_w).

Then:  trainer exercise check gpu_timing    (correctness: NumPy, array-api-strict, PyTorch CPU)
       trainer exercise time gpu_timing     (times your code on every backend found)
"""

import sys


def array_namespace(x):
    """The array-API namespace of `x` (array-api-compat's wrapper for NumPy, CuPy, PyTorch)."""
    try:
        import array_api_compat
    except ImportError:  # NumPy 2 and array-api-strict are array-API namespaces themselves
        return sys.modules[type(x).__module__.partition(".")[0]]
    return array_api_compat.array_namespace(x)


def batched_matmul(a, b):
    xp = array_namespace(a)
    # TODO: one matrix product per batch entry (xp.matmul broadcasts over the leading axis)
    raise NotImplementedError


def conv2d(x, w, b, stride=1, pad=0):
    xp = array_namespace(x)
    n, c, h, w_in = x.shape
    fn, _, fh, fw = w.shape
    # TODO: out_h, out_w
    # TODO: padded = xp.zeros(...); copy x into its centre (no np.pad: it must run on any xp)
    # TODO: windows (n, c, fh, fw, out_h, out_w) filled with strided slices of padded
    # TODO: col = xp.reshape(xp.permute_dims(windows, (0, 4, 5, 1, 2, 3)), (n * out_h * out_w, -1))
    # TODO: out = col @ (w as (fn, -1), transposed) + b, then back to (n, fn, out_h, out_w)
    raise NotImplementedError

"""Comparing the learner's outputs with the reference's, in the parent process only.

Arrays must have the expected shape and a compatible dtype; values must satisfy
`|got - expected| <= atol + rtol * |expected|` elementwise (a float32 array at least to float32's
precision, `FLOAT32`, unless the check names a dtype), with NaN and infinities required exactly
where the reference has them. A mismatch names the output and the worst element, and gives the
largest absolute and relative errors.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from trainer.grading.l10n import Bi, say
from trainer.grading.worker import Opaque


@dataclass(frozen=True)
class Tolerance:
    rtol: float = 1e-7
    atol: float = 1e-10


EXACT = Tolerance(0.0, 0.0)
FLOAT32 = Tolerance(1e-5, 1e-7)  # the least tolerance a float32 output is compared with


@dataclass(frozen=True)
class Mismatch:
    message: str
    expected: str | None = None
    got: str | None = None
    where: str | None = None
    max_abs_error: float | None = None
    max_rel_error: float | None = None


def show(value: Any, *, full: bool = False) -> str:
    """A value as Python-like text; small arrays in full precision (pasteable), big ones cut."""
    if isinstance(value, np.ndarray):
        dtype = (
            "" if value.dtype in (np.float64, np.int64, np.bool_) else f", dtype=np.{value.dtype}"
        )
        if value.size == 0:
            if value.dtype == np.int64:
                dtype = ", dtype=np.int64"
            if value.shape == (0,):
                return f"np.array([]{dtype})"
            return f"np.empty({value.shape}{dtype})"
        if value.size <= 64 or full:
            text = repr(value.tolist())
            if value.ndim >= 2 and len(text) > 90:
                text = "[" + ",\n ".join(repr(row) for row in value.tolist()) + "]"
            return f"np.array({text}{dtype})".replace("\n", "\n" + " " * 9)
        text = np.array2string(
            value, threshold=64, edgeitems=3, separator=", ", max_line_width=96, precision=6
        )
        return f"np.array({text}{dtype})".replace("\n", "\n" + " " * 9)
    if isinstance(value, np.generic):
        return f"np.{type(value).__name__}({value.item()!r})"
    if isinstance(value, tuple):
        inner = ", ".join(show(v, full=full) for v in value)
        return f"({inner},)" if len(value) == 1 else f"({inner})"
    if isinstance(value, list):
        return "[" + ", ".join(show(v, full=full) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k!r}: {show(v, full=full)}" for k, v in value.items()) + "}"
    if isinstance(value, Opaque):
        return f"<{value.description}>"
    if callable(value):
        return f"<function {getattr(value, '__name__', '?')}>"
    return repr(value)


def show_inputs(inputs: Mapping[str, Any]) -> str:
    """The inputs as assignments; names starting with "_" are the grader's own (hidden).

    A big input can be shown as the expression that makes it: `"_show_x": "np.linspace(...)"`.
    """
    return "\n".join(
        f"{name} = {inputs.get(f'_show_{name}') or show(value)}"
        for name, value in inputs.items()
        if not name.startswith("_")
    )


def _kind(value: Any) -> Bi:
    if isinstance(value, np.ndarray):
        return say("kind.array", shape=value.shape, dtype=value.dtype)
    if isinstance(value, Opaque):
        return say("kind.other", name=value.description)
    return say("kind.other", name=type(value).__name__)


def _is_scalar(value: Any) -> bool:
    return isinstance(value, int | float | np.generic) or (
        isinstance(value, np.ndarray) and value.ndim == 0
    )


def compare(
    expected: Any, got: Any, path: str, tolerance: Tolerance, dtype: str | None = None
) -> Mismatch | None:
    """None when `got` matches `expected`; else what is wrong, naming `path`."""
    if (isinstance(expected, np.ndarray) and expected.ndim > 0) or dtype is not None:
        return _compare_array(np.asarray(expected), got, path, tolerance, dtype)
    if _is_scalar(expected) and not isinstance(expected, bool | np.bool_):
        if isinstance(got, bool | np.bool_) or not _is_scalar(got):
            return Mismatch(
                say("cmp.number", path=path, kind=_kind(got)),
                show(expected),
                show(got),
            )
        return _compare_array(np.asarray(expected), np.asarray(got), path, tolerance, None)
    if isinstance(expected, tuple | list):
        if not isinstance(got, tuple | list):
            return Mismatch(
                say(
                    "cmp.sequence",
                    path=path,
                    type=type(expected).__name__,
                    count=len(expected),
                    kind=_kind(got),
                )
            )
        if len(got) != len(expected):
            return Mismatch(say("cmp.length", path=path, count=len(expected), got=len(got)))
        for i, (e, g) in enumerate(zip(expected, got, strict=True)):
            found = compare(e, g, f"{path}[{i}]", tolerance)
            if found:
                return found
        return None
    if isinstance(expected, dict):
        if not isinstance(got, dict):
            return Mismatch(say("cmp.dict", path=path, kind=_kind(got)))
        if set(got) != set(expected):
            return Mismatch(say("cmp.keys", path=path, want=sorted(expected), got=sorted(got)))
        for key in expected:
            found = compare(expected[key], got[key], f"{path}[{key!r}]", tolerance)
            if found:
                return found
        return None
    if expected is None:
        if got is not None:
            return Mismatch(say("cmp.none", path=path, kind=_kind(got)), "None", show(got))
        return None
    if isinstance(expected, bool | np.bool_):
        if not isinstance(got, bool | np.bool_) or bool(got) != bool(expected):
            return Mismatch(
                say("cmp.bool", path=path, want=repr(expected)), repr(expected), show(got)
            )
        return None
    if type(got) is not type(expected) or got != expected:
        return Mismatch(say("cmp.differs", path=path), show(expected), show(got))
    return None


def _compare_array(
    expected: np.ndarray, got: Any, path: str, tolerance: Tolerance, dtype: str | None
) -> Mismatch | None:
    if dtype is not None and not isinstance(got, np.ndarray):
        return Mismatch(say("cmp.array_dtype", path=path, dtype=dtype, kind=_kind(got)))
    if isinstance(got, list | tuple):
        try:
            got = np.asarray(got)
        except (ValueError, TypeError):
            return Mismatch(say("cmp.ragged", path=path, type=type(got).__name__))
    if _is_scalar(got) and not isinstance(got, np.ndarray):
        got = np.asarray(got)
    if not isinstance(got, np.ndarray):
        return Mismatch(
            say("cmp.kind", path=path, want=_kind(expected), kind=_kind(got)),
            show(expected),
            show(got),
        )
    if got.shape != expected.shape:
        return Mismatch(
            say("cmp.shape", path=path, shape=got.shape, want=expected.shape),
            show(expected),
            show(got),
        )
    if dtype is not None and got.dtype != np.dtype(dtype):
        return Mismatch(say("cmp.dtype", path=path, dtype=got.dtype, want=dtype), None, show(got))
    if got.dtype.kind not in "biuf":
        return Mismatch(say("cmp.real", path=path, dtype=got.dtype))
    if got.dtype == np.float32 and dtype is None and tolerance != EXACT:
        # float32 work is right unless the contract names a dtype: float32's precision
        tolerance = Tolerance(max(tolerance.rtol, FLOAT32.rtol), max(tolerance.atol, FLOAT32.atol))
    if expected.dtype.kind in "iub" and tolerance == EXACT:
        bad = got != expected
        if bad.any():
            return _value_mismatch(expected, got, path, bad, None, None)
        return None
    e = expected.astype(np.float64)
    g = got.astype(np.float64)
    e_finite = np.isfinite(e)
    g_finite = np.isfinite(g)
    with np.errstate(all="ignore"):
        diff = np.abs(g - e)
        bound = tolerance.atol + tolerance.rtol * np.abs(e)
        same_special = (~e_finite) & ((np.isnan(e) & np.isnan(g)) | (e == g))
        bad = np.where(e_finite, ~g_finite | ~(diff <= bound), ~same_special)
        if not bad.any():
            return None
        both = e_finite & g_finite
        max_abs = float(diff[both].max()) if both.any() else float("nan")
        # over the wrong elements whose expected value is not 0 (against 0 it means nothing)
        nonzero = bad & both & (e != 0)
        max_rel: float | None = (
            float((diff[nonzero] / np.abs(e[nonzero])).max()) if nonzero.any() else None
        )
        if (bad & ~both).any() and (bad & ~g_finite & e_finite).any():
            max_abs = max_rel = float("inf")
    return _value_mismatch(expected, got, path, bad, max_abs, max_rel, diff)


def _value_mismatch(
    expected: np.ndarray,
    got: np.ndarray,
    path: str,
    bad: np.ndarray,
    max_abs: float | None,
    max_rel: float | None,
    diff: np.ndarray | None = None,
) -> Mismatch:
    if diff is not None:
        score = np.where(bad, np.nan_to_num(diff, nan=np.inf, posinf=np.inf), -1.0)
        flat = int(np.argmax(score))
    else:
        flat = int(np.flatnonzero(bad)[0])
    index = np.unravel_index(flat, expected.shape) if expected.ndim else ()
    at = f"{path}[{', '.join(str(int(i)) for i in index)}]" if expected.ndim else path
    count = int(bad.sum())
    e_value = expected[index].item() if expected.ndim else expected.item()
    g_value = got[index].item() if got.ndim else got.item()
    if expected.ndim:
        message = say(
            "cmp.elements",
            at=at,
            got=repr(g_value),
            want=repr(e_value),
            count=count,
            size=expected.size,
        )
        first = int(np.flatnonzero(bad)[0])
        if first != flat and expected.ndim >= 2:  # a sequence: where it first goes wrong
            first_index = np.unravel_index(first, expected.shape)
            message = say(
                "cmp.first",
                message=message,
                at=f"{path}[{', '.join(str(int(i)) for i in first_index)}]",
                got=repr(got[first_index].item()),
                want=repr(expected[first_index].item()),
            )
    else:
        message = say("cmp.value", path=path, got=repr(g_value), want=repr(e_value))
    return Mismatch(message, show(expected), show(got), at, max_abs, max_rel)

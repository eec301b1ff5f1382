"""Numbers as a learner reads them: in keys, feedback and generated explanations.

One formatter for the whole bank: float noise is dropped (5.55e-17 is 0, 0.30000000000000004
is 0.3), "-0" never appears, integers have no ".0", and a key is shown at the precision its
question asks for, which the question declares through its tolerance (abs 0.001: "Give 3
decimals"). Display only: the checker still compares with the unrounded value.
"""

from __future__ import annotations

import math

NOISE = 1e-12
"""A value this small (relative to the numbers it was computed from, or absolutely) is zero."""

SIGNIFICANT = 12
"""Digits kept when dropping float noise: 0.1 + 0.2 is 0.3, and no real digit is lost."""

MAX_DECIMALS = 12


def denoise(value: float, scale: float = 1.0) -> float:
    """`value` without float noise: within NOISE × max(1, |scale|) of zero it is 0.0 (never
    -0.0); otherwise rounded to SIGNIFICANT significant digits."""
    if not math.isfinite(value):
        return value
    if abs(value) <= NOISE * max(1.0, abs(scale)):
        return 0.0
    rounded = float(f"{value:.{SIGNIFICANT}g}")
    return rounded + 0.0  # -0.0 + 0.0 is 0.0


def _fixed(value: float, decimals: int) -> str:
    text = f"{value:.{decimals}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    if text.lstrip("-") in ("0", ""):
        return "0"  # -0.0001 at 3 decimals is 0, not -0
    return text


def format_number(value: float, decimals: int | None = None) -> str:
    """A number for a learner: at most `decimals` decimals (trailing zeros dropped) when given;
    otherwise every real digit up to SIGNIFICANT, in plain notation for 1e-6 ≤ |x| < 1e15.
    Integers print without ".0"; noise and "-0" never print."""
    if not math.isfinite(value):
        return str(value)
    value = denoise(value)
    if decimals is not None:
        return _fixed(value, max(0, decimals))
    if value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    if 1e-6 <= abs(value) < 1e15:
        digits = SIGNIFICANT - 1 - math.floor(math.log10(abs(value)))
        return _fixed(value, max(0, min(digits, SIGNIFICANT + 6)))
    return f"{value:.{SIGNIFICANT}g}".replace("e+", "e")


def decimals_for(abs_tol: float, rel_tol: float, value: float) -> int | None:
    """The decimals the question asks for, read from its tolerance: an absolute tolerance
    states them (abs 0.001 → 3, abs 0.0006 → 3, abs 0.0001 → 4, abs 0.06 → 1); a relative one
    alone, the fewest at which the rounded value stays inside it. None for an exact key (a
    tolerance of about zero)."""
    allowed = abs_tol if abs_tol > 1e-9 else rel_tol * abs(value)
    if allowed < 1e-9:
        return None
    for decimals in range(MAX_DECIMALS + 1):
        if 0.5 * 10.0**-decimals <= allowed * (1 + 1e-9):
            return decimals
    return None


def format_key(value: float, abs_tol: float, rel_tol: float) -> str:
    """A numeric key as shown to the learner: at the decimals its tolerance states, with a digit
    more where the rounded key would itself fall just outside the tolerance."""
    decimals = decimals_for(abs_tol, rel_tol, value)
    while decimals is not None:
        shown = format_number(value, decimals)
        inside = abs(float(shown) - value) <= max(abs_tol, rel_tol * abs(value))
        if inside or decimals >= MAX_DECIMALS:
            return shown
        decimals += 1
    return format_number(value)

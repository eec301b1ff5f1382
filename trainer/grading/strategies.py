"""Hypothesis building blocks for exercise specs (imported only when checks are built).

The specs build their strategies inside each draw (`draw(s.arrays((n, d), -1, 1))`), and
Hypothesis works out a new strategy object's properties on its first use: a fifth to a third of
the grader's own time in a check. So `floats`, `arrays`, `filled` and `shapes` give the same
object for the same arguments (all hashable); what they draw is the same.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import numpy as np
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

SearchStrategy = st.SearchStrategy


@lru_cache(maxsize=4096)
def floats(low: float = -10.0, high: float = 10.0) -> st.SearchStrategy[float]:
    """Finite floats on a grid (hundredths up to magnitude 100, integers beyond).

    A grid keeps shrunk failing inputs readable (0.25, not 2.7105505530745475e-19); the edge
    cases each exercise cares about (exact zeros, huge logits) come from its examples.
    """
    scale = 100 if max(abs(low), abs(high)) <= 100 else 1
    first, last = int(np.ceil(low * scale)), int(np.floor(high * scale))
    return st.integers(first, last).map(lambda i: i / scale)


@lru_cache(maxsize=4096)
def arrays(
    shape: int | tuple[int, ...] | st.SearchStrategy[int] | st.SearchStrategy[tuple[int, ...]],
    low: float = -10.0,
    high: float = 10.0,
    elements: st.SearchStrategy[Any] | None = None,
) -> st.SearchStrategy[np.ndarray]:
    """float64 arrays with bounded, finite elements."""
    return hnp.arrays(
        np.float64, shape, elements=elements if elements is not None else floats(low, high)
    )


@lru_cache(maxsize=4096)
def filled(shape: tuple[int, ...], low: float, high: float) -> st.SearchStrategy[np.ndarray]:
    """A grid-valued array drawn from a seed: fast for big arrays (shrinking goes to the seed)."""
    scale = 100 if max(abs(low), abs(high)) <= 100 else 1

    def build(seed: int) -> np.ndarray:
        rng = np.random.default_rng(seed)
        first, last = int(np.ceil(low * scale)), int(np.floor(high * scale))
        return rng.integers(first, last + 1, size=shape).astype(np.float64) / scale

    return st.integers(0, 2**32 - 1).map(build)


def away_from(values: st.SearchStrategy[np.ndarray], point: float, gap: float) -> Any:
    """Arrays none of whose elements is within `gap` of `point` (kinks of ReLU, ties...)."""
    return values.filter(lambda a: bool(np.all(np.abs(a - point) >= gap)))


@lru_cache(maxsize=4096)
def shapes(min_dims: int, max_dims: int, min_side: int = 1, max_side: int = 5) -> Any:
    return hnp.array_shapes(
        min_dims=min_dims, max_dims=max_dims, min_side=min_side, max_side=max_side
    )


def one_of(*strategies: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.one_of(*strategies)


def fixed(**strategies: st.SearchStrategy[Any]) -> st.SearchStrategy[dict[str, Any]]:
    return st.fixed_dictionaries(strategies)


def distinct(array: np.ndarray, gap: float) -> bool:
    """No two elements closer than `gap` (ties make argmax and sorting ambiguous)."""
    flat = np.sort(array.ravel())
    return bool(flat.size < 2 or np.min(np.diff(flat)) >= gap)


integers = st.integers
permutations = st.permutations
lists = st.lists
sampled_from = st.sampled_from
booleans = st.booleans
just = st.just
composite = st.composite
data = st.data
DrawFn = st.DrawFn

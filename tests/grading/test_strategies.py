"""The specs' strategy builders give one object per arguments (Hypothesis then works out each
strategy's properties once, not in every draw), and draw what a fresh object draws."""

from __future__ import annotations

from typing import Any

import numpy as np
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from trainer.grading import strategies as s


def test_the_same_arguments_give_the_same_strategy() -> None:
    assert s.arrays((2, 3), -1, 1) is s.arrays((2, 3), -1, 1)
    assert s.arrays((2, 3), -1, 1) is not s.arrays((2, 3), -2, 2)
    assert s.floats(-1, 1) is s.floats(-1, 1)
    assert s.shapes(1, 2) is s.shapes(1, 2)
    assert s.filled((4, 4), 0, 1) is s.filled((4, 4), 0, 1)


def drawn(strategy: st.SearchStrategy[Any]) -> list[bytes]:
    seen: list[bytes] = []

    @settings(
        max_examples=40,
        derandomize=True,
        database=None,
        deadline=None,
        phases=(Phase.generate,),
        suppress_health_check=list(HealthCheck),
    )
    @given(strategy)
    def record(value: np.ndarray) -> None:
        seen.append(value.tobytes() + str(value.shape).encode())

    record()
    return seen


def test_a_reused_strategy_draws_what_a_new_one_draws() -> None:
    @st.composite
    def reused(draw: st.DrawFn) -> np.ndarray:
        n = draw(st.integers(1, 3))
        return draw(s.arrays((n, 2), -1, 1))

    @st.composite
    def fresh(draw: st.DrawFn) -> np.ndarray:
        n = draw(st.integers(1, 3))
        return draw(s.arrays.__wrapped__((n, 2), -1, 1))

    assert drawn(reused()) == drawn(fresh())

"""The FSRS-6 memory model as NumPy array formulas, for simulating many cards at once.

The same formulas as `fsrs.Scheduler` (py-fsrs 6) and fsrs-rs, written over arrays so that the
planner and the simulated learners of the tests can step a whole bank through a day in one call.
A test holds them equal to py-fsrs card by card. Interday reviews only: same-day learning steps
are not simulated (fsrs-rs's simulator folds them into costs the same way).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

Array = npt.NDArray[np.float64]

STABILITY_MIN = 0.001
DIFFICULTY_MIN = 1.0
DIFFICULTY_MAX = 10.0


class Model:
    """FSRS-6 with 21 parameters `w`."""

    def __init__(self, parameters: Sequence[float]) -> None:
        if len(parameters) != 21:
            raise ValueError(f"FSRS-6 has 21 parameters, not {len(parameters)}")
        self.w = np.asarray(parameters, dtype=np.float64)
        self.decay = -float(self.w[20])
        self.factor = 0.9 ** (1 / self.decay) - 1

    def retrievability(self, elapsed_days: Array, stability: Array) -> Array:
        """Probability of recall `elapsed_days` after the last review."""
        result: Array = (1 + self.factor * np.maximum(elapsed_days, 0) / stability) ** self.decay
        return result

    def interval(self, stability: Array, desired_retention: float, maximum: int = 36500) -> Array:
        """Whole days until recall falls to `desired_retention` (at least 1)."""
        days = stability / self.factor * (desired_retention ** (1 / self.decay) - 1)
        result: Array = np.clip(np.round(days), 1, maximum)
        return result

    def initial_stability(self, rating: Array) -> Array:
        result: Array = np.maximum(self.w[rating.astype(np.int64) - 1], STABILITY_MIN)
        return result

    def _initial_difficulty(self, rating: Array | float) -> Array:
        result: Array = self.w[4] - np.exp(self.w[5] * (np.asarray(rating) - 1)) + 1
        return result

    def initial_difficulty(self, rating: Array) -> Array:
        result: Array = np.clip(self._initial_difficulty(rating), DIFFICULTY_MIN, DIFFICULTY_MAX)
        return result

    def next_difficulty(self, difficulty: Array, rating: Array) -> Array:
        delta = -self.w[6] * (rating - 3)
        damped = difficulty + (10.0 - difficulty) * delta / 9.0
        reverted = self.w[7] * self._initial_difficulty(4.0) + (1 - self.w[7]) * damped
        result: Array = np.clip(reverted, DIFFICULTY_MIN, DIFFICULTY_MAX)
        return result

    def next_stability(
        self, difficulty: Array, stability: Array, retrievability: Array, rating: Array
    ) -> Array:
        """Stability after an interday review rated `rating` (1 Again … 4 Easy)."""
        w = self.w
        hard = np.where(rating == 2, w[15], 1.0)
        easy = np.where(rating == 4, w[16], 1.0)
        recall = stability * (
            1
            + np.exp(w[8])
            * (11 - difficulty)
            * stability ** -w[9]
            * (np.exp((1 - retrievability) * w[10]) - 1)
            * hard
            * easy
        )
        forget = np.minimum(
            w[11]
            * difficulty ** -w[12]
            * ((stability + 1) ** w[13] - 1)
            * np.exp((1 - retrievability) * w[14]),
            stability / np.exp(w[17] * w[18]),
        )
        result: Array = np.maximum(np.where(rating == 1, forget, recall), STABILITY_MIN)
        return result

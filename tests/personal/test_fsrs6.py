"""The array formulas are py-fsrs's, card by card."""

from __future__ import annotations

import math
import random

import numpy as np
from fsrs import Rating
from fsrs.scheduler import DEFAULT_PARAMETERS
from fsrs.scheduler import Scheduler as PyScheduler

from tests.personal.helpers import SLOW_START
from trainer.scheduling.fsrs6 import Model


def test_formulas_match_py_fsrs() -> None:
    rng = random.Random(5)
    for parameters in (DEFAULT_PARAMETERS, tuple(SLOW_START)):
        model, reference = Model(parameters), PyScheduler(parameters=parameters)
        for _ in range(200):
            s, d = rng.uniform(0.05, 300), rng.uniform(1, 10)
            elapsed, rating = rng.randint(0, 400), rng.randint(1, 4)
            r = (1 + reference._FACTOR * elapsed / s) ** reference._DECAY
            got_r = float(model.retrievability(np.array([elapsed]), np.array([s]))[0])
            assert math.isclose(got_r, r, rel_tol=1e-9)
            want_s = reference._next_stability(
                difficulty=d, stability=s, retrievability=r, rating=Rating(rating)
            )
            got_s = model.next_stability(
                np.array([d]), np.array([s]), np.array([r]), np.array([float(rating)])
            )
            assert math.isclose(float(got_s[0]), want_s, rel_tol=1e-9)
            want_d = reference._next_difficulty(difficulty=d, rating=Rating(rating))
            got_d = model.next_difficulty(np.array([d]), np.array([float(rating)]))
            assert math.isclose(float(got_d[0]), want_d, rel_tol=1e-9)
            ratings = np.array([float(rating)])
            assert math.isclose(
                float(model.initial_stability(ratings)[0]),
                reference._initial_stability(rating=Rating(rating)),
            )
            assert math.isclose(
                float(model.initial_difficulty(ratings)[0]),
                reference._initial_difficulty(rating=Rating(rating), clamp=True),
            )
        reference.desired_retention = 0.85
        assert model.interval(np.array([12.3]), 0.85)[0] == reference._next_interval(stability=12.3)

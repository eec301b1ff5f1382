"""Answer to rating, and leeches."""

from __future__ import annotations

import subprocess
import sys

import pytest

from trainer.scheduling import Rating, is_leech, parse_rating, rating_for


@pytest.mark.parametrize("chosen", [None, Rating.HARD, Rating.GOOD, Rating.EASY])
def test_a_wrong_answer_is_always_again(chosen: Rating | None) -> None:
    assert rating_for(False, chosen) == Rating.AGAIN


def test_a_right_answer_is_good_unless_the_learner_says_otherwise() -> None:
    assert rating_for(True) == Rating.GOOD
    assert rating_for(True, Rating.EASY) == Rating.EASY
    with pytest.raises(ValueError, match="not Again"):
        rating_for(True, Rating.AGAIN)


@pytest.mark.parametrize(
    ("typed", "rating"),
    [
        ("", Rating.GOOD),
        ("  ", Rating.GOOD),
        ("2", Rating.HARD),
        ("3", Rating.GOOD),
        ("4", Rating.EASY),
        ("Easy", Rating.EASY),
        ("h", Rating.HARD),
        ("1", None),
        ("x", None),
    ],
)
def test_parse_rating(typed: str, rating: Rating | None) -> None:
    assert parse_rating(typed) == rating


def test_leech_threshold() -> None:
    assert not is_leech(7) and is_leech(8) and is_leech(3, threshold=3)


def test_scheduling_stays_free_of_the_database_and_the_ui() -> None:
    code = (
        "import sys, trainer.scheduling; "
        "bad = sorted(m for m in sys.modules "
        "if m.split('.')[0] in ('sqlalchemy', 'textual', 'alembic')); "
        "print(bad); sys.exit(1 if bad else 0)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr

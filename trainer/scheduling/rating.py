"""How an answer becomes an FSRS rating, and when a card is a leech.

A wrong answer is always Again: letting a learner grade a miss as Hard makes FSRS schedule it
"unreasonably" far away (Anki manual: "Hard is a passing grade"). A right answer lets the learner
say how hard it felt; Enter means Good. A card lapsing 8 times (Anki's default) is a leech: it is
suspended and shown to the learner as such, instead of being silently repeated for ever.
"""

from __future__ import annotations

from enum import IntEnum

DEFAULT_LEECH_THRESHOLD = 8


class Rating(IntEnum):
    """The four FSRS grades; the values are those of `fsrs.Rating` (and of Anki's buttons)."""

    AGAIN = 1
    HARD = 2
    GOOD = 3
    EASY = 4


# What a learner may type at the rating prompt once the answer was right.
_RATING_WORDS = {
    "": 3,
    "2": 2,
    "3": 3,
    "4": 4,
    "h": 2,
    "hard": 2,
    "g": 3,
    "good": 3,
    "e": 4,
    "easy": 4,
}


def rating_for(correct: bool, chosen: Rating | None = None) -> Rating:
    """The rating to record: Again for a wrong answer whatever was chosen, else `chosen` or Good."""
    if not correct:
        return Rating.AGAIN
    if chosen is None:
        return Rating.GOOD
    if chosen == Rating.AGAIN:
        raise ValueError("a right answer is rated Hard, Good or Easy, not Again")
    return chosen


def parse_rating(text: str) -> Rating | None:
    """The rating typed after a right answer (Enter = Good, 2/3/4 or a word); None if unreadable."""
    value = _RATING_WORDS.get(text.strip().lower())
    return None if value is None else Rating(value)


def is_leech(lapses: int, threshold: int = DEFAULT_LEECH_THRESHOLD) -> bool:
    """A card that has lapsed `threshold` times or more is a leech."""
    return lapses >= threshold

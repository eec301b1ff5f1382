"""English grammar for text built from numbers: plurals, ordinals and indefinite articles.

One small module instead of strings fixed one by one ("1 updates", "3-th", "an 7×7", "a 8×8").
The `inflect` library does plurals and ordinals well but reads numerals wrong for articles ("a 8")
and takes about two seconds to import, so this covers the little the bank needs.

Question templates reach it through format specs on their fields (see `Field`):

    {k:th}             ordinal: "1st", "2nd", "3rd", "11th", "21st"
    {n:# update}       count and noun: "1 update", "3 updates"
    {n:~ time}         the noun alone, agreeing with n: "time", "times"
    {H:a}              the article, then the value: "a 7", "an 8", "an 11"
    {H:A}              the same at the start of a sentence: "A 7", "An 8"
"""

from __future__ import annotations

import re
from collections.abc import Mapping

_IRREGULAR = {
    "axis": "axes",
    "basis": "bases",
    "child": "children",
    "datum": "data",
    "index": "indices",
    "is": "are",
    "matrix": "matrices",
    "vertex": "vertices",
    "was": "were",
    "this": "these",
    "that": "those",
}


def _is_one(count: object) -> bool:
    """Singular for exactly one (1, "1", 1.0); "1.5 seconds" and "0 steps" are plural."""
    if isinstance(count, str):
        return count.strip().lstrip("+-−") == "1"
    return isinstance(count, int | float) and abs(count) == 1 and float(count).is_integer()


def plural_noun(noun: str) -> str:
    """The plural of a noun; in a phrase ("hidden layer"), of its last word."""
    head, _, last = noun.rpartition(" ")
    lower = last.lower()
    if lower in _IRREGULAR:
        word = _IRREGULAR[lower]
    elif re.search(r"(s|x|z|ch|sh)$", lower):
        word = last + "es"
    elif re.search(r"[^aeiou]y$", lower):
        word = last[:-1] + "ies"
    else:
        word = last + "s"
    return f"{head} {word}" if head else word


def noun(count: object, singular: str, plural: str | None = None) -> str:
    """The noun agreeing with `count`: noun(1, "time") == "time", noun(3, "time") == "times"."""
    if _is_one(count):
        return singular
    return plural if plural is not None else plural_noun(singular)


def plural(count: object, singular: str, plural: str | None = None) -> str:
    """Count and noun: plural(1, "update") == "1 update", plural(3, "update") == "3 updates"."""
    return f"{count} {noun(count, singular, plural)}"


def ordinal(n: int | str) -> str:
    """1st, 2nd, 3rd, 4th, 11th, 12th, 13th, 21st, 102nd."""
    value = int(n)
    if value % 100 in (11, 12, 13):
        suffix = "th"
    else:
        suffix = {1: "st", 2: "nd", 3: "rd"}.get(value % 10, "th")
    return f"{value}{suffix}"


# Letters whose names start with a vowel sound, for acronyms read letter by letter (an LSTM).
_VOWEL_LETTERS = set("AEFHILMNORSX")
_CONSONANT_SOUND = re.compile(r"^(uni|use|usu|uti|one|once|eu|ew)", re.IGNORECASE)
_VOWEL_SOUND = re.compile(r"^(hour|honest|honou?r)", re.IGNORECASE)


def _an(word: str) -> bool:
    digits = re.match(r"[0-9][0-9,]*", word)
    if digits:
        # Said as a number: "eight", "eleven", "eighteen", "eighty", "eight hundred",
        # "eleven thousand"... only 8… and a leading group of 11 or 18 start with a vowel.
        whole = digits.group().replace(",", "")
        return whole.startswith("8") or (len(whole) % 3 == 2 and whole[:2] in ("11", "18"))
    letters = re.match(r"[A-Za-z]+", word)
    if not letters:
        return False
    token = letters.group()
    if len(token) > 1 and token.isupper():
        return token[0] in _VOWEL_LETTERS
    if _VOWEL_SOUND.match(token):
        return True
    if _CONSONANT_SOUND.match(token):
        return False
    return token[0].lower() in "aeiou"


def article(word: object) -> str:
    """The indefinite article for what follows: "a" or "an" (an 8×8 input, a 7×7 input)."""
    return "an" if _an(str(word).strip()) else "a"


def with_article(word: object) -> str:
    """The word after its article: with_article("8×8") == "an 8×8"."""
    return f"{article(word)} {word}"


def _capital(word: str) -> str:
    return f"{article(word).capitalize()} {word}"


class Field(str):
    """A template field's text that also understands the format specs of the module docstring;
    without a spec it is the plain text (Japanese templates use none)."""

    __slots__ = ()

    def __format__(self, spec: str) -> str:
        if not spec:
            return str(self)
        if spec == "th":
            return ordinal(str(self))
        if spec == "a":
            return with_article(str(self))
        if spec == "A":  # at the start of a sentence
            return _capital(str(self))
        if spec.startswith("# "):
            return plural(str(self), spec[2:])
        if spec.startswith("~ "):
            return noun(str(self), spec[2:])
        return format(str(self), spec)


def fields(values: Mapping[str, object]) -> dict[str, Field]:
    """Template fields wrapped so that the specs above work in `str.format_map`."""
    return {key: Field(value) for key, value in values.items()}


class Word:
    """Any value in a `str.format` template with the specs above as well as its own
    ("{streak:# day}" and "{rate:.0%}" in one template): for message tables whose values are
    numbers, not the strings of a question's fields."""

    __slots__ = ("value",)

    def __init__(self, value: object) -> None:
        self.value = value

    def __format__(self, spec: str) -> str:
        if spec in ("th", "a", "A") or spec.startswith(("# ", "~ ")):
            return format(Field(str(self.value)), spec)
        return format(self.value, spec)

    def __str__(self) -> str:
        return str(self.value)

    def __repr__(self) -> str:
        return repr(self.value)

    def __getattr__(self, name: str) -> object:
        return getattr(self.value, name)

    def __getitem__(self, key: object) -> object:
        return self.value[key]  # type: ignore[index]


def words(values: Mapping[str, object]) -> dict[str, Word]:
    """`values` for `template.format(**words(values))`: "{n:# minute}" says "1 minute"."""
    return {key: Word(value) for key, value in values.items()}

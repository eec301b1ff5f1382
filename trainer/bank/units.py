"""Units a numeric answer may end with ("40 FPS", "23 ms"), when its question names one.

A question declares its unit (`unit: FPS` in YAML); the learner may then type it after the number,
in any spelling listed here, or leave it out. A unit is never converted: "0.023 s" for a question
asked in ms is refused with a message, not silently read as 0.023.
"""

from __future__ import annotations

# unit -> the spellings a learner may type, exactly as listed
UNITS: dict[str, tuple[str, ...]] = {
    "FPS": ("FPS", "fps", "Fps"),
    "ms": ("ms", "msec", "millisecond", "milliseconds", "ミリ秒"),
    "s": ("s", "sec", "second", "seconds", "秒"),
    "Hz": ("Hz", "hz", "HZ", "ヘルツ"),
    "kHz": ("kHz", "khz", "KHz", "キロヘルツ"),
    "KB": ("KB", "kB", "キロバイト"),
    "MB": ("MB", "メガバイト"),
    "GB": ("GB", "ギガバイト"),
    "KiB": ("KiB",),
    "MiB": ("MiB", "メビバイト"),
    "GiB": ("GiB", "ギビバイト"),
    "bytes": ("byte", "bytes", "B", "バイト"),
    "bits": ("bit", "bits", "ビット"),
    "倍": ("倍", "times"),
}

_SPELLINGS: dict[str, str] = {spelling: unit for unit, all in UNITS.items() for spelling in all}


def unit_of(word: str) -> str | None:
    """The unit a typed word names ("fps" -> "FPS"), or None when it names none."""
    return _SPELLINGS.get(word.strip())


def named_in(unit: str, text: str) -> bool:
    """Whether `text` (a prompt) names `unit` in one of its spellings."""
    return any(spelling in text for spelling in UNITS.get(unit, ()))

"""Text that comes from the learner's code (prints, exception messages, type names), made safe to
show: control characters written as escapes, and a length cap.

A terminal obeys what it is sent: an escape sequence printed by a submission could clear the real
report, move the cursor over FAILED, or retitle the window; a carriage return overwrites a line,
and bidirectional overrides reorder what is read. Every string relayed from the worker passes
through `relayed` before a report, the JSON or a record holds it. Newlines and tabs stay (printed
output keeps its lines).
"""

from __future__ import annotations

import re

# C0 and C1 controls (but newline and tab), DEL, and the invisible bidirectional controls.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")

MESSAGE_CHARS = 2000  # an exception message, a type name
TRACEBACK_CHARS = 8000  # the learner's frames only, at most a few


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def relayed(text: str, limit: int = MESSAGE_CHARS) -> str:
    """`text` with its control characters escaped, cut to `limit` characters (said where cut, in
    English and Japanese at once: the text may be a plain string shown in either language)."""
    safe = _CONTROL.sub(_escape, text)
    if len(safe) <= limit:
        return safe
    left = len(safe) - limit  # said in both languages: it lands inside texts of either
    return safe[:limit] + f" [... {left} characters left out / 以下 {left} 文字省略]"

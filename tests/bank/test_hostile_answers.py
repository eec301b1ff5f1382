"""A catalogue of hostile and careless answers (issue 17, "Answers"): every one gets a verdict
that is never "correct", or one readable line (`AnswerError`); none ends in a traceback, runs
away with time or memory, or echoes control characters back."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import threading
import time
import unicodedata
from pathlib import Path

import pytest

from tests.bank.test_shipped_bank import shipped
from trainer.bank.checking import MAX_ANSWER, check_answer, clean_answer, shown
from trainer.bank.errors import AnswerError
from trainer.bank.symbolic import STARTUP_ALLOWANCE_S, SYMBOLIC_TIMEOUT_S
from trainer.bank.variants import make_variant

ROOT = Path(__file__).resolve().parents[2]
EXPRESSION, NUMERIC, CHOICE, TEXT = (
    "fam.bptt-through-time",
    "am.determinant",
    "am.matrix-identities",
    "adv4.keras-history-key",
)

HOSTILE: list[tuple[str, str]] = [
    # non-finite values: never correct, on any kind (1: inf passed on every expression question)
    (EXPRESSION, "1e300*1e300"),
    (EXPRESSION, "-1e300*1e300"),
    (EXPRESSION, "1e300*1e300 - 1e300*1e300"),
    (EXPRESSION, "exp(1000)"),
    (EXPRESSION, "u*(1 - h_1**2)*w*(1 - h_2**2)*w*(1 - h_3**2) + 1e300*1e300"),
    (NUMERIC, "inf"),
    (NUMERIC, "nan"),
    (NUMERIC, "1e400"),
    (NUMERIC, "-1e400"),
    (NUMERIC, "1e308*10"),
    (NUMERIC, "1e300*1e300 - 1e300*1e300"),
    # proofs that would run away (2: a thread kept expanding, gigabytes later)
    (EXPRESSION, "(w+u+h_0+h_1+1)**1000"),
    (EXPRESSION, "exp(exp(exp(exp(exp(10)))))"),
    # digits Python's int() refuses (3: ValueError tracebacks)
    (CHOICE, "❶"),
    (CHOICE, "𐩀"),
    (CHOICE, "١"),
    (CHOICE, "9" * 5000),
    (CHOICE, "1," + "2" * 4400),
    (NUMERIC, "9" * 5000),
    (EXPRESSION, "9" * 4400),
    # bytes that were not UTF-8 (4: the answer was accepted, then saving failed)
    (TEXT, "SIMD\udcff"),
    (NUMERIC, "12\udcff"),
    (CHOICE, "\udcff"),
    # control characters and floods (5: echoed to the terminal, all 120 KB of it)
    (CHOICE, "\x1b[2J\x1b[HPASSED"),
    (CHOICE, "1\x00"),
    (TEXT, "\x1b]0;owned\x07"),
    (EXPRESSION, "w\x08\x08\x08u"),
    (NUMERIC, "1\r\n2"),
    (TEXT, "x" * 120_000),
    (EXPRESSION, "(" * 5000),
    (EXPRESSION, "-" * 900 + "w"),
    (NUMERIC, "((((((((((((((((((((1))))))))))))))))))))" * 20),
]


def _plain(message: str) -> bool:
    return not any(unicodedata.category(ch) == "Cc" for ch in message) and len(message) < 300


@pytest.mark.parametrize(("question_id", "answer"), HOSTILE, ids=lambda v: repr(v)[:30])
def test_a_hostile_answer_is_never_right_and_never_a_traceback(
    question_id: str, answer: str
) -> None:
    variant = make_variant(shipped().questions[question_id], 5)
    threads = threading.active_count()
    started = time.monotonic()
    try:
        verdict = check_answer(variant, answer)
    except AnswerError as error:  # one line, in both languages, echoing nothing raw
        assert _plain(error.en) and _plain(error.ja), (error.en, error.ja)
    else:
        assert not verdict.correct
        assert _plain(verdict.message.en) and _plain(verdict.message.ja)
    assert time.monotonic() - started < SYMBOLIC_TIMEOUT_S + STARTUP_ALLOWANCE_S + 2
    assert threading.active_count() <= threads  # no proof left running in the background


def test_an_answer_that_was_not_utf8_is_stored_as_replacement_characters() -> None:
    cleaned = clean_answer("SIMD\udcff")
    assert cleaned == "SIMD\ufffd"
    cleaned.encode("utf-8")  # what the database does with it
    assert clean_answer("平均 0.5") == "平均 0.5"


def test_echoes_escape_control_characters_and_stay_short() -> None:
    assert shown("\x1b[2J") == "\\x1b[2J"
    assert len(shown("x" * 5000)) == 40
    assert shown("正解 1") == "正解 1"


def test_an_answer_longer_than_the_limit_is_refused_in_both_languages() -> None:
    variant = make_variant(shipped().questions[TEXT], 0)
    with pytest.raises(AnswerError) as caught:
        check_answer(variant, "a" * (MAX_ANSWER + 1))
    assert "1001" in caught.value.en and "1001" in caught.value.ja


def test_right_answers_still_pass() -> None:
    variant = make_variant(shipped().questions[EXPRESSION], 5)
    assert variant.expression is not None
    assert check_answer(variant, variant.expression).correct


def test_line_mode_keeps_an_answer_that_was_not_utf8(tmp_path: Path) -> None:
    """`printf 'SIMD\\xff\\n' | trainer quiz --plain`: judged, saved (as U+FFFD), exit 0."""
    db = tmp_path / "u.db"
    done = subprocess.run(
        [
            *(sys.executable, "-m", "trainer", "--db", f"sqlite:///{db}"),
            *("quiz", "--plain", "--lang", "en", "--question", TEXT),
        ],
        input=b"SIMD\xff\n\n",
        capture_output=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert b"Traceback" not in done.stderr
    with sqlite3.connect(db) as connection:
        assert connection.execute("select answer from review_log").fetchall() == [("SIMD\ufffd",)]

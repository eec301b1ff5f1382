"""Runs the choices of code-blank and formula-blank questions: test-only, never in the app.

A code-blank question's `listing` is filled with one option's fragments and run, then its `check`
(plain Python) runs in the same namespace; a formula-blank question's `check` runs with the
option's fragments in `fills` (usually to compare both sides with sympy). The check calls
`expect(name, condition)`; the outcome of an option is `pass`, the name of the expectation it
broke, or the name of the exception it raised (`SyntaxError` for a fragment that does not parse).
"""

from __future__ import annotations

import random
import signal
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import numpy as np

from trainer.bank.blanks import blanks_in, fill_listing
from trainer.bank.schema import ChoiceOption, ChoiceQuestion, Distractor, Style

TIME_LIMIT_S = 20
PASS = "pass"


class CheckFailed(AssertionError):
    def __init__(self, name: str) -> None:
        super().__init__(name)
        self.name = name


def expect(name: str, condition: object) -> None:
    """What a `check` calls: the option fails `name` unless `condition` holds."""
    if not condition:
        raise CheckFailed(name)


def option_fills(question: ChoiceQuestion, option: ChoiceOption | Distractor) -> dict[str, str]:
    if option.fills is not None:
        return dict(option.fills)
    blanks = blanks_in(
        question.listing,
        question.formula.ja if question.formula else None,
        question.formula.en if question.formula else None,
    )
    return {blanks[0]: option.text.en}


def source_for(question: ChoiceQuestion, fills: dict[str, str]) -> str:
    assert question.check is not None
    if question.style is Style.CODE_BLANK:
        assert question.listing is not None
        return fill_listing(question.listing, fills) + "\n" + question.check
    return question.check


@contextmanager
def _time_limit(seconds: int) -> Iterator[None]:
    def stop(signum: int, frame: Any) -> None:
        raise TimeoutError(f"ran over {seconds} s")

    previous = signal.signal(signal.SIGALRM, stop)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def outcome(question: ChoiceQuestion, option: ChoiceOption | Distractor) -> str:
    """`pass`, or how the option fails."""
    fills = option_fills(question, option)
    random.seed(0)
    np.random.seed(0)
    if "torch" in sys.modules:
        sys.modules["torch"].manual_seed(0)
    namespace: dict[str, Any] = {"expect": expect, "fills": fills, "__name__": "__blank__"}
    try:
        code = compile(source_for(question, fills), f"<{question.id}>", "exec")
        with _time_limit(TIME_LIMIT_S):
            exec(code, namespace)
    except CheckFailed as failed:
        return failed.name
    except Exception as exc:
        return type(exc).__name__
    return PASS

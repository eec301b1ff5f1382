"""Printing helpers shared by commands: JSON as UTF-8, errors on stderr."""

from __future__ import annotations

import json
import sys
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from trainer.bank.loader import Bank


def print_json(data: Any) -> None:
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


def fail(message: str, code: int = 2) -> int:
    print(f"trainer: {message}", file=sys.stderr)
    return code


EXIT_BANK = 1
# Said before any database (where the learner's language is stored) is open: in both languages.
BANK_PROBLEMS = (
    "問題集に不備があります。'trainer bank validate' で確かめてください"
    " / the question bank has problems; run 'trainer bank validate'"
)


def load_bank_or_fail(show_problems: bool = False) -> Bank | int:
    """The shipped bank, or the exit code after saying it has problems (listed if asked)."""
    from trainer.bank.errors import BankError
    from trainer.bank.loader import load_bank

    try:
        return load_bank()
    except BankError as exc:
        if show_problems:
            for problem in exc.problems:
                print(problem)
        return fail(BANK_PROBLEMS, EXIT_BANK)

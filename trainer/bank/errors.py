"""Errors with a location: every message about bad input says file:line and what was wrong."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with a bank file, located as precisely as the YAML allows."""

    file: str
    line: int
    question_id: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.question_id or '-'}: {self.message}"

    def as_json(self) -> dict[str, object]:
        return {
            "file": self.file,
            "line": self.line,
            "id": self.question_id,
            "message": self.message,
        }


class BankError(Exception):
    """Raised when a bank cannot be loaded; carries every problem found, not just the first."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class AnswerError(ValueError):
    """The learner's typed answer is not one we accept; the message says why, in plain words.

    It says it in English (`str(error)`, `error.en`) and Japanese (`error.ja`); show
    `error.get(lang)`. A message given in English only is shown as is in both.
    """

    def __init__(self, en: str, ja: str | None = None) -> None:
        super().__init__(en)
        self.en = en
        self.ja = ja if ja is not None else en

    def get(self, lang: str) -> str:
        return self.ja if lang == "ja" else self.en

"""Judging a learner's answer against a variant, by kind, with feedback in both languages.

A wrong answer and an unreadable one are different things: the first is a `Verdict` with
`correct=False`; the second raises `AnswerError` so the caller can ask again without recording.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from trainer.bank.errors import AnswerError
from trainer.bank.expr import parse, parse_number
from trainer.bank.schema import Localized
from trainer.bank.variants import Variant, text


@dataclass(frozen=True)
class Verdict:
    correct: bool
    expected: str
    message: Localized
    slip: str | None = None  # the id of the named slip the learner made, if any

    def as_json(self, lang: str = "en") -> dict[str, object]:
        return {
            "correct": self.correct,
            "expected": self.expected,
            "message": self.message.get(lang),
            "slip": self.slip,
        }


def format_number(value: float) -> str:
    """Up to 6 significant digits, integers without a trailing .0."""
    if value == int(value) and abs(value) < 1e15:
        return str(int(value))
    return f"{value:.6g}"


def check_answer(variant: Variant, answer: str) -> Verdict:
    if variant.kind == "numeric":
        return _check_numeric(variant, answer)
    if variant.kind == "choice":
        return _check_choice(variant, answer)
    if variant.kind == "expression":
        return _check_expression(variant, answer)
    return _check_text(variant, answer)


def expected_text(variant: Variant) -> str:
    """The key as a learner would write it."""
    if variant.kind == "numeric":
        assert variant.number is not None
        return format_number(variant.number)
    if variant.kind == "expression":
        assert variant.expression is not None
        return variant.expression
    if variant.kind == "choice":
        return ", ".join(str(c.label) for c in variant.choices if c.correct)
    assert variant.text_answer is not None
    return variant.text_answer.en


def _check_numeric(variant: Variant, answer: str) -> Verdict:
    assert variant.number is not None and variant.tolerance is not None
    given = parse_number(answer)
    expected = expected_text(variant)
    if variant.tolerance.accepts(variant.number, given):
        return Verdict(True, expected, text("正解です。", "Correct."))
    for slip in variant.slips:
        if variant.tolerance.accepts(slip.value, given):
            return Verdict(
                False,
                expected,
                text(
                    f"不正解です（正解は {expected}）。{slip.message.ja}",
                    f"Not quite (the answer is {expected}). {slip.message.en}",
                ),
                slip.id,
            )
    return Verdict(
        False,
        expected,
        text(
            f"不正解です。あなたの答え {format_number(given)}、正解 {expected}。",
            f"Wrong: you gave {format_number(given)}, the answer is {expected}.",
        ),
    )


_LABEL_SPLIT = re.compile(r"[\s,、，;/]+")


def parse_labels(answer: str, count: int) -> frozenset[int]:
    """Labels as typed: "2", "1,3", "1 3", "(1)(3)"; full-width digits are fine."""
    folded = unicodedata.normalize("NFKC", answer).strip().strip("{}[]")
    folded = folded.replace(")(", ",").strip("()")
    parts = [p for p in _LABEL_SPLIT.split(folded) if p]
    if not parts:
        raise AnswerError("not a valid answer: type the number of your choice")
    labels: set[int] = set()
    for part in parts:
        if not part.isdigit():
            raise AnswerError(f"not a valid answer: '{part}' is not a choice number (1-{count})")
        label = int(part)
        if not 1 <= label <= count:
            raise AnswerError(f"not a valid answer: choose between 1 and {count}")
        labels.add(label)
    return frozenset(labels)


def _check_choice(variant: Variant, answer: str) -> Verdict:
    chosen = parse_labels(answer, len(variant.choices))
    if not variant.multiple and len(chosen) > 1:
        raise AnswerError("not a valid answer: choose one option")
    right = frozenset(c.label for c in variant.choices if c.correct)
    expected = expected_text(variant)
    if chosen == right:
        return Verdict(True, expected, text("正解です。", "Correct."))
    reasons_ja: list[str] = []
    reasons_en: list[str] = []
    for choice in variant.choices:
        if choice.label in chosen and choice.why is not None:
            reasons_ja.append(f"{choice.label}: {choice.why.ja}")
            reasons_en.append(f"{choice.label}: {choice.why.en}")
    missed = sorted(right - chosen)
    if missed and not reasons_en:
        reasons_ja.append(f"選び漏れ: {', '.join(map(str, missed))}")
        reasons_en.append(f"also right: {', '.join(map(str, missed))}")
    return Verdict(
        False,
        expected,
        text(
            f"不正解です（正解: {expected}）。" + " ".join(reasons_ja),
            f"Wrong (answer: {expected}). " + " ".join(reasons_en),
        ),
    )


def _check_expression(variant: Variant, answer: str) -> Verdict:
    from trainer.bank.symbolic import equivalent

    assert variant.expression is not None
    given = parse(answer, variant.symbols)
    expected_node = parse(variant.expression, variant.symbols)
    result = equivalent(expected_node, given, variant.symbols)
    if result.equal:
        return Verdict(True, variant.expression, text("正解です。", "Correct."))
    where = ""
    if result.counterexample:
        point = ", ".join(f"{k}={v:.3g}" for k, v in sorted(result.counterexample.items()))
        where = f" ({point})"
    return Verdict(
        False,
        variant.expression,
        text(
            f"不正解です。正解は {variant.expression}。値が一致しない点があります{where}。",
            f"Wrong: the answer is {variant.expression}; the two differ{where}.",
        ),
    )


def normalise_text(value: str) -> str:
    """Case, full/half width and spaces do not matter in a short text answer."""
    folded = unicodedata.normalize("NFKC", value).casefold()
    return re.sub(r"[\s・･_\-]+", "", folded)


def _check_text(variant: Variant, answer: str) -> Verdict:
    assert variant.text_answer is not None
    if not answer.strip():
        raise AnswerError("not a valid answer: empty")
    given = normalise_text(answer)
    accepted = {
        normalise_text(a)
        for a in (variant.text_answer.ja, variant.text_answer.en, *variant.accepted)
    }
    expected = f"{variant.text_answer.ja} / {variant.text_answer.en}"
    if given in accepted:
        return Verdict(True, expected, text("正解です。", "Correct."))
    return Verdict(
        False,
        expected,
        text(f"不正解です。正解: {expected}", f"Wrong: the answer is {expected}."),
    )

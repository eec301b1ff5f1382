"""Judging a learner's answer against a variant, by kind, with feedback in both languages.

A wrong answer and an unreadable one are different things: the first is a `Verdict` with
`correct=False`; the second raises `AnswerError` so the caller can ask again without recording.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from trainer.bank.errors import AnswerError
from trainer.bank.expr import constant_value, parse, read
from trainer.bank.numbers import format_key, format_number
from trainer.bank.schema import Localized
from trainer.bank.units import UNITS
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


def key_number(variant: Variant) -> str:
    """A numeric key at the precision its question asks for (read from its tolerance)."""
    assert variant.number is not None
    tolerance = variant.tolerance
    if tolerance is None:
        return format_number(variant.number)
    return format_key(variant.number, tolerance.abs, tolerance.rel)


def _as_typed(answer: str, value: float) -> str:
    """The learner's number as they typed it; a fraction or expression with its value."""
    typed = " ".join(answer.split())
    try:
        float(typed)
    except ValueError:
        return f"{typed} = {format_number(float(f'{value:.6g}'))}"
    return typed


def _without_unit(answer: str, unit: str | None) -> str:
    """The answer without the unit typed after it ("40 FPS" -> "40")."""
    if unit is None:
        return answer
    words = answer.strip()
    for spelling in sorted(UNITS[unit], key=len, reverse=True):
        folded = unicodedata.normalize("NFKC", words)
        if folded.endswith(spelling):
            return folded[: -len(spelling)].strip()
    return answer


MAX_ANSWER = 1000  # characters: far beyond any key; longer input is refused, not parsed


def clean_answer(answer: str) -> str:
    """The answer as it can be stored: bytes that were not UTF-8 (surrogates left by the
    terminal's decoding) become U+FFFD, so saving it can never fail after it was accepted."""
    if not any("\ud800" <= ch <= "\udfff" for ch in answer):
        return answer
    try:
        raw = answer.encode("utf-8", "surrogateescape")  # the bytes the terminal gave
    except UnicodeEncodeError:
        raw = answer.encode("utf-8", "surrogatepass")
    return raw.decode("utf-8", "replace")


def _visible(ch: str) -> bool:
    category = unicodedata.category(ch)
    return not (category.startswith("C") or category in ("Zl", "Zp"))


def shown(text: str, limit: int = 40) -> str:
    """Input echoed back in a message: control characters escaped (an echo never moves the
    cursor or clears a screen), at most `limit` characters."""
    escaped = "".join(
        ch if _visible(ch) else ch.encode("unicode_escape").decode("ascii") for ch in text
    )
    return escaped if len(escaped) <= limit else escaped[: limit - 1] + "…"


def check_answer(variant: Variant, answer: str) -> Verdict:
    """The verdict on `answer`; `AnswerError` (one line, both languages) for anything that
    cannot be read, whatever it holds: nothing typed ever ends in a traceback."""
    answer = clean_answer(answer)
    if len(answer) > MAX_ANSWER:
        raise AnswerError(
            f"not a valid answer: {len(answer)} characters (at most {MAX_ANSWER})",
            f"答えとして読めません：{len(answer)} 文字あります（{MAX_ANSWER} 文字まで）",
        )
    if any(unicodedata.category(ch) == "Cc" and ch not in "\t\n" for ch in answer):
        raise AnswerError(
            "not a valid answer: it holds control characters",
            "答えとして読めません：制御文字が含まれています",
        )
    try:
        if variant.kind == "numeric":
            return _check_numeric(variant, answer)
        if variant.kind == "choice":
            return _check_choice(variant, answer)
        if variant.kind == "expression":
            return _check_expression(variant, answer)
        return _check_text(variant, answer)
    except AnswerError:
        raise
    except (ValueError, OverflowError, RecursionError, ZeroDivisionError) as exc:
        raise AnswerError(
            f"not a valid answer: {shown(str(exc), 80)}",
            "答えとして読めません：数や式として解釈できません",
        ) from None


def expected_text(variant: Variant) -> str:
    """The key as a learner would write it."""
    if variant.kind == "numeric":
        return key_number(variant)
    if variant.kind == "expression":
        assert variant.expression is not None
        return variant.expression
    if variant.kind == "choice":
        return ", ".join(str(c.label) for c in variant.choices if c.correct)
    assert variant.text_answer is not None
    return variant.text_answer.en  # typed back, it is judged right (the verdict shows both)


def text_key(answer: Localized) -> str:
    """A text key in both languages, once when they are the same term ("SIMD")."""
    if normalise_text(answer.ja) == normalise_text(answer.en):
        return answer.en
    return f"{answer.ja} / {answer.en}"


def _check_numeric(variant: Variant, answer: str) -> Verdict:
    assert variant.number is not None and variant.tolerance is not None
    reading = read(answer, unit=variant.unit)
    given = constant_value(reading.node)
    expected = expected_text(variant)
    if variant.tolerance.accepts(variant.number, given):
        return Verdict(True, expected, text("正解です。", "Correct."))
    shown = _as_typed(_without_unit(answer, reading.unit), given)
    for slip in variant.slips:
        if variant.tolerance.accepts(slip.value, given):
            return Verdict(
                False,
                expected,
                text(
                    f"あなたの答え {shown}。{slip.message.ja}",
                    f"You gave {shown}. {slip.message.en}",
                ),
                slip.id,
            )
    return Verdict(False, expected, text(f"あなたの答えは {shown} でした。", f"You gave {shown}."))


_LABEL_SPLIT = re.compile(r"[\s,、，;/]+")


def parse_labels(answer: str, count: int) -> frozenset[int]:
    """Labels as typed: "2", "1,3", "1 3", "(1)(3)"; full-width digits are fine."""
    folded = unicodedata.normalize("NFKC", answer).strip().strip("{}[]")
    folded = folded.replace(")(", ",").strip("()")
    parts = [p for p in _LABEL_SPLIT.split(folded) if p]
    if not parts:
        raise AnswerError(
            "not a valid answer: type the number of your choice",
            "答えとして読めません：選択肢の番号を入力してください",
        )
    labels: set[int] = set()
    for part in parts:
        if not re.fullmatch(r"[0-9]{1,4}", part):  # not "❶", "𐩀" or 5,000 digits
            raise AnswerError(
                f"not a valid answer: '{shown(part)}' is not a choice number (1-{count})",
                f"答えとして読めません：「{shown(part)}」は選択肢の番号（1〜{count}）ではありません",
            )
        label = int(part)
        if not 1 <= label <= count:
            raise AnswerError(
                f"not a valid answer: choose between 1 and {count}",
                f"答えとして読めません：1〜{count} の番号から選んでください",
            )
        labels.add(label)
    return frozenset(labels)


_ASKS_FOR_FALSE = re.compile(r"誤っている|誤りを含む|誤りはどれ|成り立たない|不適切|適切でない")


# A true statement's reason opens with "Correct: …" / "正しい。…": said once, by the feedback.
_TRUE_EN = re.compile(
    r"^(?:Correct|True|Always true|A correct pairing|A real difference)(?: \([^)]*\))?[:.;,]?\s*"
)
_TRUE_JA = re.compile(r"^(?:正しい(?:組み合わせ|違い)?|常に成り立つ)(?:（[^）]*）)?[。、：:]?\s*")


def asks_for_false(variant: Variant) -> bool:
    """A "which statement is WRONG" question (誤っているものを選べ): its key is the false
    statement, and the distractors are the true ones."""
    return bool(_ASKS_FOR_FALSE.search(variant.prompt.ja))


def _check_choice(variant: Variant, answer: str) -> Verdict:
    chosen = parse_labels(answer, len(variant.choices))
    if not variant.multiple and len(chosen) > 1:
        raise AnswerError(
            "not a valid answer: choose one option",
            "答えとして読めません：選択肢を 1 つだけ選んでください",
        )
    right = frozenset(c.label for c in variant.choices if c.correct)
    expected = expected_text(variant)
    if chosen == right:
        return Verdict(True, expected, text("正解です。", "Correct."))
    reasons_ja: list[str] = []
    reasons_en: list[str] = []
    false_wanted = asks_for_false(variant)
    for choice in variant.choices:
        if choice.label in chosen and not choice.correct:
            why = choice.why or text("", "")
            if false_wanted:  # the pick is a true statement; its reason says why
                ja = _TRUE_JA.sub("", why.ja, count=1)
                en = _TRUE_EN.sub("", why.en, count=1)
                reasons_ja.append(f"あなたが選んだ {choice.label} は正しい記述。{ja}")
                reasons_en.append(
                    f"You chose {choice.label}, which is true" + (f": {en}" if en else ".")
                )
            else:
                reasons_ja.append(f"あなたの選択 {choice.label}: {why.ja}".rstrip(": "))
                reasons_en.append(f"You chose {choice.label}: {why.en}".rstrip(": "))
    missed = [c for c in variant.choices if c.correct and c.label not in chosen]
    if variant.multiple:
        if missed:
            labels = ", ".join(str(c.label) for c in missed)
            reasons_ja.append(f"選び漏れ: {labels}。")
            reasons_en.append(f"You left out {labels}.")
    else:
        key = missed[0]
        said_ja = key.text.ja.rstrip("。. ")
        said_en = key.text.en.rstrip("。. ")
        if false_wanted:
            reasons_ja.append(f"誤っているのは「{said_ja}」。")
            reasons_en.append(f"The false statement is “{said_en}”.")
        else:
            reasons_ja.append(f"正しいのは「{said_ja}」。")
            reasons_en.append(f"The right one is “{said_en}”.")
        if key.why is not None:
            reasons_ja.append(key.why.ja)
            reasons_en.append(key.why.en)
    return Verdict(False, expected, text("".join(reasons_ja), " ".join(reasons_en)))


def _check_expression(variant: Variant, answer: str) -> Verdict:
    from trainer.bank.symbolic import equivalent

    assert variant.expression is not None
    given = parse(answer, variant.symbols)
    expected_node = parse(variant.expression, variant.symbols)
    result = equivalent(expected_node, given, variant.symbols)
    if result.equal:
        return Verdict(True, variant.expression, text("正解です。", "Correct."))
    where_ja = where_en = ""
    if result.counterexample:
        point = ", ".join(
            f"{k} = {format_number(float(f'{v:.3g}'))}"
            for k, v in sorted(result.counterexample.items())
        )
        where_ja = f"（例えば {point} で）"
        where_en = f" (at {point}, for one)"
    return Verdict(
        False,
        variant.expression,
        text(
            f"あなたの式は正解と値が一致しません{where_ja}。",
            f"Your expression and the answer take different values{where_en}.",
        ),
    )


def normalise_text(value: str) -> str:
    """Case, full/half width and spaces do not matter in a short text answer."""
    folded = unicodedata.normalize("NFKC", value).casefold()
    return re.sub(r"[\s・･_\-]+", "", folded)


def _check_text(variant: Variant, answer: str) -> Verdict:
    assert variant.text_answer is not None
    if not answer.strip():
        raise AnswerError(
            "not a valid answer: empty", "答えとして読めません：何も入力されていません"
        )
    given = normalise_text(answer)
    accepted = {
        normalise_text(a)
        for a in (variant.text_answer.ja, variant.text_answer.en, *variant.accepted)
    }
    expected = text_key(variant.text_answer)
    if given in accepted:
        return Verdict(True, expected, text("正解です。", "Correct."))
    typed = " ".join(answer.split())
    also = [
        a
        for a in variant.accepted
        if normalise_text(a)
        not in {normalise_text(variant.text_answer.ja), normalise_text(variant.text_answer.en)}
    ]
    also_ja = f" ほかに認める書き方: {'、'.join(also)}。" if also else ""
    also_en = f" Also accepted: {', '.join(also)}." if also else ""
    return Verdict(
        False,
        expected,
        text(
            f"「{typed}」は正解と一致しません。{also_ja}",
            f"“{typed}” is not the term asked for.{also_en}",
        ),
    )


def why_wrong(variant: Variant, answer: str | None) -> Localized | None:
    """What the feedback says about a wrong answer (the pick's reason, the false statement, the
    slip), for the mock exam's results; None when skipped, right or unreadable."""
    if answer is None or not answer.strip():
        return None
    try:
        verdict = check_answer(variant, answer)
    except AnswerError:
        return None
    return None if verdict.correct else verdict.message

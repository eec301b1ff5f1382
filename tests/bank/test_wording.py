"""Every shipped question, rendered for many seeds in both languages, reads as written English
and shows clean numbers: no "1 updates", "3-th", "an 7×7" or "a 8×8", no "(xᵀz + 0)", no
"-0" and no float noise, keys at the precision the question asks for; and the feedback says
the key once.

tests/bank/test_wording_units.py tests the helpers (trainer.bank.english, trainer.bank.numbers).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache

import pytest

from trainer.bank.checking import asks_for_false, check_answer, expected_text
from trainer.bank.english import article, ordinal
from trainer.bank.loader import Bank, load_bank
from trainer.bank.numbers import decimals_for, format_number
from trainer.bank.variants import Variant, make_variant

SEEDS = range(40)

PLURAL_NOUNS = (
    "actions|additions|anchors|batches|bits|blocks|boxes|bytes|cases|cells|channels|classes|"
    "clients|columns|combinations|components|days|decimals|degrees|dimensions|elements|"
    "epochs|episodes|examples|features|filters|folds|frames|grids|groups|heads|"
    "hidden layers|hours|images|items|iterations|kernels|layers|minutes|models|"
    "multiplications|nats|neurons|nodes|parameters|paths|pixels|places|points|positions|"
    "rows|samples|seconds|segments|semitones|sets|steps|successes|terms|times|tokens|"
    "trials|units|updates|values|weights|words|workers"
)
# "1 updates", but not "5 − 1 folds" or "2^b − 1 steps" (an expression counts the things)
ONE_PLURAL = re.compile(r"(?<![\d.,×])(?<![−\-+×/*^] )\b1 (?:" + PLURAL_NOUNS + r")\b")
DASH_TH = re.compile(r"\b\d+-th\b")
ORDINAL = re.compile(r"\b(\d+)(st|nd|rd|th)\b")
ARTICLE = re.compile(r"\b([Aa]n?) (\d[\d,]*)")
ZERO_TERM = re.compile(r"[A-Za-zᵀ] [+−-] 0\)")  # (xᵀz + 0)^2; "(0.62 − 0)" substitutes y = 0
NEGATIVE_ZERO = re.compile(r"(?<![\w.])[-−]0(?:\.0+)?(?![\d.])")
FLOAT_NOISE = re.compile(r"\d\.\d*(?:0{6,}[1-9]|9{6,}\d)|\d[eE]-(?:1\d|[2-9]\d)\b")
STATED_DECIMALS = re.compile(r"\b(\d|one|two|three|four) (?:decimal|decimals|decimal places?)\b")
NUMBER_WORDS = {"one": "1", "two": "2", "three": "3", "four": "4"}


@cache
def bank() -> Bank:
    return load_bank()


@cache
def variants() -> tuple[Variant, ...]:
    made = []
    for q in bank().questions.values():
        for seed in SEEDS if q.parametric else range(1):
            made.append(make_variant(q, seed))
    return tuple(made)


def wrong_answer(variant: Variant) -> str:
    if variant.kind == "numeric":
        assert variant.number is not None
        return f"{variant.number * 3 + 7.25:.4f}"
    if variant.kind == "choice":
        return str(next(c.label for c in variant.choices if not c.correct))
    if variant.kind == "expression":
        return f"({variant.expression}) + 12345"
    return "zzz"


@cache
def texts(lang: str) -> tuple[tuple[str, str], ...]:
    """(question id, text) for every prompt, explanation, option, reason, slip message, key
    and feedback message in `lang`."""
    return tuple(_texts(lang))


def _texts(lang: str) -> Iterator[tuple[str, str]]:
    for v in variants():
        shown = [v.prompt.get(lang), v.explanation.get(lang), expected_text(v)]
        for choice in v.choices:
            shown.append(choice.text.get(lang))
            if choice.why is not None:
                shown.append(choice.why.get(lang))
        shown += [slip.message.get(lang) for slip in v.slips]
        shown.append(check_answer(v, wrong_answer(v)).message.get(lang))
        for text in shown:
            yield v.question_id, text


def offenders(pattern: re.Pattern[str], lang: str) -> list[str]:
    found: dict[str, str] = {}
    for qid, text in texts(lang):
        match = pattern.search(text)
        if match and qid not in found:
            found[qid] = text[max(0, match.start() - 40) : match.end() + 30]
    return [f"{qid}: …{snippet}…" for qid, snippet in found.items()]


@pytest.mark.parametrize(
    ("name", "pattern"),
    [
        ("'1' with a plural noun", ONE_PLURAL),
        ("an ordinal written '3-th'", DASH_TH),
        ("a '+ 0' term", ZERO_TERM),
        ("'-0'", NEGATIVE_ZERO),
        ("float noise", FLOAT_NOISE),
    ],
    ids=["one-plural", "dash-th", "zero-term", "minus-zero", "noise"],
)
def test_english_reads_well(name: str, pattern: re.Pattern[str]) -> None:
    bad = offenders(pattern, "en")
    assert not bad, f"{len(bad)} questions with {name}:\n" + "\n".join(bad[:15])


@pytest.mark.parametrize(
    ("name", "pattern"),
    [("'-0'", NEGATIVE_ZERO), ("noise", FLOAT_NOISE)],
    ids=["minus-zero", "noise"],
)
def test_japanese_numbers_are_clean(name: str, pattern: re.Pattern[str]) -> None:
    bad = offenders(pattern, "ja")
    assert not bad, f"{len(bad)} questions with {name}:\n" + "\n".join(bad[:15])


def test_ordinals_and_articles_agree_with_the_number() -> None:
    bad: dict[str, str] = {}
    for qid, text in texts("en"):
        for match in ORDINAL.finditer(text):
            if ordinal(match.group(1)) != match.group(0):
                bad.setdefault(qid, match.group(0))
        for match in ARTICLE.finditer(text):
            if article(match.group(2)) != match.group(1).lower():
                bad.setdefault(qid, match.group(0))
    assert not bad, "\n".join(f"{qid}: {said}" for qid, said in list(bad.items())[:15])


def test_numeric_keys_are_shown_at_the_precision_asked_for() -> None:
    bad = []
    for v in variants():
        if v.kind != "numeric":
            continue
        assert v.number is not None and v.tolerance is not None
        key = expected_text(v)
        decimals = decimals_for(v.tolerance.abs, v.tolerance.rel, v.number)
        shown = len(key.partition(".")[2]) if "e" not in key else 99
        rounded = format_number(v.number, decimals)
        if (
            decimals is not None
            and shown > decimals
            and v.tolerance.accepts(v.number, float(rounded))
        ):
            bad.append(f"{v.question_id} seed {v.seed}: {key} (asks for {decimals} decimals)")
        asked = STATED_DECIMALS.search(v.prompt.en)
        if asked:  # "Give 2 decimal places": no fewer digits than that either
            stated = int(NUMBER_WORDS.get(asked.group(1), asked.group(1)))
            if shown < stated and abs(round(v.number, stated) - float(key)) > 1e-12:
                bad.append(f"{v.question_id} seed {v.seed}: {key} (the prompt asks {stated})")
        if not v.tolerance.accepts(v.number, float(key)):
            bad.append(f"{v.question_id} seed {v.seed}: the key shown, {key}, would be wrong")
    assert not bad, "\n".join(bad[:15])


def test_feedback_does_not_repeat_the_key() -> None:
    """The verdict line and the "answer:" line are complementary: the message never says the
    key again, and a text key with the same term in both languages is shown once."""
    bad = []
    for v in variants():
        if v.seed:
            continue
        key = expected_text(v)
        for lang in ("ja", "en"):
            message = check_answer(v, wrong_answer(v)).message.get(lang)
            said = re.search(r"the answer is|answer:|正解は|正解:|正解 ", message)
            repeated = re.search(rf"(?<![\d.]){re.escape(key)}(?![\d])", message)
            if said or (v.kind in ("numeric", "expression") and repeated):
                bad.append(f"{v.question_id} ({lang}): {message}")
        if v.kind == "text":
            ja, _, en = key.partition(" / ")
            if en and ja.casefold() == en.casefold():
                bad.append(f"{v.question_id}: key {key}")
    assert not bad, "\n".join(bad[:15])


def test_wrong_statement_feedback_names_the_false_statement() -> None:
    question = bank().questions["adv.flynn-taxonomy"]
    variant = make_variant(question, 0)
    key = next(c for c in variant.choices if c.correct)
    picked = next(c for c in variant.choices if not c.correct)
    verdict = check_answer(variant, str(picked.label))
    assert not verdict.correct and verdict.expected == str(key.label)
    assert key.why is not None and picked.why is not None
    ja, en = verdict.message.ja, verdict.message.en
    # the pick is a true statement, and its reason says why ("正しい。…" / "Correct: …", said once)
    assert f"あなたが選んだ {picked.label} は正しい記述。" in ja
    assert f"You chose {picked.label}, which is true: " in en
    assert picked.why.ja.removeprefix("正しい。") in ja and "正しい。正しい" not in ja
    assert picked.why.en.removeprefix("Correct: ") in en and "Correct:" not in en
    assert "誤っているのは「SIMD は、複数の処理ユニットがそれぞれ異なる命令" in ja
    assert "The false statement is “SIMD has several processing units" in en
    assert key.why.ja in ja and key.why.en in en  # and why it is false
    assert "MIMD" in key.why.en


def test_every_which_is_wrong_question_says_why_its_key_is_false() -> None:
    missing = [
        qid
        for qid, q in bank().questions.items()
        if q.kind == "choice"
        and asks_for_false(make_variant(q, 0))
        and any(option.why is None for option in q.correct)  # type: ignore[union-attr]
    ]
    assert not missing, f"'which is WRONG' questions without a why on the key: {missing}"


def test_the_explanation_gives_the_key_as_the_answer_line_does() -> None:
    bad = []
    for v in variants():
        question = bank().questions[v.question_id]
        if v.kind != "numeric" or "{answer}" not in question.explanation.en:
            continue
        key = expected_text(v)
        said = re.sub(r"(?<=\d),(?=\d{3})", "", v.explanation.en)  # 8,718,336 is 8718336
        if not re.search(rf"(?<![\d.]){re.escape(key)}(?![\d])", said):
            bad.append(f"{v.question_id} seed {v.seed}: {key} not in …{v.explanation.en[-80:]}")
    assert not bad, "\n".join(bad[:15])

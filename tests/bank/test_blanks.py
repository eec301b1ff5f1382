"""Code-blank and formula-blank questions: the keyed choice passes its check and every
distractor fails it, the way its `fails` says (tests/bank/blank_harness.py runs them; the app
never does). Item sets: each item carries its stem; the bank knows the set's items in order."""

from __future__ import annotations

import shutil
from collections import Counter
from pathlib import Path

import pytest
from pydantic import ValidationError

from tests.bank.blank_harness import PASS, outcome
from tests.bank.test_shipped_bank import shipped
from trainer.bank.blanks import blanks_in, fill_listing, fills_text
from trainer.bank.loader import collect
from trainer.bank.resources import syllabus_path
from trainer.bank.schema import ChoiceQuestion, Style
from trainer.bank.variants import make_variant


def blank_questions() -> list[ChoiceQuestion]:
    return [
        q
        for q in shipped().questions.values()
        if isinstance(q, ChoiceQuestion) and q.style in (Style.CODE_BLANK, Style.FORMULA_BLANK)
    ]


@pytest.mark.parametrize("question", blank_questions(), ids=lambda q: q.id)
def test_the_key_passes_and_every_distractor_fails_as_it_says(question: ChoiceQuestion) -> None:
    for option in question.correct:
        assert outcome(question, option) == PASS, f"key {option.text.en!r}"
    for distractor in question.distractors:
        result = outcome(question, distractor)
        assert result != PASS, f"distractor {distractor.text.en!r} passes the check"
        if distractor.fails is not None:
            assert result == distractor.fails, f"{distractor.text.en!r} fails with {result}"


def test_the_bank_has_each_style() -> None:
    shapes = {q.shape for q in shipped().questions.values()}
    assert shapes == set(Style)
    frameworks = {q.framework for q in shipped().questions.values() if q.framework}
    assert {f.value for f in frameworks} == {"numpy", "pytorch"}


def test_filling_keeps_the_indentation_of_the_blank() -> None:
    listing = "def f(x):\n    (あ)\n    return y\n"
    assert fill_listing(listing, {"あ": "y = x\ny = y + 1"}) == (
        "def f(x):\n    y = x\n    y = y + 1\n    return y\n"
    )
    assert blanks_in("a = (い) + （あ）") == ["あ", "い"]
    assert fills_text({"い": "b", "あ": "a"}) == "(あ) a  ／  (い) b"


BASE = """\
- id: t.code
  syllabus: "3-2-2"
  area: deep_learning
  kind: choice
  style: code-blank
  framework: numpy
  difficulty: 1
  source: {seed: 004_f7553b00660b1397.txt, section: "test"}
  prompt: {ja: "空欄を埋めよ。", en: "Fill the blank."}
  listing: |
    y = (あ)
  correct:
    - fills: {あ: "1 + 1"}
  distractors:
    - fills: {あ: "1 + 2"}
      why: {ja: "違う。", en: "No."}
      fails: value
  check: |
    expect("value", y == 2)
  explanation: {ja: "1 + 1 = 2。", en: "1 + 1 = 2."}
"""


def bank_with(tmp_path: Path, text: str) -> list[str]:
    shutil.copy(syllabus_path(), tmp_path / "syllabus.yaml")
    (tmp_path / "q.yaml").write_text(text, encoding="utf-8")
    _, problems = collect([tmp_path])
    return [p.message for p in problems]


def test_a_code_blank_question_loads_and_shows_its_listing(tmp_path: Path) -> None:
    assert bank_with(tmp_path, BASE) == []
    bank, _ = collect([tmp_path])
    question = bank.questions["t.code"]
    assert isinstance(question, ChoiceQuestion)
    shown = make_variant(question, 0).prompt.en
    assert shown.index("y = (あ)") < shown.index("Fill the blank.")
    assert {c.text.en for c in make_variant(question, 0).choices} == {"1 + 1", "1 + 2"}
    assert outcome(question, question.correct[0]) == PASS
    assert outcome(question, question.distractors[0]) == "value"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (("      fails: value\n", ""), "needs 'fails'"),
        (("  listing: |\n    y = (あ)\n", "  listing: |\n    y = 3\n"), "no blank marked"),
        (("  framework: numpy\n", ""), "needs 'listing' and 'framework'"),
        (('  check: |\n    expect("value", y == 2)\n', ""), "needs 'check'"),
    ],
)
def test_a_broken_blank_question_is_a_located_problem(
    tmp_path: Path, change: tuple[str, str], message: str
) -> None:
    assert change[0] in BASE
    problems = bank_with(tmp_path, BASE.replace(*change))
    assert any(message in p for p in problems), problems


def test_check_is_only_for_blank_questions() -> None:
    with pytest.raises(ValidationError, match="'check' belongs to"):
        ChoiceQuestion.model_validate(
            {
                "id": "t.x",
                "syllabus": "3-2-2",
                "area": "deep_learning",
                "kind": "choice",
                "difficulty": 1,
                "source": {"seed": "s", "section": "t"},
                "prompt": {"ja": "問", "en": "Q"},
                "explanation": {"ja": "解", "en": "E"},
                "correct": [{"text": {"ja": "a", "en": "a"}}],
                "distractors": [{"text": {"ja": "b", "en": "b"}, "why": {"ja": "c", "en": "c"}}],
                "check": "pass",
            }
        )


SET = """\
- set: t.pair
  stem: {ja: "共通の設定。", en: "The shared case."}
  items:
    - id: t.pair-one
      syllabus: "3-4-1"
      area: deep_learning
      kind: numeric
      difficulty: 1
      source: {seed: 004_f7553b00660b1397.txt, section: "test"}
      prompt: {ja: "一つ目。", en: "First."}
      answer: 1
      explanation: {ja: "1。", en: "1."}
    - id: t.pair-two
      syllabus: "3-4-1"
      area: deep_learning
      kind: numeric
      difficulty: 1
      source: {seed: 004_f7553b00660b1397.txt, section: "test"}
      prompt: {ja: "二つ目。", en: "Second."}
      answer: 2
      explanation: {ja: "2。", en: "2."}
"""


def test_a_set_gives_each_item_its_stem(tmp_path: Path) -> None:
    assert bank_with(tmp_path, SET) == []
    bank, _ = collect([tmp_path])
    assert bank.sets == {"t.pair": ("t.pair-one", "t.pair-two")}
    two = bank.questions["t.pair-two"]
    assert two.item_set == "t.pair"
    assert make_variant(two, 0).prompt.ja == "共通の設定。\n\n二つ目。"


def test_a_set_needs_two_items_and_cannot_be_written_into(tmp_path: Path) -> None:
    one = SET[: SET.index("    - id: t.pair-two")]
    assert any("items" in p for p in bank_with(tmp_path, one))
    forged = SET.replace("      kind: numeric\n", "      kind: numeric\n      item_set: x\n", 1)
    assert any("'item_set' comes from the set" in p for p in bank_with(tmp_path, forged))


def test_shipped_sets_hold_their_items_in_order() -> None:
    bank = shipped()
    assert bank.sets
    for set_id, items in bank.sets.items():
        assert 2 <= len(items) <= 4, set_id
        assert all(bank.questions[i].item_set == set_id for i in items)


def test_the_bank_is_shaped_like_the_exam() -> None:
    """Issue 15's counts: 40 sets, 50 NumPy and 30 PyTorch code blanks, 30 formula blanks, 600
    questions, and every syllabus major asks at least three styles."""
    bank = shipped()
    questions = list(bank.questions.values())
    frameworks = Counter(
        q.framework.value for q in questions if q.shape is Style.CODE_BLANK and q.framework
    )
    assert len(bank.sets) >= 40
    assert frameworks["numpy"] >= 50 and frameworks["pytorch"] >= 30
    assert sum(q.shape is Style.FORMULA_BLANK for q in questions) >= 30
    assert len(questions) >= 600
    for major in "12345":
        styles = {q.shape for q in questions if q.syllabus.split("-")[0] == major}
        assert len(styles) >= 3, (major, styles)

"""Loader errors: every class of mistake is reported with file:line, id and what was expected."""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

import pytest

from trainer.bank.errors import BankError
from trainer.bank.loader import collect, load_bank
from trainer.bank.resources import syllabus_path

GOOD = """\
- id: t.good
  topic: deep_learning/cnn/conv_output_size
  syllabus: "3-4-1"
  area: deep_learning
  kind: numeric
  difficulty: 1
  source: {seed: 000_c7c515c0397d0ed0.txt, section: "確認テスト 0-1 (l.34)"}
  prompt: {ja: "問題", en: "Question"}
  explanation: {ja: "解説", en: "Explanation"}
  answer: 3
"""


@pytest.fixture
def bank_dir(tmp_path: Path) -> Path:
    shutil.copy(syllabus_path(), tmp_path / "syllabus.yaml")
    return tmp_path


def problems_for(bank_dir: Path, text: str, name: str = "q.yaml") -> list[str]:
    (bank_dir / name).write_text(textwrap.dedent(text), encoding="utf-8")
    _, problems = collect([bank_dir])
    return [str(p).replace(p.file, Path(p.file).name, 1) for p in problems]


def test_a_good_file_loads(bank_dir: Path) -> None:
    (bank_dir / "q.yaml").write_text(GOOD, encoding="utf-8")
    bank = load_bank([bank_dir])
    assert list(bank.questions) == ["t.good"]


def test_yaml_syntax_error_is_located(bank_dir: Path) -> None:
    found = problems_for(bank_dir, GOOD + "  prompt: {ja: [unclosed\n")
    assert len(found) == 1 and found[0].startswith("q.yaml:12: -: YAML:")


def test_duplicate_key_is_an_error(bank_dir: Path) -> None:
    found = problems_for(bank_dir, GOOD + "  answer: 4\n")
    assert found == ["q.yaml:11: -: YAML: duplicate key 'answer'"]


def test_duplicate_id_across_files_names_the_first(bank_dir: Path) -> None:
    (bank_dir / "a.yaml").write_text(GOOD, encoding="utf-8")
    found = problems_for(bank_dir, GOOD, name="b.yaml")
    assert len(found) == 1
    assert found[0].startswith("b.yaml:1: t.good: duplicate id (first defined at ")
    assert "a.yaml:1)" in found[0]


def test_missing_language_text(bank_dir: Path) -> None:
    found = problems_for(
        bank_dir, GOOD.replace('prompt: {ja: "問題", en: "Question"}', 'prompt: {ja: "問題"}')
    )
    assert found == ["q.yaml:8: t.good: prompt.en: field required"]


def test_empty_language_text(bank_dir: Path) -> None:
    found = problems_for(bank_dir, GOOD.replace('en: "Explanation"', 'en: "  "'))
    assert len(found) == 1 and found[0].startswith(
        "q.yaml:9: t.good: explanation.en: String should have at least 1 character"
    )


def test_bad_tolerance(bank_dir: Path) -> None:
    found = problems_for(bank_dir, GOOD + "  tolerance: {abs: -1}\n")
    assert found == [
        "q.yaml:11: t.good: tolerance.abs: Value error, a tolerance must be a finite number >= 0"
    ]


def test_huge_relative_tolerance(bank_dir: Path) -> None:
    found = problems_for(bank_dir, GOOD + "  tolerance: {rel: 0.9}\n")
    assert len(found) == 1 and "accepts almost anything" in found[0]


def test_choice_without_a_correct_option(bank_dir: Path) -> None:
    text = GOOD.replace("kind: numeric", "kind: choice").replace("  answer: 3\n", "")
    text += "  correct: []\n  distractors:\n    - {text: {ja: a, en: a}, why: {ja: b, en: b}}\n"
    found = problems_for(bank_dir, text)
    assert found == [
        "q.yaml:1: t.good: Value error, a choice question needs at least one correct option"
    ]


def test_distractor_without_reason(bank_dir: Path) -> None:
    text = GOOD.replace("kind: numeric", "kind: choice").replace("  answer: 3\n", "")
    text += "  correct: [{text: {ja: c, en: c}}]\n  distractors:\n    - {text: {ja: a, en: a}}\n"
    found = problems_for(bank_dir, text)
    assert found == ["q.yaml:12: t.good: distractors.0.why: field required"]


def test_unknown_generator(bank_dir: Path) -> None:
    text = GOOD.replace("  answer: 3\n", "  generator: conv-size\n")
    found = problems_for(bank_dir, text)
    assert len(found) == 1
    assert found[0].startswith(
        "q.yaml:10: t.good: generator: unknown generator 'conv-size' (known: "
    )


def test_generator_params_are_validated_with_location(bank_dir: Path) -> None:
    text = GOOD.replace(
        "  answer: 3\n", "  generator: conv-output-size\n  params:\n    H: [10, 5]\n"
    )
    found = problems_for(bank_dir, text)
    assert found == ["q.yaml:12: t.good: params.H: Value error, range [10, 5] has low > high"]


def test_generator_kind_must_match(bank_dir: Path) -> None:
    text = GOOD.replace("kind: numeric", "kind: expression").replace(
        "  answer: 3\n", "  generator: conv-output-size\n"
    )
    found = problems_for(bank_dir, text)
    assert found == [
        "q.yaml:5: t.good: generator 'conv-output-size' makes numeric questions, not expression"
    ]


def test_unknown_slip_for_generator(bank_dir: Path) -> None:
    text = GOOD.replace(
        "  answer: 3\n",
        "  generator: conv-output-size\n  slips:\n    - {id: typo, message: {ja: a, en: b}}\n",
    )
    found = problems_for(bank_dir, text)
    assert (
        len(found) == 1
        and "cannot compute slip 'typo'" in found[0]
        and found[0].startswith("q.yaml:11:")
    )


def test_template_placeholder_typo(bank_dir: Path) -> None:
    text = GOOD.replace("  answer: 3\n", "  generator: conv-output-size\n").replace(
        'en: "Question"', 'en: "Height {HH}?"'
    )
    found = problems_for(bank_dir, text)
    assert found == ["q.yaml:8: t.good: template: unknown placeholder {HH} (seed 0)"]


def test_unknown_syllabus_id_and_area_mismatch(bank_dir: Path) -> None:
    found = problems_for(bank_dir, GOOD.replace('"3-4-1"', '"9-9-9"'))
    assert found == ["q.yaml:3: t.good: syllabus: unknown syllabus id '9-9-9'"]
    found = problems_for(bank_dir, GOOD.replace("area: deep_learning", "area: dev_env"))
    assert found == [
        "q.yaml:4: t.good: area: 'dev_env' does not match syllabus 3-4-1, "
        "which scores under 'deep_learning'"
    ]


def test_unknown_seed_file(bank_dir: Path) -> None:
    found = problems_for(bank_dir, GOOD.replace("000_c7c515c0397d0ed0.txt", "notes.txt"))
    assert (
        len(found) == 1
        and "unknown seed file 'notes.txt'" in found[0]
        and found[0].startswith("q.yaml:7:")
    )


def test_unknown_field_and_kind(bank_dir: Path) -> None:
    found = problems_for(bank_dir, GOOD + "  answr: 3\n")
    assert found == ["q.yaml:11: t.good: answr: unknown field"]
    found = problems_for(bank_dir, GOOD.replace("kind: numeric", "kind: essay"))
    assert found == [
        "q.yaml:5: t.good: kind: expected one of numeric, choice, expression, text, got 'essay'"
    ]


def test_expression_answer_must_parse_with_declared_symbols(bank_dir: Path) -> None:
    text = GOOD.replace("kind: numeric", "kind: expression").replace(
        "  answer: 3\n", '  answer: "y**2"\n  symbols: {x: [0, 1]}\n'
    )
    found = problems_for(bank_dir, text)
    assert len(found) == 1 and "unknown name 'y'" in found[0] and found[0].startswith("q.yaml:10:")


def test_slip_equal_to_answer(bank_dir: Path) -> None:
    found = problems_for(
        bank_dir, GOOD + "  slips: [{id: same, value: 3, message: {ja: a, en: b}}]\n"
    )
    assert len(found) == 1 and "equals the answer" in found[0]


def test_every_problem_is_reported_not_just_the_first(bank_dir: Path) -> None:
    two = (
        GOOD
        + GOOD.replace("t.good", "t.other").replace('"3-4-1"', '"9-9"')
        + GOOD.replace("t.good", "t.third").replace("difficulty: 1", "difficulty: 5")
    )
    found = problems_for(bank_dir, two)
    assert len(found) == 2
    assert any("t.other: syllabus" in f for f in found) and any(
        "t.third: difficulty" in f for f in found
    )


def test_top_level_must_be_a_list(bank_dir: Path) -> None:
    found = problems_for(bank_dir, "id: x\n")
    assert found == ["q.yaml:1: -: expected a list of questions at the top level"]


def test_load_bank_raises_with_all_problems(bank_dir: Path) -> None:
    (bank_dir / "q.yaml").write_text(GOOD.replace('"3-4-1"', '"9-9-9"'), encoding="utf-8")
    with pytest.raises(BankError) as info:
        load_bank([bank_dir])
    assert "q.yaml:3: t.good: syllabus: unknown syllabus id '9-9-9'" in str(info.value)

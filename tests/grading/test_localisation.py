"""The exercises in Japanese: titles, contracts, hints and verdicts, where ja is chosen.

Every learner-visible text of an exercise exists in both languages (`trainer.grading.l10n`), and
in ja mode `trainer exercise show/hint/check` print none of the English catalogue's sentences.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.grading.conftest import Grade
from tests.grading.implementations import WRONG, Wrong
from trainer.cli import main
from trainer.grading.catalog import exercise_ids, load_exercise, solution_path, stub_path
from trainer.grading.l10n import MESSAGES, Bi, japanese, say
from trainer.grading.runner import check_file
from trainer.grading.spec import Exercise

IDS = exercise_ids()
JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")

# What the English report says around the exercise's own texts (none of it may show in ja).
ENGLISH_REPORT = (
    "PASSED",
    "FAILED",
    "ERROR",
    "expected:",
    "got:",
    "input (",
    "input:",
    "where:",
    "max abs error",
    "edge case",
    "generated, then shrunk",
    "not implemented yet",
    "your code raised",
    " case)",
    " cases)",
)


def japanese_text(value: str) -> bool:
    return bool(JAPANESE.search(value))


def spec_texts(exercise: Exercise) -> list[str]:
    """Every text of the spec a learner can read (title, summary, hints, checks, examples)."""
    texts = [exercise.title, exercise.summary, *exercise.hints]
    for check in exercise.checks():
        texts += [check.name, *(e.label for e in check.examples), *check.explain.values()]
        texts += [text for e in check.examples for text in e.explain.values()]
        texts += [c.explain for c in check.conventions]
    return texts


def same_formula(en: str, ja: str) -> bool:
    """A formula written alike in both (only punctuation may differ)."""
    return re.sub(r"[^A-Za-z0-9]", "", en) == re.sub(r"[^A-Za-z0-9]", "", ja)


def english_prose(exercise: Exercise) -> list[str]:
    """The English texts that are prose: not a formula written alike, not one identifier."""
    return [
        str.__str__(t)
        for t in spec_texts(exercise)
        if isinstance(t, Bi) and not same_formula(t.en, t.ja) and " " in t.strip()
    ]


@pytest.fixture
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    workspace = tmp_path / "workspace"
    monkeypatch.setenv("TRAINER_WORKSPACE", str(workspace))
    monkeypatch.setenv("TRAINER_DB", str(tmp_path / "progress.db"))
    monkeypatch.setenv("USER", "learner")
    return workspace


@pytest.mark.parametrize("exercise_id", IDS)
def test_every_text_of_an_exercise_has_its_japanese(exercise_id: str) -> None:
    exercise = load_exercise(exercise_id)
    ja = japanese(exercise_id)
    for field in (ja.title, ja.summary, ja.contract):
        assert field.strip() and japanese_text(field), (exercise_id, field)
    assert len(ja.hints) == len(exercise.hints), exercise_id
    assert all(japanese_text(hint) for hint in ja.hints), exercise_id
    assert "仕様" in ja.contract and f"trainer exercise check {exercise_id}" in ja.contract
    for function in exercise.functions:  # code identifiers are kept as they are
        assert function in ja.contract, (exercise_id, function)
    for value in spec_texts(exercise):
        assert isinstance(value, Bi), f"{exercise_id}: no Japanese for {value!r}"
        assert value.ja.strip(), (exercise_id, value)
        assert japanese_text(value.ja) or same_formula(value.en, value.ja), (exercise_id, value)


def test_the_grader_wording_exists_in_both_languages() -> None:
    for key, (en, ja) in MESSAGES.items():
        assert en and ja, key
        fields = sorted(re.findall(r"\{(\w+)", en))
        assert fields == sorted(re.findall(r"\{(\w+)", ja)), key
    assert say("report.cases", cases=1) == "1 case"
    assert say("report.cases", cases=2).ja == "2 ケース"


@pytest.mark.parametrize("exercise_id", IDS)
def test_show_in_japanese_has_no_english_prose(
    exercise_id: str, env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    exercise = load_exercise(exercise_id)
    assert main(["exercise", "show", exercise_id, "--lang", "ja"]) == 0
    out = capsys.readouterr().out
    assert japanese(exercise_id).title in out
    assert "仕様" in out and "Contract" not in out and "Fill in every line" not in out
    assert "checks:" not in out and "your file" not in out
    leaked = [text for text in english_prose(exercise) if text in out]
    assert leaked == [], leaked


@pytest.mark.parametrize("exercise_id", IDS)
def test_hints_in_japanese(exercise_id: str, env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    exercise = load_exercise(exercise_id)
    assert main(["exercise", "hint", exercise_id, "--all", "--lang", "ja"]) == 0
    out = capsys.readouterr().out
    total = len(exercise.hints)
    assert f"ヒント {total}/{total}" in out and "hint " not in out
    for hint in exercise.hints:
        assert isinstance(hint, Bi) and hint.ja in out and hint.en not in out


def test_the_stored_language_decides_without_lang(
    env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["exercise", "hint", "softmax"]) == 0  # a new learner: ja, the default
    assert "ヒント 1/3" in capsys.readouterr().out
    assert main(["config", "set", "language", "en"]) == 0
    capsys.readouterr()
    assert main(["exercise", "hint", "softmax"]) == 0
    assert "hint 2/3" in capsys.readouterr().out
    assert main(["exercise", "list"]) == 0
    assert "Stable softmax" in capsys.readouterr().out


def test_list_in_japanese(env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["exercise", "list", "--lang", "ja"]) == 0
    out = capsys.readouterr().out
    for exercise_id in IDS:
        assert japanese(exercise_id).title in out
    assert "未作成" in out and "your files" not in out and "missing" not in out


def assert_japanese_report(report: str, exercise: Exercise) -> None:
    assert japanese_text(report.splitlines()[0]), report
    leaked = [text for text in (*english_prose(exercise), *ENGLISH_REPORT) if text in report]
    assert leaked == [], f"{leaked}\n{report}"


def one_wrong_version_each() -> list[object]:
    return [pytest.param(i, wrongs[0], id=i) for i, wrongs in WRONG.items()]


@pytest.mark.parametrize(("exercise_id", "wrong"), one_wrong_version_each())
def test_a_failing_submission_is_reported_in_japanese(
    grade: Grade, exercise_id: str, wrong: Wrong
) -> None:
    verdict = grade(exercise_id, wrong.source)
    assert not verdict.passed
    english = verdict.report()
    assert wrong.says.lower() in english.lower(), english  # the English stays as it was
    report = verdict.report(lang="ja")
    assert_japanese_report(report, load_exercise(exercise_id))
    failure = verdict.first_failure()
    assert failure is not None and failure.case
    assert failure.case.splitlines()[0] in report
    if verdict.status == "failed":
        assert "不合格" in report


def test_the_stub_and_a_pass_in_japanese(tmp_path: Path) -> None:
    exercise = load_exercise("softmax")
    stub = check_file("softmax", stub_path("softmax")).report(lang="ja")
    assert_japanese_report(stub, exercise)
    assert "まだ実装されていません" in stub and "境界ケース: 講義ノートの例" in stub
    passed = check_file("softmax", solution_path("softmax")).report(lang="ja")
    assert passed.startswith("softmax: 合格（") and "ケース）" in passed
    assert_japanese_report(passed, exercise)


def test_a_mismatch_in_japanese(grade: Grade) -> None:
    source = "import numpy as np\n\ndef softmax(x):\n    return np.exp(x) / np.sum(np.exp(x))\n"
    verdict = grade("softmax", source)
    report = verdict.report(lang="ja")
    assert_japanese_report(report, load_exercise("softmax"))
    assert "期待値:" in report and "あなたの値:" in report and "入力（" in report
    assert "最大絶対誤差" in report


def test_check_on_the_command_line_in_japanese_and_json(
    env: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["exercise", "check", "softmax", "--lang", "ja", "--no-record"]) == 1
    out = capsys.readouterr().out
    assert_japanese_report(out, load_exercise("softmax"))
    assert main(["exercise", "check", "softmax", "--json", "--no-record", "--lang", "ja"]) == 1
    data = json.loads(capsys.readouterr().out)
    first = data["checks"][0]
    assert first["name"] == "1-D scores" and first["name_ja"] == "1 次元のスコア"
    assert first["message"].startswith("not implemented yet")
    assert first["message_ja"].startswith("まだ実装されていません")
    assert first["case_label_ja"] == "境界ケース: 講義ノートの例"
    good = main(["exercise", "check", "softmax", "--lang", "ja", "--no-record",
                 "--file", str(solution_path("softmax"))])  # fmt: skip
    assert good == 0
    out = capsys.readouterr().out
    assert "softmax: 合格" in out and "次: trainer exercise show cross_entropy_error" in out


def test_worker_failures_in_japanese(grade: Grade) -> None:
    from tests.grading.conftest import QUICK

    verdict = grade("softmax", "def softmax(x):\n    while True:\n        pass\n", limits=QUICK)
    assert verdict.status == "timeout"
    report = verdict.report(lang="ja")
    assert "時間切れ" in report and "制限時間を超えました" in report, report
    assert "time limit exceeded" in verdict.report()
    missing = grade("softmax", "import numpy as np\n")
    report = missing.report(lang="ja")
    assert "'softmax' という名前の関数もクラスも定義されていません" in report, report

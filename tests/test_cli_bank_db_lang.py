"""`trainer bank ...` and `trainer db ...` speak Japanese and English: `--lang` (on the main
parser or the sub-command), else the learner's stored language, else Japanese; `--json`, the
loader's file:line problems and question ids stay as they are. The catalogues' parity (same keys,
same placeholders) is tests/test_locale.py's, for these sections as for every other."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.test_locale import leaks
from trainer.cli import main
from trainer.locale import LANGS, catalogue
from trainer.store.upgrade import HEAD

BAD_QUESTION = "- id: x.bad\n  kind: numeric\n"
LOADER_LINE = "1: x.bad: syllabus: field required"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture
def url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'progress.db'}"


@pytest.fixture(scope="module")
def questions() -> int:
    from trainer.bank.loader import load_bank

    return len(load_bank().questions)


def test_the_sections_are_in_both_catalogues() -> None:
    for lang in LANGS:
        assert {"bank_cli", "db_cli"} <= set(catalogue(lang)), lang


# -- bank ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("where", "lang", "line"),
    [
        ("main", "ja", "不備なし: {n} 問"),
        ("main", "en", "ok: {n} questions"),
        ("sub", "ja", "不備なし: {n} 問"),
        ("sub", "en", "ok: {n} questions"),
    ],
)
def test_validate_says_ok_in_the_language(
    where: str, lang: str, line: str, questions: int, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["--lang", lang, "bank", "validate"]
    if where == "sub":
        args = ["bank", "validate", "--lang", lang]
    code, out, _ = run(capsys, *args)
    assert code == 0
    assert out.strip() == line.format(n=questions)
    assert leaks(lang, out) == []


@pytest.mark.parametrize(("lang", "count"), [("ja", "不備 {n} 件"), ("en", "{n} problem(s)")])
def test_validate_counts_problems_in_the_language_and_keeps_the_loader_lines(
    lang: str, count: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(BAD_QUESTION, encoding="utf-8")
    code, out, _ = run(capsys, "bank", "validate", str(bad), "--lang", lang)
    assert code == 1
    *problems, last = out.strip().splitlines()
    assert f"{bad}:{LOADER_LINE}" in problems  # the loader's own messages, as they are
    assert last == count.format(n=len(problems))


def test_validate_json_is_the_same_in_both_languages(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(BAD_QUESTION, encoding="utf-8")
    shown = {
        lang: run(capsys, "bank", "validate", str(bad), "--json", "--lang", lang)[1]
        for lang in LANGS
    }
    assert shown["ja"] == shown["en"]
    assert json.loads(shown["en"])["valid"] is False


def test_list_accepts_the_language_and_prints_ids_alike(capsys: pytest.CaptureFixture[str]) -> None:
    ja = run(capsys, "bank", "list", "--tag", "iou", "--lang", "ja")
    en = run(capsys, "bank", "list", "--tag", "iou", "--lang", "en")
    assert ja == en and ja[0] == 0 and "fam.iou-boxes" in ja[1]


@pytest.mark.parametrize(
    ("lang", "label", "words"), [("ja", "正解", "面積"), ("en", "answer", "IoU of boxes")]
)
def test_sample_shows_the_question_and_answer_label_in_the_language(
    lang: str, label: str, words: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "--lang", lang, "bank", "sample", "fam.iou-boxes", "--seed", "5")
    assert code == 0
    assert any(line.startswith(f"{label}: ") for line in out.splitlines()), out
    assert words in out


@pytest.mark.parametrize("lang", LANGS)
def test_check_labels_the_expected_answer_in_the_language(
    lang: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(
        capsys, "bank", "check", "fam.iou-boxes", "--seed", "5", "--answer", "2", "--lang", lang
    )
    assert code == 0
    label = "正解" if lang == "ja" else "answer"
    assert out.strip().splitlines()[-1].startswith(f"{label}: ")
    assert leaks(lang, out) == []


@pytest.mark.parametrize(
    ("lang", "message"),
    [
        ("ja", "trainer: 問題 ID 'no.such-id' はありません（一覧は trainer bank list）"),
        ("en", "trainer: unknown question id 'no.such-id' (see 'trainer bank list')"),
    ],
)
@pytest.mark.parametrize("action", [("sample",), ("check", "--answer", "1")])
def test_an_unknown_id_is_one_line_in_the_language(
    lang: str, message: str, action: tuple[str, ...], capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, "--lang", lang, "bank", action[0], "no.such-id", *action[1:])
    assert code == 2 and out == ""
    assert err == message + "\n"


COVERAGE_LINES = {
    "ja": [
        r"^どの問題も引用していない節（内容のあるもの）: \d+$",
        r"^分野\s+問題数\s+数値可変\s+シラバス ID 別$",
        r"^合計\s+\d+\s+\d+$",
        r"^大項目\s.*\sセット$",
        r"^1 数学的基礎\s",
    ],
    "en": [
        r"^Uncovered sections of substance: \d+$",
        r"^area\s+questions\s+parametric\s+by syllabus id$",
        r"^total\s+\d+\s+\d+$",
        r"^major\s.*\ssets$",
        r"^1 Mathematical foundations\s",
    ],
}


@pytest.mark.parametrize("lang", LANGS)
def test_coverage_headings_in_the_language(lang: str, capsys: pytest.CaptureFixture[str]) -> None:
    import re

    code, out, _ = run(capsys, "bank", "coverage", "--lang", lang)
    assert code == 0
    for pattern in COVERAGE_LINES[lang]:
        assert re.search(pattern, out, re.M), pattern
    other = COVERAGE_LINES["en" if lang == "ja" else "ja"]
    for pattern in other:
        assert not re.search(pattern, out, re.M), pattern


def test_coverage_table_columns_line_up_in_japanese(capsys: pytest.CaptureFixture[str]) -> None:
    """A Japanese heading takes two columns a character: the counts still end under it."""
    from rich.cells import cell_len

    out = run(capsys, "bank", "coverage", "--lang", "ja")[1].splitlines()
    heading = next(line for line in out if line.startswith("分野"))
    total = next(line for line in out if line.startswith("合計"))
    end_of = heading.index("数値可変") + len("数値可変")
    assert cell_len(heading[:end_of]) == cell_len(total)


# -- db -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "line"),
    [("ja", "スキーマなし（データベースはまだありません）"), ("en", "no schema (no database yet)")],
)
def test_db_current_on_a_fresh_file(
    lang: str, line: str, url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "db", "current", "--db", url, "--lang", lang)
    assert code == 0 and out == line + "\n"
    assert list(tmp_path.iterdir()) == []  # neither the command nor its language made one


@pytest.mark.parametrize(
    ("lang", "first", "again", "current"),
    [
        ("ja", "スキーマ 空 → {head}", "スキーマ {head}（最新）", "{head}（最新）"),
        ("en", "schema empty -> {head}", "schema {head} (up to date)", "{head} (head)"),
    ],
)
def test_db_upgrade_and_current_in_the_language(
    lang: str,
    first: str,
    again: str,
    current: str,
    url: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    where = str(tmp_path / "progress.db")
    assert run(capsys, "--lang", lang, "db", "upgrade", "--db", url)[1] == (
        f"{where}: {first.format(head=HEAD)}\n"
    )
    assert run(capsys, "--lang", lang, "db", "upgrade", "--db", url)[1] == (
        f"{where}: {again.format(head=HEAD)}\n"
    )
    code, out, _ = run(capsys, "--lang", lang, "db", "current", "--db", url)
    assert code == 0 and out == current.format(head=HEAD) + "\n"
    assert leaks(lang, out) == []


@pytest.mark.parametrize(
    ("lang", "line"),
    [
        ("ja", "復習 0 件を数え直し、15 分ごとの集計 0 件と想起率の帯 0 件を作りました"),
        ("en", "0 reviews recounted into 0 quarter-hour tallies and 0 recall bands"),
    ],
)
def test_db_recount_in_the_language(
    lang: str, line: str, url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "db", "recount", "--db", url, "--lang", lang)
    assert code == 0 and out.endswith(f": {line}\n")


def test_a_bad_database_is_still_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "notes.db"
    path.write_text("my shopping list\n" * 100)
    code, out, err = run(capsys, "db", "current", "--db", f"sqlite:///{path}", "--lang", "en")
    assert code == 3 and out == ""
    assert err.startswith("trainer: ") and err.count("\n") == 1 and "Traceback" not in err


# -- without --lang ---------------------------------------------------------------------------


def test_without_lang_the_learners_stored_language_decides(
    url: str, questions: int, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--db", url, "--user", "ann", "config", "set", "language", "en"]) == 0
    capsys.readouterr()
    common = ("--db", url, "--user", "ann")
    assert run(capsys, *common, "db", "current")[1] == f"{HEAD} (head)\n"
    assert run(capsys, *common, "bank", "validate")[1] == f"ok: {questions} questions\n"
    # another learner of the same database has stored nothing: Japanese
    assert run(capsys, "--db", url, "--user", "bob", "db", "current")[1] == f"{HEAD}（最新）\n"
    # --lang still wins over the stored language
    assert run(capsys, *common, "--lang", "ja", "db", "current")[1] == f"{HEAD}（最新）\n"


def test_without_lang_or_database_japanese_and_no_database_is_made(
    tmp_path: Path, url: str, questions: int, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(capsys, "--db", url, "bank", "validate")[1] == f"不備なし: {questions} 問\n"
    assert (
        run(capsys, "--db", url, "db", "current")[1]
        == "スキーマなし（データベースはまだありません）\n"
    )
    assert list(tmp_path.iterdir()) == []


def test_peeking_at_the_language_adds_no_learner(
    url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from sqlalchemy import text

    from trainer.store.engine import make_engine
    from trainer.store.upgrade import ensure_schema

    engine = make_engine(url)
    ensure_schema(engine)
    engine.dispose()
    run(capsys, "--db", url, "--user", "carol", "bank", "validate")
    run(capsys, "--db", url, "--user", "carol", "db", "current")
    engine = make_engine(url)
    with engine.connect() as connection:
        users = connection.execute(text('SELECT count(*) FROM "user"')).scalar_one()
    engine.dispose()
    assert users == 0

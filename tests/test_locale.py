"""The catalogues (trainer/locale/ja.json, en.json): the same keys, no empty text, the same
placeholders; and each command's output in one language carries none of the other's text."""

from __future__ import annotations

import io
import re
import string
from collections.abc import Iterator
from pathlib import Path

import pytest

from trainer.cli import main
from trainer.locale import LANGS, catalogue

JAPANESE = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uff00-\uffef]")
ENGLISH_WORD = re.compile(r"[A-Za-z]{3,}")


def entries(lang: str) -> Iterator[tuple[str, str, str]]:
    for section, table in catalogue(lang).items():
        for key, value in table.items():
            yield section, key, value


def fields(value: str) -> list[str]:
    """The `{placeholders}` of a text by name (a format spec may differ: "{n:# day}")."""
    return sorted(name for _, name, _, _ in string.Formatter().parse(value) if name is not None)


def fragments(value: str) -> Iterator[str]:
    """The literal pieces of a text: between its placeholders, split at " · " and line ends."""
    for literal, *_ in string.Formatter().parse(value):
        for piece in re.split(r" · |\n+|（|）|\(|\)|: |、|。", literal):
            piece = piece.strip(" .,:;·/-=<>[]「」…")
            if piece:
                yield piece


def foreign(lang: str) -> dict[str, str]:
    """The pieces of the other language's catalogue that would give it away in `lang`'s output:
    piece -> its key. A piece the `lang` catalogue also says (a command, "ja/en") is not one."""
    other = "en" if lang == "ja" else "ja"
    own = "\n".join(value for _, _, value in entries(lang))
    telling = ENGLISH_WORD if other == "en" else JAPANESE
    found: dict[str, str] = {}
    for section, key, value in entries(other):
        for piece in fragments(value):
            if telling.search(piece) and piece not in own:
                found.setdefault(piece, f"{section}.{key}")
    return found


def leaks(lang: str, shown: str) -> list[str]:
    """The other language's pieces in `shown` (whitespace runs read as one space)."""
    flat = re.sub(r"\s+", " ", shown)
    found = []
    for piece, key in foreign(lang).items():
        pattern = re.escape(piece)
        if lang == "ja":  # a whole English word or phrase, not a part of one or of an id
            pattern = rf"(?<![\w./-]){pattern}(?![\w/-]|\.\w)"
        else:  # not a part of a longer Japanese word (a source's title: 実装演習抜粋)
            pattern = rf"(?<!{JAPANESE.pattern}){pattern}(?!{JAPANESE.pattern})"
        if re.search(pattern, flat):
            found.append(f"{piece!r} ({key})")
    return found


def test_both_catalogues_have_the_same_keys() -> None:
    ja, en = catalogue("ja"), catalogue("en")
    assert list(ja) == list(en)
    for section in ja:
        assert set(ja[section]) == set(en[section]), section


def test_every_text_is_non_empty_and_has_the_same_placeholders() -> None:
    ja = catalogue("ja")
    for section, key, value in entries("en"):
        assert value.strip(), (section, key, "en")
        assert ja[section][key].strip(), (section, key, "ja")
        assert fields(ja[section][key]) == fields(value), (section, key)


def test_japanese_text_is_japanese() -> None:
    """Every ja text in words that differs from its en one has some Japanese in it, and no en
    text has any (but the names of the languages themselves)."""
    en = catalogue("en")
    for section, key, value in entries("ja"):
        if value not in (en[section][key], "English"):
            assert JAPANESE.search(value) or not ENGLISH_WORD.search(value), (section, key)
    for section, key, value in entries("en"):
        assert not JAPANESE.search(re.sub("日本語|E資格", "", value)), (section, key)


def test_the_report_glossary_beside_its_data_is_in_both_languages() -> None:
    """The progress screen's and the reports' figure names stay in trainer.reports.glossary."""
    from trainer.reports.glossary import GLOSSARY, NOTES

    for table in (GLOSSARY, NOTES):
        assert sorted(table) == sorted(LANGS)
        assert set(table["ja"]) == set(table["en"])
    for figure, (name, meaning) in GLOSSARY["en"].items():
        ja_name, ja_meaning = GLOSSARY["ja"][figure]
        assert name and ja_name and fields(meaning) == fields(ja_meaning), figure
    for key, value in NOTES["en"].items():
        assert fields(value) == fields(NOTES["ja"][key]), key


def test_the_catalogues_ship_in_the_package() -> None:
    import trainer.locale

    folder = Path(trainer.locale.__file__).parent
    assert {path.name for path in folder.glob("*.json")} == {f"{lang}.json" for lang in LANGS}


# -- the commands' output ---------------------------------------------------------------------


@pytest.fixture
def url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("TRAINER_WORKSPACE", str(tmp_path / "exercises"))
    return f"sqlite:///{tmp_path / 'trainer.db'}"


def run(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    *args: str,
    typed: str = "",
) -> str:
    monkeypatch.setattr("sys.stdin", io.StringIO(typed))
    main(list(args))
    captured = capsys.readouterr()
    return captured.out + captured.err


@pytest.mark.parametrize("lang", LANGS)
def test_command_output_is_in_one_language(
    lang: str, url: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    common = ("--db", url, "--user", "ann", "--lang", lang)
    outputs = {
        "quiz": run(
            capsys,
            monkeypatch,
            *common,
            "quiz",
            "--plain",
            "--limit",
            "2",
            typed="0\n\n1\n\n",
        ),
        "exam": run(
            capsys,
            monkeypatch,
            *common,
            "exam",
            "--plain",
            "--questions",
            "2",
            "--seed",
            "3",
            typed="\n0\n",
        ),
        "config show": run(capsys, monkeypatch, *common, "config", "show"),
        "config exam-date": run(capsys, monkeypatch, *common, "config", "exam-date", "2027-02-20")
        + run(capsys, monkeypatch, *common, "config", "exam-date", "clear")
        + run(capsys, monkeypatch, *common, "config", "exam-date"),
        "cards list": run(capsys, monkeypatch, *common, "cards", "list"),
        "report": run(capsys, monkeypatch, *common, "report", "--format", "text"),
        "exercise list": run(capsys, monkeypatch, *common, "exercise", "list"),
    }
    for command, shown in outputs.items():
        assert shown.strip(), command
        assert leaks(lang, shown) == [], (command, shown)

"""`trainer config show|set`, and `--lang` on the bare command: in process, on a temporary DB."""

from __future__ import annotations

import io
import json
from datetime import date
from pathlib import Path

import pytest

from tests.reliability.quizdriver import write_bank
from trainer.cli import main
from trainer.store.engine import make_engine
from trainer.store.repository import Store
from trainer.study.settings import KEYS, Settings, load_settings


@pytest.fixture
def url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'p.db'}"


def config(capsys: pytest.CaptureFixture[str], url: str, *args: str) -> tuple[int, str, str]:
    code = main(["--db", url, "--user", "ann", "config", *args])
    out, err = capsys.readouterr()
    return code, out, err


def stored(url: str, user: str = "ann") -> Settings:
    store = Store(make_engine(url))
    try:
        return load_settings(store, store.user_id(user))
    finally:
        store.close()


def test_show_lists_every_key_with_defaults_marked(
    capsys: pytest.CaptureFixture[str], url: str
) -> None:
    code, out, _ = config(capsys, url, "show", "--lang", "en")
    assert code == 0
    lines = out.splitlines()
    for key, line in zip(KEYS, lines, strict=False):
        assert line.startswith(key) and "(default)" in line
        assert KEYS[key].description.en in line
    assert "trainer config set KEY VALUE" in out
    code, out, _ = config(capsys, url, "show")  # the stored language: ja by default
    assert code == 0 and "（既定）" in out and KEYS["new-order"].description.ja in out


def test_set_then_show_and_json(capsys: pytest.CaptureFixture[str], url: str) -> None:
    assert config(capsys, url, "set", "new-per-day", "35") == (0, "new-per-day = 35\n", "")
    assert config(capsys, url, "set", "desired-retention", "85%")[1] == "desired-retention = 0.85\n"
    assert config(capsys, url, "set", "exam-date", "2027-02-20")[0] == 0
    code, out, _ = config(capsys, url, "show", "--json")
    assert code == 0
    doc = json.loads(out)
    assert doc["user"] == "ann" and list(doc["settings"]) == list(KEYS)
    settings = doc["settings"]
    assert settings["new-per-day"] == {
        "value": 35,
        "default": 20,
        "is_default": False,
        "description": KEYS["new-per-day"].description.ja,
    }
    assert settings["desired-retention"]["value"] == 0.85
    assert settings["exam-date"]["value"] == "2027-02-20"
    assert settings["reviews-per-day"]["is_default"] is True
    # the older command reads the same row
    assert main(["--db", url, "--user", "ann", "config", "exam-date"]) == 0
    assert capsys.readouterr().out.strip() == "2027-02-20"
    exam = date(2027, 2, 20)
    assert stored(url) == Settings(new_per_day=35, desired_retention=0.85, exam_date=exam)
    assert stored(url, "bob") == Settings()  # per learner


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (("set", "colour", "blue"), "unknown setting 'colour'"),
        (("set", "new-per-day", "-3"), "new-per-day: '-3' cannot be used; expected a whole number"),
        (("set", "desired-retention", "0.5"), "from 0.70 to 0.99"),
        (("set", "new-order", "alpha"), "interleaved"),
        (("set", "language", "fr"), "ja (Japanese) or en (English)"),
        (("set", "exam-date", "2027-13-01"), "YYYY-MM-DD"),
    ],
)
def test_a_bad_key_or_value_is_one_line_exit_2_and_saves_nothing(
    capsys: pytest.CaptureFixture[str], url: str, args: tuple[str, ...], needle: str
) -> None:
    assert config(capsys, url, "set", "new-per-day", "9")[0] == 0
    code, out, err = config(capsys, url, *args, "--lang", "en")
    assert code == 2 and out == ""
    assert err.startswith("trainer: ") and needle in err and err.count("\n") == 1
    assert "Traceback" not in err
    assert stored(url) == Settings(new_per_day=9)


def test_errors_follow_the_stored_language(capsys: pytest.CaptureFixture[str], url: str) -> None:
    code, _, err = config(capsys, url, "set", "learn-ahead", "forever")
    assert code == 2 and "learn-ahead: 「forever」は使えません" in err  # ja: the default
    assert config(capsys, url, "set", "language", "en")[0] == 0
    code, _, err = config(capsys, url, "set", "learn-ahead", "forever")
    assert code == 2 and "learn-ahead: 'forever' cannot be used" in err
    code, _, err = config(capsys, url, "set", "learn-ahead", "forever", "--lang", "ja")
    assert "「forever」" in err
    code = main(["--db", url, "--user", "ann", "--lang", "ja", "config", "show"])
    assert code == 0 and "（既定）" in capsys.readouterr().out  # --lang before the command too


def test_a_bad_value_with_lang_does_not_create_the_database(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    url = f"sqlite:///{tmp_path / 'none.db'}"
    assert config(capsys, url, "set", "new-per-day", "x", "--lang", "en")[0] == 2
    assert not (tmp_path / "none.db").exists()


def test_set_needs_a_key_and_a_value(capsys: pytest.CaptureFixture[str], url: str) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["--db", url, "config", "set", "new-per-day"])
    assert exited.value.code == 2
    assert "VALUE" in capsys.readouterr().err


# -- --lang on the bare command ----------------------------------------------------------------


@pytest.fixture(scope="module")
def bank_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_bank(tmp_path_factory.mktemp("bank"), 3)


def bare(
    monkeypatch: pytest.MonkeyPatch, bank_dir: Path, capsys: pytest.CaptureFixture[str], *args: str
) -> tuple[int, str]:
    """`trainer ARGS` with no command: without a terminal it is the line-mode quiz."""
    monkeypatch.setenv("TRAINER_BANK", str(bank_dir))
    monkeypatch.setattr("sys.stdin", io.StringIO(""))  # the input ends at once
    code = main(list(args))
    return code, capsys.readouterr().out


@pytest.mark.parametrize(("lang", "marker"), [("en", "(new)"), ("ja", "(新規)")])
def test_bare_command_takes_lang(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    bank_dir: Path,
    url: str,
    lang: str,
    marker: str,
) -> None:
    code, out = bare(monkeypatch, bank_dir, capsys, "--db", url, "--lang", lang)
    assert code == 0 and marker in out


def test_without_lang_the_stored_language_is_used(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], bank_dir: Path, url: str
) -> None:
    assert bare(monkeypatch, bank_dir, capsys, "--db", url)[1].count("(新規)") == 1
    assert config(capsys, url, "set", "language", "en")[0] == 0
    _, out = bare(monkeypatch, bank_dir, capsys, "--db", url, "--user", "ann")
    assert "(new)" in out and "answered 0" in out
    ann = ("--db", url, "--user", "ann")
    _, out = bare(monkeypatch, bank_dir, capsys, *ann, "quiz", "--lang", "ja")
    assert "(新規)" in out  # the sub-command's own --lang still works
    _, out = bare(monkeypatch, bank_dir, capsys, *ann, "--lang", "ja", "quiz")
    assert "(新規)" in out

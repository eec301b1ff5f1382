"""A wrong password or an unreachable class server: one line in the learner's language, exit code
6, no traceback, and never the password (issue 18)."""

from __future__ import annotations

import socket

import pytest
from sqlalchemy.engine import make_url

from tests.store.test_class_cli import trainer
from trainer.store.errors import ServerUnavailableError
from trainer.study.session import StudyService

WRONG = "WRONG-pw-3141"
EXIT_SERVER = 6


def _wrong_password(pg_url: str) -> str:
    url = make_url(pg_url).set(username="learner", password=WRONG)
    return url.render_as_string(hide_password=False)


def _closed_port() -> int:
    """A loopback port nobody listens on (bound, then released)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


def _where(url: str) -> tuple[str, str]:
    parsed = make_url(url)
    return f"{parsed.host}:{parsed.port}", str(parsed.database)


def _one_line(stderr: str) -> str:
    lines = stderr.strip().splitlines()
    assert len(lines) == 1, stderr
    assert "Traceback" not in stderr and WRONG not in stderr
    return lines[0]


@pytest.mark.parametrize(
    "command",
    [["quiz", "--plain"], ["report"], ["class", "report"], []],
    ids=["quiz", "report", "class-report", "bare"],
)
def test_a_wrong_password_is_one_japanese_line_naming_the_server(
    pg_url: str, command: list[str]
) -> None:
    url = _wrong_password(pg_url)
    run = trainer("--db", url, *command, stdin="3\n")
    assert run.returncode == EXIT_SERVER, run.stderr
    line = _one_line(run.stderr)
    server, database = _where(url)
    assert line.startswith(f"trainer: {server} のデータベース {database} へのログインを拒否")
    assert "learner" in line and "講師から受け取った URL" in line
    assert run.stdout == ""


def test_a_wrong_password_in_english_with_lang_en(pg_url: str) -> None:
    url = _wrong_password(pg_url)
    run = trainer("--lang", "en", "--db", url, "report")
    assert run.returncode == EXIT_SERVER
    server, database = _where(url)
    assert _one_line(run.stderr).startswith(
        f"trainer: the login to database {database} on {server} was refused (user learner:"
    )


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_an_unreachable_server_is_one_line_naming_host_and_port(lang: str) -> None:
    port = _closed_port()
    url = f"postgresql+psycopg://learner:{WRONG}@127.0.0.1:{port}/class_db"
    run = trainer("--lang", lang, "--db", url, "quiz", "--plain", stdin="3\n")
    assert run.returncode == EXIT_SERVER, run.stderr
    line = _one_line(run.stderr)
    expected = {
        "ja": f"trainer: 127.0.0.1:{port} のデータベース class_db に接続できません",
        "en": f"trainer: cannot connect to database class_db on 127.0.0.1:{port} (",
    }
    assert line.startswith(expected[lang])


def test_the_tui_start_path_gets_the_same_error(pg_url: str) -> None:
    """`trainer --db URL` in a terminal opens the database through `StudyService.open` (in the
    app's worker), which shows `str()` of what it raises."""
    url = _wrong_password(pg_url)
    with pytest.raises(ServerUnavailableError) as raised:
        StudyService.open(url, None)
    error = raised.value
    assert error.exit_code == EXIT_SERVER and error.kind == "login"
    assert str(error) == error.text("ja") and WRONG not in str(error)
    assert _where(url)[0] in error.text("en")

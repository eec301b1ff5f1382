"""Typed, one-line errors about the database, each with the exit code the command line returns.

A learner seeing "database disk image is malformed" in a traceback learns nothing; these say
which file, what is wrong with it, that it was left untouched, and what to do.

Exit codes (documented in `trainer quiz --help`): 3 not a (trainer) database or cannot be opened,
4 read-only, 5 made by a newer version of trainer, 6 the database server cannot be reached or
refused the login.
"""

from __future__ import annotations

import re

SQLITE_PERM = 3
SQLITE_BUSY = 5
SQLITE_LOCKED = 6
SQLITE_READONLY = 8
SQLITE_CORRUPT = 11
SQLITE_FULL = 13
SQLITE_CANTOPEN = 14
SQLITE_NOTADB = 26


class StoreError(Exception):
    """The database cannot be used; `str()` is a complete message for the learner."""

    exit_code = 3


class NotADatabaseError(StoreError):
    """The file exists but is not a SQLite database, or not one of ours."""

    exit_code = 3


class ReadOnlyDatabaseError(StoreError):
    """We may read the file but not write it, and a trainer cannot work without recording."""

    exit_code = 4


class SchemaTooNewError(StoreError):
    """The schema revision is one this version does not know: made by a newer trainer."""

    exit_code = 5


class MigrationError(StoreError):
    """A migration failed and was rolled back; the database is as it was."""

    exit_code = 3


class ServerUnavailableError(StoreError):
    """A database server (a class's PostgreSQL) refused the login or could not be reached.

    Said in the learner's language, which is stored on that very server: so `--lang`, else ja.
    Names host:port, database and user, never the password.
    """

    exit_code = 6

    def __init__(self, kind: str, server: str, database: str, user: str, detail: str) -> None:
        self.kind, self.server, self.database = kind, server, database
        self.user, self.detail = user, detail
        super().__init__(self.text("ja"))

    def text(self, lang: str) -> str:
        """The one line for the learner, in `lang` (ja or en)."""
        text = SERVER_TEXT["en" if lang == "en" else "ja"]
        where = text["where"].format(server=self.server, database=self.database)
        return text[self.kind].format(where=where, user=self.user, detail=self.detail)


SERVER_TEXT = {
    "ja": {
        "where": "{server} のデータベース {database}",
        "login": "{where} へのログインを拒否されました（ユーザー {user}: {detail}）。"
        "ユーザー名とパスワードを、講師から受け取った URL と照らし合わせてください",
        "unreachable": "{where} に接続できません（{detail}）。"
        "サーバーが動いているか、--db のホストとポートが正しいか確かめてください",
        "lost": "{where} との接続が切れました（{detail}）。"
        "サーバーが戻ってから、もう一度試してください",
    },
    "en": {
        "where": "database {database} on {server}",
        "login": "the login to {where} was refused (user {user}: {detail}); check the user name "
        "and password against the URL your instructor gave you",
        "unreachable": "cannot connect to {where} ({detail}); check that the server is running "
        "and that the host and port in --db are right",
        "lost": "the connection to {where} was lost ({detail}); try again once the server is back",
    },
}

UNSAVED = {
    "ja": "。{question} への解答は保存されていません",
    "en": "; your answer to {question} was not saved",
}


def error_text(error: StoreError, lang: str) -> str:
    """The line for `error` in `lang` where it has one (a server's), else as it is."""
    return error.text(lang) if isinstance(error, ServerUnavailableError) else str(error)


def unsaved(lang: str, question_id: str) -> str:
    """What to add to an error line when the answer to `question_id` could not be recorded."""
    return UNSAVED["en" if lang == "en" else "ja"].format(question=question_id)


_PREFIXES = re.compile(
    r'^(connection failed: )?(connection to server at "[^"]*", port \d+ failed: )?'
)


def server_unavailable(exc: BaseException, url: str) -> ServerUnavailableError | None:
    """The error to show for a driver error met while logging in to, or talking to, the server
    at `url` (a SQLAlchemy URL; its password is never shown), or None for other errors."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import DBAPIError

    original = getattr(exc, "orig", None) or exc
    if not type(original).__module__.startswith("psycopg"):
        return None
    invalidated = isinstance(exc, DBAPIError) and exc.connection_invalidated
    if type(original).__name__ != "OperationalError" and not invalidated:
        return None
    parsed = make_url(url)
    lines = [line.strip() for line in str(original).strip().splitlines() if line.strip()]
    detail = _PREFIXES.sub("", lines[0] if lines else type(original).__name__)
    detail = re.sub(r"^FATAL:\s+", "", detail)
    if parsed.password:
        detail = detail.replace(str(parsed.password), "***")
    lowered = detail.lower()
    if "authentication failed" in lowered or "does not exist" in lowered:
        kind = "login"
    elif invalidated or "terminat" in lowered or "closed" in lowered:
        kind = "lost"
    else:
        kind = "unreachable"
    server = f"{parsed.host or 'localhost'}:{parsed.port or 5432}"
    return ServerUnavailableError(
        kind, server, parsed.database or "", parsed.username or "", detail
    )


def sqlite_error_code(exc: BaseException) -> int | None:
    """The primary SQLite result code behind a (possibly SQLAlchemy-wrapped) exception."""
    original = getattr(exc, "orig", None) or exc
    code = getattr(original, "sqlite_errorcode", None)
    return code & 0xFF if isinstance(code, int) else None


def translate(exc: Exception, where: str) -> StoreError:
    """A `StoreError` for a driver error met while opening or writing the database at `where`
    (a SQLite file's path, or a server's URL as `display_url` shows it)."""
    if "://" in where:
        unavailable = server_unavailable(exc, where)
        if unavailable is not None:
            return unavailable
    code = sqlite_error_code(exc)
    detail = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
    if code == SQLITE_NOTADB:
        return NotADatabaseError(f"{where} is not a SQLite database ({detail}); it was left as is")
    if code == SQLITE_CORRUPT:
        return NotADatabaseError(
            f"{where} is damaged ({detail}); it was left as is - restore it from a backup"
        )
    if code in (SQLITE_READONLY, SQLITE_PERM):
        return ReadOnlyDatabaseError(
            f"{where} is read-only ({detail}); make it writable or pass --db with another file"
        )
    if code in (SQLITE_BUSY, SQLITE_LOCKED):
        return StoreError(f"{where} stayed locked by another program ({detail}); try again")
    if code == SQLITE_CANTOPEN:
        return StoreError(f"cannot open {where} ({detail})")
    return StoreError(f"database error on {where}: {detail}")

"""Typed, one-line errors about the database, each with the exit code the command line returns.

A learner seeing "database disk image is malformed" in a traceback learns nothing; these say
which file, what is wrong with it, that it was left untouched, and what to do.

Exit codes (documented in `trainer quiz --help`): 3 not a (trainer) database or cannot be opened,
4 read-only, 5 made by a newer version of trainer.
"""

from __future__ import annotations

SQLITE_PERM = 3
SQLITE_BUSY = 5
SQLITE_LOCKED = 6
SQLITE_READONLY = 8
SQLITE_CORRUPT = 11
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


def sqlite_error_code(exc: BaseException) -> int | None:
    """The primary SQLite result code behind a (possibly SQLAlchemy-wrapped) exception."""
    original = getattr(exc, "orig", None) or exc
    code = getattr(original, "sqlite_errorcode", None)
    return code & 0xFF if isinstance(code, int) else None


def translate(exc: Exception, where: str) -> StoreError:
    """A `StoreError` for a driver error met while opening or writing the database at `where`."""
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

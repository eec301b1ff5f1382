"""One study session as a service: the TUI (or any other front end) drives it with plain data.

`session` (StudyService, StudySession and their dataclasses), `exam` (ExamSession: a timed mock
exam, for the line mode and the TUI), `preview` (the live "parsed as" text) and `options`
(SessionOptions and ExamOptions, importable without the bank or the database). Nothing here
imports a UI toolkit (import-linter checks it); this package file imports nothing, so a UI can
import `trainer.study.options` before its first frame without loading pydantic or SQLAlchemy.
"""

"""An exercise's contract as the learner reads it, for `trainer exercise show` and the TUI alike."""

from __future__ import annotations


def contract(exercise_id: str, lang: str = "en") -> str:
    """The stub's docstring (read without running the stub), or its Japanese, with the course
    notes cited by their syllabus names."""
    import ast

    from trainer.bank.loader import load_syllabus
    from trainer.bank.topics import cite_course_notes
    from trainer.grading.catalog import stub_path
    from trainer.grading.l10n import japanese

    if lang == "ja" and (text := japanese(exercise_id).contract):
        return cite_course_notes(text, load_syllabus(), "ja")
    tree = ast.parse(stub_path(exercise_id).read_text(encoding="utf-8"))
    return cite_course_notes(ast.get_docstring(tree) or "", load_syllabus())

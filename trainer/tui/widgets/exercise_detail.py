"""The exercises screen's lower pane: for the exercise under the cursor, the verdict of its last
check (or that it is being checked), the hints asked for so far, then its contract.

The pane only draws what the screen hands it; reading the contract, the hints and grading happen
in the screen's workers.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll

from trainer.grading.l10n import text
from trainer.tui.text import say
from trainer.tui.widgets.plain import Prose

if TYPE_CHECKING:
    from trainer.grading.spec import Exercise
    from trainer.grading.verdict import Verdict


def hint_lines(exercise: Exercise, shown: int, lang: str) -> str:
    """The first `shown` hints, each as "hint 2 of 3: ..."; "" when none is shown yet."""
    total = len(exercise.hints)
    lines = [
        say(lang, "exercise_hint", number=number, total=total, text=text(hint, lang))
        for number, hint in enumerate(exercise.hints[:shown], start=1)
    ]
    return "\n".join(lines)


def contract_text(exercise: Exercise, contract: str, lang: str) -> str:
    """The title, the contract and the names of the checks, as `trainer exercise show` has them."""
    checks = "\n".join(f"  - {text(check.name, lang)}" for check in exercise.checks())
    title = f"{exercise.id}: {text(exercise.title, lang)}"
    return f"{title}\n\n{contract}\n\n{say(lang, 'exercise_checks')}\n{checks}"


class ExerciseDetail(VerticalScroll):
    """Verdict, hints and contract of one exercise, in that order, in one scrolling pane."""

    def __init__(self) -> None:
        super().__init__(id="exercise-result-box")

    def compose(self) -> ComposeResult:
        yield Prose(id="exercise-result")
        yield Prose(id="exercise-hints")
        yield Prose(id="exercise-contract")

    def show_result(self, content: str | Text, passed: bool | None = None) -> None:
        """The verdict or a status line; `passed` colours the pane's edge (None: neither)."""
        self.query_one("#exercise-result", Prose).update(content)
        self.set_class(passed is True, "-passed")
        self.set_class(passed is False, "-failed")

    def show_verdict(self, verdict: Verdict, lang: str, note: str | None = None) -> None:
        report = Text.from_ansi(verdict.report(color=True, lang=lang))
        if note:
            report.append("\n" + note)
        self.show_result(report, verdict.passed)

    def show_hints(self, lines: str) -> None:
        hints = self.query_one("#exercise-hints", Prose)
        hints.update(lines)
        hints.display = bool(lines)

    def show_contract(self, content: str) -> None:
        self.query_one("#exercise-contract", Prose).update(content)

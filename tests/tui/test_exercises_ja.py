"""The exercises screen in Japanese: titles and verdicts in the learner's language (Pilot)."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import DataTable

from tests.tui.conftest import Clock
from tests.tui.test_progress_exercises import EXERCISE, make_app, open_exercise, settle, text_of
from trainer.bank.loader import Bank
from trainer.grading.l10n import japanese


async def test_the_exercises_screen_in_japanese(
    tiny_bank: Bank, db_url: str, clock: Clock, tmp_path: Path
) -> None:
    workspace = tmp_path / "work"
    workspace.mkdir()
    app = make_app(tiny_bank, db_url, clock, lang="ja", workspace=str(workspace))
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_exercise(app, pilot)
        table = screen.query_one("#exercise-list", DataTable)
        title = str(table.get_cell(EXERCISE, "title"))
        assert title == japanese(EXERCISE).title == "数値的に安定な softmax"
        await pilot.press("c")  # the stub: not implemented yet
        await settle(pilot)
        assert screen.verdict is not None and not screen.verdict.passed
        shown = text_of(app, "#exercise-result")
        assert "softmax: エラー" in shown and "まだ実装されていません" in shown, shown
        assert "1 次元のスコア" in shown and "境界ケース: 講義ノートの例" in shown
        assert "not implemented yet" not in shown and "1-D scores" not in shown
        assert "x = np.array" in shown  # the failing input, as code
        await pilot.press("ctrl+l")  # English: the title and the verdict follow
        await settle(pilot)
        assert str(table.get_cell(EXERCISE, "title")) == "Stable softmax"
        assert "not implemented yet" in text_of(app, "#exercise-result")

"""The live "parsed as" line and the unreadable-answer message follow ctrl+l (issue 13)."""

from __future__ import annotations

from tests.tui.conftest import Clock
from tests.tui.test_session import make_app, settle
from trainer.bank.loader import Bank
from trainer.study.options import SessionOptions
from trainer.tui.screens.review import ReviewScreen


async def test_parsed_line_and_error_switch_language(
    tiny_bank: Bank, db_url: str, clock: Clock
) -> None:
    app = make_app(
        tiny_bank, db_url, clock, start=SessionOptions(topic="deep_learning/generative/vae")
    )
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, ReviewScreen)
        if app.lang != "ja":
            await pilot.press("ctrl+l")
            await settle(app, pilot)
        parsed = screen.query_one("#parsed")
        await pilot.press(*"sqrt(2)/2")
        await pilot.pause()
        assert str(parsed.render()).startswith("解釈: sqrt(2)/2 = 0.707107")
        await pilot.press("ctrl+l")
        await settle(app, pilot)
        assert app.lang == "en"
        assert str(parsed.render()).startswith("parsed as: sqrt(2)/2 = 0.707107")

        for _ in range(9):
            await pilot.press("backspace")
        await pilot.press(*"1,5")
        await pilot.pause()
        assert "use a dot for decimals" in str(parsed.render())
        await pilot.press("ctrl+l")
        await settle(app, pilot)
        assert "小数点にはコンマでなくドット" in str(parsed.render())

        await pilot.press("enter")  # unreadable: asked again, said in the screen's language
        await settle(app, pilot)
        error = screen.query_one("#error")
        assert screen.state == "asking"
        assert "小数点にはコンマでなくドット" in str(error.render())
        await pilot.press("ctrl+l")
        await settle(app, pilot)
        assert "use a dot for decimals" in str(error.render())
        assert "not a valid answer" in str(parsed.render())

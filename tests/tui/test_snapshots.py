"""Screenshots of every screen at 80x24 and 120x40, each in Japanese and English.

Deterministic: fixed clock, counting seeds, a tmp database, no cursor blink. Update with
`pytest tests/tui --snapshot-update` after a deliberate change, and look at the SVGs.
"""

from __future__ import annotations

from typing import Any

import pytest
from textual.pilot import Pilot

from tests.tui.conftest import Clock, Seeds
from tests.tui.test_progress_exercises import study_days
from trainer.bank.loader import Bank
from trainer.study.options import SessionOptions
from trainer.tui.app import TrainerApp

SIZES = [
    pytest.param(lang, size, id=f"{lang}-{size[0]}x{size[1]}")
    for lang in ("ja", "en")
    for size in ((80, 24), (120, 40))
]


async def settle(pilot: Pilot[Any]) -> None:
    """Wait until workers, the messages they post and the workers those start are all done."""
    app = pilot.app
    assert isinstance(app, TrainerApp)
    for _ in range(200):  # the home counts, loaded by a worker that a worker starts
        if app.home.overview is not None or app.error is not None:
            break
        await pilot.pause(0.01)
    for _ in range(6):
        await app.workers.wait_for_complete()
        await pilot.pause()


def make_app(bank: Bank, db_url: str, lang: str, start: SessionOptions | None) -> TrainerApp:
    return TrainerApp(
        db_url=db_url,
        user="tester",
        bank=bank,
        clock=Clock(),
        seeds=Seeds(),
        lang=lang,
        start=start,
        cursor_blink=False,
        offset_minutes=0,
    )


@pytest.mark.parametrize(("lang", "size"), SIZES)
def test_home(snap_compare: Any, tiny_bank: Bank, db_url: str, lang: str, size: Any) -> None:
    app = make_app(tiny_bank, db_url, lang, None)
    assert snap_compare(app, terminal_size=size, run_before=settle)


@pytest.mark.parametrize(("lang", "size"), SIZES)
def test_review_question(
    snap_compare: Any, tiny_bank: Bank, db_url: str, lang: str, size: Any
) -> None:
    app = make_app(tiny_bank, db_url, lang, SessionOptions(topic="deep_learning/generative/gan"))
    assert snap_compare(app, terminal_size=size, run_before=settle)


@pytest.mark.parametrize(("lang", "size"), SIZES)
def test_review_feedback(
    snap_compare: Any, tiny_bank: Bank, db_url: str, lang: str, size: Any
) -> None:
    app = make_app(tiny_bank, db_url, lang, SessionOptions(topic="deep_learning/generative/vae"))

    async def answer(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        await pilot.press(*"1/3", "enter")
        await settle(pilot)

    assert snap_compare(app, terminal_size=size, run_before=answer)


@pytest.mark.parametrize(("lang", "size"), SIZES)
def test_progress(snap_compare: Any, tiny_bank: Bank, db_url: str, lang: str, size: Any) -> None:
    study_days(tiny_bank, db_url, Clock(), 3)
    app = make_app(tiny_bank, db_url, lang, None)

    async def open_progress(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        await pilot.press("p")
        await settle(pilot)

    assert snap_compare(app, terminal_size=size, run_before=open_progress)


@pytest.mark.parametrize(("lang", "size"), SIZES)
def test_exercises(snap_compare: Any, tiny_bank: Bank, db_url: str, lang: str, size: Any) -> None:
    """The list before any check (a check's report would show the tmp workspace path)."""
    app = make_app(tiny_bank, db_url, lang, None)

    async def open_exercises(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)

    assert snap_compare(app, terminal_size=size, run_before=open_exercises)

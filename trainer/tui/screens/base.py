"""The base of the app's full screens: typed access to the `TrainerApp` they belong to."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.screen import Screen

if TYPE_CHECKING:
    from trainer.tui.app import TrainerApp


class TrainerScreen(Screen[None]):
    @property
    def trainer(self) -> TrainerApp:
        from trainer.tui.app import TrainerApp

        assert isinstance(self.app, TrainerApp)
        return self.app

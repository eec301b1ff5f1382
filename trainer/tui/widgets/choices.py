"""The options of a choice question, numbered as the number keys select them; each option's
text wraps hanging under its number (`trainer.wrap`)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Static

from trainer.tui.widgets.plain import Prose, plain


class ChoiceList(Vertical):
    """One line (wrapped as needed) per option; selected ones carry the `-selected` class."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.labels: list[str] = []
        self.selected: set[int] = set()

    async def set_choices(self, texts: list[str]) -> None:
        """Show `texts`, none selected. The option widgets already there are given the new text
        (mounting and styling new ones cost a few ms a question); only a different number of
        options mounts or removes some. No options (a typed question, the list hidden) keeps
        them for the next choice question."""
        self.selected = set()
        self.labels = texts
        if not texts:
            return
        items = list(self.query_children(".choice").results(Static))
        for n, (item, text) in enumerate(zip(items, texts, strict=False), start=1):
            item.update(plain(f"{n}. {text}"))
            if item.has_class("-selected"):
                item.remove_class("-selected")
        if len(items) > len(texts):
            await self.remove_children(items[len(texts) :])
        elif len(items) < len(texts):
            await self.mount_all(
                Prose(plain(f"{n}. {text}"), classes="choice", id=f"choice-{n}")
                for n, text in enumerate(texts, start=1)
                if n > len(items)
            )

    def relabel(self, texts: list[str]) -> None:
        """New text for the same options (the language changed)."""
        self.labels = texts
        for n, text in enumerate(texts, start=1):
            self.query_one(f"#choice-{n}", Static).update(plain(f"{n}. {text}"))

    def toggle(self, label: int, *, multiple: bool) -> None:
        if not 1 <= label <= len(self.labels):
            return
        if multiple:
            self.selected ^= {label}
        else:
            self.selected = {label}
        for n in range(1, len(self.labels) + 1):
            self.query_one(f"#choice-{n}", Static).set_class(n in self.selected, "-selected")

    def compose(self) -> ComposeResult:
        return iter(())

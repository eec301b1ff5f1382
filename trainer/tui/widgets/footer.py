"""textual's Footer, recomposed only when the keys it shows change.

textual's Footer rebuilds its key widgets on every bindings update, and a screen sends one on
each focus or state change (a review question goes asking -> checking -> rating -> saving). Each
rebuild mounts and styles a dozen widgets, and each of them also stays in the Footer's watcher
list (the `compact` data binding, which textual prunes only when `compact` changes), so the
watcher list grows for the life of the screen and every rebuild scans it: a long session slows
down key by key. Here a rebuild happens only when what the footer would show differs from what
it shows, after the frame that shows the change (the footer's keys follow a moment later), and
watchers of widgets already removed are dropped first.

Each key's label is the learner's language's (trainer/locale, table `keys`, by binding id), so a
language switch (ctrl+l) is a change of what the footer shows like any other.
"""

from __future__ import annotations

from collections.abc import Hashable
from typing import TYPE_CHECKING

from textual.widgets import Footer as TextualFooter
from textual.widgets._footer import FooterKey

from trainer.tui.text import key_label

if TYPE_CHECKING:
    from textual.app import ComposeResult
    from textual.screen import Screen


class Footer(TextualFooter):
    _shown: Hashable = None

    def _visible(self, screen: Screen[object]) -> Hashable:
        """What compose would draw: each shown binding's key, label, state and tooltip."""
        return getattr(screen.app, "lang", None), tuple(
            (binding.key, binding.action, binding.description, enabled, tooltip)
            for _, binding, enabled, tooltip in screen.active_bindings.values()
            if binding.show
        )

    def bindings_changed(self, screen: Screen[object]) -> None:
        """As textual's, but the rebuild waits until after the frame that shows the change and
        after whatever else waits for that frame: the next question is on screen first."""
        self._bindings_ready = True
        if screen.app.app_focus and self.is_attached and screen is self.screen:
            self.call_after_refresh(self.call_later, self.recompose)

    def compose(self) -> ComposeResult:
        if self._bindings_ready:
            self._shown = self._visible(self.screen)
        lang = getattr(self.app, "lang", None)
        if lang is None:
            yield from super().compose()
            return
        labels = {
            (binding.key, binding.action): key_label(lang, binding)
            for _, binding, _, _ in self.screen.active_bindings.values()
        }
        for widget in super().compose():
            if isinstance(widget, FooterKey) and widget.description:
                widget.description = labels.get((widget.key, widget.action), widget.description)
            yield widget

    async def recompose(self) -> None:
        # A rebuild is queued per bindings update; the first one draws the latest keys, and the
        # rest (or one for a state that came and went, like "checking") find nothing to change.
        if self._bindings_ready and self.is_attached:
            visible = self._visible(self.screen)
            if visible == self._shown:
                return
            if self._restate():
                self._shown = visible  # keys already there, shown, hidden or dimmed: no rebuild
                return
        watchers = getattr(self, "__watchers", {}).get("compact")
        if watchers:
            watchers[:] = [(node, call) for node, call in watchers if node.is_attached]
        await super().recompose()

    def _restate(self) -> bool:
        """Show, hide, dim or undim the keys already built when they are all the footer needs
        (a review question switches keys between typing and rating; mounting a dozen widgets
        for that cost most of a key press). False: a key is missing or labelled otherwise.

        Keys are matched by action, as textual's Footer shows one key per action."""
        lang = getattr(self.app, "lang", None)
        wanted: dict[str, tuple[bool, str]] = {}
        for _, binding, on, _ in self.screen.active_bindings.values():
            if binding.show and binding.action not in wanted:
                label = binding.description if lang is None else key_label(lang, binding)
                wanted[binding.action] = (on, label)
        built = [key for key in self.query(FooterKey) if not key.has_class("-command-palette")]
        keys = {key.action: key for key in built}
        if not keys or len(keys) != len(built):
            return False
        for action, (_, label) in wanted.items():
            key = keys.get(action)
            if key is None or key.description != label:
                return False
        for action, key in keys.items():
            key.display = action in wanted
            off = not wanted[action][0] if action in wanted else key._disabled
            if key._disabled != off:
                key._disabled = off
                key.set_class(off, "-disabled")
        palette = len(self.query(FooterKey)) - len(built)
        self.styles.grid_size_columns = len(wanted) + palette
        return True

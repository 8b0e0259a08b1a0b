"""Active filters shown as removable chips (a button each: Enter or a click removes it): those
chosen in the facet panel ("year: 2009") and those typed in the query ("country:PE")."""

from __future__ import annotations

from collections.abc import Sequence

from textual.containers import HorizontalGroup
from textual.message import Message
from textual.widgets import Button, Label

from search.typed import TypedFilter


class FilterChip(Button):
    def __init__(self, facet: str, value: str, typed: TypedFilter | None = None) -> None:
        super().__init__(f"{typed.text if typed else f'{facet}: {value}'} ✕", compact=True, classes="chip")
        self.facet = facet
        self.value = value
        self.typed = typed
        self.tooltip = "Remove it from the query" if typed else "Remove this filter"


class FilterChips(HorizontalGroup):
    class Removed(Message):
        def __init__(self, facet: str, value: str, typed: TypedFilter | None = None) -> None:
            super().__init__()
            self.facet = facet
            self.value = value
            self.typed = typed

    async def show(self, active: dict[str, list[str]], typed: Sequence[TypedFilter] = ()) -> None:
        shown = ([(t.facet, tuple(t.values), t.text) for t in typed],
                 [(facet, value) for facet, values in active.items() for value in values])
        if shown == getattr(self, "_shown", None):
            for chip, t in zip(self.query(FilterChip), typed):
                chip.typed = t  # the same chips: keep them (a remount lays the screen out again)
            return
        self._shown = shown
        await self.remove_children()
        chips = [FilterChip(t.facet, ", ".join(t.values), t) for t in typed]
        chips += [FilterChip(facet, value) for facet, values in active.items() for value in values]
        if chips:
            await self.mount_all([Label("Filters:", classes="chips-label"), *chips,
                                  Label("x clears all", classes="chips-hint")])
        self.display = bool(chips)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if isinstance(event.button, FilterChip):
            event.stop()
            self.post_message(self.Removed(event.button.facet, event.button.value, event.button.typed))

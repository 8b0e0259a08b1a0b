"""The facet panel: values with their counts for the current query; Enter/Space toggles a filter."""

from __future__ import annotations

from textual.binding import Binding
from textual.content import Content
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from search.glossary import UNKNOWN, facet_meaning
from search.presentation import FACET_HEADINGS
from tui.widgets.panel import PanelList
from tui.widgets.styling import classification_style, sparkline

# The facets shown, in order, with their headings (month is only a query filter).
SHOWN: tuple[tuple[str, str], ...] = tuple(FACET_HEADINGS.items())
MAX_VALUES = 8
VALUE_WIDTH = 21  # long origin names are cut so every value keeps to one line
_SEP = "\x1f"  # option ids are "facet<SEP>value": values may hold any printable character


def option_id(facet: str, value: str) -> str:
    return f"{facet}{_SEP}{value}"


def split_option_id(option_id: str) -> tuple[str, str]:
    facet, _, value = option_id.partition(_SEP)
    return facet, value


def ordered_values(facet: str, counts: dict[str, int], active: list[str]) -> list[tuple[str, int]]:
    """Most frequent first (years in date order), capped, always keeping the active values."""
    if facet == "year":
        values = sorted(counts.items())
    else:
        values = sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:MAX_VALUES]
    shown = {value for value, _ in values}
    values += [(value, counts.get(value, 0)) for value in active if value not in shown]
    return values


def _cut(text: str) -> str:
    return text if len(text) <= VALUE_WIDTH else text[: VALUE_WIDTH - 1] + "…"


class FacetPanel(PanelList):
    """An option list whose headings are disabled options and whose values toggle filters."""

    BINDINGS = [Binding("enter,space", "select", "Toggle", show=False,
                        tooltip="in the facets: toggle the value as a filter")]

    class Toggled(Message):
        def __init__(self, facet: str, value: str) -> None:
            super().__init__()
            self.facet = facet
            self.value = value

    def show(self, facets: dict[str, dict[str, int]], active: dict[str, list[str]]) -> None:
        if (facets, active) == getattr(self, "_shown", None):
            return  # another page or sort of the same hits: the same counts, nothing to redraw
        self._shown = (facets, {facet: list(values) for facet, values in active.items()})
        highlighted = None
        if self.highlighted is not None and self.option_count:
            highlighted = self.get_option_at_index(self.highlighted).id
        options: list[Option] = []
        for facet, heading in SHOWN:
            counts = facets.get(facet, {})
            chosen = active.get(facet, [])
            values = ordered_values(facet, counts, chosen)
            if not values:
                continue
            title = Content.styled(heading, "bold $text-primary")
            if facet == "year" and len(values) > 1:
                title = Content.assemble(title, " ", (sparkline([count for _, count in values]), "$text-accent"))
            options.append(Option(title, disabled=True))
            for value, count in values:
                options.append(Option(self._label(facet, value, count, value in chosen), id=option_id(facet, value)))
        self.set_options(options)  # measured once (clear + add would lay the screen out twice)
        if highlighted is not None:
            try:
                self.highlighted = self.get_option_index(highlighted)
            except Exception:  # the value is gone from the new result set
                pass

    @staticmethod
    def _label(facet: str, value: str, count: int, chosen: bool) -> Content:
        box = ("■ ", "bold $text-accent") if chosen else ("□ ", "dim")
        style = classification_style(value) if facet == "classification" else ""
        label = Content.assemble(box, (_cut(value), style), (f" {count}", "dim"))
        if facet != "tag":
            return label
        # A TAGS code says what it means on the line under it ("PREL 12" / "External Political …").
        return Content.assemble(label, ("\n  " + _cut(facet_meaning(facet, value) or UNKNOWN), "italic dim"))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option_id:
            facet, value = split_option_id(event.option_id)
            self.post_message(self.Toggled(facet, value))

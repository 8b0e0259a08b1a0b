"""The help screen: every key, per screen, generated from the bindings themselves, and the query
language in brief.

Rows come from the ``BINDINGS`` of the app, the screens and the widgets that take keys (a
binding's ``tooltip`` is its line here, else its footer description), so a key added, moved or
removed shows here without anyone remembering to write it down.  Bindings to one action share a
row: ``g / Ctrl+G``.
"""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Grid, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from tui.screens.marked import MarkedScreen
from tui.screens.reader import ReaderScreen
from tui.screens.search import SearchScreen
from tui.widgets.document import DocLink
from tui.widgets.facets import FacetPanel
from tui.widgets.results import ResultList

CLOSE_HINT = "Esc, q or ? closes this help"
QUERY_LANGUAGE: tuple[tuple[str, str], ...] = (  # not keys: what to type in the search box
    ("words", "all words must match; \"a phrase\"; OR; NOT or -word; prefix*; fuzzy~"),
    ("fields", "country:PE  tag:PREL  class:confidential  origin:lima  kind:cable"),
    ("dates", "from:2007-01 to:2009-12  date:2009  ref:09STATE112900  marking:C"),
    ("your marks", "mytag:peru-mil  marked:yes  marked:no"),
)
# Textual's own keys, which carry no words of ours.
_TEXTUAL_WORDS = {
    "quit": "quit",
    "screen.copy_text": "copy the selected text",
    "app.focus_next": "move to the next part of the screen",
    "app.focus_previous": "move to the previous part of the screen",
    "command_palette": "palette: go to, filters, sort, export, reload, theme",
}
_KEY_NAMES = {
    "question_mark": "?", "slash": "/", "left_square_bracket": "[", "right_square_bracket": "]",
    "escape": "Esc", "backspace": "⌫", "up": "↑", "down": "↓", "left": "←", "right": "→",
}


def key_name(key: str) -> str:
    """``ctrl+g`` -> ``Ctrl+G``, ``alt+left`` -> ``Alt+←``, ``question_mark`` -> ``?``."""
    parts = key.split("+")
    *mods, last = parts
    last = _KEY_NAMES.get(last, last.upper() if len(last) == 1 and mods else last)
    if len(last) > 1 and last not in _KEY_NAMES.values():
        last = last.capitalize()
    return "+".join([m.capitalize() for m in mods] + [last])


def _rows(*owners: list[Binding]) -> list[tuple[str, str]]:
    """(keys, what they do): one row per action of each owner (app, screen, widget), in the order bound."""
    return [row for bindings in owners for row in _owner_rows(bindings)]


def _owner_rows(bindings: list[Binding]) -> list[tuple[str, str]]:
    keys: dict[str, list[str]] = {}
    words: dict[str, str] = {}
    for binding in bindings:
        if not isinstance(binding, Binding):
            continue
        if binding.system:
            continue
        shown = [key_name(k) for k in binding.key.split(",")]
        if binding.key_display:
            shown[0] = binding.key_display
        keys.setdefault(binding.action, [])
        keys[binding.action] += [k for k in shown if k not in keys[binding.action]]
        words.setdefault(binding.action, _TEXTUAL_WORDS.get(binding.action) or binding.tooltip
                         or binding.description.lower())
    return [(" / ".join(keys[action]), words[action]) for action in keys]


def key_sections(app: type[App]) -> list[tuple[str, list[tuple[str, str]]]]:
    """Every key of the app, per screen, then the query language."""
    palette = Binding(app.COMMAND_PALETTE_BINDING, "command_palette", "Palette")
    return [
        ("Everywhere", _rows(app.BINDINGS, [palette], Screen.BINDINGS, App.BINDINGS)),
        ("Search", _rows(SearchScreen.BINDINGS, ResultList.BINDINGS, FacetPanel.BINDINGS)),
        ("Reader", _rows(ReaderScreen.BINDINGS, DocLink.BINDINGS)),
        ("Marked", _rows(MarkedScreen.BINDINGS)),
        ("Query language", list(QUERY_LANGUAGE)),
    ]


def help_content(app: type[App]) -> Content:
    lines: list[Content] = []
    for section, rows in key_sections(app):
        lines.append(Content.styled(section, "bold $text-primary"))
        for key, what in rows:
            lines.append(Content.assemble((f"  {key:<16} ", "bold $text-accent"), what))
        lines.append(Content(""))
    lines.append(Content.styled(CLOSE_HINT, "dim"))
    return Content("\n").join(lines)


class HelpScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,q,question_mark,f1", "dismiss", "Close")]

    def compose(self) -> ComposeResult:
        # A grid, not one block of text: a description that wraps at 80 columns stays in its
        # column instead of running back under the keys.
        with VerticalScroll(id="help", classes="dialog"):
            for section, rows in key_sections(type(self.app)):
                yield Static(Content.styled(section, "bold $text-primary"), classes="help-section")
                with Grid(classes="help-grid"):
                    for key, what in rows:
                        yield Static(key, classes="help-key")
                        yield Static(what, classes="help-what")
            yield Static(Content.styled(CLOSE_HINT, "dim"), classes="help-section")

    def on_mount(self) -> None:
        self.query_one("#help").border_title = "Keys"
        self.query_one("#help").focus()

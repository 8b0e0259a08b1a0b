"""The help screen: every key, per screen, and the query language in brief."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

KEYS: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = (
    ("Everywhere", (
        ("? / F1", "this help"),
        ("g / Ctrl+G", "go to a citation: 07 LIMA 2313 ¶7, 09LIMA1661, a URL… (Ctrl+G from the search box too)"),
        ("e", "export the results or the open document"),
        ("Ctrl+P", "palette: go to, filters, sort, export, reload, theme"),
        ("Tab / Shift+Tab", "move between parts of the screen"),
        ("Ctrl+Q", "quit"),
    )),
    ("Search", (
        ("/", "focus the search box (results update as you type)"),
        ("Esc / ↓", "from the search box to the results"),
        ("↑ ↓ Enter", "move in the results; Enter opens the document"),
        ("f", "focus the facets; Enter or Space toggles a value"),
        ("x", "clear all filters (Enter on a chip removes one)"),
        ("s", "sort: relevance → newest → oldest"),
        ("[ ]", "previous / next page of results"),
        ("c", "copy the citation of the highlighted hit"),
    )),
    ("Reader", (
        ("↑ ↓ / k j", "move the cursor between paragraphs and links (a long paragraph scrolls first)"),
        ("Enter", "open the reference or citing document under the cursor"),
        ("c", "copy the citation of the paragraph under the cursor"),
        ("⌫ / Alt+←", "back (to the results from the first document)"),
        ("Alt+→", "forward"),
        ("Home / End", "top (header and first item) / bottom"),
        ("Esc", "back to the results"),
    )),
    ("Query language", (
        ("words", "all words must match; \"a phrase\"; OR; NOT or -word; prefix*; fuzzy~"),
        ("fields", "country:PE  tag:PREL  class:confidential  origin:lima  kind:cable"),
        ("dates", "from:2007-01 to:2009-12  date:2009  ref:09STATE112900  marking:C"),
    )),
)


CLOSE_HINT = "Esc, q or ? closes this help"


def help_content() -> Content:
    lines: list[Content] = []
    for section, rows in KEYS:
        lines.append(Content.styled(section, "bold $text-primary"))
        for key, what in rows:
            lines.append(Content.assemble((f"  {key:<16}", "bold $text-accent"), what))
        lines.append(Content(""))
    lines.append(Content.styled(CLOSE_HINT, "dim"))
    return Content("\n").join(lines)


class HelpScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,q,question_mark,f1", "dismiss", "Close")]

    def compose(self) -> ComposeResult:
        # A grid, not one block of text: a description that wraps at 80 columns stays in its
        # column instead of running back under the keys.
        with VerticalScroll(id="help", classes="dialog"):
            for section, rows in KEYS:
                yield Static(Content.styled(section, "bold $text-primary"), classes="help-section")
                with Grid(classes="help-grid"):
                    for key, what in rows:
                        yield Static(key, classes="help-key")
                        yield Static(what, classes="help-what")
            yield Static(Content.styled(CLOSE_HINT, "dim"), classes="help-section")

    def on_mount(self) -> None:
        self.query_one("#help").border_title = "Keys"
        self.query_one("#help").focus()

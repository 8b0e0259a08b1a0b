"""Pieces of the reader: the header panel, paragraphs (focusable: the one under the cursor is
the one `c` cites) and links to other documents."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import Static

from corpus.records import Record
from search.presentation import header_rows, heading, paragraph_label
from tui.widgets.styling import classification_style, highlight_spans, marking_badge

# Not in the panel: references are links under it; the file path is the CLI's (`cables show`).
_NOT_IN_PANEL = {"reference", "source"}


def panel_rows(record: Record) -> list[tuple[str, Content | str]]:
    """The header panel's rows: search.presentation's layout, the classification in its colour."""
    rows: list[tuple[str, Content | str]] = []
    for row in header_rows(record):
        if row.key in _NOT_IN_PANEL:
            continue
        value: Content | str = row.value
        if row.key == "classification":
            value = Content.styled(row.value, classification_style(row.value))
        rows.append((row.label, value))
    return rows


def record_heading(record: Record) -> Content:
    id, title = heading(record)
    return Content.assemble((id, "bold $text-primary"), "  ", (title, "bold"))


class DocHeader(Vertical):
    """Label / value rows in two columns, so long values (INFO lists) wrap under their value."""

    def __init__(self, record: Record, **kwargs) -> None:
        super().__init__(**kwargs)
        self.record = record

    def compose(self) -> ComposeResult:
        yield Static(record_heading(self.record), classes="header-title")
        with Grid(classes="header-grid"):
            for label, value in panel_rows(self.record):
                yield Static(label, classes="header-label")
                yield Static(value, classes="header-value")

    @property
    def text(self) -> str:
        """The header as plain text, one "label value" line per row."""
        lines = [record_heading(self.record).plain]
        for label, value in panel_rows(self.record):
            lines.append(f"{label} {value.plain if isinstance(value, Content) else value}")
        return "\n".join(lines)


class ParagraphView(Static, can_focus=True):
    """One numbered (or unnumbered) paragraph with its marking badge and the matched words highlighted."""

    def __init__(self, record_id: str, kind: str, number: str | None, marking: str | None, text: str,
                 spans: list[tuple[int, int]]) -> None:
        self.record_id = record_id
        self.number = number
        self.marking = marking
        self.text = text
        label = Content.styled(paragraph_label(kind, number) + " ", "bold") if number else Content("")
        badge = marking_badge(marking)
        body = highlight_spans(text, spans)
        super().__init__(Content.assemble(label, badge, " " if badge.plain else "", body), classes="paragraph")


class SectionHeading(Static):
    pass


class DocLink(Static, can_focus=True):
    """A reference or cited-by entry; Enter (or a click) opens it when it is in the index."""

    BINDINGS = [Binding("enter", "open", "Open", show=False,
                        tooltip="open the reference or citing document under the cursor")]

    class Open(Message):
        def __init__(self, target: str) -> None:
            super().__init__()
            self.target = target

    def __init__(self, target: str, label: str, in_index: bool) -> None:
        self.target = target
        self.in_index = in_index
        if in_index:
            text = Content.assemble(("→ ", "$text-accent"), (target, "underline $text-accent"), f"  {label}")
        else:
            text = Content.assemble("  ", (target, "dim"), f"  {label}", ("  not in index", "italic $text-warning"))
        super().__init__(text, classes="doclink")

    def action_open(self) -> None:
        if self.in_index:
            self.post_message(self.Open(self.target))
        else:
            self.notify(f"{self.target} is not in the index", severity="warning")

    def on_click(self) -> None:
        self.action_open()

"""Pieces of the reader: the header panel, paragraphs (focusable: the one under the cursor is
the one `c` cites) and links to other documents."""

from __future__ import annotations

import re

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import Static

from corpus.records import Cable, Record
from tui.widgets.styling import classification_label, highlight_terms, marking_badge


def header_rows(record: Record) -> list[tuple[str, Content | str]]:
    """The header panel's rows: every routing and metadata field a reader of a cable looks for."""
    rows: list[tuple[str, Content | str]] = []
    if record.date is None:
        when = "undated"
    elif isinstance(record, Cable):
        when = record.date.strftime("%Y-%m-%d %H:%M UTC")
    else:
        when = record.date.strftime("%Y-%m-%d")
    rows.append(("Date", when))
    rows.append(("Kind", record.kind))
    if record.origin:
        rows.append(("From", record.origin + (f" ({record.origin_country})" if record.origin_country else "")))
    if isinstance(record, Cable):
        if record.to:
            rows.append(("To", "; ".join(_addressee(a) for a in record.to)))
        if record.info:
            rows.append(("Info", "; ".join(_addressee(a) for a in record.info)))
        if record.classification:
            level = classification_label(record.classification.level)
            caveats = "//".join(record.classification.caveats)
            rows.append(("Classification", Content.assemble(level, f"//{caveats}" if caveats else "")))
        if record.handling:
            rows.append(("Handling", ", ".join(record.handling)))
        if record.tags:
            rows.append(("Tags", "  ".join(f"{t.code} ({t.name})" if t.name else t.code for t in record.tags)))
        if record.classified_by:
            reasons = f", reasons {record.reasons}" if record.reasons else ""
            rows.append(("Classified by", record.classified_by + reasons))
        if record.signer:
            rows.append(("Signer", record.signer))
    else:
        if record.countries:
            rows.append(("Countries", ", ".join(record.countries)))
        for label, attr in (("Author", "author"), ("To", "addressee"), ("Place", "place"), ("Event", "event")):
            value = getattr(record, attr, None)
            if value:
                rows.append((label, value))
    return rows


def record_heading(record: Record) -> Content:
    title = record.subject if isinstance(record, Cable) and record.subject else record.title
    return Content.assemble((record.id, "bold $text-primary"), "  ", (title or "(untitled)", "bold"))


def _addressee(addressee) -> str:
    return addressee.name + (f" ({addressee.precedence})" if addressee.precedence else "")


class DocHeader(Vertical):
    """Label / value rows in two columns, so long values (INFO lists) wrap under their value."""

    def __init__(self, record: Record, **kwargs) -> None:
        super().__init__(**kwargs)
        self.record = record

    def compose(self) -> ComposeResult:
        yield Static(record_heading(self.record), classes="header-title")
        with Grid(classes="header-grid"):
            for label, value in header_rows(self.record):
                yield Static(label, classes="header-label")
                yield Static(value, classes="header-value")

    @property
    def text(self) -> str:
        """The header as plain text, one "label value" line per row."""
        lines = [record_heading(self.record).plain]
        for label, value in header_rows(self.record):
            lines.append(f"{label} {value.plain if isinstance(value, Content) else value}")
        return "\n".join(lines)


class ParagraphView(Static, can_focus=True):
    """One numbered (or unnumbered) paragraph with its marking badge and highlighted terms."""

    def __init__(self, record_id: str, number: str | None, marking: str | None, heading: str | None,
                 text: str, pattern: re.Pattern[str] | None) -> None:
        self.record_id = record_id
        self.number = number
        self.marking = marking
        label = Content.styled(f"¶{number} ", "bold") if number else Content("")
        badge = marking_badge(marking)
        body = highlight_terms(text, pattern)
        super().__init__(Content.assemble(label, badge, " " if badge.plain else "", body), classes="paragraph")


class SectionHeading(Static):
    pass


class DocLink(Static, can_focus=True):
    """A reference or cited-by entry; Enter (or a click) opens it when it is in the index."""

    BINDINGS = [Binding("enter", "open", "Open", show=False)]

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

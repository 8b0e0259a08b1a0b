"""The reader: one document's header, paragraphs, references and cited-by, with history."""

from __future__ import annotations

from dataclasses import dataclass, field

from textual import events, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Static

from corpus.records import Cable, Record
from search.glossary import header_terms, paragraph_terms, term_line
from search.presentation import paragraph_label, reference_label, with_headings
from search.snippets import Terms, spans
from tui.widgets.document import DocHeader, DocLink, ParagraphView, SectionHeading

GLOSSARY_LINES = 4  # terms the pane lists for one paragraph (it keeps to a few lines)


@dataclass(frozen=True)
class Location:
    id: str
    paragraph: str | None = None
    query: str = ""
    terms: Terms | None = field(default=None, compare=False)  # what the search matched: highlighted


@dataclass
class Loaded:
    record: Record | None
    missing: list[str]
    cited_by: list[str]


class ReaderScreen(Screen):
    AUTO_FOCUS = None  # the cursor goes to the cited paragraph, not the first link
    BINDINGS = [
        Binding("escape", "close", "Results", key_display="Esc", tooltip="back to the results"),
        Binding("backspace,alt+left", "back", "Back", key_display="⌫",
                tooltip="back (to the results from the first document)"),
        Binding("alt+right", "forward", "Forward", key_display="Alt+→", tooltip="forward"),
        Binding("c", "copy_citation", "Cite ¶", tooltip="copy the citation of the paragraph under the cursor"),
        # priority: the scroll container around the paragraphs binds these keys to scrolling,
        # and would take them from a focused paragraph or link before the screen sees them.
        Binding("down,j", "step(1)", "Next", show=False, key_display="↓", priority=True,
                tooltip="next paragraph or link (a long paragraph scrolls first)"),
        Binding("up,k", "step(-1)", "Previous", show=False, key_display="↑", priority=True,
                tooltip="previous paragraph or link"),
        Binding("home", "edge(0)", "Top", show=False, key_display="Home", priority=True,
                tooltip="top: the header and the first item"),
        Binding("end", "edge(-1)", "Bottom", show=False, key_display="End", priority=True,
                tooltip="bottom: the cited-by list"),
    ]

    class Ready(Message):
        def __init__(self, location: Location, loaded: Loaded) -> None:
            super().__init__()
            self.location = location
            self.loaded = loaded

    def __init__(self, location: Location) -> None:
        super().__init__()
        self.history: list[Location] = []
        self.position = -1
        self.record: Record | None = None
        self._first = location

    def compose(self) -> ComposeResult:
        # The cursor moves between paragraphs and links; the container itself takes no focus.
        yield VerticalScroll(id="doc", can_focus=False)
        # Footnotes for the paragraph under the cursor: what its codes and acronyms mean.
        yield Static("", id="reader-glossary")
        yield Static("", id="reader-status")
        yield Footer(compact=True)  # compact: every key fits in 80 columns

    def on_mount(self) -> None:
        self.open(self._first)

    @property
    def location(self) -> Location | None:
        return self.history[self.position] if 0 <= self.position < len(self.history) else None

    # --- opening ----------------------------------------------------------------------------

    def open(self, location: Location) -> None:
        """Open a location, dropping any 'forward' history (like a browser)."""
        del self.history[self.position + 1 :]
        self.history.append(location)
        self.position = len(self.history) - 1
        self._load(location)

    def _load(self, location: Location) -> None:
        self.query_one("#reader-status", Static).update(Content.styled(f"opening {location.id}…", "dim"))
        self.load(location)

    @work(thread=True, exclusive=True, group="reader")
    def load(self, location: Location) -> None:
        library = self.app.library
        try:
            record = library.get(location.id)
            missing = library.missing_references(location.id) if record else []
            cited_by = library.cited_by(location.id) if record else []
        except Exception as error:  # noqa: BLE001 — say it, don't crash the reader
            self.app.call_from_thread(self.notify, f"cannot open {location.id}: {error}", severity="error")
            return
        self.post_message(self.Ready(location, Loaded(record, missing, cited_by)))

    async def on_reader_screen_ready(self, message: Ready) -> None:
        if message.location != self.location:
            return  # the user moved on meanwhile
        record = message.loaded.record
        status = self.query_one("#reader-status", Static)
        if record is None:
            status.update(Content.styled(f"{message.location.id} is not in the index", "bold $text-error"))
            return
        self.record = record
        doc = self.query_one("#doc", VerticalScroll)
        await doc.remove_children()
        await doc.mount_all(self._widgets(record, message.loaded, message.location))
        doc.scroll_home(animate=False)
        self.sub_title = record.id
        self._place_cursor(message.location.paragraph)
        self.explain(self.focused)
        count = sum(1 for p in record.paragraphs if p.number)
        step = f"{self.position + 1}/{len(self.history)}"
        # short enough for 80 columns; the footer already says what c does
        status.update(f"{record.id} · {count} numbered paragraphs · history {step}")

    def _widgets(self, record: Record, loaded: Loaded, location: Location) -> list:
        widgets: list = [DocHeader(record, id="doc-header")]
        if isinstance(record, Cable) and record.references:
            widgets.append(SectionHeading("References", classes="section"))
            missing = set(loaded.missing)
            for ref in record.references:
                label = reference_label(ref)
                for ref_id in ref.ids or []:
                    widgets.append(DocLink(ref_id, label, ref_id not in missing))
                if not ref.ids:
                    widgets.append(Static(Content.styled(f"  {label}", "dim"), classes="doclink"))
        for heading, para in with_headings(record):
            if heading:
                widgets.append(SectionHeading(heading, classes="heading"))
            marked = spans(para.text, location.terms, record.language) if location.terms else []
            widgets.append(ParagraphView(record.id, record.kind, para.number, para.marking, para.text, marked))
        widgets.append(SectionHeading(f"Cited by ({len(loaded.cited_by)})", classes="section"))
        if loaded.cited_by:
            widgets += [DocLink(cited, "", True) for cited in loaded.cited_by]
        else:
            widgets.append(Static(Content.styled("  nothing in the index cites it", "dim"), classes="doclink"))
        return widgets

    # --- the glossary under the text --------------------------------------------------------------

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        self.explain(event.widget)

    def explain(self, widget) -> None:  # noqa: ANN001 - the focused widget
        """Fill the glossary pane: the terms of the paragraph under the cursor, else the header's
        (TAGS, handling, precedence, reasons), each with its meaning or "unknown"."""
        pane = self.query_one("#reader-glossary", Static)
        if self.record is None:
            pane.update("")
            return
        if isinstance(widget, ParagraphView):
            terms = paragraph_terms(self.record, widget.text)
            where = paragraph_label(self.record.kind, widget.number) or "this paragraph"
        else:
            terms, where = header_terms(self.record), "the header"
        if not terms:
            pane.update(Content.styled(f"Glossary, {where}: no codes or acronyms", "dim"))
            return
        lines = [Content.styled(f"Glossary, {where}:", "bold")]
        lines += [Content.assemble((t.term, "bold $text-accent"), "  ",
                                   (term_line(t)[len(t.term) + 2:], "" if t.meaning else "italic $text-warning"))
                  for t in terms[:GLOSSARY_LINES]]
        if len(terms) > GLOSSARY_LINES:
            lines.append(Content.styled(f"… and {len(terms) - GLOSSARY_LINES} more: cables explain TERM", "dim"))
        pane.update(Content("\n").join(lines))

    def _place_cursor(self, paragraph: str | None) -> None:
        target = None
        views = list(self.query(ParagraphView))
        if paragraph is not None:
            target = next((v for v in views if v.number == paragraph), None)
        if target is None:
            target = views[0] if views else None
        if target is None:
            return
        target.focus(scroll_visible=False)
        if paragraph is not None:
            # after layout, so the paragraph's position is known
            self.call_after_refresh(self.query_one("#doc").scroll_to_widget, target, animate=False, top=True)

    # --- moving -------------------------------------------------------------------------------

    def _items(self) -> list:
        return [w for w in self.query_one("#doc").children if w.can_focus]

    def action_step(self, step: int) -> None:
        doc = self.query_one("#doc", VerticalScroll)
        items = self._items()
        if not items:
            return
        if self.focused not in items:
            items[0 if step > 0 else -1].focus()
            return
        current = self.focused
        top = current.virtual_region.y
        bottom = current.virtual_region.bottom
        height = doc.scrollable_content_region.height
        # A paragraph taller than the screen is read like a pager: scroll through it before moving
        # on, or its middle is never seen.
        if step > 0 and bottom > doc.scroll_y + height:
            doc.scroll_to(y=min(bottom - height, doc.scroll_y + max(1, height - 2)), animate=False)
            return
        if step < 0 and top < doc.scroll_y:
            doc.scroll_to(y=max(top, doc.scroll_y - max(1, height - 2)), animate=False)
            return
        index = items.index(current) + step
        if index < 0:
            doc.scroll_home(animate=False)  # above the first item: the header, not a wrap to the end
        elif index >= len(items):
            doc.scroll_end(animate=False)
        else:
            items[index].focus()

    def action_edge(self, index: int) -> None:
        items = self._items()
        if not items:
            return
        doc = self.query_one("#doc", VerticalScroll)
        items[index].focus(scroll_visible=False)
        # Home shows the header above the first item, End the cited-by list below the last.
        if index == 0:
            doc.scroll_home(animate=False)
        else:
            doc.scroll_end(animate=False)

    def on_doc_link_open(self, message: DocLink.Open) -> None:
        here = self.location
        self.open(Location(message.target, None, here.query, here.terms) if here else Location(message.target))

    def action_back(self) -> None:
        if self.position > 0:
            self.position -= 1
            self._load(self.history[self.position])
        else:
            self.action_close()

    def action_forward(self) -> None:
        if self.position < len(self.history) - 1:
            self.position += 1
            self._load(self.history[self.position])

    def action_close(self) -> None:
        self.app.pop_screen()

    # --- citing -------------------------------------------------------------------------------

    @property
    def current_paragraph(self) -> ParagraphView | None:
        return self.focused if isinstance(self.focused, ParagraphView) else None

    def action_copy_citation(self) -> None:
        if self.record is None:
            return
        para = self.current_paragraph
        self.app.copy_citation(self.record.id, para.number if para else None)

"""The Marked view: the user's marks, grouped by tag; Enter opens one, e exports them.

What it lists is search.marks.listed (newest first, a mark whose document left the index shown
as missing) grouped by search.marks.by_tag; the export is search.bibliography.export.
"""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from corpus.errors import CablesError
from search.models import MarkedItem
from tui.widgets.styling import MARK_SIGN, mark_badge

NO_MARKS = "Nothing marked yet: m marks the highlighted result, or the paragraph under the cursor in the reader."
TEXT_CHARS = 140


def item_prompt(item: MarkedItem) -> Content:
    """A mark's lines: its citation line, its note, the start of its text (or why it is missing)."""
    id_part, _, rest = item.citation.partition(", ")
    lines = [Content.assemble((f"{MARK_SIGN} ", "bold $text-success"), (id_part, "bold $text-primary"),
                              (", " + rest if rest else "", ""))]
    if item.missing:
        lines.append(Content.styled(f"  missing: {item.missing}", "italic $text-warning"))
    if item.mark.note:
        lines.append(Content.styled(f"  {item.mark.note}", "italic"))
    if item.paragraph is not None:
        text = " ".join(item.paragraph.text.split())
        lines.append(Content.styled("  " + (text if len(text) <= TEXT_CHARS else text[:TEXT_CHARS] + "…"), "dim"))
    lines.append(Content(""))
    return Content("\n").join(lines)


class MarkedScreen(Screen):
    BINDINGS = [
        Binding("escape", "close", "Back", key_display="Esc", tooltip="back to where you were"),
        Binding("t", "next_tag", "Tag", tooltip="in Marked: one tag's marks, then the next; all of them again"),
        Binding("m", "edit", "Edit", tooltip="in Marked: the highlighted mark's tags and note"),
        Binding("u", "unmark", "Unmark", tooltip="in Marked: remove the highlighted mark"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.items: list[MarkedItem] = []  # every mark, newest first
        self.tag: str | None = None  # shown: only this tag's marks (None: all)
        self._rows: dict[str, MarkedItem] = {}

    def compose(self) -> ComposeResult:
        yield OptionList(Option(Content.styled("reading your marks…", "italic $text-muted"), disabled=True),
                         id="marked-list")
        yield Static("", id="marked-status")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one("#marked-list").border_title = "Marked"
        self.query_one("#marked-list").focus()
        self.load()

    @property
    def shown(self) -> list[MarkedItem]:
        """The marks on screen (the tag chosen with t, or all): what e exports."""
        return [i for i in self.items if self.tag is None or self.tag in i.mark.tags]

    @work(thread=True, exclusive=True, group="marked")
    def load(self) -> None:
        from search.marks import listed

        try:
            items = listed(self.app.library)
        except CablesError as error:
            self.app.call_from_thread(self._say, Content.styled(str(error), "bold $text-error"))
            return
        self.app.call_from_thread(self._show, items)

    def _say(self, content: Content | str) -> None:
        self.query_one("#marked-status", Static).update(content)

    def _show(self, items: list[MarkedItem]) -> None:
        from search.marks import by_tag

        self.items = items
        if self.tag is not None and not self.shown:
            self.tag = None
        listing = self.query_one("#marked-list", OptionList)
        where = listing.highlighted
        options: list[Option] = []
        self._rows = {}
        for tag, group in by_tag(self.shown).items():
            if self.tag is not None and tag != self.tag:
                continue
            heading = mark_badge([tag]) if tag else Content.styled("Untagged", "bold")
            options.append(Option(Content.assemble(heading, (f"  {len(group)}", "dim")), disabled=True))
            for n, item in enumerate(group):
                row = f"{tag}\x1f{n}"
                self._rows[row] = item
                options.append(Option(item_prompt(item), id=row))
        if not options:
            options = [Option(Content.styled(NO_MARKS, "italic $text-muted"), disabled=True)]
        listing.set_options(options)
        if self._rows:
            first = next(i for i, o in enumerate(options) if not o.disabled)
            listing.highlighted = where if where is not None and where < len(options) and \
                not options[where].disabled else first
        listing.border_title = f"Marked — {self.tag}" if self.tag else "Marked"
        missing = sum(1 for i in self.shown if i.missing)
        self._say(f"{len(self.shown)} marks" + (f" · {missing} missing from the index" if missing else "")
                  + " · Enter opens · t tag · e export")

    @property
    def current(self) -> MarkedItem | None:
        listing = self.query_one("#marked-list", OptionList)
        if listing.highlighted is None or not listing.option_count:
            return None
        return self._rows.get(listing.get_option_at_index(listing.highlighted).id or "")

    @on(OptionList.OptionSelected, "#marked-list")
    def _open(self, event: OptionList.OptionSelected) -> None:
        item = self._rows.get(event.option_id or "")
        if item is None:
            return
        if item.record is None:
            self.notify(f"{item.citation} is {item.missing}", severity="warning")
            return
        self.app.open_document(item.mark.doc_id, item.mark.paragraph)

    def action_next_tag(self) -> None:
        tags = sorted({t for i in self.items for t in i.mark.tags}, key=str.lower)
        if not tags:
            return
        self.tag = None if self.tag == tags[-1] else tags[tags.index(self.tag) + 1 if self.tag in tags else 0]
        self._show(self.items)

    def action_edit(self) -> None:
        item = self.current
        if item is not None:
            self.app.ask_mark(item.mark.doc_id, item.mark.paragraph)

    def action_unmark(self) -> None:
        item = self.current
        if item is not None:
            self.app.save_mark(item.mark.doc_id, item.mark.paragraph, "remove", "", "")

    def marks_saved(self) -> None:
        self.load()

    def action_close(self) -> None:
        self.app.pop_screen()

"""Two views the reader opens over a document: its versions with what changed (``v``), and the
documents like it (``m``).  What they show comes from search/ (search/history.py,
search/similar.py through the Library); these screens only lay it out."""

from __future__ import annotations

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Static

from corpus.records import Record
from search.history import VersionDiff, version_diff
from search.presentation import display_title, iso_date, version_label
from tui.widgets.document import DocLink


def change_content(change) -> Content:  # noqa: ANN001 - search.history.Change
    """One change: context dim, removed words struck through in red, added words green."""
    parts: list = [(f"…{change.before} ", "dim")]
    if change.removed:
        parts.append((change.removed, "strike $text-error"))
        parts.append(" ")
    if change.added:
        parts.append((change.added, "bold $text-success"))
        parts.append(" ")
    parts.append((f"{change.after}…", "dim"))
    if change.redaction:
        parts.append((f"  {change.redaction.upper()}", "bold reverse $text-warning"))
    return Content.assemble(*parts)


class DiffScreen(Screen):
    """The versions of a document and the changes from the oldest to the newest, word by word."""

    BINDINGS = [Binding("escape,v", "close", "Back", key_display="Esc", tooltip="back to the document")]

    def __init__(self, record: Record) -> None:
        super().__init__()
        self.record = record
        self.diff: VersionDiff = version_diff(record)

    def compose(self) -> ComposeResult:
        d = self.diff
        last = len(d.versions)
        lines: list = [Content.styled(f"{d.id}: {last} version{'s' if last != 1 else ''}", "bold")]
        lines += [Static(version_label(i, v, i == last), classes="version") for i, v in enumerate(d.versions, 1)]
        if last == 1:
            lines.append(Static(Content.styled("one text in every release ingested: nothing changed", "italic")))
        else:
            n = len(d.changes)
            redacted = f", {d.redactions} redacted" if d.redactions else ""
            lines.append(Static(f"version {d.old_number} → {d.new_number}: {n} change{'s' if n != 1 else ''}{redacted}"))
            lines += [Static(change_content(c), classes="change") for c in d.changes]
        yield VerticalScroll(*[w if isinstance(w, Static) else Static(w) for w in lines], id="diff")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.sub_title = f"{self.record.id} versions"

    def action_close(self) -> None:
        self.app.pop_screen()


class SimilarScreen(Screen):
    """The documents most like one document; Enter opens one in the reader."""

    BINDINGS = [Binding("escape", "close", "Back", key_display="Esc", tooltip="back to the document")]

    def __init__(self, record: Record) -> None:
        super().__init__()
        self.record = record
        self.found: list | None = None

    def compose(self) -> ComposeResult:
        yield VerticalScroll(Static(f"like {self.record.id}  {display_title(self.record)}", classes="heading"),
                             Static(Content.styled("looking…", "dim"), id="similar-status"), id="similar")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.sub_title = f"like {self.record.id}"
        self.look()

    @work(thread=True, exclusive=True, group="similar")
    def look(self) -> None:
        try:
            _, rows = self.app.library.similar(self.record.id, 10)
        except Exception as error:  # noqa: BLE001 — say it, don't crash
            self.app.call_from_thread(self.notify, f"cannot find documents like {self.record.id}: {error}",
                                      severity="error")
            return
        self.app.call_from_thread(self._show, rows)

    async def _show(self, rows: list) -> None:
        self.found = rows
        status = self.query_one("#similar-status", Static)
        status.update("nothing alike in the index" if not rows else f"{len(rows)} most alike, most alike first")
        links = [DocLink(r.id, f"{(iso_date(r.record) or '')[:10]}  {display_title(r.record)}", True) for r in rows]
        await self.query_one("#similar", VerticalScroll).mount_all(links)
        if links:
            links[0].focus()

    def on_doc_link_open(self, message: DocLink.Open) -> None:
        message.stop()
        self.dismiss(message.target)

    def action_close(self) -> None:
        self.dismiss(None)

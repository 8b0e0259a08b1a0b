"""The terminal UI: `run_app(index_dir)` opens it (bare `cables`, or `cables tui --index DIR`).

Data comes only through search.library.Library; every library call runs in a worker thread,
so the screen never freezes (the Library serialises its callers itself: no lock to take here).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual import work
from textual.app import App
from textual.binding import Binding

from corpus.errors import CablesError
from tui import clipboard
from tui.screens.dialogs import ChoiceScreen, ExportScreen, PromptScreen
from tui.screens.firstrun import FirstRunScreen
from tui.screens.help import HelpScreen
from tui.screens.palette import CablesCommands
from tui.screens.reader import Location, ReaderScreen
from tui.screens.search import SearchScreen

EXPORT_LIMIT = 1000  # results exported at most (a whole archive in one Markdown file helps nobody)


class CablesApp(App):
    TITLE = "cables"
    CSS_PATH = "app.tcss"
    COMMANDS = App.COMMANDS | {CablesCommands}
    BINDINGS = [
        Binding("question_mark,f1", "help", "Help", key_display="?", tooltip="this help"),
        Binding("g", "goto", "Go to", tooltip="go to a citation: 07 LIMA 2313 ¶7, 09LIMA1661, a URL… "
                "(Ctrl+G from the search box too)"),
        # "g" types into the search box while it has focus; Ctrl+G opens go-to from anywhere.
        Binding("ctrl+g", "goto", "Go to", show=False, priority=True, key_display="Ctrl+G"),
        Binding("e", "export", "Export", tooltip="export the results or the open document"),
    ]

    def __init__(self, index_dir: Path | None = None, *, library: Any = None) -> None:
        super().__init__()
        self.index_dir = index_dir
        self.library = library

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # Before an index is open there is nothing to go to or export: hide those keys.
        if action in ("goto", "export") and self.library is None:
            return False
        return True

    def on_mount(self) -> None:
        if self.library is not None:
            self.push_screen(SearchScreen())
            return
        self.index_dir = self._resolve(self.index_dir)
        from index.engines import IndexNotFound
        try:
            self.library = self._open_library()
        except IndexNotFound:
            self.push_screen(FirstRunScreen(self.index_dir))
            return
        except CablesError as error:  # e.g. an index another version wrote: say it, offer to rebuild
            self.push_screen(FirstRunScreen(self.index_dir, reason=f"({error})"))
            return
        except Exception as error:  # noqa: BLE001 — e.g. an unreadable index: offer to rebuild
            self.push_screen(FirstRunScreen(self.index_dir, reason=f"({type(error).__name__}: {error})"))
            return
        self.push_screen(SearchScreen())

    @staticmethod
    def _resolve(index_dir: Path | str | None) -> Path | str:
        from index.engines import is_solr
        from index.location import resolve_index_dir
        return index_dir if is_solr(index_dir) else resolve_index_dir(index_dir)

    def _open_library(self):
        from search.library import Library
        return Library.open(self.index_dir)

    def index_built(self, summary: str) -> None:
        """Called by the first-run screen once the sample index exists."""
        try:
            self.library = self._open_library()
        except Exception as error:  # noqa: BLE001
            self.notify(f"the index was built but cannot be opened: {error}", severity="error")
            return
        self.refresh_bindings()
        self.switch_screen(SearchScreen())
        self.notify(summary, title="Index ready")

    def on_unmount(self) -> None:
        if self.library is not None and hasattr(self.library, "close"):
            self.library.close()

    # --- documents ---------------------------------------------------------------------------

    def open_document(self, id: str, paragraph: str | None = None, query: str = "") -> None:
        """Open ``id`` at ``paragraph``; the words the search for ``query`` matched are highlighted."""
        search = self._search_screen()
        result = search.result if search is not None else None
        terms = result.terms if result is not None and result.query == query else None
        location = Location(id, paragraph, query, terms)
        if isinstance(self.screen, ReaderScreen):
            self.screen.open(location)
        else:
            self.push_screen(ReaderScreen(location))

    def _current_query(self) -> str:
        search = self._search_screen()
        return search.state.query if search else ""

    def _search_screen(self) -> SearchScreen | None:
        return next((s for s in reversed(self.screen_stack) if isinstance(s, SearchScreen)), None)

    # --- citations -----------------------------------------------------------------------------

    def _cite(self, text: str):  # noqa: ANN202 - search.models.CitationLookup, or None when it failed
        """Look a citation up (in a worker thread); a failure is told, not raised."""
        try:
            return self.library.cite(text)
        except Exception as error:  # noqa: BLE001 — the UI must never die of a look-up
            self.call_from_thread(self.notify, f"cannot cite {text}: {error}", severity="error")
            return None

    @work(thread=True, group="cite")
    def copy_citation(self, id: str, paragraph: str | None) -> None:
        text = f"{id} ¶{paragraph}" if paragraph else id
        lookup = self._cite(text)
        if lookup is not None and lookup.found is None:
            self.call_from_thread(self.notify, lookup.message or f"cannot cite {text}", severity="error")
        elif lookup is not None:
            self.call_from_thread(clipboard.copy, self, lookup.found.citation)

    def action_goto(self) -> None:
        if self.library is None:
            return
        self.push_screen(
            PromptScreen("Go to citation", placeholder="07 LIMA 2313 ¶7", hint="any form: 09LIMA1661, LIMA 1661, "
                         "a WikiLeaks URL, UNGDC-PER-2003 12 …   Esc cancels"),
            self.goto,
        )

    @work(thread=True, group="cite")
    def goto(self, text: str | None) -> None:
        lookup = self._cite(text) if text else None
        if lookup is None:
            return
        if lookup.found is not None:
            found = lookup.found
            self.call_from_thread(self.open_document, found.id, found.paragraph, self._current_query())
        elif lookup.candidates:
            self.call_from_thread(
                self.push_screen,
                ChoiceScreen(f"{text} is ambiguous — which one?", lookup.candidates),
                lambda choice: choice and self.open_document(choice, None, self._current_query()),
            )
        else:
            self.call_from_thread(self.notify, lookup.message or f"nothing found for {text}", severity="error")

    # --- export, help ----------------------------------------------------------------------------

    def action_export(self) -> None:
        from tui import export

        if isinstance(self.screen, ReaderScreen) and self.screen.record is not None:
            subject: Any = self.screen.record
            what = f"document {subject.id}"
        else:
            search = self._search_screen()
            if search is None or search.result is None:
                self.notify("Nothing to export yet", severity="warning")
                return
            if not search.result.total:
                self.notify("Nothing to export: no document matches", severity="warning")
                return
            subject = search.result
            what = f"{subject.total} results" if subject.total <= EXPORT_LIMIT else f"the first {EXPORT_LIMIT} results"
        names = {fmt: export.default_filename(subject, fmt) for fmt in export.FORMATS}
        self.push_screen(ExportScreen(what, names), lambda answer: answer and self.export(subject, *answer))

    @work(thread=True, group="export")
    def export(self, subject: Any, fmt: str, path: str) -> None:
        from search.models import SearchResult
        from tui import export

        filters = citations = None
        try:
            if isinstance(subject, SearchResult):
                search = self._search_screen()
                filters = search.state.filters if search else None
                sort = search.state.sort if search else "relevance"
                # every hit, not just the page on screen
                subject = self.library.search(subject.query, filters=filters or None, sort=sort, page=1,
                                              page_size=max(1, min(subject.total, EXPORT_LIMIT)))
                citations = self.library.hit_citations(subject.hits) if fmt != "json" else None
            written = export.write_export(export.render(subject, fmt, filters, citations), path)
        except Exception as error:  # noqa: BLE001
            self.call_from_thread(self.notify, f"export failed: {error}", severity="error")
            return
        self.call_from_thread(self.notify, str(written), title="Exported")

    @work(thread=True, group="reload")
    def action_reload(self) -> None:
        """Reopen the index after another process (`cables ingest`) committed to it."""
        if self.library is None:
            return
        self.library.refresh()
        search = self._search_screen()
        if search is not None:
            self.call_from_thread(search.start_search)
        self.call_from_thread(self.notify, "index reloaded")

    def action_help(self) -> None:
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())


def run_app(index_dir: Path | str | None) -> None:
    """Open the terminal UI on the index at ``index_dir`` (None: the default location) or on the
    Solr collection a solr:// URL names."""
    CablesApp(index_dir).run()

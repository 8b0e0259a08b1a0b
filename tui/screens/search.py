"""The main screen: query box, facet panel, result list, status line."""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Footer, Input, OptionList, Static
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from corpus.errors import CablesError
from search.models import SearchResult
from search.typed import TypedFilter, without
from tui.widgets.chips import FilterChips
from tui.widgets.facets import FacetPanel
from tui.widgets.results import ResultList

# Keys closer together than this are one burst, searched once at its end.
DEBOUNCE_SECONDS = 0.05
# A search still running after this long says "searching…" (a quicker one just replaces the results:
# no flicker, and no screen update competing with the search for the interpreter).
SEARCHING_AFTER_SECONDS = 0.2
PAGE_SIZE = 20  # what a screen shows; a larger page costs the search layer more (snippets per hit)
SORTS = ("relevance", "newest", "oldest")


@dataclass
class SearchState:
    query: str = ""
    filters: dict[str, list[str]] = field(default_factory=dict)
    sort: str = "relevance"
    page: int = 1

    def toggle(self, facet: str, value: str) -> None:
        values = self.filters.setdefault(facet, [])
        if value in values:
            values.remove(value)
        else:
            values.append(value)
        if not values:
            del self.filters[facet]

    def snapshot(self) -> SearchState:
        return SearchState(self.query, {k: list(v) for k, v in self.filters.items()}, self.sort, self.page)


class SearchScreen(Screen):
    BINDINGS = [
        Binding("slash", "focus_query", "Search", key_display="/",
                tooltip="focus the search box (results update as you type)"),
        Binding("escape,down", "to_results", "Results", show=False, key_display="Esc",
                tooltip="from the search box to the results"),
        Binding("f", "focus_facets", "Facets", tooltip="focus the facets; Enter or Space toggles a value"),
        Binding("s", "cycle_sort", "Sort", tooltip="sort: relevance → newest → oldest"),
        Binding("x", "clear_filters", "Clear", tooltip="clear all filters (Enter on a chip removes one)"),
        Binding("left_square_bracket", "page(-1)", "Prev page", show=False, key_display="[",
                tooltip="previous page of results"),
        Binding("right_square_bracket", "page(1)", "Next page", show=False, key_display="]",
                tooltip="next page of results"),
        Binding("c", "copy_citation", "Cite", tooltip="copy the citation of the highlighted hit"),
    ]

    class Searched(Message):
        """A search finished in the worker thread (or failed with ``error``)."""

        def __init__(self, generation: int, state: SearchState, result: SearchResult | None, error: str = "") -> None:
            super().__init__()
            self.generation = generation
            self.state = state
            self.result = result
            self.error = error

    def __init__(self) -> None:
        super().__init__()
        self.state = SearchState()
        self.result: SearchResult | None = None
        self.generation = 0  # bumped per search: a late answer to an older query is dropped
        self.shown_generation = 0
        self._debounce: Timer | None = None
        self._searching: Timer | None = None
        self._last_change = 0.0

    def compose(self) -> ComposeResult:
        yield Input(placeholder="Search cables: words, \"phrases\", country:PE, from:2009 …  (F1 help)", id="query")
        yield FilterChips(id="chips")
        with Horizontal(id="body"):  # until the first answer: what is being done, not empty boxes
            yield FacetPanel(Option(Content.styled("counting…", "italic $text-muted"), disabled=True), id="facets")
            yield ResultList(Option(Content.styled("searching…", "italic $text-muted"), disabled=True), id="results")
        yield Static("", id="status")
        yield Footer(compact=True)  # compact: every key fits in 80 columns

    def on_mount(self) -> None:
        self.query_one("#chips", FilterChips).display = False
        self.query_one("#facets").border_title = "Facets"
        self.query_one("#results").border_title = "Results"
        self.query_one("#query", Input).focus()
        self.start_search()

    # --- searching ---------------------------------------------------------------------------

    @on(Input.Changed, "#query")
    def _query_changed(self, event: Input.Changed) -> None:
        self.state.query = event.value
        self.state.page = 1
        if self._debounce is not None:
            self._debounce.stop()
        now = time.monotonic()
        paused = now - self._last_change >= DEBOUNCE_SECONDS
        self._last_change = now
        if paused and self.generation == self.shown_generation:
            # The first key after a pause searches at once; keys that come in a burst, or while
            # a search is still running, wait for the burst to end.
            self.start_search()
        else:
            self._debounce = self.set_timer(DEBOUNCE_SECONDS, self.start_search)

    @on(Input.Submitted, "#query")
    def _query_submitted(self, event: Input.Submitted) -> None:
        if self._debounce is not None:
            self._debounce.stop()
        if self.generation != self.shown_generation or self.result is None or self.result.query != event.value:
            self.start_search()
        self.query_one("#results").focus()

    def start_search(self) -> None:
        self.generation += 1
        if self._searching is not None:
            self._searching.stop()
        if self.result is None:
            self._say_searching()
        else:
            self._searching = self.set_timer(SEARCHING_AFTER_SECONDS, self._say_searching)
        self.run_search(self.generation, self.state.snapshot())

    def _say_searching(self) -> None:
        if self.generation != self.shown_generation:
            self.set_status(Content.styled("searching…", "dim"))

    @work(thread=True, exclusive=True, group="search")
    def run_search(self, generation: int, state: SearchState) -> None:
        worker = get_current_worker()
        if worker.is_cancelled:
            return
        try:
            result = self.app.library.search(state.query, filters=state.filters or None, sort=state.sort,
                                             page=state.page, page_size=PAGE_SIZE)
        except CablesError as error:  # QueryError and the like: said in words
            self.post_message(self.Searched(generation, state, None, str(error)))
            return
        except Exception as error:  # noqa: BLE001 — the screen must never die of a search
            self.post_message(self.Searched(generation, state, None, f"search failed: {error}"))
            return
        if not worker.is_cancelled:
            self.post_message(self.Searched(generation, state, result))

    async def on_search_screen_searched(self, message: Searched) -> None:
        if message.generation != self.generation:
            return
        self.shown_generation = message.generation
        if message.result is None:
            self.set_status(Content.styled(message.error, "bold $text-error"))
            return
        self.result = message.result
        result = message.result
        self.query_one(ResultList).show(result.hits)
        # Values chosen in the panel and those a filter typed in the query stands for are ticked alike.
        ticked = {k: list(v) for k, v in message.state.filters.items()}
        for typed in result.typed:
            ticked[typed.facet] = list(dict.fromkeys(ticked.get(typed.facet, []) + typed.values))
        self.query_one(FacetPanel).show(result.facets, ticked)
        await self.query_one(FilterChips).show(message.state.filters, result.typed)
        self._describe(result)

    def _describe(self, result: SearchResult) -> None:
        first = (result.page - 1) * result.page_size + 1 if result.total else 0
        last = min(result.total, result.page * result.page_size)
        noun = "hit" if result.total == 1 else "hits"
        self.query_one("#results").border_title = f"Results — {result.total} {noun}"
        self.query_one("#results").border_subtitle = f"{first}–{last} · sort: {self.state.sort}"
        parts: list[Content | str] = [Content.styled(f"{result.total} {noun}", "bold")]
        if result.total > result.page_size:
            parts.append(f" · showing {first}–{last} ([ ] pages)")
        parts.append(f" · sorted by {self.state.sort}")
        if result.suggestion:
            parts += [" · did you mean ", Content.styled(result.suggestion, "bold $text-accent"), "?"]
        elif not result.total:
            parts.append(" · fewer words or filters (x clears them) may help" if self.state.filters
                         else " · try fewer or other words")
        self.set_status(Content.assemble(*parts))

    def set_status(self, content: Content | str) -> None:
        self.query_one("#status", Static).update(content, layout=False)  # one line, always: no new layout

    # --- filters and sorting -----------------------------------------------------------------

    def on_facet_panel_toggled(self, message: FacetPanel.Toggled) -> None:
        self.toggle_filter(message.facet, message.value)

    def on_filter_chips_removed(self, message: FilterChips.Removed) -> None:
        if message.typed is not None:
            self.remove_typed([message.typed])
        else:
            self.toggle_filter(message.facet, message.value)
        self.query_one(FacetPanel).focus()

    def remove_typed(self, typed: list[TypedFilter]) -> None:
        """Take filters typed in the query out of the search box (the search follows the edit)."""
        if self.result is None or self.result.query != self.state.query:
            return  # typed since that result: its positions no longer hold
        self.query_one("#query", Input).value = without(self.state.query, *typed)

    def toggle_filter(self, facet: str, value: str) -> None:
        typed = [t for t in (self.result.typed if self.result else []) if t.facet == facet and value in t.values]
        if typed and value not in self.state.filters.get(facet, []):
            self.remove_typed(typed)  # ticked by "country:PE" in the query: unticking takes it out
            return
        self.state.toggle(facet, value)
        self.state.page = 1
        self.start_search()

    def action_clear_filters(self) -> None:
        if self.state.filters:
            self.state.filters.clear()
            self.state.page = 1
            self.start_search()

    def action_cycle_sort(self) -> None:
        self.set_sort(SORTS[(SORTS.index(self.state.sort) + 1) % len(SORTS)])

    def set_sort(self, sort: str) -> None:
        self.state.sort = sort
        self.state.page = 1
        self.start_search()

    def action_page(self, step: int) -> None:
        if self.result is None:
            return
        pages = max(1, -(-self.result.total // PAGE_SIZE))
        page = min(pages, max(1, self.state.page + step))
        if page != self.state.page:
            self.state.page = page
            self.start_search()

    # --- navigation ----------------------------------------------------------------------------

    def action_focus_query(self) -> None:
        self.query_one("#query", Input).focus()

    def action_focus_facets(self) -> None:
        self.query_one(FacetPanel).focus()

    def action_to_results(self) -> None:
        # Escape or Down leaves the query box for the results without a mouse (the result list
        # and the facets take Down themselves when they have the focus).
        self.query_one("#results").focus()

    @on(OptionList.OptionSelected, "#results")
    def _open_hit(self, event: OptionList.OptionSelected) -> None:
        hit = self.query_one(ResultList).current
        if hit is None:
            return
        best = hit.paragraphs[0].number if hit.paragraphs else None
        self.app.open_document(hit.id, paragraph=best, query=self.state.query)

    def action_copy_citation(self) -> None:
        hit = self.query_one(ResultList).current
        if hit is None:
            self.notify("No result to cite", severity="warning")
            return
        best = hit.paragraphs[0].number if hit.paragraphs else None
        self.app.copy_citation(hit.id, best)

"""Command palette entries (Ctrl+P): go to, saved searches (open, mark seen, save), filters, sort, export, help."""

from __future__ import annotations

from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider

from tui.screens.search import SORTS, SearchScreen


class CablesCommands(Provider):
    def _commands(self) -> list[tuple[str, object, str]]:
        app = self.app
        commands: list[tuple[str, object, str]] = [
            ("Go to citation…", app.action_goto, "open a cable or document at a paragraph"),
            ("Export…", app.action_export, "results or the open document: Markdown, citations, JSON"),
            ("Marked: your marks", app.action_marked, "what you marked, by tag; e exports a briefing or BibTeX"),
            ("Help: keys", app.action_help, "every key of every screen"),
            ("Reload the index", app.action_reload, "see documents another `cables ingest` just added"),
        ]
        screen = self._search_screen()
        for count in app.watch_counts:  # saved searches: open one, mark one seen
            name = count.search.name
            commands.append((f"Saved search: {name} ({count.new} new)",
                             partial(self._open_watch, count), f"run it; new since {count.search.seen_label}"))
            if count.new:
                commands.append((f"Mark saved search seen: {name} ({count.new} new)",
                                 partial(app.count_watches, seen=name), "its new count goes back to 0"))
        if screen is not None and app.watches() is not None:
            commands.append(("Save this search…", app.action_save_search,
                             "name it; later ingests show what is new in it"))
        if screen is not None:
            for sort in SORTS:
                commands.append((f"Sort by {sort}", partial(screen.set_sort, sort), "order of the results"))
            commands.append(("Clear all filters", screen.action_clear_filters, "remove every active filter"))
            result = screen.result
            active = screen.state.filters
            for facet, counts in (result.facets if result else {}).items():
                for value, count in counts.items():
                    verb = "Remove filter" if value in active.get(facet, []) else "Filter"
                    commands.append((f"{verb} {facet}: {value} ({count})",
                                     partial(screen.toggle_filter, facet, value), "narrow the results"))
        return commands

    def _open_watch(self, count) -> None:  # noqa: ANN001 - search.watches.WatchCount
        screen = self._search_screen()
        if screen is None:
            return
        while self.app.screen is not screen:
            self.app.pop_screen()
        screen.open_watch(count)

    def _search_screen(self) -> SearchScreen | None:
        for screen in reversed(self.app.screen_stack):
            if isinstance(screen, SearchScreen):
                return screen
        return None

    async def discover(self) -> Hits:
        for name, callback, help_text in self._commands()[:8]:
            yield DiscoveryHit(name, callback, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, callback, help_text in self._commands():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name), callback, text=name, help=help_text)

"""Saved searches ("watches"): a named query and filters, and what is new in it since last seen.

    watches = Watches(UserData.beside(index_dir), lib)
    watches.add("humala", "humala", {"country": ["Peru"]})   # what it holds now counts as seen
    # ... `cables ingest` of a new release ...
    [(c.search.name, c.total, c.new) for c in watches.counts()]   # [("humala", 57, 12)]
    lib.search("humala", filters=..., within=watches.count(watches.get("humala")).new_ids)
    watches.mark_seen("humala")                                # new -> 0

"New" is decided by the version of each hit, not by its date: a hit is new when the store holds
no seen version of it for that saved search, or holds another one.  A version is the pair
(canonical id, content hash): the sha256 of the bytes the document was read from, which both
engines keep per document and which the ingest itself uses to tell new, updated and unchanged
documents apart.  So a 1975 cable ingested today is new; a newer release of a cable (other
bytes) is new again; and an index rebuilt from the same files (same ids, same hashes) brings
nothing new, whatever order or engine it was rebuilt in.  An ingest sequence number per
document would have needed a new field in both engines (and a re-ingest of every existing
index), and a rebuilt index restarts its sequence, so it would have made everything new or
nothing.  The price: one row per hit and saved search in the store (``saved_search_seen``),
written when the search is saved and each time it is marked seen.

After an ingest, :meth:`Watches.after_ingest` says per saved search how many of its unseen hits
that ingest wrote (``saved search 'humala': 12 new``).

The store is the user's SQLite file beside the index (search/userdata.py, migration 2), shared
with the marks.  Errors are one line: an unknown name, a name taken, a query that does not parse.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Collection
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from corpus.errors import EXIT_USAGE, CablesError
from search.userdata import UserData, _now

if TYPE_CHECKING:
    from search.library import Library


class UnknownSavedSearch(CablesError):
    def __init__(self, name: str, known: list[str]) -> None:
        have = f" (saved: {', '.join(known)})" if known else " (none saved yet: cables watch add NAME QUERY)"
        super().__init__(f"no saved search named {name!r}{have}", EXIT_USAGE)


@dataclass
class SavedSearch:
    name: str
    query: str
    filters: dict[str, list[str]] = field(default_factory=dict)
    created: str = ""  # ISO UTC
    seen: str = ""  # ISO UTC: when its hits were last marked seen

    @property
    def seen_label(self) -> str:
        """When it was last seen, for "new since …": ``2026-12-03 18:40`` (UTC)."""
        return self.seen[:16].replace("T", " ")


@dataclass
class WatchCount:
    search: SavedSearch
    total: int  # hits now
    new_ids: list[str]  # hits whose version was not seen

    @property
    def new(self) -> int:
        return len(self.new_ids)


class Watches:
    """The saved searches of one store, counted against one library (either engine)."""

    def __init__(self, store: UserData, lib: Library) -> None:
        self.store = store
        self.lib = lib
        self._hashes: dict[str, str] | None = None  # id -> content hash, fetched once per Watches

    # --- the list ---------------------------------------------------------------------------

    def all(self) -> list[SavedSearch]:
        with self.store.reading() as db:
            rows = db.execute("SELECT name, query, filters, created, seen FROM saved_searches"
                              " ORDER BY name COLLATE NOCASE").fetchall() if db else []
        return [SavedSearch(n, q, json.loads(f), c, s) for n, q, f, c, s in rows]

    def get(self, name: str) -> SavedSearch:
        found = {s.name: s for s in self.all()}
        if name not in found:
            raise UnknownSavedSearch(name, list(found))
        return found[name]

    def add(self, name: str, query: str, filters: dict[str, list[str]] | None = None) -> WatchCount:
        """Save a search; what it finds now counts as seen.  QueryError if the query does not parse."""
        name = name.strip()
        if not name:
            raise CablesError("a saved search needs a name", EXIT_USAGE)
        if not query.strip() and not filters:
            raise CablesError("a saved search needs a query or a filter", EXIT_USAGE)
        if name in {s.name for s in self.all()}:
            raise CablesError(f"a search named {name!r} is already saved (cables watch rm {name} first)", EXIT_USAGE)
        search = SavedSearch(name, query, dict(filters or {}), _now(), "")
        versions = self._versions(search)  # runs the query: a malformed one stops here
        search.seen = search.created
        with self.store.writing() as db:
            db.execute("INSERT INTO saved_searches(name, query, filters, created, seen) VALUES (?, ?, ?, ?, ?)",
                       (name, query, json.dumps(search.filters, ensure_ascii=False), search.created, search.seen))
            _write_seen(db, name, versions)
        return WatchCount(search, len(versions), [])

    def remove(self, name: str) -> SavedSearch:
        search = self.get(name)
        with self.store.writing() as db:
            db.execute("DELETE FROM saved_searches WHERE name = ?", (name,))
        return search

    # --- new since seen --------------------------------------------------------------------

    def count(self, search: SavedSearch) -> WatchCount:
        versions = self._versions(search)
        seen = self._seen(search.name)
        return WatchCount(search, len(versions), [i for i, h in versions.items() if seen.get(i) != h])

    def counts(self) -> list[WatchCount]:
        return [self.count(s) for s in self.all()]

    def mark_seen(self, name: str) -> WatchCount:
        """Every hit it has now counts as seen; the count of those that were new."""
        search = self.get(name)
        before = self.count(search)
        search.seen = _now()
        with self.store.writing() as db:
            db.execute("UPDATE saved_searches SET seen = ? WHERE name = ?", (search.seen, name))
            db.execute("DELETE FROM saved_search_seen WHERE search = ?", (name,))
            _write_seen(db, name, self._versions(search))
        return before

    def after_ingest(self, written: Collection[str]) -> list[tuple[WatchCount, int]]:
        """(count, how many of its new hits this ingest wrote) of each saved search it brought some to."""
        self._hashes = None  # the index has changed
        self.lib.refresh()
        out = []
        for search in self.all():
            count = self.count(search)
            brought = sum(1 for i in count.new_ids if i in written)
            if brought:
                out.append((count, brought))
        return out

    # --- the index and the store ---------------------------------------------------------------

    def _versions(self, search: SavedSearch) -> dict[str, str]:
        """id -> content hash of every hit of ``search`` now."""
        ids = self.lib.matching_ids(search.query, filters=search.filters)
        if self._hashes is None:
            self._hashes = self.lib.content_hashes()
        return {i: self._hashes.get(i, "") for i in ids}

    def _seen(self, name: str) -> dict[str, str]:
        with self.store.reading() as db:
            rows = db.execute("SELECT doc_id, content_hash FROM saved_search_seen WHERE search = ?",
                              (name,)).fetchall() if db else []
        return dict(rows)


def _write_seen(db: sqlite3.Connection, name: str, versions: dict[str, str]) -> None:
    db.executemany("INSERT INTO saved_search_seen(search, doc_id, content_hash) VALUES (?, ?, ?)",
                   [(name, i, h) for i, h in versions.items()])

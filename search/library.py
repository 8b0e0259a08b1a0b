"""The facade the CLI and the TUI use: search, read, cite, cross-reference one index.

    lib = Library.open(index_dir)                  # IndexNotFound passes through
    lib = Library.open("solr://127.0.0.1:8983/solr/cables")   # the same, on a SolrCloud collection
    result = lib.search('"security dialogue" country:PE', filters={"year": ["2009"]}, sort="newest")
    lib.cite("07 LIMA 2313 ¶7").found.citation

Thread-safe: the public methods take the library's own lock (callers in worker threads take none).

Whichever engine holds the index (index/engines.py: the Whoosh folder or a Solr collection),
the Library asks it the same things: it parses the query into the engine-neutral tree, the
engine finds the page, the total and the facet counts; snippets, highlighting, "did you mean"
and citations are worked out here, alike for both.

Filters (the facet panel) are ``{key: [values]}``: values OR'ed within a key,
keys AND'ed together and with the query.  Keys: country, year, month,
classification, tag, origin, kind, changed ("yes": the text differs between releases), language,
from, to, and mytag (the user's own tags).

The user's marks live in ``lib.userdata`` (search/userdata.py: the store beside the index, or
the Solr collection's in the user data folder); search/marks.py reads and writes them through
the library.  ``mytag:``/``marked:`` in a query and the "mytag" filter read that store; a search
then also counts the "mytag" facet (documents per tag among the hits) when there are marks.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable, Collection
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from corpus.errors import CablesError
from corpus.records import Record
from index import query_tree as qt
from index.engines import Engine, Row, open_engine
from index.field_names import FACETS
from search import marks, presentation, spelling
from search.models import CitationLookup, Hit, SearchResult
from search.query import QueryError, field_query, parse_query, range_query
from search.similar import similar
from search.snippets import Terms, paragraph_hits, title_snippet
from search.typed import typed_filters
from search.userdata import UserData, UserDataError

if TYPE_CHECKING:
    from search.history import VersionDiff

__all__ = ["Library", "QueryError"]

T = TypeVar("T")
SORTS = ("relevance", "newest", "oldest")
FILTER_KEYS = (*FACETS, "language", "from", "to", marks.MY_TAGS)


def _filter_value(key: str, value: str) -> qt.Node:
    """One filter value: the exact facet value as the panel shows it, or what a user types ("PE", "c")."""
    if key in (marks.MY_TAGS, "changed"):
        return field_query(key, value)
    if key in ("year", "month", "kind", "language"):
        return field_query(key, value) if key in ("kind", "language") else qt.Term(key, value.strip())
    exact: qt.Node = qt.Term(key, value)
    if key == "country":
        exact = qt.Or((exact, qt.Term("origin_country", value)))
    try:
        typed = field_query(key, value)
    except QueryError:
        return exact
    return qt.Or((exact, typed))


def filter_trees(filters: dict[str, list[str]] | None) -> dict[str, qt.Node]:
    """The facet filters as one query tree per key (keys without a value left out)."""
    trees: dict[str, qt.Node] = {}
    for key, values in (filters or {}).items():
        values = [v for v in (values or []) if v is not None and str(v).strip()]
        if not values:
            continue
        if key not in FILTER_KEYS:
            raise QueryError(f"unknown filter {key!r} (filters: {', '.join(FILTER_KEYS)})")
        if key == "from":
            trees[key] = range_query(str(values[0]), None)
        elif key == "to":
            trees[key] = range_query(None, str(values[0]))
        else:
            subs = [_filter_value(key, str(v)) for v in values]
            trees[key] = subs[0] if len(subs) == 1 else qt.Or(tuple(subs))
    return trees


def _terms(engine: Engine, highlight: list[qt.Node]) -> Terms:
    """What the query matched, for snippets and the reader: stems per language, phrases as word tuples."""
    terms = Terms()
    for q in highlight:
        parts = qt.children(q) or (q,)
        if all(isinstance(part, qt.Phrase) for part in parts):
            # A quoted phrase: its words count only together (snippets mark the phrase, not each word).
            for ph in parts:
                assert isinstance(ph, qt.Phrase)
                (terms.phrases_es if ph.field == "body_es" else terms.phrases_en).add(ph.words)
            continue
        for leaf in qt.leaves(q):
            if isinstance(leaf, qt.PATTERNS):
                found = engine.expand(leaf)  # the index's own terms the pattern stands for
            elif isinstance(leaf, qt.Phrase):
                found = [w for w in leaf.words if w]
            elif isinstance(leaf, qt.Term):
                found = [leaf.text] if leaf.text else []
            else:
                continue
            (terms.es if leaf.field == "body_es" else terms.en).update(found)
    return terms


class _Frequencies:
    """Document frequencies for "did you mean" (search.spelling asks ``doc_frequency(field, stem)``),
    fetched from the engine in one request per field for all the candidates of the query's words."""

    def __init__(self, engine: Engine, words: list[str]) -> None:
        self._engine = engine
        stems = spelling.candidate_stems(words)
        self._known = {field: engine.doc_frequencies(field, stems) for field in spelling.FIELDS}

    def doc_frequency(self, field: str, term: str) -> int:
        known = self._known.get(field)
        if known is None:
            known = self._known[field] = {}
        if term not in known:
            known.update({term: 0, **self._engine.doc_frequencies(field, [term])})
        return known.get(term, 0)


def _serialised(method: Callable[..., T]) -> Callable[..., T]:
    """Run the method under the library's lock: callers in several threads (the TUI's workers)
    need not remember one; a Whoosh searcher is not meant to be shared by threads mid-query."""

    @functools.wraps(method)
    def locked(self: Library, *args: Any, **kwargs: Any) -> T:
        with self._lock:
            return method(self, *args, **kwargs)

    return locked


class Library:
    """One open index (either engine), read-only.  Thread-safe: every public method holds the library's lock."""

    def __init__(self, engine: Engine, userdata: UserData | None = None) -> None:
        self.engine = engine
        self._lock = threading.RLock()
        # The user's marks: beside the index folder (Library.open names the store of a Solr collection).
        self.userdata = userdata or UserData.beside(getattr(engine, "path", None) or f"solr://{engine.location}")

    @classmethod
    def open(cls, target: Path | str) -> Library:
        """The index folder ``target`` (IndexNotFound when there is none) or a solr:// collection URL."""
        return cls(open_engine(target), UserData.beside(target))

    # --- searching ----------------------------------------------------------------------------

    @_serialised
    def search(
        self,
        query: str,
        *,
        filters: dict[str, list[str]] | None = None,
        sort: str = "relevance",
        page: int = 1,
        page_size: int = 20,
        within: Collection[str] | None = None,
    ) -> SearchResult:
        """One page of hits for ``query`` (the language in search/query.py), facets over all hits.

        ``sort="relevance"`` is BM25F (title boosted); a query without text words
        (only fields, or empty) has no relevance and lists the newest first.
        ``within``: only these ids (a saved search's new hits, search/watches.py).
        Raises QueryError for a malformed query, an unknown filter key or sort.
        """
        if sort not in SORTS:
            raise QueryError(f"unknown sort {sort!r} (use {', '.join(SORTS)})")
        page = max(1, int(page))
        page_size = max(1, int(page_size))
        with marks.resolving(self.userdata):  # mytag: and marked: read the user's marks
            parsed = parse_query(query)
            trees = filter_trees(filters)
            if within is not None:
                trees["within"] = qt.in_set("id", within)
        found = self.engine.search(
            parsed.query, trees, sort=sort, start=(page - 1) * page_size, size=page_size,
            scored=sort == "relevance" and parsed.has_text, words=[w.word for w in parsed.words],
        )
        try:
            mine = marks.tag_facet(self, parsed.query, trees)
        except UserDataError:  # a damaged store says so where marks are asked for, not on every search
            mine = {}
        if mine:
            found.facets[marks.MY_TAGS] = mine
        terms = _terms(self.engine, parsed.highlight) if parsed.has_text else Terms()
        suggestion = None
        if found.total < spelling.FEW_HITS and parsed.words and within is None:  # few new hits: no misspelling
            suggestion = spelling.suggestion(_Frequencies(self.engine, [w.word for w in parsed.words]), parsed, found.total)
        hits = []
        for row in found.rows:
            record = row.record
            assert record is not None  # a page asked with records
            paras = paragraph_hits(record, terms, markings=parsed.markings)
            hits.append(
                Hit(
                    id=row.id,
                    kind=record.kind,
                    title=presentation.record_title(record),
                    date=presentation.iso_date(record),
                    classification=row.classification,
                    origin=record.origin,
                    countries=list(record.countries),
                    score=row.score,
                    snippet=paras[0].snippet if paras else title_snippet(record, terms),
                    paragraphs=paras,
                )
            )
        return SearchResult(
            query=query, total=found.total, hits=hits, facets=found.facets, suggestion=suggestion,
            ignored=parsed.ignored, page=page, page_size=page_size, terms=terms,
            typed=typed_filters(parsed, found.facets), first=found.first, last=found.last,
        )

    @_serialised
    def matching_ids(self, query: str, *, filters: dict[str, list[str]] | None = None) -> list[str]:
        """The id of every document ``search(query, filters=filters)`` counts in its total (QueryError as search)."""
        return self.engine.matching_ids(parse_query(query).query, filter_trees(filters))

    @_serialised
    def content_hashes(self) -> dict[str, str]:
        """id -> the hash of the bytes each document was read from: a new version has a new one."""
        return self.engine.content_hashes()

    @_serialised
    def suggest(self, word: str) -> list[str]:
        """Words of the index one edit away from ``word`` (a misspelling), most common first."""
        return spelling.corrections(_Frequencies(self.engine, [word]), word)

    # --- reading ------------------------------------------------------------------------------

    @_serialised
    def get(self, id: str) -> Record | None:
        record = self.engine.get(id)
        if record is None:
            from corpus.ids import canonical_id

            cid = canonical_id(id)
            if cid and cid != id:
                record = self.engine.get(cid)
        return record

    @_serialised
    def resolve(self, text: str) -> Record:
        """The record a citation names (an id in any written form, ``08 LONDON 1452``); CablesError if none."""
        record = self.get(text)
        if record is None:
            from search.citation import lookup as cite

            lookup = cite(self.engine, text)
            record = lookup.found.record if lookup.found else None
        if record is None:
            raise CablesError(f"{text} is not in the index")
        return record

    @_serialised
    def diff(self, text: str, start: str | None = None, end: str | None = None) -> VersionDiff:
        """What changed in the cited record between two of its versions (search/history.py)."""
        from search.history import version_diff

        return version_diff(self.resolve(text), start, end)

    @_serialised
    def similar(self, text: str, limit: int = 10) -> tuple[Record, list[Row]]:
        """The cited record and the ``limit`` documents most like it (search/similar.py)."""
        record = self.resolve(text)
        return record, similar(record, self.engine, limit)

    @_serialised
    def cite(self, text: str) -> CitationLookup:
        from search.citation import lookup

        return lookup(self.engine, text)

    @_serialised
    def hit_citations(self, hits: list[Hit]) -> dict[str, str]:
        """id -> the ready-to-paste line of each hit's best paragraph (as ``cite`` gives it)."""
        records = self.engine.get_many(h.id for h in hits)
        return {
            h.id: presentation.citation_line(records[h.id], h.paragraphs[0] if h.paragraphs else None)
            for h in hits if h.id in records
        }

    @_serialised
    def cited_by(self, id: str) -> list[str]:
        """Ids of the documents in the index that reference ``id``, newest first."""
        return self.engine.cited_by(id)

    @_serialised
    def missing_references(self, id: str) -> list[str]:
        """The ids ``id`` references that are not in the index (in the order cited)."""
        record = self.get(id)
        if record is None:
            return []
        wanted: dict[str, None] = {}
        for ref in getattr(record, "references", []) or []:
            for rid in ref.ids:
                wanted.setdefault(rid, None)
        present = self.engine.existing(wanted)
        return [rid for rid in wanted if rid not in present]

    @_serialised
    def stats(self) -> dict[str, Any]:
        return self.engine.stats()

    @_serialised
    def refresh(self) -> None:
        self.engine.refresh()

    @_serialised
    def close(self) -> None:
        self.engine.close()
        self.userdata.close()

    def __enter__(self) -> Library:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

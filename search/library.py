"""The facade the CLI and the TUI use: search, read, cite, cross-reference one index.

    lib = Library.open(index_dir)                  # IndexNotFound passes through
    result = lib.search('"security dialogue" country:PE', filters={"year": ["2009"]}, sort="newest")
    lib.cite("07 LIMA 2313 ¶7").found.citation

Thread-safe: the public methods take the library's own lock (callers in worker threads take none).

Filters (the facet panel) are ``{key: [values]}``: values OR'ed within a key,
keys AND'ed together and with the query.  Keys: country, year, month,
classification, tag, origin, kind, language, from, to.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from whoosh import query as wq

from corpus.records import Record
from index.engine import Index
from index.store import load_record_shared
from search import citation as _citation
from search import presentation, ranking, spelling
from search.models import CitationLookup, Hit, SearchResult
from search.query import QueryError, field_query, parse_query, range_query
from search.snippets import Terms, paragraph_hits, title_snippet
from search.typed import typed_filters

if TYPE_CHECKING:  # numpy and the array path load with the first search, not for `cables cite`
    import numpy as np

    from search.matchset import Evaluator

__all__ = ["Library", "QueryError"]

T = TypeVar("T")
SORTS = ("relevance", "newest", "oldest")
FILTER_KEYS = ("country", "year", "month", "classification", "tag", "origin", "kind", "language", "from", "to")


def _filter_value(key: str, value: str) -> wq.Query:
    """One filter value: the exact facet value as the panel shows it, or what a user types ("PE", "c")."""
    if key in ("year", "month", "kind", "language"):
        return field_query(key, value) if key in ("kind", "language") else wq.Term(key, value.strip())
    exact_field = {"country": "country", "classification": "classification", "tag": "tag", "origin": "origin"}[key]
    exact: wq.Query = wq.Term(exact_field, value)
    if key == "country":
        exact = wq.Or([exact, wq.Term("origin_country", value)])
    try:
        typed = field_query(key, value)
    except QueryError:
        return exact
    return wq.Or([exact, typed])


def filter_query(filters: dict[str, list[str]] | None) -> wq.Query | None:
    """The facet filters as one Whoosh query (None when there are none)."""
    if not filters:
        return None
    parts: list[wq.Query] = []
    for key, values in filters.items():
        values = [v for v in (values or []) if v is not None and str(v).strip()]
        if not values:
            continue
        if key not in FILTER_KEYS:
            raise QueryError(f"unknown filter {key!r} (filters: {', '.join(FILTER_KEYS)})")
        if key == "from":
            parts.append(range_query(str(values[0]), None))
            continue
        if key == "to":
            parts.append(range_query(None, str(values[0])))
            continue
        subs = [_filter_value(key, str(v)) for v in values]
        parts.append(subs[0] if len(subs) == 1 else wq.Or(subs))
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else wq.And(parts)


def _with_filters(q: wq.Query, filters: dict[str, list[str]] | None) -> wq.Query:
    fq = filter_query(filters)
    if fq is None:
        return q
    return fq if isinstance(q, wq.Every) else wq.And([q, fq])


def _filter_masks(evaluator: Evaluator, cols, filters: dict[str, list[str]] | None) -> dict[str, np.ndarray]:
    """key -> mask of the documents passing that filter (kept per index generation: the panel repeats them)."""
    cache = cols.__dict__.setdefault("filter_cache", {})
    masks = {}
    for key, values in (filters or {}).items():
        fq = filter_query({key: values})
        if fq is None:
            continue
        ck = (key, tuple(str(v) for v in values))
        if ck not in cache:
            if len(cache) > 256:
                cache.clear()
            cache[ck] = evaluator.match(fq, scored=False).mask
        masks[key] = cache[ck]
    return masks


def _page(cols, mask: np.ndarray, scores: np.ndarray | None, sort: str, start: int, size: int) -> list[tuple[int, float]]:
    """(docnum, score) of the page: best score first (ties: index order), or by date.

    Only the page is ordered: the first ``start + size`` keys are picked out (every tie of
    the last place included), then sorted.
    """
    import numpy as np

    docs = np.flatnonzero(mask)
    end = start + size
    if scores is not None:
        keys = -scores[docs]
    else:
        dates = cols.date[docs]
        # Newest first: documents without a date (the largest key) lead, as Whoosh's reversed sort has them.
        keys = ~dates if sort != "oldest" else dates
    if len(docs) > end:
        kth = np.partition(keys, end - 1)[end - 1]
        near = keys <= kth
        docs, keys = docs[near], keys[near]
    order = np.lexsort((docs, keys))[start:end]
    return [(int(docs[i]), float(scores[docs[i]]) if scores is not None else 0.0) for i in order]


def _terms(searcher, evaluator: Evaluator, highlight: list[wq.Query]) -> Terms:
    terms = Terms()
    reader = searcher.reader()
    for q in highlight:
        phrases = [q] if isinstance(q, wq.Phrase) else [c for c in getattr(q, "subqueries", ()) if isinstance(c, wq.Phrase)]
        if phrases and len(phrases) == len(getattr(q, "subqueries", [q])):
            # A quoted phrase: its words count only together (snippets mark the phrase, not each word).
            for ph in phrases:
                (terms.phrases_es if ph.fieldname == "body_es" else terms.phrases_en).add(tuple(ph.words))
            continue
        # Leaf by leaf: whoosh's Query.existing_terms reuses its ``fieldname`` argument as a loop
        # variable, so over Or([title, body, body_es]) it skipped every field after one without the
        # word: "concerns" (in no title) highlighted nothing.
        # (A prefix, wildcard or fuzzy word: its terms as the search expanded them, not walked again.)
        for leaf in q.leaves():
            if isinstance(leaf, (wq.Prefix, wq.Wildcard, wq.FuzzyTerm)):
                found = [(leaf.fieldname, w) for w in evaluator.expand(leaf)]
            else:
                found = leaf.existing_terms(reader, phrases=True, expand=True)
            for fieldname, btext in found:
                text = btext.decode("utf-8") if isinstance(btext, bytes) else btext
                (terms.es if fieldname == "body_es" else terms.en).add(text)
    return terms


def _serialised(method: Callable[..., T]) -> Callable[..., T]:
    """Run the method under the library's lock: callers in several threads (the TUI's workers)
    need not remember one; a Whoosh searcher is not meant to be shared by threads mid-query."""

    @functools.wraps(method)
    def locked(self: Library, *args: Any, **kwargs: Any) -> T:
        with self._lock:
            return method(self, *args, **kwargs)

    return locked


class Library:
    """One open index, read-only.  Thread-safe: every public method holds the library's lock."""

    def __init__(self, index: Index) -> None:
        self.index = index
        self._lock = threading.RLock()

    @classmethod
    def open(cls, index_dir: Path) -> Library:
        return cls(Index.open(Path(index_dir)))

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
    ) -> SearchResult:
        """One page of hits for ``query`` (the language in search/query.py), facets over all hits.

        ``sort="relevance"`` is BM25F (title boosted); a query without text words
        (only fields, or empty) has no relevance and lists the newest first.
        Raises QueryError for a malformed query, an unknown filter key or sort.
        """
        if sort not in SORTS:
            raise QueryError(f"unknown sort {sort!r} (use {', '.join(SORTS)})")
        page = max(1, int(page))
        page_size = max(1, int(page_size))
        from index.columns import searcher_columns
        from search import facets as _facets
        from search.matchset import Evaluator

        parsed = parse_query(query)
        relevance = sort == "relevance" and parsed.has_text
        with self.index.searcher() as searcher:
            if not searcher.doc_count_all():  # an ingest killed before its first commit leaves no documents
                return SearchResult(query=query, total=0, hits=[], facets={}, page=page, page_size=page_size)
            cols = searcher_columns(searcher)
            evaluator = Evaluator(searcher, cols)
            matched = evaluator.match(parsed.query, scored=relevance)
            filter_masks = _filter_masks(evaluator, cols, filters)
            mask = matched.mask.copy()
            for m in filter_masks.values():
                mask &= m
            total = int(mask.sum())
            facet_counts = _facets.facet_counts(cols, matched.mask, filter_masks)
            start = (page - 1) * page_size
            if relevance:
                depth = max(start + page_size, ranking.DEPTH)
                if matched.scores is None:
                    # A query part the array path cannot score: Whoosh scores the top (top-k only).
                    results = searcher.search(_with_filters(parsed.query, filters), limit=depth)
                    top = [(results.docnum(i), results.score(i)) for i in range(results.scored_length())]
                else:
                    top = _page(cols, mask, matched.scores, sort, 0, depth)
                # The best ranking.DEPTH re-ordered by where the words stand (side by side, one paragraph).
                top[: ranking.DEPTH] = ranking.rerank(searcher, [w.word for w in parsed.words], top[: ranking.DEPTH])
                page_docs = top[start : start + page_size]
            else:
                page_docs = _page(cols, mask, None, sort, start, page_size)
            rows = []
            records: dict[str, Record] = {}
            for docnum, score in page_docs:
                # By docnum: Index.get_many would look every id up again.  (Not Whoosh's id column:
                # opening a column reader reads the offsets of every document, per search.)
                stored = searcher.stored_fields(docnum)
                rows.append((stored["id"], score, stored.get("classification") or None))
                records[stored["id"]] = load_record_shared(stored["record"])
            terms = _terms(searcher, evaluator, parsed.highlight) if parsed.has_text else Terms()
            suggestion = spelling.suggestion(searcher.reader(), parsed, total)
        hits = []
        for id, score, classification in rows:
            record = records.get(id)
            if record is None:
                continue
            paras = paragraph_hits(record, terms, markings=parsed.markings)
            hits.append(
                Hit(
                    id=id,
                    kind=record.kind,
                    title=presentation.record_title(record),
                    date=presentation.iso_date(record),
                    classification=classification,
                    origin=record.origin,
                    countries=list(record.countries),
                    score=float(score or 0.0),
                    snippet=paras[0].snippet if paras else title_snippet(record, terms),
                    paragraphs=paras,
                )
            )
        return SearchResult(
            query=query, total=total, hits=hits, facets=facet_counts, suggestion=suggestion,
            page=page, page_size=page_size, terms=terms, typed=typed_filters(parsed, facet_counts),
            ignored=parsed.ignored,
        )

    @_serialised
    def suggest(self, word: str) -> list[str]:
        """Words of the index one edit away from ``word`` (a misspelling), most common first."""
        with self.index.searcher() as searcher:
            return spelling.corrections(searcher.reader(), word)

    # --- reading ------------------------------------------------------------------------------

    @_serialised
    def get(self, id: str) -> Record | None:
        record = self.index.get(id)
        if record is None:
            from corpus.ids import canonical_id

            cid = canonical_id(id)
            if cid and cid != id:
                record = self.index.get(cid)
        return record

    @_serialised
    def cite(self, text: str) -> CitationLookup:
        return _citation.lookup(self.index, text)

    @_serialised
    def hit_citations(self, hits: list[Hit]) -> dict[str, str]:
        """id -> the ready-to-paste line of each hit's best paragraph (as ``cite`` gives it)."""
        records = self.index.get_many(h.id for h in hits)
        return {
            h.id: presentation.citation_line(records[h.id], h.paragraphs[0] if h.paragraphs else None)
            for h in hits if h.id in records
        }

    @_serialised
    def cited_by(self, id: str) -> list[str]:
        """Ids of the documents in the index that reference ``id``, newest first."""
        with self.index.searcher() as searcher:
            results = searcher.search(wq.Term("references", id), limit=None, sortedby="date", reverse=True)
            return [r["id"] for r in results]

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
        return [rid for rid in wanted if not self.index.has(rid)]

    @_serialised
    def stats(self) -> dict:
        return self.index.stats()

    @_serialised
    def refresh(self) -> None:
        self.index.refresh()

    @_serialised
    def close(self) -> None:
        self.index.close()

    def __enter__(self) -> Library:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

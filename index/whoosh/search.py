"""The Whoosh engine's side of the engine boundary (index/engines.py): search, cited-by, terms.

:class:`index.whoosh.engine.Index` takes these methods in (``class Index(WhooshSearch)``), so the index in
a folder answers what a Solr collection answers.  The query tree is executed over whole posting
arrays (index/whoosh/matchset.py, numpy): the match set, Whoosh's BM25F scores, the facet counts from
the columnar facet arrays (index/whoosh/columns.py, index/whoosh/facets.py), disjunctive as the module
docstring of index/engines.py says.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from whoosh import query as wq

from index import query_tree as qt
from index.engines import Page, Row
from index.store import load_record_shared

if TYPE_CHECKING:  # numpy and the array path load with the first search, not for `cables cite`
    import numpy as np

    from index.whoosh.columns import Columns
    from index.whoosh.matchset import Evaluator

_FILTER_CACHE = 256  # filter masks kept per index generation (the facet panel repeats them)


class WhooshSearch:
    """Mixed into :class:`index.whoosh.engine.Index` (which provides ``searcher()``, ``path`` and the lock)."""

    @property
    def location(self) -> str:
        return str(self.path)

    def search(self, query: qt.Node, filters: dict[str, qt.Node], *, sort: str, start: int, size: int,
               scored: bool, words: Sequence[str] = (), ids_only: bool = False) -> Page:  # fmt: skip
        """One page of hits for the tree ``query`` under ``filters`` ({key: tree}), facets over all hits.

        ``words``: the query's plain words; the best BM25F hits holding them side by side or in one
        paragraph rank first (index/whoosh/ranking.py).
        """
        from index.whoosh import ranking
        from index.whoosh.columns import searcher_columns, stored_fields, var_bytes
        from index.whoosh.facets import facet_counts
        from index.whoosh.matchset import Evaluator

        with self.searcher() as searcher:
            if not searcher.doc_count_all():  # an ingest killed before its first commit leaves no documents
                return Page(total=0)
            cols = searcher_columns(searcher)
            evaluator = Evaluator(searcher, cols)
            matched = evaluator.match(query, scored=scored)
            masks = _filter_masks(evaluator, cols, filters)
            mask = _narrowed(matched.mask, masks)
            total = int(mask.sum())
            facets = facet_counts(cols, matched.mask, masks)
            depth = max(start + size, ranking.DEPTH) if scored and words else start + size
            if scored and matched.scores is None:
                # A query part the array path cannot score: Whoosh scores the page (top-k only).
                from index.whoosh.query import to_whoosh

                fq = [to_whoosh(q) for q in (query, *filters.values())]
                results = searcher.search(wq.And(fq) if len(fq) > 1 else fq[0], limit=depth)
                page = [(results.docnum(i), results.score(i)) for i in range(results.scored_length())]
            else:
                page = _page(cols, mask, matched.scores if scored else None, sort, 0, depth)
            if scored and words:
                page = ranking.rerank(searcher, list(words), page[: ranking.DEPTH]) + page[ranking.DEPTH :]
            page = page[start : start + size]
            if ids_only:  # the id column: no stored record decompressed (nor Whoosh's offsets loop)
                ids = var_bytes(searcher, "id", [d for d, _ in page])
                return Page(total=total, rows=[Row(ids[d].decode("utf-8"), float(s or 0.0), None) for d, s in page],
                            facets=facets)
            rows = []
            stored_all = stored_fields(searcher, [docnum for docnum, _ in page])  # by docnum, not id again
            for docnum, score in page:
                stored = stored_all[docnum]
                record = load_record_shared(stored["record"])
                rows.append(Row(stored["id"], float(score or 0.0), record, stored.get("classification") or None))
            first, last = _date_span(cols, mask)
        return Page(total=total, rows=rows, facets=facets, first=first, last=last)

    def matching_ids(self, query: qt.Node, filters: dict[str, qt.Node]) -> list[str]:
        """The id of every document matching ``query`` under ``filters`` (index order): what a saved
        search holds now, whatever the page size (search/watches.py)."""
        import numpy as np

        from index.whoosh.columns import searcher_columns
        from index.whoosh.matchset import Evaluator

        with self.searcher() as searcher:
            if not searcher.doc_count_all():
                return []
            cols = searcher_columns(searcher)
            evaluator = Evaluator(searcher, cols)
            mask = _narrowed(evaluator.match(query, scored=False).mask, _filter_masks(evaluator, cols, filters))
            ids = searcher.reader().column_reader("id")
            return [ids[int(d)] for d in np.flatnonzero(mask & cols.live())]

    def cited_by(self, id: str) -> list[str]:
        """Ids of the documents whose ``references`` hold ``id``, newest first."""
        with self.searcher() as searcher:
            results = searcher.search(wq.Term("references", id), limit=None, sortedby="date", reverse=True)
            return [r["id"] for r in results]

    def expand(self, leaf: qt.Pattern) -> list[str]:
        """The index terms a Prefix, Wildcard or Fuzzy leaf stands for, as the search expanded them."""
        from index.whoosh.columns import searcher_columns
        from index.whoosh.matchset import Evaluator

        with self.searcher() as searcher:
            if not searcher.doc_count_all():
                return []
            found = Evaluator(searcher, searcher_columns(searcher)).expand(leaf)
        return [t.decode("utf-8") if isinstance(t, bytes) else t for t in found]

    def doc_frequencies(self, field: str, terms: Iterable[str]) -> dict[str, int]:
        """term -> how many documents hold it in ``field`` (terms in none are left out)."""
        with self.searcher() as searcher:
            reader = searcher.reader()
            counts = {t: reader.doc_frequency(field, t) for t in dict.fromkeys(terms)}
        return {t: n for t, n in counts.items() if n}

    def field_values(self, field: str) -> list[str]:
        """Every value ``field`` holds in the index (a facet field: year, kind …)."""
        with self.searcher() as searcher:
            reader = searcher.reader()
            if field not in reader.indexed_field_names():
                return []
            return [t.decode("utf-8") if isinstance(t, bytes) else t for t in reader.lexicon(field)]

    def id_with(self, field: str, value: str) -> str | None:
        """The id of a document whose ``field`` holds ``value`` (an ``alias``: a former id), or None."""
        with self.searcher() as searcher:
            if field not in searcher.schema:  # an index made before the field existed
                return None
            stored = searcher.document(**{field: value})
        return stored["id"] if stored else None

    def existing(self, ids: Iterable[str]) -> set[str]:
        return {id for id in dict.fromkeys(ids) if self.has(id)}


def _filter_masks(evaluator: Evaluator, cols: Columns, filters: dict[str, qt.Node]) -> dict[str, np.ndarray]:
    """key -> mask of the documents passing that filter (kept per index generation)."""
    cache = cols.__dict__.setdefault("filter_cache", {})
    masks = {}
    for key, tree in filters.items():
        ck = (key, tree)
        if ck not in cache:
            if len(cache) > _FILTER_CACHE:
                cache.clear()
            cache[ck] = evaluator.match(tree, scored=False).mask
        masks[key] = cache[ck]
    return masks


def _narrowed(matched: np.ndarray, masks: dict[str, np.ndarray]) -> np.ndarray:
    """The match mask under every filter mask (a copy)."""
    mask = matched.copy()
    for m in masks.values():
        mask &= m
    return mask


def _date_span(cols: Columns, mask: np.ndarray) -> tuple[str | None, str | None]:
    """The ISO dates ("2006-01-03") of the earliest and the latest dated document in ``mask``."""
    from whoosh.util.times import long_to_datetime

    from index.whoosh.columns import NO_DATE

    dates = cols.date[mask]
    dates = dates[dates != NO_DATE]
    if not len(dates):
        return None, None
    return tuple(long_to_datetime(int(d)).date().isoformat() for d in (dates.min(), dates.max()))


def _page(cols: Columns, mask: np.ndarray, scores: np.ndarray | None, sort: str, start: int,
          size: int) -> list[tuple[int, float]]:  # fmt: skip
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

"""The query tree (index/query_tree.py) evaluated over whole posting arrays (numpy): the match set and BM25F scores.

Whoosh answers a query by stepping matchers document by document in Python (a few
microseconds a document: seconds for 100,000 matches).  Here each term's postings are read
wholesale into arrays (index/whoosh/columns.py ``posting_arrays``) and the query tree is evaluated
with vectorised set operations over a boolean mask of the whole index:

    And -> &, Or -> |, AndNot / Not -> & ~, Every -> the live documents,
    DateRange -> a comparison on the date column, Prefix / Wildcard / fuzzy -> the union of
    their expanded terms, Phrase -> the AND of its words, then positions checked on those only,
    InSet -> the union of its terms (scored as one constant, as a date range).

Scores are Whoosh's own BM25F (index weighting, same idf, average and quantised field
lengths), summed over the clauses as Whoosh's matchers sum them, so the page is the one
``searcher.search(q, limit=k)`` would give.  A query node not listed above is matched by
Whoosh (``docs_for_query`` on index/whoosh/query.py ``to_whoosh``) and makes the scores unavailable
(``scores is None``): the caller
then scores the page with Whoosh.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import numpy as np
from whoosh.scoring import BM25F

from index import query_tree as qt
from index.whoosh.columns import NO_DATE, Columns
from index.whoosh.postings import posting_arrays, posting_positions, segment_masks
from index.whoosh.query import to_whoosh

_TERM_CACHE = 256  # term evaluations kept per index generation (a keystroke repeats most terms)
_POSITIONS_BYTES = 256 * 2**20  # decoded positions kept for phrases


@dataclass
class Match:
    mask: np.ndarray  # bool over global docnums
    scores: np.ndarray | None  # float64 over global docnums (0 where not matched), None if unscored


class Evaluator:
    """Evaluates queries against one searcher (one generation of the index)."""

    def __init__(self, searcher: Any, cols: Columns) -> None:
        self.searcher = searcher
        self.cols = cols
        self.leaves = searcher.reader().leaf_readers()
        self.weighting = searcher.weighting
        self._terms: OrderedDict[tuple, tuple[np.ndarray, np.ndarray]] = getattr(cols, "term_cache", None) or OrderedDict()
        cols.term_cache = self._terms

    def match(self, q: qt.Node, scored: bool = True) -> Match:
        return self._eval(q, scored)

    # --- nodes ----------------------------------------------------------------------------------

    def _eval(self, q: qt.Node, scored: bool) -> Match:
        size = self.cols.size
        if isinstance(q, qt.Nothing):
            return Match(np.zeros(size, bool), np.zeros(size) if scored else None)
        if isinstance(q, qt.Term):
            return self._term(q.field, q.text, q.boost, scored)
        if isinstance(q, qt.AndNot):
            a = self._eval(q.positive, scored)
            b = self._eval(q.negative, False)
            mask = a.mask & ~b.mask
            return Match(mask, _restrict(a.scores, mask))
        if isinstance(q, qt.Not):
            inner = self._eval(q.query, False)
            mask = self.cols.live() & ~inner.mask
            # Whoosh turns a NOT inside an AND into AND-NOT: it adds nothing to the score.
            return Match(mask, np.zeros(self.cols.size) if scored else None)
        if isinstance(q, qt.And):
            return self._combine([self._eval(s, scored) for s in q.parts], np.logical_and, scored)
        if isinstance(q, qt.Or):
            return self._combine([self._eval(s, scored) for s in q.parts], np.logical_or, scored)
        if isinstance(q, qt.Every):
            live = self.cols.live()
            return Match(live.copy(), live * q.boost if scored else None)
        if isinstance(q, qt.DateRange) and q.field == "date":
            return self._date_range(q, scored)
        if isinstance(q, qt.Phrase):
            return self._phrase(q, scored)
        if isinstance(q, qt.PATTERNS):
            return self._multiterm(q, scored)
        if isinstance(q, qt.InSet):
            return self._in_set(q, scored)
        return self._fallback(q)

    def _combine(self, parts: list[Match], op, scored: bool) -> Match:
        if not parts:
            return Match(np.zeros(self.cols.size, bool), np.zeros(self.cols.size) if scored else None)
        mask = parts[0].mask.copy()
        for p in parts[1:]:
            op(mask, p.mask, out=mask)
        if not scored or any(p.scores is None for p in parts):
            return Match(mask, None)
        scores = parts[0].scores.copy()
        for p in parts[1:]:
            scores += p.scores
        return Match(mask, _restrict(scores, mask))

    def _postings(self, field: str, text: Any) -> tuple[np.ndarray, np.ndarray]:
        """(global docnums, raw weights) of one term over every segment, cached."""
        key = (field, text)
        found = self._terms.get(key)
        if found is not None:
            self._terms.move_to_end(key)
            return found
        ids_parts, weight_parts = [], []
        for reader, offset in self.leaves:
            ids, weights = posting_arrays(reader, field, text)
            ids_parts.append(ids + offset)
            weight_parts.append(weights)
        found = (np.concatenate(ids_parts), np.concatenate(weight_parts)) if ids_parts else (
            np.empty(0, np.int32), np.empty(0, np.float32))
        self._terms[key] = found
        if len(self._terms) > _TERM_CACHE:
            self._terms.popitem(last=False)
        return found

    def _term_scores(self, field: str, text: Any, ids: np.ndarray, weights: np.ndarray, boost: float) -> np.ndarray:
        schema = self.searcher.schema
        w = weights.astype(np.float64)
        if field not in schema or not schema[field].scorable or not isinstance(self.weighting, BM25F):
            return w * boost
        s = self.searcher
        bm = self.weighting
        B = bm._field_B.get(field, bm.B)
        K1 = bm.K1
        idf = s.idf(field, text)
        avgfl = s.avg_field_length(field) or 1
        fl = self.cols.lengths(field)[ids]
        return idf * ((w * (K1 + 1)) / (w + K1 * ((1 - B) + B * fl / avgfl))) * boost

    def _term(self, field: str, text: Any, boost: float, scored: bool) -> Match:
        size = self.cols.size
        if field not in self.searcher.schema:
            return Match(np.zeros(size, bool), np.zeros(size) if scored else None)
        ids, weights = self._postings(field, text)
        mask = np.zeros(size, bool)
        mask[ids] = True
        if not scored:
            return Match(mask, None)
        if not isinstance(self.weighting, BM25F):
            return self._fallback(qt.Term(field, text, boost))
        scores = np.zeros(size)
        scores[ids] = self._term_scores(field, text, ids, weights, boost)
        return Match(mask, scores)

    def _date_range(self, q: qt.DateRange, scored: bool) -> Match:
        field = self.searcher.schema["date"]
        date = self.cols.date

        def sortable(value: datetime) -> np.uint64:
            return np.uint64(field.to_column_value(value))  # Whoosh's long ticks, as the column holds them

        mask = date != NO_DATE
        if q.start is not None:
            mask &= date >= sortable(q.start)
        if q.end is not None:
            mask &= date <= sortable(q.end)
        mask &= self.cols.live()
        return Match(mask, mask * q.boost if scored else None)

    def _multiterm(self, q: qt.Pattern, scored: bool) -> Match:
        # As Whoosh matches it: the Or of the expanded terms, each scored (constantscore only
        # tells Whoosh's sub-matchers that scores do not matter, and they score all the same).
        if q.field not in self.searcher.schema:
            return self._combine([], np.logical_or, scored)
        words = self.expand(q)
        match = self._combine([self._term(q.field, w, 1.0, scored) for w in words], np.logical_or, scored)
        if scored and match.scores is not None and len(words) > 1:
            match.scores *= q.boost
        return match

    def expand(self, q: qt.Pattern) -> list[bytes]:
        """The index terms a prefix, wildcard or fuzzy word stands for (cached: a fuzzy word walks the lexicon)."""
        cache = self.cols.__dict__.setdefault("expansions", {})
        key = (type(q).__name__, q.field, q.text, getattr(q, "maxdist", 0), getattr(q, "prefixlength", 0))
        if key not in cache:
            if len(cache) > 256:
                cache.clear()
            cache[key] = [w for w in to_whoosh(q)._btexts(self.searcher.reader()) if w]
        return cache[key]

    def _in_set(self, q: qt.InSet, scored: bool) -> Match:
        # A filter: each document holding one of the values scores one constant (1.0), as a date range.
        mask = self._combine([self._term(q.field, v, 1.0, False) for v in q.values], np.logical_or, False).mask
        mask &= self.cols.live()
        return Match(mask, mask * 1.0 if scored else None)

    def _phrase(self, q: qt.Phrase, scored: bool) -> Match:
        candidates = self._combine([self._term(q.field, w, 1.0, scored) for w in q.words], np.logical_and, scored)
        if len(q.words) > 1 and candidates.mask.any():
            verified = np.zeros(self.cols.size, bool)
            docs = np.flatnonzero(candidates.mask)
            verified[self._phrase_docs(q, docs)] = True
            candidates.mask &= verified
        if not scored or candidates.scores is None:
            return Match(candidates.mask, None)
        return Match(candidates.mask, _restrict(candidates.scores, candidates.mask) * q.boost)

    def _phrase_docs(self, q: qt.Phrase, docs: np.ndarray) -> np.ndarray:
        """The docs (global) among ``docs`` where the phrase's words stand in order, next to each other.

        The words' positions are decoded a posting list at a time (index/whoosh/postings.py) and kept;
        a start position (of the first word, in a candidate) survives word k when word k stands
        at start + k.
        """
        field = self.searcher.schema[q.field]
        found = []
        for reader, offset, wanted in segment_masks(self.leaves, docs):
            starts = None
            for k, word in enumerate(q.words):
                keys = self._positions(reader, offset, q.field, field.to_bytes(word))
                if starts is None:
                    starts = keys[wanted[keys >> 32]]
                else:
                    at = np.minimum(np.searchsorted(keys, starts + k), max(len(keys) - 1, 0))
                    starts = starts[keys[at] == starts + k] if len(keys) else keys
                if not len(starts):
                    break
            if starts is not None and len(starts):
                found.append(np.unique(starts >> 32) + offset)
        return np.concatenate(found) if found else np.empty(0, np.int64)

    def _positions(self, reader: Any, offset: int, field: str, btext: bytes) -> np.ndarray:
        """Every (docnum << 32 | position) of a term in one segment, sorted; cached (phrases repeat words)."""
        cache = self.cols.__dict__.setdefault("positions", OrderedDict())
        key = (offset, field, btext)
        found = cache.get(key)
        if found is None:
            d, p = posting_positions(reader, field, btext)
            found = cache[key] = (d << 32) | p
            while sum(v.nbytes for v in cache.values()) > _POSITIONS_BYTES and len(cache) > 1:
                cache.popitem(last=False)
        else:
            cache.move_to_end(key)
        return found

    def _fallback(self, q: qt.Node) -> Match:
        mask = np.zeros(self.cols.size, bool)
        docs = np.fromiter(self.searcher.docs_for_query(to_whoosh(q)), np.int64)
        mask[docs] = True
        return Match(mask, None)


def _restrict(scores: np.ndarray | None, mask: np.ndarray) -> np.ndarray | None:
    if scores is None:
        return None
    return np.where(mask, scores, 0.0)

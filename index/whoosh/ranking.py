"""Ranking that fits cables: the top of a BM25F ranking re-ordered by where the words stand.

BM25F (title words count double) scores each document by how often and how rarely its
words occur, wherever they are.  A reader who half-remembers a cable remembers words of
one paragraph, often side by side, so among the best BM25F hits:

- a document holding the query's words as they were typed, side by side (the stopwords the
  index drops do not count: ``entry force`` in "entry into force"), gains PHRASE_BOOST;
- one holding all of them in one paragraph (or in its title) gains PARAGRAPH_BOOST; scattered
  words gain nothing.

    score = bm25f × (1 + PHRASE_BOOST·phrase + PARAGRAPH_BOOST·paragraph)

Only the top DEPTH hits are re-ordered, each from the positions the index keeps for its
words and the ``paragraphs`` column (where each paragraph starts): no record is loaded,
and the cost does not grow with the number of hits.  The weights are tuned with
bench/bench_relevance.py (known-item queries on the 6,712 WikiLeaks cables), not by hand.
"""

from __future__ import annotations

from array import array
from bisect import bisect_right

import numpy as np

from index.fields import analyse
from index.whoosh.columns import var_bytes
from index.whoosh.postings import posting_positions, segment_masks

DEPTH = 100
# Tuned with `python bench/bench_relevance.py INDEX --tune --seed 1` (mean MRR@10 over the kinds:
# 0.766 without re-ranking, 0.859 with these; larger weights gain less than 0.001).
PHRASE_BOOST = 1.0
PARAGRAPH_BOOST = 2.0
_FIELD = "body"


def query_terms(words: list[str]) -> list[str]:
    """The body terms of the query's plain words, in the order typed (stopwords already gone)."""
    return [term for word in words for term in analyse(_FIELD, word)]


def rerank(searcher, words: list[str], top: list[tuple[int, float]]) -> list[tuple[int, float]]:
    """``top`` (docnum, BM25F score), best first, re-scored as above and re-sorted."""
    found = features(searcher, words, [d for d, _ in top])
    if not found:
        return top
    out = [(d, score * (1.0 + PHRASE_BOOST * found[d][0] + PARAGRAPH_BOOST * found[d][1])) for d, score in top]
    out.sort(key=lambda item: -item[1])
    return out


def features(searcher, words: list[str], docnums: list[int]) -> dict[int, tuple[float, float]]:
    """(side by side, in one paragraph) of each docnum, each 0.0 or 1.0; {} when the query
    has fewer than two distinct terms (nothing to stand together)."""
    terms = query_terms(words)
    if len(set(terms)) < 2 or not docnums:
        return {}
    ordered = sorted(docnums)
    positions = _positions(searcher.reader(), _FIELD, terms, ordered)
    titles = _positions(searcher.reader(), "title", terms, ordered)
    starts = _paragraph_starts(searcher, ordered)
    out = {}
    for docnum in docnums:
        if all(docnum in titles[t] for t in terms):
            out[docnum] = (_side_by_side([titles[t][docnum] for t in terms]), 1.0)  # the title is a paragraph too
            continue
        where = [positions[t].get(docnum, ()) for t in terms]
        if all(where):
            out[docnum] = (_side_by_side(where), _in_one_paragraph(where, starts.get(docnum)))
        else:
            out[docnum] = (0.0, 0.0)
    return out


def _positions(reader, field: str, terms: list[str], docnums: list[int]) -> dict[str, dict[int, list[int]]]:
    """For each term, its positions in ``field`` of each of ``docnums`` (ascending) that has it.

    Read a segment at a time, decoding only the posting blocks that hold one of ``docnums``."""
    out: dict[str, dict[int, list[int]]] = {term: {} for term in set(terms)}
    for leaf, offset, mask in segment_masks(reader.leaf_readers(), np.array(docnums, np.int64)):
        for term, found in out.items():
            if (field, term) not in leaf:
                continue
            docs, positions = posting_positions(leaf, field, term, mask)
            if not len(docs):
                continue
            bounds = np.flatnonzero(np.diff(docs)) + 1
            for doc, where in zip(docs[np.r_[0, bounds]].tolist(), np.split(positions, bounds)):
                found[doc + offset] = where.tolist()
    return out


def _paragraph_starts(searcher, docnums: list[int]) -> dict[int, array]:
    if "paragraphs" not in searcher.schema:
        return {}  # an index made before the column existed: no paragraph bonus
    out = {}
    for docnum, raw in var_bytes(searcher, "paragraphs", docnums).items():
        if raw:
            out[docnum] = array("I", raw)
    return out


def _side_by_side(where: list[list[int]]) -> float:
    """1.0 when the terms stand one after the other somewhere, in the order typed."""
    run = set(where[0])
    for offset, positions in enumerate(where[1:], start=1):
        run &= {p - offset for p in positions}
        if not run:
            return 0.0
    return 1.0


def _in_one_paragraph(where: list[list[int]], starts: array | None) -> float:
    """1.0 when one paragraph holds every term."""
    if not starts:
        return 0.0
    common = {bisect_right(starts, p) for p in where[0]}
    for positions in where[1:]:
        common &= {bisect_right(starts, p) for p in positions}
        if not common:
            return 0.0
    return 1.0

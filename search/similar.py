"""More like this: the documents most like one document, itself left out (``cables similar``, the reader's ``m``).

The same query on both engines.  The document's title and text are analysed by the index's own
chain (index/fields.py ``analyse``: the terms the index holds for it); each term is weighed by
how often the document uses it and how rare it is in the index (tf·idf, the document frequencies
asked of the engine, which counts the same terms on Whoosh and on Solr); the ``LIKE_TERMS``
heaviest become one OR query, each term boosted by its weight; the engine's best ``POOL`` hits
are then scored again here from their own text with those weights (BM25), so that both engines
give the same list (their own scores differ: Whoosh's BM25F, Solr's BM25).
Solr's MoreLikeThis does the same (interesting terms by tf·idf, then an OR query); building the
query here keeps one rule for both engines: a Solr body field stores no text for MoreLikeThis
to re-read, and Whoosh's ``more_like`` would analyse with its own defaults::

    terms = like_terms(record, engine)        # 08LONDON1452: [("iran", 15.2), ("eu", 12.5), …], heaviest first
    q = like_query(terms)                     # Or((Term("body", "iran", boost=1.0), Term("body", "eu", boost=0.8225), …))
    rows = similar(record, engine, limit=10)  # index.engines.Row, most alike first, never record itself

bench/bench_similar.py measures it: how often a cable citing another cable of the index finds
the cited one in its top 10.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import replace

from corpus.records import Record
from corpus.versions import version_text
from index import query_tree as qt
from index.engines import Engine, Row
from index.fields import analyse

LIKE_TERMS = 25  # terms of the document in the query (Whoosh's more_like takes 25 too)
MIN_DOCS = 2  # a term only this document holds finds nothing else
CANDIDATES = 60  # terms weighed exactly (see like_terms)
POOL = 50  # the engine's hits scored again (see similar)
K1, B = 1.2, 0.75  # BM25's usual constants


def like_terms(record: Record, engine: Engine, count: int = LIKE_TERMS) -> list[tuple[str, float]]:
    """The ``count`` terms that best tell this document apart, heaviest first: ``[(term, weight)]``.

    Two steps.  The engine's document frequencies are quick but count the deleted copies a
    re-ingest leaves until segments merge (which Whoosh and Solr do at different times), so they
    only pick the ``CANDIDATES`` likeliest terms, with the ``CANDIDATES`` the document uses most;
    those are then weighed by the number of live documents holding them, which both engines
    count alike.
    """
    tf = Counter(analyse("body", version_text(record)))
    if not tf:
        return []
    total = max(engine.doc_count(), 1)
    rough = _weights(tf, engine.doc_frequencies("body", list(tf)), total)
    candidates = set(sorted(rough, key=lambda t: (-rough[t], t))[:CANDIDATES])
    candidates |= set(sorted(tf, key=lambda t: (-tf[t], t))[:CANDIDATES])  # the same on any engine
    live = {t: _live_documents(engine, t) for t in candidates}
    weights = _weights({t: tf[t] for t in candidates}, live, total)
    return sorted(weights.items(), key=lambda kv: (-kv[1], kv[0]))[:count]


def _weights(tf: Counter[str] | dict[str, int], df: dict[str, int], total: int) -> dict[str, float]:
    return {t: n * math.log(total / df[t]) for t, n in tf.items() if MIN_DOCS <= df.get(t, 0) < total}


def _live_documents(engine: Engine, term: str) -> int:
    return engine.search(qt.Term("body", term), {}, sort="newest", start=0, size=0, scored=False).total


def like_query(terms: list[tuple[str, float]]) -> qt.Node:
    """The OR query of :func:`like_terms`, each term boosted by its weight over the heaviest's."""
    top = terms[0][1]
    return qt.Or(tuple(qt.Term("body", term, boost=round(weight / top, 4)) for term, weight in terms))


def similar(record: Record, engine: Engine, limit: int = 10) -> list[Row]:
    """The ``limit`` documents most like ``record``, most alike first, ``record`` itself left out.

    The engine's best ``POOL`` hits for the query are scored again here, from their own text and
    the same term weights (BM25's saturation of term counts, lengths relative to the pool), so that
    the order does not depend on the engine's scoring (Whoosh's BM25F and Solr's BM25 differ).
    """
    terms = like_terms(record, engine)
    if not terms or limit < 1:
        return []
    page = engine.search(like_query(terms), {}, sort="relevance", start=0, size=max(POOL, limit + 1), scored=True)
    pool = [row for row in page.rows if row.id != record.id and row.record is not None]
    scores = _pool_scores([r for r in (row.record for row in pool) if r is not None], dict(terms))
    ranked = sorted(zip(pool, scores), key=lambda pair: (-pair[1], pair[0].id))
    return [replace(row, score=round(score, 4)) for row, score in ranked[:limit]]


def _pool_scores(records: list[Record], weights: dict[str, float]) -> list[float]:
    counts = [Counter(analyse("body", version_text(r))) for r in records]
    lengths = [sum(c.values()) for c in counts]
    average = max(1.0, sum(lengths) / max(1, len(lengths)))
    scores = []
    for tf, length in zip(counts, lengths):
        norm = K1 * (1 - B + B * length / average)
        scores.append(sum(w * tf[t] * (K1 + 1) / (tf[t] + norm) for t, w in weights.items() if tf[t]))
    return scores

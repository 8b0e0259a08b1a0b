"""More like this: the documents most like one document, itself left out (``cables similar``, the reader's ``m``).

The same query on both engines.  The document's title and text are analysed by the index's own
chain (index/fields.py ``analyse``: the terms the index holds for it); each term is weighed by
how often the document uses it and how rare it is in the index (tf·idf, the document frequencies
asked of the engine, which counts the same terms on Whoosh and on Solr); the ``LIKE_TERMS``
heaviest become one OR query, each term boosted by its weight, searched like any query (BM25).
Solr's MoreLikeThis does the same (interesting terms by tf·idf, then an OR query); building the
query here keeps one rule for both engines: a Solr body field stores no text for MoreLikeThis
to re-read, and Whoosh's ``more_like`` would analyse with its own defaults::

    q = like_query(record, engine)           # Or([Term("body", "fujimori", boost=…), …]) or None
    rows = similar(record, engine, limit=10)  # index.engines.Row, most alike first, never record itself

bench/bench_similar.py measures it: how often a cable citing another cable of the index finds
the cited one in its top 10.
"""

from __future__ import annotations

import math
from collections import Counter

from whoosh import query as wq

from corpus.records import Record
from index.engines import Engine, Row
from index.fields import analyse
from corpus.versions import version_text

LIKE_TERMS = 25  # terms of the document in the query (Whoosh's more_like takes 25 too)
MIN_DOCS = 2  # a term only this document holds finds nothing else


def like_terms(record: Record, engine: Engine, count: int = LIKE_TERMS) -> list[tuple[str, float]]:
    """The ``count`` terms that best tell this document apart, heaviest first: ``[(term, weight)]``."""
    tf = Counter(analyse("body", version_text(record)))
    if not tf:
        return []
    df = engine.doc_frequencies("body", list(tf))
    total = max(engine.doc_count(), 1)
    weights = {
        term: n * math.log(total / df[term])
        for term, n in tf.items()
        if df.get(term, 0) >= MIN_DOCS and df[term] < total
    }
    return sorted(weights.items(), key=lambda kv: (-kv[1], kv[0]))[:count]


def like_query(record: Record, engine: Engine, count: int = LIKE_TERMS) -> wq.Query | None:
    """The OR query of the record's heaviest terms (each boosted by its weight over the heaviest), or None."""
    terms = like_terms(record, engine, count)
    if not terms:
        return None
    top = terms[0][1]
    return wq.Or([wq.Term("body", term, boost=round(weight / top, 4)) for term, weight in terms])


def similar(record: Record, engine: Engine, limit: int = 10) -> list[Row]:
    """The ``limit`` documents most like ``record``, most alike first, ``record`` itself left out."""
    query = like_query(record, engine)
    if query is None or limit < 1:
        return []
    page = engine.search(query, {}, sort="relevance", start=0, size=limit + 1, scored=True)
    return [row for row in page.rows if row.id != record.id][:limit]

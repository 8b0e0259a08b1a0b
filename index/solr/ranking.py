"""Solr's ranking made to fit cables as the Whoosh engine's does, with Solr's own rerank parser.

The Whoosh engine re-orders its top BM25F hits by where the words stand
(index/whoosh/ranking.py): ``score × (1 + PHRASE_BOOST·phrase + PARAGRAPH_BOOST·paragraph)``,
phrase = the words side by side as typed (in the body or the title), paragraph = all of them in
one paragraph (or in the title).  Here the same re-ordering is asked of Solr: the rerank query
parser re-scores the top ``DEPTH`` hits of each shard, multiplying their score by a query whose
clauses have constant scores, so that every document scores ``1 + phrase + 2·paragraph``:

    rq  = {!rerank reRankQuery=$rqq reRankDocs=100 reRankOperator=multiply reRankWeight=1}
    rqq = {!lucene q.op=OR}*:*^=1 (body:"secur dialogu" title:"secur dialogu")^=1.0
          (body_paragraphs:"secur dialogu"~9000 (+title:secur +title:dialogu))^=2.0

``body_paragraphs`` holds the body's terms one value per paragraph (index/solr/documents.py),
the values PARAGRAPH_GAP positions apart (the config set's ``positionIncrementGap``), so a
phrase of slop PARAGRAPH_GAP - 1000 finds the words in any order anywhere in one paragraph of
up to 9,000 terms and never across two: "in one paragraph" exactly as Whoosh reads it.  A
collection made before the field existed has none: there "in one paragraph" falls back to
"within WINDOW positions of each other" in ``body`` (``paragraphs=False``).  Only the order
changes: the hits, the total and the facets are the query's own (the contract suite checks them
against Whoosh's).
"""

from __future__ import annotations

from index.solr.translate import escape

DEPTH = 100  # as many as the Whoosh engine re-orders
PHRASE_BOOST = 1.0  # index/whoosh/ranking.py's weights
PARAGRAPH_BOOST = 2.0
PARAGRAPH_GAP = 10_000  # positions between two paragraphs' values (managed-schema.xml paragraph_terms)
PARAGRAPH_SLOP = PARAGRAPH_GAP - 1_000
WINDOW = 40  # positions: about a paragraph of a cable, for a collection without body_paragraphs
PARAGRAPH_FIELD = "body_paragraphs"


def rerank_params(terms: list[str], *, paragraphs: bool = True) -> dict[str, str]:
    """The request parameters that re-rank by the body ``terms`` of the query's words (in the order
    typed); {} when fewer than two distinct terms (nothing to stand together).  ``paragraphs=False``:
    for a collection without ``body_paragraphs``."""
    if len(set(terms)) < 2:
        return {}
    words = " ".join(escape(t) for t in terms)
    in_title = " ".join(f"+title:{escape(t)}" for t in dict.fromkeys(terms))
    in_paragraph = f'{PARAGRAPH_FIELD}:"{words}"~{PARAGRAPH_SLOP}' if paragraphs else f'body:"{words}"~{WINDOW}'
    # q.op=OR: the config set makes AND the default, under which only the documents matching
    # every clause would be re-scored (none of the others is multiplied by 1 + …)
    rqq = (f'{{!lucene q.op=OR}}*:*^=1 (body:"{words}" title:"{words}")^={PHRASE_BOOST} '
           f'({in_paragraph} ({in_title}))^={PARAGRAPH_BOOST}')
    return {
        "rq": f"{{!rerank reRankQuery=$rqq reRankDocs={DEPTH} reRankOperator=multiply reRankWeight=1}}",
        "rqq": rqq,
    }

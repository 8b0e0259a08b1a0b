"""The index's fields by name, one list each, for both engines and every layer (no Whoosh here:
the command line reads it on its fast path).

    FACETS        ("country", "year", "month", "classification", "tag", "origin", "kind"): counted for
                  every search, in the order shown (index/whoosh/facets.py, index/solr/engine.py,
                  search/library.py's filters, the facet panel through search/presentation.py)
    TEXT_FIELDS   ("title", "body", "body_es"): analysed by index/fields.py ``analyse``, searched by
                  a query's plain words (search/query.py)
    FIELD_BOOSTS  {"title": 2.0}: the title's words count double in a score, on both engines
    ADDRESSEE_BOOST  0.5: the score of a ``to:`` or ``info:`` word (unscored fields: a flat weight,
                  below any word of the text; search/query.py gives the terms this boost)
"""

from __future__ import annotations

FACETS = ("country", "year", "month", "classification", "tag", "origin", "kind")
TEXT_FIELDS = ("title", "body", "body_es")
FIELD_BOOSTS = {"title": 2.0}
ADDRESSEE_BOOST = 0.5

"""The engine-neutral query tree (index/query_tree.py) as Solr's JSON Query DSL.

search/query.py parses the query language into the project's own tree whose words are already
analysed by the index's own chain (index/fields.py ``analyse``); the Whoosh engine executes that
tree itself, the Solr engine sends this translation.  Solr receives the same terms at index time
(index/solr/documents.py) and analyses nothing, so each node means the same on both engines:

    Term("body", "dialogu")          {"term": {"f": "body", "query": "dialogu"}}
    Term("title", "dialogu")         the same with "boost": 2.0 (the title's field boost)
    Phrase("body", ("secur", "dialogu"))
                                     {"field": {"f": "body", "query": "secur dialogu"}}: Solr
                                     splits on spaces and builds the phrase of exactly those terms;
                                     positions close up over removed stop words on both engines
    And / Or / AndNot / Not          {"bool": {"must" | "should" | "must_not": [...]}}
    Prefix("body", "negoti")         {"prefix": {"f": "body", "query": "negoti"}}
    Wildcard / Fuzzy / DateRange     the standard parser: body:neg*ti?n, body:coulter~1,
                                     date:[2007-01-01T00:00:00Z TO 2009-12-31T23:59:59.999Z]
    InSet("id", ("07LIMA2313", …))   {"terms": {"f": "id", "query": "07LIMA2313,…"}} (a constant score)
    Every() / Nothing()              *:* / nothing

A Fuzzy translated here is Lucene's fuzzy query, which counts two letters swapped as one
edit and may change the first letter, unlike the Whoosh engine's fuzzy words (first letter kept,
Levenshtein edits): the Solr engine therefore replaces fuzzy words by the index terms Whoosh would
find before it translates (index/solr/engine.py).  A node of any other class raises
:class:`UntranslatableQuery`.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from corpus.errors import CablesError
from index import query_tree as qt
from index.field_names import FIELD_BOOSTS

Json = dict[str, Any] | str

MATCH_ALL = "*:*"
MATCH_NONE: dict[str, Any] = {"bool": {"must_not": [MATCH_ALL]}}
_SPECIAL = re.compile(r'([+\-!(){}\[\]^"~*?:\\/&|\s])')
# The per-field boosts (the title counts double), applied to every node on that field.
BOOSTS = FIELD_BOOSTS


class UntranslatableQuery(CablesError):
    """A query node the Solr engine has no translation for (a programming error, not a user's)."""


def translate(q: qt.Node) -> Json:
    """The JSON Query DSL for the tree ``q`` (see the module docstring)."""
    match q:
        case qt.Nothing():
            return MATCH_NONE
        case qt.Every():
            return MATCH_ALL
        case qt.Fuzzy(field, text, maxdist, _, boost):
            return _lucene(f"{field}:{escape(text)}~{int(maxdist)}", boost * BOOSTS.get(field, 1.0))
        case qt.Term(field, text, boost):
            return _term(field, text, boost)
        case qt.Phrase():
            return _phrase(q)
        case qt.Prefix(field, text, boost):
            return _boosted({"prefix": {"f": field, "query": text}}, boost * BOOSTS.get(field, 1.0))
        case qt.Wildcard(field, text, boost):
            pattern = "".join(c if c in "*?" else escape(c) for c in text)
            return _lucene(f"{field}:{pattern}", boost * BOOSTS.get(field, 1.0))
        case qt.DateRange(field, start, end, boost):
            return _lucene(f"{field}:[{_instant(start)} TO {_instant(end)}]", boost)
        case qt.InSet(field, values):
            if not values:
                return MATCH_NONE
            return {"terms": {"f": field, "query": ",".join(values)}}
        case qt.AndNot(positive, negative):
            return {"bool": {"must": [translate(positive)], "must_not": [translate(negative)]}}
        case qt.Not(query):
            return {"bool": {"must": [MATCH_ALL], "must_not": [translate(query)]}}
        case qt.And(parts):
            return {"bool": {"must": [translate(s) for s in parts]}}
        case qt.Or(parts):
            return {"bool": {"should": [translate(s) for s in parts]}}
    raise UntranslatableQuery(f"the Solr engine cannot run a {type(q).__name__} query ({q!r})")


def escape(text: str) -> str:
    """``text`` as one literal term of Solr's standard query syntax."""
    return _SPECIAL.sub(r"\\\1", text)


def _term(field: str, text: str, boost: float = 1.0) -> Json:
    return _boosted({"term": {"f": field, "query": text}}, boost * BOOSTS.get(field, 1.0))


def _phrase(q: qt.Phrase) -> Json:
    words = [w for w in q.words if w]
    if len(words) == 1:
        return _term(q.field, words[0], q.boost)
    return _boosted({"field": {"f": q.field, "query": " ".join(words)}}, q.boost * BOOSTS.get(q.field, 1.0))


def _lucene(text: str, boost: float = 1.0) -> Json:
    return _boosted({"lucene": {"query": text}}, boost)


def _boosted(node: dict[str, Any], boost: float) -> dict[str, Any]:
    if boost == 1.0:
        return node
    if "term" in node:
        node["term"]["boost"] = boost
        return node
    return {"boost": {"query": node, "b": repr(float(boost))}}  # the other parsers take no boost


def _instant(when: datetime | None) -> str:
    """A naive UTC datetime as Solr's instant, to the millisecond (Solr's precision); None: open."""
    if when is None:
        return "*"
    return when.strftime("%Y-%m-%dT%H:%M:%S.") + f"{when.microsecond // 1000:03d}Z"

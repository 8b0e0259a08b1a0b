"""The engine-neutral query tree (whoosh.query nodes) as Solr's JSON Query DSL.

search/query.py parses the query language into a tree of plain ``whoosh.query`` nodes whose
words are already analysed by the index's own chain (index/fields.py ``analyse``); the Whoosh
engine executes that tree itself, the Solr engine sends this translation.  Solr receives the
same terms at index time (index/solr/documents.py) and analyses nothing, so each node means the
same on both engines:

    Term("body", "dialogu")          {"term": {"f": "body", "query": "dialogu"}}
    Term("title", "dialogu")         the same with "boost": 2.0 (the title's field boost)
    Phrase("body", ["secur", "dialogu"])
                                     {"field": {"f": "body", "query": "secur dialogu"}}: Solr
                                     splits on spaces and builds the phrase of exactly those terms;
                                     positions close up over removed stop words on both engines
    And / Or / AndNot / Not          {"bool": {"must" | "should" | "must_not": [...]}}
    Prefix("body", "negoti")         {"prefix": {"f": "body", "query": "negoti"}}
    Wildcard / FuzzyTerm / DateRange / TermRange
                                     the standard parser: body:neg*ti?n, body:coulter~1,
                                     date:[2007-01-01T00:00:00Z TO 2009-12-31T23:59:59.999Z]
    Every() / NullQuery              *:* / nothing

A FuzzyTerm translated here is Lucene's fuzzy query, which counts two letters swapped as one
edit and may change the first letter, unlike Whoosh's FuzzyTerm (first letter kept, Levenshtein
edits): the Solr engine therefore replaces fuzzy words by the index terms Whoosh would find
before it translates (index/solr/engine.py).  A node of any other class raises
:class:`UntranslatableQuery`.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from whoosh import query as wq

from corpus.errors import CablesError
from index.schema import build_schema

Json = dict[str, Any] | str

MATCH_ALL = "*:*"
MATCH_NONE: dict[str, Any] = {"bool": {"must_not": [MATCH_ALL]}}
_SPECIAL = re.compile(r'([+\-!(){}\[\]^"~*?:\\/&|\s])')
_SCHEMA = build_schema()
# Whoosh's per-field boosts (the title counts double), applied to every node on that field.
BOOSTS = {name: boost for name in _SCHEMA.names()
          if (boost := getattr(getattr(_SCHEMA[name], "format", None), "field_boost", 1.0)) != 1.0}


class UntranslatableQuery(CablesError):
    """A query node the Solr engine has no translation for (a programming error, not a user's)."""


def translate(q: wq.Query) -> Json:
    """The JSON Query DSL for the tree ``q`` (see the module docstring)."""
    if q is wq.NullQuery or isinstance(q, type(wq.NullQuery)):
        return MATCH_NONE
    if isinstance(q, wq.Every):
        return MATCH_ALL if not q.fieldname or q.fieldname == "*" else _lucene(f"{q.fieldname}:*")
    if isinstance(q, wq.FuzzyTerm):  # before Term: a FuzzyTerm is a Term
        return _lucene(f"{q.fieldname}:{escape(q.text)}~{int(q.maxdist)}", q.boost * BOOSTS.get(q.fieldname, 1.0))
    if isinstance(q, wq.Term):
        return _term(q.fieldname, q.text, q.boost)
    if isinstance(q, wq.Phrase):
        return _phrase(q)
    if isinstance(q, wq.Prefix):
        return _boosted({"prefix": {"f": q.fieldname, "query": q.text}}, q.boost * BOOSTS.get(q.fieldname, 1.0))
    if isinstance(q, wq.Wildcard):
        pattern = "".join(c if c in "*?" else escape(c) for c in q.text)
        return _lucene(f"{q.fieldname}:{pattern}", q.boost * BOOSTS.get(q.fieldname, 1.0))
    if isinstance(q, wq.DateRange):
        return _lucene(f"{q.fieldname}:[{_instant(q.startdate)} TO {_instant(q.enddate)}]")
    if isinstance(q, wq.TermRange):
        lo, hi = (escape(t) if t is not None else "*" for t in (q.start, q.end))
        return _lucene(f"{q.fieldname}:{'{' if q.startexcl else '['}{lo} TO {hi}{'}' if q.endexcl else ']'}")
    if isinstance(q, wq.AndNot):
        return {"bool": {"must": [translate(q.a)], "must_not": [translate(q.b)]}}
    if isinstance(q, wq.Not):
        return {"bool": {"must": [MATCH_ALL], "must_not": [translate(q.query)]}}
    if isinstance(q, wq.And):
        return {"bool": {"must": [translate(s) for s in q.subqueries]}}
    if isinstance(q, wq.Or) and _id_set(q):
        # A set of ids (a saved search's new hits): one terms query, however many (a boolean
        # query stops at Solr's maxBooleanClauses, 1024).
        return {"terms": {"f": "id", "query": ",".join(s.text for s in q.subqueries)}}
    if isinstance(q, wq.Or):
        return {"bool": {"should": [translate(s) for s in q.subqueries]}}
    raise UntranslatableQuery(f"the Solr engine cannot run a {type(q).__name__} query ({q})")


def _id_set(q: wq.Or) -> bool:
    return all(type(s) is wq.Term and s.fieldname == "id" and "," not in s.text for s in q.subqueries)


def escape(text: str) -> str:
    """``text`` as one literal term of Solr's standard query syntax."""
    return _SPECIAL.sub(r"\\\1", text)


def _term(field: str, text: str, boost: float = 1.0) -> Json:
    return _boosted({"term": {"f": field, "query": text}}, boost * BOOSTS.get(field, 1.0))


def _phrase(q: wq.Phrase) -> Json:
    words = [w for w in q.words if w]
    if len(words) == 1:
        return _term(q.fieldname, words[0], q.boost)
    boost = q.boost * BOOSTS.get(q.fieldname, 1.0)
    if q.slop > 1:
        return _lucene(f'{q.fieldname}:"{" ".join(escape(w) for w in words)}"~{q.slop - 1}', boost)
    return _boosted({"field": {"f": q.fieldname, "query": " ".join(words)}}, boost)


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

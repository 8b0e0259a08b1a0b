"""The engine-neutral query tree (index/query_tree.py) as ``whoosh.query`` nodes, for Whoosh's own matchers.

The Whoosh engine evaluates the tree itself over its posting arrays (index/whoosh/matchset.py);
Whoosh's matchers run it where the arrays cannot score (a weighting other than BM25F), find the
terms a pattern stands for, and give the reference answers the tests compare the arrays with:

    to_whoosh(Term("body", "dialogu"))              whoosh.query.Term("body", "dialogu")
    to_whoosh(Fuzzy("body", "coulter", 1))         FuzzyTerm("body", "coulter", maxdist=1, prefixlength=1)
    to_whoosh(AndNot(a, b))                        AndNot (with the first-document fix below)
    to_whoosh(InSet("id", ("07LIMA2313", …)))      Or of the Terms, scored as one constant (1.0)
"""

from __future__ import annotations

from whoosh import query as wq
from whoosh.matching import AndNotMatcher

from index import query_tree as qt


class _AndNotMatcher(AndNotMatcher):
    # Whoosh's AndNotMatcher only checks a segment's first positive document against the
    # excluded ones when both start on the same document: "sendero -peru" kept the first
    # Sendero cable of a segment although it is all about Peru.  Skip from the start instead.
    def _find_first(self):
        if self.a.is_active() and self.b.is_active():
            self._find_next()


class AndNot(wq.AndNot):
    """``a`` without the documents matching ``b`` (whoosh's, with the first-document fix)."""

    def matcher(self, searcher, context=None):
        scoredm = self.a.matcher(searcher, context)
        notm = self.b.matcher(searcher, searcher.boolean_context())
        return _AndNotMatcher(scoredm, notm)


def to_whoosh(node: qt.Node) -> wq.Query:
    """The ``whoosh.query`` tree that means what ``node`` means."""
    match node:
        case qt.Term(field, text, boost):
            return wq.Term(field, text, boost=boost)
        case qt.Phrase(field, words, boost):
            return wq.Phrase(field, list(words), boost=boost)
        case qt.Prefix(field, text, boost):
            return wq.Prefix(field, text, boost=boost)
        case qt.Wildcard(field, text, boost):
            return wq.Wildcard(field, text, boost=boost)
        case qt.Fuzzy(field, text, maxdist, prefixlength, boost):
            return wq.FuzzyTerm(field, text, boost=boost, maxdist=maxdist, prefixlength=prefixlength)
        case qt.DateRange(field, start, end, boost):
            return wq.DateRange(field, start, end, boost=boost)
        case qt.InSet(field, values):
            return wq.ConstantScoreQuery(wq.Or([wq.Term(field, v) for v in values]), 1.0)
        case qt.And(parts):
            return wq.And([to_whoosh(p) for p in parts])
        case qt.Or(parts):
            return wq.Or([to_whoosh(p) for p in parts])
        case qt.AndNot(positive, negative):
            return AndNot(to_whoosh(positive), to_whoosh(negative))
        case qt.Not(query):
            return wq.Not(to_whoosh(query))
        case qt.Every(boost):
            return wq.Every(boost=boost)
        case qt.Nothing():
            return wq.NullQuery
    raise TypeError(f"not a query tree node: {node!r}")

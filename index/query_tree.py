"""The parsed query as the project's own tree: small frozen dataclasses, the same for every engine.

search/query.py parses the query language into this tree, its words already analysed by the
index's own chain (index/fields.py ``analyse``); each engine executes or translates it (the
Whoosh wing over its posting arrays, index/whoosh/matchset.py; the Solr wing as Solr's JSON Query
DSL, index/solr/translate.py).  It is plain data: equal trees compare equal, print as their
constructor calls and hash (the engines cache filters by them).

    parse_query('"security dialogue" -chile country:PE').query   # (boost=1.0 left out)
    # AndNot(positive=And(parts=(
    #            Or(parts=(Phrase(field='title', words=('secur', 'dialogu')),
    #                      Phrase(field='body', words=('secur', 'dialogu')),
    #                      Phrase(field='body_es', words=('security', 'dialog')))),
    #            Or(parts=(Term(field='country', text='Peru'), Term(field='origin_country', text='Peru'))))),
    #        negative=Or(parts=(Term(field='title', text='chile'), Term(field='body', text='chile'),
    #                           Term(field='body_es', text='chil'))))

Nodes:

- ``Term(field, text)``: one index term; ``Phrase(field, words)``: the terms next to each other,
  in order; ``Prefix(field, text)``, ``Wildcard(field, pattern)`` (``*`` and ``?``),
  ``Fuzzy(field, text, maxdist)`` (the first ``prefixlength`` letters kept, Levenshtein edits):
  the index terms they stand for; ``DateRange(field, start, end)``: inclusive, an end None is open;
  ``InSet(field, values)``: a term of ``values`` (a list of ids, say: one node, however many);
- ``And(parts)``, ``Or(parts)``, ``AndNot(positive, negative)``, ``Not(query)``;
- ``Every()``: every document; ``Nothing()``: none.

A leaf's ``boost`` multiplies its score (1.0: none); the engines add each field's own boost
(the title counts double).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class Term:
    field: str
    text: str
    boost: float = 1.0


@dataclass(frozen=True)
class Phrase:
    field: str
    words: tuple[str, ...]
    boost: float = 1.0


@dataclass(frozen=True)
class Prefix:
    field: str
    text: str
    boost: float = 1.0


@dataclass(frozen=True)
class Wildcard:
    field: str
    text: str  # the pattern: ``*`` any letters, ``?`` one
    boost: float = 1.0


@dataclass(frozen=True)
class Fuzzy:
    field: str
    text: str
    maxdist: int = 1
    prefixlength: int = 1
    boost: float = 1.0


@dataclass(frozen=True)
class DateRange:
    field: str
    start: datetime | None
    end: datetime | None  # inclusive
    boost: float = 1.0


@dataclass(frozen=True)
class InSet:
    """A document holding any of ``values`` in ``field`` (sorted, without repeats: see :func:`in_set`)."""

    field: str
    values: tuple[str, ...]


@dataclass(frozen=True)
class And:
    parts: tuple[Node, ...]


@dataclass(frozen=True)
class Or:
    parts: tuple[Node, ...]


@dataclass(frozen=True)
class AndNot:
    positive: Node
    negative: Node


@dataclass(frozen=True)
class Not:
    query: Node


@dataclass(frozen=True)
class Every:
    boost: float = 1.0


@dataclass(frozen=True)
class Nothing:
    pass


Leaf = Term | Phrase | Prefix | Wildcard | Fuzzy | DateRange | InSet | Every | Nothing
Node = Leaf | And | Or | AndNot | Not
# The leaves that stand for the index terms they match (expanded from the lexicon).
Pattern = Prefix | Wildcard | Fuzzy
PATTERNS = (Prefix, Wildcard, Fuzzy)


def in_set(field: str, values: Iterable[str]) -> InSet:
    """``InSet`` of any iterable of values, in the one form that compares equal."""
    return InSet(field, tuple(sorted(set(values))))


def children(node: Node) -> tuple[Node, ...]:
    """The direct sub-trees of ``node`` (none for a leaf)."""
    if isinstance(node, (And, Or)):
        return node.parts
    if isinstance(node, AndNot):
        return (node.positive, node.negative)
    if isinstance(node, Not):
        return (node.query,)
    return ()


def leaves(node: Node) -> Iterator[Leaf]:
    """Every leaf of the tree, left to right (those under Not and AndNot's negative side too)."""
    if isinstance(node, (And, Or, AndNot, Not)):
        for child in children(node):
            yield from leaves(child)
    else:
        yield node


def replace_leaves(node: Node, fn: Callable[[Leaf], Node]) -> Node:
    """The tree with each leaf replaced by ``fn(leaf)``."""
    if isinstance(node, And):
        return And(tuple(replace_leaves(p, fn) for p in node.parts))
    if isinstance(node, Or):
        return Or(tuple(replace_leaves(p, fn) for p in node.parts))
    if isinstance(node, AndNot):
        return AndNot(replace_leaves(node.positive, fn), replace_leaves(node.negative, fn))
    if isinstance(node, Not):
        return Not(replace_leaves(node.query, fn))
    return fn(node)


def terms(node: Node) -> set[tuple[str, str]]:
    """(field, word) of every Term and Phrase word in the tree."""
    found: set[tuple[str, str]] = set()
    for leaf in leaves(node):
        if isinstance(leaf, Term):
            found.add((leaf.field, leaf.text))
        elif isinstance(leaf, Phrase):
            found.update((leaf.field, w) for w in leaf.words)
    return found

"""A text field's postings for one document, in the format of Whoosh's ``Positions`` field.

The words are analysed once (index/fields.py) and grouped here, in the parser processes: one
posting per distinct term with its weight (the number of positions times the field boost) and its
value (Whoosh's ``Positions.encode``: the count, then the pickled position gaps; read back by
``decode_positions``).  Both engines
take them: the Whoosh wing writes them into a segment as they are (index/whoosh/segment.py), the
Solr wing reads the terms back from the positions (index/solr/documents.py).

    text_postings(["secur", "dialogu", "secur"])
    # TextPostings(length=3, terms=[b"secur", b"dialogu"], weights=array("f", [2.0, 1.0]), values=[...])
"""

from __future__ import annotations

from array import array
from itertools import accumulate, count
from pickle import dumps, loads
from typing import NamedTuple

from whoosh.system import pack_uint


class TextPostings(NamedTuple):
    """A text field's postings for one document, as columns: its length (terms), and for each
    distinct term its bytes, weight and value bytes (``terms[i]``, ``weights[i]``, ``values[i]``)."""

    length: int
    terms: list[bytes]
    weights: array  # array("f"): what the segment stores
    values: list[bytes]

    @property
    def items(self) -> list[tuple[bytes, float, bytes]]:
        """(term, weight, value) for each distinct term."""
        return list(zip(self.terms, self.weights, self.values))


_ONE_POSITION: list[bytes] = []  # pickle of [i] (Positions.encode of one position i, after its count)
_COUNT_ONE = pack_uint(1)


def _one_position(i: int) -> bytes:
    # A new bytes object each time: pickle writes a repeated object once (a memo reference), and
    # the segment must hold what Whoosh writes, each value in full.
    while len(_ONE_POSITION) <= i:
        _ONE_POSITION.append(dumps([len(_ONE_POSITION)], 2))
    return _COUNT_ONE + _ONE_POSITION[i]


def text_postings(terms: list[str], field_boost: float = 1.0) -> TextPostings:
    """The postings a Whoosh ``Positions`` field writes for a document whose analysed terms are ``terms``.

    Term ``i`` of the list is at position ``i``; the value of a posting is
    Whoosh's ``Positions.encode`` of the term's positions, its weight the
    number of positions times the field boost.
    """
    import numpy as np  # numpy is imported where it is used: `cables search` reads index.fields, not this

    first: dict[str, int] = {}  # term -> its first position, in the order the terms first come
    at = np.fromiter(map(first.setdefault, terms, count()), dtype=np.int64, count=len(terms))
    counts = np.bincount(at, minlength=len(terms))[np.fromiter(first.values(), dtype=np.int64, count=len(first))]
    positions = np.argsort(at, kind="stable")  # each term's positions together, in order
    deltas = np.diff(positions, prepend=0)
    starts = np.cumsum(counts) - counts
    deltas[starts] = positions[starts]  # a term's first position as it is, then the gaps
    deltas, counts, starts = deltas.tolist(), counts.tolist(), starts.tolist()
    if len(_ONE_POSITION) < len(terms):
        _one_position(len(terms))
    one, values = _ONE_POSITION, []
    for n, i in zip(counts, starts):
        values.append(_COUNT_ONE + one[deltas[i]] if n == 1 else pack_uint(n) + dumps(deltas[i : i + n], 2))
    weights = array("f", counts if field_boost == 1.0 else [n * field_boost for n in counts])
    return TextPostings(len(terms), list(map(str.encode, first)), weights, values)


def decode_positions(value: bytes) -> list[int]:
    """The positions a posting's value holds (what Whoosh's ``Positions.decode_positions`` gives).

    Only for values :func:`text_postings` has just made in this program, never for bytes read
    from an index folder (unpickling runs what the bytes say).
    """
    return list(accumulate(loads(value[4:])))  # after the count (4 bytes): the first position, then the gaps

"""What Whoosh itself answers, one posting at a time: the reference the array path is checked against."""

from __future__ import annotations


def whoosh_positions(reader, field: str, word, wanted=None) -> list[tuple[int, int]]:
    """(docnum, position) of ``word`` in one segment reader, for the documents of ``wanted`` (a mask; None: all)."""
    out: list[tuple[int, int]] = []
    if (field, word) not in reader:
        return out
    m = reader.postings(field, word)
    while m.is_active():
        if wanted is None or wanted[m.id()]:
            out += [(m.id(), p) for p in m.value_as("positions")]
        m.next()
    return out

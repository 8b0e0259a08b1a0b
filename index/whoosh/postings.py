"""Whoosh posting lists read wholesale into numpy arrays (the array path of index/whoosh/matchset.py).

A Whoosh matcher hands out one posting at a time; a posting list is stored as blocks of up
to 128 postings, each block one pickled tuple (delta-encoded ids, weights, values).  Reading
the blocks directly costs one unpickle per 128 postings:

    ids, weights = posting_arrays(segment_reader, "body", "secur")     # int32, float32
    docs, positions = posting_positions(segment_reader, "body", "summari", wanted)

A segment with deleted documents hands out its postings wrapped in a ``FilterMatcher`` that
steps over the deleted ones a posting at a time; the wrapper is taken off, the blocks are read
whole, and the deleted documents are dropped from the arrays afterwards.

Positions (for phrases) are stored per posting as a 4-byte count and a pickled list of
position deltas (``whoosh.formats.Positions.encode``); :func:`posting_positions` decodes the
postings of the wanted documents all together, in lock-step over the pickles' bytes
(index/whoosh/poslists.py), instead of one ``pickle.loads`` per posting; a common term's come
from the segment's flat positions (index/whoosh/posarrays.py) when it has them.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from whoosh.formats import Positions
from whoosh.reading import TermNotFound

from index.whoosh import compat
from index.whoosh.docarrays import term_arrays
from index.whoosh.posarrays import term_positions
from index.whoosh.poslists import decode

_EMPTY_IDS = np.empty(0, np.int32)


def _matcher(reader: Any, field: str, text: Any) -> tuple[Any | None, np.ndarray | None]:
    """The term's matcher in one segment, unwrapped, and a mask of the deleted documents to drop (or None)."""
    try:
        m = reader.postings(field, text)
    except (TermNotFound, KeyError):
        return None, None
    leaf, deleted = compat.unwrap_deleted(m)
    return leaf, None if deleted is None else _deleted_mask(reader, deleted)


def _deleted_mask(reader: Any, deleted: Any) -> np.ndarray:
    """Boolean mask over the segment's docnums: True for a deleted document."""
    mask = np.zeros(reader.doc_count_all(), bool)
    mask[np.fromiter(deleted, np.int64, len(deleted))] = True
    return mask


def _keep(ids: np.ndarray, deleted: np.ndarray | None) -> np.ndarray | None:
    """Boolean mask of the postings whose document is not deleted (None: keep all)."""
    if deleted is None or not len(ids):
        return None
    return ~deleted[ids]


def segment_masks(leaves: list[tuple[Any, int]], docs: np.ndarray):
    """(reader, offset, mask) for each segment holding some of ``docs`` (global docnums): the mask
    marks them among the segment's own docnums, as :func:`posting_positions` wants them."""
    for reader, offset in leaves:
        n = reader.doc_count_all()
        local = docs[(docs >= offset) & (docs < offset + n)] - offset
        if len(local):
            mask = np.zeros(n, bool)
            mask[local] = True
            yield reader, offset, mask


def posting_arrays(reader: Any, field: str, text: Any) -> tuple[np.ndarray, np.ndarray]:
    """(docnums int32, weights float32) of the term in one segment reader; empty when absent.

    A common term comes from the segment's flat arrays (index/whoosh/docarrays.py) when it has them."""
    found = term_arrays(reader, field, text)
    if found is not None:
        ids, weights = found
        if reader.has_deletions():
            keep = _keep(ids, _deleted_mask(reader, reader.deleted_docs_set))
            return ids[keep], weights[keep]
        return ids, weights
    m, deleted = _matcher(reader, field, text)
    if m is None:
        return _EMPTY_IDS, np.empty(0, np.float32)
    if not compat.is_block_matcher(m):
        ids, weights = [], []
        while m.is_active():
            ids.append(m.id())
            weights.append(m.weight())
            m.next()
        return np.array(ids, np.int32), np.array(weights, np.float32)
    ids, weights = block_arrays(m)
    keep = _keep(ids, deleted)
    return (ids, weights) if keep is None else (ids[keep], weights[keep])


def block_arrays(m: Any) -> tuple[np.ndarray, np.ndarray]:
    """(docnums int32, weights float32) of every posting of a block matcher, deleted documents included."""
    id_parts: list[np.ndarray] = []
    weight_parts: list[np.ndarray] = []
    for _, (deltas, weights, _) in compat.leaf_blocks(m):
        n = len(deltas)
        id_parts.append(np.cumsum(np.array(deltas, dtype=np.int64)))
        if weights is None:
            weight_parts.append(np.ones(n, np.float32))
        elif isinstance(weights, float):
            weight_parts.append(np.full(n, weights, np.float32))
        else:
            weight_parts.append(np.array(weights, np.float32))
    if not id_parts:
        return _EMPTY_IDS, np.empty(0, np.float32)
    return np.concatenate(id_parts).astype(np.int32), np.concatenate(weight_parts)


def all_postings(reader: Any, field: str, text: Any) -> tuple[np.ndarray, np.ndarray] | None:
    """:func:`block_arrays` of a term (deleted documents included); None when it is not stored in blocks."""
    m, _ = _matcher(reader, field, text)
    return block_arrays(m) if m is not None and compat.is_block_matcher(m) else None


def all_position_values(reader: Any, field: str, text: Any) -> list[bytes] | None:
    """The encoded position list of every posting of a term (deleted documents included), in
    document order; None when the term is not stored in blocks of a positions field."""
    m, _ = _matcher(reader, field, text)
    if m is None or not compat.is_block_matcher(m) or type(m.format) is not Positions:
        return None
    return [value for _, data in compat.leaf_blocks(m) for value in data[2]]


def posting_positions(reader: Any, field: str, text: Any, wanted: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """(docnum, position) pairs of the term in the documents of ``wanted`` (a boolean mask over
    the segment's docnums; None: every document), as two int64 arrays ordered by document then position.

    A common term comes from the segment's flat position arrays (index/whoosh/posarrays.py) when it has them."""
    deleted = _deleted_mask(reader, reader.deleted_docs_set) if reader.has_deletions() else None
    found = term_positions(reader, field, text, wanted, deleted)
    if found is not None:
        return found
    m, deleted = _matcher(reader, field, text)
    if m is None:
        return np.empty(0, np.int64), np.empty(0, np.int64)
    if not compat.is_block_matcher(m) or type(m.format) is not Positions:
        docs, positions = _slow_positions(m, wanted)
        keep = _keep(docs, deleted)
        return (docs, positions) if keep is None else (docs[keep], positions[keep])
    docs_parts, values = [], []
    beyond = None if wanted is None else (int(np.flatnonzero(wanted)[-1]) + 1 if wanted.any() else 0)

    def worth(lowest: int, highest: int) -> bool:  # the block's header says it holds a wanted document
        return wanted is None or bool(wanted[lowest : highest + 1].any())

    for highest, data in compat.leaf_blocks(m, worth):
        if data is not None:
            ids = np.cumsum(np.array(data[0], dtype=np.int64))
            if wanted is None:
                docs_parts.append(ids)
                values.extend(data[2])
            else:
                hit = np.flatnonzero(wanted[ids])
                if len(hit):
                    block = data[2]
                    docs_parts.append(ids[hit])
                    values.extend(block[i] for i in hit.tolist())
        if beyond is not None and highest + 1 >= beyond:
            break  # no block past the last wanted document
    if not values:
        return np.empty(0, np.int64), np.empty(0, np.int64)
    docs = np.concatenate(docs_parts)
    counts, positions = decode(values)
    docs = np.repeat(docs, counts)
    keep = _keep(docs, deleted)
    return (docs, positions) if keep is None else (docs[keep], positions[keep])


def _slow_positions(m: Any, wanted: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    docs, positions = [], []
    while m.is_active():
        if wanted is None or wanted[m.id()]:
            for pos in m.value_as("positions"):
                docs.append(m.id())
                positions.append(pos)
        m.next()
    return np.array(docs, np.int64), np.array(positions, np.int64)

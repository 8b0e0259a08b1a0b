"""Whoosh's encoded position lists (``whoosh.formats.Positions.encode``) decoded with numpy.

A posting of a positions field holds its positions as a big-endian uint32 count, then the pickle
(protocol 2) of the list of deltas: the first position, then the gaps.  :func:`decode` turns many
such values into flat arrays at once, walking them in lock-step over their bytes instead of one
``pickle.loads`` each (index/whoosh/postings.py reads blocks with it; the segment writer and
`cables check --repair` turn the lists into the flat positions of index/whoosh/posarrays.py):

    counts, positions = decode([b"\\0\\0\\0\\x02\\x80\\x02]q\\x00(K?K\\xb4e."])   # [2], [63, 243]
    counts, deltas = decode_deltas(values)     # [2], [63, 180]; None if a value is not such a list
"""

from __future__ import annotations

from itertools import accumulate, chain

import numpy as np

from index.whoosh import compat

_FEW = 512  # position lists decoded one by one up to this many (a lock-step pass costs as many steps as the longest list)


def decode(values: list[bytes]) -> tuple[np.ndarray, np.ndarray]:
    """(count per value, positions) of encoded position lists, decoded in lock-step
    (:func:`decode_deltas`; a handful one by one)."""
    if len(values) <= _FEW:
        return _decode_few(values)
    counts, deltas, _ = _lockstep(values)
    return counts, restart_sums(deltas, counts)


def decode_deltas(values: list[bytes]) -> tuple[np.ndarray, np.ndarray] | None:
    """(count per value, position deltas: each list's first position, then its gaps) of encoded
    position lists; None when one of them is not such a list, read to its last byte.

    Each value: a big-endian uint32 count n, then pickle protocol 2 of the list of deltas:
    ``\\x80\\x02 ] q\\x00`` then either one item and ``a`` (n == 1) or ``(`` items ``e``
    (a further ``(`` … ``e`` every 1,000 items), then ``.``.  An item is ``K`` + 1 byte,
    ``M`` + 2 bytes or ``J`` + 4 bytes (little-endian).
    """
    if not values:
        return np.empty(0, np.int64), np.empty(0, np.int64)
    counts, deltas, whole = _lockstep(values)
    return (counts, deltas) if whole else None


def restart_sums(deltas: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """Positions (int64) from deltas that start again from 0 with each list (``counts``, each >= 1)."""
    positions = np.cumsum(deltas, dtype=np.int64)
    if len(counts) > 1:
        # Each list's deltas start from 0: take away the running total of the lists before it.
        ends = np.cumsum(counts)
        positions -= np.repeat(np.concatenate([[0], positions[ends[:-1] - 1]]), counts)
    return positions


def _lockstep(values: list[bytes]) -> tuple[np.ndarray, np.ndarray, bool]:
    """(counts, deltas, whether every value was read exactly to its end): one numpy step per item
    of the longest list, over all the lists that still have items (:func:`decode_deltas`)."""
    lengths = np.fromiter(map(len, values), np.int64, len(values))
    buf = np.frombuffer(b"".join(values) + b"\0" * 8, np.uint8)
    starts = np.zeros(len(values), np.int64)
    np.cumsum(lengths[:-1], out=starts[1:])
    counts = (buf[starts].astype(np.int64) << 24) | (buf[starts + 1].astype(np.int64) << 16) | (
        buf[starts + 2].astype(np.int64) << 8) | buf[starts + 3].astype(np.int64)
    pointer = starts + 9 + (counts > 1)  # past the count, the pickle header and the MARK
    out_start = np.zeros(len(values), np.int64)
    np.cumsum(counts[:-1], out=out_start[1:])
    deltas = np.zeros(int(counts.sum()), np.int64)
    active = np.flatnonzero(counts > 0)
    step = 0
    while len(active):
        p = pointer[active]
        op = buf[p]
        batch = op == ord("e")  # end of a batch of 1,000: "e(" then the next items
        p = p + 2 * batch
        op = buf[p]
        one, two = buf[p + 1].astype(np.int64), buf[p + 2].astype(np.int64)
        value = np.where(op == ord("K"), one, one | (two << 8))
        wide = op == ord("J")
        if wide.any():
            four = buf[p + 3].astype(np.int64) | (buf[p + 4].astype(np.int64) << 8)
            value = np.where(wide, (value | (four << 16)).astype(np.int32).astype(np.int64), value)
        deltas[out_start[active] + step] = value
        pointer[active] = p + np.where(op == ord("K"), 2, np.where(op == ord("M"), 3, 5))
        step += 1
        active = active[counts[active] > step]
    # Read to the end: "a." after a single item, "e." after a list's last batch, and nothing more.
    close = np.where(counts == 1, ord("a"), ord("e"))
    ends = (buf[pointer] == close) & (buf[pointer + 1] == ord(".")) & (pointer + 2 == starts + lengths)
    whole = bool(np.all(ends & (counts > 0)))
    return counts, deltas, whole


def _decode_few(values: list[bytes]) -> tuple[np.ndarray, np.ndarray]:
    """:func:`decode` for a handful of values (re-ranking's top documents): one unpickle each
    costs less than a lock-step pass as long as the longest list."""
    loads = compat.restricted_loads
    lists = [list(accumulate(loads(v[4:]))) for v in values]
    counts = np.fromiter(map(len, lists), np.int64, len(lists))
    return counts, np.fromiter(chain.from_iterable(lists), np.int64, int(counts.sum()))

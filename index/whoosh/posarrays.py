"""Flat position arrays of the common terms, beside each segment (Lucene's ``.pos`` beside its ``.doc``).

A phrase, and the re-ranking of the top hits by where their words stand (index/whoosh/ranking.py),
need each word's positions.  Whoosh keeps them inside its posting blocks: 128 postings a block,
one zlib-compressed pickle of (gaps, weights, positions), so a common word's positions cost a
decompression and an unpickle per block and a pickle to parse per document, the first time a
process reads them.  The flat arrays of index/whoosh/docarrays.py already hold the document
numbers of the same terms; this file holds their positions, as plain integers read in place:

    SEGMENT_ID.pos  (beside the segment's .dfq; Whoosh deletes it with the segment)
      MAGIC b"CBPOS001"
      each term in turn (4-byte aligned), for each of its postings in the .dfq's order:
        counts   positions in the document
        deltas   the positions, each document's first as it is, then the gaps
        each array of a term in the narrowest of uint8, uint16, uint32 that holds its values
      directory (8-byte aligned)
        keys     uint64  each term's offset in the segment's postings file (the .dfq's key)
        starts   uint64  where each term's postings start, counted in postings (terms + 1)
        at       uint64  where each term's counts start in this file
        widths   uint8   bits 0-1: the term's counts are uint8 (0), uint16 (1) or uint32 (2); bits 2-3: its deltas
      JSON header {"doc_count_all", "terms", "postings", "positions", "directory": its offset}
      uint64 LE the header's length, then the 24-byte checksum footer (index/whoosh/integrity.py)

for each term of a positions field (``body``, ``title``) that the segment's .dfq holds (at least
MIN_POSTINGS postings).  A posting's document number is the .dfq's, so the file is read only
with a sound .dfq of the same segment.  For instance, in the first segment (2,000 cables) of the
6,712 WikiLeaks cables, ``secur`` (body) has 930 postings, its counts [3, 3, 4, 4, 2, …] and its
deltas [251, 19, 43, 100, 110, 331, …], both uint16: document 0 (66BUENOSAIRES2481) holds it at
251, 270 and 313, document 1 at 100, 210 and 541.  A segment whose .pos is missing (written by
Whoosh, or by an older version) or damaged is read from its blocks as before.

A file of its own, not a section of the .dfq: every word of every query reads the .dfq, only
phrases and the re-ranking of the top 100 read positions, so the .dfq stays small and in the page
cache; a .dfq written before positions were kept stays valid as it is; and each file is checked,
bypassed and rebuilt on its own.  Its size: 5.6 MB beside the 107 MB of segments of the 6,712
cables (5%).

    positions = SegmentPositions.temporary(folder, segment_id)   # in the segment writer
    positions.add(offset, values)          # a term's encoded position lists (Positions.encode)
    positions.finish(doc_count_all, folder / f"{segment_id}.pos")
    docs, where = term_positions(segment_reader, "body", b"secur", wanted)   # or None: read the blocks
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import numpy as np

from index.whoosh import docarrays
from index.whoosh.integrity import ChecksumWriter
from index.whoosh.poslists import decode_deltas, restart_sums

MAGIC = b"CBPOS001"
SUFFIX = ".pos"
_WIDTHS = (np.dtype("u1"), np.dtype("<u2"), np.dtype("<u4"))  # by width code


def _narrow(values: np.ndarray) -> tuple[np.ndarray, int]:
    """The values in the narrowest of uint8, uint16 and uint32 that holds them all, and its width code."""
    top = int(values.max()) if len(values) else 0
    code = 0 if top < 2**8 else 1 if top < 2**16 else 2
    return values.astype(_WIDTHS[code]), code


def _pad(n: int, to: int) -> bytes:
    return b"\0" * (-n % to)


class SegmentPositions:
    """Writes a segment's .pos a term at a time, as the segment writer hands the terms over (in
    postings-file order), to ``tmp``; :meth:`finish` adds the directory and renames it into place.

    The terms' position lists are decoded a batch of about BATCH postings at a time (one lock-step
    pass of index/whoosh/poslists.py's decoder for many terms costs less than one a term)."""

    BATCH = 1 << 16

    def __init__(self, tmp: Path) -> None:
        self.tmp = tmp
        self.raw = open(tmp, "wb")
        self.f = ChecksumWriter(self.raw)
        self.f.write(MAGIC)
        self.keys: list[int] = []
        self.starts: list[int] = [0]
        self.at: list[int] = []
        self.widths: list[int] = []
        self.positions = 0
        self.pending: list[tuple[int, list[bytes]]] = []
        self.pending_postings = 0

    @classmethod
    def temporary(cls, folder: Path, segment_id: str) -> SegmentPositions:
        """A writer to a temporary file in the index folder; those an interrupted writer left
        behind are removed first (the caller holds the index's write lock)."""
        for stale in folder.glob(f".*{SUFFIX}.*.tmp"):
            stale.unlink(missing_ok=True)
        return cls(folder / f".{segment_id}{SUFFIX}.{os.getpid()}.tmp")

    def add(self, offset: int, values: list[bytes]) -> None:
        """One term: its offset in the postings file and its postings' encoded position lists
        (Whoosh's ``Positions.encode``, in document order).  A term whose lists do not decode
        whole is left out: it is read from its blocks."""
        self.pending.append((offset, values))
        self.pending_postings += len(values)
        if self.pending_postings >= self.BATCH:
            self._flush()

    def _flush(self) -> None:
        pending, self.pending, self.pending_postings = self.pending, [], 0
        found = decode_deltas([v for _, values in pending for v in values]) if pending else None
        if found is None:  # (or nothing pending) one term at a time, leaving out those that do not decode
            for offset, values in pending:
                one = decode_deltas(values)
                if one is not None and len(values):
                    self._write(offset, *one)
            return
        counts, deltas = found
        ends = np.cumsum([len(values) for _, values in pending]).tolist()
        delta_ends = np.cumsum(counts)[np.array(ends) - 1].tolist()
        a = d = 0
        for (offset, _), b, e in zip(pending, ends, delta_ends):
            self._write(offset, counts[a:b], deltas[d:e])
            a, d = b, e

    def _write(self, offset: int, counts: np.ndarray, deltas: np.ndarray) -> None:
        counts, count_width = _narrow(counts)
        deltas, delta_width = _narrow(deltas)
        self.keys.append(offset)
        self.at.append(self.f.length)
        self.starts.append(self.starts[-1] + len(counts))
        self.widths.append(count_width | delta_width << 2)
        self.positions += len(deltas)
        for part in (counts.tobytes(), deltas.tobytes()):
            self.f.write(part + _pad(len(part), 4))

    def finish(self, doc_count_all: int, path: Path) -> bool:
        """Write the directory, header and footer and rename the file to ``path``; when no term
        was added, remove it instead (then False)."""
        self._flush()
        if not self.keys:
            self.discard()
            return False
        order = np.argsort(np.array(self.keys, np.uint64), kind="stable")
        if not np.all(order == np.arange(len(order))):
            raise ValueError("terms not added in postings-file order")
        f = self.f
        f.write(_pad(f.length, 8))
        directory = f.length
        f.write(np.array(self.keys, np.uint64).tobytes() + np.array(self.starts, np.uint64).tobytes()
                + np.array(self.at, np.uint64).tobytes())
        widths = np.array(self.widths, np.uint8).tobytes()
        f.write(widths + _pad(len(widths), 8))
        header = json.dumps({"doc_count_all": doc_count_all, "terms": len(self.keys), "postings": self.starts[-1],
                             "positions": self.positions, "directory": directory}).encode()
        f.write(header + len(header).to_bytes(8, "little"))
        f.close()
        self.raw.close()
        os.replace(self.tmp, path)
        return True

    def discard(self) -> None:
        """Give up: close and remove the temporary file."""
        self.raw.close()
        self.tmp.unlink(missing_ok=True)


class _Positions:
    """One segment's .pos, memory-mapped."""

    def __init__(self, buf: np.ndarray) -> None:
        end = len(buf) - 24 - 8  # before the footer: the header's length
        size = int.from_bytes(bytes(buf[end : end + 8]), "little")
        header = json.loads(bytes(buf[end - size : end]))
        self.doc_count_all = header["doc_count_all"]
        n, at = header["terms"], header["directory"]
        self.keys = buf[at : at + 8 * n].view(np.uint64)
        self.starts = buf[at + 8 * n : at + 8 * (2 * n + 1)].view(np.uint64)
        self.at = buf[at + 8 * (2 * n + 1) : at + 8 * (3 * n + 1)].view(np.uint64)
        self.widths = buf[at + 8 * (3 * n + 1) : at + 8 * (3 * n + 1) + n]
        self.buf = buf

    def term(self, offset: int) -> tuple[np.ndarray, np.ndarray] | None:
        """(counts int64, deltas as stored) of the term whose postings start at ``offset``; None
        when the file does not hold it."""
        i = int(np.searchsorted(self.keys, np.uint64(offset)))
        if i >= len(self.keys) or int(self.keys[i]) != offset:
            return None
        n, widths, at = int(self.starts[i + 1] - self.starts[i]), int(self.widths[i]), int(self.at[i])
        count_type, delta_type = _WIDTHS[widths & 3], _WIDTHS[widths >> 2 & 3]
        counts = self.buf[at : at + n * count_type.itemsize].view(count_type).astype(np.int64)
        at += n * count_type.itemsize + (-n * count_type.itemsize % 4)
        total = int(counts.sum())
        return counts, self.buf[at : at + total * delta_type.itemsize].view(delta_type)


def term_positions(reader: Any, field: str, text: Any, wanted: np.ndarray | None = None,
                   deleted: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray] | None:
    """(docnum, position) pairs (two int64 arrays, by document then position) of a common term in one
    segment, for the documents of ``wanted`` (a mask over the segment's docnums; None: all) less
    those of ``deleted`` (a mask, or None); None when the segment's .pos and .dfq do not both hold
    the term (then read its blocks)."""
    positions = docarrays.mapped(reader, SUFFIX, MAGIC, _Positions)
    arrays = docarrays.sidecar_of(reader) if positions is not None else None
    key = docarrays.term_key(reader, field, text) if arrays is not None else None
    if key is None:
        return None
    ids, found = arrays.document_numbers(key), positions.term(key)
    if ids is None or found is None or len(ids) != len(found[0]):
        return None
    counts, deltas = found
    keep = None if wanted is None else wanted[ids]
    if deleted is not None:
        keep = ~deleted[ids] if keep is None else keep & ~deleted[ids]
    if keep is None:
        return np.repeat(ids.astype(np.int64), counts), restart_sums(deltas, counts)
    chosen = np.flatnonzero(keep)
    ends = np.cumsum(counts)
    sizes = counts[chosen]
    # Where each chosen posting's deltas start, then one index per delta.
    firsts = (ends[chosen] - sizes) - (np.cumsum(sizes) - sizes)
    picked = deltas[np.repeat(firsts, sizes) + np.arange(int(sizes.sum()))]
    return np.repeat(ids[chosen].astype(np.int64), sizes), restart_sums(picked, sizes)

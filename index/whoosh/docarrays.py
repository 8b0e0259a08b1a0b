"""Flat document-number and weight arrays of the common terms, beside each segment.

Whoosh stores a term's postings as blocks of 128, each block one zlib-compressed pickle of
(document-number gaps, weights, positions) together.  Reading a common word's postings means
decompressing and unpickling its positions too: about 1 µs a posting, so ``right`` (100,105
cables of 251,287) costs 106 ms in a process that has not read it yet (every ``cables search``,
and each new word typed in the terminal UI).  A search needs only the document numbers and
weights; Lucene keeps those in a file of their own for this reason.  So does this index:

    SEGMENT_ID.dfq  (beside the segment's files; Whoosh deletes it with the segment)
      MAGIC, header length, JSON header {"doc_count_all", "terms", "ids", "weights"}, then:
      keys     uint64  each term's offset in the segment's postings file (its TermInfo extent)
      starts   uint64  where each term's postings start in ids / weights (terms + 1)
      ids      uint16 gaps (the first of each term absolute) when the segment has < 65,536
               documents, else uint32 document numbers
      weights  uint16 when every weight is a whole number below 65,536, else float32

for each term with at least MIN_POSTINGS postings (rarer ones are one or two blocks: cheap).
The segment writer (index/whoosh/segment.py) writes it before the commit that names the segment; a
segment without one (written by Whoosh itself, or by an older version) is read from its
blocks as before.  Nothing is lost either way: the Whoosh postings stay the record.

    arrays = SegmentArrays()                  # in the segment writer
    arrays.add(info.extent()[0], ids, weights)
    arrays.write(folder / f"{segment_id}.dfq", doc_count_all)
    found = term_arrays(segment_reader, "body", b"right")   # (int32 ids, float32 weights) or None
"""

from __future__ import annotations

import json
import mmap
import os
import threading
from pathlib import Path
from typing import Any

import numpy as np

from index.whoosh import compat
from index.whoosh.integrity import LEGACY, ChecksumWriter, cheap_check, distrusted

MAGIC = b"CBDFQ001"
SUFFIX = ".dfq"
MIN_POSTINGS = 256


class SegmentArrays:
    """Collects the common terms' arrays while a segment is written (views of the writer's own arrays)."""

    def __init__(self) -> None:
        self.terms: list[tuple[int, np.ndarray, np.ndarray]] = []
        self.whole_weights = True

    def add(self, offset: int, ids: Any, weights: Any) -> None:
        """One term: its postings' offset in the postings file, its document numbers and weights
        (arrays or numpy arrays, as the writer holds them; not copied)."""
        if len(ids) < MIN_POSTINGS:
            return
        w = np.asarray(weights).astype(np.float32, copy=False)
        if self.whole_weights and not (np.all(w == np.floor(w)) and w.min() >= 0 and w.max() < 2**16):
            self.whole_weights = False
        self.terms.append((offset, np.asarray(ids).astype(np.uint32, copy=False), w))

    def write(self, path: Path, doc_count_all: int) -> bool:
        """Write the sidecar atomically (a temporary file renamed into place), a term at a time,
        with its checksum footer (index/whoosh/integrity.py); nothing when no term qualifies
        (then False)."""
        if not self.terms:
            return False
        self.terms.sort(key=lambda t: t[0])
        keys = np.array([t[0] for t in self.terms], np.uint64)
        starts = np.zeros(len(keys) + 1, np.uint64)
        np.cumsum([len(t[1]) for t in self.terms], out=starts[1:])
        gaps = doc_count_all < 2**16
        ids_type = np.dtype(np.uint16 if gaps else np.uint32)
        weights_type = np.dtype(np.uint16 if self.whole_weights else np.float32)
        header = json.dumps({"doc_count_all": doc_count_all, "terms": len(keys),
                             "ids": ids_type.str, "weights": weights_type.str}).encode()
        header += b" " * (-(len(MAGIC) + 8 + len(header)) % 8)
        tmp = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
        with open(tmp, "wb") as raw:
            f = ChecksumWriter(raw)
            f.write(MAGIC + len(header).to_bytes(8, "little") + header + keys.tobytes() + starts.tobytes())
            written = 0
            for _, ids, _ in self.terms:
                data = (np.diff(ids, prepend=np.uint32(0)) if gaps else ids).astype(ids_type).tobytes()
                f.write(data)
                written += len(data)
            f.write(b"\0" * (-written % 8))
            for _, _, weights in self.terms:
                f.write(weights.astype(weights_type).tobytes())
            f.close()
        os.replace(tmp, path)
        self.terms.clear()
        return True


class _Sidecar:
    """One segment's sidecar, memory-mapped."""

    def __init__(self, buf: np.ndarray) -> None:
        size = int.from_bytes(bytes(buf[len(MAGIC) : len(MAGIC) + 8]), "little")
        start = len(MAGIC) + 8
        header = json.loads(bytes(buf[start : start + size]))
        self.doc_count_all = header["doc_count_all"]
        n = header["terms"]
        at = start + size
        self.keys = buf[at : at + 8 * n].view(np.uint64)
        at += 8 * n
        self.starts = buf[at : at + 8 * (n + 1)].view(np.uint64)
        at += 8 * (n + 1)
        total = int(self.starts[-1]) if n else 0
        ids_type, weights_type = np.dtype(header["ids"]), np.dtype(header["weights"])
        self.ids = buf[at : at + ids_type.itemsize * total].view(ids_type)
        at += -(-ids_type.itemsize * total // 8) * 8
        self.weights = buf[at : at + weights_type.itemsize * total].view(weights_type)

    def _span(self, offset: int) -> tuple[int, int] | None:
        i = int(np.searchsorted(self.keys, np.uint64(offset)))
        if i >= len(self.keys) or int(self.keys[i]) != offset:
            return None
        return int(self.starts[i]), int(self.starts[i + 1])

    def _ids(self, a: int, b: int) -> np.ndarray:
        ids = self.ids[a:b]
        return np.cumsum(ids, dtype=np.int64).astype(np.int32) if ids.dtype == np.uint16 else ids.astype(np.int32)

    def document_numbers(self, offset: int) -> np.ndarray | None:
        """The term's document numbers (int32, ascending), or None when the sidecar does not hold it."""
        span = self._span(offset)
        return None if span is None else self._ids(*span)

    def lookup(self, offset: int) -> tuple[np.ndarray, np.ndarray] | None:
        span = self._span(offset)
        return None if span is None else (self._ids(*span), self.weights[span[0] : span[1]].astype(np.float32))


_open: dict[str, Any] = {}
_lock = threading.Lock()


def mapped(reader: Any, suffix: str, magic: bytes, parse: Any) -> Any:
    """The sidecar ``SEGMENT_ID + suffix`` of a segment reader, memory-mapped and parsed by
    ``parse(buf)`` (an object with ``doc_count_all``), kept per file; None when the segment has
    none, or one that is damaged (the search reads the segment's blocks instead and
    `cables check` reports it), or one not its own."""
    try:
        folder = compat.reader_folder(reader)
        segment = reader.segment()
    except AttributeError:
        return None
    if not folder or segment is None:
        return None
    key = os.path.join(folder, f"{segment.segment_id()}{suffix}")
    with _lock:
        if key in _open:
            return _open[key]
    found = None
    try:
        if distrusted(key) or cheap_check(Path(key)) not in (None, LEGACY):
            raise ValueError("damaged")
        with open(key, "rb") as f:
            buf = np.frombuffer(mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ), np.uint8)
        if bytes(buf[: len(magic)]) == magic:
            found = parse(buf)
            if found.doc_count_all != reader.doc_count_all():
                found = None
    except (OSError, ValueError, KeyError):
        found = None
    with _lock:
        _open[key] = found
    return found


def term_key(reader: Any, field: str, text: Any) -> int | None:
    """The term's offset in the segment's postings file, the key of its flat arrays; None when
    it is absent or inlined in the term table."""
    try:
        info = reader.term_info(field, text)
    except Exception:  # noqa: BLE001 - TermNotFound and friends: the caller reads the blocks and finds out
        return None
    return compat.term_offset(info)


def sidecar_of(reader: Any) -> _Sidecar | None:
    """The segment's flat arrays, memory-mapped (None: it has none, or they are damaged)."""
    return mapped(reader, SUFFIX, MAGIC, _Sidecar)


def term_arrays(reader: Any, field: str, text: Any) -> tuple[np.ndarray, np.ndarray] | None:
    """(document numbers int32, weights float32) of a common term of one segment, deleted documents
    included, from the sidecar; None when the sidecar does not hold the term (read its blocks)."""
    sidecar = sidecar_of(reader)
    if sidecar is None:
        return None
    offset = term_key(reader, field, text)
    return None if offset is None else sidecar.lookup(offset)


def clear_cache() -> None:
    with _lock:
        _open.clear()

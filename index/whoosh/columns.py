"""Columnar arrays beside each Whoosh segment: facet values, dates and field lengths, in numpy.

Counting seven facets over 100,000 matching cables one document at a time in Python takes
seconds; with the values of each facet laid out as arrays it is one ``np.bincount`` per facet.
For each segment of the index one sidecar file holds:

- for each facet of index/schema.py FACETS (country, year, month, classification, tag, origin,
  kind): its distinct values (sorted) and, per document, the codes of its values in CSR layout
  (``offsets[d]:offsets[d+1]`` indexes ``codes``), so multi-valued facets (a cable about Peru
  and Chile) count each value once;
- ``date``: the raw sortable date of each document (Whoosh's uint64 ticks; 2**64-1 when none);
- ``len.title``, ``len.body``, ``len.body_es``: the field lengths as Whoosh encodes them (one
  byte per document), for BM25F scoring.

The file is named after the segment (``MAIN_1pkn87kpnn70tljk.cols``) so that Whoosh deletes it
together with the segment's own files when a merge retires the segment.  It is written once:
eagerly by :func:`ensure` (the ingest calls it after its final commit), else lazily by the first
reader that finds it missing; every process memory-maps it.  Segments never change (deletions
only hide documents, and deleted documents never match), so the file never goes stale.

    from index.whoosh.columns import ensure, searcher_columns
    ensure(whoosh_ix)                        # build the sidecars the index lacks
    cols = searcher_columns(searcher)        # the whole index: global docnums
    cols.count("year", mask)                 # {"2009": 1366, ...} over a boolean mask of docs
"""

from __future__ import annotations

import json
import mmap
import os
import struct
import threading
import zlib
from bisect import bisect_right
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from whoosh.util.numeric import byte_to_length

from index.field_names import FACETS, TEXT_FIELDS
from index.whoosh import compat
from index.whoosh.integrity import LEGACY, ChecksumWriter, cheap_check, distrusted, sync
from index.whoosh.postings import posting_arrays

MAGIC = b"CBCOLS01"
SUFFIX = ".cols"
LENGTH_FIELDS = TEXT_FIELDS  # the scored text fields: their lengths for BM25F
NO_DATE = np.uint64(2**64 - 1)  # Whoosh's default for a document without a date
# byte -> field length, Whoosh's own quantisation table
LENGTH_TABLE = np.array([byte_to_length(b) for b in range(256)], dtype=np.float64)


# --- one segment ----------------------------------------------------------------------------------


@dataclass
class Facet:
    values: list[str]
    offsets: np.ndarray  # int64, doc_count_all + 1
    codes: np.ndarray  # int32, index into values


@dataclass
class SegmentColumns:
    doc_count_all: int
    facets: dict[str, Facet]
    date: np.ndarray  # uint64
    lengths: dict[str, np.ndarray]  # field -> uint8 length bytes


def index_folder(ix_or_searcher: Any) -> Path | None:
    """The folder of a Whoosh index (or of a searcher's index); None for an index in RAM."""
    ix = getattr(ix_or_searcher, "_ix", ix_or_searcher)
    folder = getattr(getattr(ix, "storage", None), "folder", None)
    return Path(folder) if folder else None


def sidecar_path(folder: Path | None, reader: Any) -> Path | None:
    """Where the sidecar of a segment reader lives (None for readers without a segment on disk)."""
    try:
        segment = reader.segment()
    except (AttributeError, NotImplementedError):
        return None
    if folder is None or segment is None:
        return None
    return folder / f"{segment.segment_id()}{SUFFIX}"


def _numeric_column(reader: Any, column_reader: Any, dtype: str) -> np.ndarray:
    """A Whoosh NumericColumn as an array (the raw big-endian bytes, padded with its default)."""
    n = reader.doc_count_all()
    dbfile, basepos, size, typecode, default = compat.column_layout(column_reader)
    raw = dbfile.get(basepos, size) if size else b""
    values = np.frombuffer(raw, dtype=">" + typecode).astype(dtype)
    if len(values) < n:
        values = np.concatenate([values, np.full(n - len(values), default, dtype=dtype)])
    return values[:n]


def _build_facet(reader: Any, name: str) -> Facet:
    n = reader.doc_count_all()
    values: list[str] = []
    docs_parts: list[np.ndarray] = []
    codes_parts: list[np.ndarray] = []
    if name in reader.schema.names() and name in reader.indexed_field_names():
        for code, btext in enumerate(reader.lexicon(name)):
            values.append(btext.decode("utf-8"))
            ids, _ = posting_arrays(reader, name, btext)
            docs_parts.append(ids)
            codes_parts.append(np.full(len(ids), code, np.int32))
    docs = np.concatenate(docs_parts) if docs_parts else np.empty(0, np.int32)
    codes = np.concatenate(codes_parts) if codes_parts else np.empty(0, np.int32)
    order = np.argsort(docs, kind="stable")  # by document, then by value (lexicon order)
    docs, codes = docs[order], codes[order]
    offsets = np.zeros(n + 1, np.int64)
    np.cumsum(np.bincount(docs, minlength=n), out=offsets[1:])
    return Facet(values, offsets, codes)


def build(reader: Any) -> SegmentColumns:
    """The columns of one segment reader, from its postings and Whoosh columns."""
    n = reader.doc_count_all()
    facets = {name: _build_facet(reader, name) for name in FACETS}
    if "date" in reader.schema.names() and reader.has_column("date"):
        date = _numeric_column(reader, reader.column_reader("date", translate=False), "uint64")
    else:
        date = np.full(n, NO_DATE, np.uint64)
    lengths = {}
    for field in LENGTH_FIELDS:
        col = compat.length_column(reader, field)
        lengths[field] = _numeric_column(reader, col, "uint8") if col is not None else np.zeros(n, np.uint8)
    return SegmentColumns(n, facets, date, lengths)


def _arrays(cols: SegmentColumns) -> dict[str, np.ndarray]:
    out: dict[str, np.ndarray] = {"date": cols.date}
    for name, facet in cols.facets.items():
        out[f"{name}.offsets"] = facet.offsets
        out[f"{name}.codes"] = facet.codes
    for field, arr in cols.lengths.items():
        out[f"len.{field}"] = arr
    return out


def write(path: Path, cols: SegmentColumns) -> None:
    """Write the sidecar atomically (a temporary file renamed into place), with its checksum
    footer (index/whoosh/integrity.py), and put it on the disk."""
    arrays = _arrays(cols)
    layout: dict[str, list] = {}
    offset = 0
    for key, arr in arrays.items():
        layout[key] = [arr.dtype.str, len(arr), offset]
        offset += -(-arr.nbytes // 8) * 8
    header = json.dumps({
        "doc_count_all": cols.doc_count_all,
        "values": {name: f.values for name, f in cols.facets.items()},
        "arrays": layout,
    }).encode("utf-8")
    header += b" " * (-(len(MAGIC) + 8 + len(header)) % 8)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    with open(tmp, "wb") as raw:
        f = ChecksumWriter(raw)
        f.write(MAGIC + len(header).to_bytes(8, "little") + header)
        for arr in arrays.values():
            data = np.ascontiguousarray(arr).tobytes()
            f.write(data + b"\0" * (-len(data) % 8))
        f.close()
    os.replace(tmp, path)
    sync([path], path.parent)


def read(path: Path) -> SegmentColumns | None:
    """The sidecar memory-mapped; None when it is missing, not ours, or its length or footer says
    it is damaged (then it is rebuilt from its segment: nothing is lost; `cables check` reports it)."""
    if distrusted(path) or cheap_check(path) not in (None, LEGACY):
        return None
    try:
        with open(path, "rb") as f:
            # Plain arrays over the map (np.memmap's subclass costs a hook on every slice).
            buf = np.frombuffer(mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ), np.uint8)
    except (OSError, ValueError):
        return None
    if bytes(buf[: len(MAGIC)]) != MAGIC:
        return None
    size = int.from_bytes(bytes(buf[len(MAGIC) : len(MAGIC) + 8]), "little")
    start = len(MAGIC) + 8
    try:
        header = json.loads(bytes(buf[start : start + size]))
    except ValueError:
        return None
    base = start + size
    arrays = {}
    for key, (dtype, length, offset) in header["arrays"].items():
        dt = np.dtype(dtype)
        arrays[key] = buf[base + offset : base + offset + length * dt.itemsize].view(dt)
    facets = {
        name: Facet(values, arrays[f"{name}.offsets"], arrays[f"{name}.codes"])
        for name, values in header["values"].items()
    }
    lengths = {field: arrays[f"len.{field}"] for field in LENGTH_FIELDS}
    return SegmentColumns(header["doc_count_all"], facets, arrays["date"], lengths)


_segments: dict[str, SegmentColumns] = {}
_lock = threading.Lock()


def segment_columns(folder: Path | None, reader: Any) -> SegmentColumns:
    """The columns of one segment: from memory, from its sidecar, or built (and the sidecar written)."""
    path = sidecar_path(folder, reader)
    if path is None:
        return build(reader)
    key = str(path)
    with _lock:
        found = _segments.get(key)
    if found is not None:
        return found
    found = read(path)
    if found is None or found.doc_count_all != reader.doc_count_all() or set(found.facets) != set(FACETS):
        found = build(reader)
        try:
            write(path, found)
        except OSError:
            pass  # a read-only index: keep the columns in memory only
    with _lock:
        _segments[key] = found
    return found


def ensure(ix: Any) -> int:
    """Write the sidecar of every segment of ``ix`` (a Whoosh index) that has none; how many were written.

    The ingest calls this after its final commit so that no reader pays for building them.
    """
    written = 0
    folder = index_folder(ix)
    with ix.reader() as reader:
        for leaf, _offset in reader.leaf_readers():
            path = sidecar_path(folder, leaf) if leaf.doc_count_all() else None
            if path is None or path.exists():
                continue
            write(path, build(leaf))
            written += 1
    return written


_layouts: dict[tuple[str, str], tuple[np.ndarray, np.ndarray] | None] = {}


def var_bytes(searcher: Any, field: str, docnums: list[int]) -> dict[int, bytes]:
    """Each document's value of a Whoosh VarBytes column (``paragraphs``, ``id``), for those that have one.

    Whoosh's own column reader derives every document's offset in a Python loop as it opens
    (60 ms over 251,000 cables, paid by each fresh process); here it is one np.cumsum a segment,
    kept for the segment's life (segments never change).
    """
    leaves = searcher.reader().leaf_readers()
    bases = [offset for _, offset in leaves]
    out = {}
    for docnum in docnums:
        reader, base = leaves[bisect_right(bases, docnum) - 1]
        key = (reader.segment().segment_id() if reader.segment() else str(id(reader)), field)
        if key not in _layouts:
            _layouts[key] = _var_bytes_layout(reader, field)
        layout, local = _layouts[key], docnum - base
        if layout is not None and local < len(layout[1]) and layout[1][local]:
            colfile, basepos, _ = compat.perdoc_column_file(reader, field)
            out[docnum] = colfile.get(basepos + int(layout[0][local]), int(layout[1][local]))
    return out


def stored_fields(searcher: Any, docnums: list[int]) -> dict[int, dict]:
    """What ``searcher.stored_fields(docnum)`` gives for each of ``docnums``: Whoosh keeps them as
    one zlib-compressed pickle a document in its ``_stored`` column, read here with :func:`var_bytes`."""
    raw = var_bytes(searcher, "_stored", docnums)
    names = set(searcher.schema.names())
    out = {}
    for docnum in docnums:
        value = raw.get(docnum)
        found = compat.restricted_loads(zlib.decompress(value)) if value else {}
        out[docnum] = {k: v for k, v in found.items() if k in names}
    return out


def _var_bytes_layout(reader: Any, field: str) -> tuple[np.ndarray, np.ndarray] | None:
    """(offsets, lengths) of every document's value in a VarBytes column (whoosh.columns layout:
    the values, then optionally the offsets, then the lengths, then type codes, "X" when offsets
    were written); None when the segment has no such column."""
    if not compat.has_perdoc_column(reader, field):
        return None
    colfile, basepos, length = compat.perdoc_column_file(reader, field)
    n = reader.doc_count_all()
    last = basepos + length - 1
    lens_code, offsets = chr(colfile.get_byte(last)), None
    if lens_code == "X":
        lens_code, offsets_code = chr(colfile.get_byte(last - 2)), chr(colfile.get_byte(last - 1))
        last = (last - 2) - n * struct.calcsize(offsets_code)
        offsets = np.asarray(colfile.get_array(last, offsets_code, n), np.int64)
    lengths = np.asarray(colfile.get_array(last - struct.calcsize(lens_code) * n, lens_code, n), np.int64)
    if offsets is None:
        offsets = np.zeros(n, np.int64)
        np.cumsum(lengths[:-1], out=offsets[1:])
    return offsets, lengths


def stored_places(reader: Any) -> tuple[str, int, np.ndarray, np.ndarray] | None:
    """Where each document's stored fields lie in one segment's files: (file name, where the
    ``_stored`` column starts in it, offsets, lengths), for index/citetable.py; None when the
    segment keeps them elsewhere than in a file of its own (its compound ``.seg`` or a ``.col``)."""
    from whoosh.codec.whoosh3 import W3Codec

    layout = _var_bytes_layout(reader, "_stored")
    if layout is None:
        return None
    segment = reader.segment()
    name = W3Codec.column_filename(segment, "_stored")
    storage = compat.perdoc_storage(reader)
    compound = getattr(storage, "a", storage)  # an OverlayStorage: the compound file, then the folder
    if hasattr(compound, "range"):
        return f"{segment.segment_id()}.seg", compound.range(name)[0], *layout
    return name, 0, *layout


# --- the whole index ------------------------------------------------------------------------------


class Columns:
    """The columns of every segment of a searcher, joined: indexed by the searcher's global docnums."""

    def __init__(self, searcher: Any) -> None:
        # An index with no documents yet (an ingest killed before its first commit) has one empty leaf.
        leaves = [(r, o) for r, o in searcher.reader().leaf_readers() if r.doc_count_all()]
        folder = index_folder(searcher)
        self.parts = [(segment_columns(folder, reader), offset) for reader, offset in leaves]
        self.size = sum(c.doc_count_all for c, _ in self.parts)
        self._facets: dict[str, GlobalFacet] = {}
        self.date = np.concatenate([c.date for c, _ in self.parts]) if self.parts else np.empty(0, np.uint64)
        self._lengths: dict[str, np.ndarray] = {}
        self._live: np.ndarray | None = None
        self._leaves = leaves

    def live(self) -> np.ndarray:
        """Boolean mask of the documents not deleted."""
        if self._live is None:
            live = np.ones(self.size, bool)
            for reader, offset in self._leaves:
                if reader.has_deletions():
                    gone = np.fromiter(reader.segment().deleted_docs(), np.int64)
                    live[gone + offset] = False
            self._live = live
        return self._live

    def lengths(self, field: str) -> np.ndarray:
        """Field lengths (float64) of every document, as Whoosh's scorer sees them (1 when absent)."""
        if field not in self._lengths:
            raw = np.concatenate([c.lengths[field] for c, _ in self.parts]) if self.parts else np.empty(0, np.uint8)
            lengths = LENGTH_TABLE[raw]
            lengths[raw == 0] = 1.0
            self._lengths[field] = lengths
        return self._lengths[field]

    def facet(self, name: str) -> GlobalFacet:
        """One facet over the whole index: global value codes, CSR by global docnum."""
        if name not in self._facets:
            values = sorted({v for c, _ in self.parts for v in c.facets[name].values})
            position = {v: i for i, v in enumerate(values)}
            offsets_parts, codes_parts = [np.zeros(1, np.int64)], []
            base = 0
            for c, _offset in self.parts:
                f = c.facets[name]
                remap = np.array([position[v] for v in f.values], np.int32)
                offsets_parts.append(np.asarray(f.offsets[1:], np.int64) + base)
                codes_parts.append(remap[f.codes] if len(f.codes) else np.empty(0, np.int32))
                base += len(f.codes)
            offsets = np.concatenate(offsets_parts)
            codes = np.concatenate(codes_parts) if codes_parts else np.empty(0, np.int32)
            lengths = np.diff(offsets)
            dense = None
            if len(lengths) and lengths.max() <= 1:
                # One value at most per document: a plain array, len(values) standing for none.
                dense = np.full(self.size, len(values), np.int32)
                dense[lengths == 1] = codes
            self._facets[name] = GlobalFacet(values, offsets, codes, dense)
        return self._facets[name]

    def count(self, name: str, mask: np.ndarray) -> dict[str, int]:
        """value -> number of documents in ``mask`` (a boolean array over global docnums) that have it."""
        return self.count_many((name,), mask)[name]

    def count_many(self, names: tuple[str, ...], mask: np.ndarray) -> dict[str, dict[str, int]]:
        """:meth:`count` for several facets over one mask.

        Work in proportion to the smaller side: more than half the index matching is
        counted as every live document's values minus those of the documents left out.
        """
        live = self.live()
        matched = int(np.count_nonzero(mask))
        complement = matched > self.size // 2
        docs = np.flatnonzero(live & ~mask) if complement else np.flatnonzero(mask)
        out = {}
        for name in names:
            facet = self.facet(name)
            counts = facet.counts(docs)
            if complement:
                if facet.live_counts is None:
                    facet.live_counts = facet.counts(np.flatnonzero(live))
                counts = facet.live_counts - counts
            values = facet.values
            out[name] = {values[i]: int(counts[i]) for i in np.flatnonzero(counts)}
        return out


@dataclass
class GlobalFacet:
    values: list[str]
    offsets: np.ndarray  # int64, one more than the documents of the index
    codes: np.ndarray  # int32 global value codes
    dense: np.ndarray | None  # int32 code per document (len(values): none) when single-valued
    live_counts: np.ndarray | None = None

    def counts(self, docs: np.ndarray) -> np.ndarray:
        """How many of ``docs`` (sorted global docnums) have each value (an array over values)."""
        n = len(self.values)
        if self.dense is not None:
            return np.bincount(self.dense[docs], minlength=n + 1)[:n]
        starts = self.offsets[docs]
        lengths = self.offsets[docs + 1] - starts
        total = int(lengths.sum())
        if not total:
            return np.zeros(n, np.int64)
        # The codes of every (document, value) pair of docs: a run of each document's slice.
        shift = np.repeat(starts - (np.cumsum(lengths) - lengths), lengths)
        return np.bincount(self.codes[shift + np.arange(total)], minlength=n)


_searchers: dict[tuple, Columns] = {}


def searcher_columns(searcher: Any) -> Columns:
    """The :class:`Columns` of a searcher, kept for the latest generation of the index."""
    key = tuple((id(reader.segment()), reader.doc_count()) for reader, _ in searcher.reader().leaf_readers())
    with _lock:
        found = _searchers.get(key)
    if found is None:
        found = Columns(searcher)
        with _lock:
            _searchers.clear()
            _searchers[key] = found
    return found


def clear_cache() -> None:
    with _lock:
        _segments.clear()
        _searchers.clear()
        _layouts.clear()

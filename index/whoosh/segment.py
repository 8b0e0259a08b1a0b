"""A bulk segment writer: Whoosh's on-disk format, written without Whoosh's per-posting machinery.

Whoosh's ``SegmentWriter`` sends every posting (about 420 per cable) through a
generic pool: a tuple per posting, a sort of all of them, then one method call
per posting with type checks and a look-up of the document's field length on
disk — about 6 ms a cable, and merging segments later costs as much again.
:class:`BulkSegmentWriter` is a ``SegmentWriter`` that keeps the postings of
the segment in a table (field -> term -> docnums, weights, values) and at
commit writes the term table and posting blocks itself, in exactly the W3
codec's layout (same blocks, same block statistics, same term infos), so
every Whoosh reader and query reads the segment as if Whoosh had written it;
tests/index/test_segment.py compares the two writers' segments term by term.

Text fields may come already grouped into postings (:func:`index.postings_format.text_postings`,
done in the parser processes): ``body=TextPostings(length, [b"secur", ...],
array("f", [2.0, ...]), [positions, ...])``.  Every other value goes through
the field's own ``index()``, as Whoosh does it.  A posting costs the writer no
Python object: the postings of a field are flat columns until commit, where
numpy sorts them by term (see ``_FieldPostings``).  The writer never merges segments: one commit
writes one segment (see index/whoosh/engine.py for the segment policy).
"""

from __future__ import annotations

import zlib
from array import array
from bisect import bisect_left
from itertools import count
from pathlib import Path
from pickle import dumps
from typing import TYPE_CHECKING, Any

from whoosh.codec.whoosh3 import WHOOSH3_HEADER_MAGIC, W3TermInfo
from whoosh.formats import Positions
from whoosh.system import pack_int, pack_ushort
from whoosh.util.numeric import byte_to_length, length_to_byte
from whoosh.writing import NO_MERGE

from index.postings_format import TextPostings
from index.whoosh import compat, integrity

if TYPE_CHECKING:
    import numpy as np


def _indexed(field: Any, value: Any) -> TextPostings:
    """A value that is not pre-analysed, indexed by the field's own ``index()`` as Whoosh does it."""
    indexed = list(field.index(value))
    return TextPostings(sum(freq for _, freq, _, _ in indexed), [t for t, _, _, _ in indexed],
                        [w for _, _, w, _ in indexed], [v for _, _, _, v in indexed])


class _FieldPostings:
    """The postings of one field in the segment being written, as flat columns in the order added.

    Each posting costs no Python object: its term goes into ``termids`` (term -> a number, given
    by ``setdefault`` as the postings stream past in C), its number into ``ids``, its weight into
    ``weights``; ``docs``/``counts`` say which document added how many postings.  At commit the
    columns are sorted by term with numpy (a stable sort keeps each term's documents in order).
    """

    def __init__(self, keep_values: bool) -> None:
        self.termids: dict[bytes, int] = {}
        self.ids = array("I")
        self.weights = array("f")
        self.values: list[bytes] = []
        self.keep_values = keep_values  # False for formats that store no value (fixed size 0)
        self.docs = array("I")
        self.counts = array("I")
        self._next = count()

    def add(self, docnum: int, terms: list[bytes], weights: Any, values: list[bytes]) -> None:
        if not terms:
            return
        self.ids.extend(map(self.termids.setdefault, terms, self._next))
        self.weights.extend(weights)
        if self.keep_values:
            self.values.extend(values)
        self.docs.append(docnum)
        self.counts.append(len(terms))

    def sorted_columns(self) -> tuple[list[bytes], np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """(terms in order, where each term's postings start (and the end), docnums, weights, order),
        the postings grouped by term in term order, each term's in docnum order; ``order`` says
        where each posting was added (its value is ``values[order[i]]``)."""
        import numpy as np
        terms = sorted(self.termids)
        if not terms:
            empty = np.zeros(0, dtype=np.int64)
            return terms, np.zeros(1, dtype=np.int64), empty, empty.astype(np.float32), empty
        ids = np.frombuffer(self.ids, dtype=np.uint32)
        rank = np.zeros(int(ids.max()) + 1, dtype=np.int32)
        rank[np.fromiter(map(self.termids.__getitem__, terms), dtype=np.int64, count=len(terms))] = np.arange(len(terms))
        ranks = rank[ids]
        del rank, ids
        self.ids = self.termids = None  # (memory: a batch's commit must not double it)
        order = np.argsort(ranks, kind="stable").astype(np.uint32)
        bounds = np.zeros(len(terms) + 1, dtype=np.int64)
        np.cumsum(np.bincount(ranks, minlength=len(terms)), out=bounds[1:])
        del ranks
        docs = np.repeat(np.frombuffer(self.docs, dtype=np.uint32), np.frombuffer(self.counts, dtype=np.uint32))[order]
        weights = np.frombuffer(self.weights, dtype=np.float32)[order]
        self.weights = None
        return terms, bounds, docs, weights, order


class BulkSegmentWriter(compat.SegmentWriterBase):
    """A SegmentWriter that writes its segment's postings in one pass at commit; never merges.

    Every file of the segment ends with a checksum footer (index/whoosh/integrity.py), and the
    segment's files and the folder reach the disk (fsync) before the new table of contents is
    renamed into place, the table of contents and the folder after it."""

    def __init__(self, ix: Any, **kwargs: Any) -> None:
        super().__init__(ix, **kwargs)
        self._table: dict[str, _FieldPostings] = {}
        self._lengths: dict[str, array] = {}  # scorable field -> length of each document (as stored)
        self._dropped: set[int] = set()  # documents of this segment deleted before it is committed
        self._arrays: Any = None
        self._positions: Any = None  # the new segment's flat positions being written (index/whoosh/posarrays.py)
        self._sources: list[tuple[str, str]] = []  # (id, source) of each document, by docnum

    def drop(self, docnum: int) -> None:
        """Delete document ``docnum`` of the segment being written (a later version came in the same batch)."""
        self._dropped.add(docnum)

    def add_document(self, **fields: Any) -> None:
        self.check_state()
        schema, docnum, perdoc = self.schema, self.docnum, self.perdocwriter
        names = sorted(name for name in fields if not name.startswith("_"))
        self.check_fields(schema, names)
        perdoc.start_doc(docnum)
        postings: list[tuple[str, int, Any]] = []
        try:
            for name in names:
                value = fields[name]
                if value is None:
                    continue
                field = schema[name]
                length = 0
                if field.indexed:
                    found = value if isinstance(value, TextPostings) else _indexed(field, value)
                    length = found.length if field.scorable else 0
                    postings.append((name, length, found))
                stored = fields.get(f"_stored_{name}", value)
                perdoc.add_field(name, field, stored if field.stored else None, length)
                if field.column_type and stored is not None:
                    perdoc.add_column_value(name, field.column_type, field.to_column_value(stored))
        except Exception:
            perdoc.cancel_doc()
            raise
        perdoc.finish_doc()
        self._sources.append((str(fields.get("id") or ""), str(fields.get("source") or "")))
        for name, length, value in postings:
            self._add_postings(name, docnum, length, value)
        self.mark_added()
        self.docnum += 1

    def _add_postings(self, name: str, docnum: int, length: int, value: TextPostings) -> None:
        table = self._table.get(name)
        if table is None:
            table = self._table[name] = _FieldPostings(self.schema[name].format.fixed_value_size() != 0)
        if length:
            lengths = self._lengths.get(name)
            if lengths is None:
                lengths = self._lengths[name] = array("I")
            lengths.extend([0] * (docnum + 1 - len(lengths)))
            lengths[docnum] = byte_to_length(length_to_byte(length))  # what a reader gets back
        table.add(docnum, value.terms, value.weights, value.values)

    def commit(self, mergetype: Any = None, optimize: Any = None, merge: Any = None) -> None:
        """Write the segment and a new table of contents naming it (never merging others)."""
        self.check_state()
        self.commit_segments(NO_MERGE(self, self.segments), self._dropped)

    def write_postings(self, postfile: Any, field_id: Any, add_term: Any, blocklimit: int, compression: int) -> None:
        import numpy as np

        from index.whoosh.docarrays import SegmentArrays

        blocks = _BlockWriter(postfile, blocklimit, compression)
        arrays = SegmentArrays()
        positions = self._positions = self._segment_positions()
        try:
            for name in sorted(self._table):
                lengths = self._lengths.get(name)
                lengths = np.frombuffer(lengths, dtype=np.uint32) if lengths else None
                field = self.schema[name]
                blocks.write_field(pack_ushort(field_id(name)), self._table.pop(name), field.format.fixed_value_size(),
                                   lengths, add_term, arrays.add,
                                   positions.add if positions is not None and type(field.format) is Positions else None)
        except BaseException:
            self._positions = None
            if positions is not None:
                positions.discard()
            raise
        self._arrays = arrays

    def _segment_positions(self) -> Any:
        """The writer of the new segment's flat positions (index/whoosh/posarrays.py), to a temporary
        file (a dot file: Whoosh would take a file named for the segment into its compound file);
        None for an index in RAM."""
        from index.whoosh.posarrays import SegmentPositions

        folder = getattr(self.storage, "folder", None)
        return SegmentPositions.temporary(Path(folder), self.new_segment_id()) if folder else None

    def cancel(self) -> None:
        if self._positions is not None:
            self._positions.discard()
            self._positions = None
        super().cancel()

    def segment_written(self, segment: Any) -> None:
        """The compound file is assembled: seal it with its footer, write the flat arrays beside it,
        and put them all on the disk before the commit that names the segment."""
        from index.whoosh.docarrays import SUFFIX
        from index.whoosh.posarrays import SUFFIX as POSITIONS

        folder = getattr(self.storage, "folder", None)
        if not folder:
            return  # an index in RAM
        written = []
        if self._positions is not None:  # (renamed from its temporary name first: sealing lists the segment's files)
            path = Path(folder) / f"{segment.segment_id()}{POSITIONS}"
            if self._positions.finish(self.docnum, path):
                written.append(path)
            self._positions = None
        written += integrity.seal_segment(Path(folder), segment.segment_id())
        written.append(integrity.write_sources(Path(folder), segment.segment_id(), self._sources))
        if self._arrays is not None:
            path = Path(folder) / f"{segment.segment_id()}{SUFFIX}"
            if self._arrays.write(path, self.docnum):
                written.append(path)
        integrity.sync(written, Path(folder))


_LOADED = 1 << 18  # postings turned into Python lists at a time when writing


class _BlockWriter:
    """Writes a term's postings as W3PostingsWriter does: blocks of ``limit`` postings, header, extent."""

    def __init__(self, postfile: Any, limit: int, compression: int) -> None:
        self.postfile = postfile
        self.limit = limit
        self.compression = compression

    def write_field(self, prefix: bytes, table: _FieldPostings, fixed: int | None, lengths: np.ndarray | None,
                    add_term: Any, add_arrays: Any, add_positions: Any = None) -> None:
        """Write every term of a field, in term order; add its term info to the term table, its
        postings' offset, docnums and weights to the segment's arrays (index/whoosh/docarrays.py)
        and, for a positions field (``add_positions``), its position lists to the segment's flat
        positions (index/whoosh/posarrays.py)."""
        import numpy as np

        from index.whoosh.docarrays import MIN_POSTINGS

        terms, bounds, docs, weights, order = table.sorted_columns()
        values = table.values if table.keep_values else None
        mini_ids = self._mini_ids(docs, bounds)
        lengths_of = None
        if lengths is not None:
            known = np.zeros(int(docs.max()) + 1 if len(docs) else 0, dtype=np.uint32)
            known[: min(len(known), len(lengths))] = lengths[: len(known)]
            lengths_of = known[docs]
        self.fixed = fixed
        limit, bounds = self.limit, bounds.tolist()
        write, offset = self.postfile.write, self.postfile.tell()
        loaded = 0  # postings up to this one are in the lists below
        for t, term in enumerate(terms):
            if bounds[t + 1] > loaded:
                # Python lists of the next ~256k postings (lists of the whole field would take GBs).
                base = bounds[t]
                loaded = bounds[min(len(terms), max(t + 1, bisect_left(bounds, base + _LOADED)))]
                self.docs = docs[base:loaded].tolist()
                self.mini_ids = mini_ids[base:loaded].tolist()
                self.weights = weights[base:loaded].tolist()
                self.values = list(map(values.__getitem__, order[base:loaded].tolist())) if values else []
                self.lengths = lengths_of[base:loaded].tolist() if lengths_of is not None else None
            info = W3TermInfo()
            at, end = bounds[t] - base, bounds[t + 1] - base
            chunks = [WHOOSH3_HEADER_MAGIC]
            while at < end:
                stop = min(at + limit, end)
                self._block(chunks, info, at, stop, stop == end)
                at = stop
            chunk = b"".join(chunks)  # one write a term
            write(chunk)
            info.set_extent(offset, len(chunk))
            if bounds[t + 1] - bounds[t] >= MIN_POSTINGS:
                add_arrays(offset, docs[bounds[t] : bounds[t + 1]], weights[bounds[t] : bounds[t + 1]])
                if add_positions is not None:
                    add_positions(offset, self.values[bounds[t] - base : bounds[t + 1] - base])
            offset += len(chunk)
            add_term(prefix + term, info.to_bytes())
        self.docs = self.mini_ids = self.weights = self.values = self.lengths = None

    def _mini_ids(self, docs: np.ndarray, bounds: np.ndarray) -> np.ndarray:
        """Each posting's docnum minus the one before it, or the docnum itself where a block starts."""
        import numpy as np

        mini = np.diff(docs.astype(np.int32), prepend=np.int32(0))
        first = np.zeros(len(docs), dtype=bool)
        first[bounds[:-1][np.diff(bounds) > 0]] = True
        for t in np.flatnonzero(np.diff(bounds) > self.limit).tolist():  # a term with more than one block
            first[bounds[t] + self.limit : bounds[t + 1] : self.limit] = True
        mini[first] = docs[first]
        return mini

    def _block(self, chunks: list[bytes], info: W3TermInfo, at: int, stop: int, last: bool) -> None:
        """Add the block of postings ``at:stop`` to ``chunks`` and its statistics to ``info``."""
        ids = self.docs[at:stop]
        weights = self.weights[at:stop]
        minlength, maxlength = None, 0
        if self.lengths is not None:
            found = [n for n in self.lengths[at:stop] if n]
            if found:
                minlength, maxlength = min(found), max(found)
        maxweight = max(weights)
        maxweight = maxweight if maxweight > 0 else 0
        # W3TermInfo.add_block, from the block's statistics
        compat.add_block_stats(info, sum(weights), len(ids), minlength, maxlength, maxweight, ids[0], ids[-1])
        # W3PostingsWriter._write_block
        first = weights[0]
        if first == 1.0 and weights.count(1.0) == len(weights):
            mini_weights = None
        elif weights.count(first) == len(weights):
            mini_weights = first
        else:
            mini_weights = tuple(weights)
        fixed = self.fixed
        if fixed is None or fixed < 0:
            mini_values = tuple(filter(None, self.values[at:stop]))
        elif fixed == 0:
            mini_values = None
        else:
            mini_values = b"".join(self.values[at:stop])
        data = dumps((tuple(self.mini_ids[at:stop]), mini_weights, mini_values), 2)
        comp = self.compression
        if comp:
            data = zlib.compress(data, comp)
        head = dumps((len(ids), ids[-1], maxweight, comp, length_to_byte(minlength), length_to_byte(maxlength)), 2)
        chunks += (pack_int(-(len(head) + len(data)) if last else len(head) + len(data)), head, data)

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

Text fields may come already grouped into postings (:func:`text_postings`,
done in the parser processes): ``body=TextPostings(length, [(b"secur", 2.0,
positions), ...])``.  Every other value goes through the field's own
``index()``, as Whoosh does it.  The writer never merges segments: one commit
writes one segment (see index/engine.py for the segment policy).
"""

from __future__ import annotations

import zlib
from array import array
from pathlib import Path
from pickle import dumps
from typing import Any, NamedTuple

from whoosh.codec.whoosh3 import WHOOSH3_HEADER_MAGIC, W3TermInfo
from whoosh.system import pack_uint, pack_ushort
from whoosh.util.numeric import byte_to_length, length_to_byte
from whoosh.writing import NO_MERGE, SegmentWriter


class TextPostings(NamedTuple):
    """A text field's postings for one document: its length (terms) and (term bytes, weight, value bytes)."""

    length: int
    items: list[tuple[bytes, float, bytes]]


def text_postings(terms: list[str], field_boost: float = 1.0) -> TextPostings:
    """The postings a Whoosh ``Positions`` field writes for a document whose analysed terms are ``terms``.

    Term ``i`` of the list is at position ``i``; the value of a posting is
    Whoosh's ``Positions.encode`` of the term's positions, its weight the
    number of positions times the field boost.
    """
    positions: dict[str, list[int]] = {}
    for i, term in enumerate(terms):
        found = positions.get(term)
        if found is None:
            positions[term] = [i]
        else:
            found.append(i)
    items = []
    for term, where in positions.items():
        n = len(where)
        deltas = where if n == 1 else [where[0], *(b - a for a, b in zip(where, where[1:]))]
        items.append((term.encode("utf-8"), n * field_boost, pack_uint(n) + dumps(deltas, 2)))
    return TextPostings(len(terms), items)


# A term's postings in the segment being written: (docnums, weights, values), compact arrays.
_TermPostings = tuple[array, array, list]


class BulkSegmentWriter(SegmentWriter):
    """A SegmentWriter that writes its segment's postings in one pass at commit; never merges."""

    def __init__(self, ix: Any, **kwargs: Any) -> None:
        super().__init__(ix, **kwargs)
        self._table: dict[str, dict[bytes, _TermPostings]] = {}
        self._lengths: dict[str, array] = {}  # scorable field -> length of each document (as stored)
        self._dropped: set[int] = set()  # documents of this segment deleted before it is committed

    def drop(self, docnum: int) -> None:
        """Delete document ``docnum`` of the segment being written (a later version came in the same batch)."""
        self._dropped.add(docnum)

    def add_document(self, **fields: Any) -> None:
        self._check_state()
        schema, docnum, perdoc = self.schema, self.docnum, self.perdocwriter
        names = sorted(name for name in fields if not name.startswith("_"))
        self._check_fields(schema, names)
        perdoc.start_doc(docnum)
        postings: list[tuple[str, int, list]] = []
        try:
            for name in names:
                value = fields[name]
                if value is None:
                    continue
                field = schema[name]
                length = 0
                if field.indexed:
                    if isinstance(value, TextPostings):
                        length, items = value.length, value.items
                    else:
                        indexed = list(field.index(value))
                        items = [(t, w, v) for t, _, w, v in indexed]
                        length = sum(freq for _, freq, _, _ in indexed)
                    length = length if field.scorable else 0
                    postings.append((name, length, items))
                stored = fields.get(f"_stored_{name}", value)
                perdoc.add_field(name, field, stored if field.stored else None, length)
                if field.column_type and stored is not None:
                    perdoc.add_column_value(name, field.column_type, field.to_column_value(stored))
        except Exception:
            perdoc.cancel_doc()
            raise
        perdoc.finish_doc()
        for name, length, items in postings:
            self._add_postings(name, docnum, length, items)
        self._added = True
        self.docnum += 1

    def _add_postings(self, name: str, docnum: int, length: int, items: list) -> None:
        terms = self._table.get(name)
        if terms is None:
            terms = self._table[name] = {}
        if length:
            lengths = self._lengths.get(name)
            if lengths is None:
                lengths = self._lengths[name] = array("I")
            lengths.extend([0] * (docnum + 1 - len(lengths)))
            lengths[docnum] = byte_to_length(length_to_byte(length))  # what a reader gets back
        get = terms.get
        for term, weight, value in items:  # the hot loop: about 400 postings a cable
            postings = get(term)
            if postings is None:
                terms[term] = (array("I", (docnum,)), array("f", (weight,)), [value] if value else [])
            else:
                postings[0].append(docnum)
                postings[1].append(weight)
                if value:
                    postings[2].append(value)

    def commit(self, mergetype: Any = None, optimize: Any = None, merge: Any = None) -> None:
        """Write the segment and a new table of contents naming it (never merging others)."""
        self._check_state()
        segments = NO_MERGE(self, self.segments)
        if self._added:
            segment = self._finalize_segment()
            for docnum in sorted(self._dropped):
                segment.delete_document(docnum)
            segments.append(segment)
        else:
            self._close_segment()
        self._commit_toc(segments)
        self._finish()

    def _flush_segment(self) -> None:
        self.perdocwriter.close()
        fw = self.fieldwriter
        from index.docarrays import SUFFIX, SegmentArrays  # numpy: not on the parsers' or `cables cite`'s path

        blocks = _BlockWriter(fw._postfile, self.codec._blocklimit, self.codec._compression)
        arrays = SegmentArrays()
        for name in sorted(self._table):
            fieldid = fw._fieldmap.setdefault(name, len(fw._fieldmap))
            prefix = pack_ushort(fieldid)
            fixed = self.schema[name].format.fixed_value_size()
            lengths = self._lengths.get(name)
            terms = self._table[name]
            for term in sorted(terms):
                info = blocks.write_term(terms[term], fixed, lengths)
                fw._tindex.add(prefix + term, info.to_bytes())
                arrays.add(info.extent()[0], terms[term][0], terms[term][1])
            terms.clear()
        self._table.clear()
        fw.close()
        self._arrays = (arrays, SUFFIX)

    def _finalize_segment(self) -> Any:
        segment = super()._finalize_segment()
        folder = getattr(self.storage, "folder", None)
        arrays = getattr(self, "_arrays", None)
        if folder and arrays:  # after the compound file is assembled, before the commit that names the segment
            arrays[0].write(Path(folder) / f"{segment.segment_id()}{arrays[1]}", self.docnum)
        return segment


class _BlockWriter:
    """Writes a term's postings as W3PostingsWriter does: blocks of ``limit`` postings, header, extent."""

    def __init__(self, postfile: Any, limit: int, compression: int) -> None:
        self.postfile = postfile
        self.limit = limit
        self.compression = compression

    def write_term(self, postings: _TermPostings, fixed: int | None, lengths: array | None) -> W3TermInfo:
        info = W3TermInfo()
        postfile, limit = self.postfile, self.limit
        start = postfile.tell()
        postfile.write(WHOOSH3_HEADER_MAGIC)
        ids, weights, values = postings
        count = len(ids)
        for at in range(0, count, limit):
            end = min(at + limit, count)
            self._write_block(info, ids[at:end], weights[at:end], values[at:end] if values else [], fixed, lengths, end == count)
        info.set_extent(start, postfile.tell() - start)
        return info

    def _write_block(self, info: W3TermInfo, ids: array, weights: array, values: list, fixed: int | None,
                     lengths: array | None, last: bool) -> None:
        minlength, maxlength = None, 0
        if lengths is not None:
            known = len(lengths)
            found = [lengths[d] for d in ids if d < known and lengths[d]]
            if found:
                minlength, maxlength = min(found), max(found)
        maxweight = max(weights)
        maxweight = maxweight if maxweight > 0 else 0
        # W3TermInfo.add_block, from the block's statistics
        info._weight += sum(weights)
        info._df += len(ids)
        if minlength is not None:
            info._minlength = minlength if info._minlength is None else min(info._minlength, minlength)
        info._maxlength = max(info._maxlength, maxlength)
        info._maxweight = max(info._maxweight, maxweight)
        if info._minid is None:
            info._minid = ids[0]
        info._maxid = ids[-1]
        # W3PostingsWriter._write_block
        first = ids[0]
        mini_ids = (first, *(b - a for a, b in zip(ids, ids[1:])))
        if all(w == 1.0 for w in weights):
            mini_weights = None
        elif all(w == weights[0] for w in weights):
            mini_weights = weights[0]
        else:
            mini_weights = tuple(weights)
        if fixed is None or fixed < 0:
            mini_values = tuple(values)
        elif fixed == 0:
            mini_values = None
        else:
            mini_values = b"".join(values)
        data = dumps((mini_ids, mini_weights, mini_values), 2)
        comp = self.compression
        if comp:
            data = zlib.compress(data, comp)
        head = dumps((len(ids), ids[-1], maxweight, comp, length_to_byte(minlength), length_to_byte(maxlength)), 2)
        size = len(head) + len(data)
        self.postfile.write_int(-size if last else size)
        self.postfile.write(head)
        self.postfile.write(data)

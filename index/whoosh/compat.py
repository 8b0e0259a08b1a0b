"""The one door to Whoosh's internals: every private Whoosh name the project uses is named here.

The Whoosh wing reads and writes Whoosh's on-disk format faster than Whoosh's public API
allows (index/whoosh/segment.py writes a segment's postings in one pass; postings.py reads
posting blocks into numpy; columns.py reads column files whole), and that needs some of
Whoosh's private attributes.  They live in this module only, so that a new Whoosh release
breaks one file, loudly, instead of giving wrong document numbers quietly:

- :data:`WRITTEN_FOR` is the Whoosh release this module was written for (whoosh-reloaded
  2.7.x; setup.cfg pins ``>=2.7.5,<2.8``).  Importing it with another raises
  :class:`WhooshVersionError`, one line: ``cables: this cablesearch reads Whoosh 2.7.x; whoosh-reloaded
  2.8.0 is installed: run pip install 'whoosh-reloaded>=2.7.5,<2.8'``.
- No code from an index folder: every pickle Whoosh or the project reads from an index (the
  table of contents with its schema, a segment's directory, posting blocks, stored fields, the
  project's position lists) goes through :func:`restricted_loads` / :class:`IndexUnpickler`,
  which builds only plain data and the classes a schema is made of.  A pickle that names
  anything else (``os.system``, ``builtins.eval``, ``subprocess.Popen`` …) raises
  :class:`UnsafeIndexData` before anything runs.  :func:`install` puts the unpickler in the
  place of ``pickle.loads`` in the Whoosh modules that read index data.
- the memory-mapped compound file without a copy (``compound.BufferFile``, see :class:`MappedFile`);
- accessors for what the readers need: :func:`column_layout` (ColumnReader ``_count``,
  ``_fixedlen`` …), :func:`leaf_blocks` (W3LeafMatcher ``_read_data``, ``_blocklength`` …),
  :func:`unwrap_deleted` (FilterMatcher ``_exclude``/``_ids``), :func:`term_offset`,
  :func:`reader_folder`, :func:`perdoc_column_file`, :func:`bm25_field_b`, :func:`query_btexts`;
- :class:`SegmentWriterBase`, a ``SegmentWriter`` whose private hooks (``_flush_segment``,
  ``_finalize_segment``, ``_commit_toc`` …) are given public names for the bulk writer.

tests/index/test_compat.py scans the project's sources and fails if a module outside this one
names a private Whoosh attribute.
"""

from __future__ import annotations

import io
import os
import pickle
import types
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import whoosh
from whoosh.codec import whoosh3
from whoosh.filedb import compound, structfile
from whoosh.matching import AndNotMatcher as _WhooshAndNotMatcher
from whoosh.writing import SegmentWriter

from corpus.errors import CablesError
from index.unpickle import UnsafeIndexData, restricted_load, restricted_loads

__all__ = ["UnsafeIndexData", "restricted_load", "restricted_loads"]  # the one unpickler, through this door too

WRITTEN_FOR = (2, 7)  # whoosh-reloaded 2.7.x
PIN = "whoosh-reloaded>=2.7.5,<2.8"


class WhooshVersionError(CablesError):
    """The installed Whoosh is not the release this module was written for."""

    def __init__(self, found: tuple) -> None:
        version = ".".join(map(str, found))
        super().__init__(
            f"this cablesearch reads Whoosh {WRITTEN_FOR[0]}.{WRITTEN_FOR[1]}.x; whoosh-reloaded {version} "
            f"is installed: run pip install '{PIN}'"
        )


def check_version(found: tuple | None = None) -> None:
    """Raise :class:`WhooshVersionError` unless ``found`` (default: the installed Whoosh) is 2.7.x."""
    found = tuple(whoosh.__version__ if found is None else found)
    if found[:2] != WRITTEN_FOR:
        raise WhooshVersionError(found)


check_version()


class _PickleModule(types.ModuleType):
    """What ``whoosh.index`` sees as ``pickle``: the real module with ``loads`` restricted."""

    def __getattr__(self, name: str) -> Any:
        return getattr(pickle, name)


def install() -> None:
    """Put the restricted unpickler where Whoosh reads pickles from an index, and the copy-free
    mapped file where Whoosh opens a compound segment.  Idempotent; done on import."""
    import whoosh.columns
    import whoosh.formats
    import whoosh.index

    shim = _PickleModule("pickle")
    shim.loads = restricted_loads
    shim.load = restricted_load
    whoosh.index.pickle = shim  # the TOC's schema
    whoosh.index.toc_loaders = {}  # tables of contents of Whoosh 1.x/2.x, read with a renaming unpickler: refused
    structfile.load_pickle = restricted_load  # read_pickle: segment lists, compound directories, column headers
    whoosh3.loads = restricted_loads  # posting blocks, inlined postings
    whoosh.columns.loads = restricted_loads  # stored fields (a pickle column)
    whoosh.formats.loads = restricted_loads  # position lists
    compound.BufferFile = MappedFile


# --- the compound file, mapped without a copy -----------------------------------------------------


class _View(io.RawIOBase):
    """A read-only file over a memoryview, without copying it."""

    def __init__(self, buf: memoryview) -> None:
        self._buf = buf
        self._pos = 0

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def read(self, n: int | None = -1) -> bytes:
        start = self._pos
        end = len(self._buf) if n is None or n < 0 else min(start + n, len(self._buf))
        self._pos = end
        return bytes(self._buf[start:end])

    def readinto(self, b: Any) -> int:
        data = self.read(len(b))
        b[: len(data)] = data
        return len(data)

    def seek(self, pos: int, whence: int = 0) -> int:
        self._pos = pos if whence == 0 else self._pos + pos if whence == 1 else len(self._buf) + pos
        return self._pos

    def tell(self) -> int:
        return self._pos


class MappedFile(structfile.BufferFile):
    """Whoosh's view of one file inside a segment's memory-mapped compound file, without the copy.

    Whoosh's own BufferFile wraps the mapped bytes in a BytesIO, which copies the whole
    sub-file: opening a searcher copied every segment's term dictionary (hundreds of MB at
    Cablegate scale) before the first look-up.  Reads here slice the map instead.
    """

    def __init__(self, buf: Any, name: str | None = None, onclose: Any = None) -> None:
        super().__init__(b"", name=name, onclose=onclose)
        self._buf = buf
        self.file = io.BufferedReader(_View(buf), 4096)

    def subset(self, position: int, length: int, name: str | None = None) -> MappedFile:
        return MappedFile(self._buf[position : position + length], name=name or self._name)


# --- reading --------------------------------------------------------------------------------------


def reader_folder(reader: Any) -> str | None:
    """The index folder of a segment reader (its compound storage sits over the folder's storage)."""
    storage = getattr(reader, "_storage", None)
    storage = getattr(storage, "b", storage)
    return getattr(storage, "folder", None)


def term_offset(info: Any) -> int | None:
    """Where a term's postings start in the segment's postings file; None when they are inlined."""
    if getattr(info, "_inlined", None) is not None:
        return None
    return getattr(info, "_offset", None)


def unwrap_deleted(m: Any) -> tuple[Any, Any]:
    """(the leaf matcher, the deleted docnums) of a matcher that skips deleted documents, rewound;
    (m, None) for any other matcher."""
    from whoosh.matching.wrappers import FilterMatcher

    if isinstance(m, FilterMatcher) and m._exclude and isinstance(m.child, whoosh3.W3LeafMatcher):
        child = m.child
        child.reset()  # the wrapper may already have stepped over deleted postings
        return child, m._ids
    return m, None


def is_block_matcher(m: Any) -> bool:
    return isinstance(m, whoosh3.W3LeafMatcher)


def leaf_blocks(m: Any, wanted: Any = None) -> Iterator[tuple[int, Any]]:
    """The blocks of a W3 leaf matcher: (the block's highest docnum, (id deltas, weights, values)).

    ``wanted(lowest, highest)`` (optional) says whether a block is worth decoding; a block it
    turns down is yielded as ``(highest, None)`` without being decompressed."""
    lowest = 0
    while m.is_active():
        highest = m._maxid
        if wanted is not None and not wanted(lowest, highest):
            lowest = highest + 1
            yield highest, None
            m._next_block()
            continue
        lowest = highest + 1
        m._read_data()
        yield highest, m._data
        m._next_block()


def block_length(data: Any) -> int:
    """How many postings a decoded block holds."""
    return len(data[0])


def column_layout(column_reader: Any) -> tuple[Any, int, int, str, Any]:
    """(file, start, byte size, struct type code, default) of a fixed-width Whoosh column."""
    r = column_reader
    return r._dbfile, r._basepos, r._count * r._fixedlen, r._typecode, r._default


def length_column(reader: Any, field: str) -> Any:
    """The column reader of a field's lengths (one byte a document), or None."""
    return reader._perdoc._cached_reader(whoosh3._lenfield(field), whoosh3.LENGTHS_COLUMN)


def has_perdoc_column(reader: Any, field: str) -> bool:
    return reader._perdoc.has_column(field)


def perdoc_column_file(reader: Any, field: str) -> tuple[Any, int, int]:
    """(file, start, length) of a segment's column, opened once per reader as Whoosh does."""
    perdoc = reader._perdoc
    if field not in perdoc._colfiles:
        perdoc._colfiles[field] = perdoc._get_column_file(field)
    return perdoc._colfiles[field]


def bm25_field_b(weighting: Any, field: str) -> float:
    """BM25F's B for one field (a per-field B, else the model's)."""
    return weighting._field_B.get(field, weighting.B)


def query_btexts(q: Any, reader: Any) -> Iterator[bytes]:
    """The index terms a Prefix, Wildcard or FuzzyTerm query stands for in ``reader``."""
    return q._btexts(reader)


def stemmer_function(stem_filter: Any) -> Any:
    """The stemming function of a Whoosh StemFilter (without its cache)."""
    return stem_filter._stem


def toc_exists(folder: Any, indexname: str) -> bool:
    """Whether the folder holds a table of contents of the index (without reading it)."""
    from whoosh.filedb.filestore import FileStorage
    from whoosh.index import TOC

    return TOC._latest_generation(FileStorage(str(folder)), indexname) > -1


def latest_toc(folder: Any, indexname: str) -> str:
    """The path of the index's current table of contents (``_MAIN_12.toc``)."""
    from whoosh.filedb.filestore import FileStorage
    from whoosh.index import TOC

    generation = TOC._latest_generation(FileStorage(str(folder)), indexname)
    return os.path.join(str(folder), TOC._filename(indexname, generation))


def segment_reader(ix: Any, segment: Any) -> Any:
    """A reader over one segment of the index (deleted documents known)."""
    from whoosh.reading import SegmentReader

    return SegmentReader(ix.storage, ix.schema, segment)


def index_segments(ix: Any) -> list[Any]:
    """The segments the index's current table of contents names."""
    return ix._segments()


class AndNotMatcher(_WhooshAndNotMatcher):
    """Whoosh's AndNotMatcher, which checks a segment's first positive document against the
    excluded ones only when both start on the same document: "sendero -peru" kept the first
    Sendero cable of a segment although it is all about Peru.  This one skips from the start."""

    def _find_first(self) -> None:
        if self.a.is_active() and self.b.is_active():
            self._find_next()


# --- writing --------------------------------------------------------------------------------------


def add_block_stats(info: Any, weight: float, df: int, minlength: int | None, maxlength: int,
                    maxweight: float, minid: int, maxid: int) -> None:
    """What ``W3TermInfo.add_block`` does, from a block's statistics instead of the block."""
    info._weight += weight
    info._df += df
    if minlength is not None:
        info._minlength = minlength if info._minlength is None else min(info._minlength, minlength)
    info._maxlength = max(info._maxlength, maxlength)
    info._maxweight = max(info._maxweight, maxweight)
    if info._minid is None:
        info._minid = minid
    info._maxid = maxid


@contextmanager
def durable_renames(storage: Any) -> Iterator[None]:
    """While Whoosh writes a table of contents (a temporary file renamed into place): the file
    reaches the disk before the rename, the folder (the rename itself) after it."""
    folder = getattr(storage, "folder", None)
    rename = storage.rename_file
    if not folder:
        yield
        return

    def durable(oldname: str, newname: str, safe: bool = False) -> None:
        sync_file(os.path.join(folder, oldname))
        rename(oldname, newname, safe=safe)
        sync_file(folder)

    storage.rename_file = durable
    try:
        yield
    finally:
        del storage.rename_file


def sync_file(path: str | os.PathLike) -> None:
    """fsync a file or a folder (its entries: a rename, a new file)."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


class SegmentWriterBase(SegmentWriter):
    """Whoosh's SegmentWriter with its private steps under public names, for the bulk writer.

    A subclass implements :meth:`write_postings` (the postings of the new segment, at commit, into
    ``postfile``) and may implement :meth:`segment_written` (after the compound file is
    assembled, before the table of contents names it).
    """

    def check_state(self) -> None:
        self._check_state()

    def mark_added(self) -> None:
        self._added = True

    def check_fields(self, schema: Any, names: list[str]) -> None:
        self._check_fields(schema, names)

    def new_segment_id(self) -> str:
        """The id of the segment this writer is writing (its files are named ``<id>.<suffix>``)."""
        return self.newsegment.segment_id()

    def write_postings(self, postfile: Any, field_id: Any, add_term: Any, blocklimit: int, compression: int) -> None:
        raise NotImplementedError

    def segment_written(self, segment: Any) -> None:
        """Called with the new segment once its files are on disk (before the TOC names it)."""

    def commit_segments(self, segments: list[Any], dropped: set[int]) -> None:
        """Finish the new segment (its ``dropped`` documents deleted), write the TOC naming
        ``segments`` and it, release the lock."""
        if self._added:
            segment = self._finalize_segment()
            for docnum in sorted(dropped):
                segment.delete_document(docnum)
            segments.append(segment)
        else:
            self._close_segment()
        with durable_renames(self.storage):
            self._commit_toc(segments)
        self._finish()

    def _flush_segment(self) -> None:
        self.perdocwriter.close()
        fw = self.fieldwriter

        def field_id(name: str) -> int:
            return fw._fieldmap.setdefault(name, len(fw._fieldmap))

        self.write_postings(fw._postfile, field_id, fw._tindex.add, self.codec._blocklimit, self.codec._compression)
        fw.close()

    def _finalize_segment(self) -> Any:
        segment = super()._finalize_segment()
        self.segment_written(segment)
        return segment


install()

__all__ = [name for name in dir() if not name.startswith("_") and name not in ("annotations", "os")]


def perdoc_storage(reader: Any) -> Any:
    """The storage a segment reader reads its per-document columns from (the compound file, or
    an overlay of it and the folder)."""
    return reader._perdoc._storage

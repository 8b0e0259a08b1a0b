"""The index on disk: open it, read records back, write batches.  The boundary search/ and tui/ use.

One Whoosh index per folder.  Reads go through one cached searcher (opening a
searcher costs a few milliseconds; look-ups by id must not), guarded by a lock
because the TUI calls in from worker threads.  Writes go through
:meth:`Index.writer`, one batch = one commit: Whoosh commits by writing the new
segment, then renaming a new table of contents into place, so a process killed
mid-batch leaves the index as it was after the previous commit.
"""

from __future__ import annotations

import json
import threading
import time
from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from whoosh import index as whoosh_index
from whoosh.filedb.filestore import FileStorage
from whoosh.index import LockError

from corpus.errors import CablesError
from corpus.records import Record
from index.fields import preanalyse, record_fields
from index.schema import build_schema
from index.store import load_record_shared

INDEX_NAME = "MAIN"
META_FILE = "ingest-meta.json"  # when the last ingest finished, and its counts
INGEST_LOCK = "INGEST"  # held for a whole ingest run, across its many batch commits

# Writer settings, measured with bench/bench_ingest.py: parsing (and stemming) already runs in
# the parser processes, so one indexing process is enough; a bigger pool means fewer flushes.
WRITER_LIMITMB = 256
WRITER_PROCS = 1


class IndexNotFound(CablesError):
    """There is no index in the folder."""

    def __init__(self, path: Path) -> None:
        super().__init__(
            f"no index in {path}: build one with `cables ingest --sample` (the bundled samples) "
            f"or `cables ingest PATH…` (your files)"
        )
        self.path = path


class IndexLocked(CablesError):
    """Another process (or another ingest) is writing to the index."""

    def __init__(self, path: Path) -> None:
        super().__init__(f"another ingest is writing to {path}; wait for it to finish")
        self.path = path


class BatchWriter:
    """What :meth:`Index.writer` yields: add or delete records; all committed together."""

    def __init__(self, writer: Any) -> None:
        self._writer = writer
        self.added = 0
        self.deleted = 0

    def add(self, record: Record, content_hash: str) -> None:
        """Add ``record``, replacing any record with the same id (a newer release replaces, never duplicates)."""
        self.add_fields(preanalyse(record_fields(record, content_hash)))

    def add_fields(self, fields: dict[str, Any]) -> None:
        """Add a record already turned into field values (:func:`index.fields.record_fields`)."""
        schema = self._writer.schema  # an index made before a field was added takes the fields it has
        self._writer.update_document(**{k: v for k, v in fields.items() if k.removeprefix("_stored_") in schema})
        self.added += 1

    def delete(self, id: str) -> None:
        self.deleted += self._writer.delete_by_term("id", id)


class Index:
    """A cable/document index in one folder."""

    def __init__(self, path: Path, ix: Any) -> None:
        self.path = path
        self._ix = ix
        self._lock = threading.RLock()
        self._searcher: Any = None

    # --- opening ------------------------------------------------------------------------------

    @classmethod
    def open(cls, path: Path, *, create: bool = False) -> Index:
        """Open the index in ``path``; with ``create=True`` make an empty one when there is none.

        Raises :class:`IndexNotFound` when there is none and ``create`` is False.
        """
        path = Path(path)
        if path.is_dir() and whoosh_index.exists_in(str(path), indexname=INDEX_NAME):
            return cls(path, whoosh_index.open_dir(str(path), indexname=INDEX_NAME))
        if not create:
            raise IndexNotFound(path)
        path.mkdir(parents=True, exist_ok=True)
        storage = FileStorage(str(path))
        lock = storage.lock(f"{INDEX_NAME}_WRITELOCK")
        # Two processes creating the same new index at once: only one may write the first TOC.
        if not lock.acquire(blocking=False):
            raise IndexLocked(path)
        try:
            if whoosh_index.exists_in(str(path), indexname=INDEX_NAME):
                ix = whoosh_index.open_dir(str(path), indexname=INDEX_NAME)
            else:
                ix = storage.create_index(build_schema(), indexname=INDEX_NAME)
        finally:
            lock.release()
        return cls(path, ix)

    def close(self) -> None:
        with self._lock:
            if self._searcher is not None:
                self._searcher.close()
                self._searcher = None

    def __enter__(self) -> Index:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def refresh(self) -> None:
        """See what other processes committed since this index (or its last refresh) was opened."""
        with self._lock:
            if self._searcher is None or self._searcher.up_to_date():
                return
            if self._searcher.reader().doc_count_all() == 0:
                # Whoosh cannot refresh a searcher over an empty index (it fails reusing its EmptyReader).
                self._searcher.close()
                self._searcher = None
            else:
                self._searcher = self._searcher.refresh()

    # --- reading ------------------------------------------------------------------------------

    @contextmanager
    def searcher(self) -> Iterator[Any]:
        """A Whoosh searcher over the index as last opened/refreshed (do not close it yourself)."""
        with self._lock:
            yield self._cached_searcher()

    def _cached_searcher(self) -> Any:
        if self._searcher is None:
            self._searcher = self._ix.searcher()
        return self._searcher

    def get(self, id: str) -> Record | None:
        with self._lock:
            stored = self._cached_searcher().document(id=id)
        return load_record_shared(stored["record"]) if stored else None

    def get_many(self, ids: Iterable[str]) -> dict[str, Record]:
        """The records of the ids that are in the index (absent ids are simply not in the answer)."""
        found: dict[str, Record] = {}
        with self._lock:
            s = self._cached_searcher()
            for id in dict.fromkeys(ids):
                stored = s.document(id=id)
                if stored:
                    found[id] = load_record_shared(stored["record"])
        return found

    def has(self, id: str) -> bool:
        with self._lock:
            return self._cached_searcher().document_number(id=id) is not None

    def doc_count(self) -> int:
        with self._lock:
            return self._cached_searcher().doc_count()

    def reader_ids(self) -> Iterator[str]:
        """Every id in the index (no particular order)."""
        with self._lock:
            ids = list(self._live_column("id").values())
        return iter(ids)

    def content_hashes(self) -> dict[str, str]:
        """id -> content_hash of every record, to skip files that have not changed since the last ingest."""
        return self._id_to_term("content_hash")

    def releases(self) -> dict[str, str]:
        """id -> release stamp of the records that carry one (WikiLeaks pages), to keep the newest release."""
        return self._id_to_term("released")

    def _id_to_term(self, field: str) -> dict[str, str]:
        with self._lock:
            reader = self._cached_searcher().reader()
            if field not in reader.indexed_field_names():
                return {}  # an index written before the field existed, or empty
            ids = self._live_column("id")
            out: dict[str, str] = {}
            # These fields have no column: walk their terms (few per record) and their postings.
            for term in reader.lexicon(field):
                value = term.decode("utf-8") if isinstance(term, bytes) else term
                for docnum in reader.postings(field, value).all_ids():
                    if docnum in ids:
                        out[ids[docnum]] = value
        return out

    def _live_column(self, field: str) -> dict[int, str]:
        reader = self._cached_searcher().reader()
        if reader.doc_count_all() == 0:
            return {}  # an empty index has no columns at all
        column = reader.column_reader(field)
        return {d: column[d] for d in reader.all_doc_ids()}

    def stats(self) -> dict:
        """documents, by kind, size on disk (bytes), segments, last ingest (ISO time) and its figures."""
        with self._lock:
            kinds = Counter(self._live_column("kind").values())
            count = self._cached_searcher().doc_count()
            segments = len(self._ix._segments())
        meta = self._read_meta()
        return {
            "path": str(self.path),
            "documents": count,
            "by_kind": dict(kinds.most_common()),
            "provisional": sorted(i for i in self._live_column("id").values() if i.endswith("-PROVISIONAL")),
            "size_bytes": sum(f.stat().st_size for f in self.path.iterdir() if f.is_file()),
            "segments": segments,
            "last_ingest": meta.get("finished"),
            "last_ingest_report": meta.get("report"),
        }

    def _read_meta(self) -> dict:
        try:
            return json.loads((self.path / META_FILE).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}

    def write_meta(self, report: dict) -> None:
        """Record when an ingest finished (shown by stats())."""
        meta = {"finished": time.strftime("%Y-%m-%dT%H:%M:%S%z"), "report": report}
        tmp = self.path / (META_FILE + ".tmp")
        tmp.write_text(json.dumps(meta, default=str), encoding="utf-8")
        tmp.replace(self.path / META_FILE)

    # --- writing ------------------------------------------------------------------------------

    @contextmanager
    def writer(self) -> Iterator[BatchWriter]:
        """A batch writer; commits when the block ends, discards the batch if it raises.

        Raises :class:`IndexLocked` when another writer holds the index.
        """
        try:
            options = {"procs": WRITER_PROCS, "multisegment": True} if WRITER_PROCS > 1 else {}
            w = self._ix.writer(limitmb=WRITER_LIMITMB, **options)
        except LockError:
            raise IndexLocked(self.path) from None
        batch = BatchWriter(w)
        try:
            yield batch
        except BaseException:
            w.cancel()
            raise
        w.commit()
        self.refresh()

    @contextmanager
    def ingest_lock(self) -> Iterator[None]:
        """Held for a whole ingest (many commits) so that two ingests never interleave their batches."""
        lock = self._ix.storage.lock(INGEST_LOCK)
        if not lock.acquire(blocking=False):
            raise IndexLocked(self.path)
        try:
            yield
        finally:
            lock.release()

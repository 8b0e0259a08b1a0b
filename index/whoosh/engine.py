"""The Whoosh engine: the index in a folder; open it, read records back, write batches.

:class:`Index` is one of the two engines behind the engine boundary (index/engines.py); its
searching side (search, cited-by, terms) is in index/whoosh/search.py.

One Whoosh index per folder.  Reads go through one cached searcher (opening a
searcher costs a few milliseconds; look-ups by id must not), guarded by a lock
because the TUI calls in from worker threads.  Writes go through
:meth:`Index.writer`, one batch = one commit: Whoosh commits by writing the new
segment, then renaming a new table of contents into place, so a process killed
mid-batch leaves the index as it was after the previous commit.
"""

from __future__ import annotations

import functools
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
from index.engines import IndexDamaged, IndexLocked, IndexNotFound
from index.fields import preanalyse, record_fields
from index.schema import build_schema
from index.store import load_record_shared
from index.whoosh import compat, integrity
from index.whoosh.search import WhooshSearch
from index.whoosh.segment import BulkSegmentWriter

INDEX_NAME = "MAIN"
META_FILE = "ingest-meta.json"  # when the last ingest finished, and its counts
INGEST_LOCK = "INGEST"  # held for a whole ingest run, across its many batch commits


def _open_dir(path: Path) -> Any:
    """Whoosh's open_dir, its table of contents read through the restricted unpickler
    (index/whoosh/compat.py); a table of contents that cannot be read is said in one line."""
    try:
        return whoosh_index.open_dir(str(path), indexname=INDEX_NAME)
    except compat.UnsafeIndexData as exc:
        raise compat.UnsafeIndexData(exc.what, compat.latest_toc(path, INDEX_NAME)) from None
    except (CablesError, LockError):
        raise
    except Exception as exc:  # noqa: BLE001 - EOFError, UnpicklingError, struct.error …: a damaged TOC
        problem = f"the table of contents cannot be read: {type(exc).__name__}"
        raise IndexDamaged(compat.latest_toc(path, INDEX_NAME), problem) from None

class BatchWriter:
    """What :meth:`Index.writer` yields: add or delete records; all committed together as one segment."""

    def __init__(self, writer: Any) -> None:
        self._writer = writer
        self.added = 0
        self.deleted = 0

    def add(self, record: Record, content_hash: str) -> None:
        """Add ``record``, replacing any record with the same id (a newer release replaces, never duplicates)."""
        self.add_fields(preanalyse(record_fields(record, content_hash)))

    def add_fields(self, fields: dict[str, Any], *, replace: bool = True) -> int:
        """Add a record already turned into field values (:func:`index.fields.preanalyse`).

        ``replace`` deletes the committed records with the same id; False when the caller
        knows there are none (a first ingest), which saves looking the id up in every segment.
        Returns the new document's number in this batch (for :meth:`drop`).
        """
        docnum = self._writer.docnum
        schema = self._writer.schema  # an index made before a field was added takes the fields it has
        fields = {k: v for k, v in fields.items() if k.removeprefix("_stored_") in schema}
        if replace:
            self._writer.update_document(**fields)
        else:
            self._writer.add_document(**fields)
        self.added += 1
        return docnum

    def drop(self, docnum: int) -> None:
        """Take back a record added in this batch (a later version of it came in the same batch)."""
        self._writer.drop(docnum)
        self.added -= 1

    def delete(self, id: str) -> None:
        self.deleted += self._writer.delete_by_term("id", id)

    def commit(self) -> None:
        self._writer.commit()

    def cancel(self) -> None:
        self._writer.cancel()


class Index(WhooshSearch):
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
        if path.is_dir() and compat.toc_exists(path, INDEX_NAME):
            return cls(path, _open_dir(path))
        if not create:
            raise IndexNotFound(path)
        path.mkdir(parents=True, exist_ok=True)
        storage = FileStorage(str(path))
        lock = storage.lock(f"{INDEX_NAME}_WRITELOCK")
        # Two processes creating the same new index at once: only one may write the first TOC.
        if not lock.acquire(blocking=False):
            raise IndexLocked(path)
        try:
            if compat.toc_exists(path, INDEX_NAME):
                ix = _open_dir(path)
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
            self._check_segments()
            self._searcher = self._ix.searcher()
        return self._searcher

    def segments(self) -> list[Any]:
        """The Whoosh segments of the index as last committed."""
        return compat.index_segments(self._ix)

    def segment_reader(self, segment: Any) -> Any:
        """A reader over one segment alone (`cables check --repair` lists a damaged one's documents)."""
        return compat.segment_reader(self._ix, segment)

    def _segment_ids(self) -> list[str]:
        return [segment.segment_id() for segment in self.segments()]

    def _check_segments(self) -> None:
        """As the index is opened: the cheap check of every segment file (its length and footer),
        then a full hash of the files written since they were last verified (index/whoosh/integrity.py
        ``verify_changed``: none, unless a file was changed behind the index's back)."""
        files = []
        for segment_id in self._segment_ids():
            path = self.path / f"{segment_id}.seg"
            problem = integrity.cheap_check(path)
            if problem not in (None, integrity.LEGACY):
                raise IndexDamaged(path, problem)
            files += integrity.segment_files(self.path, segment_id)
        integrity.verify_changed(self.path, [p for p in files if p.suffix in integrity.KINDS])

    def damage(self) -> IndexDamaged | None:
        """The first damaged file of the index, its files hashed in full (None: none is)."""
        found = integrity.explain(self.path, self._segment_ids())
        return IndexDamaged(found.file, found.problem) if found else None

    def check(self) -> integrity.CheckReport:
        """`cables check`: every file of every segment hashed in full, every live record decoded."""
        with self._lock:
            return integrity.check_index(self.path, self._segment_ids(), self._ix)

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
            # These fields have no column: walk their terms (few per record), segment by segment.
            # Most terms belong to one document, which the term's own info names (its min id):
            # reading the postings of each (about 1 ms a term) took minutes at 251,287 cables.
            for leaf, offset in reader.leaf_readers():
                if field not in leaf.indexed_field_names():
                    continue
                for term, info in leaf.iter_field(field):
                    value = term.decode("utf-8") if isinstance(term, bytes) else term
                    docnums = (info.min_id(),) if info.doc_frequency() == 1 else leaf.postings(field, term).all_ids()
                    for docnum in docnums:
                        if docnum + offset in ids:
                            out[ids[docnum + offset]] = value
        return out

    def _live_column(self, field: str) -> dict[int, str]:
        reader = self._cached_searcher().reader()
        if reader.doc_count_all() == 0:
            return {}  # an empty index has no columns at all
        column = reader.column_reader(field)
        return {d: column[d] for d in reader.all_doc_ids()}

    def ensure_columns(self) -> int:
        """Write the columnar facet files (index/whoosh/columns.py) of the segments that lack one; how many.

        The ingest calls this after its final commit so that no search pays for building them
        (a reader builds a missing one itself, once).
        """
        from index.whoosh import columns

        with self._lock:
            written = columns.ensure(self._ix)
            self._write_cite_table()
            self._check_segments()  # the new files verified now, so that no search hashes them
        return written

    def _write_cite_table(self) -> None:
        """The citation table of this generation (index/citetable.py): each live id and where its
        stored record lies, so that `cables cite` reads it without opening the index."""
        from index import citetable
        from index.whoosh import columns

        self.refresh()
        reader = self._cached_searcher().reader()
        files: list[str] = []
        entries = []
        for leaf, _base in reader.leaf_readers() if reader.doc_count_all() else []:
            places = columns.stored_places(leaf)
            if places is None:
                return  # a segment whose records the table cannot point at: cite goes through the index
            name, start, offsets, lengths = places
            files.append(name)
            ids = leaf.column_reader("id")
            for d in leaf.all_doc_ids():
                entries.append((ids[d], len(files) - 1, start + int(offsets[d]), int(lengths[d])))
        aliases = {}
        if "alias" in reader.indexed_field_names():
            live = self._live_column("id")
            for term in reader.lexicon("alias"):
                value = term.decode("utf-8") if isinstance(term, bytes) else term
                owner = next((live[d] for d in reader.postings("alias", value).all_ids() if d in live), None)
                if owner:
                    aliases[value] = owner
        citetable.write(self.path, self._ix.latest_generation(), files, entries,
                        years=self.field_values("year"), aliases=aliases)

    def stats(self) -> dict:
        """documents, by kind, size on disk (bytes), segments, last ingest (ISO time) and its figures."""
        with self._lock:
            kinds = Counter(self._live_column("kind").values())
            count = self._cached_searcher().doc_count()
            segments = len(compat.index_segments(self._ix))
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
        batch = self.open_writer()
        try:
            yield batch
        except BaseException:
            batch.cancel()
            raise
        batch.commit()
        self.refresh()

    def open_writer(self) -> BatchWriter:
        """A batch writer the caller commits (or cancels) itself; see :meth:`writer`.

        One batch is one new segment, and a commit never merges segments: a bulk load
        stays at a steady rate, and the number of segments is the ingest's to choose.
        """
        try:
            return BatchWriter(BulkSegmentWriter(self._ix))
        except LockError:
            raise IndexLocked(self.path) from None

    def drop_segments(self, segment_ids: set[str]) -> None:
        """Take whole segments out of the index (`cables check --repair`, for damaged ones): a new
        table of contents without them; Whoosh deletes their files."""
        with self._lock:
            self.close()
            try:
                writer = BulkSegmentWriter(self._ix)
            except LockError:
                raise IndexLocked(self.path) from None
            kept = [s for s in writer.segments if s.segment_id() not in segment_ids]
            writer.commit_segments(kept, set())
            self._ix = _open_dir(self.path)

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


def _guarded(method: Any) -> Any:
    """A reading method whose failure on a damaged file is said in one line (IndexDamaged, naming
    the file and the fix) instead of a zlib or pickle traceback: an error that sound files do not
    explain makes the index's files be hashed in full."""

    @functools.wraps(method)
    def guarded(self: Index, *args: Any, **kwargs: Any) -> Any:
        try:
            return method(self, *args, **kwargs)
        except (IndexDamaged, compat.UnsafeIndexData):
            raise
        except Exception as exc:  # noqa: BLE001 - see the docstring
            damage = self.damage()
            if damage is None:
                raise
            raise damage from exc

    return guarded


for _name in ("search", "cited_by", "expand", "doc_frequencies", "field_values", "id_with", "existing", "get",
              "get_many", "has", "doc_count", "reader_ids", "content_hashes", "releases", "stats", "ensure_columns"):
    setattr(Index, _name, _guarded(getattr(Index, _name)))

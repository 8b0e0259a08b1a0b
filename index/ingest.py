"""Ingest: files and archives in, records in the index.

Pipeline: ``corpus.reader.iter_sources`` streams the files' bytes in the main
process; parser processes run ``read_source`` and also turn each record into
its Whoosh field values with the text already analysed and grouped into
postings, so the one writer — in the main process — only files postings
(index/whoosh/segment.py).  Records go to the open batch as they arrive; a batch is
committed as ONE new segment, never merging the others (merges re-write every
posting: they were 90% of a Cablegate-sized ingest and stalled it for minutes),
and batches grow with the index (BATCH_SIZE, BATCH_MAX) so that the segment
count stays small.  Each commit is durable on its own: a run that is
interrupted (Ctrl-C, SIGTERM, even SIGKILL) leaves every batch committed
before it; bench/crash_ingest.py kills it at random moments to check.

Counting, per record id and once per run: "new" (id not in the index before
the run), "updated" (a new text, from a newer release), "unchanged" (the same
source bytes: skipped; or the same text in another page layout), "older" (a new
text from an earlier release than the one the index holds).  Every text is kept:
the record searched is the newest release's, and its stored record lists every
distinct text when there is more than one (the release history,
corpus/versions.py), so either order of ingest gives the same index.  "rejected" counts
the files that gave no record (each with its reasons) plus each error inside a file that still gave records (a bad line of
a JSON-lines file); every rejection is one timestamped line of the log.
"""

from __future__ import annotations

import os
import pickle
import signal
import threading
import time
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import closing
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from corpus.ids import split_id
from index.engines import Engine, is_solr, open_engine
from index.fields import preanalyse, record_fields
from index.unpickle import parser_results_loads

PROGRESS_EVERY = 0.1  # seconds between progress callbacks (plus one after every commit and at the end)
CHUNK_SOURCES = 16  # sources sent to a parser process at a time: fewer round trips ...
CHUNK_BYTES = 2 * 2**20  # ... without holding much in flight
# Sources in flight to the parsers.  A commit of a big batch keeps the writer busy for a minute
# or more; the parsers go on meanwhile (on the other core) as far as this window lets them, so it
# holds thousands of sources: their bytes (~10 KB a cable) and, once parsed, the pickled field
# values (~25 KB a cable, kept pickled until the writer takes them), a few hundred MB at most.
WINDOW_SOURCES = 8_000
WINDOW_BYTES = 160 * 2**20
# Records per commit.  Each commit writes one index segment and never merges (merging re-writes
# every posting: it was 90% of a 251,287-cable ingest), and every query visits every segment.
# So batches grow with the index: the first is BATCH_SIZE (an interrupted small ingest keeps
# most of its work), then as many records as the index holds, up to BATCH_MAX (the writer holds
# a batch's postings in memory, about 25 KB a cable): 5 segments for the 6,712 WikiLeaks pages,
# 20 for the 251,287 Cablegate cables (bench/bench_ingest.py, 2026-12-04).
BATCH_SIZE = 2000
BATCH_MAX = 32000
PARSER_NICENESS = 5


@dataclass
class IngestProgress:
    done: int  # files read so far
    total: int | None  # files to read, when knowable in advance
    new: int
    updated: int
    unchanged: int
    rejected: int
    current: str  # the file just read
    committed: int = 0  # records written to the index by this run so far (durable)
    older: int = 0  # earlier releases skipped because the index holds a later one


@dataclass
class IngestReport:
    new: int
    updated: int
    unchanged: int
    rejected: int
    rejections: list[tuple[str, str]]  # (source, reason)
    log_path: Path | None  # where the rejections were logged; None when there were none
    seconds: float
    interrupted: bool
    files: int
    committed: int = 0  # records written by this run
    older: int = 0  # earlier releases skipped because the index holds a later one
    written: set[str] = field(default_factory=set, repr=False)  # ids of the records written (new or updated)


@dataclass
class Parsed:
    """One source file parsed and turned into field values (what a parser process sends back)."""

    source: str
    sha256: str
    items: list[tuple[str, dict[str, Any]]] = field(default_factory=list)  # (id, field values)
    errors: list[str] = field(default_factory=list)


def bundled_samples() -> list[Path]:
    """The five seed documents shipped in corpus/samples/."""
    folder = resources.files("corpus") / "samples"
    return sorted(Path(str(f)) for f in folder.iterdir() if f.name.endswith(".txt"))


def ingest(
    paths: Sequence[str | Path],
    index_dir: Path | str,
    *,
    workers: int | None = None,
    progress: Callable[[IngestProgress], None] | None = None,
    batch_size: int | None = None,
    log_path: Path | None = None,
) -> IngestReport:
    """Read ``paths`` (files, folders, archives) into the index in ``index_dir`` (created when absent),
    or into the Solr collection when ``index_dir`` is a solr:// URL (index/engines.py; the rejections
    log then goes to ``log_path``, default ``ingest-COLLECTION.log`` in the user data folder).

    ``workers`` parser processes (default: one per CPU; 1 parses in this process,
    which is what a caller running in a thread wants).  Raises
    :class:`index.engines.IndexLocked` when another ingest is writing there.
    Bad input never raises: it is counted, reported and logged.  ``batch_size``: records per
    commit (default: growing with the index, see BATCH_SIZE).
    """
    started = time.monotonic()
    workers = max(1, workers or os.cpu_count() or 1)
    index = open_engine(index_dir, create=True)
    try:
        log_path = log_path or _log_path(index_dir)
        return _ingest_into(index, paths, workers, progress, batch_size, log_path, started)
    finally:
        index.close()


def _log_path(target: Path | str) -> Path:
    """Where the rejections go: beside the Whoosh index, or in the user data folder for a Solr collection."""
    if not is_solr(target):
        return Path(target) / "ingest.log"
    from index.location import resolve_index_dir

    folder = resolve_index_dir().parent
    folder.mkdir(parents=True, exist_ok=True)
    return folder / f"ingest-{str(target).rstrip('/').rpartition('/')[2]}.log"


def _ingest_into(
    index: Engine,
    paths: Sequence[str | Path],
    workers: int,
    progress: Callable[[IngestProgress], None] | None,
    batch_size: int | None,
    log_path: Path,
    started: float,
) -> IngestReport:
    from corpus.reader import count_sources, iter_sources

    run = _Run(index, batch_size, log_path, progress)
    interrupted = False
    with index.ingest_lock(), _sigterm_as_interrupt():
        try:
            run.stored = index.content_hashes()
            run.total = count_sources(paths)
            with closing(_parse_all(iter_sources(paths), workers)) as parsed_files:
                for parsed in parsed_files:
                    run.take(parsed)
        except KeyboardInterrupt:
            interrupted = True
        finally:
            try:
                run.flush()
            except KeyboardInterrupt:
                # A second interrupt during the last commit: that batch is lost, earlier ones are safe.
                interrupted = True
        if not interrupted:
            index.ensure_columns()  # the facet columns of the new segments, so no search builds them
        run.report_progress(force=True)
        report = IngestReport(
            **run.tallies(),
            rejections=run.rejections,
            log_path=run.log_path if run.logged else None,
            seconds=round(time.monotonic() - started, 3),
            interrupted=interrupted,
            files=run.done,
            written=set(run.written) - set(run.batch) if interrupted else set(run.written),
        )
        index.write_meta({k: v for k, v in vars(report).items() if k not in ("rejections", "written")})
    return report


class _Run:
    """The state of one ingest run: what was seen, the batch being written, the counts."""

    def __init__(self, index: Engine, batch_size: int | None, log_path: Path, progress: Callable | None) -> None:
        self.index = index
        self.batch_size = batch_size
        self.log_path = Path(log_path)
        self.progress = progress
        self.stored: dict[str, str] = {}  # id -> content hash, as the index was before this run
        self.total: int | None = None
        self.done = 0
        self.current = ""
        self.status: dict[str, str] = {}  # id -> new | updated | unchanged (its final state in this run)
        self.counts: Counter[str] = Counter()
        self.written: dict[str, str] = {}  # id -> content hash written in this run (committed or in the open batch)
        self.writer: Any = None  # the open batch
        self.batch: dict[str, int] = {}  # id -> its document number in the open batch
        self.rejections: list[tuple[str, str]] = []
        self.committed = 0
        self._seen_commits = 0  # self.committed when the index was last refreshed
        self.logged = False
        self._last_progress = 0.0

    def take(self, parsed: Parsed) -> None:
        self.done += 1
        self.current = parsed.source
        if not parsed.items:
            reasons = [_reason(parsed.source, e) for e in parsed.errors] or ["no document found in it"]
            self._reject(parsed.source, "; ".join(reasons))
        else:
            for error in parsed.errors:
                self._reject(parsed.source, _reason(parsed.source, error))
        for id, fields in parsed.items:
            self._take_record(id, fields, parsed.source)
        if self.writer is not None and self.writer.added >= self._batch_target():
            self.flush()
        self.report_progress()

    def _take_record(self, id: str, fields: dict[str, Any], source: str) -> None:
        digest = fields["content_hash"]
        before = self.written.get(id, self.stored.get(id))
        if before == digest:  # the very same bytes as the copy the index holds (or this run wrote)
            self._count(id, "unchanged")
            return
        if before is None:
            if self._write(id, fields, source):
                self._set_status(id, "new")
            return
        merged = self._merged(id, before, fields)
        record, keep_hash, status, write = merged or (None, digest, "updated", True)  # None: lost meanwhile
        if write:
            if record is not None:
                fields = preanalyse(record_fields(record, keep_hash))
            if not self._write(id, fields, source):
                return
        self._count(id, status)

    def _count(self, id: str, status: str) -> None:
        if self.status.get(id) != "new":  # a record new to the index stays "new" for the whole run
            self._set_status(id, status)

    def _merged(self, id: str, before: str, fields: dict[str, Any]) -> tuple[Any, str, str, bool] | None:
        """Another copy of a record the index holds (corpus/versions.py ``merge``): (the record to
        write, or None to write ``fields`` as read; its content hash; the count; whether to write)."""
        from corpus.versions import merge
        from index.store import load_record

        if id in self.batch:  # a copy in the open batch: commit it, so that it can be read back
            self.flush()
        if self._seen_commits != self.committed:
            self.index.refresh()
            self._seen_commits = self.committed
        current = self.index.get(id)
        if current is None:
            return None
        incoming = load_record(fields["record"])
        kept, keep_hash, status = merge(current, before, incoming, fields["content_hash"])
        if keep_hash == before and kept.versions == current.versions:
            return None, before, status, False  # the index holds the right copy and history already
        as_read = keep_hash == fields["content_hash"] and not kept.versions
        return (None if as_read else kept), keep_hash, status, True

    def _write(self, id: str, fields: dict[str, Any], source: str) -> bool:
        """Add a record to the open batch (the last version read is the one kept); False if refused."""
        if self.writer is None:
            self.writer = self.index.open_writer()
        earlier = self.batch.pop(id, None)
        if earlier is not None:
            self.writer.drop(earlier)
        # Only an id the index may already hold needs looking up (and deleting) in every segment.
        replace = id in self.stored or id in self.written
        try:
            for old in _replaced_ids(self.index, id, fields, self.stored):
                self.writer.delete(old)
            self.batch[id] = self.writer.add_fields(fields, replace=replace)
        except Exception as exc:  # a value Whoosh refuses: reject that record, keep the batch
            if id in self.status:
                self.counts[self.status.pop(id)] -= 1
            self._reject(source, f"record {id} cannot be indexed: {exc}")
            return False
        self.written[id] = fields["content_hash"]
        return True

    def _batch_target(self) -> int:
        if self.batch_size:
            return max(1, self.batch_size)
        in_index = len(self.stored) + self.committed
        return min(BATCH_MAX, max(BATCH_SIZE, in_index))

    def _set_status(self, id: str, status: str) -> None:
        old = self.status.get(id)
        if old is not None:
            self.counts[old] -= 1
        self.status[id] = status
        self.counts[status] += 1

    def flush(self) -> None:
        """Commit the open batch (one new segment)."""
        writer, self.writer = self.writer, None
        if writer is None:
            return
        writer.commit()
        self.committed += writer.added
        self.batch.clear()
        self.report_progress(force=True)

    def _reject(self, source: str, reason: str) -> None:
        self.rejections.append((source, reason))
        stamp = time.strftime("%Y-%m-%dT%H:%M:%S")
        try:
            self.log_path.parent.mkdir(parents=True, exist_ok=True)
            with self.log_path.open("a", encoding="utf-8") as log:
                log.write(f"{stamp}\trejected\t{source}\t{' '.join(reason.split())}\n")
            self.logged = True
        except OSError:
            pass  # an unwritable log must not stop the ingest; the report still lists the rejections

    def tallies(self) -> dict[str, int]:
        """The counts that the progress callbacks and the final report share."""
        counts = {k: self.counts[k] for k in ("new", "updated", "unchanged", "older")}
        return {**counts, "rejected": len(self.rejections), "committed": self.committed}

    def report_progress(self, force: bool = False) -> None:
        if self.progress is None:
            return
        now = time.monotonic()
        if not force and now - self._last_progress < PROGRESS_EVERY:
            return
        self._last_progress = now
        self.progress(
            IngestProgress(done=self.done, total=self.total, current=self.current, **self.tallies())
        )


def _replaced_ids(index: Engine, id: str, fields: dict[str, Any], stored: dict[str, str]) -> list[str]:
    """Former ids a record takes over: a document's old hash id (its aliases), and the provisional
    id a yearless copy of the same cable got ("BRASILIA862-PROVISIONAL", same subject)."""
    old = [alias for alias in fields.get("alias") or [] if alias != id]
    parts = split_id(id) if fields.get("kind") == "cable" else None
    provisional = f"{parts[1]}{int(parts[2])}-PROVISIONAL" if parts else ""
    if provisional in stored:
        other = index.get(provisional)
        title = fields.get("_stored_title") or fields.get("title") or ""
        if other is not None and (getattr(other, "subject", "") or other.title) == title:
            old.append(provisional)
    return old


def _reason(source: str, error: str) -> str:
    # The reader's messages read "source: reason"; the log has a column for the source already.
    prefix = f"{source}: "
    return error[len(prefix) :] if error.startswith(prefix) else error


# --- parsing, in this process or in parser processes --------------------------------------------


def prepare(source: Any) -> Parsed:
    """Parse one Source and turn its records into field values.  Never raises."""
    from corpus.reader import read_source

    return _prepared(read_source(source))


def prepare_many(sources: list[Any]) -> bytes:
    """The Parsed of each source, pickled: results waiting for the writer stay compact."""
    return pickle.dumps([prepare(s) for s in sources], pickle.HIGHEST_PROTOCOL)


def _prepared(result: Any) -> Parsed:
    parsed = Parsed(source=result.source, sha256=result.sha256, errors=list(result.errors))
    for record in result.records:
        try:
            parsed.items.append((record.id, preanalyse(record_fields(record, result.sha256))))
        except Exception as exc:  # a record the parser built wrongly: reject it, keep its siblings
            parsed.errors.append(f"{result.source}: record {getattr(record, 'id', '?')} cannot be indexed: {exc}")
    return parsed


def _is_source(item: Any) -> bool:
    # iter_sources yields a ReadResult (with errors) for what it could not even read.
    return not hasattr(item, "records")


def _parse_all(items: Iterable[Any], workers: int) -> Iterator[Parsed]:
    """Parsed files, in the order iter_sources gave them (so "last wins" is well defined)."""
    if workers == 1:
        for item in items:
            yield prepare(item) if _is_source(item) else _prepared(item)
        return
    yield from _parse_parallel(items, workers, WINDOW_SOURCES)


def _parse_parallel(items: Iterable[Any], workers: int, window_sources: int) -> Iterator[Parsed]:
    from concurrent.futures import ProcessPoolExecutor

    window: deque[tuple[Any, int, int]] = deque()  # (future or ready list, sources, bytes), in order
    in_flight = [0, 0]  # sources, bytes
    pool = ProcessPoolExecutor(max_workers=workers, initializer=_init_parser_process)
    try:
        for chunk in _chunks(items):
            if chunk and not _is_source(chunk[0]):
                window.append(([_prepared(chunk[0])], 0, 0))
            else:
                size = sum(len(s.data) for s in chunk)
                window.append((pool.submit(prepare_many, chunk), len(chunk), size))
                in_flight[0] += len(chunk)
                in_flight[1] += size
            while window and (in_flight[0] >= window_sources or in_flight[1] >= WINDOW_BYTES):
                yield from _resolve(window.popleft(), in_flight)
        while window:
            yield from _resolve(window.popleft(), in_flight)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _resolve(entry: tuple[Any, int, int], in_flight: list[int]) -> list[Parsed]:
    result, sources, size = entry
    in_flight[0] -= sources
    in_flight[1] -= size
    # Results are kept pickled while they wait for the writer (index/unpickle.py reads them).
    return result if isinstance(result, list) else parser_results_loads(result.result())


def _chunks(items: Iterable[Any]) -> Iterator[list[Any]]:
    """Sources grouped for one round trip to a parser; an unreadable item (a ReadResult) alone."""
    chunk: list[Any] = []
    size = 0
    for item in items:
        if not _is_source(item):
            if chunk:
                yield chunk
                chunk, size = [], 0
            yield [item]
            continue
        chunk.append(item)
        size += len(item.data)
        if len(chunk) >= CHUNK_SOURCES or size >= CHUNK_BYTES:
            yield chunk
            chunk, size = [], 0
    if chunk:
        yield chunk


def _init_parser_process() -> None:
    # Ctrl-C reaches the whole process group: the main process handles it and stops the parsers.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # The single writer is the critical path: parsers run ahead (see the window) on what CPU is left.
    try:
        os.nice(PARSER_NICENESS)
    except OSError:
        pass


class _sigterm_as_interrupt:
    """While ingesting, SIGTERM stops the run like Ctrl-C does (commit, then report interrupted)."""

    def __enter__(self) -> None:
        self._old = None
        if threading.current_thread() is threading.main_thread():
            self._old = signal.signal(signal.SIGTERM, _raise_interrupt)

    def __exit__(self, *exc: object) -> None:
        if self._old is not None:
            signal.signal(signal.SIGTERM, self._old)


def _raise_interrupt(signum: int, frame: Any) -> None:
    raise KeyboardInterrupt

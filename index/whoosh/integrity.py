"""Checksum footers on every file the index writes, the cheap check on open, and `cables check`.

Every file the project writes into an index folder ends with a footer in the manner of
Lucene's codec footer, 24 bytes:

    b"CBFOOTER"   magic (8 bytes)
    uint32 LE     algorithm: 1 = CRC-32 (zlib.crc32)
    uint32 LE     the checksum of every byte before the footer
    uint64 LE     how many bytes come before the footer

The files: a segment's compound file ``MAIN_<id>.seg`` (sealed by the bulk writer once Whoosh
has assembled it: Whoosh finds everything inside it from the offset table at its start, so
bytes after its end are never read), the flat arrays ``MAIN_<id>.dfq`` (index/whoosh/docarrays.py)
and flat positions ``MAIN_<id>.pos`` (index/whoosh/posarrays.py), the facet columns
``MAIN_<id>.cols`` (index/whoosh/columns.py), whose readers take their layout from their own
headers, and the segment's source list ``MAIN_<id>.src`` (each
document's id and source, by document number: what `cables check --repair` re-reads when the
segment itself is too damaged to list its documents).

The record store (index/store.py) has no file of its own: each record is a JSON text in the
stored ``record`` field, which Whoosh keeps in the segment's ``_stored`` column, one
zlib-compressed pickle a document, inside the ``.seg`` file.  So the segment's footer covers
the records, and :func:`check_index` also decodes every live record (the checksum says the
bytes are those written; decoding says they still make a record this version reads).

Opening a segment checks its footer cheaply (:func:`cheap_check`: the file's length and the
footer's magic, no hash); a file whose content fails to decode is then checked in full
(:func:`explain`), and either way the damage is said in one line naming the file and the fix,
:class:`index.engines.IndexDamaged` (exit status 4).  ``cables check`` (:func:`check_index`)
hashes every file in full.  A file written before footers existed is read as before and
reported by ``cables check`` as unchecked, not as damage.

    seal_segment(folder, "MAIN_1pkn87kpnn70tljk")   # the writer, before the commit
    cheap_check(folder / "MAIN_1pkn87kpnn70tljk.seg")  # None, or what is wrong
    report = check_index(folder)                     # report.damaged: [Finding(file, kind, problem)]
"""

from __future__ import annotations

import json
import os
import struct
import zlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

from index.verified import read_stamps as _read_stamps
from index.verified import stamp as _stamp
from index.verified import write_stamps as _write_stamps
from index.whoosh import compat
from index.whoosh.compat import sync_file

MAGIC = b"CBFOOTER"
CRC32 = 1
FOOTER = struct.Struct("<8sIIQ")
SIZE = FOOTER.size  # 24
KINDS = {".seg": "segment", ".dfq": "flat arrays", ".pos": "flat positions", ".cols": "facet columns",
         ".src": "source list"}
SOURCES = ".src"
_CHUNK = 1 << 20


def footer(crc: int, length: int) -> bytes:
    return FOOTER.pack(MAGIC, CRC32, crc & 0xFFFFFFFF, length)


class ChecksumWriter:
    """A file being written, its CRC-32 kept as it goes; :meth:`close` appends the footer."""

    def __init__(self, f: BinaryIO) -> None:
        self.f = f
        self.crc = 0
        self.length = 0

    def write(self, data: bytes) -> int:
        self.crc = zlib.crc32(data, self.crc)
        self.length += len(data)
        return self.f.write(data)

    def close(self) -> None:
        self.f.write(footer(self.crc, self.length))


def _crc(f: BinaryIO, length: int) -> int:
    crc, left = 0, length
    while left > 0:
        chunk = f.read(min(_CHUNK, left))
        if not chunk:
            break
        crc = zlib.crc32(chunk, crc)
        left -= len(chunk)
    return crc


def append_footer(path: Path) -> None:
    """Seal a finished file: hash it and append its footer."""
    with open(path, "r+b") as f:
        f.seek(0, os.SEEK_END)
        length = f.tell()
        f.seek(0)
        crc = _crc(f, length)
        f.seek(length)
        f.write(footer(crc, length))


def seal_segment(folder: Path, segment_id: str) -> list[Path]:
    """Append the footer to a new segment's compound file; the files to fsync.  (A segment
    written as separate files, which only tests ask for, is left as Whoosh wrote it: some of
    Whoosh's files are read from their end.)"""
    path = folder / f"{segment_id}.seg"
    if not path.exists():
        return [p for p in segment_files(folder, segment_id) if p.suffix not in KINDS]
    append_footer(path)
    return [path]


def write_sources(folder: Path, segment_id: str, sources: list[tuple[str, str]]) -> Path:
    """The segment's source list ``MAIN_<id>.src``: each document's id and source, by document
    number (JSON), with its footer: what `cables check --repair` re-reads when the segment
    itself cannot be read."""
    path = folder / f"{segment_id}{SOURCES}"
    with open(path, "wb") as raw:
        f = ChecksumWriter(raw)
        f.write(json.dumps({"documents": sources}, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))
        f.close()
    return path


def read_sources(folder: Path, segment_id: str) -> list[tuple[str, str]] | None:
    """The segment's source list (see :func:`write_sources`); None when it is missing or damaged."""
    path = folder / f"{segment_id}{SOURCES}"
    if full_check(path) is not None:
        return None
    with open(path, "rb") as f:
        data = f.read(path.stat().st_size - SIZE)
    return [(str(i), str(s)) for i, s in json.loads(data)["documents"]]


def sync(paths: Iterable[Path], folder: Path) -> None:
    """fsync each file, then the folder (so the files' names are on the disk too)."""
    for path in paths:
        sync_file(path)
    sync_file(folder)


def data_length(path: Path, size: int | None = None) -> int:
    """How many bytes of the file are data (its size less the footer, when it has one)."""
    size = path.stat().st_size if size is None else size
    if size < SIZE:
        return size
    with open(path, "rb") as f:
        f.seek(size - SIZE)
        magic, _, _, length = FOOTER.unpack(f.read(SIZE))
    return length if magic == MAGIC and length == size - SIZE else size


LEGACY = "written before checksums (not checked)"


def cheap_check(path: Path) -> str | None:
    """What is wrong with the file, read from its length and footer only (no hash); None when
    nothing shows.  A file without a footer (an older version wrote it) gives :data:`LEGACY`."""
    try:
        size = path.stat().st_size
        with open(path, "rb") as f:
            if size >= SIZE:
                f.seek(size - SIZE)
                magic, algorithm, _, length = FOOTER.unpack(f.read(SIZE))
                if magic == MAGIC:
                    if algorithm != CRC32:
                        return f"unknown checksum algorithm {algorithm}"
                    return None if length == size - SIZE else f"{size - SIZE - length:+d} bytes against its footer"
            f.seek(0)
            head = f.read(12)
    except FileNotFoundError:
        return "missing"
    except OSError as exc:
        return f"unreadable ({exc.strerror or exc})"
    return LEGACY if _legacy(path, head, size) else "truncated or overwritten (no checksum footer)"


def _legacy(path: Path, head: bytes, size: int) -> bool:
    """Whether a file without a footer is whole as an older version wrote it."""
    if path.suffix == ".seg" and len(head) == 12:  # Whoosh's compound file: directory offset + length
        dirpos, dirlength = struct.unpack(">qi", head)
        return dirpos + dirlength == size
    return path.suffix in (".dfq", ".cols") and head[:2] == b"CB"  # (a .src or .pos always has a footer)


def full_check(path: Path) -> str | None:
    """:func:`cheap_check`, then the checksum of every byte; None when the file is sound."""
    problem = cheap_check(path)
    if problem is not None:
        return problem
    size = path.stat().st_size
    with open(path, "rb") as f:
        crc = _crc(f, size - SIZE)
        _, _, stored, _ = FOOTER.unpack(f.read(SIZE))
    return None if crc == stored else "checksum mismatch (its bytes changed since they were written)"


# --- verified once, until the file changes -------------------------------------------------------

# Files a search can do without: facet columns are rebuilt from the segment, flat arrays and
# positions are bypassed (the postings are read from the segment), the source list serves only a
# repair.  Damaged, they are not used (and `cables check` reports them); nothing a search answers changes.
DERIVED = (".cols", ".dfq", ".pos", SOURCES)
_distrusted: set[str] = set()


def distrusted(path: Path | str) -> bool:
    """Whether the file failed its verification in this process (its readers must not use it)."""
    return str(path) in _distrusted


def verify_changed(folder: Path, files: list[Path]) -> None:
    """Hash in full each file not verified since it last changed, and remember it as verified.

    Raises :class:`index.engines.IndexDamaged` for the first damaged one.  A file is remembered
    by its size, times and inode in ``checked.json``: any write to it (a tool, a copy, a
    flipped byte) changes its change time, so it is hashed again when it is next opened; a file
    that has not been written since is not (what decays on the disk unwritten is for
    ``cables check``).  The ingest verifies its new files as it finishes, so searches hash nothing.
    """
    stamps = _read_stamps(folder)
    fresh: dict[str, list[int]] = {}
    try:
        for path in files:
            try:
                stamp = _stamp(path)
            except FileNotFoundError:
                continue  # a sidecar the segment does not have (the caller checks the segment file itself)
            if stamps.get(path.name) != stamp:
                problem = full_check(path)
                if problem not in (None, LEGACY):
                    if path.suffix in DERIVED:  # not trusted, not needed: rebuilt or bypassed (see DERIVED)
                        _distrusted.add(str(path))
                        continue
                    from index.engines import IndexDamaged

                    raise IndexDamaged(path, problem)
            _distrusted.discard(str(path))
            fresh[path.name] = stamp
    finally:  # what was verified stays verified, even when a damaged file is found after it
        if fresh != stamps:
            _write_stamps(folder, {**{k: v for k, v in stamps.items() if k not in fresh}, **fresh}
                          if len(fresh) < len(files) else fresh)


# --- the whole index ------------------------------------------------------------------------------


@dataclass
class Finding:
    """One file (or a record inside one) and what is wrong with it."""

    file: str
    kind: str
    problem: str
    segment: str | None = None


@dataclass
class CheckReport:
    """What :func:`check_index` found: files checked, damage, files too old to check."""

    index: str
    files: int = 0
    documents: int = 0
    damaged: list[Finding] = field(default_factory=list)
    unchecked: list[str] = field(default_factory=list)

    @property
    def clean(self) -> bool:
        return not self.damaged

    def as_json(self) -> dict:
        return {"index": self.index, "clean": self.clean, "files": self.files, "documents": self.documents,
                "damaged": [vars(f) for f in self.damaged], "unchecked": self.unchecked}


def segment_files(folder: Path, segment_id: str) -> list[Path]:
    """The files of one segment in the folder (its compound file and the sidecars beside it)."""
    return sorted(folder / n for n in os.listdir(folder) if n.startswith(segment_id + "."))


def check_index(folder: Path, segment_ids: list[str] | None = None, ix: Any = None) -> CheckReport:
    """Every file of every segment the table of contents names, hashed in full, and every live
    record decoded.  ``ix`` is the open Whoosh index (None: the table of contents itself is unreadable)."""
    report = CheckReport(str(folder))
    for segment_id in segment_ids or []:
        files = segment_files(folder, segment_id)
        if not any(p.suffix == ".seg" for p in files):
            report.damaged.append(Finding(str(folder / f"{segment_id}.seg"), "segment", "missing", segment_id))
        for path in files:
            if path.suffix not in KINDS:
                continue
            report.files += 1
            problem = full_check(path)
            if problem == LEGACY:
                report.unchecked.append(str(path))
            elif problem is not None:
                report.damaged.append(Finding(str(path), KINDS[path.suffix], problem, segment_id))
    _check_cite_table(folder, report)
    if ix is not None:
        damaged_segments = {f.segment for f in report.damaged if f.kind == "segment"}
        report.documents = _check_records(ix, folder, damaged_segments, report)
    return report


def _check_cite_table(folder: Path, report: CheckReport) -> None:
    """The citation table beside the segments (index/citetable.py; `cables cite` reads it), hashed in
    full; --repair writes it again from the index."""
    from index import citetable

    path = folder / citetable.FILE_NAME
    if path.exists():
        report.files += 1
        problem = citetable.check(path)
        if problem is not None:
            report.damaged.append(Finding(str(path), "citation table", problem, None))


def _check_records(ix: Any, folder: Path, skip: set[str | None], report: CheckReport) -> int:
    """Decode every live record of the segments not already found damaged; how many were read."""
    from index.store import check_record

    count = 0
    for segment in compat.index_segments(ix):
        segment_id = segment.segment_id()
        if segment_id in skip:
            continue
        try:
            with compat.segment_reader(ix, segment) as reader:
                for _, stored in reader.iter_docs():
                    check_record(stored["record"])
                    count += 1
        except Exception as exc:  # noqa: BLE001 - whatever the failure (zlib, pickle, JSON), it is damage to report
            problem = f"a stored record cannot be read ({type(exc).__name__}: {str(exc)[:80]})"
            report.damaged.append(Finding(str(folder / f"{segment_id}.seg"), "record store", problem, segment_id))
    return count


def explain(folder: Path, segment_ids: list[str]) -> Finding | None:
    """The first damaged file among the segments' files (hashed in full), or None: called when
    reading the index failed in a way sound files do not explain."""
    found = check_index(folder, segment_ids)
    return found.damaged[0] if found.damaged else None

"""The citation table beside a Whoosh index: every live id and where its stored record lies.

``cables cite 07LIMA2313`` needs one record by id.  Opening the Whoosh index for that costs
about 100 ms of imports (Whoosh's searcher pulls in its query and matching modules, and
``urllib``), more than the look-up itself.  So the ingest writes, beside the index, one file
that answers the citation path with the standard library only (``mmap``, ``struct``,
``zlib``, the one restricted unpickler of index/unpickle.py), no Whoosh and no numpy:

``MAIN.ids`` (little-endian)::

    b"CBIDTB01"                      magic
    uint32 n, then n bytes of JSON   {"generation": 7, "files": ["MAIN_1pkn87kpnn70tljk.seg", …],
                                      "count": 6709, "years": ["2010", "2009", …],
                                      "aliases": {"doc-6fa2fbb2ecef": "UNGDC-PER-2003"}}
    count × <IHHQI                   per id, sorted by id: offset and length of the id in the
                                     names below, which file, offset and length of the record's
                                     stored value in that file
    names                            the ids, UTF-8, back to back
    footer, 24 bytes                 b"CBFOOTER", uint32 1 (CRC-32), uint32 the CRC-32 of every
                                     byte before it, uint64 how many bytes come before it

The stored value is what Whoosh keeps for the document in its segment's ``_stored`` column
(one zlib-compressed pickle of the stored fields a document, inside the segment's compound
``.seg`` file), so the table holds positions, not a second copy of the records.

The table is valid for one generation of the index (Whoosh's ``_MAIN_<generation>.toc``): a
reader whose index has moved on (an ingest that was interrupted before it wrote a new table)
gets None from :func:`open_table` and goes the usual way, through the index.

    table = open_table(Path("~/.local/share/cablesearch/index").expanduser())
    table.has("07LIMA2313")            # True
    table.get("07LIMA2313").subject    # "DAS COULTER'S VISIT TO PERU FOR POL-MIL TALKS"
    table.field_values("year")         # ["2010", "2009", …] (what a citation without a year tries)
    table.id_with("alias", "doc-6fa2fbb2ecef")   # "UNGDC-PER-2003"
"""

from __future__ import annotations

import io
import json
import mmap
import os
import re
import struct
import zlib
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

from corpus.records import Record
from index.unpickle import restricted_loads
from index.verified import all_verified

FILE_NAME = "MAIN.ids"
MAGIC = b"CBIDTB01"
ENTRY = struct.Struct("<IHHQI")  # name offset, name length, file number, value offset, value length
FOOTER = struct.Struct("<8sIIQ")  # b"CBFOOTER", algorithm (1: CRC-32), checksum, bytes before it
FOOTER_MAGIC = b"CBFOOTER"
_TOC = re.compile(r"_MAIN_(\d+)\.toc$")


def generation(folder: Path) -> int | None:
    """The index's newest generation (its newest ``_MAIN_<n>.toc``), None when there is none."""
    try:
        names = os.listdir(folder)
    except OSError:
        return None
    found = [int(m[1]) for m in map(_TOC.match, names) if m]
    return max(found) if found else None


# --- writing --------------------------------------------------------------------------------------


def write(folder: Path, gen: int, files: Sequence[str], entries: Iterable[tuple[str, int, int, int]],
          *, years: Iterable[str] = (), aliases: dict[str, str] | None = None) -> Path:
    """Write the table of generation ``gen``: ``entries`` are (id, file number in ``files``,
    offset, length) of each live document's stored value.  Replaces the old table in one rename."""
    rows = sorted(entries)
    names = io.BytesIO()
    packed = bytearray()
    for id, fileno, offset, length in rows:
        raw = id.encode("utf-8")
        packed += ENTRY.pack(names.tell(), len(raw), fileno, offset, length)
        names.write(raw)
    header = json.dumps({"generation": gen, "files": list(files), "count": len(rows),
                         "years": sorted(set(years), reverse=True), "aliases": aliases or {}},
                        ensure_ascii=False).encode("utf-8")
    body = MAGIC + struct.pack("<I", len(header)) + header + bytes(packed) + names.getvalue()
    path = folder / FILE_NAME
    tmp = folder / (FILE_NAME + ".tmp")
    with open(tmp, "wb") as f:
        f.write(body + FOOTER.pack(FOOTER_MAGIC, 1, zlib.crc32(body), len(body)))
    tmp.replace(path)
    return path


# --- reading --------------------------------------------------------------------------------------


class CiteTable:
    """An open table: the look-ups search.citation.lookup asks of an index (``has``, ``existing``,
    ``get``, ``field_values("year")``, ``id_with("alias", …)``), answered from the file."""

    def __init__(self, folder: Path, buf: mmap.mmap, header: dict, start: int) -> None:
        self.folder = folder
        self._buf = buf
        self._header = header
        self._count = int(header["count"])
        self._entries = start
        self._names = start + self._count * ENTRY.size
        self._files: dict[int, mmap.mmap] = {}

    def _name(self, i: int) -> bytes:
        offset, length, *_ = ENTRY.unpack_from(self._buf, self._entries + i * ENTRY.size)
        return self._buf[self._names + offset : self._names + offset + length]

    def _find(self, id: str) -> int | None:
        key, lo, hi = id.encode("utf-8"), 0, self._count
        while lo < hi:
            mid = (lo + hi) // 2
            if self._name(mid) < key:
                lo = mid + 1
            else:
                hi = mid
        return lo if lo < self._count and self._name(lo) == key else None

    def ids(self) -> Iterator[str]:
        """Every id of the table, in order."""
        for i in range(self._count):
            yield self._name(i).decode("utf-8")

    def has(self, id: str) -> bool:
        return self._find(id) is not None

    def existing(self, ids: Iterable[str]) -> set[str]:
        return {id for id in dict.fromkeys(ids) if self.has(id)}

    def get(self, id: str) -> Record | None:
        from index.store import load_record_shared

        i = self._find(id)
        if i is None:
            return None
        _, _, fileno, offset, length = ENTRY.unpack_from(self._buf, self._entries + i * ENTRY.size)
        data = self._file(fileno)[offset : offset + length]
        stored = restricted_loads(zlib.decompress(data))
        record = load_record_shared(stored["record"])
        if record.id != id:  # the cheap check on open hashes nothing: a damaged entry shows here
            raise ValueError(f"{FILE_NAME}: the entry of {id} points at {record.id}")
        return record

    def _file(self, fileno: int) -> mmap.mmap:
        if fileno not in self._files:
            with open(self.folder / self._header["files"][fileno], "rb") as f:
                self._files[fileno] = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
        return self._files[fileno]

    def field_values(self, field: str) -> list[str]:
        return list(self._header["years"]) if field == "year" else []

    def id_with(self, field: str, value: str) -> str | None:
        return self._header["aliases"].get(value) if field == "alias" else None

    def close(self) -> None:
        for f in self._files.values():
            f.close()
        self._files.clear()
        self._buf.close()

    def __enter__(self) -> CiteTable:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def open_table(folder: Path) -> CiteTable | None:
    """The table of the index in ``folder`` if it is there, whole (length and footer agree: the
    cheap check, no hash) and of the index's current generation; None otherwise."""
    try:
        with open(folder / FILE_NAME, "rb") as f:
            buf = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
    except (OSError, ValueError):
        return None
    try:
        magic, algorithm, _, length = FOOTER.unpack_from(buf, len(buf) - FOOTER.size)
        if buf[:8] != MAGIC or magic != FOOTER_MAGIC or length != len(buf) - FOOTER.size:
            raise ValueError("not a whole citation table")
        (size,) = struct.unpack_from("<I", buf, 8)
        header = json.loads(buf[12 : 12 + size])
        if header.get("generation") != generation(folder):
            raise ValueError("written for another generation of the index")
        if not all_verified(folder, header["files"]):  # changed since verified: the index checks it
            raise ValueError("a segment file changed since it was verified")
    except (ValueError, struct.error, KeyError):
        buf.close()
        return None
    return CiteTable(folder, buf, header, 12 + size)


def check(path: Path) -> str | None:
    """What is wrong with the table file, its whole content hashed; None when it is sound."""
    data = path.read_bytes()
    if len(data) < FOOTER.size + 12 or data[:8] != MAGIC:
        return "not a citation table (bad magic or too short)"
    magic, algorithm, crc, length = FOOTER.unpack_from(data, len(data) - FOOTER.size)
    if magic != FOOTER_MAGIC or length != len(data) - FOOTER.size:
        return "truncated or overwritten (its footer does not match its length)"
    if zlib.crc32(data[:length]) != crc:
        return "checksum mismatch: its bytes are not those written"
    return None

"""`cables check --repair`: rebuild what `cables check` found damaged, from the documents' sources.

- damaged facet columns (``.cols``), flat arrays (``.dfq``) and flat positions (``.pos``) are
  derived from their segment: they are deleted and written again from it (nothing to re-read);
- a damaged segment (``.seg``: its postings, or a record in its record store) loses nothing
  that its sources still hold.  Each live document's record names its source (``source``: a file
  path, or ``archive.tar.xz:member/path.html``); the documents that can still be read are listed
  with their sources, the segment is taken out of the index, and the sources are ingested again
  (index/ingest.py: every other document is unchanged and skipped by its content hash).  What
  could not be restored is reported by id: its source is gone, or no longer holds it, or the
  damage made the document unreadable (then its id is given when the id column can be read).

    report = repair(Index.open(folder), index.check())
    report.restored, report.rebuilt, report.lost      # ["09LIMA1661", …], [".cols path"], [(id, why)]
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from index.whoosh.integrity import CheckReport, read_sources


@dataclass
class RepairReport:
    restored: list[str] = field(default_factory=list)  # ids ingested again from their sources
    rebuilt: list[str] = field(default_factory=list)  # derived files written again
    dropped: list[str] = field(default_factory=list)  # damaged segment files taken out
    lost: list[tuple[str, str]] = field(default_factory=list)  # (id or segment, why) not restored

    def as_json(self) -> dict:
        return {"restored": self.restored, "rebuilt": self.rebuilt, "dropped": self.dropped,
                "lost": [{"id": i, "why": why} for i, why in self.lost]}


def repair(index: Any, report: CheckReport) -> RepairReport:
    """Repair ``index`` (an open :class:`index.whoosh.engine.Index`) from ``report`` (its check).
    The index is closed and reopened on the way (the caller keeps using the same object)."""
    out = RepairReport()
    segments = {f.segment for f in report.damaged if f.kind in ("segment", "record store")}
    derived = [f for f in report.damaged if f.kind not in ("segment", "record store") and f.segment not in segments]
    for finding in derived:
        _rebuild_derived(index, Path(finding.file), out)
    if segments:
        wanted, unreadable = _documents(index, segments)
        out.lost += unreadable
        out.dropped = sorted(str(index.path / f"{s}.seg") for s in segments)
        index.drop_segments(segments)
        _reingest(index, wanted, out)
    from index.whoosh import columns, docarrays

    columns.clear_cache()
    docarrays.clear_cache()
    index.ensure_columns()
    return out


def _rebuild_derived(index: Any, path: Path, out: RepairReport) -> None:
    from index.whoosh import columns, docarrays, posarrays

    path.unlink(missing_ok=True)
    columns.clear_cache()
    docarrays.clear_cache()
    rebuild = {docarrays.SUFFIX: rebuild_arrays, posarrays.SUFFIX: rebuild_positions}.get(path.suffix)
    if rebuild is not None:
        with index.searcher() as searcher:
            for reader, _ in searcher.reader().leaf_readers():
                segment = reader.segment()
                if segment is not None and path.name.startswith(segment.segment_id() + "."):
                    rebuild(reader, path)
    out.rebuilt.append(str(path))  # a .cols is written again by ensure_columns


def _common_terms(reader: Any) -> list[tuple[int, str, Any]]:
    """(offset in the postings file, field, term) of each term of the segment with enough
    postings for the flat arrays, in postings-file order."""
    from index.whoosh import compat, docarrays

    found = []
    for name in reader.indexed_field_names():
        for text in reader.lexicon(name):
            info = reader.term_info(name, text)
            offset = compat.term_offset(info)
            if offset is not None and info.doc_frequency() >= docarrays.MIN_POSTINGS:
                found.append((offset, name, text))
    return sorted(found)


def rebuild_arrays(reader: Any, path: Path) -> bool:
    """Write a segment's flat arrays (index/whoosh/docarrays.py) again from its posting blocks."""
    from index.whoosh import docarrays
    from index.whoosh.postings import all_postings

    arrays = docarrays.SegmentArrays()
    for offset, name, text in _common_terms(reader):
        found = all_postings(reader, name, text)
        if found is not None:
            arrays.add(offset, *found)
    written = arrays.write(path, reader.doc_count_all())
    docarrays.clear_cache()
    return written


def rebuild_positions(reader: Any, path: Path) -> bool:
    """Write a segment's flat positions (index/whoosh/posarrays.py) again from its posting blocks."""
    from index.whoosh import docarrays, posarrays
    from index.whoosh.postings import all_position_values

    positions = posarrays.SegmentPositions.temporary(path.parent, path.stem)
    try:
        for offset, name, text in _common_terms(reader):
            values = all_position_values(reader, name, text)
            if values is not None:
                positions.add(offset, values)
        written = positions.finish(reader.doc_count_all(), path)
    except BaseException:
        positions.discard()
        raise
    docarrays.clear_cache()
    return written


def _documents(index: Any, segment_ids: set[str]) -> tuple[dict[str, str], list[tuple[str, str]]]:
    """(id -> source of every live document of the segments, [(id or segment, why)] of those that
    cannot be listed): from each segment's source list, else from its stored fields."""

    found: dict[str, str] = {}
    unreadable: list[tuple[str, str]] = []
    for segment in index.segments():
        segment_id = segment.segment_id()
        if segment_id not in segment_ids:
            continue
        listed = read_sources(index.path, segment_id)
        if listed is not None and len(listed) == segment.doc_count_all():
            found.update((id, source) for docnum, (id, source) in enumerate(listed) if not segment.is_deleted(docnum))
        else:
            _stored_sources(index, segment, found, unreadable)
    return found, unreadable


def _stored_sources(index: Any, segment: Any, found: dict[str, str], unreadable: list[tuple[str, str]]) -> None:
    """The sources of a segment's live documents, from their stored fields (a segment written
    before source lists, or whose list is damaged too)."""
    segment_id = segment.segment_id()
    try:
        reader = index.segment_reader(segment)
    except Exception as exc:  # noqa: BLE001 - the segment cannot even be opened
        unreadable.append((segment_id, f"its documents cannot be listed ({type(exc).__name__})"))
        return
    with reader:
        ids = _id_column(reader)
        for docnum in range(reader.doc_count_all()):
            if reader.is_deleted(docnum):
                continue
            try:
                stored = reader.stored_fields(docnum)
                found[stored["id"]] = stored.get("source") or ""
            except Exception:  # noqa: BLE001 - this document's stored fields are damaged
                unreadable.append((ids.get(docnum, f"{segment_id} document {docnum}"), "its stored record is damaged"))


def _id_column(reader: Any) -> dict[int, str]:
    try:
        column = reader.column_reader("id")
        return {d: column[d] for d in range(reader.doc_count_all())}
    except Exception:  # noqa: BLE001 - the id column is damaged too
        return {}


def source_container(source: str) -> Path | None:
    """The file to ingest again for a record's ``source`` (the archive for ``archive.tar.xz:member``);
    None when it is gone."""
    if source and os.path.exists(source):
        return Path(source)
    at = source.find(":")
    while at > 0:
        if os.path.isfile(source[:at]):
            return Path(source[:at])
        at = source.find(":", at + 1)
    return None


def _reingest(index: Any, wanted: dict[str, str], out: RepairReport) -> None:
    from index.ingest import ingest

    containers: dict[Path, list[str]] = {}
    for id, source in wanted.items():
        container = source_container(source)
        if container is None:
            out.lost.append((id, f"its source is gone: {source or '(none recorded)'}"))
        else:
            containers.setdefault(container, []).append(id)
    if containers:
        index.close()
        ingest(sorted(containers), index.path)
    present = index.existing([id for ids in containers.values() for id in ids])
    for ids in containers.values():
        for id in ids:
            if id in present:
                out.restored.append(id)
            else:
                out.lost.append((id, f"its source no longer holds it: {wanted[id]}"))

"""The bulk segment writer writes the very segment Whoosh's own writer writes, byte for byte."""

from __future__ import annotations

from array import array
from pathlib import Path

from whoosh.filedb.filestore import FileStorage
from whoosh.query import Phrase, Term

from corpus.reader import read_path
from index.fields import TEXT_FIELDS, _paragraph_terms, analyse, preanalyse, record_fields
from index.ingest import bundled_samples
from index.schema import build_schema
from index.whoosh.segment import BulkSegmentWriter
from tests.index.generated import write_cables


def _records(tmp_path: Path) -> list[dict]:
    # 300 generated cables share words ("security dialogue"): terms with more than one
    # posting block (128 postings); the five seeds add real cables and documents.
    paths = write_cables(tmp_path / "in", 300) + bundled_samples()
    fields = []
    for path in paths:
        for result in read_path(path):
            fields += [record_fields(r, result.sha256) for r in result.records]
    return fields


def _segment_files(folder: Path, bulk: bool, records: list[dict]) -> dict[str, bytes]:
    folder.mkdir()
    ix = FileStorage(str(folder)).create_index(build_schema(), indexname="MAIN")
    if bulk:
        w = BulkSegmentWriter(ix, compound=False)
        for fields in records:
            w.add_document(**preanalyse(fields))
    else:
        # Whoosh's own writer, given the same analysed terms as lists (positions 0, 1, 2 …).
        w = ix.writer(compound=False)
        for fields in records:
            terms = {n: analyse(n, fields[n]) for n in TEXT_FIELDS if fields.get(n)}
            stored = {f"_stored_{n}": fields[n] for n in terms if n == "title"}
            if fields.get("body"):  # the body analysed paragraph by paragraph, where each starts kept
                terms["body"], starts = _paragraph_terms(fields["body"])
                stored["paragraphs"] = array("I", starts).tobytes()
            w.add_document(**{**fields, **terms, **stored})
    w.commit()
    (segment,) = ix._segments()
    return {p.name.split(".", 1)[1]: p.read_bytes() for p in folder.glob(f"{segment.segment_id()}.*")}


def test_the_bulk_writer_writes_the_segment_whoosh_writes(tmp_path):
    records = _records(tmp_path)
    assert len(records) == 305
    whoosh = _segment_files(tmp_path / "whoosh", False, records)
    bulk = _segment_files(tmp_path / "bulk", True, records)
    # terms, postings, columns, stored fields, lengths; and the bulk writer's own arrays of the common
    # terms (documents and weights, positions) and the list of its documents' sources (what
    # `cables check --repair` re-reads)
    assert len(whoosh) >= 3 and sorted(bulk) == sorted([*whoosh, "dfq", "pos", "src"])
    for ext in whoosh:
        assert bulk[ext] == whoosh[ext], ext


def test_a_bulk_written_index_answers_words_and_phrases(tmp_path):
    records = _records(tmp_path)
    folder = tmp_path / "bulk"
    folder.mkdir()
    ix = FileStorage(str(folder)).create_index(build_schema(), indexname="MAIN")
    w = BulkSegmentWriter(ix)
    for fields in records:
        w.add_document(**preanalyse(fields))
    w.commit()
    with ix.searcher() as s:
        # Every generated cable says "about the security dialogue"; 09LIMA1661 is the seed's.
        assert len(s.search(Phrase("body", ["secur", "dialogu"]), limit=None)) == 301
        assert s.document(id="09LIMA1661")["title"] == "PERU: INFORMATION ON SECURITY DIALOGUE"
        assert len(s.search(Term("tag", "PREL"), limit=None)) >= 300

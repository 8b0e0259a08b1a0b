"""The index on disk: open, write batches, read records back, locking."""

from __future__ import annotations

from datetime import datetime

import pytest
from whoosh.query import Term

from corpus.records import Cable, Classification, Document, Paragraph
from index.engines import IndexLocked, IndexNotFound
from index.whoosh.engine import Index


def cable(id: str, text: str = "The security dialogue with Peru.", subject: str = "PERU: SECURITY DIALOGUE") -> Cable:
    return Cable(
        id=id,
        subject=subject,
        date=datetime(2009, 11, 20, 16, 58),
        classification=Classification(level="CONFIDENTIAL"),
        countries=["Peru"],
        paragraphs=[Paragraph(number="1", marking="C", text=text)],
    )


@pytest.fixture
def index(tmp_path):
    ix = Index.open(tmp_path / "idx", create=True)
    yield ix
    ix.close()


def test_opening_a_folder_without_an_index_says_how_to_build_one(tmp_path):
    with pytest.raises(IndexNotFound) as err:
        Index.open(tmp_path / "nothing-here")
    message = str(err.value)
    assert str(tmp_path / "nothing-here") in message and "cables ingest" in message
    assert not (tmp_path / "nothing-here").exists()


def test_create_makes_an_empty_index_that_opens_again(tmp_path):
    Index.open(tmp_path / "idx", create=True).close()
    with Index.open(tmp_path / "idx") as ix:
        assert ix.doc_count() == 0
        assert ix.get("09LIMA1661") is None
        assert ix.content_hashes() == {}
        assert list(ix.reader_ids()) == []


def test_a_written_record_reads_back_equal(index):
    with index.writer() as w:
        w.add(cable("09LIMA1661"), "hash-1")
        w.add(Document(id="doc-1", kind="speech", title="A speech"), "hash-2")
    assert index.doc_count() == 2
    assert index.get("09LIMA1661") == cable("09LIMA1661")
    assert index.has("doc-1") and not index.has("07LIMA2313")
    assert set(index.get_many(["doc-1", "07LIMA2313", "09LIMA1661"])) == {"doc-1", "09LIMA1661"}
    assert sorted(index.reader_ids()) == ["09LIMA1661", "doc-1"]
    assert index.content_hashes() == {"09LIMA1661": "hash-1", "doc-1": "hash-2"}


def test_adding_the_same_id_again_replaces_the_record(index):
    with index.writer() as w:
        w.add(cable("09LIMA1661", text="First release."), "old")
    with index.writer() as w:
        w.add(cable("09LIMA1661", text="Second release, redactions changed."), "new")
    assert index.doc_count() == 1
    assert index.get("09LIMA1661").paragraphs[0].text == "Second release, redactions changed."
    assert index.content_hashes() == {"09LIMA1661": "new"}
    with index.searcher() as s:
        assert len(s.search(Term("body", "first"))) == 0
        assert len(s.search(Term("body", "redact"))) == 1


def test_delete_removes_a_record(index):
    with index.writer() as w:
        w.add(cable("09LIMA1661"), "h")
        w.add(cable("07LIMA2313"), "h")
    with index.writer() as w:
        w.delete("09LIMA1661")
    assert sorted(index.reader_ids()) == ["07LIMA2313"]
    assert index.get("09LIMA1661") is None


def test_a_batch_that_fails_is_not_committed(index):
    with index.writer() as w:
        w.add(cable("07LIMA2313"), "h")
    with pytest.raises(RuntimeError):
        with index.writer() as w:
            w.add(cable("09LIMA1661"), "h")
            raise RuntimeError("parser blew up")
    assert sorted(index.reader_ids()) == ["07LIMA2313"]
    # and the index is still writable
    with index.writer() as w:
        w.add(cable("09LIMA1661"), "h")
    assert index.doc_count() == 2


def test_a_second_writer_is_told_the_index_is_busy(tmp_path, index):
    with index.writer() as w:
        w.add(cable("07LIMA2313"), "h")
        other = Index.open(tmp_path / "idx")
        with pytest.raises(IndexLocked, match="another ingest is writing to .*idx; wait for it to finish"):
            with other.writer():
                pass
    # once the first writer is done, the second can write
    with other.writer() as w2:
        w2.add(cable("09LIMA1661"), "h")
    other.close()


def test_refresh_sees_what_another_index_object_committed(tmp_path, index):
    assert index.doc_count() == 0
    with Index.open(tmp_path / "idx") as other, other.writer() as w:
        w.add(cable("09LIMA1661"), "h")
    assert index.doc_count() == 0  # a reader sees the index as it was when opened ...
    index.refresh()
    assert index.doc_count() == 1  # ... until refreshed


def test_stats_count_documents_by_kind(index):
    with index.writer() as w:
        w.add(cable("09LIMA1661"), "h")
        w.add(cable("07LIMA2313"), "h")
        w.add(Document(id="doc-1", kind="speech"), "h")
    stats = index.stats()
    assert stats["documents"] == 3
    assert stats["by_kind"] == {"cable": 2, "speech": 1}
    assert stats["size_bytes"] > 0
    assert stats["last_ingest"] is None  # nothing has been ingested through index.ingest yet

"""The numpy decoders of index/whoosh/postings.py, and the flat positions beside a segment
(index/whoosh/posarrays.py), agree with Whoosh's own matcher, one posting at a time
(tests/search/whoosh_truth.py): past 512 position lists (the lock-step decoder), with long lists
(positions past 255 and 65,535, more than 1,000 in one document), and with deleted documents.

The index: 640 generated Lima cables (tests/index/generated.py), each saying "This is generated
report number N about the security dialogue.", some saying "security" again and again, then 40 of
them ingested again changed (their first versions deleted in the first segment).  Needs no ../shared.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from index.fields import analyse
from index.ingest import ingest
from index.whoosh import posarrays
from index.whoosh.engine import Index
from index.whoosh.postings import posting_arrays, posting_positions
from tests.index.generated import cable_text
from tests.search.whoosh_truth import whoosh_positions

CABLES = 640
CHANGED = range(0, CABLES, 16)  # 40 cables ingested again with new text: their first versions deleted


def extra(n: int, changed: bool = False) -> str:
    if n == 3:
        return "security " * 1500  # more than 1,000 positions: the pickle's batches of 1,000
    if n == 5:
        return "word " * 300 + "security"  # positions past 255 (two-byte items)
    if n == 7:
        return "word " * 66000 + "security council"  # positions past 65,535 (four-byte items)
    if changed:
        return "The security situation changed. " * (n % 4 + 1)
    return "Security " * (n % 6) + "Nothing further to report."


@pytest.fixture(scope="module")
def index(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("decoders")
    first, second = root / "first", root / "second"
    first.mkdir()
    second.mkdir()
    for n in range(CABLES):
        (first / f"cable-{n:05d}.txt").write_text(cable_text(n, extra(n)), encoding="utf-8")
    for n in CHANGED:
        (second / f"cable-{n:05d}.txt").write_text(cable_text(n, extra(n, changed=True)), encoding="utf-8")
    folder = root / "index"
    assert ingest([first], folder, workers=1).rejected == 0
    assert ingest([second], folder, workers=1).rejected == 0
    return folder


@pytest.fixture(scope="module")
def leaves(index):
    with Index.open(index) as ix, ix.searcher() as searcher:
        yield searcher.reader().leaf_readers()


SECURITY = analyse("body", "security")[0]


def test_the_first_segment_has_deleted_documents_and_more_than_512_position_lists(leaves):
    reader, _ = leaves[0]
    assert reader.has_deletions() and len(reader.deleted_docs_set) == len(CHANGED)
    assert reader.doc_frequency("body", SECURITY) > 512  # deleted ones included


def test_positions_of_every_document_match_whoosh_past_512_lists_and_with_deleted_documents(leaves):
    for reader, _ in leaves:
        docs, positions = posting_positions(reader, "body", SECURITY)
        assert list(zip(docs.tolist(), positions.tolist())) == whoosh_positions(reader, "body", SECURITY)


def test_the_long_lists_decode_past_1000_positions_and_past_65535(leaves):
    reader, _ = leaves[0]
    docs, positions = posting_positions(reader, "body", SECURITY)
    by_doc = {d: positions[docs == d] for d in np.unique(docs).tolist()}
    assert max(len(p) for p in by_doc.values()) > 1500  # cable 3: "security" 1,500 times, and the subject
    assert positions.max() > 66000  # cable 7: "security council" after 66,000 words


def test_positions_of_a_few_wanted_documents_match_whoosh(leaves):
    reader, _ = leaves[0]
    wanted = np.zeros(reader.doc_count_all(), bool)
    wanted[[3, 5, 7, 16, 17, 300, reader.doc_count_all() - 1]] = True  # 16: a deleted one
    docs, positions = posting_positions(reader, "body", SECURITY, wanted)
    assert list(zip(docs.tolist(), positions.tolist())) == whoosh_positions(reader, "body", SECURITY, wanted)
    assert 16 not in docs.tolist()


@pytest.mark.parametrize("word", ["security", "report", "generated", "word", "council"])
def test_document_numbers_and_weights_match_whoosh(leaves, word):
    text = analyse("body", word)[0]
    for reader, _ in leaves:
        ids, weights = posting_arrays(reader, "body", text)
        expected_ids, expected_weights = [], []
        if ("body", text) in reader:
            m = reader.postings("body", text)
            while m.is_active():
                expected_ids.append(m.id())
                expected_weights.append(m.weight())
                m.next()
        assert ids.tolist() == expected_ids
        assert weights.tolist() == pytest.approx(expected_weights)


def test_the_first_segment_keeps_its_common_words_positions_in_a_flat_file_and_the_small_one_does_not(index, leaves):
    first, second = (reader.segment().segment_id() for reader, _ in leaves)
    assert (index / f"{first}{posarrays.SUFFIX}").is_file()
    assert not (index / f"{second}{posarrays.SUFFIX}").exists()  # 40 cables: no word with 256 postings


@pytest.mark.parametrize("field, word", [("body", "security"), ("body", "report"), ("body", "generated"),
                                         ("title", "generated"), ("title", "report")])
def test_positions_read_from_the_flat_file_are_whoosh_own_past_512_postings_with_deleted_documents(leaves, field, word):
    reader, _ = leaves[0]
    (term,) = analyse(field, word)
    deleted = np.zeros(reader.doc_count_all(), bool)
    deleted[list(reader.deleted_docs_set)] = True
    found = posarrays.term_positions(reader, field, term, None, deleted)
    assert found is not None  # read from the file, not from Whoosh's blocks
    assert list(zip(*(a.tolist() for a in found))) == whoosh_positions(reader, field, term)
    wanted = np.zeros(reader.doc_count_all(), bool)
    wanted[[3, 5, 7, 16, 17, 300, reader.doc_count_all() - 1]] = True  # 16: a deleted one
    docs, positions = posarrays.term_positions(reader, field, term, wanted, deleted)
    assert list(zip(docs.tolist(), positions.tolist())) == whoosh_positions(reader, field, term, wanted)
    assert 16 not in docs.tolist()


def test_the_flat_file_holds_positions_past_65535_and_a_word_said_1500_times_in_one_cable(leaves):
    reader, _ = leaves[0]
    docs, positions = posarrays.term_positions(reader, "body", SECURITY)
    assert (docs == 3).sum() > 1500  # cable 3: "security" 1,500 times, and the subject
    assert positions[docs == 7].max() > 66000  # cable 7: "security council" after 66,000 words


def test_repair_writes_the_flat_positions_again_byte_for_byte_from_the_blocks(index, leaves, tmp_path):
    from index.whoosh.repair import rebuild_positions

    reader, _ = leaves[0]
    written = index / f"{reader.segment().segment_id()}{posarrays.SUFFIX}"
    again = tmp_path / written.name
    assert rebuild_positions(reader, again)
    assert again.read_bytes() == written.read_bytes()

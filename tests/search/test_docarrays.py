"""The flat arrays of common terms (index/whoosh/docarrays.py) and their flat positions
(index/whoosh/posarrays.py) against Whoosh's own postings, on the index of the 6,712 real WikiLeaks
pages: same documents, same weights, same positions, same answers."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest
from whoosh import index as whoosh_index
from whoosh.filedb.filestore import FileStorage
from whoosh.index import clean_files

from index.fields import analyse
from index.whoosh import columns, docarrays, posarrays
from index.whoosh.engine import INDEX_NAME
from index.whoosh.postings import posting_arrays, posting_positions
from search.library import Library
from tests.search.whoosh_truth import whoosh_positions

pytestmark = [pytest.mark.slow, pytest.mark.corpus]

# Terms in most of the 6,712 cables: common enough to be in the arrays of every segment that has them.
COMMON = [("body", "secur"), ("body", "govern"), ("body", "summari"), ("tag", "PREL"), ("classification", "CONFIDENTIAL"),
          ("year", "2009")]


def _whoosh_postings(reader, field: str, text: str) -> list[tuple[int, float]]:
    if (field, text) not in reader:
        return []
    m = reader.postings(field, text)
    out = []
    while m.is_active():
        out.append((m.id(), m.weight()))
        m.next()
    return out


def test_every_segment_of_the_6712_cables_has_arrays_that_whoosh_deletes_with_it(wikileaks_6712: Path, tmp_path: Path):
    toc = whoosh_index.open_dir(str(wikileaks_6712), indexname=INDEX_NAME)
    segments = toc._segments()
    arrays = {p.stem for p in wikileaks_6712.glob(f"*{docarrays.SUFFIX}")}
    # A small segment (a batch committed early so that a cable's second text can be read back) may
    # hold no term of MIN_POSTINGS postings, and then has no arrays; every large one has them.
    assert arrays <= {s.segment_id() for s in segments}
    assert {s.segment_id() for s in segments if s.doc_count_all() >= 1000} <= arrays
    path = tmp_path / "index"
    shutil.copytree(wikileaks_6712, path)
    # A merge retires the first segment: Whoosh's clean-up after the commit takes its arrays too.
    clean_files(FileStorage(str(path)), INDEX_NAME, toc.latest_generation(), segments[1:])
    assert {p.stem for p in path.glob(f"*{docarrays.SUFFIX}")} == arrays - {segments[0].segment_id()}


@pytest.mark.parametrize("field,text", COMMON)
def test_a_common_term_read_from_the_arrays_is_whoosh_own_postings(cables: Library, field: str, text: str):
    with cables.engine.searcher() as searcher:
        held = 0
        for reader, _ in searcher.reader().leaf_readers():
            found = docarrays.term_arrays(reader, field, text)
            expected = _whoosh_postings(reader, field, text)
            if found is None:
                assert len(expected) < docarrays.MIN_POSTINGS
                continue
            held += 1
            ids, weights = posting_arrays(reader, field, text)  # the arrays, less the deleted cables
            assert list(zip(ids.tolist(), weights.tolist())) == expected
        assert held  # the word is common enough in at least one segment


def test_searching_with_and_without_the_arrays_gives_the_same_page_and_counts(wikileaks_6712: Path, tmp_path: Path):
    path = tmp_path / "index"
    shutil.copytree(wikileaks_6712, path)
    queries = ["security", "human rights", '"free trade agreement"', "peru -chile", "class:secret tag:PREL", "minister*"]
    with Library.open(wikileaks_6712) as lib:
        expected = [lib.search(q) for q in queries]
    for sidecar in path.glob(f"*{docarrays.SUFFIX}"):
        sidecar.unlink()
    docarrays.clear_cache()
    columns.clear_cache()
    with Library.open(path) as lib:
        for q, want in zip(queries, expected):
            got = lib.search(q)
            assert got.total == want.total and got.facets == want.facets, q
            assert [(h.id, round(h.score, 4)) for h in got.hits] == [(h.id, round(h.score, 4)) for h in want.hits], q


def test_positions_of_a_few_of_the_6712_cables_are_read_from_their_own_blocks_only(cables: Library):
    with cables.engine.searcher() as searcher:
        for reader, _ in searcher.reader().leaf_readers():
            n = reader.doc_count_all()
            wanted = np.zeros(n, bool)
            wanted[[1, n // 3, n // 2, n - 2]] = True  # a few cables far apart: most blocks hold none
            docs, positions = posting_positions(reader, "body", "secur", wanted)
            assert list(zip(docs.tolist(), positions.tolist())) == whoosh_positions(reader, "body", "secur", wanted)


# Phrases of words common enough to have flat positions (index/whoosh/posarrays.py) in every large
# segment, and plain words whose top hits are re-ranked by where they stand (index/whoosh/ranking.py).
PHRASES = ['"prime minister"', '"human rights"', '"foreign minister"', '"end summary"', '"security dialogue"',
           '"free trade agreement"', "security dialogue", "human rights abuses", "prime minister visit"]


def test_the_words_of_the_phrases_are_read_from_the_flat_positions_of_every_large_segment(cables: Library):
    with cables.engine.searcher() as searcher:
        large = [r for r, _ in searcher.reader().leaf_readers() if r.doc_count_all() >= 1000]
        assert large
        for reader in large:
            deleted = np.zeros(reader.doc_count_all(), bool)  # older releases of a cable, read later
            deleted[list(reader.deleted_docs_set)] = True
            for word in ("prime", "minister", "human", "rights", "end", "summary", "security"):
                (term,) = analyse("body", word)
                found = posarrays.term_positions(reader, "body", term, None, deleted)
                assert found is not None, word
                assert list(zip(*(a.tolist() for a in found))) == whoosh_positions(reader, "body", term)


def test_a_phrase_of_common_words_finds_the_same_cables_with_and_without_the_flat_positions(wikileaks_6712: Path,
                                                                                            tmp_path: Path):
    with Library.open(wikileaks_6712) as lib:
        expected = [lib.search(q) for q in PHRASES]
    path = tmp_path / "index"
    shutil.copytree(wikileaks_6712, path)
    removed = list(path.glob(f"*{posarrays.SUFFIX}"))
    assert removed
    for sidecar in removed:
        sidecar.unlink()
    docarrays.clear_cache()
    columns.clear_cache()
    with Library.open(path) as lib:  # every position read from Whoosh's blocks, as before the flat positions
        for q, want in zip(PHRASES, expected):
            got = lib.search(q)
            assert got.total == want.total, q
            assert [(h.id, round(h.score, 4)) for h in got.hits] == [(h.id, round(h.score, 4)) for h in want.hits], q
    # 09PANAMA887 ¶6: "It is Post's evaluation that our security dialogue is vibrant and essential".
    with Library.open(wikileaks_6712) as lib:
        found = lib.search('"security dialogue"', page_size=100)
    (panama,) = [h for h in found.hits if h.id == "09PANAMA887"]
    assert "our «security dialogue» is vibrant and essential" in " ".join(p.snippet for p in panama.paragraphs)

"""The array path of search (index/whoosh/columns.py, index/whoosh/postings.py, index/whoosh/matchset.py) against
Whoosh's own answers, over the 37 real WikiLeaks pages of ../shared plus the five seeds."""

from __future__ import annotations

import shutil
from collections import Counter
from pathlib import Path

import numpy as np
import pytest
from whoosh import index as whoosh_index

from index.ingest import bundled_samples, ingest
from index.whoosh import columns, ranking
from index.whoosh.engine import INDEX_NAME
from index.whoosh.matchset import Evaluator
from index.whoosh.postings import posting_positions
from index.whoosh.query import to_whoosh
from search.library import Library
from search.query import parse_query
from tests.search.whoosh_truth import whoosh_positions

pytestmark = [pytest.mark.slow, pytest.mark.corpus]

QUERIES = [
    "security", "oil", '"security dialogue"', '"human rights"', "peru -chile", "negoti*", "country:Libya oil",
    "from:2008-01 to:2009-12 minister", "coulter~", "tag:PREL (bolivia OR chile)", "class:secret", "",
]


@pytest.fixture(scope="module")
def index_dir(corpus_dir: Path, tmp_path_factory) -> Path:
    pages = sorted((corpus_dir / "cables" / "sample-html").glob("*.html"))
    path = tmp_path_factory.mktemp("arrays") / "index"
    # Small batches: several segments, so global document numbers cross segment boundaries.
    ingest([*bundled_samples(), *pages], path, workers=1, batch_size=10)
    return path


@pytest.fixture(scope="module")
def library(index_dir: Path):
    lib = Library.open(index_dir)
    yield lib
    lib.close()


def _ids(searcher, docnums) -> set[str]:
    return {searcher.stored_fields(int(d))["id"] for d in docnums}


@pytest.mark.parametrize("text", QUERIES)
def test_the_array_path_finds_exactly_the_documents_whoosh_finds(library: Library, text: str):
    q = parse_query(text).query
    with library.engine.searcher() as searcher:
        assert len(searcher.reader().leaf_readers()) > 1
        match = Evaluator(searcher, columns.searcher_columns(searcher)).match(q)
        assert _ids(searcher, np.flatnonzero(match.mask)) == _ids(searcher, searcher.docs_for_query(to_whoosh(q)))


@pytest.mark.parametrize("text", [q for q in QUERIES if parse_query(q).has_text])
def test_the_page_is_whoosh_own_top_ranking_with_its_scores(library: Library, text: str):
    # Whoosh's own BM25F top, then the same re-ranking by where the words stand (index.whoosh.ranking).
    parsed = parse_query(text)
    with library.engine.searcher() as searcher:
        whoosh = searcher.search(to_whoosh(parsed.query), limit=ranking.DEPTH)
        top = [(whoosh.docnum(i), whoosh.score(i)) for i in range(whoosh.scored_length())]
        top = ranking.rerank(searcher, [w.word for w in parsed.words], top)[:20]
        expected = [(searcher.stored_fields(d)["id"], round(score, 4)) for d, score in top]
    result = library.search(text, page_size=20)
    assert [(h.id, round(h.score, 4)) for h in result.hits] == expected
    assert result.total == len(whoosh)


def test_facets_count_the_values_stored_with_every_hit(library: Library):
    result = library.search("security")
    with library.engine.searcher() as searcher:
        hits = searcher.search(to_whoosh(parse_query("security").query), limit=None)
        countries = Counter(c for hit in hits for c in hit.get("country") or [])
        years = Counter(hit["year"] for hit in hits if hit.get("year"))
    assert result.facets["country"] == dict(countries) and result.facets["year"] == dict(years)
    assert sum(result.facets["country"].values()) > result.total  # cables about several countries count for each


def test_phrase_positions_read_in_bulk_are_whoosh_own(library: Library):
    with library.engine.searcher() as searcher:
        for reader, _ in searcher.reader().leaf_readers():
            for word in (b"secur", b"dialogu", b"summari", b"peru"):
                docs, positions = posting_positions(reader, "body", word)
                assert list(zip(docs.tolist(), positions.tolist())) == whoosh_positions(reader, "body", word)


def test_each_segment_gets_a_columns_file_that_whoosh_deletes_with_the_segment(index_dir: Path, tmp_path: Path):
    path = tmp_path / "index"
    shutil.copytree(index_dir, path)
    for old in path.glob("*.cols"):
        old.unlink()
    ix = whoosh_index.open_dir(str(path), indexname=INDEX_NAME)
    segments = {s.segment_id() for s in ix._segments()}
    assert columns.ensure(ix) == len(segments) > 1
    assert {p.stem for p in path.glob("*.cols")} == segments
    ix.optimize()  # one merged segment: the old ones and their columns go
    merged = {s.segment_id() for s in whoosh_index.open_dir(str(path), indexname=INDEX_NAME)._segments()}
    assert {p.stem for p in path.glob("*.cols")} <= merged


def test_a_damaged_columns_file_is_rebuilt_and_the_counts_stay_right(index_dir: Path, tmp_path: Path, library: Library):
    expected = library.search("peru").facets
    path = tmp_path / "index"
    shutil.copytree(index_dir, path)
    for sidecar in path.glob("*.cols"):
        sidecar.write_bytes(b"not columns")
    columns.clear_cache()
    with Library.open(path) as lib:
        assert lib.search("peru").facets == expected
    assert all(p.read_bytes().startswith(columns.MAGIC) for p in path.glob("*.cols"))


def test_the_index_writes_the_columns_files_its_segments_lack(index_dir: Path, tmp_path: Path):
    from index.whoosh.engine import Index

    path = tmp_path / "index"
    shutil.copytree(index_dir, path)
    for old in path.glob("*.cols"):
        old.unlink()
    with Index.open(path) as ix:
        written = ix.ensure_columns()
        assert written == len(list(path.glob("*.cols"))) > 1
        assert ix.ensure_columns() == 0


def test_a_deleted_cable_is_neither_listed_nor_counted(index_dir: Path, tmp_path: Path):
    from index.whoosh.engine import Index

    path = tmp_path / "index"
    shutil.copytree(index_dir, path)
    with Library.open(path) as lib:
        before = lib.search("")
        peru = lib.search("", filters={"country": ["Peru"]}).total
    with Index.open(path) as ix:
        with ix.writer() as w:
            w.delete("07LIMA2313")  # DAS Coulter's visit to Peru
    with Library.open(path) as lib:
        after = lib.search("")
        assert after.total == before.total - 1
        assert lib.search("", filters={"country": ["Peru"]}).total == peru - 1
        assert after.facets["country"]["Peru"] == before.facets["country"]["Peru"] - 1
        assert "07LIMA2313" not in {h.id for h in lib.search("coulter").hits}


@pytest.fixture(scope="module")
def with_deletions(index_dir: Path, tmp_path_factory):
    """The same index with two cables deleted from their segments (as a re-ingest replacing them does)."""
    from index.whoosh.engine import Index

    path = tmp_path_factory.mktemp("deleted") / "index"
    shutil.copytree(index_dir, path)
    with Index.open(path) as ix:
        with ix.writer() as w:
            w.delete("07LIMA2313")  # DAS Coulter's visit to Peru: "security dialogue"
            w.delete("09LIMA1661")
    lib = Library.open(path)
    yield lib
    lib.close()


@pytest.mark.parametrize("text", ["security", '"security dialogue"', "peru -chile", "negoti*", "coulter"])
def test_segments_with_deleted_cables_give_whoosh_own_matches(with_deletions: Library, text: str):
    q = parse_query(text).query
    with with_deletions.engine.searcher() as searcher:
        assert any(r.has_deletions() for r, _ in searcher.reader().leaf_readers())
        match = Evaluator(searcher, columns.searcher_columns(searcher)).match(q)
        found = _ids(searcher, np.flatnonzero(match.mask))
        assert found == _ids(searcher, searcher.docs_for_query(to_whoosh(q)))
        assert not found & {"07LIMA2313", "09LIMA1661"}


def test_positions_skip_the_deleted_cables_as_whoosh_does(with_deletions: Library):
    with with_deletions.engine.searcher() as searcher:
        for reader, _ in searcher.reader().leaf_readers():
            for word in (b"secur", b"dialogu", b"peru"):
                docs, positions = posting_positions(reader, "body", word)
                assert list(zip(docs.tolist(), positions.tolist())) == whoosh_positions(reader, "body", word)


def test_paragraph_starts_read_with_numpy_offsets_are_whoosh_own(library: Library):
    with library.engine.searcher() as searcher:
        column = searcher.reader().column_reader("paragraphs")
        docnums = list(range(searcher.reader().doc_count_all()))
        found = columns.var_bytes(searcher, "paragraphs", docnums)
        expected = {d: column[d] for d in docnums if column[d]}
        assert found == expected and len(expected) > 30  # every cable with paragraphs, in every segment


def test_positions_of_a_few_documents_skip_the_other_blocks_and_are_whoosh_own(library: Library):
    with library.engine.searcher() as searcher:
        for reader, _ in searcher.reader().leaf_readers():
            n = reader.doc_count_all()
            wanted = np.zeros(n, bool)
            wanted[[0, n // 2, n - 1]] = True  # the first, middle and last cable of the segment
            for word in (b"secur", b"peru", b"summari"):
                docs, positions = posting_positions(reader, "body", word, wanted)
                assert list(zip(docs.tolist(), positions.tolist())) == whoosh_positions(reader, "body", word, wanted)


def test_stored_fields_read_with_numpy_offsets_are_whoosh_own(library: Library):
    with library.engine.searcher() as searcher:
        docnums = list(range(searcher.reader().doc_count_all()))
        found = columns.stored_fields(searcher, docnums)
        assert found == {d: searcher.stored_fields(d) for d in docnums}
        assert {found[d]["id"] for d in docnums} >= {"09LIMA1661", "07LIMA2313"}

"""Release history on the two real WikiLeaks releases in ../shared, ingested in both orders.

The 2010-12-22 release (1,869 pages, ``wikileaks-html-2010-12-22-1869.tar.xz``) and the later
pages of the same 1,869 cables taken out of the 6,712 set (the other 4,843 cables of that set
have one release only).  "Older first": the 2010-12-22 release, then the later pages; "newer
first": the other way round.  What a cable says in each release is read from the pages themselves:
08LONDON1452 gave an intelink URL in the 2010-12-22 page and ``XXXXXXXXXXXX`` in the 2011 one;
09BERLIN1162 named Westerwelle's parents ("Dr. Heinrich and Erika Westerwelle") and later
redacted them.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from corpus.reader import read_path
from index.ingest import ingest
from search.library import Library
from tests.conftest import extract_pages
from tui.cli import main

OLD = "wikileaks-html-2010-12-22-1869.tar.xz"
NEW = "wikileaks-html-6712.tar.xz"


def _words(record) -> list[str]:  # noqa: ANN001 - the subject and paragraphs as read, whitespace aside
    return " ".join([record.subject, *(p.text for p in record.paragraphs)]).split()


@pytest.fixture(scope="module")
def releases(corpus_dir: Path, tmp_path_factory) -> dict:
    """The two releases of the 1,869 cables, as read: {"old": tar, "new": folder, "old_records", "new_records"}."""
    old = corpus_dir / "cables" / OLD
    old_records = {r.id: r for result in read_path(old) for r in result.records}
    folder = extract_pages(corpus_dir / "cables" / NEW, old_records, tmp_path_factory.mktemp("release-2011"))
    new_records = {r.id: r for result in read_path(folder) for r in result.records}
    return {"old": old, "new": folder, "old_records": old_records, "new_records": new_records}


@pytest.fixture(scope="module")
def differing(releases: dict) -> set[str]:
    """The cables whose words (subject and paragraphs, whitespace aside) differ between the releases."""
    old, new = releases["old_records"], releases["new_records"]
    return {id for id in old if _words(old[id]) != _words(new[id])}


@pytest.fixture(scope="module")
def indexes(releases: dict, tmp_path_factory) -> dict:
    """order -> (index folder, report of the second ingest)."""
    built = {}
    for name, first, second in (("older first", "old", "new"), ("newer first", "new", "old")):
        folder = tmp_path_factory.mktemp(name.replace(" ", "-")) / "index"
        assert ingest([releases[first]], folder, workers=2).new == 1869
        built[name] = (folder, ingest([releases[second]], folder, workers=2))
    return built


@pytest.fixture(scope="module", params=["older first", "newer first"])
def order(request, indexes: dict):
    path, report = indexes[request.param]
    lib = Library.open(path)
    yield request.param, lib, report, path
    lib.close()


def test_08LONDON1452_and_09BERLIN1162_read_differently_in_the_two_releases(differing, releases):
    old, new = releases["old_records"], releases["new_records"]
    assert "http://www.intelink.sgov.gov/wiki/Portal:Unit" in old["08LONDON1452"].text
    assert "XXXXXXXXXXXX" in new["08LONDON1452"].text and "intelink" not in new["08LONDON1452"].text
    assert "Dr. Heinrich and Erika Westerwelle" in old["09BERLIN1162"].text
    assert {"08LONDON1452", "09BERLIN1162"} <= differing
    # Pages of one text in two layouts (1,869 pages of each release) are far more than the changes.
    assert 0 < len(differing) < 60


def test_exactly_the_cables_whose_text_differs_have_two_versions(order, differing, releases):
    _, lib, _, _ = order
    found = lib.search("changed:yes", page_size=500)
    assert {h.id for h in found.hits} == differing
    assert found.total == len(differing)
    for id in ("08LONDON1452", "09BERLIN1162", "10ASTANA72"):
        assert len(lib.get(id).versions) == 2
    same = sorted(set(releases["old_records"]) - differing)
    assert all(lib.get(id).versions == [] for id in same[:50])


def test_the_changed_facet_counts_the_changed_cables(order, differing):
    _, lib, _, _ = order
    assert lib.search("", page_size=1).facets["changed"] == {"yes": len(differing)}
    narrowed = lib.search("", filters={"changed": ["yes"]}, page_size=1)
    assert narrowed.total == len(differing)
    assert lib.search("changed:no", page_size=1).total == lib.stats()["documents"] - len(differing)


def test_the_second_ingest_counts_only_a_changed_text_and_never_an_older_release_as_updated(order, differing):
    name, _, report, _ = order
    assert report.rejected == 0 and report.new == 0
    assert report.unchanged == 1869 - len(differing)  # same text, other page layout: unchanged
    if name == "older first":
        assert (report.updated, report.older) == (len(differing), 0)
    else:
        assert (report.updated, report.older) == (0, len(differing))


def test_the_newer_text_is_the_one_searched_either_order(order):
    _, lib, _, _ = order
    assert lib.search("intelink id:08LONDON1452").total == 0
    assert lib.search("XXXXXXXXXXXX id:08LONDON1452").total == 1
    assert lib.search("heinrich id:09BERLIN1162").total == 0
    record = lib.get("08LONDON1452")
    assert "XXXXXXXXXXXX" in record.text and record.metadata["wikileaks_released"] == "2011-02-02 21:09"


def test_either_order_gives_the_same_records_and_histories(indexes, releases):
    older_first, newer_first = (Library.open(indexes[k][0]) for k in ("older first", "newer first"))
    try:
        for id in releases["old_records"]:
            a, b = older_first.get(id), newer_first.get(id)
            assert a == b, id
    finally:
        older_first.close()
        newer_first.close()


def test_cables_diff_08LONDON1452_calls_out_the_redacted_intelink_url(order, capsys):
    _, _, _, path = order
    assert main(["diff", "08 LONDON 1452", "--index", str(path)]) == 0
    out = capsys.readouterr().out
    assert "08LONDON1452: 2 versions" in out
    assert "released 2010-12-13 23:11" in out and "released 2011-02-02 21:09" in out
    assert "[-http://www.intelink.sgov.gov/wiki/Portal:Unit ed_Kingdom-] {+XXXXXXXXXXXX+}" in out
    assert "1 change, 1 redaction" in out and "(REDACTED)" in out


def test_cables_diff_json_names_the_redacted_first_names_of_09BERLIN1162(order, capsys):
    import json

    _, _, _, path = order
    assert main(["diff", "09BERLIN1162", "--json", "--index", str(path)]) == 0
    data = json.loads(capsys.readouterr().out)
    redacted = [c["removed"] for c in data["changes"] if c["redaction"] == "redacted"]
    assert "Heinrich" in redacted and "Erika" in redacted
    assert [v["page_of"] for v in data["versions"]] == ["2010-12-21", "2011-04-11"]
    assert data["versions"][-1]["searched"] is True


def test_cables_diff_from_a_release_date_backwards_swaps_removed_and_added(order, capsys):
    _, _, _, path = order
    assert main(["diff", "08LONDON1452", "--from", "2011-02", "--to", "2010-12", "--index", str(path)]) == 0
    out = capsys.readouterr().out
    assert "version 2 -> 1" in out and "[-XXXXXXXXXXXX-] {+http://www.intelink" in out and "(UNREDACTED)" in out


def test_cables_diff_of_an_unknown_release_says_which_there_are(order, capsys):
    _, _, _, path = order
    assert main(["diff", "08LONDON1452", "--from", "2009", "--index", str(path)]) == 2
    err = capsys.readouterr().err
    assert "no version matches '2009'" in err and "1 (2010-12-13 23:11), 2 (2011-02-02 21:09)" in err


def test_cables_similar_leaves_the_cable_itself_out(order, capsys):
    import json

    _, _, _, path = order
    assert main(["similar", "08LONDON1452", "--json", "--limit", "5", "--index", str(path)]) == 0
    data = json.loads(capsys.readouterr().out)
    ids = [s["id"] for s in data["similar"]]
    assert data["id"] == "08LONDON1452" and len(ids) == 5 and "08LONDON1452" not in ids

"""Release history and "more like this" on a SolrCloud collection, against the Whoosh index.

Forty cables of the 2010-12-22 WikiLeaks release (the first 36 by id, and four whose text
changed later: 08LONDON1452's intelink URL became ``XXXXXXXXXXXX``; 09BERLIN1162's "Dr.
Heinrich and Erika Westerwelle" became ``XXXXX``; 05SOFIA1207; 10ASTANA72) with their pages of
the 6,712 set, ingested through `cables ingest` in both orders into two collections, and older
release first into a Whoosh folder.
"""

from __future__ import annotations

import os
import uuid
import warnings

import pytest

from corpus.reader import read_path
from search.library import Library
from tests.conftest import CORPUS, extract_pages
from tui.cli import main

pytestmark = pytest.mark.xdist_group("solr")

CHANGED = ["08LONDON1452", "09BERLIN1162", "05SOFIA1207", "10ASTANA72"]
OLD = CORPUS / "cables" / "wikileaks-html-2010-12-22-1869.tar.xz"
NEW = CORPUS / "cables" / "wikileaks-html-6712.tar.xz"


def _cables(*args: str) -> None:
    assert main(list(args)) == 0, f"cables {' '.join(args)} failed"


@pytest.fixture(scope="module")
def pages(tmp_path_factory) -> dict:
    if not OLD.exists():
        pytest.skip(f"the real releases are not here ({OLD} is absent)")
    with_ids = {r.id for result in read_path(OLD) for r in result.records}
    ids = sorted(with_ids)[:36] + CHANGED
    base = tmp_path_factory.mktemp("releases")
    return {"old": str(extract_pages(OLD, ids, base / "2010-12-22")), "new": str(extract_pages(NEW, ids, base / "2011"))}


@pytest.fixture(scope="module")
def engines(solr_cluster, pages, tmp_path_factory) -> dict[str, Library]:
    """"whoosh" (older first), "solr older first", "solr newer first"."""
    saved = os.environ.get("CABLES_SOLR_CREDENTIALS")
    os.environ["CABLES_SOLR_CREDENTIALS"] = solr_cluster.credentials_file
    hosts = ",".join(u.split("//")[1].split("/")[0] for u in solr_cluster.urls)
    urls = {name: f"solr://{hosts}/solr/releases_{uuid.uuid4().hex[:8]}" for name in ("older first", "newer first")}
    folder = tmp_path_factory.mktemp("whoosh-releases")
    try:
        _cables("ingest", "--index", str(folder), "--workers", "1", pages["old"])
        _cables("ingest", "--index", str(folder), "--workers", "1", pages["new"])
        for name, url in urls.items():
            _cables("solr", "init", "--engine", url, "--shards", "1", "--replicas", "1")
            first, second = ("old", "new") if name == "older first" else ("new", "old")
            _cables("ingest", "--engine", url, "--workers", "1", pages[first])
            _cables("ingest", "--engine", url, "--workers", "1", pages[second])
        libraries = {"whoosh": Library.open(folder), **{f"solr {k}": Library.open(u) for k, u in urls.items()}}
        yield libraries
        for lib in libraries.values():
            lib.close()
    finally:
        from index.solr.client import SolrError
        from index.solr.engine import SolrEngine

        for url in urls.values():
            with SolrEngine.open(url, check=False) as engine:
                name = url.rpartition("/")[2]
                try:
                    if name in engine.client.collections():
                        engine.client.delete_collection(name)
                except SolrError as error:  # a busy cluster may time out; the collection is a test's leftover
                    warnings.warn(f"could not delete the test collection {name}: {error}", stacklevel=2)
        if saved is None:
            os.environ.pop("CABLES_SOLR_CREDENTIALS", None)
        else:
            os.environ["CABLES_SOLR_CREDENTIALS"] = saved


def test_changed_yes_finds_the_same_changed_cables_on_both_engines_either_order(engines):
    found = {name: {h.id for h in lib.search("changed:yes", page_size=100).hits} for name, lib in engines.items()}
    assert set(CHANGED) <= found["whoosh"]
    assert found["solr older first"] == found["whoosh"] == found["solr newer first"]
    for name, lib in engines.items():
        assert lib.search("", page_size=1).facets["changed"] == {"yes": len(found["whoosh"])}, name


def test_both_engines_keep_the_same_records_and_histories_either_order(engines):
    whoosh = engines["whoosh"]
    ids = [h.id for h in whoosh.search("", page_size=100).hits]
    assert len(ids) == 40
    for name in ("solr older first", "solr newer first"):
        assert engines[name].engine.get_many(ids) == whoosh.engine.get_many(ids), name


def test_the_newer_text_of_08LONDON1452_is_the_one_solr_searches(engines):
    for name in ("solr older first", "solr newer first"):
        lib = engines[name]
        assert lib.search("intelink id:08LONDON1452").total == 0, name
        assert lib.search("XXXXXXXXXXXX id:08LONDON1452").total == 1, name
        diff = lib.diff("08LONDON1452")
        (change,) = diff.changes
        assert change.added == "XXXXXXXXXXXX" and change.removed.startswith("http://www.intelink.sgov.gov/wiki/")
        assert change.redaction == "redacted"


@pytest.mark.parametrize("id", ["08LONDON1452", "09BERLIN1162", "10ASTANA72"])
def test_similar_documents_are_the_same_on_both_engines_up_to_order(engines, id):
    _, on_whoosh = engines["whoosh"].similar(id, 5)
    for name in ("solr older first", "solr newer first"):
        _, on_solr = engines[name].similar(id, 5)
        assert {r.id for r in on_solr} == {r.id for r in on_whoosh}, name
        assert id not in {r.id for r in on_solr}

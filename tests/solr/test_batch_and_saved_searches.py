"""Batch search and saved searches work the same on a SolrCloud collection as on the Whoosh index.

The corpus is test_contract's (the five seeds and the 37 sample WikiLeaks pages, ingested
through `cables ingest` into both engines).  Saved searches on Solr: a collection of the seeds,
``origin:lima`` saved (the two seed cables from Embassy Lima), then the WikiLeaks page of
06LIMA622 ("NATIONAL INTELLIGENCE DIRECTOR'S BRIEFING ON SENDERO LUMINOSO", Embassy Lima) ingested:
it is the one new hit.
"""

from __future__ import annotations

import json
import uuid

import pytest

from index.ingest import bundled_samples
from tests.conftest import CORPUS
from tests.solr.test_contract import QUERIES, engines  # noqa: F401 - the fixture, shared
from tui.cli import main

pytestmark = pytest.mark.xdist_group("solr")


@pytest.mark.parametrize("query", QUERIES)
def test_both_engines_list_the_same_matching_ids_and_date_span(engines, query):  # noqa: F811
    found = {}
    for name in ("whoosh", "solr"):
        lib = engines[name]
        result = lib.search(query, page_size=1)
        found[name] = (sorted(lib.matching_ids(query)), result.first, result.last, result.total)
    assert found["solr"] == found["whoosh"]
    assert len(found["solr"][0]) == found["solr"][3]


def test_07LIMA2313_is_dated_6_july_2007_on_both_engines(engines):  # noqa: F811
    for name in ("whoosh", "solr"):
        result = engines[name].search("coulter")
        # Its date-time group: "R 061745Z JUL 07".
        assert [h.id for h in result.hits] == ["07LIMA2313"] and result.first == result.last == "2007-07-06"


def test_a_search_within_2000_ids_is_one_request_on_solr(engines):  # noqa: F811
    """A saved search's new hits may be thousands of ids: more than Solr's 1024 boolean clauses."""
    ids = ["07LIMA2313", "09LIMA1661"] + [f"99NOWHERE{n}" for n in range(2000)]
    for name in ("whoosh", "solr"):
        result = engines[name].search("peru", within=ids)
        assert sorted(h.id for h in result.hits) == ["07LIMA2313", "09LIMA1661"] and result.total == 2


def test_cables_batch_gives_the_same_summaries_on_both_engines(engines, tmp_path, capsys):  # noqa: F811
    file = tmp_path / "q.txt"
    file.write_text("\n".join(QUERIES[:12] + ['"unbalanced']) + "\n", encoding="utf-8")
    outputs = {}
    for name, target in (("whoosh", ["--index", engines["whoosh"].engine.location]), ("solr", ["--engine", engines["url"]])):
        assert main(["batch", str(file), "--json", *target]) == 3
        outputs[name] = json.loads(capsys.readouterr().out)
    for row in (r for out in outputs.values() for r in out["queries"]):
        row.pop("best", None)  # the best hit: the engines rank alike only roughly (see test_contract)
        row.pop("hits", None)
    assert outputs["solr"] == outputs["whoosh"] and outputs["solr"]["failed"] == 1


def test_a_saved_search_on_solr_counts_06LIMA622_as_new_after_its_ingest(solr_cluster, tmp_path, capsys,
                                                                        monkeypatch):
    monkeypatch.setenv("CABLES_SOLR_CREDENTIALS", solr_cluster.credentials_file)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))  # the store of a collection lives there
    hosts = ",".join(u.split("//")[1].split("/")[0] for u in solr_cluster.urls)
    url = f"solr://{hosts}/solr/watch_{uuid.uuid4().hex[:8]}"
    page = CORPUS / "cables" / "sample-html" / "06LIMA622.html"
    if not page.exists():
        pytest.skip(f"{page} is absent")
    try:
        assert main(["solr", "init", "--engine", url]) == 0
        assert main(["ingest", "--engine", url, "--workers", "1", *map(str, bundled_samples())]) == 0
        assert main(["watch", "add", "lima", "origin:lima", "--engine", url]) == 0
        capsys.readouterr()
        assert main(["ingest", "--engine", url, "--workers", "1", str(page)]) == 0
        assert "saved search 'lima': 1 new" in capsys.readouterr().out.splitlines()
        assert main(["watch", "show", "lima", "--new", "--json", "--engine", url]) == 0
        assert [h["id"] for h in json.loads(capsys.readouterr().out)["hits"]] == ["06LIMA622"]
        assert main(["watch", "seen", "lima", "--engine", url]) == 0
        capsys.readouterr()
        assert main(["watch", "list", "--json", "--engine", url]) == 0
        assert [(w["name"], w["total"], w["new"]) for w in json.loads(capsys.readouterr().out)] == [("lima", 3, 0)]
    finally:
        from index.solr.engine import SolrEngine

        with SolrEngine.open(url, check=False) as engine:
            collection = url.rpartition("/")[2]
            if collection in engine.client.collections():
                engine.client.delete_collection(collection)

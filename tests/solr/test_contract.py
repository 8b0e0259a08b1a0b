"""One contract, two engines: the same `cables` on the Whoosh index and on a SolrCloud collection.

The corpus: the five bundled seed documents (`cables ingest --sample`) and, when ../shared is
here, the 37 WikiLeaks cable pages of corpus/cables/sample-html.  It is ingested twice through
the command line: `cables ingest` into a Whoosh folder, and `cables solr init --shards 2
--replicas 2` then `cables ingest --engine solr://…` into a collection on the local SolrCloud.
Then every query below must find the same documents, count the same facets, give the same
citations and the same cited-by on both engines; what they find is checked against what the
seed documents say (../shared/seeds/README.md, corpus/samples).

Where the engines differ, by design: the order of hits (Whoosh BM25F re-ranked by words side by
side, Solr BM25 per field with the title boosted).  Phrases are the same on both: each engine
holds the terms of the one analysis chain at the same positions, closed up over removed stop
words; fuzzy words are the index terms within the distance on both (index/solr/engine.py).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid

import pytest

from index.ingest import bundled_samples
from search.library import Library
from tests.conftest import CORPUS
from tui.cli import main

pytestmark = pytest.mark.xdist_group("solr")

QUERIES = [
    "dialogue",
    "security dialogue",
    '"security dialogue"',
    '"pol-mil talks"',
    '"dialogue with your country"',
    "talks",
    "peru OR venezuela",
    "peru -dialogue",
    "NOT peru",
    "negoti*",
    "dia*gu",
    "coulter~",
    "chavez~2",
    "dialog* country:PE",
    "coulter",
    "country:PE",
    "country:Venezuela",
    "country:VE OR country:PE",
    "tag:PREL",
    "tag:PGOV",
    "class:confidential",
    "class:unclassified",
    "class:secret",
    "from:2007-01 to:2007-12",
    "from:2009",
    "to:2005",
    "date:2009-11",
    "ref:09STATE112900",
    'ref:"STATE 112900"',
    "kind:cable",
    "kind:note-verbale",
    "origin:lima",
    "to:secstate",
    "info:bogota",
    'info:"amembassy caracas"',
    "to:ruehc dialogue",
    "marking:C",
    "title:dialogue",
    "id:09LIMA1661",
    "security country:PE from:2009",
    "(security OR defense) -venezuela kind:cable",
    "",
]
FILTERS = [
    {"year": ["2009"]},
    {"country": ["Peru"], "kind": ["cable"]},
    {"tag": ["PREL", "PGOV"]},
    {"from": ["2007"], "to": ["2008"]},
    {"classification": ["c"]},
]
CITATIONS = ["07 LIMA 2313 ¶7", "09LIMA1661", "09 LIMA 1661 para 6", "REF: LIMA 2313", "07LIMA2313 ¶¶6-7"]


def _corpus() -> list[str]:
    paths = [str(p) for p in bundled_samples()]
    pages = CORPUS / "cables" / "sample-html"
    if pages.is_dir():
        paths.append(str(pages))
    return paths


def _cables(*args: str) -> None:
    status = main(list(args))
    assert status == 0, f"cables {' '.join(args)} exited {status}"


@pytest.fixture(scope="module")
def engines(solr_cluster, tmp_path_factory) -> dict[str, Library | str]:
    """name -> Library over the same corpus: "whoosh" (a folder), "solr" (a 2x2 collection);
    "url": the collection's solr:// URL."""
    folder = tmp_path_factory.mktemp("whoosh-index")
    saved = os.environ.get("CABLES_SOLR_CREDENTIALS")
    os.environ["CABLES_SOLR_CREDENTIALS"] = solr_cluster.credentials_file
    collection = f"contract_{uuid.uuid4().hex[:8]}"
    hosts = ",".join(u.split("//")[1].split("/")[0] for u in solr_cluster.urls)
    url = f"solr://{hosts}/solr/{collection}"
    try:
        _cables("ingest", "--index", str(folder), "--workers", "1", *_corpus())
        _cables("solr", "init", "--engine", url, "--shards", "2", "--replicas", "2")
        _cables("ingest", "--engine", url, "--workers", "1", *_corpus())
        libraries = {"whoosh": Library.open(folder), "solr": Library.open(url)}
        yield {**libraries, "url": url}
        for lib in libraries.values():
            lib.close()
    finally:
        from index.solr.engine import SolrEngine

        with SolrEngine.open(url, check=False) as engine:
            if collection in engine.client.collections():
                engine.client.delete_collection(collection)
        if saved is None:
            os.environ.pop("CABLES_SOLR_CREDENTIALS", None)
        else:
            os.environ["CABLES_SOLR_CREDENTIALS"] = saved


def _all(lib: Library, query: str, filters=None, sort: str = "relevance"):
    return lib.search(query, filters=filters, sort=sort, page_size=1000)


@pytest.mark.parametrize("query", QUERIES)
def test_both_engines_find_the_same_documents(engines, query):
    whoosh, solr = (_all(engines[name], query) for name in ("whoosh", "solr"))
    assert {h.id for h in solr.hits} == {h.id for h in whoosh.hits}
    assert solr.total == whoosh.total == len(whoosh.hits)


@pytest.mark.parametrize("query", QUERIES)
def test_both_engines_count_the_same_facets(engines, query):
    assert _all(engines["solr"], query).facets == _all(engines["whoosh"], query).facets


@pytest.mark.parametrize("filters", FILTERS, ids=lambda f: ",".join(f"{k}={'|'.join(v)}" for k, v in f.items()))
def test_both_engines_filter_and_count_the_same(engines, filters):
    whoosh, solr = (_all(engines[name], "", filters) for name in ("whoosh", "solr"))
    assert {h.id for h in solr.hits} == {h.id for h in whoosh.hits}
    assert solr.facets == whoosh.facets


@pytest.mark.parametrize("engine", ["whoosh", "solr"])
def test_security_dialogue_as_a_phrase_finds_09LIMA1661(engines, engine):
    # 09LIMA1661: "PERU: INFORMATION ON SECURITY DIALOGUE"; 07LIMA2313 says "security" but no such phrase
    result = _all(engines[engine], '"security dialogue"')
    assert "09LIMA1661" in {h.id for h in result.hits}
    assert "07LIMA2313" not in {h.id for h in result.hits}


@pytest.mark.parametrize("engine", ["whoosh", "solr"])
def test_a_phrase_spans_the_stop_words_the_index_drops(engines, engine):
    # 09LIMA1661 ¶2: "an established security dialogue with your country"; "with" and "your" are
    # stop words, left out of the index and of the phrase alike: dialogu·countri, side by side.
    result = _all(engines[engine], '"dialogue with your country"')
    assert "09LIMA1661" in {h.id for h in result.hits}
    assert "07LIMA2313" not in {h.id for h in result.hits}


@pytest.mark.parametrize("engine", ["whoosh", "solr"])
def test_choosing_2009_keeps_2007_in_the_year_facet(engines, engine):
    # Both Lima cables: 09LIMA1661 (2009-11-20) and 07LIMA2313 (2007-07-06)
    result = _all(engines[engine], "kind:cable", {"year": ["2009"]})
    assert [h.id for h in result.hits if h.id.startswith(("07LIMA", "09LIMA"))] == ["09LIMA1661"]
    assert result.facets["year"].get("2007", 0) >= 1 and result.facets["year"].get("2009", 0) >= 1
    assert result.facets["month"].get("2009-11", 0) >= 1


@pytest.mark.parametrize("engine", ["whoosh", "solr"])
def test_newest_first_lists_09LIMA1661_before_07LIMA2313(engines, engine):
    ids = [h.id for h in _all(engines[engine], "origin:lima", sort="newest").hits]
    assert ids.index("09LIMA1661") < ids.index("07LIMA2313")
    ids = [h.id for h in _all(engines[engine], "origin:lima", sort="oldest").hits]
    assert ids.index("07LIMA2313") < ids.index("09LIMA1661")


@pytest.mark.parametrize("citation", CITATIONS)
def test_both_engines_give_the_same_citation(engines, citation):
    whoosh, solr = (engines[name].cite(citation) for name in ("whoosh", "solr"))
    assert whoosh.found is not None, whoosh.message
    assert (solr.found.citation, solr.found.text) == (whoosh.found.citation, whoosh.found.text)


@pytest.mark.parametrize("citation", CITATIONS)
def test_the_real_time_get_path_cites_what_the_solr_engine_cites(engines, citation):
    # `cables cite --engine solr://…` answers from Solr's /get over http.client (no httpx); what
    # it cannot answer by id (REF: LIMA 2313 needs the year list) falls back to the engine.
    from search.citation import quick_lookup

    quick, engine = quick_lookup(engines["url"], citation), engines["solr"].cite(citation)
    if quick is not None:
        assert (quick.found.citation, quick.found.text) == (engine.found.citation, engine.found.text)


def test_the_real_time_get_path_answers_09LIMA1661_para_6_without_httpx(engines):
    # 09LIMA1661 ¶6 is marked (C) and comes from Embassy Lima (seeds README); a fresh process
    # must not import httpx to say so.
    script = ("import sys; from search.citation import quick_lookup; "
              f"found = quick_lookup({engines['url']!r}, '09 LIMA 1661 para 6').found; "
              "print(found.citation); print('httpx' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True).stdout.splitlines()
    assert out[0].startswith("09LIMA1661 ¶6 (C), Embassy Lima") and out[1] == "False"


def test_a_collection_that_does_not_exist_falls_back_to_the_engine_and_its_message(engines, capsys):
    url = engines["url"].rsplit("/", 1)[0] + "/no_such_collection"
    assert main(["cite", "--engine", url, "09LIMA1661"]) != 0
    assert "no_such_collection" in capsys.readouterr().err


@pytest.mark.parametrize("engine", ["whoosh", "solr"])
def test_07_LIMA_2313_para_7_is_cited_with_its_marking(engines, engine):
    found = engines[engine].cite("07 LIMA 2313 ¶7").found
    assert found.citation.startswith("07LIMA2313 ¶7 (C), Embassy Lima")
    assert found.text.startswith("While GOP reps")


@pytest.mark.parametrize("engine", ["whoosh", "solr"])
def test_09LIMA1661_is_cited_by_nothing_and_cites_09STATE112900(engines, engine):
    lib = engines[engine]
    # 09LIMA1661: "REF: SECSTATE 112900"; no seed cites 09LIMA1661
    assert lib.cited_by("09STATE112900") == ["09LIMA1661"]
    assert lib.cited_by("09LIMA1661") == []
    assert lib.missing_references("09LIMA1661") == ["09STATE112900"]


def test_both_engines_read_back_the_same_records(engines):
    whoosh, solr = engines["whoosh"], engines["solr"]
    for id in ("09LIMA1661", "07LIMA2313"):
        assert solr.get(id) == whoosh.get(id)
    assert solr.stats()["documents"] == whoosh.stats()["documents"]
    assert solr.stats()["by_kind"] == whoosh.stats()["by_kind"]


def test_both_engines_offer_the_same_spelling_correction(engines):
    # "dialgue" (a letter left out) is in no seed; "dialogue" is in four
    whoosh, solr = (_all(engines[name], "dialgue") for name in ("whoosh", "solr"))
    assert whoosh.suggestion == solr.suggestion == "dialogue"


def test_both_engines_highlight_the_same_words(engines):
    whoosh, solr = (_all(engines[name], "negoti* dialogue") for name in ("whoosh", "solr"))
    assert [(h.id, h.snippet) for h in sorted(solr.hits, key=lambda h: h.id)] == [
        (h.id, h.snippet) for h in sorted(whoosh.hits, key=lambda h: h.id)
    ]


def test_the_query_language_parses_before_either_engine_answers(engines):
    from search.query import QueryError

    for lib in (engines["whoosh"], engines["solr"]):
        with pytest.raises(QueryError, match="unbalanced"):
            lib.search('"security dialogue')


def test_an_unreachable_solr_is_one_line_naming_the_url_and_exit_status_1(capsys):
    status = main(["search", "peru", "--engine", "solr://127.0.0.1:9/solr/cables"])
    err = capsys.readouterr().err
    assert status == 1
    assert err.startswith("cables: Solr is unreachable at http://127.0.0.1:9/solr (connection refused)")
    assert err.count("\n") == 1 and "Traceback" not in err


def test_the_terminal_ui_opens_on_the_solr_collection_and_lists_the_security_dialogue_cable(engines):
    import asyncio

    from tests.tui.test_app import SIZE, listed, type_query
    from tui.app import CablesApp

    url = engines["url"]

    async def scenario():
        app = CablesApp(url)
        async with app.run_test(size=SIZE) as pilot:
            await type_query(pilot, "security dialogue")
            assert listed(app)[0] == "09LIMA1661"  # its subject: "PERU: INFORMATION ON SECURITY DIALOGUE"
            assert app.library.stats()["engine"] == "solr"

    asyncio.run(scenario())


def test_solr_init_without_a_collection_url_is_a_usage_error(capsys, monkeypatch):
    monkeypatch.delenv("CABLES_ENGINE", raising=False)
    assert main(["solr", "init", "--shards", "2"]) == 2
    assert "--engine solr://HOST:PORT/solr/COLLECTION" in capsys.readouterr().err


def test_a_password_in_the_engine_url_is_refused_and_never_repeated(capsys):
    status = main(["stats", "--engine", "solr://cables:s3cret-Pass@127.0.0.1:9/solr/cables"])
    err = capsys.readouterr().err
    assert status == 1 and "credentials do not belong in a Solr URL" in err
    assert "s3cret-Pass" not in err


def _ids(lib: Library, tree, filters=None) -> set[str]:
    page = lib.engine.search(tree, filters or {}, sort="newest", start=0, size=1000, scored=False)
    return {row.id for row in page.rows}


def test_a_set_of_ids_finds_the_same_cables_on_both_engines_alone_and_as_a_filter(engines):
    # The id filters of marks and saved searches (index/query_tree.py InSet): 09LIMA1661 and 07LIMA2313
    # are the seed cables, both about Peru ("PERU: INFORMATION ON SECURITY DIALOGUE", "DAS COULTER'S
    # VISIT TO PERU FOR POL-MIL TALKS"); 09LIMA9999 is no cable of the corpus.
    from index import query_tree as qt
    from search.query import parse_query

    marked = qt.in_set("id", ["09LIMA1661", "07LIMA2313", "09LIMA9999"])
    peru = parse_query("peru").query
    for name in ("whoosh", "solr"):
        lib = engines[name]
        assert _ids(lib, marked) == {"09LIMA1661", "07LIMA2313"}, name
        assert _ids(lib, peru, {"marked": qt.in_set("id", ["09LIMA1661"])}) == {"09LIMA1661"}, name
        assert _ids(lib, qt.AndNot(peru, marked)) == _ids(lib, peru) - {"09LIMA1661", "07LIMA2313"}, name
        assert _ids(lib, qt.in_set("id", [])) == set(), name


def test_marks_stay_local_and_mytag_filters_the_solr_collection_by_id(engines, capsys, monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))  # the Solr collection's store goes here
    url = engines["url"]
    assert main(["mark", "07 LIMA 2313 ¶7", "--tag", "peru-mil", "--note", "Chile's buildup", "--engine", url]) == 0
    assert main(["mark", "09LIMA1661", "--tag", "peru-mil", "--engine", url]) == 0
    capsys.readouterr()
    assert list((tmp_path / "data" / "cablesearch" / "solr").glob("*.userdata.sqlite")), "kept locally"
    assert main(["search", "mytag:peru-mil", "--json", "--engine", url]) == 0
    found = json.loads(capsys.readouterr().out)
    assert sorted(h["id"] for h in found["hits"]) == ["07LIMA2313", "09LIMA1661"]
    assert found["facets"]["mytag"] == {"peru-mil": 2}
    assert main(["export", "--format", "md", "--engine", url]) == 0
    assert "> (C) While GOP reps expressed an overall optimistic view" in capsys.readouterr().out
    assert main(["search", "marked:no", "--json", "--engine", url]) == 0
    assert json.loads(capsys.readouterr().out)["total"] == _all(engines["whoosh"], "").total - 2


def test_an_id_filter_of_thousands_of_ids_passes_solrs_clause_limit(engines):
    from index.query_tree import Every
    from search.marks import id_filter

    ids = ["09LIMA1661", "07LIMA2313"] + [f"09NOWHERE{n}" for n in range(3000)]
    for name in ("whoosh", "solr"):
        page = engines[name].engine.search(Every(), {"mytag": id_filter(ids)}, sort="newest", start=0,
                                           size=10, scored=False)
        assert sorted(row.id for row in page.rows) == ["07LIMA2313", "09LIMA1661"], name

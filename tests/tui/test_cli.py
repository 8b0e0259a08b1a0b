"""The `cables` command line, run in-process on a real index of the five bundled seeds."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tui.cli import main

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def index(tmp_path_factory) -> str:
    path = tmp_path_factory.mktemp("cli") / "index"
    assert main(["ingest", "--sample", "--index", str(path), "--workers", "1"]) == 0
    return str(path)


def run(capsys, *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def test_help_in_a_real_process_lists_the_commands():
    result = subprocess.run(
        [sys.executable, "-c", "import sys; from tui.cli import main; sys.exit(main(['--help']))"],
        cwd=ROOT, capture_output=True, text=True,
    )
    assert result.returncode == 0
    for command in ("ingest", "search", "show", "cite", "stats", "help", "tui"):
        assert command in result.stdout
    assert "--index" in result.stdout


def test_every_command_has_help(capsys):
    for command in ("ingest", "search", "batch", "watch", "show", "cite", "stats", "help", "tui"):
        status, out, _ = run(capsys, command, "--help")
        assert status == 0 and "usage: cables " + command in out


@pytest.mark.parametrize("argv", [
    ["cite", "--index", "IDX", "07 LIMA 2313 ¶7", "--json"],
    ["--index", "IDX", "search", "security dialogue", "--country", "Peru", "--sort", "newest"],
    ["--engine", "solr://h:1/solr/c", "watch", "add", "humala", "humala", "--country", "Peru"],
    ["export", "--tag", "peru-mil", "--format", "md", "-o", "briefing.md"],
])
def test_a_command_line_reads_the_same_with_only_its_own_command_built(argv):
    from tui.cli.parser import _build, build_parser

    whole, names = _build(None)
    assert len(names) == 18 and argv[0] in names + ["--index", "--engine"]
    assert vars(build_parser(argv).parse_args(argv)) == vars(whole.parse_args(argv))


def test_a_mistyped_command_still_lists_every_command(capsys):
    assert main(["serch", "humala"]) == 2
    err = capsys.readouterr().err
    assert "invalid choice: 'serch'" in err and all(c in err for c in ("'search'", "'cite'", "'tui'"))


def test_ingest_summary_and_reingest_is_unchanged(capsys, tmp_path):
    target = str(tmp_path / "idx")
    status, out, _ = run(capsys, "ingest", "--sample", "--index", target, "--workers", "1")
    assert status == 0
    assert "new 5" in out and "rejected 0" in out
    status, out, _ = run(capsys, "ingest", "--sample", "--index", target, "--workers", "1")
    assert status == 0 and "unchanged 5" in out and "new 0" in out


def test_ingest_usage_errors(capsys, tmp_path):
    status, _, err = run(capsys, "ingest", "--index", str(tmp_path / "idx"))
    assert status == 2 and "nothing to ingest" in err
    status, _, err = run(capsys, "ingest", str(tmp_path / "nowhere"), "--index", str(tmp_path / "idx"))
    assert status == 2 and "no such file" in err


def test_ingest_while_another_ingest_holds_the_index(capsys, tmp_path):
    from index.whoosh.engine import Index

    target = tmp_path / "idx"
    busy = Index.open(target, create=True)
    with busy.ingest_lock():
        status, _, err = run(capsys, "ingest", "--sample", "--index", str(target), "--workers", "1")
    assert status == 1
    assert "another ingest" in err and "Traceback" not in err


def test_search_text_output(capsys, index):
    status, out, _ = run(capsys, "search", "--index", index, "--country", "PE", "--class", "confidential")
    assert status == 0
    assert out.startswith("2 hits")
    assert "09LIMA1661" in out and "07LIMA2313" in out
    assert "PERU: INFORMATION ON SECURITY DIALOGUE" in out


def test_search_json_is_the_documented_shape(capsys, index):
    status, out, _ = run(capsys, "--index", index, "search", '"security dialogue"', "--json")
    assert status == 0
    data = json.loads(out)
    assert data["total"] == 1
    hit = data["hits"][0]
    assert set(hit) == {"id", "kind", "title", "date", "classification", "origin", "countries", "score",
                        "snippet", "paragraphs"}
    assert hit["id"] == "09LIMA1661" and hit["classification"] == "CONFIDENTIAL"
    assert "established «security dialogue» with your country" in hit["snippet"]  # the phrase, marked whole
    assert {"number", "marking", "snippet"} == set(hit["paragraphs"][0])
    assert data["facets"]["kind"] == {"cable": 1}
    assert data["suggestion"] is None


def test_search_filters_sort_and_limit(capsys, index):
    status, out, _ = run(capsys, "search", "--index", index, "--kind", "cable", "--sort", "oldest", "--json")
    assert [h["id"] for h in json.loads(out)["hits"]] == ["07LIMA2313", "09LIMA1661"]
    status, out, _ = run(capsys, "search", "--index", index, "--from", "2009-01", "--json")
    assert [h["id"] for h in json.loads(out)["hits"]] == ["09LIMA1661"]
    status, out, _ = run(capsys, "search", "--index", index, "--limit", "2", "--page", "3", "--json")
    data = json.loads(out)
    assert data["total"] == 5 and len(data["hits"]) == 1


def test_a_page_past_the_end_says_which_page_is_the_last(capsys, index):
    # both seed cables are about Peru: one page of 10
    status, out, _ = run(capsys, "search", "--index", index, "peru", "kind:cable", "--page", "4")
    assert status == 0
    assert out.startswith("2 hits for 'peru kind:cable' (page 4 of 1)")
    assert "the last page is 1" in out


def test_search_suggests_a_spelling(capsys, index):
    status, out, _ = run(capsys, "search", "--index", index, "dialouge")
    assert status == 0 and "Did you mean: dialogue" in out


def test_malformed_query_is_a_one_line_usage_error(capsys, index):
    status, out, err = run(capsys, "search", "--index", index, '"security')
    assert status == 2
    assert "unbalanced quote" in err and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1


def test_show_lays_out_the_cable(capsys, index):
    status, out, _ = run(capsys, "show", "--index", index, "07LIMA2313")
    assert status == 0
    assert "DAS COULTER'S VISIT TO PERU FOR POL-MIL TALKS" in out
    assert "Embassy Lima" in out
    assert "¶7 (C) While GOP reps expressed" in out
    assert "¶11 The cable has been cleared by DAS Michael Coulter." in out
    # section headings between paragraphs
    assert "\nPeruvian Concerns\n" in out
    assert "Cited by:" in out


def test_show_gives_the_routing_and_declassification_of_the_header(capsys, index):
    # 09LIMA1661: "O R 201658Z NOV 09", "TO RUEHC/SECSTATE WASHDC IMMEDIATE 0126", "E.O. 12958: DECL: 2019/11/20"
    status, out, _ = run(capsys, "show", "--index", index, "09LIMA1661")
    assert status == 0
    assert "2009-11-20 16:58 UTC" in out
    assert "IMMEDIATE for action, ROUTINE for info" in out
    assert "SECSTATE WASHDC (IMMEDIATE)" in out
    assert "12958, declassify on 2019-11-20" in out


def test_show_json(capsys, index):
    status, out, _ = run(capsys, "show", "--index", index, "07lima2313", "--json")
    assert status == 0
    data = json.loads(out)
    assert data["id"] == "07LIMA2313"
    assert [p["number"] for p in data["paragraphs"]] == [str(n) for n in range(1, 12)]
    seventh = data["paragraphs"][6]
    assert set(seventh) == {"number", "marking", "heading", "text"}
    assert seventh["marking"] == "C" and seventh["heading"] == "Peruvian Concerns"
    assert data["date"].startswith("2007-07-06T17:45")
    assert data["cited_by"] == []


def test_show_unknown_id(capsys, index):
    status, _, err = run(capsys, "show", "--index", index, "09LIMA9999")
    assert status == 1 and "not in the index" in err


def test_cite(capsys, index):
    status, out, _ = run(capsys, "cite", "--index", index, "07 LIMA 2313 ¶7")
    assert status == 0
    line = out.splitlines()[0]
    assert line.startswith('07LIMA2313 ¶7 (C), Embassy Lima, "') and line.endswith('", 2007-07-06')
    status, out, _ = run(capsys, "cite", "--index", index, "07", "LIMA", "2313", "¶7", "--json")
    data = json.loads(out)
    assert set(data) == {"id", "paragraph", "marking", "text", "citation"}
    assert data["marking"] == "C" and data["text"].startswith("While GOP reps expressed")


def test_cite_not_found(capsys, index):
    status, _, err = run(capsys, "cite", "--index", index, "07LIMA46")
    assert status == 1 and "not in your index" in err and "Traceback" not in err
    status, out, _ = run(capsys, "cite", "--index", index, "07LIMA46", "--json")
    assert status == 1 and "not in your index" in json.loads(out)["error"]


def test_stats(capsys, index):
    status, out, _ = run(capsys, "stats", "--index", index, "--json")
    assert status == 0 and json.loads(out)["documents"] == 5
    status, out, _ = run(capsys, "stats", "--index", index)
    assert "documents: 5" in out


def test_help_query_documents_the_fields(capsys):
    status, out, _ = run(capsys, "help", "query")
    assert status == 0
    for word in ("country:", "tag:", "class:", "marking:", "from:", "ref:", '"'):
        assert word in out


def test_no_index_says_how_to_build_one(capsys, tmp_path):
    status, _, err = run(capsys, "search", "--index", str(tmp_path / "none"), "peru")
    assert status == 1
    assert "cables ingest --sample" in err and "Traceback" not in err


def test_index_from_the_environment(capsys, index, monkeypatch):
    monkeypatch.setenv("CABLES_INDEX", index)
    status, out, _ = run(capsys, "stats", "--json")
    assert json.loads(out)["documents"] == 5


def test_a_missing_library_fails_the_ingest_once_naming_it_not_once_per_file(capsys, tmp_path, shared, monkeypatch):
    # three PlusD PDF renderings; pypdf (which reads them) made unimportable as if not installed
    folder = tmp_path / "pdfs"
    folder.mkdir()
    for name in ("00ABUDHABI5893.pdf", "00ANKARA8112.pdf", "00ATHENS1501.pdf"):
        (folder / name).write_bytes((shared / "corpus" / "cables" / "plusd-text" / "pdf" / name).read_bytes())
    monkeypatch.setitem(sys.modules, "pypdf", None)
    status, _, err = run(capsys, "ingest", str(folder), "--index", str(tmp_path / "idx"), "--workers", "1")
    assert status == 1
    assert err.count("\n") == 1 and "'pypdf' is not installed" in err and "pip install pypdf" in err
    assert "internal error" not in err and "Traceback" not in err


def test_every_error_of_the_family_ends_the_command_with_its_own_status(capsys, index):
    from corpus.errors import EXIT_USAGE, CablesError
    from index.engines import IndexLocked, IndexNotFound
    from search.query import QueryError

    assert all(issubclass(e, CablesError) for e in (IndexLocked, IndexNotFound, QueryError))
    status, _, err = run(capsys, "search", "--index", index, "country:Atlantis")
    assert status == EXIT_USAGE and err.startswith("cables: unknown country 'Atlantis'")


def imported_by(*argv: str) -> set[str]:
    """The modules a real `cables …` process imports (python -X importtime)."""
    code = "import sys; from tui.cli import main; sys.exit(main(sys.argv[1:]))"
    result = subprocess.run([sys.executable, "-X", "importtime", "-c", code, *argv],
                            cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr[-2000:]
    lines = [line.split("|")[-1] for line in result.stderr.splitlines() if line.startswith("import time:")]
    return {line.strip().split(".")[0] for line in lines[1:]}


def test_help_and_cite_start_without_textual_and_dateparser(index):
    at_help = imported_by("--help")
    assert not at_help & {"textual", "whoosh", "dateparser", "search", "index"}
    at_cite = imported_by("cite", "--index", index, "07 LIMA 2313 ¶7")
    # the citation table beside the index answers: Whoosh and numpy are not even imported
    assert not at_cite & {"textual", "dateparser", "whoosh", "numpy"}


def test_search_opens_whoosh_without_the_web_modules(index):
    at_search = imported_by("search", "--index", index, "security dialogue")
    assert "whoosh" in at_search
    assert not at_search & {"http", "email", "ssl", "textual"}

"""`cables mark / unmark / marks / export` and `cite --format`, on real indexes of real cables."""

from __future__ import annotations

import json
import shutil
import sqlite3
import tarfile
from pathlib import Path

import pytest

from search.userdata import store_path
from tests.search.test_bibliography import rendered_by_citeproc
from tui.cli import main

SAMPLES = Path(__file__).resolve().parents[2] / "corpus" / "samples"


@pytest.fixture(scope="module")
def seeds(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("marks-cli") / "index"
    assert main(["ingest", "--sample", "--index", str(path), "--workers", "1"]) == 0
    return path


@pytest.fixture
def index(seeds, tmp_path) -> str:
    """The five bundled seeds, in a fresh copy per test (each test has its own store beside it)."""
    shutil.copytree(seeds, tmp_path / "index")
    return str(tmp_path / "index")


def run(capsys, *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def test_every_marks_command_has_help(capsys):
    for command in ("mark", "unmark", "marks", "export"):
        status, out, _ = run(capsys, command, "--help")
        assert status == 0 and "usage: cables " + command in out
    status, out, _ = run(capsys, "cite", "--help")
    assert "--format" in out and "csl-json" in out


def test_a_marked_paragraph_is_listed_with_its_citation_line_tags_and_note(capsys, index):
    status, out, _ = run(capsys, "mark", "07 LIMA 2313 para 7", "--tag", "peru-mil", "--note", "Chile's buildup",
                         "--index", index)
    assert status == 0
    assert out.startswith('07LIMA2313 ¶7 (C), Embassy Lima, "DAS Coulter\'s visit to Peru for pol-mil talks"')
    run(capsys, "mark", "09LIMA1661", "--tag", "peru-mil", "--tag", "vrae", "--index", index)
    status, out, _ = run(capsys, "marks", "--index", index)
    lines = out.splitlines()
    assert lines[0].startswith("09LIMA1661, Embassy Lima,") and lines[1] == "  tags: peru-mil, vrae"
    assert lines[2].startswith("07LIMA2313 ¶7 (C)") and lines[3:] == ["  tags: peru-mil", "  note: Chile's buildup"]
    status, out, _ = run(capsys, "marks", "--tag", "vrae", "--json", "--index", index)
    (only,) = json.loads(out)
    assert set(only) == {"id", "paragraph", "tags", "note", "created", "updated", "citation", "marking", "text",
                         "missing"}
    assert (only["id"], only["paragraph"], only["missing"]) == ("09LIMA1661", None, "")


def test_marking_again_adds_tags_and_a_note_replaces_the_note(capsys, index):
    run(capsys, "mark", "07LIMA2313 ¶7", "--tag", "chile", "--note", "first", "--index", index)
    run(capsys, "mark", "07LIMA2313 ¶7", "--tag", "bolivia", "--note", "second", "--index", index)
    status, out, _ = run(capsys, "marks", "--json", "--index", index)
    (mark,) = json.loads(out)
    assert mark["tags"] == ["bolivia", "chile"] and mark["note"] == "second"
    assert mark["marking"] == "C" and mark["text"].startswith("While GOP reps expressed an overall optimistic view")


def test_unmark_removes_one_tag_or_the_whole_mark(capsys, index):
    run(capsys, "mark", "09LIMA1661 ¶6", "--tag", "vrae", "--tag", "drugs", "--index", index)
    status, out, _ = run(capsys, "unmark", "09 LIMA 1661 para 6", "--tag", "drugs", "--index", index)
    assert status == 0 and "drugs" in out
    assert json.loads(run(capsys, "marks", "--json", "--index", index)[1])[0]["tags"] == ["vrae"]
    status, out, _ = run(capsys, "unmark", "09LIMA1661 ¶6", "--index", index)
    assert status == 0 and out.strip() == "unmarked 09LIMA1661 ¶6"
    status, _, err = run(capsys, "unmark", "09LIMA1661 ¶6", "--index", index)
    assert status == 1 and err.strip() == "cables: 09LIMA1661 ¶6 is not marked"


def test_an_unknown_citation_is_an_error_and_nothing_is_written(capsys, index):
    status, out, err = run(capsys, "mark", "09LIMA9999", "--tag", "x", "--index", index)
    assert status == 1 and out == ""
    assert err.count("\n") == 1 and "09LIMA9999" in err and "nothing marked" in err
    status, _, err = run(capsys, "mark", "07LIMA2313 ¶99", "--index", index)
    assert status == 1 and "has no paragraph ¶99" in err
    status, _, err = run(capsys, "mark", "09LIMA1661 paras 3-5", "--index", index)
    assert status == 2 and "one at a time" in err
    assert not store_path(index).exists(), "no store is made for a mark that was refused"


def test_search_counts_the_my_tags_facet_and_mytag_and_marked_filter(capsys, index):
    run(capsys, "mark", "07LIMA2313 ¶7", "--tag", "peru-mil", "--index", index)
    run(capsys, "mark", "09LIMA1661", "--tag", "peru-mil", "--tag", "vrae", "--index", index)
    status, out, _ = run(capsys, "search", "security", "--index", index)
    assert "mytag: peru-mil 2, vrae 1" in out.splitlines()
    status, out, _ = run(capsys, "search", "mytag:vrae", "--json", "--index", index)
    data = json.loads(out)
    assert [h["id"] for h in data["hits"]] == ["09LIMA1661"]
    assert data["facets"]["mytag"] == {"peru-mil": 1, "vrae": 1}
    status, out, _ = run(capsys, "search", "marked:no", "--json", "--index", index)
    assert json.loads(out)["total"] == 3
    status, _, err = run(capsys, "search", "marked:maybe", "--index", index)
    assert status == 2 and "marked: takes yes or no" in err


def test_export_writes_a_briefing_grouped_by_tag(capsys, index, tmp_path):
    run(capsys, "mark", "07LIMA2313 ¶7", "--tag", "peru-mil", "--note", "Chile's arms buildup", "--index", index)
    run(capsys, "mark", "09LIMA1661", "--tag", "peru-mil", "--index", index)
    run(capsys, "mark", "2003-04-14-peru-note-verbale", "--tag", "csbm", "--index", index)
    target = tmp_path / "out" / "briefing.md"
    status, out, _ = run(capsys, "export", "--format", "md", "-o", str(target), "--index", index)
    assert status == 0 and f"3 marks written to {target}" in out
    text = target.read_text()
    assert text.index("## csbm") < text.index("## peru-mil")
    peru = text[text.index("## peru-mil"):]
    # sorted by date: the 2007 paragraph before the 2009 cable
    assert peru.index("### 07LIMA2313 ¶7 (C)") < peru.index("### 09LIMA1661, Embassy Lima")
    assert "> (C) While GOP reps expressed an overall optimistic view" in peru
    assert "> --Chile's Military Buildup. GOP reps said" in peru, "every line of the paragraph is quoted"
    assert "Note: Chile's arms buildup" in peru
    assert "> **Subject:** Peru: Information on security dialogue" in peru


def test_export_of_one_tag_in_every_reference_format(capsys, index):
    run(capsys, "mark", "07LIMA2313 ¶7", "--tag", "peru-mil", "--index", index)
    run(capsys, "mark", "09LIMA1661", "--tag", "vrae", "--index", index)
    out = run(capsys, "export", "--tag", "peru-mil", "--format", "citations", "--index", index)[1]
    assert out.splitlines() == ['07LIMA2313 ¶7 (C), Embassy Lima, "DAS Coulter\'s visit to Peru for pol-mil talks", '
                                "2007-07-06"]
    out = run(capsys, "export", "--tag", "peru-mil", "--format", "bibtex", "--index", index)[1]
    assert out.startswith("@techreport{07LIMA2313_p7,") and "09LIMA1661" not in out
    out = run(capsys, "export", "--format", "ris", "--index", index)[1]
    assert out.count("TY  - RPRT") == 2
    items = json.loads(run(capsys, "export", "--format", "csl-json", "--index", index)[1])
    assert [i["number"] for i in items] == ["09LIMA1661", "07LIMA2313"]
    marks = json.loads(run(capsys, "export", "--format", "json", "--index", index)[1])
    assert [m["id"] for m in marks] == ["09LIMA1661", "07LIMA2313"]


def test_exporting_nothing_says_so_and_writes_no_file(capsys, index, tmp_path):
    status, out, err = run(capsys, "export", "-o", str(tmp_path / "b.md"), "--index", index)
    assert status == 1 and "nothing to export" in err and not (tmp_path / "b.md").exists()
    run(capsys, "mark", "09LIMA1661", "--tag", "vrae", "--index", index)
    status, _, err = run(capsys, "export", "--tag", "sofa", "--format", "bibtex", "--index", index)
    assert status == 1 and err.strip() == "cables: nothing to export: no marks tagged 'sofa'"


def test_cite_chicago_is_what_citeproc_makes_of_cite_csl_json(capsys, index):
    status, chicago, _ = run(capsys, "cite", "07 LIMA 2313 ¶7", "--format", "chicago", "--index", index)
    assert status == 0
    (item,) = json.loads(run(capsys, "cite", "07 LIMA 2313 ¶7", "--format", "csl-json", "--index", index)[1])
    assert chicago.strip() == rendered_by_citeproc(item)
    assert chicago.strip().startswith("DAS Coulter's Visit to Peru for Pol-mil Talks, Cable 07LIMA2313")
    status, _, err = run(capsys, "cite", "07LIMA46", "--format", "bibtex", "--index", index)
    assert status == 1 and "not in your index" in err


def test_a_damaged_store_is_one_line_naming_the_file(capsys, index):
    store = store_path(index)
    store.write_text("not a database\n" * 100)
    for argv in (["mark", "09LIMA1661"], ["marks"], ["export"], ["search", "security", "mytag:vrae"]):
        status, _, err = run(capsys, *argv, "--index", index)
        assert status == 1 and err.count("\n") == 1, argv
        assert str(store) in err and "damaged" in err and "Traceback" not in err
    assert store.read_text() == "not a database\n" * 100
    status, out, _ = run(capsys, "search", "security", "--index", index)
    assert status == 0 and "09LIMA1661" in out, "searching without marks still works"


def test_a_locked_store_is_one_line_naming_the_file(capsys, index, monkeypatch):
    from search import userdata

    run(capsys, "mark", "09LIMA1661", "--tag", "vrae", "--index", index)
    monkeypatch.setattr(userdata, "BUSY_TIMEOUT_MS", 200)
    holder = sqlite3.connect(store_path(index), isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        status, _, err = run(capsys, "mark", "07LIMA2313 ¶7", "--index", index)
    finally:
        holder.execute("ROLLBACK")
    assert status == 1 and err.count("\n") == 1 and str(store_path(index)) in err and "locked" in err


def test_ctrl_c_in_the_middle_of_a_mark_leaves_the_store_as_it_was(capsys, index, monkeypatch):
    from search.userdata import UserData

    run(capsys, "mark", "09LIMA1661", "--tag", "vrae", "--note", "before", "--index", index)

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt  # arrives after the mark's rows are written, before the commit

    monkeypatch.setattr(UserData, "_load", staticmethod(interrupted))
    status, _, err = run(capsys, "mark", "09LIMA1661", "--tag", "drugs", "--note", "after", "--index", index)
    assert status == 130 and "interrupted" in err
    monkeypatch.undo()
    (mark,) = json.loads(run(capsys, "marks", "--json", "--index", index)[1])
    assert (mark["tags"], mark["note"]) == (["vrae"], "before")


def test_marks_survive_a_newer_release_a_rebuilt_index_and_are_kept_when_the_cable_is_gone(capsys, shared, tmp_path):
    # 09CAIRO874 as WikiLeaks first published it (Dec 2010) and as re-released (in sample-html)
    old = tmp_path / "old" / "09CAIRO874.html"
    old.parent.mkdir()
    with tarfile.open(shared / "corpus" / "cables" / "wikileaks-html-2010-12-22-1869.tar.xz") as archive:
        member = next(m for m in archive if m.name.endswith("/09CAIRO874.html"))
        old.write_bytes(archive.extractfile(member).read())
    newer = shared / "corpus" / "cables" / "sample-html" / "09CAIRO874.html"
    assert old.read_bytes() != newer.read_bytes()
    index = str(tmp_path / "index")
    assert run(capsys, "ingest", str(old), "--index", index, "--workers", "1")[0] == 0
    run(capsys, "mark", "09 CAIRO 874 ¶1", "--tag", "egypt", "--note", "Mubarak's first visit since 2004",
        "--index", index)
    run(capsys, "mark", "09CAIRO874", "--tag", "egypt", "--index", index)

    def listed() -> list[dict]:
        return json.loads(run(capsys, "marks", "--tag", "egypt", "--json", "--index", index)[1])

    before = listed()
    status, out, _ = run(capsys, "ingest", str(newer), "--index", index, "--workers", "1")
    assert status == 0 and "updated 1" in out
    after = listed()
    assert [(m["id"], m["paragraph"], m["note"], m["missing"]) for m in after] == [
        (m["id"], m["paragraph"], m["note"], m["missing"]) for m in before]
    # ¶1. (S/NF) Introduction: President Mubarak last visited Washington in April 2004 …
    assert after[1]["marking"] == "S//NF" and "President Mubarak last visited" in after[1]["text"]

    shutil.rmtree(index)  # the index deleted and rebuilt: the store is beside it, not in it
    assert run(capsys, "ingest", str(newer.parent), "--index", index, "--workers", "1")[0] == 0
    assert [m["created"] for m in listed()] == [m["created"] for m in before]
    assert run(capsys, "search", "mytag:egypt", "--json", "--index", index)[1].count('"id": "09CAIRO874"') == 1

    shutil.rmtree(index)  # rebuilt without that cable: its marks are listed as missing, never dropped
    assert run(capsys, "ingest", str(SAMPLES), "--index", index, "--workers", "1")[0] == 0
    gone = listed()
    assert [(m["citation"], m["missing"]) for m in gone] == [("09CAIRO874", "not in the index"),
                                                              ("09CAIRO874 ¶1", "not in the index")]
    status, out, _ = run(capsys, "marks", "--index", index)
    assert "09CAIRO874 ¶1  [missing: not in the index]" in out.splitlines()
    status, out, err = run(capsys, "export", "--format", "bibtex", "--index", index)
    assert status == 0 and out == "" and "left out 09CAIRO874 ¶1: not in the index" in err
    status, out, _ = run(capsys, "unmark", "09CAIRO874 ¶1", "--index", index)
    assert status == 0 and len(listed()) == 1

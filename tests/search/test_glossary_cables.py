"""`cables explain`, `show --json`'s glossary, snippets, titles and addressees on the 6,712 real
WikiLeaks cables (the session's index, tests/search/conftest.py).

08LIMA1107 (Embassy Lima, 2008-06-26): "TAGS:PGOV, PREL, PINR, PE"; ¶1 "(C) Summary: Ambassador
McKinley met with opposition Peruvian Nationalist Party (PNP) leader Ollanta Humala"; ¶4 "it was
unclear with whom the GOP could successfully negotiate"; TO SECSTATE WASHDC, INFO among others
RUEHBO/AMEMBASSY BOGOTA.  09STATE103113 has no SUBJECT line; its first heading reads "SHINING PATH
AND NARCOTRAFFICKERS POSE SERIOUS THREAT".
"""

from __future__ import annotations

import json

import pytest

from tui.cli import main


def run(capsys, index, *argv: str) -> tuple[int, str]:
    status = main([*argv, "--index", str(index)])
    out, _ = capsys.readouterr()
    return status, out


def test_explain_pnp_in_08lima1107_reads_the_cables_own_definition(capsys, wikileaks_6712):
    status, out = run(capsys, wikileaks_6712, "explain", "PNP", "--in", "08LIMA1107")
    assert status == 0
    assert out.splitlines()[0] == "PNP  Peruvian Nationalist Party"
    assert "defined in the text of 08LIMA1107" in out


def test_explain_gop_in_a_lima_cable_is_the_government_of_peru(capsys, wikileaks_6712):
    status, out = run(capsys, wikileaks_6712, "explain", "GOP", "--in", "08 LIMA 1107", "--json")
    assert status == 0
    [meaning] = json.loads(out)["meanings"]
    assert meaning["meaning"] == "Government of Peru" and meaning["kind"] == "government"


def test_explain_a_tag_prints_the_handbook_wording_and_its_source(capsys, wikileaks_6712):
    status, out = run(capsys, wikileaks_6712, "explain", "PHUM")
    assert status == 0
    assert out.splitlines()[0].startswith("PHUM  Human Rights")  # 5 FAH-3 H-111: "PHUM Human Rights"
    assert "5 FAH-3 H-111" in out


def test_explain_without_a_cable_gives_the_expansion_the_index_defines_most(capsys, wikileaks_6712):
    # Counted over the indexed cables that spell PNP out; 08LIMA1107's "Peruvian Nationalist Party"
    # is one of them, the Peruvian National Police another.
    status, out = run(capsys, wikileaks_6712, "explain", "PNP", "--json")
    assert status == 0
    [meaning] = json.loads(out)["meanings"]
    assert meaning["meaning"] in ("Peruvian Nationalist Party", "Peruvian National Police")
    assert meaning["source"].startswith("defined so in ")


def test_explain_an_unknown_code_says_unknown_and_exits_1(capsys, wikileaks_6712):
    status, out = run(capsys, wikileaks_6712, "explain", "KJUS")
    assert status == 1
    assert out.startswith("KJUS  unknown")


def test_show_json_gives_the_glossary_of_08lima1107(capsys, wikileaks_6712):
    status, out = run(capsys, wikileaks_6712, "show", "08LIMA1107", "--json")
    assert status == 0
    glossary = json.loads(out)["glossary"]
    assert glossary["PE"]["meaning"] == "Peru"
    assert "External Political Relations" in glossary["PREL"]["meaning"]
    assert glossary["PNP"]["meaning"] == "Peruvian Nationalist Party"
    assert all(entry["source"] for entry in glossary.values() if entry["meaning"])


def test_the_08lima1107_snippet_comes_from_its_paragraphs_not_the_routing_header(capsys, wikileaks_6712):
    status, out = run(capsys, wikileaks_6712, "search", "security dialogue", "--country", "Peru",
                      "--limit", "50", "--json")
    assert status == 0
    [hit] = [h for h in json.loads(out)["hits"] if h["id"] == "08LIMA1107"]
    shown = [hit["snippet"]] + [p["snippet"] for p in hit["paragraphs"]]
    for snippet in shown:
        assert "RUEH" not in snippet and "header ends" not in snippet and "PRIORITY" not in snippet
    # ¶1: "Asked about the possible impact on juridical security and investment"
    assert all(p["number"] for p in hit["paragraphs"])
    assert any("juridical «security»" in s for s in shown)


def test_a_cable_without_a_subject_shows_a_title_marked_as_derived(capsys, wikileaks_6712):
    status, out = run(capsys, wikileaks_6712, "show", "09STATE103113")
    assert status == 0
    assert out.splitlines()[0] == ("09STATE103113  SHINING PATH AND NARCOTRAFFICKERS POSE SERIOUS THREAT "
                                   "(no subject line: title from its first section heading)")


@pytest.mark.parametrize(("query", "found"), [
    ("info:bogota humala", True),        # INFO RUEHBO/AMEMBASSY BOGOTA PRIORITY 5825
    ("info:ruehbo humala", True),        # the same addressee by its routing indicator
    ("to:secstate humala", True),        # TO RUEHC/SECSTATE WASHDC PRIORITY 8906
    ("to:bogota humala", False),         # Bogota is an info addressee, not an action one
])
def test_addressees_are_fields_of_their_own(cables, query, found):
    ids = [h.id for h in cables.search(query, page_size=500).hits]
    assert ("08LIMA1107" in ids) is found


def test_the_header_ends_line_is_not_indexed(cables):
    assert "08LIMA1107" not in [h.id for h in cables.search('"header ends"', page_size=500).hits]

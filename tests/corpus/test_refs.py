"""REF blocks: one Reference per item, with canonical ids; non-cable papers kept without ids."""

from __future__ import annotations

from pathlib import Path

import pytest

from corpus.refs import REF_LABEL, parse_references

SAMPLES = Path(__file__).resolve().parents[2] / "corpus" / "samples"


def ids(block: str, year: int | None = 2007, self_id: str | None = None) -> list[list[str]]:
    return [r.ids for r in parse_references(block, year=year, self_id=self_id)]


def _seed_refs(name: str, year: int, self_id: str):
    text = (SAMPLES / name).read_text(encoding="utf-8")
    m = REF_LABEL.search(text)
    assert m, "the seed has a REF line"
    return parse_references(text[m.end():].split("\n", 1)[0], year=year, self_id=self_id)


def test_seed_09lima1661():
    refs = _seed_refs("002_69213b056e47e10f.txt", 2009, "09LIMA1661")
    assert [(r.ids, r.kind, r.bullet) for r in refs] == [(["09STATE112900"], "cable", None)]
    assert refs[0].text == "09 STATE 112900"


def test_seed_07lima2313_year_is_the_cables_own():
    refs = _seed_refs("003_5abae48b7d5fc6de.txt", 2007, "07LIMA2313")
    assert [r.ids for r in refs] == [["07LIMA46"]]


def test_lettered_items_in_every_style():
    for block in ("A. STATE 1 B. STATE 2", "A) STATE 1 B) STATE 2", "(A) STATE 1 (B) STATE 2",
                  "[A] STATE 1 [B] STATE 2", "A: STATE 1 B: STATE 2", "A - STATE 1 B - STATE 2",
                  "A.) STATE 1 B.) STATE 2", "\u00b6A. STATE 1\n\u00b6B. STATE 2", "(1) STATE 1 (2) STATE 2"):
        refs = parse_references(block, year=2009)
        assert [r.ids for r in refs] == [["09STATE1"], ["09STATE2"]], block
        assert [r.bullet for r in refs] in (["A", "B"], ["1", "2"])


def test_year_forms():
    assert ids("A. 06 TBILISI 2601 B. 2007 MANAGUA 2135 C. '08 BUENOS AIRES 1491 D. (99) ROME 2196") == [
        ["06TBILISI2601"], ["07MANAGUA2135"], ["08BUENOSAIRES1491"], ["99ROME2196"]]
    assert ids("A. ASUNCION 701 (08) B. QUITO 4525-91 C. PANAMA 00789/08 D. AMMAN 07718 99") == [
        ["08ASUNCION701"], ["91QUITO4525"], ["08PANAMA789"], ["99AMMAN7718"]]
    assert ids("A. STATE (01) 201265 B. 094 QUITO 841 C. 09CAIRO0561 D. 2005PANAMA2342") == [
        ["01STATE201265"], ["94QUITO841"], ["09CAIRO561"], ["05PANAMA2342"]]
    assert ids("A. 10-OTTAWA-57 B. 870 Ulaanbaatar C. 377 KATHMANDU") == [
        ["10OTTAWA57"], ["07ULAANBAATAR870"], ["07KATHMANDU377"]]


def test_no_year_anywhere_gives_no_id():
    assert ids("LIMA 0046", year=None) == [[]]


def test_several_ids_in_one_item():
    assert ids("BRASILIA 2799 AND 2764") == [["07BRASILIA2799", "07BRASILIA2764"]]
    assert ids("SECSTATE 113408 AND SECSTATE 113635") == [["07STATE113408", "07STATE113635"]]
    assert ids("Kabul 692/317/274/162") == [["07KABUL692", "07KABUL317", "07KABUL274", "07KABUL162"]]
    assert ids("GUANGZHOU 11657 and 7743, 12155, 13381") == [
        ["07GUANGZHOU11657", "07GUANGZHOU7743", "07GUANGZHOU12155", "07GUANGZHOU13381"]]
    assert ids("PRAGUE 849, PRAGUE, 1228") == [["07PRAGUE849", "07PRAGUE1228"]]
    assert ids("SECSTATE 232089 & USUN 2336") == [["07STATE232089", "07USUNNEWYORK2336"]]


def test_station_names_and_tails():
    assert ids("A. LA PAZ 123 B. SAO PAULO 45 C. USUN NEW YORK 77 D. THE HAGUE 5 E. N'DJAMENA 12 "
               "F. ST. PETERSBURG 7 G. MEXICO CITY 8 H. EMBASSY VIENNA 1450") == [
        ["07LAPAZ123"], ["07SAOPAULO45"], ["07USUNNEWYORK77"], ["07THEHAGUE5"], ["07NDJAMENA12"],
        ["07STPETERSBURG7"], ["07MEXICO8"], ["07VIENNA1450"]]
    assert ids("A. HANOI 60 (FEW CHANGES AT THE 9TH PARTH PLENUM) B. STATE 106206 CIRCULAR "
               "C. STATE 1234 (NOTAL) AND PREVIOUS") == [["07HANOI60"], ["07STATE106206"], ["07STATE1234"]]


def test_self_reference_dropped():
    refs = parse_references("A. TRIPOLI 402 B. TRIPOLI 400", year=2008, self_id="08TRIPOLI402")
    assert [r.ids for r in refs] == [["08TRIPOLI400"]]


def test_page_header_inside_block():
    block = "A. STATE 40721\n CONFIDENTIAL\nPAGE 02 ROME 01196 01 OF 02 082030Z  B. ROME 1098"
    assert ids(block, year=1992) == [["92STATE40721"], ["92ROME1098"]]


@pytest.mark.parametrize(
    "item, kind",
    [("LEE-GOLDSTEIN EMAIL 05/11/07", "email"), ("MITCHELL/SIMS TELCON 02/16/2010", "telcon"),
     ("SECDEF MSG DTG 301601z SEP 08", "message"), ("SECDEF R162245Z OCT 08", "message"),
     ("CAIRO IIR 6 899 0149 10", "report"), ("OSC EUP20080707950031", "report"),
     ("2004 HUMAN RIGHTS REPORT FOR PANAMA", "report"), ("PARIS POINTS JULY 15", "other"),
     ("LONDON DAILY 11/3/09", "report")],
)
def test_non_cable_references_have_no_ids(item, kind):
    (ref,) = parse_references(item, year=2008)
    assert (ref.kind, ref.ids, ref.text) == (kind, [], item)


@pytest.mark.parametrize(
    "line",
    ["REF: X", "REFS: X", "Refs : X", "Ref(s): X", "REFTEL: X", "Reftel: X", "REFTELS: X", "REF. X",
     "PROGRAM REF: X", "REF: REF: X", "REF: REFERENCE: X", "REF A) X"],
)
def test_label_variants(line):
    m = REF_LABEL.search(line)
    assert m and line[m.end():].strip() in ("X", "A) X")


@pytest.mark.parametrize("line", ["Reference point", "REFORM: X", "THE REF: X", "referenda were held"])
def test_label_not_found_in_prose(line):
    assert REF_LABEL.search(line) is None


def test_an_unlettered_list_separated_by_semicolons_gives_one_reference_per_item():
    # 09LIMA1659: "REF: LIMA 1209; LIMA 1299 AND PREVIOUS; LIMA 1647; LIMA 1653"
    refs = parse_references("LIMA 1209; LIMA 1299 AND PREVIOUS; LIMA 1647; LIMA 1653", year=2009, self_id="09LIMA1659")
    assert [r.ids for r in refs] == [["09LIMA1209"], ["09LIMA1299"], ["09LIMA1647"], ["09LIMA1653"]]
    assert refs[1].text == "LIMA 1299 AND PREVIOUS"


def test_a_semicolon_inside_a_parenthesised_title_does_not_split_the_item():
    refs = parse_references("HANOI 60 (FEW CHANGES; MORE TO COME)", year=2007)
    assert len(refs) == 1 and refs[0].ids == ["07HANOI60"]


def test_stray_dash_of_a_continuation_line_is_not_part_of_the_item() -> None:
    # 03COLOMBO2183: "Refs:  (A) State 348254 \n-      (B) State 348253 -      (C) Colombo 2179, and previous"
    refs = parse_references(
        "(A) State 348254 \n-      (B) State 348253 -      (C) Colombo 2179, and previous", year=2003
    )
    assert [(r.bullet, r.text, r.ids) for r in refs] == [
        ("A", "State 348254", ["03STATE348254"]),
        ("B", "State 348253", ["03STATE348253"]),
        ("C", "Colombo 2179, and previous", ["03COLOMBO2179"]),
    ]

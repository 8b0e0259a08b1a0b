"""TAGS: typed, mended, deduplicated codes."""

from __future__ import annotations

from pathlib import Path

import pytest

from corpus.records import Tag
from corpus.tags import TAGS_LABEL, parse_tags

SAMPLES = Path(__file__).resolve().parents[2] / "corpus" / "samples"


def codes(value: str) -> list[str]:
    return [t.code for t in parse_tags(value)]


def _seed_tags(name: str) -> list[Tag]:
    text = (SAMPLES / name).read_text(encoding="utf-8")
    m = TAGS_LABEL.search(text)
    assert m, "the seed has a TAGS line"
    return parse_tags(text[m.end():].split("\n", 1)[0])


def test_seed_09lima1661_markdown_links():
    assert _seed_tags("002_69213b056e47e10f.txt") == [
        Tag(code="PREL", kind="subject"), Tag(code="PGOV", kind="subject"), Tag(code="MARR", kind="subject"),
        Tag(code="PE", kind="country", name="Peru"), Tag(code="MOPS", kind="subject")]


def test_seed_07lima2313_countries():
    tags = _seed_tags("003_5abae48b7d5fc6de.txt")
    assert [t.code for t in tags] == ["PGOV", "PINR", "PHUM", "VE", "PE"]
    assert [t.name for t in tags if t.kind == "country"] == ["Venezuela", "Peru"]


def test_separators_lines_and_html():
    assert codes("PREL, PGOV,\nPHUM BA") == ["PREL", "PGOV", "PHUM", "BA"]
    assert codes("<a href='/tag/PREL_0.html'>PREL</a> <a href='/tag/PE_0.html'>PE</a>") == ["PREL", "PE"]
    assert codes("PREL PGOV\nSUBJECT: PERU: INFORMATION ON SECURITY DIALOGUE") == ["PREL", "PGOV"]


def test_duplicates_removed_order_kept():
    assert codes("OPRC, OPRC, OPRC, KPAO, OPRC") == ["OPRC", "KPAO"]


def test_glued_tags_are_split():
    assert codes("PHUMBA") == ["PHUM", "BA"]
    assert codes("ECONEFIN") == ["ECON", "EFIN"]
    # 09CAIRO2205
    assert codes("KFRDKIRFCVISCMGTKOCIASECPHUMSMIGEG") == [
        "KFRD", "KIRF", "CVIS", "CMGT", "KOCI", "ASEC", "PHUM", "SMIG", "EG"]


def test_typos_mended():
    assert codes("MOPPS POGOV RU SYR KWWMN") == ["MOPS", "PGOV", "RS", "SY", "KWMN"]
    assert parse_tags("RU")[0] == Tag(code="RS", kind="country", name="Russia")


def test_people():
    assert parse_tags("CLINTON HILLARY, PREL")[0] == Tag(code="CLINTON, HILLARY", kind="person")
    assert codes("OVIP (STEINBERG, JAMES B.) PREL") == ["OVIP", "STEINBERG, JAMES B.", "PREL"]


def test_free_text_kept_whole():
    assert codes("HUMAN RIGHTS, PREL") == ["HUMAN RIGHTS", "PREL"]
    assert codes("PREL, COUNTRY\nCLEARANCE") == ["PREL", "COUNTRY CLEARANCE"]
    assert codes("TIP IN TURKEY") == ["TIP IN TURKEY"]
    assert codes("GOI EXTERNAL, ISRAELI PALESTINIAN AFFAIRS") == ["GOI EXTERNAL", "ISRAELI PALESTINIAN AFFAIRS"]
    assert parse_tags("HUMAN RIGHTS")[0].kind == "other"


def test_noise_and_page_headers_dropped():
    assert codes("PREL, SIPDIS, PGOV") == ["PREL", "PGOV"]
    assert codes("EAID, ECON, BA, TAGS: EFIN") == ["EAID", "ECON", "BA", "EFIN"]  # 05MANAMA429
    assert codes("OPRC, TBIO, UNCLASSIFIED    PAGE 02        VATICA  00283  01 OF 05  241033Z\nSOCI") == [
        "OPRC", "TBIO", "SOCI"]


@pytest.mark.parametrize(
    "code, kind",
    [("PE", "country"), ("EU", "organization"), ("UN", "organization"), ("NATO", "organization"), ("XA", "region"),
     ("ZP", "region"), ("KPAO", "program"), ("KDEM", "program"), ("PREL", "subject"), ("MARR", "subject"),
     ("ECON", "subject"), ("SMIG", "subject"), ("OVIP", "subject"), ("ASEC", "subject"), ("CASC", "subject"),
     ("TBIO", "subject"), ("UNGA/C-6", "other")],
)
def test_kinds(code, kind):
    assert parse_tags(code)[0].kind == kind


@pytest.mark.parametrize(
    "line",
    ["TAGS: PREL", "TAGS PREL, PGOV", "Tags: PREL", "TAG PREL", "TAGES: PREL", "TAS: PREL", "TABS: PREL",
     "TGS: PREL", "AGS: PREL", "TAGS; PREL", "TAGS, PREL", "  TAGS: PREL"],
)
def test_label_variants(line):
    m = TAGS_LABEL.search(line)
    assert m and codes(line[m.end():]) == ["PREL"] + (["PGOV"] if "PGOV" in line else [])


@pytest.mark.parametrize("line", ["TAGSOMETHING PREL", "tags were found on the boxes", "The TAGS: PREL"])
def test_label_not_found_in_prose(line):
    assert TAGS_LABEL.search(line) is None

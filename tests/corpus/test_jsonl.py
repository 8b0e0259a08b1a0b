"""Cables exported one JSON object a line: ids, dates, flattened text, bad lines."""

from __future__ import annotations

import json
from datetime import datetime

import pytest

from corpus.jsonl import export_id, parse_export_date, parse_jsonl, restore_lines
from corpus.records import Cable, ParseError

# Shortened from embassy-baghdad-80-90.jsonl line 1: the body is BAGHDAD 3988 and
# cites "REF: STATE 323960", which is what the export put in _id.
BAGHDAD_3988 = {
    "_id": "85STATE323960",
    "origin": "Embassy Baghdad",
    "date_time": "11/24/1985 11:15",
    "classification": "SECRET",
    "body": "S E C R E T SECTION 01 OF 02 BAGHDAD 3988  FOR MANAMA POLITICAL OFFICERS' MEETING  "
    "E.O. 12356: DECL:OADR TAGS: MOPS, PREL, IZ, IR, XF SUBJECT: THE GULF WAR: PROSPECTS FOR "
    "PEACE OR EXPANSION  REF: STATE 323960   1. SECRET - ENTIRE TEXT.  2. SUMMARY: THE GULF WAR "
    "WILL LIKELY BUT NOT NECESSARILY REMAIN STALEMATED. END SUMMARY.  3. THE IRAN-IRAQ WAR HAS "
    "ESSENTIALLY BEEN A BLOODY STALEMATE.  NEWTON",
}
# From embassy-baghdad-90-95.jsonl line 2: _id lists the two cables it refers to.
BAGHDAD_2098 = {
    "_id": "90BAGHDAD2084|90CAIRO7329",
    "origin": "Embassy Baghdad",
    "date_time": "4/9/1990 13:14",
    "classification": "CONFIDENTIAL",
    "body": "C O N F I D E N T I A L SECTION 01 OF 02 BAGHDAD 02098  E.O. 12356: DECL:OADR TAGS: "
    "PREL, US, EG, IZ SUBJECT: SADDAM EXPLAINS AND DEFENDS  REF: FBIS JN0804192190  1.  "
    "CONFIDENTIAL - ENTIRE TEXT.  2.  SUMMARY:  SADDAM REPEATED OLD ARGUMENTS.  END SUMMARY.",
}


def _line(obj: dict) -> bytes:
    return json.dumps(obj).encode()


class TestExportDate:
    def test_month_first_us_form(self):
        assert parse_export_date("6/30/2004 10:01") == datetime(2004, 6, 30, 10, 1)

    def test_iso_form(self):
        assert parse_export_date("2004-01-20 12:12") == datetime(2004, 1, 20, 12, 12)

    def test_nonsense_is_none(self):
        assert parse_export_date("yesterday") is None
        assert parse_export_date("13/45/2004 10:01") is None


class TestWhichId:
    def test_export_id_field_is_the_references_not_the_cable(self):
        # The body says BAGHDAD 3988 in 1985; "_id" 85STATE323960 is its REF.
        assert export_id(BAGHDAD_3988, BAGHDAD_3988["body"], datetime(1985, 11, 24)) == "85BAGHDAD3988"

    def test_piped_export_id_is_ignored_too(self):
        assert export_id(BAGHDAD_2098, BAGHDAD_2098["body"], datetime(1990, 4, 9)) == "90BAGHDAD2098"

    def test_empty_export_id(self):
        obj = {**BAGHDAD_2098, "_id": ""}
        assert export_id(obj, obj["body"], datetime(1990, 4, 9)) == "90BAGHDAD2098"

    def test_reference_id_field_is_trusted(self):
        obj = {"_id": "04ANKARA348", "reference_id": "04ANKARA348", "body": "C o n f i d e n t i a l ankara 000348"}
        assert export_id(obj, obj["body"], datetime(2004, 1, 20)) == "04ANKARA348"

    def test_multi_word_station(self):
        body = "C O N F I D E N T I A L SECTION 01 OF 03 NEW DELHI 006976  SIPDIS  E.O. 12958: DECL: 10/26/2004"
        assert export_id({"_id": ""}, body, datetime(2004, 11, 2)) == "04NEWDELHI6976"


class TestRestoreLines:
    def test_header_fields_start_lines_and_paragraphs_are_separated(self):
        text = restore_lines(BAGHDAD_3988["body"])
        lines = text.splitlines()
        assert lines[0] == "S E C R E T SECTION 01 OF 02 BAGHDAD 3988"
        assert "TAGS: MOPS, PREL, IZ, IR, XF" in lines
        assert "SUBJECT: THE GULF WAR: PROSPECTS FOR PEACE OR EXPANSION" in lines
        assert "REF: STATE 323960" in lines
        assert "\n\n2. SUMMARY: THE GULF WAR" in text
        assert "\n\n3. THE IRAN-IRAQ WAR" in text

    def test_sentence_spacing_inside_a_paragraph_is_kept(self):
        text = restore_lines(BAGHDAD_2098["body"])
        assert "SADDAM REPEATED OLD ARGUMENTS.  END SUMMARY." in text

    def test_weekday_prefix_and_glued_sipdis(self):
        body = (
            "Thursday, 23 October 2008, 09:20S E C R E T SECTION 01 OF 03 RPO DUBAI 000049SIPDIS"
            "E.O. 12958: DECL: 10/23/2018 TAGS: PGOV, IR SUBJECT: TEST  1. (S) Text."
        )
        lines = restore_lines(body).splitlines()
        assert lines[0] == "S E C R E T SECTION 01 OF 03 RPO DUBAI 000049"
        assert "SIPDIS" in lines
        assert "TAGS: PGOV, IR" in lines

    def test_partial_extract_header_is_put_before_the_text(self):
        header = (
            "This record is a partial extract of the original cable. The full text of the original "
            "cable is not available.201247Z Jan 04"
        )
        text = restore_lines("C o n f i d e n t i a l ankara 000348", header=header)
        assert "201247Z Jan 04" in text.splitlines()
        assert text.index("partial extract") < text.index("ankara 000348")


    def test_flattened_routing_header_gets_its_lines_back(self):
        # As in wikileaks-11-28-10.jsonl: the "header" field with its newlines removed.
        header = (
            "VZCZCXYZ0015PP RUEHWEBDE RUEHAK #4688/01 2231453ZNY CCCCC ZZHP 111453Z AUG 06FM AMEMBASSY "
            "ANKARATO RUEHC/SECSTATE WASHDC PRIORITY 7906INFO RUEHBS/AMEMBASSY BRUSSELS PRIORITY "
            "5386RUEHEG/AMEMBASSY CAIRO PRIORITY 0316"
        )
        lines = restore_lines("C O N F I D E N T I A L ANKARA 004688", header=header).splitlines()
        assert lines[:9] == [
            "VZCZCXYZ0015",
            "PP RUEHWEB",
            "DE RUEHAK #4688/01 2231453",
            "ZNY CCCCC ZZH",
            "P 111453Z AUG 06",
            "FM AMEMBASSY ANKARA",
            "TO RUEHC/SECSTATE WASHDC PRIORITY 7906",
            "INFO RUEHBS/AMEMBASSY BRUSSELS PRIORITY 5386",
            "RUEHEG/AMEMBASSY CAIRO PRIORITY 0316",
        ]

    def test_paragraph_number_glued_to_its_marking(self):
        text = restore_lines("C O N F I D E N T I A L ANKARA 004688  SUBJECT: X  1.(C)  One.  2.(C)  Two.")
        assert "\n\n1.(C)  One.\n\n2.(C)  Two." in text


class TestParseJsonl:
    def test_json_fields_fill_what_the_text_lacks(self):
        (cable,) = list(parse_jsonl(_line(BAGHDAD_3988), source="b.jsonl"))
        assert isinstance(cable, Cable)
        assert cable.id == "85BAGHDAD3988"
        assert cable.date == datetime(1985, 11, 24, 11, 15)  # no DTG in the text: the export's date_time
        assert cable.classification is not None and cable.classification.level == "SECRET"
        assert cable.subject == "THE GULF WAR: PROSPECTS FOR PEACE OR EXPANSION"
        assert cable.metadata["export_id"] == "85STATE323960"

    def test_a_bad_line_is_an_error_naming_file_and_line_and_the_rest_is_read(self):
        data = b"\n".join([_line(BAGHDAD_3988), b'{ "_id" : "x", "body" : "C O N F', _line(BAGHDAD_2098)])
        items = list(parse_jsonl(data, source="iran.jsonl"))
        assert [type(i) for i in items] == [Cable, ParseError, Cable]
        assert str(items[1]).startswith("iran.jsonl line 2: ")
        assert "JSON" in items[1].reason
        assert [items[0].id, items[2].id] == ["85BAGHDAD3988", "90BAGHDAD2098"]

    def test_the_same_cable_twice_is_yielded_twice(self):
        data = _line(BAGHDAD_2098) + b"\n\n" + _line(BAGHDAD_2098) + b"\n"
        items = list(parse_jsonl(data, source="dup.jsonl"))
        assert [i.id for i in items] == ["90BAGHDAD2098", "90BAGHDAD2098"]

    def test_an_object_without_body_is_an_error(self):
        (item,) = list(parse_jsonl(b'{"_id": "09LIMA1661"}', source="x.jsonl"))
        assert isinstance(item, ParseError)
        assert str(item) == "x.jsonl line 1: no cable body"


@pytest.mark.corpus
@pytest.mark.slow
def test_real_exports_every_valid_line_is_a_cable(corpus_dir):
    folder = corpus_dir / "cables" / "mongoexport-jsonl"
    records, errors = [], []
    for path in sorted(folder.glob("*.jsonl")):
        for item in parse_jsonl(path.read_bytes(), source=path.name):
            (errors if isinstance(item, ParseError) else records).append(item)
    # 1,111 lines; one line of iran.jsonl (the last, 223) is two objects glued together.
    assert [str(e).split(":")[0] for e in errors] == ["iran.jsonl line 223"]
    assert len(records) == 1110
    ids = {r.id for r in records}
    assert {"85BAGHDAD3988", "90BAGHDAD2098", "04ANKARA348"} <= ids
    assert all(r.date is not None for r in records)

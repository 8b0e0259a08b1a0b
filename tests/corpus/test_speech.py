"""UN General Debate speeches: file names, ids, titles, paragraphs."""

from __future__ import annotations

import tarfile
from datetime import date

import pytest

from corpus.records import ParseError
from corpus.speech import is_speech_member, parse_speech

MEMBER = "TXT/Session 58 - 2003/PER_58_2003.txt"


def test_member_names_are_recognised():
    assert is_speech_member(MEMBER)
    assert is_speech_member("PER_58_2003.txt")
    assert not is_speech_member("TXT/Session 58 - 2003")
    assert not is_speech_member("cable/2009/11/09LIMA1661.html")
    assert not is_speech_member("000_f56dfeb53d210dc1.txt")


def test_a_speech_with_one_paragraph_per_line():
    text = "\ufeffMr. President, I congratulate you.\nPeru supports the work of the Organization in Bolivia and Chile.\n"
    doc = parse_speech(text, member_name=MEMBER)
    assert doc.id == "UNGDC-PER-2003"
    assert doc.kind == "speech"
    assert doc.title == "Peru at the 58th session of the UN General Debate (2003)"
    assert doc.origin_country == "Peru" and doc.origin == "Delegation of Peru"
    assert [p.number for p in doc.paragraphs] == ["1", "2"]
    assert doc.paragraphs[0].text == "Mr. President, I congratulate you."
    assert doc.countries == ["Peru", "Bolivia", "Chile"]
    # Only the year is known: January 1 is a sort key, flagged as year precision.
    assert doc.date.date() == date(2003, 1, 1) and doc.metadata["date_precision"] == "year"
    assert doc.metadata["session"] == "58" and doc.metadata["year"] == "2003"
    assert doc.source == MEMBER


def test_ordinals_in_titles():
    for member, expected in [
        ("USA_01_1946.txt", "United States at the 1st session of the UN General Debate (1946)"),
        ("FRA_12_1957.txt", "France at the 12th session of the UN General Debate (1957)"),
        ("CHL_73_2018.txt", "Chile at the 73rd session of the UN General Debate (2018)"),
    ]:
        assert parse_speech("Text of the speech.", member_name=member).title == expected
    assert parse_speech("Text.", member_name="USA_01_1946.txt").origin == "Delegation of the United States"


def test_bad_input_raises_parse_error():
    with pytest.raises(ParseError):
        parse_speech("Some text.", member_name="notes.txt")
    with pytest.raises(ParseError):
        parse_speech("  \n \n", member_name=MEMBER)


@pytest.mark.slow
def test_real_speeches_from_the_archive(corpus_dir):
    wanted = {"TXT/Session 01 - 1946/ARG_01_1946.txt", MEMBER}
    docs = {}
    with tarfile.open(corpus_dir / "other" / "ungdc-speeches-1946-2024.tar.xz", "r|xz") as tf:
        for member in tf:
            if member.name in wanted:
                docs[member.name] = parse_speech(
                    tf.extractfile(member).read().decode("utf-8"), member_name=member.name, source=member.name
                )
                if len(docs) == len(wanted):
                    break
    peru = docs[MEMBER]
    assert peru.id == "UNGDC-PER-2003"
    # The 2003 file is wrapped at ~50 characters; it is re-flowed into paragraphs.
    assert peru.paragraphs[0].text.startswith("Peru has no doubt that multilateralism is the best instrument")
    assert peru.paragraphs[0].text.endswith("we will fight decisively against drug trafficking and international terrorism.")
    assert peru.paragraphs[1].text.startswith("The terrorist attacks taking place in different areas")
    assert 5 < len(peru.paragraphs) < 40
    argentina = docs["TXT/Session 01 - 1946/ARG_01_1946.txt"]
    assert argentina.title == "Argentina at the 1st session of the UN General Debate (1946)"
    assert argentina.paragraphs[0].text.startswith("At the resumption of the first session of the General Assembly")

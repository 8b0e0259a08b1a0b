"""No cable is lost: real cable texts given as bare files (random names, no page metadata) are read,
their year and date inferred from the evidence where the text does not state them."""

from __future__ import annotations

from datetime import date, datetime

from corpus.cable import parse_cable_text
from corpus.ids import find_ids
from corpus.reader import Source, read_source

PARTIAL = "This record is a partial extract of the original cable. The full text of the original cable is not available.\n\n"

# 03ANKARA1516: no DTG, no year; ANKARA 1516 is in Cablegate for 2003 (March), 2007 and 2009.
ANKARA_1516 = PARTIAL + (
    "C O N F I D E N T I A L ANKARA 001516 \n \nSIPDIS \n \n \nDEPARTMENT FOR EUR/SE \n \n \n"
    "E.O. 12958: DECL: 03/11/2008 \nTAGS: PGOV PREL PHUM TU OSCE\n"
    "SUBJECT: TURKISH CIVIC SOCIETY: VERDICT SUSPENDED IN CASE \nAGAINST ISLAMIC LEADER FETHULLAH GULEN \n \n"
    "(U) Classified by Polcouns John Kunstadter; reasons 1.5 (b,d). \n \n \n"
    "¶1. (U) An Ankara State Security Court (SSC) March 10 ruled \nunanimously to postpone a verdict in the trial in "
    "absentia of \ncontroversial Islamic philosopher Fetullah Gulen.  Gulen, \nindicted in 2000, faced five to 10 years "
    "imprisonment under \nthe Anti-Terror Law.\n"
)

# 05THEHAGUE2948: THE HAGUE 2948 is in Cablegate for 2003 (November) and 2005 (October); "E.O. 12958: N/A",
# references without a year; the text names 2004 ("Van Gogh's November 2, 2004 murder"), which rules
# out neither.
HAGUE_2948 = PARTIAL + (
    "UNCLAS SECTION 01 OF 02 THE HAGUE 002948 \n \nSIPDIS \n \nSENSITIVE \n \nSTATE FOR EUR/UBI, S/CT, INL \n \n"
    "E.O. 12958: N/A \nTAGS: PTER PINR PINS PGOV PREL NL KPRP\n"
    "SUBJECT: NETHERLANDS/EXTREMISM:  ONE YEAR AFTER VAN GOGH, \nNO UNIFIED APPROACH \n \nREF: ...\n\n\n\n\n"
    "REF: A. THE HAGUE 2898 \n¶B. THE HAGUE 2705 AND PREVIOUS \n\n"
    "¶1. (SBU) SUMMARY: Nearly one year after the murder of \ncontroversial Dutch filmmaker Theo van Gogh by Islamic "
    "\nextremist Mohammed Bouyeri, the GONL is still struggling to \ncraft a strategy to address rising radicalization "
    "of its \nlarge and disenfranchised Muslim population. An October 26 \nconference in Amsterdam, organized by the "
    "National Counter \nTerrorism Office (NCTB) to survey efforts to combat terrorism \nand radicalization since Van "
    "Gogh's November 2, 2004 murder, \nmade"
)


def _bare(text: str, name: str = "inbox/7f3a9c1e.txt", encoding: str = "utf-8"):
    result = read_source(Source(name=name, data=text.encode(encoding)))
    assert not result.errors, result.errors
    (record,) = result.records
    return record


def test_a_partial_extract_takes_the_year_its_decl_date_and_cablegate_give_03ANKARA1516() -> None:
    cable = _bare(ANKARA_1516)
    # DECL 03/11/2008 is five years after March 2003, the month of the 2003 ANKARA 1516
    assert cable.id == "03ANKARA1516"
    assert cable.metadata["inferred"].startswith("year: Cablegate id list: 03ANKARA1516, 2003-03, of ")
    assert cable.date == datetime(2003, 3, 1) and cable.metadata["date_precision"] == "month"


def test_a_cable_whose_year_nothing_decides_is_kept_under_a_provisional_id_05THEHAGUE2948() -> None:
    cable = _bare(HAGUE_2948.replace("\n", "\r\n"), encoding="cp1252")
    assert cable.id == "THEHAGUE2948-PROVISIONAL"
    assert cable.metadata["provisional"] == "yes" and cable.metadata["inferred"] == "none: year unknown"
    assert cable.subject == "NETHERLANDS/EXTREMISM: ONE YEAR AFTER VAN GOGH, NO UNIFIED APPROACH"
    assert cable.date is None


def test_a_file_named_by_its_id_gives_the_year_the_text_lacks() -> None:
    cable = _bare(HAGUE_2948, name="cables/05THEHAGUE2948.txt")
    assert cable.id == "05THEHAGUE2948" and "provisional" not in cable.metadata


def test_a_serial_with_a_line_end_backslash_85BEIRUT1725() -> None:
    text = (
        "R 201307Z MAR 85\nFM AMEMBASSY BEIRUT\nTO SECSTATE WASHDC 2276\nINFO AMEMBASSY BERN\n\n"
        "UNCLAS BEIRUT 01725 \\\n \nE.O. 12356:DECL:OADR \nTAGS: PTER PREL LE\n"
        "SUBJECT:  FULL TEXT OF ISLAMIC JIHAD 17 MARCH STATEMENT \n \n"
        "¶1.  AP PROVIDED EMBASSY WITH FULL TEXT OF ISLAMIC JIHAD STATEMENT.\n"
    )
    cable = _bare(text)
    assert cable.id == "85BEIRUT1725"
    assert cable.subject == "FULL TEXT OF ISLAMIC JIHAD 17 MARCH STATEMENT"


def test_a_serial_glued_to_the_next_line_02ANKARA8305() -> None:
    text = (
        "P 151240Z NOV 02\nFM AMEMBASSY ANKARA\nTO SECSTATE WASHDC PRIORITY 6070\nINFO AMCONSUL ADANA PRIORITY \n"
        "AMCONSUL ISTANBUL PRIORITY\n\nCable dated:2002-11-15T12:40:00S E C R E T SECTION 01 OF 05 ANKARA "
        "008305S/CT FOR REAPE.O. 12958: DECL: 11/14/2012 TAGS: PTER TU\n\n"
        "¶1. (U) CLASSIFIED BY DCM ROBERT S. DEUTSCH; REASONS 1.5 (B) AND (D).  \n"
    )
    cable = _bare(text)
    assert cable.id == "02ANKARA8305"
    assert cable.declassify_on == date(2012, 11, 14)
    assert [t.code for t in cable.tags] == ["PTER", "TU"]


def test_the_eo_line_after_a_passing_line_02BRASILIA4227() -> None:
    text = PARTIAL + (
        "C O N F I D E N T I A L SECTION 01 OF 04 BRASILIA 004227 \n\nSIPDIS \n\n"
        "DEPT FOR WHA/BSC E.O. 12958: DECL: 11/22/2012 \nTAGS: PGOV PREL ECON BR\n\n"
        "Classified By: POLOFF RICHARD REITER FOR REASONS 1.5(b) AND (d). \n\n"
        "1.(C) SUMMARY. Assistant Secretary Reich had warm and productive meetings in Brasilia November 20-21.\n"
    )
    cable = parse_cable_text(text)
    assert cable.declassify_on == date(2012, 11, 22)
    assert cable.id == "02BRASILIA4227"  # DECL ten years after November 2002, the only BRASILIA 4227
    assert cable.date == datetime(2002, 11, 22) and cable.metadata["date_precision"] == "approximate day"
    assert "DEPT FOR WHA/BSC" in cable.metadata.get("passing", "DEPT FOR WHA/BSC")


def test_a_lower_case_header_on_one_line_04ANKARA348() -> None:
    text = PARTIAL + (
        "201247Z Jan 04\n\nC o n f i d e n t i a l section 01 of 04 ankara 000348\n\nSipdis\n\n"
        "E.o. 12958: decl: 01/07/2014 Tags: prel, pgov, pins, tu Subject: turkish p.m. Erdogan goes to "
        "washington: how strong a leader in the face of strong challenges?\n\n"
        "(U) Classified by Ambassador Eric Edelman; reasons: 1.5 (b,d).\n\n"
        "¶1. (C) Summary: P.M. Erdogan expects Washington to focus on Cyprus.\n"
    )
    cable = _bare(text)  # detected as a cable, not a document
    assert cable.id == "04ANKARA348"
    assert cable.date == datetime(2004, 1, 20, 12, 47)
    assert [t.code for t in cable.tags] == ["PREL", "PGOV", "PINS", "TU"]
    assert cable.subject.startswith("turkish p.m. Erdogan goes to washington")
    assert cable.declassify_on == date(2014, 1, 7)


def test_an_email_wrapper_gives_the_cables_own_header_not_its_pm_time_03ABUDHABI2641() -> None:
    text = (
        "null\nDiana T Fritz  03/21/2007 05:47:09 PM  From  DB/Inbox:  Search Results\n\nCable \nText:   \n\n"
        "CONFIDENTIAL\n\nSIPDIS\nTELEGRAM                                            June 03, 2003\n\n\n"
        "To:       No Action Addressee   \n\nAction:   Unknown    \n\n"
        "From:     AMEMBASSY ABU DHABI (ABU DHABI 2641 - UNKNOWN)         \n\n"
        "TAGS:     PREL, EPET, EAID, PGOV        \n\nCaptions: None     \n\n"
        "Subject:  UAE TO SUPPORT JORDAN OIL NEEDS FOR THREE MORE MONTHS, \n"
        "          PROVIDED $40 MILLION TO RABAT AFTER TERROR ATTACKS     \n\n"
        "Ref:      None                                                   \n"
        "_________________________________________________________________\n"
        "C O N F I D E N T I A L        ABU DHABI 02641\n\nSIPDIS\nCXABU:\n    ACTION: POL \n"
        "    INFO:   AMB DCM P/M ECON RSO \n\nDISSEMINATION: POL\nCHARGE: PROG\n\n"
        "APPROVED: AMB:MMWAHBA\nDRAFTED: POL:STWILLIAMS\nCLEARED: A/DCM:TEWILLIAMS; ECON:CMCRUMPLER\n\n"
        "VZCZCADI319\nOO RUEHC RUEHAM RUEHRB RUEHRH RUEHKU RHEHNSC\nRUEAIIA RHEFDIA RUCJACC\n"
        "DE RUEHAD #2641 1541250\nZNY CCCCC ZZH\nO 031250Z JUN 03\nFM AMEMBASSY ABU DHABI\n"
        "TO RUEHC/SECSTATE WASHDC IMMEDIATE 0227\nINFO RUEHAM/AMEMBASSY AMMAN 0446\n\n"
        "C O N F I D E N T I A L ABU DHABI 002641 \n\nSIPDIS \n\nS/S-O PLEASE PASS NEA A/S BURNS \n\n"
        "EO 12958 DECL: 06/03/08 \nTAGS PREL, EPET, EAID, PGOV\n"
        "SUBJECT: UAE TO SUPPORT JORDAN OIL NEEDS FOR THREE MORE MONTHS\n\n1. (C) Text.\n"
    )
    cable = _bare(text)
    assert cable.id == "03ABUDHABI2641"
    assert cable.date == datetime(2003, 6, 3, 12, 50)  # "O 031250Z JUN 03", not the wrapper's 2007 PM time
    assert cable.classification is not None and cable.classification.level == "CONFIDENTIAL"
    assert cable.origin == "Embassy Abu Dhabi"
    assert [a.name for a in cable.to] == ["SECSTATE WASHDC"]


def test_a_section_count_before_a_station_is_not_a_year_03KATHMANDU280() -> None:
    # "SECTION 01 OF 04 KATHMANDU 000280" is not 04KATHMANDU280; "REF: 06 TBILISI 2601" is a year
    assert find_ids("C O N F I D E N T I A L SECTION 01 OF 04 KATHMANDU 000280") == []
    assert find_ids("REF: 06 TBILISI 2601") == ["06TBILISI2601"]


def test_a_z_tail_after_the_serial_is_another_copys_number_06MADRID2583() -> None:
    from corpus.ids import canonical_id, is_known_cablegate_id

    assert canonical_id("06MADRID002583ZFR2585") == "06MADRID2583"
    assert is_known_cablegate_id("06MADRID2583")
    assert canonical_id("08ACCRA001382SUSPECTEDDUPLICATE1392") == "08ACCRA1392"

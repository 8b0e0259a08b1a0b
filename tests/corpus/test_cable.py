"""parse_cable_text on the header styles of real cables (texts quoted from WikiLeaks pages)."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from corpus.cable import parse_cable_text
from corpus.records import ParseError

# 75LIBREVILLE1895: a 1970s cable, DTG first, no VZCZC routing header.
DTG_FIRST = """O R 181205Z NOV 75 ZFF4
FM AMEMBASSY LIBREVILLE
TO USMISSION USUN NEWYORK NIACT IMMEDIATE
SECSTATE WASHDC IMMEDIATE 7102
INFO AMEMBASSY PARIS
AMEMBASSY SEOUL

C O N F I D E N T I A L 75 LIBREVILLE 1895
E.O. 11652: NGDS

TAGS: PFOR UNGA GB KS KN

SUBJ: KOREA AT 30TH UNGA: GABON

REF: STATE 272523; USUN 6028

¶1. PRESIDENT BONGO HAS JUST PERSONALLY ASSURED ME THAT
GOG PERMREP HAS NOW RECEIVED F...
"""

# 09STATE15113: a State cable with an INFO LOG distribution block and a page header inside TO.
INFO_LOG = """INFO  LOG-00   MFA-00   EEB-00   AF-00    AGRE-00  AIT-00   AMAD-00
      SAS-00   FA-00    PMA-00   SWCI-00    /007R


P 182318Z FEB 09
FM SECSTATE WASHDC
TO PAGE 02        STATE   015113  182333Z
ALL DIPLOMATIC POSTS COLLECTIVE PRIORITY
AMEMBASSY TRIPOLI PRIORITY

S E C R E T STATE 015113

NOFORN, NOT FOR INTERNET DISTRIBUTION

E.O. 12958: DECL: 1/29/2019
TAG PTER, PGOV, ASEC, EFIN, ENRG, KCIP
SUBJECT: REQUEST FOR INFORMATION:CRITICAL FOREIGN DEPENDENCIES (CRITICAL INFRASTRUCTURE AND KEY RESOURCES LOCATED ABROAD)

REF: STATE 6461

¶1. (U//FOUO) This is an action request; see Para. 13.
"""

# 08TRIPOLI230: an e-mail wrapper with the routing header inside; SUBJECT runs on into REF.
EMAIL = """From: CBPC, EACTAPP [EACTAPP@state.sgov.gov]
Sent: Monday, March 17, 2008 6:49 PM
To: EACTTripoli(Main State Room 2530)
Subject: TRIPOLI 00000230 R CO 17-MAR-08 LIBYA MAKES PROGRESS ON BANKING
REFORM [7168207]

CONFIDENTIAL

VZCZCXRO7088
RR RUEHTRO
DE RUEHTRO #0230/01 0771653
ZNY CCCCC ZZH
R 171653Z MAR 08
FM AMEMBASSY TRIPOLI
TO RUEHC/SECSTATE WASHDC 3246
INFO RUCPDOC/DEPT OF COMMERCE WASHINGTON DC
RUEHTRO/AMEMBASSY TRIPOLI 3735

C O N F I D E N T I A L SECTION 01 OF 02 TRIPOLI 000230

E.O. 12958: DECL: 3/13/2018

TAGS: ECIN ECON PGOV EFIN EINV PTER IT LY

SUBJECT: LIBYA MAKES PROGRESS ON BANKING REFORM REF: TRIPOLI 126

CLASSIFIED BY: Chris Stevens, Charge d'Affaires, U.S. Embassy Tripoli, U.S. Department of State. REASON: 1.4 (e)

¶1. (C) Summary: Libya's banking reform program continues to make progress. End Summary.
"""

# 00HARARE6677 (shortened): a WikiLeaks partial extract, dated by a bare mixed-case line.
PARTIAL = """This record is a partial extract of the original cable. The full text of the original cable is not available.

Wednesday, 29 November 2000, 13:59
C O N F I D E N T I A L SECTION 01 OF 03 HARARE 006677
SIPDIS
EO 12958 DECL: 11/29/10
TAGS PGOV, PREL, ECON, PINR, ZI, SA
SUBJECT: ASSISTANT SECRETARY MEETS WITH ZIMBABWE OPPOSITION LEADER
REFTEL: HARARE 6584
CLASSIFIED BY AMBASSADOR TOM MCDONALD FOR REASONS 1.5 (B) AND (D).
¶1. (C) SUMMARY: ASSISTANT SECRETARY SUSAN E. RICE MET MOVEMENT FOR DEMOCRATIC CHANGE (MDC) PRESIDENT MORGAN TSVANGIRAI ON NOVEMBER 16. END SUMMARY.
"""


def test_dtg_first_cable_of_the_seventies() -> None:
    cable = parse_cable_text(DTG_FIRST)
    assert cable.id == "75LIBREVILLE1895"
    assert cable.date == datetime(1975, 11, 18, 12, 5)
    assert (cable.precedence, cable.info_precedence) == ("IMMEDIATE", "ROUTINE")
    assert cable.origin == "Embassy Libreville"
    assert cable.origin_country == "Gabon"
    assert [a.precedence for a in cable.to] == ["NIACT IMMEDIATE", "IMMEDIATE"]
    assert [a.station for a in cable.info] == ["PARIS", "SEOUL"]
    assert cable.eo == "11652"
    assert cable.declassify_text == "NGDS"
    assert cable.subject == "KOREA AT 30TH UNGA: GABON"
    assert [i for r in cable.references for i in r.ids] == ["75STATE272523", "75USUNNEWYORK6028"]
    assert cable.paragraph("1").text.startswith("PRESIDENT BONGO HAS JUST PERSONALLY ASSURED ME")


def test_state_cable_with_info_log_block() -> None:
    cable = parse_cable_text(INFO_LOG)
    assert cable.id == "09STATE15113"
    assert cable.date == datetime(2009, 2, 18, 23, 18)
    assert cable.precedence == "PRIORITY"
    assert cable.origin == "Secretary of State"
    assert str(cable.classification) == "SECRET//NOFORN"
    assert "NOFORN" in cable.handling
    assert [a.name for a in cable.to] == ["ALL DIPLOMATIC POSTS COLLECTIVE", "AMEMBASSY TRIPOLI"]
    assert cable.declassify_on == date(2019, 1, 29)
    assert [t.code for t in cable.tags] == ["PTER", "PGOV", "ASEC", "EFIN", "ENRG", "KCIP"]
    assert cable.subject.startswith("REQUEST FOR INFORMATION:CRITICAL FOREIGN DEPENDENCIES")
    assert cable.paragraph("1").marking == "U//FOUO"


def test_email_wrapped_cable() -> None:
    cable = parse_cable_text(EMAIL)
    assert cable.id == "08TRIPOLI230"
    assert cable.transmission_id == "VZCZCXRO7088"
    assert cable.routing == "RUEHTRO"
    assert cable.date == datetime(2008, 3, 17, 16, 53)
    assert cable.subject == "LIBYA MAKES PROGRESS ON BANKING REFORM"
    assert [i for r in cable.references for i in r.ids] == ["08TRIPOLI126"]
    assert cable.classified_by == "Chris Stevens"
    assert cable.reasons == "1.4 (e)"
    assert cable.countries[:2] == ["Italy", "Libya"]


def test_partial_extract_dated_by_its_bare_date_line() -> None:
    cable = parse_cable_text(PARTIAL)
    assert cable.partial is True
    assert cable.date == datetime(2000, 11, 29, 13, 59)
    assert cable.id == "00HARARE6677"
    assert cable.declassify_on == date(2010, 11, 29)
    assert cable.origin == "Embassy Harare"
    assert [i for r in cable.references for i in r.ids] == ["00HARARE6584"]
    assert cable.reasons is not None and "1.5" in cable.reasons


def test_month_only_dtg_takes_day_and_time_from_the_de_line() -> None:
    text = "VZCZCXYZ0001\nDE RUEHPE #0046 0161530\nZNY CCCCC ZZH\nR JAN 07\nFM AMEMBASSY LIMA\nTO RUEHC/SECSTATE WASHDC 0001\n\nC O N F I D E N T I A L LIMA 000046\n\nSUBJECT: TEST\n\n1. (C) Text.\n"
    cable = parse_cable_text(text)
    assert cable.date == datetime(2007, 1, 16, 15, 30)  # julian day 016 of 2007
    assert cable.id == "07LIMA46"


@pytest.mark.parametrize(
    ("line", "on", "text"),
    [
        ("E.O. 12958: DECL: 2019/11/20", date(2019, 11, 20), None),
        ("E.O. 12958: DECL: 11/22/2012", date(2012, 11, 22), None),
        ("EO 12958 DECL: 6/3/08", date(2008, 6, 3), None),
        ("E.O. 12356: DECL: OADR", None, "OADR"),
        ("E.O. 12958: DECL: X1, X5", None, "X1, X5"),
    ],
)
def test_declassification_forms(line: str, on: date | None, text: str | None) -> None:
    cable = parse_cable_text(f"C O N F I D E N T I A L ROME 003067\n\n{line}\nTAGS: PREL IT\nSUBJECT: X\n\n1. (C) Body.\n")
    assert cable.declassify_on == on
    assert cable.declassify_text == text


def test_subject_over_two_lines_without_its_marking() -> None:
    text = "S E C R E T LIMA 000622\n\nE.O. 12958: DECL: 02/09/2031\nTAGS: PTER PGOV PE\nSUBJECT: (S) NATIONAL INTELLIGENCE DIRECTOR'S BRIEFING ON\nSENDERO LUMINOSO\n\n1. (S) Text.\n"
    cable = parse_cable_text(text)
    assert cable.subject == "NATIONAL INTELLIGENCE DIRECTOR'S BRIEFING ON SENDERO LUMINOSO"
    # no year in the header: LIMA 622 of the Cablegate list whose DECL date is a round 25 years on
    assert cable.id == "06LIMA622"
    assert cable.metadata["inferred"].startswith("year: Cablegate id list: 06LIMA622, 2006-02")


def test_only_the_first_ref_block_counts_when_the_header_repeats() -> None:
    text = (
        "R 151200Z JUL 04\nFM AMEMBASSY THE HAGUE\nTO SECSTATE WASHDC 0001\n\n"
        "C O N F I D E N T I A L THE HAGUE 001717\n\nE.O. 12958: DECL: 07/14/2014\nTAGS: PREL NL\n"
        "SUBJECT: X\n\nREF: A. THE HAGUE 1600\n\nClassified By: X for reasons 1.4 (d)\n\n"
        "SUBJECT: X\n\nREF: B. STATE 1\n\n1. (C) Text.\n"
    )
    cable = parse_cable_text(text)
    assert cable.id == "04THEHAGUE1717"
    assert [i for r in cable.references for i in r.ids] == ["04THEHAGUE1600"]
    assert cable.paragraph("1").text == "Text."


@pytest.mark.parametrize("text", ["null", "", "   \n ", "Dear colleagues, the meeting is on Monday.\nRegards"])
def test_not_a_cable_is_a_parse_error_naming_the_source(text: str) -> None:
    with pytest.raises(ParseError) as raised:
        parse_cable_text(text, source="pages/x.html")
    assert raised.value.source == "pages/x.html"


# One-line export headers (05TELAVIV4403, 05LIMA3571): stamp, class line and labels fused.
FUSED_EXPORT = (
    "This record is a partial extract of the original cable. The full text of the original cable is not available.\n\n"
    "Cable dated:2005-07-15T15:24:00S E C R E T SECTION 01 OF 03 TEL AVIV 004403SIPDISE.O. 12958: DECL: "
    "07/14/2015 TAGS: PREL KWBG KPAL PTER IS GAZA DISENGAGEMENT\n\n"
    "¶1. (S) Summary: Israel suffered three attacks within the span of one hour.\n"
)


def test_one_line_export_header_is_unfused() -> None:
    cable = parse_cable_text(FUSED_EXPORT)
    assert cable.id == "05TELAVIV4403"
    assert cable.date == datetime(2005, 7, 15, 15, 24)
    assert str(cable.classification) == "SECRET"
    assert cable.origin == "Embassy Tel Aviv"
    assert cable.declassify_on == date(2015, 7, 14)
    assert "SIPDIS" in cable.handling
    assert cable.paragraphs[0].number == "1"


def test_id_stamp_before_the_export_date_and_glued_noforn() -> None:
    # 09LONDON333
    text = (
        "ID:190812 Cable dated:2009-02-06T13:05:00C O N F I D E N T I A L SECTION 01 OF 02 LONDON "
        "000333NOFORNSIPDIS E.O. 12958: DECL: 02/04/2019TAGS: EAIR ECON ETRD SENV EU UK\n\n"
        "Classified By: ECON COUNSELOR KATHLEEN DOHERTY FOR REASONS 1.4 b & d\n\n"
        "¶1. (C/NF) Summary/Comment: The UK will present a draft regulation.\n"
    )
    cable = parse_cable_text(text)
    assert cable.id == "09LONDON333"
    assert str(cable.classification) == "CONFIDENTIAL//NOFORN"
    assert "noforn_from" not in cable.metadata  # the header says NOFORN itself


@pytest.mark.parametrize(
    "passing",
    [
        "SIPDIS\n\nSensitive\n",  # 03THEHAGUE1453, mixed case
        "USDOC for 4322/ITA/MAC/OLAC SIPDIS SENSITIVEE.O. 12958: N/A\n",  # 08BUENOSAIRES858, glued
    ],
)
def test_sensitive_passing_line_makes_an_unclassified_cable_sbu(passing: str) -> None:
    text = f"UNCLAS THE HAGUE 001453\n\n{passing}\nTAGS: PTER NL\nSUBJECT: A TEST\n\n¶1. (SBU) Summary.\n"
    cable = parse_cable_text(text)
    assert cable.classification is not None and "SBU" in cable.classification.caveats


def test_sensitive_line_found_when_the_page_is_cut_before_the_labels() -> None:
    # 06KABUL3934: the page stops after the passing instructions (" ...")
    text = "UNCLAS SECTION 01 OF 05 KABUL 003934\n\nSIPDIS\n\nSENSITIVE\nSIPDIS\n\nNSC FOR AHARRIMAN\n ...\n"
    cable = parse_cable_text(text)
    assert cable.classification is not None and "SBU" in cable.classification.caveats


def test_nf_paragraph_markings_are_noforn_evidence() -> None:
    text = (
        "C O N F I D E N T I A L BUCHAREST 000608\n\nSIPDIS\n\nE.O. 12958: DECL: 07/10/2018\nTAGS: PREL RO\n"
        "SUBJECT: A TEST\n\n¶1. (C/NF) Summary.  The Region.\n\n¶2. (S/NF) In a meeting.\n"
    )
    cable = parse_cable_text(text)
    assert str(cable.classification) == "CONFIDENTIAL//NOFORN"
    assert cable.metadata["noforn_from"] == "paragraph markings"


def test_class_line_serial_that_lost_its_last_digit_takes_the_de_serial() -> None:
    # 07BUENOSAIRES1673: "BUENOS AIRES 00167SIPDIS", DE "#1673"
    text = (
        "VZCZCXRO0001\nPP RUEHWEB\nDE RUEHBU #1673/01 2361854\nZNY CCCCC ZZH\nP 241854Z AUG 07\n"
        "FM AMEMBASSY BUENOS AIRES\nTO RUEHC/SECSTATE WASHDC PRIORITY 9000\n\n"
        "C O N F I D E N T I A L BUENOS AIRES 00167SIPDIS SIPDIS E.O. 12958: DECL: 08/22/2017\n"
        "TAGS: PREL AR\nSUBJECT: A TEST\n\n¶1. (C) Summary.\n"
    )
    assert parse_cable_text(text).id == "07BUENOSAIRES1673"


def test_four_digit_de_serial_completed_from_the_export_row() -> None:
    # 09STATE30927: DE "#0927" (serials sent modulo 10000), the export row carries the full id
    text = (
        "VZCZCXYZ0012\nRR RUEHWEB\nDE RUEHC #0927 0900000\nZNY SSSSS ZZH\nR 310000Z MAR 09\n"
        "FM SECSTATE WASHDC\nTO AMEMBASSY BUENOS AIRES 6302\n\n"
        "18:58,09STATE30927,Secretary of State,SECREt NOFORN,09BUENOSAIRES174\n\n"
        "SUBJECT: (C)  KUDOS FOR BUENOS AIRES 000174\n\n¶1.  (C/NF)  INR/B ANALYSTS GREATLY APPRECIATED REFTEL.\n"
    )
    assert parse_cable_text(text).id == "09STATE30927"


# QA round: squeezed headers, where the subject, REF, Classified By and the body share one line.


def test_squeezed_header_keeps_subject_refs_reasons_and_body_apart() -> None:
    # 08TRIPOLI442: subject, REF, Classified By, reasons and the first two paragraphs on one line
    text = (
        "C O N F I D E N T I A L TRIPOLI 000442 \n \nSIPDIS \n \nDEPT FOR NEA/MAG \n \n"
        "E.O. 12958: DECL:  6/9/2018 \nTAGS: PGOV PREL LY EG SY MR MO TS AG\n"
        "SUBJECT: MEETING OF AMU HEADS OF STATE - MINUS ONE - IN TRIPOLI; \n"
        "RELATED VISITS BY ASAD AND POSSIBLY MUBARAK  REF: RABAT 532  CLASSIFIED BY: Chris Stevens, CDA, "
        "U.S. Embassy Tripoli, Dept of State. REASON: 1.4 (b), (d) 1. (C) GOL officials are hurriedly "
        "pulling together arrangements for a meeting of heads of state. 2. (c) In typical fashion, the "
        "GOL has delayed finalizing preparations until the last minute. STEVENS"
    )
    cable = parse_cable_text(text, default_date=datetime(2008, 6, 9, 15, 0))
    assert cable.subject == (
        "MEETING OF AMU HEADS OF STATE - MINUS ONE - IN TRIPOLI; RELATED VISITS BY ASAD AND POSSIBLY MUBARAK"
    )
    assert [r.ids for r in cable.references] == [["08RABAT532"]]
    assert cable.classified_by == "Chris Stevens"
    assert cable.reasons == "1.4 (b), (d)"
    first = cable.paragraph("1")
    assert first is not None and first.marking == "C" and first.text.startswith("GOL officials are hurriedly")
    assert cable.paragraph("2") is not None


@pytest.mark.parametrize(
    ("line", "reasons", "marking", "opening"),
    [
        # 07MANAMA1060: an unnumbered one-paragraph body right after the reasons
        (
            "Classified By: DCM Christopher Henzel for reasons 1.4 (b) and (d). (C) Pol/Econ Chief "
            "delivered reftel points to MFA Undersecretary Sheikh Abdulaziz bin Mubarak Al-Khalifa on November 26.",
            "1.4 (b) and (d)",
            "C",
            "Pol/Econ Chief delivered",
        ),
        # 08LONDON2689: "(C)" after reasons written without parentheses is the paragraph's marking
        (
            "Classified By: PolCouns Richard Mills, reasons 1.4 b, d (C) Embassy London passed reftel "
            "points on the margins of the October 24 U.S.-UK SVTC.",
            "1.4 b, d",
            "C",
            "Embassy London passed",
        ),
    ],
)
def test_body_run_on_after_the_reasons_is_body_text(line: str, reasons: str, marking: str, opening: str) -> None:
    text = (
        "C O N F I D E N T I A L LONDON 002689 \n \nSIPDIS \n \nE.O. 12958: DECL: 10/24/2018 \n"
        "TAGS: PREL ZI UK\nSUBJECT: A TEST \n \nREF: STATE 112727 \n \n" + line
    )
    cable = parse_cable_text(text)
    assert cable.reasons == reasons
    assert cable.paragraphs and cable.paragraphs[0].marking == marking
    assert cable.paragraphs[0].text.startswith(opening)


def test_unnumbered_body_on_the_line_after_complete_reasons() -> None:
    # 04VATICAN3196 shape: the reasons end, then a framed "Summary" heading opens the body
    text = (
        "C O N F I D E N T I A L VATICAN 003196 \n \nSIPDIS \n \nE.O. 12958: DECL: 08/27/2014 \n"
        "TAGS: PREL VT\nSUBJECT: A TEST \n \nClassified By: Charge d'affaires D. Brent Hardt, reasons 1.5 (b) and\n"
        "(d). \n------- Summary -------\nThe Holy See said it would not comment. End Summary.\nHARDT"
    )
    cable = parse_cable_text(text)
    assert cable.reasons == "1.5 (b) and (d)"
    assert "The Holy See said it would not comment." in cable.text


def test_classified_by_line_with_its_own_marking_is_a_header_field() -> None:
    # 03COLOMBO2183: "(U) Classified by …" after the REF block, not an opening paragraph
    text = (
        "C O N F I D E N T I A L SECTION 01 OF 03 COLOMBO 002183 \n \nSIPDIS \n \n"
        "E.O. 12958:  DECL:  12-29-13 \nTAGS: PGOV PREL PINS CE NO JA EU IN\n\n"
        "SUBJECT:  Minister Moragoda reviews upcoming visit to Washington in meeting with the Ambassador \n"
        "Refs:  (A) State 348254 \n\n"
        "(U) Classified by Ambassador Jeffrey J. Lunstead. Reasons 1.5 (b, d). \n\n"
        "¶1.  (C) SUMMARY:  Milinda Moragoda told Ambassador December 26 that he is going to Washington. \n"
    )
    cable = parse_cable_text(text, default_date=datetime(2003, 12, 29, 7, 7))
    assert cable.classified_by == "Jeffrey J. Lunstead"
    assert cable.reasons == "1.5 (b, d)"
    assert [p.number for p in cable.paragraphs] == ["1"]
    assert [r.ids for r in cable.references] == [["03STATE348254"]]


@pytest.mark.parametrize(
    "line",
    [
        "Classified By: Political Minister-Counselor Josiah Rosenblatt for reaso ns 1.4 b and d",  # 05PARIS104
        "Classified By: Political Minister-Counselor Josiah Rosenblatt, R EASONS: 1.4 b and d",  # 06MEXICO858 shape
    ],
)
def test_reasons_word_cut_by_the_export_wrapping(line: str) -> None:
    text = "C O N F I D E N T I A L PARIS 000104\n\nE.O. 12958: DECL: 01/07/2015\nTAGS: PREL FR\nSUBJECT: A TEST\n\n" + line + "\n\n¶1. (C) Text.\n"
    cable = parse_cable_text(text)
    assert cable.classified_by == "Josiah Rosenblatt"
    assert cable.reasons == "1.4 b and d"


def test_backslash_at_every_line_end_is_not_text() -> None:
    # 05BOGOTA9257: an export that ends every line with " \"
    text = (
        "S E C R E T SECTION 01 OF 02 BOGOTA 009257 \\\n \\\nSIPDIS \\\n \\\nNOFORN \\\n \\\n"
        "E.O. 12958: DECL: 09/30/2015 \\\nTAGS: PGOV PTER SOCI CO\n"
        "SUBJECT: RECONCILIATION COMMISSION CONFIRMS PEACE PROCESS \\\nWITH GUERRILLAS STALLED \\\n \\\n"
        "Classified By: Ambassador William B. Wood; reasons 1.4 \\\n(b) and (d) \\\n \\\n"
        "¶1. (C) The Church's role in peace \\\ntalks was discussed. \\\n"
    )
    cable = parse_cable_text(text)
    assert cable.subject == "RECONCILIATION COMMISSION CONFIRMS PEACE PROCESS WITH GUERRILLAS STALLED"
    assert (cable.classified_by, cable.reasons) == ("William B. Wood", "1.4 (b) and (d)")
    assert cable.paragraphs[0].text == "The Church's role in peace talks was discussed."


def test_header_repeated_after_the_reasons_is_not_body_and_keeps_its_noforn() -> None:
    # 09BAKU20: the fused header block comes again after "Classified By"; its NOFORN counts
    text = (
        "S e c r e t section 01 of 02 baku 000020\n\nNoforn\nsipdis\n\nDept for eur/carc\n\n"
        "E.o. 12958: decl: 01/13/2029\nTags: pgov, prl, pter, aj, is, ir\n"
        "Subject: azerbaijan's discreet symbiosis with israel\n\nRef: b. 08 baku 1119\n\n"
        "Classified By: POL/ECON COUNSELOR ROB GARVERICK, REASONS 1.4 B AND D\n"
        "S E C R E T SECTION 01 OF 02 BAKU 000020 NOFORN SIPDIS DEPT FOR EUR/CARC E.O. 12958: DECL: "
        "01/13/2029 TAGS: PGOV PRL PTER AJ IS IR\n"
        "1.(C) Summary. Azerbaijan,s relations with Israel are discreet but close.\n"
    )
    cable = parse_cable_text(text)
    assert str(cable.classification) == "SECRET//NOFORN"
    assert cable.reasons == "1.4 b AND d"
    assert [p.number for p in cable.paragraphs] == ["1"]
    assert "TAGS" not in cable.text and "DEPT FOR" not in cable.text


def test_a_classification_line_of_an_e_mail_wrapper_does_not_hide_the_routing_header():
    # 06TELAVIV4032: the Lotus Notes wrapper repeats the classification line before the routing
    # header; the cable was sent at 121507Z OCT 06, not when the e-mail was filed (10/13/2006 02:52 PM).
    text = """null
Carol X Weakley  10/13/2006 02:52:21 PM  From  DB/Inbox:  Carol X Weakley

Cable
Text:
C O N F I D E N T I A L        TEL AVIV 04032

SIPDIS
CXTelA:
    ACTION: POL

VZCZCTVI681
OO RUEHC RUEHXK RHEHNSC
DE RUEHTV #4032/01 2851507
ZNY CCCCC ZZH
O 121507Z OCT 06
FM AMEMBASSY TEL AVIV
TO RUEHC/SECSTATE WASHDC IMMEDIATE 6902

C O N F I D E N T I A L SECTION 01 OF 02 TEL AVIV 004032

SIPDIS

E.O. 12958: DECL: 10/12/2011
TAGS: PREL PBTS KPAL KWBG
SUBJECT: USSC DAYTON RAISES RAFAH

1. (C) Summary text.
"""
    cable = parse_cable_text(text)
    assert cable.id == "06TELAVIV4032"
    assert cable.date == datetime(2006, 10, 12, 15, 7)
    assert cable.precedence == "IMMEDIATE"
    assert [a.name for a in cable.to] == ["SECSTATE WASHDC"]

"""Hard but common header forms, each quoted from a real cable of the 6,712 WikiLeaks pages."""

from __future__ import annotations

from corpus.cable import parse_cable_text


def _cable(header: str, body: str = "¶1. (C) Text.\n"):
    return parse_cable_text(header + "\n" + body)


def test_a_subject_glued_to_its_references_08LONDON1991() -> None:
    cable = _cable(
        "R 010000Z AUG 08\nFM AMEMBASSY LONDON\nTO RUEHC/SECSTATE WASHDC\n\n"
        "C O N F I D E N T I A L LONDON 001991 \n\nNOFORN\nSIPDIS\n\nEO 12958 DECL: 07/31/2018\n"
        "TAGS PGOV, PREL, PINR, UK\n"
        "SUBJECT: (C/NF) WHO WOULD REPLACE GORDON BROWN AS UK PRIMEREF: A. LONDON 1939  B. LONDON 1704\n\n"
        "Classified By: Ambassador Robert H. Tuttle, reasons 1.4 b, d.\n"
    )
    assert cable.subject == "WHO WOULD REPLACE GORDON BROWN AS UK PRIME"
    assert [(r.bullet, r.ids) for r in cable.references] == [("A", ["08LONDON1939"]), ("B", ["08LONDON1704"])]
    assert cable.classified_by == "Robert H. Tuttle"


def test_a_subject_glued_to_an_unlettered_reference_06CAIRO941() -> None:
    cable = _cable(
        "R 010000Z FEB 06\nFM AMEMBASSY CAIRO\nTO RUEHC/SECSTATE WASHDC\n\n"
        "C O N F I D E N T I A L CAIRO 000941 \n\nSIPDIS\n\nE.O. 12958: DECL: 02/16/2016\nTAGS: PTER EG\n"
        "SUBJECT: FBI DIRECTOR MUELLER\u2019S VISIT TO EGYPTREF: CAIRO 493\n\n"
        "Classified by DCM Stuart Jones for reasons 1.4 (b) and (d).\n\n"
    )
    assert cable.subject == "FBI DIRECTOR MUELLER\u2019S VISIT TO EGYPT"
    assert [r.ids for r in cable.references] == [["06CAIRO493"]]


def test_a_program_ref_with_doubled_bullets_and_the_classifier_on_its_line_08BRASILIA806() -> None:
    cable = _cable(
        "R 121443Z JUN 08\nFM AMEMBASSY BRASILIA\nTO RUEHC/SECSTATE WASHDC 1868\n\n"
        "S E C R E T SECTION 01 OF 02 BRASILIA 000806 \n\nSIPDIS \n\nDEPARTMENT FOR WHA/BSC, L, PM \n\n"
        "E.O. 12958: DECL: 06/06/2018 TAGS: BR MOPS PREL SNAR\n\n"
        "PROGRAM REF: A. A) SECSTATE 54183 B. B) 07 BRASILIA 1868 C. C) STATE 57700 D. 07 STATE 17940 "
        "Classified By: DCM Phillip Chicola, Reason 1.5 (d) \n",
        "¶1. (S) SUMMARY. Per ref a, Post is engaged with the Brazilian government.\n",
    )
    assert [(r.bullet, r.ids) for r in cable.references] == [
        ("A", ["08STATE54183"]),
        ("B", ["07BRASILIA1868"]),
        ("C", ["08STATE57700"]),
        ("D", ["07STATE17940"]),
    ]
    assert [t.code for t in cable.tags] == ["BR", "MOPS", "PREL", "SNAR"]
    assert cable.classified_by == "Phillip Chicola" and cable.reasons == "1.5 (d)"


def test_a_body_page_marker_does_not_join_the_subject_06BRASILIA1934() -> None:
    cable = _cable(
        "R 010000Z SEP 06\nFM AMEMBASSY BRASILIA\nTO RUEHC/SECSTATE WASHDC\n\n"
        "UNCLAS SECTION 01 OF 03 BRASILIA 001934 \n\nSIPDIS\n\nE.O. 12958: N/A\n"
        "TAGS: TRGY SENV ENRG KSCA ETRD EAGR BR\nSUBJECT: ETHANOL FORUM - PREPARATORY MEETING OUTCOMES \n\n"
        "BRASILIA 00001934 001.2 OF 003 \n",
        "¶1. (U) Summary: Brazil hosted the first preparatory meeting to the Ethanol Forum on September 5.\n",
    )
    assert cable.subject == "ETHANOL FORUM - PREPARATORY MEETING OUTCOMES"


def test_an_export_rows_bare_level_does_not_hide_the_classification_line_06MEXICO4310() -> None:
    cable = parse_cable_text(
        "R 041338Z AUG 06\nFM AMEMBASSY MEXICO\nTO SECSTATE WASHDC 2510\n"
        "INFO ALL US CONSULATES IN MEXICO COLLECTIVE\nAMEMBASSY BOGOTA \nAMEMBASSY CARACAS\n\n"
        "73752\n2006-08-04 13:38:00\n06MEXICO4310\nEmbassy Mexico\nCONFIDENTIAL\n\n"
        "R 041338Z AUG 06\nFM AMEMBASSY MEXICO\nTO SECSTATE WASHDC 2510\n"
        "INFO ALL US CONSULATES IN MEXICO COLLECTIVE\nAMEMBASSY BOGOTA \nAMEMBASSY CARACAS \n\n\n"
        "C O N F I D E N T I A L MEXICO 004310 \n \n \nE.O. 12958: DECL: 08/03/2016 \nTAGS: PGOV PREL MX\n"
        "SUBJECT: AMBASSADOR'S MEETING WITH PRESUMED PRESIDENT ELECT \nCALDERON \n \n"
        "Classified By: Ambassador Antonio O. Garza Jr for reasons 1.4 (b,d) \n \n"
        "\u00b61.  (C)  Summary:  Presumed President-elect Felipe Calderon \ntold the Ambassador 8/2.\n"
    )
    assert cable.id == "06MEXICO4310"
    assert cable.subject == "AMBASSADOR'S MEETING WITH PRESUMED PRESIDENT ELECT CALDERON"
    assert cable.classification is not None and cable.classification.level == "CONFIDENTIAL"


def test_station_typos_in_a_ref_block_06SANTIAGO439_09BRASILIA1127() -> None:
    santiago = _cable(
        "P 022230Z MAR 06\nFM AMEMBASSY SANTIAGO\nTO SECSTATE WASHDC PRIORITY 8585\n\n"
        "UNCLAS SANTIAGO 000439 \n \nSIPDIS \n \nSENSITIVE \nSIPDIS \n \n"
        "STATE FOR G/TIP LBROWN, WHA/PPC MPUCCETTI, WHA/BSC ISHERIDAN \n \nE.O. 12958: N/A \n"
        "TAGS: KCRM PHUM KWMN ELAB GTIP CI\nSUBJECT: CHILE: SUBMISSION FOR SIXTH ANNUAL TIP REPORT \n(PART 2 OF 2) \n\n"
        "REF: A. STATE 3836 \n     \u00b6B. 05 SANTIAG0 465 \n     \u00b6C. 05 SANTIAGO 466 \n",
        "(U) Following text continues Chile's Trafficking in Persons report submission for 2006.\n",
    )
    assert [(r.bullet, r.ids) for r in santiago.references] == [
        ("A", ["06STATE3836"]), ("B", ["05SANTIAGO465"]), ("C", ["05SANTIAGO466"])
    ]
    # the line between the classification line and E.O. is a passing instruction, kept
    assert santiago.metadata["passing"] == "STATE FOR G/TIP LBROWN, WHA/PPC MPUCCETTI, WHA/BSC ISHERIDAN"
    brasilia = _cable(
        "R 110000Z SEP 09\nFM AMEMBASSY BRASILIA\nTO SECSTATE WASHDC\n\n"
        "C O N F I D E N T I A L BRASILIA 001127 \n\nSIPDIS\n\nE.O. 12958: DECL: 09/10/2019 \n"
        "TAGS: PGOV PREL PINR BR\nSUBJECT: LULA'S ALLIANCE WITH PMDB: MORE TROUBLE THAN IT'S \nWORTH? \n \n"
        "REF: A. BRASILIA 1099 \n     \u00b6B. BRASILA 931 \n \n"
        "Classified By: Charge D'Affaires Lisa Kubiske for reasons 1.4 (b) and ( d). \n"
    )
    assert [r.ids for r in brasilia.references] == [["09BRASILIA1099"], ["09BRASILIA931"]]


def test_xmt_lines_are_exclusions_not_addressees_08STATE116943() -> None:
    cable = _cable(
        "P 031812Z NOV 08\nFM SECSTATE WASHDC\nTO SECURITY OFFICER COLLECTIVE PRIORITY\n"
        "AMEMBASSY TRIPOLI PRIORITY \nINFO AMCONSUL CASABLANCA PRIORITY \nXMT AMCONSUL JOHANNESBURG\n"
        "AMCONSUL JOHANNESBURG\n\nS E C R E T STATE 116943\n\nNOFORN\nSIPDIS \n \n"
        "E.O. 12958: DECL: 11/03/2018\nTAGS: ASEC PTER\nSUBJECT: SECURITY NOTICE\n"
    )
    assert [a.name for a in cable.to] == ["SECURITY OFFICER COLLECTIVE", "AMEMBASSY TRIPOLI"]
    assert [a.name for a in cable.info] == ["AMCONSUL CASABLANCA"]
    assert "JOHANNESBURG" in cable.metadata["excluded"]


def test_a_paragraph_number_with_a_comma_05THEHAGUE1556() -> None:
    cable = _cable(
        "R 010000Z JUN 05\nFM AMEMBASSY THE HAGUE\nTO SECSTATE WASHDC\n\n"
        "C O N F I D E N T I A L THE HAGUE 001556 \n\nE.O. 12958: DECL: 06/01/2015\nTAGS: PREL NL VE\n"
        "SUBJECT: DUTCH AND VENEZUELA\n",
        "\u00b64. (C) The answer on whether the Dutch would reduce the degree of counternarcotics trafficking "
        "cooperation\nwith the U.S. had been a crystal clear no.\n\n"
        "5, (C) Later the same day, the issue was raised again in a\nmeeting.\n",
    )
    assert [p.number for p in cable.paragraphs if p.number] == ["4", "5"]
    assert cable.paragraph("5").text.startswith("Later the same day")
    assert cable.paragraph("5").marking == "C"


def test_a_ref_block_broken_by_a_page_header_keeps_every_item_02ROME1196() -> None:
    cable = _cable(
        "Thursday, 07 March 2002, 10:13\nC O N F I D E N T I A L SECTION 01 OF 02 ROME 001196 \nSIPDIS \n"
        "DEPARTMENT FOR EUR/WE, EUR/PPD AND DRL \nEO 12958 DECL: 03/05/2007 \nTAGS PHUM, OPRC, IT \n"
        "SUBJECT: AS PREDICTED, ITALY\u2019S HUMAN RIGHTS REPORT \nGENERATES FODDER FOR DOMESTIC POLITICAL MILLS \n"
        "REF: A. STATE 40721\n CONFIDENTIAL\nPAGE 02 ROME 01196 01 OF 02 082030Z  B. ROME 1098  C. ROME 894  "
        "D. MYRIAD POST-DEPARTMENT E-MAILS FROM 10/01-02/02  E. ROME 348\n"
        "CLASSIFIED BY: POL MINCOUNS THOMAS COUNTRYMAN, REASONS 1.5 (B) AND (D).\n",
        "\u00b61. (C) SUMMARY: AS POST PREDICTED, THE U.S. COUNTRY REPORT FOR ITALY PROVIDED IMMEDIATE GRIST.\n",
    )
    assert [(r.bullet, r.ids) for r in cable.references] == [
        ("A", ["02STATE40721"]), ("B", ["02ROME1098"]), ("C", ["02ROME894"]), ("D", []), ("E", ["02ROME348"])
    ]
    assert cable.references[3].kind == "email"
    assert cable.classified_by == "Thomas Countryman"


def test_a_signer_behind_a_group_line_and_a_glued_none_66BUENOSAIRES2481() -> None:
    cable = _cable(
        "R 281848Z DEC 66\nFM AMEMBASSY BUENOS AIRES\nTO SECSTATE WASHDC\n\n"
        "C O N F I D E N T I A L BUENOS AIRES 2481\n\nSUBJECT: ARGENTINE FISHING LIMITS\n",
        "\u00b68.  IF AUTHORIZED, ENVISAGE TWO-STEP APPROACH TO FONOFF. \nON BASIS \n"
        "FONOFF REACTION, WE WOULD THEN COUCH AIDE-MEMOIRE IN TERMS \nWHICH WOULD APPEAR MOST LIKELY TO SUCCEED. \n"
        " \nGP-3 \nSACCIONone",
    )
    assert cable.signer == "SACCIO"
    assert not cable.paragraphs[-1].text.endswith("SACCIO")


def test_an_sbu_notice_glued_to_the_subject_is_not_the_subject_06SAOPAULO280() -> None:
    cable = _cable(
        "R 100000Z MAR 06\nFM AMCONSUL SAO PAULO\nTO SECSTATE WASHDC\n\nUNCLAS SAO PAULO 000280 \n\nSIPDIS\n\n"
        "E.O. 12958: N/A\nTAGS: ELAB ECON PGOV BR\n"
        "SUBJECT: LABOR LEADERS DIFFER OVER LULA GOVERNMENT, BUT MOST WORKERS WILL LIKELY SUPPORT HIS "
        "RE-ELECTION SENSITIVE BUT UNCLASSIFIED - PLEASE PROTECT ACCORDINGLY. \n\n------- SUMMARY ------- \n",
        "\u00b61. (SBU) During his March 6-7 visit to Sao Paulo, the Labor Attache met labor leaders.\n",
    )
    assert cable.subject == (
        "LABOR LEADERS DIFFER OVER LULA GOVERNMENT, BUT MOST WORKERS WILL LIKELY SUPPORT HIS RE-ELECTION"
    )


def test_the_first_paragraph_glued_to_the_subject_stays_in_the_body_09CAIRO1046() -> None:
    cable = _cable(
        "R 100000Z JUN 09\nFM AMEMBASSY CAIRO\nTO SECSTATE WASHDC\n\nUNCLAS CAIRO 001046 \n\nSENSITIVE\nSIPDIS\n\n"
        "E.O. 12958: N/A\nTAGS: TBIO KFLU KSTH EG\n"
        "SUBJECT: H1N1 OUTBREAK SHUTS DOWN AMERICAN UNIVERSITY IN CAIRO Sensitive but Unclassified. Please handle "
        "accordingly. 1.(SBU): The Ministry of Health (MOH) announced yesterday, June 8th, that two American "
        "students enrolled in summer courses at the\n",
        "2.(SBU) The MOH yesterday placed the dormitory under quarantine.\n",
    )
    assert cable.subject == "H1N1 OUTBREAK SHUTS DOWN AMERICAN UNIVERSITY IN CAIRO"
    assert "The Ministry of Health (MOH) announced yesterday" in cable.text


def test_a_repeated_header_glued_to_the_subject_08LONDON1967() -> None:
    cable = _cable(
        "R 290000Z JUL 08\nFM AMEMBASSY LONDON\nTO SECSTATE WASHDC\n\nC O N F I D E N T I A L LONDON 001967 \n\n"
        "SIPDIS\n\nSUBJECT: IRAQ: UK LIKELY TO ASSUME ROLE OF \"PRIME \nCOORDINATION NATION\" (PCN) FOR MILITARY "
        "OFFICER TRAINING...C O N F I D E N T I A L LONDON 001967  SIPDIS  STATE FOR EUR/RPM; EUR/WE  "
        "E.O. 12958: DECL: 07/28/2018 \n\nTAGS: PREL MARR NATO IZ UK\n",
        "\u00b61. (C) As reported ref a, HMG is currently engaged.\n",
    )
    assert cable.subject == (
        'IRAQ: UK LIKELY TO ASSUME ROLE OF "PRIME COORDINATION NATION" (PCN) FOR MILITARY OFFICER TRAINING...'
    )
    assert [t.code for t in cable.tags] == ["PREL", "MARR", "NATO", "IZ", "UK"]
    assert str(cable.declassify_on) == "2018-07-28"

"""Classification lines and paragraph markings, in the forms real cables write them."""

from __future__ import annotations

import pytest

from corpus.classification import HANDLING_WORDS, find_handling, normalise_marking, parse_classification


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("C O N F I D E N T I A L LIMA 001661", "CONFIDENTIAL"),
        ("SECRET//NOFORN", "SECRET//NOFORN"),
        ("S E C R E T", "SECRET"),
        ("UNCLAS", "UNCLASSIFIED"),
        ("UNCLASSIFIED//FOR OFFICIAL USE ONLY", "UNCLASSIFIED//FOR OFFICIAL USE ONLY"),
        ("CONFIDENTIAL//NOFORN", "CONFIDENTIAL//NOFORN"),
        ("LIMITED OFFICIAL USE", "LIMITED OFFICIAL USE"),
        ("SS E C R E T PARIS 001699", "SECRET"),  # garbled in the published pages
        ("E C R E T SANAA 000923", "SECRET"),
        ("CC O N F I D E N T I A L SAO PAULO 000104", "CONFIDENTIAL"),
        ("S e c r e t nairobi 001938", "SECRET"),
        ("C o n f i d e n t i a l section 01 of 04 ankara 000348", "CONFIDENTIAL"),
        ("UNCLASSIFIED SENSITIVE BUT UNCLASSIFIED", "UNCLASSIFIED//SBU"),
        ("UNCLAS SECTION 01 OF 02 THE HAGUE 001695", "UNCLASSIFIED"),
        ("TOP SECRET", "TOP SECRET"),
    ],
)
def test_classification_lines(line: str, expected: str) -> None:
    assert str(parse_classification(line)) == expected


@pytest.mark.parametrize("line", ["Classified By: A/POL David C. Brooks", "SUBJECT: SECRET TALKS", "", "SECRETARY RICE"])
def test_lines_that_are_not_classifications(line: str) -> None:
    assert parse_classification(line) is None


@pytest.mark.parametrize(
    ("label", "expected"),
    [
        ("(S//NF)", "S//NF"),
        ("(S/NF)", "S//NF"),
        ("(C/NOFORN)", "C//NF"),
        ("(C/NF)", "C//NF"),
        ("(SBU)", "SBU"),
        ("(U//FOUO)", "U//FOUO"),
        ("(U)", "U"),
        ("(C)", "C"),
        ("(S//FGI//NF)", "S//FGI//NF"),
        ("(SNF)", "S//NF"),
        ("C - ENTIRE TEXT", "C"),
        ("(C - ENTIRE TEXT)", "C"),
        ("CONFIDENTIAL - ENTIRE TEXT", "C"),
    ],
)
def test_paragraph_markings_normalised(label: str, expected: str) -> None:
    assert normalise_marking(label) == expected


@pytest.mark.parametrize("label", ["(A)", "(Note", "(reftel)", "(1)", "(NOTE: see above)"])
def test_labels_that_are_not_markings(label: str) -> None:
    assert normalise_marking(label) is None


def test_handling_words() -> None:
    assert {"SIPDIS", "EXDIS", "NODIS", "LIMDIS", "NOFORN", "STADIS", "ROGER", "PROPIN", "ORCON"} <= HANDLING_WORDS
    text = "SIPDIS\n\nNOFORN, NOT FOR INTERNET DISTRIBUTION\nSIPDIS\nthe sipdis system"
    assert find_handling(text) == ["SIPDIS", "NOFORN"]

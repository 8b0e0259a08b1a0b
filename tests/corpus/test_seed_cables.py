"""The two cable seeds, read from the bundled copies: every fact of /work/shared/seeds/README.md."""

from __future__ import annotations

from datetime import date, datetime
from importlib import resources

import pytest

from corpus.cable import parse_cable_text
from corpus.records import Cable


def _seed(prefix: str) -> Cable:
    folder = resources.files("corpus") / "samples"
    (path,) = [p for p in folder.iterdir() if p.name.startswith(prefix)]
    return parse_cable_text(path.read_text(encoding="utf-8"), source=path.name)


@pytest.fixture(scope="module")
def lima1661() -> Cable:
    return _seed("002_")


@pytest.fixture(scope="module")
def lima2313() -> Cable:
    return _seed("003_")


class TestLima1661:
    def test_identity(self, lima1661: Cable) -> None:
        assert lima1661.id == "09LIMA1661"
        assert lima1661.kind == "cable"
        assert lima1661.station == "LIMA"
        assert lima1661.origin == "Embassy Lima"
        assert lima1661.origin_country == "Peru"
        assert lima1661.routing == "RUEHPE"

    def test_created_from_the_date_time_group(self, lima1661: Cable) -> None:
        assert lima1661.date == datetime(2009, 11, 20, 16, 58)

    def test_precedence_immediate_for_action_routine_for_info(self, lima1661: Cable) -> None:
        assert lima1661.precedence == "IMMEDIATE"
        assert lima1661.info_precedence == "ROUTINE"

    def test_addressees(self, lima1661: Cable) -> None:
        assert [(a.name, a.routing, a.precedence) for a in lima1661.to] == [
            ("SECSTATE WASHDC", "RUEHC", "IMMEDIATE")
        ]
        assert lima1661.info[0].name == "CDR USSOUTHCOM MIAMI FL"
        assert [a.station for a in lima1661.info[1:]] == [
            "BOGOTA", "BRASILIA", "BUENOSAIRES", "CARACAS", "MONTEVIDEO", "LIMA", "QUITO", "SANTIAGO",
        ]

    def test_classification_handling_and_declassification(self, lima1661: Cable) -> None:
        assert str(lima1661.classification) == "CONFIDENTIAL"
        assert lima1661.handling == ["SIPDIS"]
        assert lima1661.eo == "12958"
        assert lima1661.declassify_on == date(2019, 11, 20)

    def test_tags_and_countries(self, lima1661: Cable) -> None:
        assert [t.code for t in lima1661.tags] == ["PREL", "PGOV", "MARR", "PE", "MOPS"]
        assert lima1661.countries == ["Peru"]

    def test_subject_is_the_title(self, lima1661: Cable) -> None:
        assert lima1661.subject == "PERU: INFORMATION ON SECURITY DIALOGUE"
        assert lima1661.title == lima1661.subject

    def test_reference(self, lima1661: Cable) -> None:
        assert [r.ids for r in lima1661.references] == [["09STATE112900"]]

    def test_classified_by_over_two_lines(self, lima1661: Cable) -> None:
        assert lima1661.classified_by == "McKinley P. Michael"  # surname first, as the cable writes it
        assert lima1661.classified_by_text.startswith("McKinley P. Michael, Ambassador, State, Ambassador Peru")
        assert lima1661.reasons == "1.4(b), (d)"

    def test_signer(self, lima1661: Cable) -> None:
        assert lima1661.signer == "MCKINLEY"

    def test_paragraphs_cited_one_to_six_though_printed_eleven_to_sixteen(self, lima1661: Cable) -> None:
        numbered = [p for p in lima1661.paragraphs if p.number]
        assert [p.number for p in numbered] == ["1", "2", "3", "4", "5", "6"]
        assert [p.printed for p in numbered] == ["11.", "12.", "13.", "14.", "15.", "16."]
        assert [p.marking for p in numbered] == ["U", "SBU", "SBU", "SBU", "SBU", "C"]

    def test_page_breaks_do_not_split_paragraphs(self, lima1661: Cable) -> None:
        assert "The next BWG is expected to take place in Washington DC" in lima1661.paragraph("4").text
        assert "If necessary, please use classified communication" in lima1661.paragraph("6").text
        assert "MCKINLEY" not in lima1661.paragraph("6").text


class TestLima2313:
    def test_identity_and_date(self, lima2313: Cable) -> None:
        assert lima2313.id == "07LIMA2313"
        assert lima2313.date == datetime(2007, 7, 6, 17, 45)
        assert lima2313.precedence == "ROUTINE"
        assert lima2313.origin == "Embassy Lima"
        assert lima2313.routing == "RUEHPE"

    def test_addressees_including_the_garbled_la_paz_line(self, lima2313: Cable) -> None:
        assert [a.name for a in lima2313.to] == ["SECSTATE WASHDC"]
        stations = [a.station for a in lima2313.info]
        assert stations[:6] == ["BOGOTA", "BRASILIA", "CARACAS", "LAPAZ", "QUITO", "SANTIAGO"]
        assert lima2313.info[-1].name == "CDR USCINCSO MIAMI FL"

    def test_classification_and_declassification(self, lima2313: Cable) -> None:
        assert str(lima2313.classification) == "CONFIDENTIAL"
        assert lima2313.handling == ["SIPDIS"]
        assert lima2313.declassify_on == date(2016, 7, 24)

    def test_tags_countries_subject(self, lima2313: Cable) -> None:
        assert [t.code for t in lima2313.tags] == ["PGOV", "PINR", "PHUM", "VE", "PE"]
        assert lima2313.countries == ["Venezuela", "Peru"]
        assert lima2313.subject == "DAS COULTER'S VISIT TO PERU FOR POL-MIL TALKS"

    def test_reference_without_year_takes_the_cables_year(self, lima2313: Cable) -> None:
        assert [r.ids for r in lima2313.references] == [["07LIMA46"]]

    def test_classified_by(self, lima2313: Cable) -> None:
        assert lima2313.classified_by == "David C. Brooks"
        assert lima2313.classified_by_text.startswith("A/POL David C. Brooks")
        assert lima2313.reasons == "1.4 (c,d)"

    def test_summary_is_inside_paragraph_one(self, lima2313: Cable) -> None:
        assert lima2313.summary is not None
        assert lima2313.summary.startswith("Peru and the United States held their first-ever bilateral POL-MIL talks")
        assert lima2313.summary.rstrip(".").endswith('a "turning point" in our mil-to-mil relations')

    def test_paragraphs_markings_and_headings(self, lima2313: Cable) -> None:
        numbered = [p for p in lima2313.paragraphs if p.number]
        assert [p.number for p in numbered] == [str(n) for n in range(1, 12)]
        assert [p.marking for p in numbered] == [
            "SBU", "SBU", "C", "SBU", "C", "SBU", "C", "C", "C", "SBU", None,
        ]
        assert lima2313.paragraph("3").heading == "Shared Visions of Security"
        assert lima2313.paragraph("5").heading == "Priority Areas of Cooperation for the GOP"
        assert lima2313.paragraph("6").heading == "Ongoing Regional Cooperation"
        assert lima2313.paragraph("7").heading == "Peruvian Concerns"
        assert lima2313.paragraph("8").heading == "Article 98/SOFA"
        assert lima2313.paragraph("9").heading == "MOD Wagner Meeting"
        assert lima2313.paragraph("10").heading == "Comment"

    def test_split_paragraphs_are_joined(self, lima2313: Cable) -> None:
        assert "talks was the striking overlap" in lima2313.paragraph("3").text
        assert "Wagner also requested reconsideration" in lima2313.paragraph("9").text
        assert "SIPDIS" not in lima2313.paragraph("9").text

    def test_signer(self, lima2313: Cable) -> None:
        assert lima2313.signer == "STRUBLE"
        assert "STRUBLE" not in lima2313.paragraph("11").text

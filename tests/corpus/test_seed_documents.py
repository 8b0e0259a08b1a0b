"""The three non-cable seeds (000, 001, 004), read from the bundled copies in corpus/samples/.

Every expectation here is read off the documents and /work/shared/seeds/README.md by hand.
"""

from __future__ import annotations

from datetime import date
from functools import cache
from pathlib import Path

import pytest

import corpus
from corpus.document import parse_document_text
from corpus.records import Document

SAMPLES = Path(corpus.__file__).parent / "samples"


@cache
def _read(prefix: str) -> Document:
    path = next(SAMPLES.glob(f"{prefix}_*.txt"))
    return parse_document_text(path.read_text(encoding="utf-8"), source=str(path), name=path.name)


@pytest.fixture(scope="module")
def note() -> Document:
    return _read("000")


@pytest.fixture(scope="module")
def outcome() -> Document:
    return _read("001")


@pytest.fixture(scope="module")
def paper() -> Document:
    return _read("004")


def _numbers(doc: Document) -> list[str]:
    return [p.number for p in doc.paragraphs if p.number is not None]


@pytest.mark.parametrize("prefix", ["000", "001", "004"])
def test_every_citable_number_is_unique(prefix):
    numbers = _numbers(_read(prefix))
    assert numbers and len(numbers) == len(set(numbers))


@pytest.mark.parametrize("prefix", ["000", "001", "004"])
def test_the_id_comes_from_the_content_not_the_path(prefix):
    doc = _read(prefix)
    path = next(SAMPLES.glob(f"{prefix}_*.txt"))
    again = parse_document_text(path.read_text(encoding="utf-8"), source="elsewhere/renamed.txt")
    assert doc.id == again.id
    assert again.metadata["aliases"].startswith("doc-")  # the former hash id still resolves


@pytest.mark.parametrize(
    ("prefix", "readable"),
    [
        # "Washington, D.C., April 14, 2003", the Permanent Mission of Peru, a note verbale
        ("000", "2003-04-14-peru-note-verbale"),
        # "assembled in Miami, Florida, from February 3-4, 2003": the Meeting of Experts' outcome
        ("001", "2003-02-03-meeting-experts-confidence-outcome"),
        # "SANTIAGO DE CHILE 18 AL 22 DE NOVIEMBRE DE 2002", "SPEAKER: CHILE": a conference paper
        ("004", "2002-11-18-chile-conference-paper"),
    ],
)
def test_a_document_without_a_symbol_gets_a_slug_of_date_origin_and_kind(prefix, readable):
    assert _read(prefix).id == readable


# --- 000: note verbale of the Permanent Mission of Peru to the OAS, with Peru's report


def test_000_is_a_note_verbale_from_perus_mission(note):
    assert note.kind == "note-verbale"
    assert note.origin == "Permanent Mission of Peru to the Organization of American States"
    assert note.author == note.origin
    assert note.origin_country == "Peru"
    assert "General Secretariat" in note.addressee and "Organization of American States" in note.addressee


def test_000_is_dated_by_the_note_and_keeps_the_reports_date(note):
    assert note.date is not None and note.date.date() == date(2003, 4, 14)
    assert note.place == "Washington, D.C."
    assert date(2003, 4, 14) in note.dates and date(2003, 4, 10) in note.dates
    assert "Report on the application of confidence- and security-building measures" in note.title


def test_000_countries(note):
    assert note.countries[0] == "Peru"
    assert {"Argentina", "Bolivia", "Brazil", "Chile", "Colombia", "Ecuador", "Venezuela"} <= set(note.countries)


def test_000_roman_parts_with_their_titles_on_the_next_line(note):
    assert note.paragraph("I").heading == "Analysis and promotion of confidence- and security-building measures"
    assert note.paragraph("II").heading == "Analysis and promotion of transparency measures in the region"
    assert note.paragraph("III").heading.startswith("Evaluation of the impact of confidence- and security building")
    assert note.paragraph("I").text.startswith("The analysis of progress and promotion")


def test_000_numbered_and_lettered_sections_inside_part_one(note):
    assert note.paragraph("I.1").heading == "Mechanisms or institutional channels"
    assert note.paragraph("I.1").text.startswith("Peru participates in several security mechanisms")
    assert note.paragraph("I.2").heading == "Operational Characteristics"
    assert [note.paragraph(n).heading for n in ("I.1.A", "I.1.B", "I.1.C")] == [
        "Regional or hemispheric sphere",
        "Subregional sphere",
        "Bilateral sphere",
    ]


def test_000_bullets_stay_in_their_paragraph(note):
    ops = note.paragraph("I.2").text
    assert "Among them are the following:" in ops
    assert "Participation in the UN Register of Conventional Arms" in ops
    assert "Holding of seminars and courses on confidence-building measures." in ops
    regional = note.paragraph("I.1.A").text
    assert "Conference of Ministers of Defense of the Americas" in regional and "Conferences of American Armies" in regional


def test_000_country_subheadings(note):
    argentina = [p for p in note.paragraphs if p.heading == "ARGENTINA"]
    assert argentina and "Joint Chiefs of Staff of the Argentine Armed Forces" in argentina[0].text


def test_000_annex_tables_are_kept_whole(note):
    assert [n for n in _numbers(note) if n.startswith("Annex")] == ["Annex 1", "Annex 2", "Annex 3"]
    grid = note.paragraph("Annex 2").text.splitlines()
    assert grid[0].startswith("Confidence-building Measures Applied by Peru that were NOT considered")
    assert "Bilateral intelligence conferences" in grid and "X" in grid
    # The annex's own lettered rows (a., b., h. …) are table lines, not paragraphs of the report.
    assert "a.  Gradual adoption of agreements regarding advance notice of military exercises;" in note.paragraph(
        "Annex 1"
    ).text.splitlines()


# --- 001: conclusions and recommendations of the Miami Meeting of Experts


def test_001_is_the_outcome_of_the_miami_meeting(outcome):
    assert outcome.kind == "outcome"
    assert outcome.event == "Meeting of Experts on Confidence and Security Building Measures"
    assert outcome.place == "Miami, Florida"
    assert outcome.date.date() == date(2003, 2, 3)
    assert date(2003, 2, 4) in outcome.dates


def test_001_headings(outcome):
    headings = {p.heading for p in outcome.paragraphs}
    assert {"The Mandate", "General Considerations and Conclusions", "Recommendations"} <= headings


def test_001_conclusions_numbered_1_to_16_with_the_number_on_its_own_line(outcome):
    numbered = [n for n in _numbers(outcome) if n.isdigit()]
    assert numbered == [str(i) for i in range(1, 17)]
    assert outcome.paragraph("1").text.startswith("Reaffirm that respect for international law")
    assert outcome.paragraph("13").text.startswith("There has also been significant progress")
    assert outcome.paragraph("16").heading == "General Considerations and Conclusions"
    # The dashes under 14 belong to 14.
    assert "Common Standardized Methodology for the Measurement of Defense Expenditures" in outcome.paragraph("14").text


def test_001_two_lettered_lists_of_recommendations(outcome):
    first = [n for n in _numbers(outcome) if n.isalpha()]
    assert first == [chr(c) for c in range(ord("a"), ord("u") + 1)]
    second = [n for n in _numbers(outcome) if n.endswith("-2")]
    assert second == [f"{c}-2" for c in "abcdefghilmn"]
    assert outcome.paragraph("a").text.startswith("To hold high-level meetings")
    assert outcome.paragraph("a-2").text.startswith("To encourage necessary coordination among all OAS bodies")
    assert outcome.paragraph("r").text.endswith("CP/RES. 769/00.")
    assert "AG/RES.1880 (XXXII-O/02)" in outcome.text
    assert "Resolution 1288" in outcome.paragraph("i").text


# --- 004: Chile's rapporteur report to the V Conference of Ministers of Defense


HEADERS = [
    "V CONFERENCIA DE MINISTROS DE DEFENSA DE LAS AMERICAS",
    "SANTIAGO DE CHILE 18 AL 22 DE NOVIEMBRE DE 2002",
]


def test_004_running_headers_are_page_furniture(paper):
    assert paper.running_headers == HEADERS
    assert not any("CONFERENCIA" in p.text or "NOVIEMBRE" in p.text for p in paper.paragraphs)


def test_004_event_place_and_dates_come_from_the_header(paper):
    assert paper.kind == "conference-paper"
    assert paper.event.lower() == "v conferencia de ministros de defensa de las americas"
    assert paper.place == "Santiago de Chile"
    assert paper.date.date() == date(2002, 11, 18)
    assert date(2002, 11, 22) in paper.dates


def test_004_speaker_and_title(paper):
    assert paper.author == "Chile" and paper.origin_country == "Chile"
    assert paper.title.lower() == "toward the renewal of security institutions in the americas"
    assert paper.language == "en"


def test_004_a_paragraph_cut_by_a_page_header_is_joined(paper):
    cut = [p for p in paper.paragraphs if "share some common characteristics:" in p.text]
    assert len(cut) == 1
    assert "They are of transnational scope." in cut[0].text
    assert "They generate different threat perceptions." in cut[0].text


def test_004_decimal_sections_and_lettered_items(paper):
    assert paper.paragraph("1").heading.startswith("ABSTRACT")
    assert paper.paragraph("2.1").heading.startswith("GLOBALIZATION AND SECURITY")
    assert paper.paragraph("2.1.3").text.startswith("The technological revolution's strategic effects")
    assert paper.paragraph("2.1.3").printed == "2.1.3."
    assert paper.paragraph("4.3").heading.startswith("OAS-CONFERENCE OF MINISTERS OF DEFENSE")
    market = paper.paragraph("2.1.1.a")
    assert market.printed == "- a)" and market.text.startswith("Market. The most visible instance")
    assert paper.paragraph("2.1.2.b").text.startswith("New non-traditional international conflicts")


def test_004_markdown_emphasis_is_stripped(paper):
    assert "**" not in paper.text
    assert "do not constitute per se a security problem" in paper.text

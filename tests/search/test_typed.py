"""Filters typed in the query, named as the facet panel names them (search/typed.py), on the seeds."""

from __future__ import annotations

from search.typed import without


def test_typed_filters_stand_for_the_facet_values_they_select(library):
    # 09LIMA1661 and 07LIMA2313: Embassy Lima, CONFIDENTIAL, TAGS with PE (Peru); of 2009 and 2007
    result = library.search("security country:PE class:c origin:lima from:2008")
    typed = {t.text: (t.facet, t.values) for t in result.typed}
    assert typed == {
        "country:PE": ("country", ["Peru"]),
        "class:c": ("classification", ["CONFIDENTIAL"]),
        "origin:lima": ("origin", ["Embassy Lima"]),
        "from:2008": ("year", ["2009"]),
    }
    assert [h.id for h in result.hits] == ["09LIMA1661"]


def test_only_a_filter_the_whole_query_is_anded_with_is_typed(library):
    assert library.search("security -country:PE").typed == []
    assert library.search("peru OR country:CI").typed == []
    assert library.search("peru (country:PE OR tag:PREL)").typed == []


def test_taking_a_typed_filter_out_leaves_the_rest_of_the_query_as_written(library):
    result = library.search('"security dialogue" country:PE  kind:cable')
    country, kind = result.typed
    assert without(result.query, country) == '"security dialogue" kind:cable'
    assert without(result.query, country, kind) == '"security dialogue"'

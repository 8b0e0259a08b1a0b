"""Search finds what people type: natural queries on the 6,712 real WikiLeaks cables (issue 9)."""

from __future__ import annotations

import re

import pytest

from index.fields import record_fields
from search.library import Library

pytestmark = [pytest.mark.slow, pytest.mark.corpus]


def _text(library: Library, id: str) -> str:
    fields = record_fields(library.get(id), "")
    return f"{fields['title'] or ''}\n{fields['body'] or ''}"


def _ids(library: Library, query: str, n: int = 10) -> list[str]:
    return [h.id for h in library.search(query, page_size=n).hits]


def test_entry_into_force_unquoted_finds_the_cables_that_say_it_first(cables: Library):
    # 05SANJOSE2664: "... before the CAFTA-DR entry into force ..."; "into" is a stopword the index drops
    result = cables.search("entry into force")
    assert result.total > 0 and result.ignored == ["into"]
    top = result.hits[0].id
    assert re.search(r"entry\W+into\W+force", _text(cables, top), re.I)


def test_a_quoted_phrase_keeps_its_words_side_by_side_across_the_dropped_stopwords(cables: Library):
    phrase = cables.search('"entry into force"', page_size=200)
    words = cables.search("entry force", page_size=1)
    assert 0 < phrase.total < words.total  # only the phrase, not "entry" and "force" anywhere
    stop = r"(?:into|in|to|of|the|a|and|for)"  # stopwords the index drops between them
    for hit in phrase.hits:
        # "entry into force", "entry-into-force" (08SANJOSE410), "entry-in-force" (08SANJOSE159)
        assert re.search(rf"entry\W+(?:{stop}\W+)*force", _text(cables, hit.id), re.I), hit.id


def test_value_between_billion_finds_the_tripoli_oil_cable(cables: Library):
    # 07TRIPOLI1053: "... value to between $2.5 and $3.0 billion"
    assert "07TRIPOLI1053" in _ids(cables, "value between billion")


def test_over_incidents_forthcoming_finds_what_incidents_forthcoming_finds(cables: Library):
    # 09ISLAMABAD2185: "... over these incidents is forthcoming"
    with_over = cables.search("over incidents forthcoming", page_size=50)
    without = cables.search("incidents forthcoming", page_size=50)
    assert with_over.total == without.total > 0
    assert with_over.hits[0].id == "09ISLAMABAD2185"


def test_a_query_of_stopwords_only_browses_everything_and_corrects_nothing(cables: Library):
    total = cables.stats()["documents"]
    for query in ("who is", "should have been", "what about"):
        result = cables.search(query)
        assert result.total == total and result.suggestion is None, query
        assert result.ignored == query.split()


def test_dont_always_know_means_finds_the_london_prevent_cable(cables: Library):
    # 08LONDON1577 ¶: "... charged to implement 'Prevent' but don't always know what that means."
    for query in ("don always know means", "don't always know means", "don’t always know what that means"):
        assert _ids(cables, query, 1) == ["08LONDON1577"], query


def test_a_citation_typed_in_the_search_box_finds_its_cable(cables: Library):
    for query in ("08 LONDON 1577 ¶3", "08LONDON1577 para 3", "08LONDON1577"):
        assert _ids(cables, query, 1) == ["08LONDON1577"], query


def test_a_subject_line_pasted_in_capitals_finds_its_cable(cables: Library):
    # "NOT" in a subject is a word, and "?" ending a word a question mark
    assert _ids(cables, "UK'S LIBERAL DEMOCRATS: LOOKING FOR INFLUENCE NOT POWER, FOR NOW", 1) == ["08LONDON1886"]
    assert _ids(cables, "IS ICELANDIC GOVERNMENT DOING ENOUGH TO HALT ECONOMY'S SUDDEN DOWNFALL?", 1) == [
        "08REYKJAVIK55"
    ]

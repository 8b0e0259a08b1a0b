"""The query language: what a user writes, what it means, and clear errors for malformed queries."""

from __future__ import annotations

from datetime import datetime

import pytest

from index.query_tree import AndNot, Every, Term, Wildcard, leaves, terms
from search.query import QueryError, parse_date, parse_query


@pytest.mark.parametrize(
    "text, words",
    [
        ('"abc', "unbalanced quote"),
        ("(peru OR chile", "unbalanced parenthesis"),
        ("peru)", "unbalanced parenthesis"),
        ("peru OR", "OR needs a word"),
        ("NOT", "NOT needs a word"),
        ("colour:red", "unknown field"),
        ("from:2009-13", "not a date"),
        ("country:Atlantis", "unknown country"),
        ("class:purple", "unknown classification"),
        ("ref:hello", "not a cable id"),
        ("x*", "too short"),
    ],
)
def test_malformed_queries_raise_a_query_error_saying_what_is_wrong(text, words):
    with pytest.raises(QueryError, match=words):
        parse_query(text)


def test_query_error_is_a_value_error_so_callers_can_catch_it_broadly():
    assert issubclass(QueryError, ValueError)


def test_a_country_code_and_its_name_mean_the_same_thing():
    by_code = parse_query("country:PE").query
    assert by_code == parse_query("country:Peru").query == parse_query("country:peru").query
    # both the countries a document is about and the country it comes from
    assert {field for field, _ in terms(by_code)} == {"country", "origin_country"}


def test_cable_ids_in_ref_are_canonicalised_whatever_the_form():
    expected = parse_query("ref:09STATE112900").query
    assert parse_query('ref:"09 STATE 112900"').query == expected
    assert parse_query("ref:09state112900").query == expected
    assert expected == Term("references", "09STATE112900")


def test_classification_abbreviations():
    assert parse_query("class:c").query == parse_query("class:confidential").query
    assert parse_query("classification:SECRET").query == parse_query("class:s").query


def test_words_are_stemmed_like_the_index_so_inflections_match():
    for word in ("negotiations", "negotiating", "negotiation"):
        assert ("body", "negoti") in terms(parse_query(word).query)


def test_stopwords_alone_browse_everything_like_an_empty_query_and_are_reported_left_out():
    # the index never stores "who" or "is": requiring them would find nothing, ever
    parsed = parse_query("who is")
    assert parsed.query == Every() and parsed.ignored == ["who", "is"] and not parsed.has_text
    assert parse_query("").query == Every()


def test_negated_words_are_not_highlighted():
    parsed = parse_query("peru -chile NOT bolivia")
    assert [w.word for w in parsed.words] == ["peru"]
    assert len(parsed.highlight) == 1


def test_marking_is_remembered_for_the_snippets():
    assert parse_query("marking:c talks").markings == {"C"}
    assert parse_query("talks -marking:C").markings == set()


def test_date_bounds_cover_the_whole_period_named():
    assert parse_date("2007-01") == datetime(2007, 1, 1)
    assert parse_date("2009-12", end=True).date().isoformat() == "2009-12-31"
    assert parse_date("2008-02", end=True).day == 29
    assert parse_date("2009", end=True).month == 12


def test_from_after_to_is_an_error():
    with pytest.raises(QueryError, match="after"):
        parse_query("from:2010 to:2009")
    assert parse_query("from:2009-11 to:2009-11").query is not None


def test_a_pasted_subject_line_in_capitals_has_no_operators_but_a_typed_query_does():
    subject = parse_query("UK'S LIBERAL DEMOCRATS: LOOKING FOR INFLUENCE NOT POWER, FOR NOW")
    assert ("body", "power") in terms(subject.query) and not isinstance(subject.query, AndNot)
    assert isinstance(parse_query("PERU NOT CHILE").query, AndNot)


def test_a_question_mark_ending_a_word_is_punctuation_inside_a_word_a_wildcard():
    assert ("body", "downfal") in terms(parse_query("DOWNFALL?").query)
    assert Wildcard("body", "negot?ation") in leaves(parse_query("negot?ation").query)


def test_a_citation_alone_is_a_look_up_by_id():
    for text in ("09 LIMA 1661 ¶3", "09LIMA1661 para 3", "2009 LIMA 1661", "09lima1661"):
        assert parse_query(text).query == Term("id", "09LIMA1661"), text
    assert "id" not in {field for field, _ in terms(parse_query("lima 1661 talks").query)}

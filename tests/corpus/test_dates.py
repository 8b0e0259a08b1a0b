"""Dates in diplomatic texts: finding date phrases, reading them, datelines."""

from __future__ import annotations

from datetime import date

from corpus.dates import DateSpan, dateline, find_dates, parse_date_phrase


def test_english_day_month_year_in_a_dateline():
    place, span = dateline("Washington, D.C., April 14, 2003")
    assert place == "Washington, D.C."
    assert span is not None and span.start == span.end == date(2003, 4, 14)
    assert span.precision == "day"


def test_spanish_day_range_in_a_running_header():
    place, span = dateline("SANTIAGO DE CHILE 18 AL 22 DE NOVIEMBRE DE 2002")
    assert place == "SANTIAGO DE CHILE"
    assert (span.start, span.end) == (date(2002, 11, 18), date(2002, 11, 22))


def test_dateline_without_place():
    assert dateline("3 February 1957") == (None, parse_date_phrase("3 February 1957"))


def test_a_sentence_is_not_a_dateline():
    assert dateline("The meeting was held in Miami on February 3, 2003 and ended late.") == (None, None)


def test_a_date_range_is_not_taken_for_a_place():
    place, span = dateline("June 20-August 31, 1961")
    assert place is None


def test_find_dates_in_order_with_ranges_and_months():
    text = (
        "The Meeting of Experts, assembled in Miami, Florida, from February 3-4, 2003, recalled "
        "the meeting of February 1998 and the Summit of 10 de abril de 2003 (also 14 avril 2003, 2003-05-06)."
    )
    spans = find_dates(text)
    assert [s.text for s in spans] == [
        "February 3-4, 2003",
        "February 1998",
        "10 de abril de 2003",
        "14 avril 2003",
        "2003-05-06",
    ]
    assert (spans[0].start, spans[0].end, spans[0].precision) == (date(2003, 2, 3), date(2003, 2, 4), "day")
    assert (spans[1].start, spans[1].end, spans[1].precision) == (date(1998, 2, 1), date(1998, 2, 28), "month")
    assert spans[2].start == date(2003, 4, 10)
    assert spans[3].start == date(2003, 4, 14)
    assert spans[4].start == date(2003, 5, 6)


def test_limit_keeps_the_first_dates():
    assert [s.text for s in find_dates("May 1, 2001; June 2, 2002; July 3, 2003", limit=2)] == ["May 1, 2001", "June 2, 2002"]


def test_bare_years_and_impossible_days_are_not_dates_in_running_text():
    assert find_dates("Peru submitted reports for 2000 and 2001.") == []
    assert find_dates("February 30, 2003") == []


def test_month_alone_never_takes_todays_day():
    span = parse_date_phrase("April 2003")
    assert span == DateSpan(date(2003, 4, 1), date(2003, 4, 30), "April 2003", "month")


def test_year_alone_never_takes_todays_month():
    span = parse_date_phrase("2003")
    assert (span.start, span.end, span.precision) == (date(2003, 1, 1), date(2003, 12, 31), "year")


def test_phrases_the_regexes_do_not_cover_go_to_dateparser():
    # Numeric dates are read day first, as in most of the world's diplomatic texts.
    span = parse_date_phrase("12/03/2003")
    assert span is not None and span.start == date(2003, 3, 12) and span.precision == "day"


def test_nonsense_is_not_a_date():
    assert parse_date_phrase("General Secretariat") is None
    assert parse_date_phrase("") is None

"""Filters typed in the query, as the facet panel names them.

``country:PE`` in the query selects what ticking "Peru" in the country facet selects, so a
search result says which facet values its typed filters stand for, and how to take one out:

    parsed = parse_query("security country:PE from:2007")
    typed_filters(parsed, {"country": {"Peru": 2}, "year": {"2007": 1, "2009": 1}})
      -> [TypedFilter("country", ["Peru"], "country:PE", 9, 19),
          TypedFilter("year", ["2007", "2009"], "from:2007", 20, 29)]
    without("security country:PE from:2007", that[0])  -> "security from:2007"

Only clauses the whole query is ANDed with count (search.query.FieldClause): not ``-country:PE``,
not ``peru OR country:CI``.  ``from:``/``to:``/``date:`` tick the years their range covers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from search.query import FieldClause, ParsedQuery, QueryError, class_level

_SPACES = re.compile(r"\s{2,}")


@dataclass(frozen=True)
class TypedFilter:
    facet: str  # the facet panel's name: country, year, classification, tag, origin, kind
    values: list[str]  # the facet values it selects, as the panel shows them
    text: str  # as typed: "country:PE"
    start: int  # where it stands in the query
    end: int


def typed_filters(parsed: ParsedQuery, facets: dict[str, dict[str, int]]) -> list[TypedFilter]:
    """The typed filters of ``parsed`` that a facet of ``facets`` (value -> count) can show."""
    found = []
    for clause in parsed.clauses:
        facet, values = _facet_values(clause, parsed, facets)
        if facet and values:
            found.append(TypedFilter(facet, values, parsed.text[clause.start : clause.end], clause.start, clause.end))
    return found


def without(query: str, *typed: TypedFilter) -> str:
    """The query with those filters taken out."""
    for t in sorted(typed, key=lambda t: t.start, reverse=True):
        query = query[: t.start] + query[t.end :]
    return _SPACES.sub(" ", query).strip()


def _facet_values(clause: FieldClause, parsed: ParsedQuery, facets: dict[str, dict[str, int]]) -> tuple[str, list[str]]:
    name, value = clause.name, clause.value.strip()
    if name == "country":
        from corpus.countries import normalise_country

        country = normalise_country(value)
        return "country", [country] if country else []
    if name == "tag":
        return "tag", [value.upper()]
    if name in ("class", "classification"):
        try:
            return "classification", [class_level(value)]
        except QueryError:
            return "", []
    if name == "kind":
        return "kind", [value.lower()]
    if name == "origin":
        words = set(re.split(r"\W+", value.lower())) - {""}
        shown = facets.get("origin", {})
        return "origin", [v for v in shown if v == value or words <= set(re.split(r"\W+", v.lower()))]
    if name in ("from", "to", "date", "year"):
        return "year", _years(name, value, parsed, facets.get("year", {}))
    return "", []


def _years(name: str, value: str, parsed: ParsedQuery, years: dict[str, int]) -> list[str]:
    if name in ("date", "year"):
        return [value] if value in years else []  # date:2009, not date:2009-11 (a month of it)
    lo = (parsed.date_from or "0000")[:4]
    hi = (parsed.date_to or "9999")[:4]
    return [y for y in sorted(years) if lo <= y <= hi]

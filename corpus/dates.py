"""Dates written in diplomatic texts (English, Spanish, French).

``find_dates`` isolates date phrases with the regexes below and converts
them directly: every pattern captures all the parts it needs, so the slow
dateparser library is only consulted by ``parse_date_phrase`` for phrases
no regex recognises (numeric or unusual forms).  dateparser is imported
lazily (its first import costs seconds) and configured so that a missing
day or month is NEVER filled from today's date: a month alone yields the
whole month, a year alone the whole year (``precision`` says which).

Bare years ("in 1992") are not reported by ``find_dates``: in running text
they are too often quantities; ``parse_date_phrase("2003")`` accepts them.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any

__all__ = ["DateSpan", "find_dates", "parse_date_phrase", "dateline", "MONTHS"]


@dataclass(frozen=True)
class DateSpan:
    """A date read from text: one day, a range of days, a month or a year."""

    start: date
    end: date
    text: str  # the phrase as written
    precision: str  # "day" | "month" | "year"


# Month names and abbreviations (lower case, accents optional) -> month number.
MONTHS: dict[str, int] = {}
_MONTH_FORMS = {
    1: "january jan enero ene janvier janv",
    2: "february feb febrero février fevrier févr fevr",
    3: "march mar marzo mars",
    4: "april apr abril avril avr",
    5: "may mayo mai",
    6: "june jun junio juin",
    7: "july jul julio juillet juil",
    8: "august aug agosto ago août aout",
    9: "september sept sep septiembre setiembre septembre",
    10: "october oct octubre octobre",
    11: "november nov noviembre novembre",
    12: "december dec diciembre dic décembre decembre déc",
}
for _n, _forms in _MONTH_FORMS.items():
    for _f in _forms.split():
        MONTHS[_f] = _n

# Longest first so "sept" wins over "sep" and "junio" over "jun".
_MONTH = r"(?:{})\.?".format("|".join(sorted(map(re.escape, MONTHS), key=len, reverse=True)))
_DAY = r"(?:[0-2]?\d|3[01])"
_ORD = r"(?:st|nd|rd|th|er|º|°)?"
_YEAR = r"(?:1[6-9]\d\d|20\d\d)"
_DASH = r"\s*(?:-|–|—|to|al|au|a|y|and|et)\s*"

# Each pattern names its groups; order matters (ranges before single days).
_PATTERNS: list[re.Pattern[str]] = [
    re.compile(rf"\b(?P<y>{_YEAR})-(?P<m>0[1-9]|1[0-2])-(?P<d>0[1-9]|[12]\d|3[01])\b"),
    # February 3-4, 2003
    re.compile(rf"\b(?P<mon>{_MONTH})\s+(?P<d>{_DAY}){_ORD}{_DASH}(?P<d2>{_DAY}){_ORD},?\s+(?P<y>{_YEAR})\b", re.I),
    # April 14, 2003 / April 14 2003
    re.compile(rf"\b(?P<mon>{_MONTH})\s+(?P<d>{_DAY}){_ORD},?\s+(?P<y>{_YEAR})\b", re.I),
    # 18 AL 22 DE NOVIEMBRE DE 2002 / 18-22 November 2002 / du 18 au 22 novembre 2002
    re.compile(
        rf"\b(?P<d>{_DAY}){_ORD}{_DASH}(?P<d2>{_DAY}){_ORD}\s+(?:de\s+)?(?P<mon>{_MONTH}),?\s+(?:de\s+|del\s+)?(?P<y>{_YEAR})\b",
        re.I,
    ),
    # 14 April 2003 / 10 de abril de 2003 / 1er janvier 2003
    re.compile(rf"\b(?P<d>{_DAY}){_ORD}\s+(?:de\s+)?(?P<mon>{_MONTH}),?\s+(?:de\s+|del\s+)?(?P<y>{_YEAR})\b", re.I),
    # April 2003 / abril de 2003 / Nov. 2002
    re.compile(rf"\b(?P<mon>{_MONTH}),?\s+(?:de\s+|del\s+|of\s+)?(?P<y>{_YEAR})\b", re.I),
]
_BARE_YEAR = re.compile(rf"^\s*(?P<y>{_YEAR})\s*$")
_STRIP = " \t,.;:()[]"


def _month_number(word: str) -> int | None:
    return MONTHS.get(word.lower().rstrip("."))


def _span_from_match(m: re.Match[str]) -> DateSpan | None:
    parts = m.groupdict()
    year = int(parts["y"])
    month = int(parts["m"]) if parts.get("m") else _month_number(parts.get("mon") or "")
    if month is None:
        return None
    text = m.group(0)
    try:
        if parts.get("d") is None:
            last = calendar.monthrange(year, month)[1]
            return DateSpan(date(year, month, 1), date(year, month, last), text, "month")
        start = date(year, month, int(parts["d"]))
        end = date(year, month, int(parts["d2"])) if parts.get("d2") else start
    except ValueError:  # "February 30": not a date
        return None
    if end < start:
        return None
    return DateSpan(start, end, text, "day")


# Every pattern ends with (or, for ISO dates, starts with) a four-digit year, and
# years are rare in running text: scanning only short windows around them is
# ~20x faster than running six case-insensitive month alternations over a
# whole speech.
_YEAR_HINT = re.compile(r"(?<!\d)(?:1[6-9]|20)\d\d(?!\d)")
_WINDOW_BEFORE = 60
_WINDOW_AFTER = 12


def _year_windows(text: str) -> list[tuple[int, int]]:
    windows: list[tuple[int, int]] = []
    for m in _YEAR_HINT.finditer(text):
        start = max(0, m.start() - _WINDOW_BEFORE)
        # Start on a word boundary, so a window never begins inside a word.
        while start > 0 and not text[start - 1].isspace():
            start -= 1
        end = min(len(text), m.end() + _WINDOW_AFTER)
        if windows and start <= windows[-1][1]:
            windows[-1] = (windows[-1][0], end)
        else:
            windows.append((start, end))
    return windows


def find_dates(text: str, *, limit: int | None = None) -> list[DateSpan]:
    """Every date phrase in ``text`` (days, day ranges, months), in order of appearance."""
    found: list[tuple[int, int, DateSpan]] = []
    taken: list[tuple[int, int]] = []
    windows = _year_windows(text)
    for pattern in _PATTERNS:
        for ws, we in windows:
            for m in pattern.finditer(text, ws, we):
                s, e = m.span()
                if any(s < te and ts < e for ts, te in taken):
                    continue
                span = _span_from_match(m)
                if span is not None:
                    taken.append((s, e))
                    found.append((s, e, span))
    found.sort(key=lambda t: t[0])
    spans = [t[2] for t in found]
    return spans[:limit] if limit is not None else spans


@lru_cache(maxsize=1)
def _dateparser() -> Any:  # dateparser has no stable public type to name here
    from dateparser.date import DateDataParser  # lazy: importing dateparser costs seconds

    return DateDataParser(
        languages=["en", "es", "fr"],
        settings={
            # Never take the missing parts from today's date.
            "PREFER_DAY_OF_MONTH": "first",
            "PREFER_MONTH_OF_YEAR": "first",
            "REQUIRE_PARTS": ["year"],
            "DATE_ORDER": "DMY",
        },
    )


def parse_date_phrase(phrase: str) -> DateSpan | None:
    """One date phrase ("April 14, 2003", "abril de 2003", "2003", "12/03/2003") -> DateSpan."""
    phrase = phrase.strip()
    if not phrase:
        return None
    m = _BARE_YEAR.match(phrase)
    if m:
        y = int(m.group("y"))
        return DateSpan(date(y, 1, 1), date(y, 12, 31), phrase, "year")
    spans = find_dates(phrase, limit=1)
    if spans and len(spans[0].text) >= len(phrase.strip(_STRIP)) - 2:
        return spans[0]
    data = _dateparser().get_date_data(phrase)
    if data is None or data.date_obj is None:
        return spans[0] if spans else None
    d = data.date_obj.date()
    if data.period == "year":
        return DateSpan(date(d.year, 1, 1), date(d.year, 12, 31), phrase, "year")
    if data.period == "month":
        last = calendar.monthrange(d.year, d.month)[1]
        return DateSpan(date(d.year, d.month, 1), date(d.year, d.month, last), phrase, "month")
    return DateSpan(d, d, phrase, "day")


_PLACE = re.compile(r"^[A-ZÀ-Ý][\w.'’\- ]*(?:,\s*[A-ZÀ-Ý][\w.'’\- ]*){0,2}$")


def dateline(text: str) -> tuple[str | None, DateSpan | None]:
    """A dateline's place and date: "Washington, D.C., April 14, 2003" -> ("Washington, D.C.", 2003-04-14).

    Looks at each line in turn and returns the first one made of an optional
    place followed by a date (nothing after the date but punctuation).
    """
    for line in text.splitlines():
        line = line.strip().strip("*").strip()
        if not line or len(line) > 120:
            continue
        spans = find_dates(line)
        if not spans:
            continue
        span = spans[-1]
        idx = line.rfind(span.text)
        if line[idx + len(span.text):].strip(_STRIP):
            continue
        # Keep a final "." ("Washington, D.C."): only separators are stripped.
        place = line[:idx].strip(" \t,;:")
        # "le", "el", "on" before the date are not part of the place.
        place = re.sub(r",?\s+(?:le|el|the|on|à|a)$", "", place, flags=re.I).strip(" \t,;:")
        if not place:
            return None, span
        # "June 20-August 31, 1961": what precedes the date is not a place.
        if len(place.split()) <= 6 and _PLACE.match(place) and not any(
            ch.isdigit() for ch in place
        ) and not any(w.lower().rstrip(".") in MONTHS for w in place.split()):
            return place, span
    return None, None

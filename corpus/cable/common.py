"""Date pieces every part of the cable header uses: two-digit years, month words, julian days.

``year4("09") == 2009``, ``year4("75") == 1975``; ``month_number("NOV") == 11``;
``julian(2009, 324, "1658") == datetime(2009, 11, 20, 16, 58)`` (a DE line's day of the year).
An impossible date gives None, never an exception.
"""

from __future__ import annotations

from datetime import date, datetime

MONTHS = {m: i for i, m in enumerate("JAN FEB MAR APR MAY JUN JUL AUG SEP OCT NOV DEC".split(), 1)}
PRECEDENCES = {"Z": "FLASH", "O": "IMMEDIATE", "P": "PRIORITY", "R": "ROUTINE"}
CENTURY_PIVOT = 30  # a two-digit year above this is 19xx, else 20xx


def year4(yy: str) -> int:
    y = int(yy)
    if y >= 100:
        return y
    return 1900 + y if y > CENTURY_PIVOT else 2000 + y


def safe_datetime(year: int, month: int, day: int, hh: int = 0, mm: int = 0) -> datetime | None:
    try:
        return datetime(year, month, day, hh, mm)
    except ValueError:
        return None


def julian(year: int, day_of_year: int, hhmm: str) -> datetime | None:
    try:
        start = date(year, 1, 1).toordinal() + day_of_year - 1
        d = date.fromordinal(start)
        return datetime(d.year, d.month, d.day, int(hhmm[:2]), int(hhmm[2:]))
    except ValueError:
        return None


def month_number(word: str) -> int | None:
    return MONTHS.get(word[:3].upper())


def next_nonblank(lines: list[str], i: int, within: int = 2) -> str:
    """The first non-blank line among the ``within`` lines after line ``i``, stripped ("" if none)."""
    return next((line.strip() for line in lines[i + 1 : i + 1 + within] if line.strip()), "")

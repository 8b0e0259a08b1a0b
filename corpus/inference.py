"""The year (and date) of a cable whose text does not state them, read from the evidence.

WikiLeaks "partial extract" records keep the classification line's station and serial
(``C O N F I D E N T I A L SECTION 01 OF 03 BRASILIA 000862``) but no DTG and no year.
The text still says when, in three ways, tried in this order by :func:`infer_year`:

1. the Cablegate id list (corpus/data/cablegate-ids-by-month.txt.gz): the ids of that
   station and serial, any year (BRASILIA 862 -> 04BRASILIA862, 09BRASILIA862), kept when
   the rest of the evidence allows them; one left decides, and gives the month;
2. the DECL date: classifiers set it ten years after the cable as a rule
   (``E.O. 12958: DECL: 04/07/2014`` on 04BRASILIA862 of 2004-04-08);
3. the E.O. number in force: an order names the years a cable can be from
   (12958: 1995-2009, 13526: from December 2009); it only rules years out.

What decided is said in ``Inference.how``, which the parser keeps in the cable's
``metadata["inferred"]``; the date's precision in ``metadata["date_precision"]``.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from dataclasses import dataclass, replace
from datetime import date, datetime

from corpus.ids import cablegate_ids_for, cablegate_month, find_ids

FIRST_YEAR, LAST_YEAR = 1966, 2030  # cables this parser reads (Cablegate: 1966-2010)
# The executive orders on classified information and the years of the cables they govern.
EO_YEARS = {
    "11652": (1972, 1978),
    "12065": (1978, 1982),
    "12356": (1982, 1995),
    "12958": (1995, 2010),  # amended in 2003, replaced by 13526 in December 2009
    "13526": (2009, LAST_YEAR),
}
_YEAR_IN_TEXT = re.compile(r"\b((?:19|20)\d\d)\b")
_DECL_LINE = re.compile(r"^.*\bDECL\b.*$", re.M | re.I)
MONTH_NUMBERS = {m: i for i, m in enumerate("JAN FEB MAR APR MAY JUN JUL AUG SEP OCT NOV DEC".split(), 1)}
_MONTH_IN_TEXT = re.compile(
    r"\b(January|February|March|April|May|June|July|August|September|October|November|December)\b", re.I
)
DECL_YEARS_AFTER = 10  # the usual DECL date is the cable's date plus ten years
DECL_SLACK = (0, 30)  # a DECL date from 0 to 30 years after the cable is plausible


@dataclass
class Inference:
    year: int
    date: datetime | None
    how: str  # "Cablegate id list: the only BRASILIA 862 (2004-04)"
    precision: str  # "month" (first day shown), "approximate day" (from the DECL date)


@dataclass
class _Evidence:
    """What the text says about its date besides the classification line."""

    decl: date | None
    eo: str | None
    cited_years: list[int]  # years of the cables its REF block cites ("B) 02 BRASILIA 1869"): none is later
    mentioned: Counter[int]  # four-digit years in the text ("indicted in 2000"), DECL line aside
    months: Counter[int]  # month names in the text ("In a November 21 meeting")
    ids: set[str]  # whole ids the text carries ("00THEHAGUE1695" in an export's trailer)

    @classmethod
    def read(cls, decl: date | None, eo: str | None, text: str, cited: list[str]) -> _Evidence:
        body = _DECL_LINE.sub("", text)
        mentioned = Counter(int(y) for y in _YEAR_IN_TEXT.findall(body) if FIRST_YEAR <= int(y) <= LAST_YEAR)
        months = Counter(MONTH_NUMBERS[m[:3].upper()] for m in _MONTH_IN_TEXT.findall(body))
        return cls(decl, eo, [_year(cid) for cid in cited], mentioned, months, set(find_ids(text)))

    def allows(self, year: int) -> bool:
        """Whether a cable of ``year`` fits its E.O. number and DECL date."""
        low, high = EO_YEARS.get(self.eo or "", (FIRST_YEAR, LAST_YEAR))
        if not low <= year <= high:
            return False
        return self.decl is None or DECL_SLACK[0] <= self.decl.year - year <= DECL_SLACK[1]

    def score(self, cid: str, month: int, fits: list[str]) -> float:
        """How well one candidate id fits the evidence (see WEIGHTS)."""
        year, years = _year(cid), [_year(c) for c in fits]
        points = WEIGHTS["id in the text"] * (cid in self.ids)
        if self.decl is not None:
            # months from the candidate's month to the DECL date: a round number of years, give or take
            # a month (drafted in December, sent in January: 05BUENOSAIRES141, DECL 12/15/2014)
            gap = (self.decl.year * 12 + self.decl.month) - (year * 12 + month)
            points += WEIGHTS["DECL round years on"] * (gap > 0 and min(gap % 60, 60 - gap % 60) <= 1)
            points += WEIGHTS["DECL ten years on"] * (abs(gap - 12 * DECL_YEARS_AFTER) <= 1)
            points -= WEIGHTS["per month from DECL minus ten years"] * abs(gap - 12 * DECL_YEARS_AFTER)
        floor = max(self.cited_years, default=FIRST_YEAR)
        points -= WEIGHTS["before a cited cable"] * (year < floor)
        later = [y for y in years if y >= floor]
        points += WEIGHTS["first after the cited cables"] * bool(self.cited_years and later and year == min(later))
        points += WEIGHTS["earliest candidate"] * (year == min(years))
        points += WEIGHTS["most mentioned year"] * _is_top(self.mentioned, year, years)
        past = [y for y in self.mentioned if y <= max(years)]
        points -= WEIGHTS["before a year the text mentions"] * bool(past and year < max(past))
        months = [int((_month(c) or "0-0").split("-")[1]) for c in fits]
        points += WEIGHTS["most mentioned month"] * _is_top(self.months, month, months)
        return points


# Points for each piece of evidence a candidate id fits; the best total wins, a tie decides nothing.
WEIGHTS = {
    "id in the text": 10.0,
    "DECL round years on": 4.0,
    "DECL ten years on": 1.0,
    "before a cited cable": 2.0,
    "first after the cited cables": 1.0,
    # a prior, not evidence: serials restart every year and the yearless records (WikiLeaks partial
    # extracts) are mostly of 2001-2005, so the earliest of equally fitting years is right 2 times in 3
    "earliest candidate": 1.0,
    "most mentioned year": 1.5,
    "before a year the text mentions": 1.0,  # "on November 2, 2004 … One year later" (05THEHAGUE3008)
    "most mentioned month": 1.0,
    "per month from DECL minus ten years": 0.01,  # breaks ties only
}


def _is_top(counts: Counter[int], value: int, among: list[int]) -> bool:
    """Whether ``value`` is, alone, the most counted of ``among`` (and counted at all)."""
    ranked = sorted({v: counts[v] for v in among}.items(), key=lambda kv: -kv[1])
    return bool(ranked) and ranked[0] == (value, counts[value]) and counts[value] > 0 and (
        len(ranked) == 1 or ranked[1][1] < counts[value]
    )


def _decl_window(decl: date) -> range:
    return range(max(FIRST_YEAR, decl.year - DECL_SLACK[1]), decl.year + 1)


def _month(cid: str) -> str | None:
    return cablegate_month(cid)


def _from_cablegate(station: str, serial: str, evidence: _Evidence) -> Inference | None:
    fits = [cid for cid in cablegate_ids_for(station, serial) if evidence.allows(_year(cid))]
    if not fits and evidence.decl is not None and not any(evidence.allows(y) for y in _decl_window(evidence.decl)):
        # an impossible DECL date ("DECL: 01/18/2116", 06SANJOSE156) is a typo: it decides nothing
        evidence = replace(evidence, decl=None)
        fits = [cid for cid in cablegate_ids_for(station, serial) if evidence.allows(_year(cid))]
    if not fits:
        return None
    months = {cid: int((_month(cid) or "0-1").split("-")[1]) for cid in fits}
    scored = sorted(((evidence.score(cid, months[cid], fits), cid) for cid in fits), reverse=True)
    if len(scored) > 1 and scored[0][0] == scored[1][0]:
        return None
    best = scored[0][1]
    year, month = _year(best), months[best]
    when, precision = _month_date(year, month, evidence.decl)
    how = f"Cablegate id list: {best}, {year}-{month:02d}" + (f", of {len(fits)} candidates" if len(fits) > 1 else "")
    return Inference(year, when, how, precision)


def _from_decl(evidence: _Evidence) -> Inference | None:
    decl = evidence.decl
    if decl is None:
        return None
    year = decl.year - DECL_YEARS_AFTER
    if not evidence.allows(year):
        return None
    when = _safe(year, decl.month, decl.day)
    return Inference(year, when, f"DECL date {decl.isoformat()} minus {DECL_YEARS_AFTER} years", "approximate day")


def _month_date(year: int, month: int, decl: date | None) -> tuple[datetime, str]:
    """The DECL day where it falls in that month ten years on, else the month's first day."""
    if decl is not None and decl.year - DECL_YEARS_AFTER == year and decl.month == month:
        when = _safe(year, month, decl.day)
        if when is not None:
            return when, "approximate day"
    return datetime(year, month, 1), "month"


def _safe(year: int, month: int, day: int) -> datetime | None:
    try:
        return datetime(year, month, day)
    except ValueError:
        return None


def _year(cid: str) -> int:
    yy = int(cid[:2])
    return (1900 if yy > 10 else 2000) + yy


def infer_year(
    station: str | None,
    serial: str | None,
    decl: date | None,
    eo: str | None,
    text: str = "",
    cited: list[str] | None = None,
) -> Inference | None:
    """The year of STATION SERIAL from the evidence, or None when nothing decides it.

    >>> infer_year("BRASILIA", "862", date(2014, 4, 7), "12958").how
    'Cablegate id list: 04BRASILIA862, 2004-04, of 2 candidates'
    """
    evidence = _Evidence.read(decl, eo, text, cited or [])
    if station and serial:
        found = _from_cablegate(station, serial, evidence)
        if found:
            return found
    return _from_decl(evidence)


def provisional_id(station: str | None, serial: str | None, text: str) -> str:
    """The id of a cable whose year nothing decides: "BRASILIA862-PROVISIONAL".

    Without a station and serial, a digest of the text keeps it unique: "CABLE-3F2A9C1B-PROVISIONAL".
    """
    if station and serial:
        return f"{station}{int(serial)}-PROVISIONAL"
    digest = hashlib.sha1(" ".join(text.split()).encode("utf-8")).hexdigest()[:8].upper()
    return f"CABLE-{digest}-PROVISIONAL"

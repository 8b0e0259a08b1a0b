"""The routing part of a cable's header: everything before the classification line.

:func:`scan_routing` reads it line by line into one :class:`Header`.  Each kind of line is a
named rule in :data:`ROUTING_RULES`, its regex beside the function that takes it, tried in
order; the first that takes a line ends its reading.  For example (09LIMA1661)::

    VZCZCXYZ0000                                  -> transmission_id
    DE RUEHPE #1661/01 3241658                     -> routing "RUEHPE", DE serial, julian day 324
    ZNY CCCCC ZZH                                  -> level CONFIDENTIAL
    O 201658Z NOV 09                               -> date 2009-11-20 16:58, precedence IMMEDIATE
    FM AMEMBASSY LIMA                              -> sender
    TO RUEHC/SECSTATE WASHDC IMMEDIATE 0126        -> an addressee (TO, then INFO, XMT lines)
    BT                                             -> the end of the routing header

Before the FM line, the lines of export rows and e-mail wrappers give fallback dates and ids
("2007-02-05 17:15:00\t07BERN113…", "TELEGRAM   June 03, 2003").  The header ends at BT, at a
blank line after the address lists, or at the first classification line or header label.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from corpus.cable.common import PRECEDENCES, month_number, next_nonblank, safe_datetime, year4
from corpus.cable.fields import EO, SUBJECT
from corpus.classification import parse_classification
from corpus.ids import canonical_station
from corpus.records import Addressee, Classification
from corpus.stations import station_for_routing
from corpus.tags import TAGS_LABEL

ROUTING_LOOKAHEAD = 30  # lines after a classification line in which a routing header may still start

_ZNY_LEVELS = {"C": "CONFIDENTIAL", "S": "SECRET", "U": "UNCLASSIFIED", "E": "UNCLASSIFIED", "T": "TOP SECRET"}

VZCZC = re.compile(r"^\s*(VZCZC[A-Z0-9]+)")
DE = re.compile(r"^\s*DE\s+([A-Z]{4,8})\s*#\s*(\d{1,7})(?:/\d+)?\s+(\d{3})(\d{4})\b")
_ZNY = re.compile(r"^\s*ZN[YR]\s+([CSUET])\1{4}\b")
# Precedence letters, then day+hhmm+Z, month, year: "O R 201658Z NOV 09", "R 041125Z MAR 75".
_DTG = re.compile(
    r"^\s*(?:(?P<prec>[ZOPRM])(?:\s*(?P<info>[ZOPRM]))?\s+)?"
    r"(?P<day>\d{2})(?P<hh>[0-2]\d)(?P<mm>[0-5]\d)\s?Z\s*(?P<mon>[A-Z]{3})\s*(?P<yy>\d{2}|\d{4})\b",
    re.I,
)
# Month/year only: the day and time come from the DE line's julian day.
_DTG_MONTH = re.compile(r"^\s*(?P<prec>[ZOPRM])(?:\s*(?P<info>[ZOPRM]))?\s+(?P<mon>[A-Z]{3})\s+(?P<yy>\d{2})\s*$")
# "Wednesday, 29 November 2000, 13:59" (WikiLeaks partial extracts, mixed case).
_LONG_DATE = re.compile(
    r"^\s*(?:[A-Z][a-z]+day,?\s+)?(\d{1,2})\s+([A-Z][a-z]+)\s+((?:19|20)\d\d),?\s+(\d{1,2}):(\d{2})\s*$"
)
_ISO_DATE = re.compile(r"(?:^|[\s:\]>\t])((?:19|20)\d\d)-(\d\d)-(\d\d)(?:[ T](\d\d):(\d\d))?")
_US_DATE = re.compile(r"(?:^|[\s,:])(\d{1,2})/(\d{1,2})/((?:19|20)\d\d)\s+(\d{1,2}):(\d\d)")
_DOT_DATE = re.compile(r"^\s*(\d\d)\.(\d\d)\.((?:19|20)\d\d)\s+(\d\d):(\d\d)\s*$")
_FM = re.compile(r"^\s*FM\s+(.+?)\s*$")
_TO = re.compile(r"^\s*TO\s+(.*?)\s*$")
_INFO = re.compile(r"^\s*INFO\s+(?!LOG-)(.*?)\s*$")
_XMT = re.compile(r"^\s*XMT\s+(.*?)\s*$")
_BT = re.compile(r"^\s*BT\s*$")
_UPPER_SUBJECT = re.compile(r"^\s*(?:SUBJECT|SUBJ)\s*:")  # upper case: not an e-mail wrapper's "Subject:"
_PAGE_LINE = re.compile(r"^\s*-{4,}|^\s*PAGE\s")
_ENDS_IN_SERIAL = re.compile(r"\b\d{3,7}\s*$")
_PAGE = re.compile(r"\bPAGE\s+\d{2}\s+[A-Z][A-Z ]{1,20}?\s+\d{3,6}\s+(?:\d\d\s+OF\s+\d\d\s+)?\d{6}Z?\b")
_ROUTE = re.compile(r"^([A-Z]{4,8})/(.*)$")
_PREC_TAIL = re.compile(r"\s+(FLASH|NIACT\s+IMMEDIATE|IMMEDIATE|PRIORITY|PIORITY|ROUTINE)\b(?:\s+(\d{1,5}))?\s*$")
_MCN_TAIL = re.compile(r"\s+(\d{1,5})\s*$")
_FUSED_MONTH = re.compile(r"\s(JAN|FEB|MAR|APR|MAY|JUN|JUL|AUG|SEP|OCT|NOV|DEC)\s+(?=[A-Z])")
EXPORT_ID = re.compile(r"(?:^|[\s,|])((?:19[6-9]\d|20[01]\d)?\d{2}[A-Z]{3,}\d{1,7})(?=[\s,|]|$)")
_TELEGRAM_DATE = re.compile(r"^\s*TELEGRAM\s+([A-Z][a-z]+)\s+(\d{1,2}),\s*((?:19|20)\d\d)\s*$")
_WRAPPER_FROM = re.compile(r"^\s*From:\s+(.+?)\s*\(\s*([A-Z][A-Z .'\-]*?[A-Z])\s+0*(\d{1,7})\b[^)]*\)\s*$")
_BARE_LEVEL = re.compile(r"^\s*(UNCLASSIFIED|CONFIDENTIAL|SECRET)\s*$")


@dataclass
class Header:
    """What the header scan found, before it becomes a Cable."""

    transmission_id: str | None = None
    routing: str | None = None
    de_serial: str | None = None
    de_julian: int | None = None
    de_hhmm: str | None = None
    zny: str | None = None
    dtg: datetime | None = None
    dtg_year: int | None = None
    precedence: str | None = None
    info_precedence: str | None = None
    sender: str | None = None
    to: list[Addressee] = field(default_factory=list)
    info: list[Addressee] = field(default_factory=list)
    excluded: list[str] = field(default_factory=list)
    fallback_date: datetime | None = None
    export_id: str | None = None
    wrapper_station: str | None = None  # "From: AMEMBASSY ABU DHABI (ABU DHABI 2641 - UNKNOWN)"
    wrapper_serial: str | None = None
    wrapper_level: Classification | None = None  # a bare "CONFIDENTIAL" line in the wrapper


@dataclass
class RoutingScan:
    """The scan's state: the header so far, the address list being continued, whether FM was seen."""

    lines: list[str]
    head: Header = field(default_factory=Header)
    mode: str | None = None  # "to" | "info" | "xmt"
    seen_fm: bool = False


# --------------------------------------------------------------------------- rules


def _vzczc(scan: RoutingScan, m: re.Match[str], line: str) -> bool:
    if scan.head.transmission_id is not None:
        return False
    scan.head.transmission_id = m.group(1)
    return True


def _de(scan: RoutingScan, m: re.Match[str], line: str) -> bool:
    head = scan.head
    head.routing, head.de_serial = m.group(1), m.group(2)
    head.de_julian, head.de_hhmm = int(m.group(3)), m.group(4)
    return True


def _zny(scan: RoutingScan, m: re.Match[str], line: str) -> bool:
    scan.head.zny = _ZNY_LEVELS[m.group(1)]
    return True


def _dtg(scan: RoutingScan, m: re.Match[str], line: str) -> bool:
    head = scan.head
    if scan.seen_fm or head.dtg is not None or not month_number(m.group("mon")) or _PAGE_LINE.match(line):
        return False
    year = year4(m.group("yy"))
    head.dtg_year = year
    day, hh, mm = int(m.group("day")), int(m.group("hh")), int(m.group("mm"))
    head.dtg = safe_datetime(year, month_number(m.group("mon")) or 1, day, hh, mm)
    _take_precedence(head, m)
    scan.mode = None
    return True


def _dtg_month(scan: RoutingScan, m: re.Match[str], line: str) -> bool:
    if scan.seen_fm or scan.head.dtg is not None or not month_number(m.group("mon")):
        return False
    scan.head.dtg_year = year4(m.group("yy"))
    _take_precedence(scan.head, m)
    return True


def _fm(scan: RoutingScan, m: re.Match[str], line: str) -> bool:
    if scan.seen_fm:
        return False
    scan.head.sender = m.group(1)
    scan.seen_fm = True
    scan.mode = None
    return True


def _before_fm(scan: RoutingScan, m: re.Match[str] | None, line: str) -> bool:
    """Before FM, any other line is an export row or an e-mail wrapper's: dates and ids."""
    if scan.seen_fm:
        return False
    if not _take_wrapper(scan.head, line):
        _take_fallback(scan.head, line)
    return True


def _to(scan: RoutingScan, m: re.Match[str], line: str) -> bool:
    if scan.mode not in (None, "to"):
        return False
    scan.mode = "to"
    scan.head.to.extend(addressees(m.group(1)))
    return True


def _info(scan: RoutingScan, m: re.Match[str], line: str) -> bool:
    scan.mode = "info"
    scan.head.info.extend(addressees(m.group(1)))
    return True


def _xmt(scan: RoutingScan, m: re.Match[str], line: str) -> bool:
    scan.mode = "xmt"
    scan.head.excluded.append(m.group(1))
    return True


def _continued(scan: RoutingScan, m: re.Match[str] | None, line: str) -> bool:
    """A line of the TO, INFO or XMT list begun above."""
    if scan.mode == "to":
        scan.head.to.extend(addressees(line))
    elif scan.mode == "info":
        scan.head.info.extend(addressees(line))
    elif scan.mode == "xmt":
        scan.head.excluded.append(line)
    return True


# A rule is given its pattern's match (a rule of every line: None); typed Any so each rule names its own.
Rule = Callable[[RoutingScan, Any, str], bool]

# (name, regex or None for every line, rule): a rule returns False to leave the line to the next.
ROUTING_RULES: tuple[tuple[str, re.Pattern[str] | None, Rule], ...] = (
    ("vzczc", VZCZC, _vzczc),
    ("de", DE, _de),
    ("zny", _ZNY, _zny),
    ("dtg", _DTG, _dtg),
    ("dtg_month", _DTG_MONTH, _dtg_month),
    ("fm", _FM, _fm),
    ("before_fm", None, _before_fm),
    ("to", _TO, _to),
    ("info", _INFO, _info),
    ("xmt", _XMT, _xmt),
    ("continued", None, _continued),
)


# --------------------------------------------------------------------------- the scan


def scan_routing(lines: list[str]) -> tuple[Header, int]:
    """Read the routing part of the header; return it and the index of the first line after it."""
    scan = RoutingScan(lines)
    for i, raw in enumerate(lines):
        line = raw.strip()
        end = _routing_end(scan, i, line)
        if end is not None:
            return scan.head, end
        if line:
            _routing_line(scan, line)
    return scan.head, len(lines)


def _routing_line(scan: RoutingScan, line: str) -> None:
    for _name, pattern, rule in ROUTING_RULES:
        m = pattern.match(line) if pattern is not None else None
        if (pattern is None or m) and rule(scan, m, line):
            return


def _routing_end(scan: RoutingScan, i: int, line: str) -> int | None:
    """Where the routing header ends if it ends at line ``i``: ``i`` (the line is the body
    part's), ``i + 1`` (the line closes the header), or None (it goes on)."""
    if not line:
        if scan.seen_fm and scan.mode in ("to", "info") and (scan.head.to or scan.head.info):
            # a blank line closes the address list unless a routed line follows at once
            if not _ROUTE.match(next_nonblank(scan.lines, i)):
                return i + 1
        return None
    if _BT.match(line):
        return i + 1
    if (parse_classification(line) and (scan.seen_fm or _ENDS_IN_SERIAL.search(line)) and not _ROUTE.match(line)
            and not _routing_follows(scan.lines, i)):
        return i
    if TAGS_LABEL.match(line) or (EO.match(line) and "12" in line) or (scan.seen_fm and SUBJECT.match(line)):
        return i
    if _UPPER_SUBJECT.match(line):
        return i
    return None


def _routing_follows(lines: list[str], i: int) -> bool:
    """A routing header (VZCZC…, DE RUEH…) comes within the next lines, before any TAGS or SUBJECT:
    the classification line at ``i`` belongs to an e-mail wrapper's copy, not to the cable's body."""
    for line in lines[i + 1 : i + ROUTING_LOOKAHEAD]:
        if TAGS_LABEL.match(line) or SUBJECT.match(line):
            return False
        if VZCZC.match(line) or DE.match(line):
            return True
    return False


def _take_precedence(head: Header, m: re.Match[str]) -> None:
    if m.group("prec"):
        head.precedence = PRECEDENCES.get(m.group("prec").upper())
    if m.group("info"):
        head.info_precedence = PRECEDENCES.get(m.group("info").upper())


def _take_wrapper(head: Header, line: str) -> bool:
    """The State e-mail wrapper's own cable lines: "TELEGRAM   June 03, 2003" (the cable's date, not the
    wrapper's "03/21/2007 05:47:09 PM"), "From: AMEMBASSY ABU DHABI (ABU DHABI 2641 - UNKNOWN)",
    a bare "CONFIDENTIAL" (03ABUDHABI2641)."""
    m = _TELEGRAM_DATE.match(line)
    if m and month_number(m.group(1)):
        head.fallback_date = safe_datetime(int(m.group(3)), month_number(m.group(1)) or 1, int(m.group(2)))
        return True
    m = _WRAPPER_FROM.match(line)
    if m:
        head.sender, head.wrapper_station, head.wrapper_serial = m.group(1), m.group(2), m.group(3)
        return True
    m = _BARE_LEVEL.match(line)
    if m and head.wrapper_level is None:
        head.wrapper_level = parse_classification(m.group(1))
        return True
    return False


def _long_date(g: tuple[str, ...]) -> datetime | None:
    month = month_number(g[1])
    return safe_datetime(int(g[2]), month or 0, int(g[0]), int(g[3]), int(g[4])) if month else None


def _mdy_date(g: tuple[str, ...]) -> datetime | None:
    return safe_datetime(int(g[2]), int(g[0]), int(g[1]), int(g[3]), int(g[4]))


def _ymd_date(g: tuple[str, ...]) -> datetime | None:
    return safe_datetime(int(g[0]), int(g[1]), int(g[2]), int(g[3] or 0), int(g[4] or 0))


# The date forms of export rows, tried in order: the first that gives a real date is taken.
FALLBACK_DATES = ((_LONG_DATE, _long_date), (_DOT_DATE, _mdy_date), (_US_DATE, _mdy_date), (_ISO_DATE, _ymd_date))


def _take_fallback(head: Header, line: str) -> None:
    """Dates and ids of the export rows some pages carry before the cable ("2007-02-05 17:15:00\t07BERN113…")."""
    if head.fallback_date is None:
        for pattern, read in FALLBACK_DATES:
            m = pattern.search(line)
            when = read(m.groups()) if m else None
            if when:
                head.fallback_date = when
                break
    if head.export_id is None:
        m = EXPORT_ID.search(line)
        if m:
            head.export_id = m.group(1)


def addressees(text: str) -> list[Addressee]:
    """One TO/INFO line -> addressees ("RUEHC/SECSTATE WASHDC IMMEDIATE 0126")."""
    text = _PAGE.sub("", text).strip()
    if not text:
        return []
    routing = None
    route = _ROUTE.match(text)
    if route:
        routing, text = route.group(1), route.group(2).strip()
    precedence = None
    tail = _PREC_TAIL.search(text)
    if tail:
        precedence = re.sub(r"\s+", " ", tail.group(1).replace("PIORITY", "PRIORITY"))
        text = text[: tail.start()].strip()
    else:
        mcn = _MCN_TAIL.search(text)
        if mcn:
            text = text[: mcn.start()].strip()
    # A lost line fused into this one: "AMEMBASSY LA PAZ JUL QUITO" names La Paz and Quito.
    fused = _FUSED_MONTH.search(text)
    names = [text[: fused.start()].strip(), text[fused.end():].strip()] if fused else [text]
    out = []
    for i, name in enumerate(names):
        if not name:
            continue
        station = station_for_routing(routing) if routing and i == 0 else None
        if station is None:
            station = canonical_station(name)
        out.append(
            Addressee(name=name, routing=routing if i == 0 else None, precedence=precedence, station=station)
        )
    return out

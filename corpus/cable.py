"""A cable's plain text -> Cable: routing header, header fields, then the body.

The text may start with a VZCZC routing header, a DTG line (1970s cables), a State
``INFO LOG-00`` distribution block, an e-mail wrapper, a WikiLeaks "partial extract"
notice, or directly with the classification line.  The header is read line by line;
everything after the last header field (SUBJECT / REF / Classified By) is the body,
handed to :func:`corpus.cable_body.parse_body`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime

from corpus.classification import find_handling, parse_classification, split_classification
from corpus.records import Addressee, Cable, Classification, ParseError
from corpus.refs import REF_LABEL, parse_references
from corpus.tags import TAGS_LABEL, parse_tags

MONTHS = {m: i for i, m in enumerate("JAN FEB MAR APR MAY JUN JUL AUG SEP OCT NOV DEC".split(), 1)}
PRECEDENCES = {"Z": "FLASH", "O": "IMMEDIATE", "P": "PRIORITY", "R": "ROUTINE"}
_ZNY_LEVELS = {"C": "CONFIDENTIAL", "S": "SECRET", "U": "UNCLASSIFIED", "E": "UNCLASSIFIED", "T": "TOP SECRET"}

_VZCZC = re.compile(r"^\s*(VZCZC[A-Z0-9]+)")
_DE = re.compile(r"^\s*DE\s+([A-Z]{4,8})\s*#\s*(\d{1,7})(?:/\d+)?\s+(\d{3})(\d{4})\b")
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
_PAGE = re.compile(r"\bPAGE\s+\d{2}\s+[A-Z][A-Z ]{1,20}?\s+\d{3,6}\s+(?:\d\d\s+OF\s+\d\d\s+)?\d{6}Z?\b")
_ROUTE = re.compile(r"^([A-Z]{4,8})/(.*)$")
_PREC_TAIL = re.compile(r"\s+(FLASH|NIACT\s+IMMEDIATE|IMMEDIATE|PRIORITY|PIORITY|ROUTINE)\b(?:\s+(\d{1,5}))?\s*$")
_MCN_TAIL = re.compile(r"\s+(\d{1,5})\s*$")
_FUSED_MONTH = re.compile(r"\s(JAN|FEB|MAR|APR|MAY|JUN|JUL|AUG|SEP|OCT|NOV|DEC)\s+(?=[A-Z])")
_PARTIAL = re.compile(r"This record is a partial extract of the original cable", re.I)
_EO = re.compile(r"^\s*E\.?\s?[O0]\.?\s*(1\d{3,4})?\s*[:.,;]?\s*(.*)$", re.I)
_DECL = re.compile(r"DECL(?:ASSIFY)?\s*(?:ON)?\s*[:.]?\s*(.*)$", re.I)
_DECL_YMD = re.compile(r"^\s*((?:19|20)\d\d)[/-](\d{1,2})[/-](\d{1,2})\b")
_DECL_MDY = re.compile(r"^\s*(\d{1,2})[/-](\d{1,2})[/-](\d{4}|\d{2})\b")
_SUBJECT = re.compile(r"^\s*(?:SUBJECT|SUBJ|UBJECT)\s*[:.]?\s*(?=\S)(.*)$", re.I)
# What ends a subject running over several lines: a body page marker ("PRETORIA 00000954 001.2 OF 004"),
# an old page header, a rule line, a repeated classification line, "This is an action request".
_SUBJECT_STOP = re.compile(
    r"^\s*(?:[A-Z][A-Z .'\-]*\s0*\d{1,7}\s+\d{3}(?:\.\d)?\s+OF\s+\d{3}\s*$"
    r"|PAGE\s+\d{2,3}\s"
    r"|[-=_~*]{3,}(?:\s|$)"
    r"|(?:[A-Z][ \t]){4,}[A-Z][ \t]"  # a spaced-out classification line, whatever follows it
    r"|(?:(?:[A-Z]\s){4,}[A-Z]|UNCLAS(?:SIFIED)?|CONFIDENTIAL|SECRET)\b(?:\s+SECTION\s+\d+\s+OF\s+\d+)?\s+[A-Z][A-Z .]*\s\d{3,7}\s*$"
    r"|(?i:this\s+is\s+an\s+action\s+(?:request|message|cable))"
    r"|(?i:(?:entire\s+text\s+)?sensitive\s+but\s+unclassified)\b"
    r"|\d+\t\d{1,2}/\d{1,2}/\d{4}\s)"  # an export row: "46151\t11/28/2005 7:02\t05DUSHANBE1870"
)
# Of those, the ones that open the body: "This is an action request", "--------- 1.  Ambassador visited…"
_BODY_AFTER_SUBJECT = re.compile(r"^\s*(?:(?i:this\s+is\s+an\s+action)|[-=_~*]{3,}\s+\S)")
_SUBJECT_BARE = re.compile(r"^\s*(?:SUBJECT|SUBJ)\s*[:.]?\s*$", re.I)
# "Classified By:", "1. (C) Classified by …", "(U) Classified by Ambassador …" (its own marking).
_CLASSIFIED_BY = re.compile(r"^\s*(?:\d{1,2}\.\s*)?(?:\(\w+\)\s*)?CLASSIFIED\s+BY\b\s*[:.]?\s*(.*)$", re.I)
# Stamps glued before the classification line by the exports WikiLeaks published.
_GLUED_PREFIX = re.compile(
    r"^\s*((?:ID:\s*\d+\s*)?Cable dated:\s*(?:\d{4}-\d\d-\d\d(?:T\d\d:\d\d(?::\d\d)?)?\]?|\S+?\])|Telegram(?:Restricted by caption\.)?)"
    r"\s*(?=\S)"
)
# One-line export headers ("… SANAA 001352SIPDISE.O. 12958: DECL: 05/21/2015TAGS: PREL …"): the
# labels glued to whatever preceded them start lines of their own again.
_FUSED_LABEL = re.compile(
    r"(?<=\S)\s*(?=SIPDIS|NOFORN|E\.O\.\s?1\d{4}|TAGS:|SUBJECT:)|(?<=SIPDIS)(?=\S)|(?<=\d)(?=SENSITIVE)"
)
_FUSED_HEADER = re.compile(r"E\.O\.\s?1\d{4}|TAGS:|\d(?:SIPDIS|SENSITIVE|NOFORN)")
# The SBU passing line: "SENSITIVE", "Sensitive", glued "SIPDIS SENSITIVEE.O. 12958: N/A".
_SENSITIVE = re.compile(r"\bSENSITIVE(?=\b|E\.O\.)|\bSBU\b|^\s*Sensitive\s*$", re.M)
_HANDLING_START = re.compile(r"^\s*(?:SIPDIS|NOFORN)")
_CLASSIFIED_BY_INLINE = re.compile(r"(?<=\S)\s*(?=Classified\s+By\s*:)", re.I)
# "for reaso ns 1.4 b and d", "R EASONS: 1.4(B/D)": export wrapping cut the word and joined it with a space.
_REASON = re.compile(r"[,;.]?\s*(?:FOR\s+)?\bR ?E ?A ?S ?O ?N ?S?\b\s*[:.]?\s*(.*)$", re.I)
# Squeezed one-line cables ("…MUBARAK  REF: RABAT 532  CLASSIFIED BY: … REASON: 1.4 (b), (d) 1. (C) GOL
# officials…"): inside the header, a REF label, a marked paragraph and the text after a reasons
# citation start lines of their own, else the body ends up in the subject or the reasons.
_MARK_WORD = r"(?i:U|C|S|SBU|TS|LOU|[CSU]\s*/{1,2}\s*(?:NF|NOFORN|FOUO|REL\b[^)]{0,40}))"
# A header label after other text on its line: "DEPT FOR WHA/BSC E.O. 12958: DECL: 11/22/2012"
# (02BRASILIA4227), "E.o. 12958: decl: 01/15/2014 Tags: prel, pgov, pins, tu Subject: turkish …".
_RUNON_LABEL = re.compile(r"(?<=\S)[ \t]+(?=(?i:tags|subject)[ \t]*:|(?i:E\.[ \t]?O\.)[ \t]?1\d{4}\b)")
_RUNON_REF = re.compile(
    r"(?<=\S)[ \t]+(?=(?i:ref(?:tels?|s|\(s\))?)[ \t]?:[ \t])"
    r"|(?<=[A-Z]{2})(?=REF(?:TELS?|S)?:[ \t]*(?:[A-H1-9][.)]|[A-Z]{3,}[ \t]+\d))"  # glued: "…UK PRIMEREF: A. LONDON"
)
_RUNON_PARA = re.compile(rf"(?<=\S)[ \t]+(?=(?:¶[ \t]*)?\d{{1,2}}[ \t]*\.[ \t]*\({_MARK_WORD}\)[ \t]*:?[ \t]*[A-Z\"'])")
# What an export glued after the subject: the SBU notice ("…RE-ELECTION SENSITIVE BUT UNCLASSIFIED - PLEASE
# PROTECT ACCORDINGLY.", 06SAOPAULO280; "Sensitive but Unclassified. Please handle accordingly.", 09CAIRO1046)
# and a repeated classification line ("…TRAINING...C O N F I D E N T I A L LONDON 001967", 08LONDON1967).
_RUNON_SUBJECT_TAIL = re.compile(
    r"(?<=\S)[ \t]+(?=(?i:(?:entire[ \t]+text[ \t]+)?sensitive[ \t]+but[ \t]+unclassified)\b)"
    r"|(?<=\.\.\.)(?=(?:[A-Z][ \t]){4,}[A-Z][ \t])"
)
# "1.4 (b) and (d)", "1.4(B/D)", "1.4 b & d", "1.4 (b)(d)", "1.4 (b), (c), (d), and (h)"; a bare "(C)" after
# a space is the first paragraph's marking ("reasons 1.4 b, d (C) Embassy London passed…").
_CITATION = (
    r"1[ \t]?\.[ \t]?[45][ \t]*\.?[ \t]*\(?[ \t]*[a-hA-H](?![A-Za-z])(?:[ \t]*\))?"
    r"(?:[ \t]*(?:,[ \t]*(?:and|AND|or|&)?|and|AND|&|/|or)[ \t]*\(?[ \t]*[a-hA-H](?![A-Za-z])(?:[ \t]*\))?"
    r"|\([a-hA-H]\)|[ \t]+\([a-hA-H]\)(?![ \t]+[A-Z\"']))*"
)
_RUNON_REASON = re.compile(
    rf"\b(?:REASONS?|PER)\b[ \t:.]*(?:E\.O\.[ \t]*12958[ \t:,]*)?(?>{_CITATION})[ \t]*[.;]?(?P<gap>[ \t]+)(?=(?-i:[(¶*\-A-Z\"']))", re.I
)
_CITATION_END = re.compile(rf"(?>{_CITATION})[ \t]*[.;]?[ \t]*$")
_CITATION_GOES_ON = re.compile(r"^\s*(?:(?i:and|or)\b|[&,]|\(?\s*[a-hA-H]\s*\)|[a-h]\b)")
_BODY_MARKED = re.compile(rf"^\s*(?:¶\s*)?(?:\d{{1,2}}\s*\.\s*)?\({_MARK_WORD}\)\s*[A-Z\"']")
_LINE_END_BACKSLASH = re.compile(r"[ \t]*\\[ \t]*$", re.M)
_MARKING_PREFIX = re.compile(r"^\s*\((?:TS|S|C|U|SBU|LOU)(?:\s*/+\s*[A-Z]+)*\)\s*", re.I)
_NUMBERED = re.compile(r"^\s*(?:¶\s*)?\d{1,3}\s*\.(?:\s|\(|$)")
_PILCROW = re.compile(r"^\s*¶")
_SECTION = re.compile(r"\bSECTION\s+\d{1,2}\s+OF\s+\d{1,2}\b", re.I)
# Station words and serial after the level: "LIMA 001661", "75 LIBREVILLE 1895", "BUENOS AIRES 2481".
# A tail glued to the serial by a lost line break ("ANKARA 008305S/CT FOR REAP") or a line-end backslash.
_STATION_SERIAL = re.compile(
    r"^\s*(?:(\d{2})\s+)?([A-Za-z][A-Za-z .'\-]*?[A-Za-z])\s*0*(\d{1,7})(?:\s*\\?\s*$|(?=[A-Z]))"
)
_EXPORT_ID = re.compile(r"(?:^|[\s,|])((?:19[6-9]\d|20[01]\d)?\d{2}[A-Z]{3,}\d{1,7})(?=[\s,|]|$)")
_LOG_BLOCK = re.compile(r"^\s*(?:ACTION|INFO|ORIGIN)\s+[A-Z]+-\d\d\b")
_EMAIL_WRAPPER = re.compile(r"^[ \t]*Captions:[^\n]*\n(?:[^\n]*\n){0,12}?[ \t]*_{20,}[ \t]*\n", re.M)
_WRAPPER_WINDOW = 4000  # how far into the text the wrapper's rule line may be
_HANDLING_WORDS = re.compile(
    r"^(?:SIPDIS|NOFORN|SENSITIVE(?:\s+BUT\s+UNCLASSIFIED)?|SBU|EXDIS|NODIS|LIMDIS|STADIS|CHEROKEE|"
    r"NOT\s+FOR\s+(?:INTERNET\s+)?DISTRIBUTION|FOR\s+OFFICIAL\s+USE\s+ONLY|PROPIN|ORCON|REL\s+TO\b.*|[\s.,;]+)+$", re.I
)
_TELEGRAM_DATE = re.compile(r"^\s*TELEGRAM\s+([A-Z][a-z]+)\s+(\d{1,2}),\s*((?:19|20)\d\d)\s*$")
_WRAPPER_FROM = re.compile(r"^\s*From:\s+(.+?)\s*\(\s*([A-Z][A-Z .'\-]*?[A-Z])\s+0*(\d{1,7})\b[^)]*\)\s*$")
_BARE_LEVEL = re.compile(r"^\s*(UNCLASSIFIED|CONFIDENTIAL|SECRET)\s*$")
_TRANSMISSION_PREC = re.compile(r"^\s*([ZOPRM]{2}|[ZOPRM])\s+[A-Z]{4,8}(?:\s+[A-Z]{4,8})*\s*$")

@dataclass
class _Header:
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
class _Fields:
    """The header fields of the body part (classification line to Classified By)."""

    classification: Classification | None = None
    class_station: str | None = None
    class_year: str | None = None
    serial: str | None = None
    eo: str | None = None
    declassify_on: date | None = None
    declassify_text: str | None = None
    tags: str = ""
    subject: str = ""
    refs: str = ""
    classified_by: str = ""
    body_start: int = 0
    first_label: int | None = None  # line index of the first E.O./TAGS/SUBJECT/REF label
    class_index: int | None = None  # line index of the classification line


def _year4(yy: str) -> int:
    y = int(yy)
    if y >= 100:
        return y
    return 1900 + y if y > 30 else 2000 + y


def _safe_datetime(year: int, month: int, day: int, hh: int = 0, mm: int = 0) -> datetime | None:
    try:
        return datetime(year, month, day, hh, mm)
    except ValueError:
        return None


def _julian(year: int, julian: int, hhmm: str) -> datetime | None:
    try:
        start = date(year, 1, 1).toordinal() + julian - 1
        d = date.fromordinal(start)
        return datetime(d.year, d.month, d.day, int(hhmm[:2]), int(hhmm[2:]))
    except ValueError:
        return None


def _month_number(word: str) -> int | None:
    return MONTHS.get(word[:3].upper())


def _addressee(text: str, precedence_default: str | None = None) -> list[Addressee]:
    """One TO/INFO line -> addressees ("RUEHC/SECSTATE WASHDC IMMEDIATE 0126")."""
    from corpus.stations import station_for_routing
    from corpus.ids import canonical_station

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
        precedence = tail.group(1).replace("PIORITY", "PRIORITY")
        precedence = re.sub(r"\s+", " ", precedence)
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
        station = None
        if routing and i == 0:
            station = station_for_routing(routing)
        if station is None:
            station = canonical_station(name)
        out.append(
            Addressee(name=name, routing=routing if i == 0 else None, precedence=precedence, station=station)
        )
    return out


def _scan_routing(lines: list[str]) -> tuple[_Header, int]:
    """Read the routing part of the header; return it and the index of the first line after it."""
    head = _Header()
    mode = None  # "to" | "info" | "log"
    i = 0
    seen_fm = False
    for i, raw in enumerate(lines):
        line = raw.strip()
        if not line:
            if seen_fm and mode in ("to", "info") and (head.to or head.info):
                # a blank line closes the address list unless a routed line follows at once
                nxt = next((l.strip() for l in lines[i + 1 : i + 3] if l.strip()), "")
                if not _ROUTE.match(nxt):
                    return head, i + 1
            continue
        if _BT.match(line):
            return head, i + 1
        if (parse_classification(line) and (seen_fm or _line_has_serial(line)) and not _ROUTE.match(line)
                and not _routing_follows(lines, i)):
            return head, i
        if TAGS_LABEL.match(line) or (_EO.match(line) and "12" in line) or (seen_fm and _SUBJECT.match(line)):
            return head, i
        if re.match(r"^\s*(?:SUBJECT|SUBJ)\s*:", line):  # upper case: not an e-mail wrapper's "Subject:"
            return head, i
        m = _VZCZC.match(line)
        if m and head.transmission_id is None:
            head.transmission_id = m.group(1)
            continue
        m = _DE.match(line)
        if m:
            head.routing, head.de_serial = m.group(1), m.group(2)
            head.de_julian, head.de_hhmm = int(m.group(3)), m.group(4)
            continue
        m = _ZNY.match(line)
        if m:
            head.zny = _ZNY_LEVELS[m.group(1)]
            continue
        if not seen_fm:
            m = _DTG.match(line)
            if m and head.dtg is None and _month_number(m.group("mon")) and not _looks_like_page(line):
                _take_dtg(head, m)
                mode = None
                continue
            m = _DTG_MONTH.match(line)
            if m and head.dtg is None and _month_number(m.group("mon")):
                head.dtg_year = _year4(m.group("yy"))
                _take_precedence(head, m)
                continue
        m = _FM.match(line)
        if m and not seen_fm:
            head.sender = m.group(1)
            seen_fm = True
            mode = None
            continue
        if not seen_fm:
            _take_fallback(head, line)
            continue
        m = _TO.match(line)
        if m and mode in (None, "to"):
            mode = "to"
            head.to.extend(_addressee(m.group(1)))
            continue
        m = _INFO.match(line)
        if m:
            mode = "info"
            head.info.extend(_addressee(m.group(1)))
            continue
        m = _XMT.match(line)
        if m:
            mode = "xmt"
            head.excluded.append(m.group(1))
            continue
        if mode == "to":
            head.to.extend(_addressee(line))
        elif mode == "info":
            head.info.extend(_addressee(line))
        elif mode == "xmt":
            head.excluded.append(line)
    return head, len(lines)


def _routing_follows(lines: list[str], i: int) -> bool:
    """A routing header (VZCZC…, DE RUEH…) comes within the next lines, before any TAGS or SUBJECT:
    the classification line at ``i`` belongs to an e-mail wrapper's copy, not to the cable's body."""
    for line in lines[i + 1 : i + 30]:
        if TAGS_LABEL.match(line) or _SUBJECT.match(line):
            return False
        if _VZCZC.match(line) or _DE.match(line):
            return True
    return False


def _looks_like_page(line: str) -> bool:
    return bool(re.match(r"^\s*-{4,}|^\s*PAGE\s", line))


def _line_has_serial(line: str) -> bool:
    return bool(re.search(r"\b\d{3,7}\s*$", line))


def _take_precedence(head: _Header, m: re.Match[str]) -> None:
    if m.group("prec"):
        head.precedence = PRECEDENCES.get(m.group("prec").upper())
    if m.group("info"):
        head.info_precedence = PRECEDENCES.get(m.group("info").upper())


def _take_dtg(head: _Header, m: re.Match[str]) -> None:
    month = _month_number(m.group("mon"))
    year = _year4(m.group("yy"))
    head.dtg_year = year
    head.dtg = _safe_datetime(year, month or 1, int(m.group("day")), int(m.group("hh")), int(m.group("mm")))
    _take_precedence(head, m)


def _take_wrapper(head: _Header, line: str) -> bool:
    """The State e-mail wrapper's own cable lines: "TELEGRAM   June 03, 2003" (the cable's date, not the
    wrapper's "03/21/2007 05:47:09 PM"), "From: AMEMBASSY ABU DHABI (ABU DHABI 2641 - UNKNOWN)",
    a bare "CONFIDENTIAL" (03ABUDHABI2641)."""
    m = _TELEGRAM_DATE.match(line)
    if m and _month_number(m.group(1)):
        head.fallback_date = _safe_datetime(int(m.group(3)), _month_number(m.group(1)) or 1, int(m.group(2)))
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


def _take_fallback(head: _Header, line: str) -> None:
    """Dates and ids of the export rows some pages carry before the cable ("2007-02-05 17:15:00\t07BERN113…")."""
    if _take_wrapper(head, line):
        return
    if head.fallback_date is None:
        for pattern, order in ((_LONG_DATE, "dMy"), (_DOT_DATE, "mdy"), (_US_DATE, "mdy"), (_ISO_DATE, "ymd")):
            m = pattern.search(line)
            if not m:
                continue
            g = m.groups()
            if order == "dMy":
                month = _month_number(g[1])
                when = _safe_datetime(int(g[2]), month or 0, int(g[0]), int(g[3]), int(g[4])) if month else None
            elif order == "mdy":
                when = _safe_datetime(int(g[2]), int(g[0]), int(g[1]), int(g[3]), int(g[4]))
            else:
                when = _safe_datetime(int(g[0]), int(g[1]), int(g[2]), int(g[3] or 0), int(g[4] or 0))
            if when:
                head.fallback_date = when
                break
    if head.export_id is None:
        m = _EXPORT_ID.search(line)
        if m:
            head.export_id = m.group(1)


def _parse_decl(text: str) -> tuple[date | None, str | None]:
    text = text.strip().rstrip(".")
    m = _DECL_YMD.match(text)
    if m:
        try:
            return date(int(m.group(1)), int(m.group(2)), int(m.group(3))), None
        except ValueError:
            return None, text
    m = _DECL_MDY.match(text)
    if m:
        try:
            return date(_year4(m.group(3)), int(m.group(1)), int(m.group(2))), None
        except ValueError:
            return None, text
    return None, text or None


def _class_line(line: str) -> tuple[Classification | None, str | None, str | None, str | None]:
    """The classification line -> (classification, station words, year, serial)."""
    klass, rest = split_classification(line)
    if klass is None:
        return None, None, None, None
    rest = re.sub(r"^\s*//?\s*[A-Z ]*?(?:NOFORN|FOUO|FOR OFFICIAL USE ONLY)\b", "", rest)
    rest = re.sub(r"^\s*(?:SENSITIVE(?:\s+BUT\s+UNCLASSIFIED)?|E\s?F\s?T\s?O|SBU)\b", "", rest, flags=re.I)
    rest = _SECTION.sub("", rest)
    m = _STATION_SERIAL.match(rest)
    if not m or m.group(2).upper().startswith("VZCZC"):
        # "SECRET\t\tVZCZCXRO2956": an export row's level before a repeated routing header
        return klass, None, None, None
    return klass, m.group(2).upper(), m.group(1), m.group(3)


def _scan_fields(lines: list[str], start: int) -> _Fields:
    """Read classification line, E.O., TAGS, SUBJECT, REF and Classified By; find where the body starts."""
    f = _Fields()
    current: str | None = None  # field being continued
    seen_label = False
    i = start
    limit = min(len(lines), start + 120)
    while i < limit:
        line = lines[i].strip()
        if line and (f.classification is None and not seen_label or f.serial is None):
            # a bare "CONFIDENTIAL" (an export row) or an e-mail copy's TAGS/SUBJECT may come before
            # the cable's own classification line with its station and serial (06MEXICO4310)
            klass, station, year, serial = _class_line(line)
            if klass and (f.classification is None or serial):
                if f.classification is not None:
                    f.first_label = None  # the passing lines are the ones after this line
                f.classification, f.class_station, f.class_year, f.serial = klass, station, year, serial
                f.class_index = i
                current = None
                i += 1
                continue
        if not line:
            if current == "refs" and _next_is_ref_item(lines, i):
                i += 1
                continue
            if current == "classified_by" and not f.classified_by.strip():
                i += 1
                continue
            current = None
            i += 1
            continue
        if _NUMBERED.match(line) and not (current == "refs" and re.match(r"^\s*¶?\s*[A-Z]\.", line)):
            m = _CLASSIFIED_BY.match(line)
            if m and not f.classified_by:
                f.classified_by = m.group(1)
            f.body_start = i
            return f
        label = _label(line)
        if label:
            seen_label = True
            if f.first_label is None:
                f.first_label = i
            name, value = label
            if name == "eo":
                _take_eo(f, value)
                current = "eo"
            elif name == "tags":
                if not f.tags:
                    f.tags = value
                current = "tags" if not f.tags or f.tags == value else None
            elif name == "subject":
                if not f.subject:
                    f.subject = value
                    current = "subject"
                else:
                    current = None
            elif name == "refs":
                if not f.refs:
                    f.refs = value or " "
                    current = "refs"
                else:
                    current = "skip"
            elif name == "classified_by":
                if not f.classified_by:
                    f.classified_by = value
                current = "classified_by"
            i += 1
            continue
        if current == "tags":
            f.tags += " " + line
        elif current == "subject" and _SUBJECT_STOP.search(line):
            current = None  # page furniture or the body's first words: not the subject
            if _BODY_AFTER_SUBJECT.match(line):
                continue  # the same line again, as the start of the body
        elif current == "subject":
            f.subject += " " + line
        elif current == "refs":
            f.refs += "\n" + line
        elif current == "classified_by" and _CITATION_END.search(f.classified_by) and _class_line(line)[3]:
            # "S E C R E T SECTION 01 OF 02 BAKU 000020 NOFORN SIPDIS … TAGS: …": the header block
            # repeated after the reasons; its labels are read again, its other lines skipped
            current = "skip"
        elif current == "classified_by" and (
            (_BODY_MARKED.match(line) and re.search(r"\d\.\s?\d", f.classified_by))
            or (_CITATION_END.search(f.classified_by) and not _CITATION_GOES_ON.match(line))
        ):
            # The reasons are complete: "(C) Pol/Econ Chief delivered…", "This message was coordinated
            # with…", "------- Summary -------" open an unnumbered body.
            f.body_start = i
            return f
        elif current == "classified_by" and not _CLASSIFIED_BY.match(line):
            f.classified_by += " " + line
            if re.search(r"\(\w\)\s*\.?$|\d\.\d\s*\(?\w\)?\.?$", line):
                current = None
        elif current in ("eo", "skip"):
            pass
        elif f.subject or f.refs or f.classified_by:
            f.body_start = i
            return f
        i += 1
    f.body_start = i if (f.subject or f.tags) else start
    return f


def _next_is_ref_item(lines: list[str], i: int) -> bool:
    nxt = next((l.strip() for l in lines[i + 1 : i + 3] if l.strip()), "")
    return bool(re.match(r"^¶?\s*(?:\(?[A-H]\)|[A-H][.:)]\s|\[[A-H]\])", nxt))


def _label(line: str) -> tuple[str, str] | None:
    m = _EO.match(line)
    if m and (m.group(1) or "DECL" in line.upper() or "N/A" in line.upper()):
        return "eo", line
    m = TAGS_LABEL.match(line)
    if m:
        return "tags", line[m.end():].strip()
    m = _SUBJECT.match(line)
    if m:
        return "subject", m.group(1)
    if _SUBJECT_BARE.match(line):
        return "subject", ""
    m = REF_LABEL.match(line)
    if m:
        return "refs", line[m.end():].strip()
    m = _CLASSIFIED_BY.match(line)
    if m and not _NUMBERED.match(line):
        return "classified_by", m.group(1)
    return None


def _take_eo(f: _Fields, line: str) -> None:
    m = _EO.match(line)
    if not m:
        return
    f.eo = f.eo or m.group(1)
    rest = m.group(2)
    decl = _DECL.search(rest)
    if decl:
        f.declassify_on, f.declassify_text = _parse_decl(decl.group(1))
    elif rest.strip():
        f.declassify_text = rest.strip().rstrip(".") or None


def _split_run_ons(lines: list[str]) -> list[str]:
    """Split lines where a label runs on after other text ("…REFORM REF: TRIPOLI 126", "…CAIROClassified By:")."""
    out: list[str] = []
    in_header, seen_subject = True, False
    for line in lines:
        glued = _GLUED_PREFIX.match(line)
        if glued:
            out.append(glued.group(1))
            line = line[glued.end() :]
        if _FUSED_HEADER.search(line) and (_HANDLING_START.match(line) or parse_classification(line)):
            out.extend(part for part in _FUSED_LABEL.split(line) if part.strip())
            continue
        parts = _CLASSIFIED_BY_INLINE.split(line) if "lassified" in line or "LASSIFIED" in line else [line]
        if in_header:
            parts = [piece for part in parts for piece in _RUNON_LABEL.split(part)]
        for part in parts:
            pieces = [part]
            if in_header and (seen_subject or _SUBJECT.match(part)):
                pieces = _split_header_run_on(part)
            for piece in pieces:
                if _SUBJECT.match(piece):
                    seen_subject = True
                elif seen_subject and (_NUMBERED.match(piece) or _BODY_MARKED.match(piece)):
                    in_header = False  # the body has begun: its text is left alone
            out.extend(pieces)
    return out


def _split_header_run_on(line: str) -> list[str]:
    """One header line cut where a REF label, a marked paragraph or the text after the reasons begins."""
    pieces: list[str] = []
    while True:
        cuts = []
        ref = _RUNON_REF.search(line)
        if ref and not REF_LABEL.fullmatch(line[: ref.start()].strip()):  # not "REF: REF:"
            cuts.append((ref.start(), ref.end()))
        para = _RUNON_PARA.search(line)
        if para:
            cuts.append((para.start(), para.end()))
        reason = _RUNON_REASON.search(line)
        if reason:
            cuts.append((reason.start("gap"), reason.end()))
        tail = _RUNON_SUBJECT_TAIL.search(line)
        if tail and (_SUBJECT.match(line) or tail.group(0) == ""):
            cuts.append((tail.start(), tail.end()))
        if not cuts:
            pieces.append(line)
            return pieces
        start, end = min(cuts)
        pieces.append(line[:start])
        line = line[end:]


def _classified_by_and_reasons(text: str) -> tuple[str | None, str | None]:
    text = re.sub(r"\s+", " ", text).strip()
    if not text:
        return None, None
    reasons = None
    m = _REASON.search(text)
    if m:
        reasons = m.group(1).strip().rstrip(".").strip() or None
        text = text[: m.start()].strip()
        if reasons:
            # "1.4(B), (D)" -> "1.4(b), (d)": the letters are the categories, lower case by convention
            reasons = re.sub(r"\(([A-Ha-h])\)", lambda g: f"({g.group(1).lower()})", reasons)
            reasons = re.sub(r"(?<=[(,\s/])([A-H])(?=[),\s/]|$)", lambda g: g.group(1).lower(), reasons)
    text = re.sub(r"^(?:Classified\s+by\s*:?\s*)", "", text, flags=re.I)
    # "McKinley P. Michael, Ambassador, State, Ambassador Peru" -> name and title only
    parts = [p.strip() for p in text.split(",") if p.strip()]
    who = ", ".join(parts[:2]) if parts else None
    who = re.sub(r"\s+for$", "", who or "", flags=re.I).strip(" .;,") or None
    return who, reasons


def _clean_subject(subject: str) -> str:
    subject = re.sub(r"\s+", " ", subject).strip()
    subject = _MARKING_PREFIX.sub("", subject)
    return subject.strip()


def _not_a_cable(text: str) -> str | None:
    stripped = text.strip()
    if not stripped or stripped.lower() == "null":
        return "empty text (no cable)"
    if "<html" in stripped[:500].lower():
        return "HTML, not cable text"
    return None


def parse_cable_text(text: str, *, source: str = "", default_date: datetime | None = None) -> Cable:
    """Parse a cable's plain text (with or without its routing header) into a Cable.

    Raises ParseError(source, reason) when the text is not a cable at all.  The id is ""
    when the text does not allow one (no station or serial anywhere); callers that know
    the id from elsewhere (a WikiLeaks page's metadata) fill it in.  ``default_date`` (a
    page's "Created" date) stands in when the text states no date: partial extracts have
    none, and without a year "REF: STATE 02743" names no cable.
    """
    reason = _not_a_cable(text)
    if reason:
        raise ParseError(source or "<text>", reason)
    try:
        return _parse(text, source, default_date)
    except ParseError:
        raise
    except Exception as exc:  # a bug or an oddity must not escape a batch as anything else
        raise ParseError(source or "<text>", f"cannot parse cable text ({type(exc).__name__}: {exc})") from exc


def _full_id_for(cid: str, header: str, de_serial: str) -> str | None:
    """An id in the header with the same year and station whose serial ends in the DE serial."""
    from corpus.ids import canonical_id, split_id

    mine = split_id(cid)
    if not mine:
        return None
    for m in _EXPORT_ID.finditer(header):
        other = canonical_id(m.group(1))
        parts = split_id(other) if other else None
        if parts and parts[:2] == mine[:2] and parts[2] != mine[2] and str(parts[2]).endswith(de_serial.zfill(4)):
            return other
    return None


def _parse(text: str, source: str, default_date: datetime | None = None) -> Cable:
    from corpus.ids import make_id
    from corpus.stations import parse_sender, station_country, station_for_routing

    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\xa0", " ")
    if text.count("\\\n") > 3:
        # some exports end every line with a backslash ("Ambassador William B. Wood; reasons 1.4 \\")
        text = _LINE_END_BACKSLASH.sub("", text)
    wrapper = _EMAIL_WRAPPER.search(text[:_WRAPPER_WINDOW])
    if wrapper and text[wrapper.end():].strip():
        # the State e-mail wrapper's own fields (a "Subject:", "TAGS:", the reader's PM time) come
        # before a rule line; the cable follows it, routing header and all (03ABUDHABI2641)
        text = text[wrapper.end():]
    lines = _split_run_ons(text.split("\n"))
    partial = bool(_PARTIAL.search(text[:2000]))
    head, after = _scan_routing(lines)
    fields = _scan_fields(lines, after)
    if fields.classification is None and not (fields.subject or fields.tags or head.sender or head.dtg):
        raise ParseError(source or "<text>", "no classification line, routing header, TAGS or SUBJECT: not a cable")

    station = origin = None
    if head.sender:
        station, origin = parse_sender(head.sender)
    if station is None and fields.class_station:
        station, origin = parse_sender(fields.class_station)
    if station is None and head.routing:
        station = station_for_routing(head.routing)
        if station:
            origin = parse_sender(station)[1]
    if origin is None and station:
        from corpus.stations import origin_name

        origin = origin_name(station)

    created = head.dtg
    year = head.dtg_year
    if created is None and year and head.de_julian:
        created = _julian(year, head.de_julian, head.de_hhmm or "0000")
    if created is None:
        created = head.fallback_date or default_date
    if year is None and fields.class_year:
        year = _year4(fields.class_year)
    if year is None and created is not None:
        year = created.year

    if fields.serial is None and head.wrapper_serial:
        fields.class_station, fields.serial = head.wrapper_station, head.wrapper_serial
    class_serial = fields.serial
    de_serial = (head.de_serial or "").lstrip("0")
    if class_serial and len(de_serial) > len(class_serial) and de_serial.startswith(class_serial):
        # the class line lost its last digit ("BUENOS AIRES 00167SIPDIS", DE "#1673")
        fields.serial = de_serial
    cid = None
    if year and fields.serial and fields.class_station:
        # station and serial of the classification line belong together; a page can pair
        # one cable's routing header with another's body (09BANGKOK706 carries TAIPEI 000320)
        cid = make_id(year, fields.class_station, fields.serial)
    serial = fields.serial or head.de_serial
    if cid is None and year and station and serial:
        cid = make_id(year, station, serial)
    if cid is not None and not fields.serial and de_serial and len(head.de_serial or "") <= 4:
        # DE serials are sent modulo 10000 ("#0927" for STATE 030927): an export row in the
        # header may carry the full id
        cid = _full_id_for(cid, "\n".join(lines[: fields.body_start]), de_serial) or cid
    if cid is None and head.export_id:
        from corpus.ids import canonical_id

        cid = canonical_id(head.export_id)
    inferred: dict[str, str] = {}
    if cid is None or created is None:
        cid, created, inferred = _infer(cid, year, created, fields, station, serial, text)
        if year is None and created is not None:
            year = created.year

    classification = fields.classification
    if classification is None and head.zny:
        classification = Classification(level=head.zny)
    classification = classification or head.wrapper_level
    # passing instructions: between the classification line and the first header label
    passing_end = fields.first_label if fields.first_label is not None else fields.body_start
    if passing_end <= after:  # no header label found (truncated pages): the lines after the class line
        passing_end = after + 12
    passing = "\n".join(lines[after:passing_end])
    handling = find_handling("\n".join(lines[: fields.body_start]))
    if classification is not None:
        if "NOFORN" in handling and "NOFORN" not in classification.caveats:
            classification.caveats.append("NOFORN")
        if classification.level == "UNCLASSIFIED" and "SBU" not in classification.caveats:
            if _SENSITIVE.search(passing):
                classification.caveats.append("SBU")

    tags = parse_tags(fields.tags) if fields.tags else []
    countries: list[str] = []
    for tag in tags:
        if tag.kind == "country" and tag.name and tag.name not in countries:
            countries.append(tag.name)
    origin_country = station_country(station) if station else None
    if origin_country and origin_country not in countries:
        countries.append(origin_country)

    references = (
        parse_references(fields.refs.strip(), year=year, self_id=cid) if fields.refs.strip() else []
    )
    classified_by, reasons = _classified_by_and_reasons(fields.classified_by)
    subject = _clean_subject(fields.subject)

    cable = Cable(
        id=cid or "",
        title=subject,
        date=created,
        dates=[created.date()] if created else [],
        countries=countries,
        origin=origin,
        origin_country=origin_country,
        source=source,
        station=station,
        routing=head.routing,
        transmission_id=head.transmission_id,
        precedence=head.precedence,
        info_precedence=head.info_precedence,
        to=head.to,
        info=head.info,
        classification=classification,
        handling=handling,
        eo=fields.eo,
        declassify_on=fields.declassify_on,
        declassify_text=fields.declassify_text,
        tags=tags,
        subject=subject,
        references=references,
        classified_by=classified_by,
        reasons=reasons,
        partial=partial,
    )
    cable.metadata.update(inferred)
    start = fields.class_index + 1 if fields.class_index is not None else after
    instructions = _passing_instructions("\n".join(lines[start:passing_end]))
    if instructions:
        cable.metadata["passing"] = instructions
    if head.excluded:
        cable.metadata["excluded"] = "; ".join(head.excluded)
    _add_body(cable, "\n".join(lines[fields.body_start :]))
    if classification is not None and "NOFORN" not in classification.caveats:
        # "(S//NF)" / "(C/NF)" paragraph markings are the text's own NOFORN even when the header
        # has no NOFORN line; say where it came from (the site's metadata only follows the header)
        if any(p.marking and "NF" in p.marking.split("//")[1:] for p in cable.paragraphs):
            classification.caveats.append("NOFORN")
            cable.metadata["noforn_from"] = "paragraph markings"
    return cable


def _passing_instructions(passing: str) -> str:
    """The lines between the classification line and E.O. that are not handling words:
    "STATE FOR G/TIP LBROWN, WHA/PPC MPUCCETTI" (06SANTIAGO439), "NSC FOR CBARTON", "PASS TO USTR"."""
    kept = []
    for line in passing.split("\n"):
        line = line.strip()
        if not line or _HANDLING_WORDS.match(line) or parse_classification(line) or _label(line):
            continue
        kept.append(line)
    return "; ".join(kept)


def _infer(
    cid: str | None,
    year: int | None,
    created: datetime | None,
    fields: _Fields,
    station: str | None,
    serial: str | None,
    text: str,
) -> tuple[str | None, datetime | None, dict[str, str]]:
    """Id and date where the text states no year or no date (corpus.inference); how, in metadata.

    Without a year the id is left "" and ``metadata["provisional_id"]`` proposes one: the
    reader uses it when the file name is no id either.
    """
    from corpus.ids import cablegate_month, canonical_station, make_id
    from corpus.inference import infer_year, provisional_id

    station = canonical_station(fields.class_station or "") or station
    if cid is not None:  # the year is known, the date is not: the Cablegate month, if any
        month = cablegate_month(cid)
        if month is None:
            return cid, created, {}
        when = datetime(int(month[:4]), int(month[5:]), 1)
        return cid, when, {"inferred": f"date: Cablegate id list, {month}", "date_precision": "month"}
    cited = [i for r in parse_references(fields.refs.strip(), year=None) for i in r.ids] if fields.refs.strip() else []
    found = None if year else infer_year(station, serial, fields.declassify_on, fields.eo, text, cited)
    if found is None:
        why = "no station or serial" if year else "year unknown"
        return None, created, {"provisional_id": provisional_id(station, serial, text), "inferred": f"none: {why}"}
    meta = {"inferred": f"year: {found.how}"}
    if created is None and found.date is not None:
        created = found.date
        meta["date_precision"] = found.precision
    cid = make_id(found.year, station, serial) if station and serial else None
    if cid is None:
        meta["provisional_id"] = provisional_id(station, serial, text)
    return cid, created, meta


def _add_body(cable: Cable, body_text: str) -> None:
    from corpus.cable_body import parse_body

    body = parse_body(body_text)
    cable.paragraphs = body.paragraphs
    cable.summary = body.summary
    cable.signer = body.signer

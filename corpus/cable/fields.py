"""The header fields of a cable's text: classification line, E.O., TAGS, SUBJECT, REF, Classified By.

:func:`scan_fields` reads them from the line after the routing header up to where the body
starts.  Each field label is a named rule in :data:`LABELS` (its regex beside the function that
reads it); a label's value may run over the next lines, and each field's continuation rule is
in :data:`CONTINUATIONS`.  The scan's state is one :class:`FieldScan`.  For example::

    C O N F I D E N T I A L LIMA 001661          -> classification, "LIMA", serial "001661"
    E.O. 12958: DECL: 11/17/2019                 -> eo "12958", declassify_on 2019-11-17
    TAGS: PGOV PREL KDEM PE                      -> tags
    SUBJECT: PERU: GARCIA ... (two lines)        -> subject
    REF: A. LIMA 1540 B. STATE 115433            -> refs
    Classified By: Ambassador P. Michael McKinley for reasons 1.4 (b) and (d)
    1. (C) Summary: ...                          -> body_start (a numbered paragraph)

Nothing is read beyond :data:`FIELDS_WINDOW` lines after the routing header.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from corpus.cable.common import next_nonblank, year4
from corpus.classification import parse_classification, split_classification
from corpus.records import Classification
from corpus.refs import REF_LABEL
from corpus.tags import TAGS_LABEL

FIELDS_WINDOW = 120  # lines after the routing header in which the header fields must start and end

EO = re.compile(r"^\s*E\.?\s?[O0]\.?\s*(1\d{3,4})?\s*[:.,;]?\s*(.*)$", re.I)
_DECL = re.compile(r"DECL(?:ASSIFY)?\s*(?:ON)?\s*[:.]?\s*(.*)$", re.I)
_DECL_YMD = re.compile(r"^\s*((?:19|20)\d\d)[/-](\d{1,2})[/-](\d{1,2})\b")
_DECL_MDY = re.compile(r"^\s*(\d{1,2})[/-](\d{1,2})[/-](\d{4}|\d{2})\b")
SUBJECT = re.compile(r"^\s*(?:SUBJECT|SUBJ|UBJECT)\s*[:.]?\s*(?=\S)(.*)$", re.I)
# What ends a subject running over several lines: a body page marker ("PRETORIA 00000954 001.2 OF 004"),
# an old page header, a rule line, a repeated classification line, "This is an action request".
_SUBJECT_STOP = re.compile(
    r"^\s*(?:[A-Z][A-Z .'\-]*\s0*\d{1,7}\s+\d{3}(?:\.\d)?\s+OF\s+\d{3}\s*$"
    r"|PAGE\s+\d{2,3}\s"
    r"|[-=_~*]{3,}(?:\s|$)"
    r"|(?:[A-Z][ \t]){4,}[A-Z][ \t]"  # a spaced-out classification line, whatever follows it
    r"|(?:(?:[A-Z]\s){4,}[A-Z]|UNCLAS(?:SIFIED)?|CONFIDENTIAL|SECRET)\b(?:\s+SECTION\s+\d+\s+OF\s+\d+)?\s+[A-Z][A-Z .]*\s\d{3,7}\s*$"  # noqa: E501
    r"|(?i:this\s+is\s+an\s+action\s+(?:request|message|cable))"
    r"|(?i:(?:entire\s+text\s+)?sensitive\s+but\s+unclassified)\b"
    r"|\d+\t\d{1,2}/\d{1,2}/\d{4}\s)"  # an export row: "46151\t11/28/2005 7:02\t05DUSHANBE1870"
)
# Of those, the ones that open the body: "This is an action request", "--------- 1.  Ambassador visited…"
_BODY_AFTER_SUBJECT = re.compile(r"^\s*(?:(?i:this\s+is\s+an\s+action)|[-=_~*]{3,}\s+\S)")
_SUBJECT_BARE = re.compile(r"^\s*(?:SUBJECT|SUBJ)\s*[:.]?\s*$", re.I)
# "Classified By:", "1. (C) Classified by …", "(U) Classified by Ambassador …" (its own marking).
CLASSIFIED_BY = re.compile(r"^\s*(?:\d{1,2}\.\s*)?(?:\(\w+\)\s*)?CLASSIFIED\s+BY\b\s*[:.]?\s*(.*)$", re.I)
# "for reaso ns 1.4 b and d", "R EASONS: 1.4(B/D)": export wrapping cut the word and joined it with a space.
_REASON = re.compile(r"[,;.]?\s*(?:FOR\s+)?\bR ?E ?A ?S ?O ?N ?S?\b\s*[:.]?\s*(.*)$", re.I)
MARK_WORD = r"(?i:U|C|S|SBU|TS|LOU|[CSU]\s*/{1,2}\s*(?:NF|NOFORN|FOUO|REL\b[^)]{0,40}))"
# "1.4 (b) and (d)", "1.4(B/D)", "1.4 b & d", "1.4 (b)(d)", "1.4 (b), (c), (d), and (h)"; a bare "(C)" after
# a space is the first paragraph's marking ("reasons 1.4 b, d (C) Embassy London passed…").
CITATION = (
    r"1[ \t]?\.[ \t]?[45][ \t]*\.?[ \t]*\(?[ \t]*[a-hA-H](?![A-Za-z])(?:[ \t]*\))?"
    r"(?:[ \t]*(?:,[ \t]*(?:and|AND|or|&)?|and|AND|&|/|or)[ \t]*\(?[ \t]*[a-hA-H](?![A-Za-z])(?:[ \t]*\))?"
    r"|\([a-hA-H]\)|[ \t]+\([a-hA-H]\)(?![ \t]+[A-Z\"']))*"
)
_CITATION_END = re.compile(rf"(?>{CITATION})[ \t]*[.;]?[ \t]*$")
_CITATION_GOES_ON = re.compile(r"^\s*(?:(?i:and|or)\b|[&,]|\(?\s*[a-hA-H]\s*\)|[a-h]\b)")
_HAS_CITATION_NUMBER = re.compile(r"\d\.\s?\d")  # "1.4", "1. 5" in the reasons so far
_REASONS_CLOSED = re.compile(r"\(\w\)\s*\.?$|\d\.\d\s*\(?\w\)?\.?$")  # a line that ends the reasons
BODY_MARKED = re.compile(rf"^\s*(?:¶\s*)?(?:\d{{1,2}}\s*\.\s*)?\({MARK_WORD}\)\s*[A-Z\"']")
_MARKING_PREFIX = re.compile(r"^\s*\((?:TS|S|C|U|SBU|LOU)(?:\s*/+\s*[A-Z]+)*\)\s*", re.I)
NUMBERED = re.compile(r"^\s*(?:¶\s*)?\d{1,3}\s*\.(?:\s|\(|$)")
_LETTERED = re.compile(r"^\s*¶?\s*[A-Z]\.")  # "B. STATE 115433": a lettered reference, not a paragraph
_REF_ITEM = re.compile(r"^¶?\s*(?:\(?[A-H]\)|[A-H][.:)]\s|\[[A-H]\])")
_SECTION = re.compile(r"\bSECTION\s+\d{1,2}\s+OF\s+\d{1,2}\b", re.I)
_LEVEL_CAVEAT = re.compile(r"^\s*//?\s*[A-Z ]*?(?:NOFORN|FOUO|FOR OFFICIAL USE ONLY)\b")
_LEVEL_SBU = re.compile(r"^\s*(?:SENSITIVE(?:\s+BUT\s+UNCLASSIFIED)?|E\s?F\s?T\s?O|SBU)\b", re.I)
# Station words and serial after the level: "LIMA 001661", "75 LIBREVILLE 1895", "BUENOS AIRES 2481".
# A tail glued to the serial by a lost line break ("ANKARA 008305S/CT FOR REAP") or a line-end backslash.
_STATION_SERIAL = re.compile(
    r"^\s*(?:(\d{2})\s+)?([A-Za-z][A-Za-z .'\-]*?[A-Za-z])\s*0*(\d{1,7})(?:\s*\\?\s*$|(?=[A-Z]))"
)
_HANDLING_WORDS = re.compile(
    r"^(?:SIPDIS|NOFORN|SENSITIVE(?:\s+BUT\s+UNCLASSIFIED)?|SBU|EXDIS|NODIS|LIMDIS|STADIS|CHEROKEE|"
    r"NOT\s+FOR\s+(?:INTERNET\s+)?DISTRIBUTION|FOR\s+OFFICIAL\s+USE\s+ONLY|PROPIN|ORCON|REL\s+TO\b.*|[\s.,;]+)+$", re.I
)


@dataclass
class Fields:
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


@dataclass
class FieldScan:
    """The scan's state: the fields so far, the field a line may continue, whether a label was seen."""

    lines: list[str]
    fields: Fields
    current: str | None = None  # field being continued
    seen_label: bool = False


# What a rule tells the scan: go to the next line, read this line again, or the body starts here.
NEXT, AGAIN, BODY = "next", "again", "body"


# --------------------------------------------------------------------------- labels


def _eo_label(line: str) -> str | None:
    m = EO.match(line)
    if m and (m.group(1) or "DECL" in line.upper() or "N/A" in line.upper()):
        return line
    return None


def _tags_label(line: str) -> str | None:
    m = TAGS_LABEL.match(line)
    return line[m.end():].strip() if m else None


def _subject_label(line: str) -> str | None:
    m = SUBJECT.match(line)
    return m.group(1) if m else None


def _bare_subject_label(line: str) -> str | None:
    return "" if _SUBJECT_BARE.match(line) else None


def _refs_label(line: str) -> str | None:
    m = REF_LABEL.match(line)
    return line[m.end():].strip() if m else None


def _classified_by_label(line: str) -> str | None:
    m = CLASSIFIED_BY.match(line)
    return m.group(1) if m and not NUMBERED.match(line) else None


# (field, rule): the first rule that reads a value names the line's label.
LABELS: tuple[tuple[str, Callable[[str], str | None]], ...] = (
    ("eo", _eo_label),
    ("tags", _tags_label),
    ("subject", _subject_label),
    ("subject", _bare_subject_label),
    ("refs", _refs_label),
    ("classified_by", _classified_by_label),
)


def label(line: str) -> tuple[str, str] | None:
    """The header label a line starts with and its value: ("tags", "PGOV PREL PE"), or None."""
    for name, rule in LABELS:
        value = rule(line)
        if value is not None:
            return name, value
    return None


def _take_eo(scan: FieldScan, value: str) -> None:
    f = scan.fields
    m = EO.match(value)
    if m:
        f.eo = f.eo or m.group(1)
        rest = m.group(2)
        decl = _DECL.search(rest)
        if decl:
            f.declassify_on, f.declassify_text = parse_decl(decl.group(1))
        elif rest.strip():
            f.declassify_text = rest.strip().rstrip(".") or None
    scan.current = "eo"


def _take_tags(scan: FieldScan, value: str) -> None:
    f = scan.fields
    if not f.tags:
        f.tags = value
    scan.current = "tags" if not f.tags or f.tags == value else None


def _take_subject(scan: FieldScan, value: str) -> None:
    if not scan.fields.subject:
        scan.fields.subject = value
        scan.current = "subject"
    else:
        scan.current = None


def _take_refs(scan: FieldScan, value: str) -> None:
    if not scan.fields.refs:
        scan.fields.refs = value or " "
        scan.current = "refs"
    else:
        scan.current = "skip"


def _take_classified_by(scan: FieldScan, value: str) -> None:
    if not scan.fields.classified_by:
        scan.fields.classified_by = value
    scan.current = "classified_by"


TAKE_LABEL: dict[str, Callable[[FieldScan, str], None]] = {
    "eo": _take_eo,
    "tags": _take_tags,
    "subject": _take_subject,
    "refs": _take_refs,
    "classified_by": _take_classified_by,
}


def parse_decl(text: str) -> tuple[date | None, str | None]:
    """A DECL value -> (date, None), or (None, the text) when it is no date ("X1", "25X1-HUMAN")."""
    text = text.strip().rstrip(".")
    for pattern, (y, mo, d) in ((_DECL_YMD, (1, 2, 3)), (_DECL_MDY, (3, 1, 2))):  # 2019-11-17, 11/17/2019
        m = pattern.match(text)
        if m:
            try:
                return date(year4(m.group(y)), int(m.group(mo)), int(m.group(d))), None
            except ValueError:
                return None, text
    return None, text or None


# --------------------------------------------------------------------------- continuation lines


def _more_tags(scan: FieldScan, line: str) -> str | None:
    scan.fields.tags += " " + line
    return NEXT


def _more_subject(scan: FieldScan, line: str) -> str | None:
    if _SUBJECT_STOP.search(line):
        scan.current = None  # page furniture or the body's first words: not the subject
        return AGAIN if _BODY_AFTER_SUBJECT.match(line) else NEXT  # again: as the start of the body
    scan.fields.subject += " " + line
    return NEXT


def _more_refs(scan: FieldScan, line: str) -> str | None:
    scan.fields.refs += "\n" + line
    return NEXT


def _more_classified_by(scan: FieldScan, line: str) -> str | None:
    reasons = scan.fields.classified_by
    if _CITATION_END.search(reasons) and class_line(line)[3]:
        # "S E C R E T SECTION 01 OF 02 BAKU 000020 NOFORN SIPDIS … TAGS: …": the header block
        # repeated after the reasons; its labels are read again, its other lines skipped
        scan.current = "skip"
        return NEXT
    if (BODY_MARKED.match(line) and _HAS_CITATION_NUMBER.search(reasons)) or (
        _CITATION_END.search(reasons) and not _CITATION_GOES_ON.match(line)
    ):
        # The reasons are complete: "(C) Pol/Econ Chief delivered…", "This message was coordinated
        # with…", "------- Summary -------" open an unnumbered body.
        return BODY
    if not CLASSIFIED_BY.match(line):
        scan.fields.classified_by += " " + line
        if _REASONS_CLOSED.search(line):
            scan.current = None
        return NEXT
    return None


def _skip_line(scan: FieldScan, line: str) -> str | None:
    return NEXT


# The field being continued -> what its next line does (None: the line is no part of it).
CONTINUATIONS: dict[str, Callable[[FieldScan, str], str | None]] = {
    "tags": _more_tags,
    "subject": _more_subject,
    "refs": _more_refs,
    "classified_by": _more_classified_by,
    "eo": _skip_line,
    "skip": _skip_line,
}


# --------------------------------------------------------------------------- the scan


def scan_fields(lines: list[str], start: int) -> Fields:
    """Read classification line, E.O., TAGS, SUBJECT, REF and Classified By; find where the body starts."""
    scan = FieldScan(lines, Fields())
    i = start
    limit = min(len(lines), start + FIELDS_WINDOW)
    while i < limit:
        step = _field_line(scan, i)
        if step == BODY:
            scan.fields.body_start = i
            return scan.fields
        if step == NEXT:
            i += 1
    f = scan.fields
    f.body_start = i if (f.subject or f.tags) else start
    return f


def _field_line(scan: FieldScan, i: int) -> str:
    """One line of the header fields: which rule reads it, and what the scan does next."""
    f = scan.fields
    line = scan.lines[i].strip()
    may_be_class_line = f.classification is None and not scan.seen_label or f.serial is None
    if line and may_be_class_line and _take_class_line(scan, i, line):
        return NEXT
    if not line:
        return _blank_line(scan, i)
    if NUMBERED.match(line) and not (scan.current == "refs" and _LETTERED.match(line)):
        m = CLASSIFIED_BY.match(line)
        if m and not f.classified_by:
            f.classified_by = m.group(1)
        return BODY
    found = label(line)
    if found:
        scan.seen_label = True
        if f.first_label is None:
            f.first_label = i
        TAKE_LABEL[found[0]](scan, found[1])
        return NEXT
    more = CONTINUATIONS.get(scan.current or "")
    step = more(scan, line) if more else None
    if step is not None:
        return step
    return BODY if (f.subject or f.refs or f.classified_by) else NEXT


def _take_class_line(scan: FieldScan, i: int, line: str) -> bool:
    """A classification line: a bare "CONFIDENTIAL" (an export row) or an e-mail copy's TAGS/SUBJECT
    may come before the cable's own classification line with its station and serial (06MEXICO4310)."""
    f = scan.fields
    klass, station, year, serial = class_line(line)
    if not (klass and (f.classification is None or serial)):
        return False
    if f.classification is not None:
        f.first_label = None  # the passing lines are the ones after this line
    f.classification, f.class_station, f.class_year, f.serial = klass, station, year, serial
    f.class_index = i
    scan.current = None
    return True


def _blank_line(scan: FieldScan, i: int) -> str:
    if scan.current == "refs" and _REF_ITEM.match(next_nonblank(scan.lines, i)):
        return NEXT
    if scan.current == "classified_by" and not scan.fields.classified_by.strip():
        return NEXT
    scan.current = None
    return NEXT


def class_line(line: str) -> tuple[Classification | None, str | None, str | None, str | None]:
    """The classification line -> (classification, station words, year, serial)."""
    klass, rest = split_classification(line)
    if klass is None:
        return None, None, None, None
    rest = _LEVEL_CAVEAT.sub("", rest)
    rest = _LEVEL_SBU.sub("", rest)
    rest = _SECTION.sub("", rest)
    m = _STATION_SERIAL.match(rest)
    if not m or m.group(2).upper().startswith("VZCZC"):
        # "SECRET\t\tVZCZCXRO2956": an export row's level before a repeated routing header
        return klass, None, None, None
    return klass, m.group(2).upper(), m.group(1), m.group(3)


# --------------------------------------------------------------------------- field values


def classified_by_and_reasons(text: str) -> tuple[str | None, str | None]:
    """ "McKinley P. Michael, Ambassador, State, Ambassador Peru for reasons 1.4(B), (D)"
    -> ("McKinley P. Michael, Ambassador", "1.4(b), (d)")."""
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


def clean_subject(subject: str) -> str:
    subject = re.sub(r"\s+", " ", subject).strip()
    subject = _MARKING_PREFIX.sub("", subject)
    return subject.strip()


def passing_instructions(passing: str) -> str:
    """The lines between the classification line and E.O. that are not handling words:
    "STATE FOR G/TIP LBROWN, WHA/PPC MPUCCETTI" (06SANTIAGO439), "NSC FOR CBARTON", "PASS TO USTR"."""
    kept = []
    for line in passing.split("\n"):
        line = line.strip()
        if not line or _HANDLING_WORDS.match(line) or parse_classification(line) or label(line):
            continue
        kept.append(line)
    return "; ".join(kept)

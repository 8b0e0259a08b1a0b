"""REF blocks: the cables (and other papers) a cable refers to.

"REF: A. 09 STATE 112900 B. LIMA 0046" -> one Reference per lettered item,
each with the canonical ids it names.  The year, when missing, is the citing
cable's own; other year forms are catalogued in the research notes §1.2.
"""

from __future__ import annotations

import re
from functools import cache

from corpus.ids import canonical_id, make_id, station_alternation
from corpus.records import Reference

# "REF:", "REFS:", "Refs :", "Ref(s):", "REFTEL:", "REFTELS:", "REF.", "PROGRAM REF:",
# doubled "REF: REF:" / "REF: REFERENCE:", and "REF A) …" with no colon.
REF_LABEL = re.compile(
    r"^[ \t>*_]*(?:PROGRAM[ \t]+)?"
    r"(?:(?i:ref(?:tels?|erences?|s|\(s\))?)[ \t]*[:.]"
    r"(?:[ \t]*(?i:ref(?:erences?|s)?)[ \t]*:)?"
    r"|REFS?(?=[ \t]+\(?[A-H1-9][.)][ \t]))",
    re.M,
)

# Page furniture inside a REF block (multi-page cables).
_PAGE_FURNITURE = re.compile(
    r"^[ \t]*(?:UNCLAS(?:SIFIED)?|CONFIDENTIAL|SECRET|LIMITED OFFICIAL USE|SENSITIVE)\b[^\n]*$"
    r"|\bPAGE[ \t]+\d+[ \t]+[A-Z ]+?[ \t]+\d+[ \t]+(?:\d+[ \t]+OF[ \t]+\d+[ \t]+)?\d{6}Z"
    r"|\b[A-Z]{3,}[ \t]+0{3}\d+[ \t]+\d{3}(?:\.\d)?[ \t]+OF[ \t]+\d{3}\b"
    r"|^[ \t]*SIPDIS[ \t]*$",
    re.M | re.I,
)

# Item markers: "A.", "A)", "(A)", "[A]", "A:", "A -", "A.)", "(1)", "¶B." at the start or after a blank.
_BULLET = re.compile(
    r"(?:^|(?<=\s)|(?<=¶))¶?[ \t]*"
    r"(?:\((?P<p>[A-Z]|[1-9])\)|\[(?P<b>[A-Z]|[1-9])\]|(?P<l>[A-Z]|[1-9])(?:\.\)|[.):]|[ \t]+-(?=[ \t])))"
    r"(?=\s|$)",
    re.I,
)

# Papers that are not cables.  Strong signs win even when station words appear.
_STRONG_KINDS = (
    ("email", re.compile(r"\bE-?MAILS?\b", re.I)),
    ("telcon", re.compile(r"\bTELE?CONS?\b|\bPHONE CALL\b|\bTELEPHONE\b", re.I)),
    ("message", re.compile(r"\bMSG\b|\bDTG|\b[A-Z]?\d{6}Z(?:\b|[A-Z]{3}\d)", re.I)),
    ("report", re.compile(r"\bIIR\b|\bTD-\d|\b(?:OSC|FBIS)\s+[A-Z]{3}\d", re.I)),
)
_WEAK_KINDS = (
    ("report", re.compile(r"\bREPORTS?\b|\bFAM\b|\bDAILY\b", re.I)),
    ("telcon", re.compile(r"\bMEMCON\b|\bCONVERSATION\b", re.I)),
)


@cache
def _station_mention() -> re.Pattern[str]:
    return re.compile(rf"(?<![A-Za-z])(?P<st>{station_alternation()})(?![A-Za-z])", re.I)


# Year written before the station: "09 ", "2009 ", "'08 ", "(99) ", "094 ", "O4 ", "10-".
_YEAR_BEFORE = re.compile(r"(?:(?<![\d/])(?:(?:19|20)(?P<y4>\d\d)|0?(?P<y2>\d\d)|[O](?P<yo>\d))|'(?P<ya>\d\d)|\((?P<yp>\d\d)\))[ \t\-]*$")  # noqa: E501
# Serial right after the station, possibly with a year: "STATE (01) 201265", "TEL 1234".
_SERIAL = re.compile(r"^[ \t,:\-]*(?:CABLES?[ \t]+|TELS?[ \t]+|NO\.?[ \t]*)?(?:\((?P<yp>\d\d)\)[ \t]*)?(?P<ser>\d{1,7})(?!\d)(?!/\d{1,2}/\d)")  # noqa: E501
# Year written after a serial: "4525-91", "00789/08", "07718 99", "701 (08)".
_YEAR_AFTER = re.compile(r"^(?:-(?P<a>\d\d)|/(?P<b>\d\d)|[ \t]+(?P<c>\d\d)|[ \t]*\((?P<d>(?:19|20)?\d\d)\))(?![\d/])")
# More serials of the same station: "2799 AND 2764", "692/317/274", "11657 and 7743, 12155".
# After a slash only three digits or more: "/08" is a year ("PANAMA 00789/08").
_MORE = re.compile(r"^[ \t]*(?:(?:,|\bAND\b|&)[ \t]*(?P<ser>\d{2,7})|/(?P<ser2>\d{3,7}))(?!\d)", re.I)
# "870 Ulaanbaatar": the serial before the station.
_SERIAL_BEFORE = re.compile(r"(?<![\d/])(?P<ser>\d{3,7})[ \t]+$")
_GLUED = re.compile(r"(?<![\w/])\d{2}(?:\d{2})?[A-Z]{3,}\d{1,7}(?!\w)")


def parse_references(block: str, *, year: int | None, self_id: str | None = None) -> list[Reference]:
    """The text of a REF block after its label -> one Reference per item."""
    text = _PAGE_FURNITURE.sub(" ", REF_LABEL.sub(" ", block, count=1))
    refs: list[Reference] = []
    for bullet, item in _items(text):
        item = " ".join(item.split()).rstrip(" -")  # "(A) State 348254\n-      (B) …": a stray dash
        if not item:
            continue
        ref = _reference(item, bullet, year, self_id)
        if ref is not None:
            refs.append(ref)
    return refs


def _items(text: str) -> list[tuple[str | None, str]]:
    """Split at bullets A, B, C … (or 1, 2, 3 …) taken in sequence; other letters are text."""
    cuts: list[tuple[int, int, str]] = []
    expected: str | None = None
    for m in _BULLET.finditer(text):
        label = (m.group("p") or m.group("b") or m.group("l")).upper()
        if expected is None:
            if label not in ("A", "1") or text[:m.start()].strip():
                continue
        elif label != expected:
            continue
        cuts.append((m.start(), m.end(), label))
        expected = chr(ord(label) + 1)
    if not cuts:
        # Unlettered lists are separated by semicolons: "LIMA 1209; LIMA 1299 AND PREVIOUS; LIMA 1647".
        return [(None, part) for part in _semicolon_parts(text)]
    items: list[tuple[str | None, str]] = []
    for i, (_start, end, label) in enumerate(cuts):
        stop = cuts[i + 1][0] if i + 1 < len(cuts) else len(text)
        items.append((label, text[end:stop]))
    return items


def _semicolon_parts(text: str) -> list[str]:
    """``text`` cut at the semicolons that stand outside parentheses (a title may hold one)."""
    parts, depth, start = [], 0, 0
    for i, ch in enumerate(text):
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth = max(0, depth - 1)
        elif ch == ";" and depth == 0:
            parts.append(text[start:i])
            start = i + 1
    parts.append(text[start:])
    return [p for p in parts if p.strip()] or [text]


def _reference(item: str, bullet: str | None, year: int | None, self_id: str | None) -> Reference | None:
    for kind, pattern in _STRONG_KINDS:
        if pattern.search(item):
            return Reference(text=item, bullet=bullet, ids=[], kind=kind)
    ids = [cid for cid in _ids(item, year) if cid != self_id]
    if not ids:
        for kind, pattern in _WEAK_KINDS:
            if pattern.search(item):
                return Reference(text=item, bullet=bullet, ids=[], kind=kind)
        if _ids(item, year):  # the cable citing itself (08TRIPOLI402): dropped
            return None
        return Reference(text=item, bullet=bullet, ids=[], kind="other")
    return Reference(text=item, bullet=bullet, ids=ids, kind="cable")


def _ids(item: str, year: int | None) -> list[str]:
    found: dict[str, None] = {}
    taken: list[tuple[int, int]] = []
    for m in _GLUED.finditer(item):
        cid = canonical_id(m.group(0))
        if cid:
            found.setdefault(cid, None)
            taken.append(m.span())
    for m in _station_mention().finditer(item):
        if any(s <= m.start() < e for s, e in taken):
            continue
        before, after = item[:m.start()], item[m.end():]
        station = m.group("st")
        yb = _YEAR_BEFORE.search(before)
        y_before = None
        if yb:
            y_before = yb.group("y4") or yb.group("y2") or yb.group("ya") or yb.group("yp")
            if yb.group("yo"):
                y_before = "0" + yb.group("yo")
        sm = _SERIAL.match(after)
        if sm is None:
            rb = _SERIAL_BEFORE.search(before)
            if rb:
                cid = make_id(_year(None, year) or "", station, rb.group("ser"))
                if cid:
                    found.setdefault(cid, None)
            continue
        serials = [sm.group("ser")]
        y_inner = sm.group("yp")
        rest = after[sm.end():]
        ya = _YEAR_AFTER.match(rest)
        y_after = None
        if ya and not _MORE.match(rest):
            y_after = next(g for g in ya.groups() if g)
            rest = rest[ya.end():]
        while (mm := _MORE.match(rest)) is not None:
            serials.append(mm.group("ser") or mm.group("ser2"))
            rest = rest[mm.end():]
        tail = _YEAR_AFTER.match(rest)
        if y_after is None and tail and tail.group("d"):
            y_after = tail.group("d")
        y = _year(y_inner or y_before or y_after, year)
        if y is None:
            continue
        for serial in serials:
            cid = make_id(y, station, serial)
            if cid:
                found.setdefault(cid, None)
    return list(found)


def _year(written: str | None, cable_year: int | None) -> str | None:
    if written:
        return written[-2:]
    if cable_year is None:
        return None
    return f"{cable_year % 100:02d}"

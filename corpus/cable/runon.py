"""Lines the exports ran together, split again before the header is read.

WikiLeaks' exports lost line breaks: labels glued to the text before them, whole headers on
one line.  :func:`split_run_ons` cuts such lines where a label begins; inside the header a REF
label, a marked paragraph, the text after a reasons citation and an SBU notice after the subject
start lines of their own too (:data:`HEADER_CUTS`, one named rule each).  The body is left alone.
For example::

    "… SANAA 001352SIPDISE.O. 12958: DECL: 05/21/2015TAGS: PREL …"
        -> "… SANAA 001352", "SIPDIS", "E.O. 12958: DECL: 05/21/2015", "TAGS: PREL …"
    "SUBJECT: … MUBARAK  REF: RABAT 532" -> "SUBJECT: … MUBARAK", "REF: RABAT 532"
    "Classified By: … REASON: 1.4 (b), (d) 1. (C) GOL officials…"
        -> "Classified By: … REASON: 1.4 (b), (d)", "1. (C) GOL officials…"
"""

from __future__ import annotations

import re
from collections.abc import Callable

from corpus.cable.fields import BODY_MARKED, CITATION, MARK_WORD, NUMBERED, SUBJECT
from corpus.classification import parse_classification
from corpus.refs import REF_LABEL

# Stamps glued before the classification line by the exports WikiLeaks published.
_GLUED_PREFIX = re.compile(
    r"^\s*((?:ID:\s*\d+\s*)?Cable dated:\s*(?:\d{4}-\d\d-\d\d(?:T\d\d:\d\d(?::\d\d)?)?\]?|\S+?\])|Telegram(?:Restricted by caption\.)?)"  # noqa: E501
    r"\s*(?=\S)"
)
# One-line export headers ("… SANAA 001352SIPDISE.O. 12958: DECL: 05/21/2015TAGS: PREL …"): the
# labels glued to whatever preceded them start lines of their own again.
_FUSED_LABEL = re.compile(
    r"(?<=\S)\s*(?=SIPDIS|NOFORN|E\.O\.\s?1\d{4}|TAGS:|SUBJECT:)|(?<=SIPDIS)(?=\S)|(?<=\d)(?=SENSITIVE)"
)
_FUSED_HEADER = re.compile(r"E\.O\.\s?1\d{4}|TAGS:|\d(?:SIPDIS|SENSITIVE|NOFORN)")
_HANDLING_START = re.compile(r"^\s*(?:SIPDIS|NOFORN)")
_CLASSIFIED_BY_INLINE = re.compile(r"(?<=\S)\s*(?=Classified\s+By\s*:)", re.I)
# A header label after other text on its line: "DEPT FOR WHA/BSC E.O. 12958: DECL: 11/22/2012"
# (02BRASILIA4227), "E.o. 12958: decl: 01/15/2014 Tags: prel, pgov, pins, tu Subject: turkish …".
_RUNON_LABEL = re.compile(r"(?<=\S)[ \t]+(?=(?i:tags|subject)[ \t]*:|(?i:E\.[ \t]?O\.)[ \t]?1\d{4}\b)")
_RUNON_REF = re.compile(
    r"(?<=\S)[ \t]+(?=(?i:ref(?:tels?|s|\(s\))?)[ \t]?:[ \t])"
    r"|(?<=[A-Z]{2})(?=REF(?:TELS?|S)?:[ \t]*(?:[A-H1-9][.)]|[A-Z]{3,}[ \t]+\d))"  # glued: "…UK PRIMEREF: A. LONDON"
)
_RUNON_PARA = re.compile(rf"(?<=\S)[ \t]+(?=(?:¶[ \t]*)?\d{{1,2}}[ \t]*\.[ \t]*\({MARK_WORD}\)[ \t]*:?[ \t]*[A-Z\"'])")
# What an export glued after the subject: the SBU notice ("…RE-ELECTION SENSITIVE BUT UNCLASSIFIED - PLEASE
# PROTECT ACCORDINGLY.", 06SAOPAULO280; "Sensitive but Unclassified. Please handle accordingly.", 09CAIRO1046)
# and a repeated classification line ("…TRAINING...C O N F I D E N T I A L LONDON 001967", 08LONDON1967).
_RUNON_SUBJECT_TAIL = re.compile(
    r"(?<=\S)[ \t]+(?=(?i:(?:entire[ \t]+text[ \t]+)?sensitive[ \t]+but[ \t]+unclassified)\b)"
    r"|(?<=\.\.\.)(?=(?:[A-Z][ \t]){4,}[A-Z][ \t])"
)
_RUNON_REASON = re.compile(
    rf"\b(?:REASONS?|PER)\b[ \t:.]*(?:E\.O\.[ \t]*12958[ \t:,]*)?(?>{CITATION})[ \t]*[.;]?(?P<gap>[ \t]+)(?=(?-i:[(¶*\-A-Z\"']))", re.I  # noqa: E501
)


def split_run_ons(lines: list[str]) -> list[str]:
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
            if in_header and (seen_subject or SUBJECT.match(part)):
                pieces = _split_header_run_on(part)
            for piece in pieces:
                if SUBJECT.match(piece):
                    seen_subject = True
                elif seen_subject and (NUMBERED.match(piece) or BODY_MARKED.match(piece)):
                    in_header = False  # the body has begun: its text is left alone
            out.extend(pieces)
    return out


def _ref_cut(line: str) -> tuple[int, int] | None:
    m = _RUNON_REF.search(line)
    if m and not REF_LABEL.fullmatch(line[: m.start()].strip()):  # not "REF: REF:"
        return m.start(), m.end()
    return None


def _paragraph_cut(line: str) -> tuple[int, int] | None:
    m = _RUNON_PARA.search(line)
    return (m.start(), m.end()) if m else None


def _reason_cut(line: str) -> tuple[int, int] | None:
    m = _RUNON_REASON.search(line)
    return (m.start("gap"), m.end()) if m else None


def _subject_tail_cut(line: str) -> tuple[int, int] | None:
    m = _RUNON_SUBJECT_TAIL.search(line)
    if m and (SUBJECT.match(line) or m.group(0) == ""):
        return m.start(), m.end()
    return None


# Where a header line may be cut: each rule gives the span its cut removes, or None.
HEADER_CUTS: tuple[tuple[str, Callable[[str], tuple[int, int] | None]], ...] = (
    ("ref", _ref_cut),
    ("paragraph", _paragraph_cut),
    ("reason", _reason_cut),
    ("subject_tail", _subject_tail_cut),
)


def _split_header_run_on(line: str) -> list[str]:
    """One header line cut where a REF label, a marked paragraph or the text after the reasons begins."""
    pieces: list[str] = []
    while True:
        cuts = [cut for _name, rule in HEADER_CUTS if (cut := rule(line)) is not None]
        if not cuts:
            pieces.append(line)
            return pieces
        start, end = min(cuts)
        pieces.append(line[:start])
        line = line[end:]

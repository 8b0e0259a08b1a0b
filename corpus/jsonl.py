"""Cables exported one JSON object a line (``mongoexport`` dumps).

Each line holds ``_id``, ``origin``, ``date_time`` (``6/30/2004 10:01`` or
``2004-01-20 12:12``), ``classification`` and ``body``: the cable text with
its newlines removed.  Some exports add ``reference_id`` and ``header`` (the
routing header, also flattened).

Which id a line gets (checked against the real exports):

1. ``reference_id`` when present: it is the WikiLeaks id of the cable and
   agrees with the body's own classification line in every line that has one.
2. Otherwise the body's own classification line gives the station and serial
   (``C O N F I D E N T I A L SECTION 01 OF 02 BAGHDAD 3988``) and the
   year is the year of ``date_time``: ``85BAGHDAD3988``.
3. Otherwise, the id the cable parser found in the text.

``_id`` is NOT the cable's id in these exports: it is the cable's references,
joined with ``|`` (``85STATE323960`` on the line whose body is BAGHDAD 3988
with ``REF: STATE 323960``), and empty when the cable cites nothing.  It is
kept in ``metadata["export_id"]`` and never used as the id.

The body goes through :func:`corpus.cable.parse_cable_text` after its line
breaks are put back where the header fields and numbered paragraphs make
them certain; the JSON fields then fill what the text lacks (date, origin,
classification).  A line that is not valid JSON, or not a cable, gives a
:class:`ParseError` naming ``file line N``; the other lines are still read.
The same cable can appear on several lines: every line is yielded.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import datetime
from typing import Any

from corpus.cable import parse_cable_text
from corpus.classification import parse_classification
from corpus.ids import canonical_id, make_id
from corpus.records import Cable, Classification, ParseError, Record

# The classification line that opens a cable body, with the station and serial:
# "S E C R E T SECTION 01 OF 02 BAGHDAD 3988", "UNCLAS NEW DELHI 007026",
# "C o n f i d e n t i a l section 01 of 04 ankara 000348Sipdis".
_CLASS_LINE = re.compile(
    r"""^\s*
    (?:(?:[A-Za-z]\s){4,}[A-Za-z]          # spaced-out "C O N F I D E N T I A L"
      |UNCLAS(?:SIFIED)?|SECRET|CONFIDENTIAL|LIMITED\s+OFFICIAL\s+USE)
    (?://[A-Z ]+)?\s+
    (?:(?:E\s?F\s?T\s?O|SENSITIVE|NOFORN|EXDIS|LIMDIS|NODIS)\s+)*   # "UNCLAS E F T O SECTION 01 OF 02 …"
    (?:SECTION\s+\d+\s+OF\s+\d+\s+|\d+\s+OF\s+\d+\s+)?
    (?P<station>[A-Za-z][A-Za-z .]*?)\s*0*(?P<serial>\d{1,6})(?!\d)""",
    re.X | re.I,
)
# A leading "Thursday, 23 October 2008, 09:20" (newspaper-style export prefix).
_WEEKDAY_PREFIX = re.compile(
    r"^\s*(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,\s+\d{1,2}\s+[A-Za-z]+\s+\d{4},\s+\d{1,2}:\d{2}\s*"
)
_DATE_US = re.compile(r"^\s*(\d{1,2})/(\d{1,2})/(\d{4})(?:\s+(\d{1,2}):(\d{2}))?")
_DATE_ISO = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{1,2}):(\d{2}))?")

# Header fields that always start a line in the original text.
_HEADER_LABEL = re.compile(
    r"\s*(?=E\.\s?O\.\s*1\d{4}|EO\s+1\d{4}|(?<![A-Za-z])TAGS?\s*:|SUBJ(?:ECT)?\s*:|(?<![A-Za-z])REF(?:S|TELS?)?\s*:"
    r"|CLASSIFIED\s+BY\b|\(U\)\s+CLASSIFIED\s+BY\b)",
    re.I,
)
_GLUED_SIPDIS = re.compile(r"(?<=\d)(?=SIPDIS)", re.I)
_MULTISPACE = re.compile(r"[ \t]{2,}")
_BLANK_RUN = re.compile(r"\n{3,}")
# Where the numbered paragraphs begin: "¶1." anywhere, or " 1. " after a gap.
_FIRST_PARA = re.compile(r"¶\s?1\.|(?:^|\s{2,})1\.(?=\s|\()")
_PARA_BREAK = re.compile(r"\s*(?=¶\s?\d{1,2}\.)|\s{2,}(?=\d{1,2}\.(?:\s|\())")
# Routing-header pieces that start a line (the header is flattened too).
_ROUTING_BREAK = re.compile(
    r"\s*(?=DE\s+R[A-Z]{3,5}\s+#|Z[NY][YR]\s+[A-Z]{5}\s+ZZH|(?:\b[OPRZ]\s+){1,2}\d{6}Z\s+[A-Za-z]{3}\s+\d{2}\b"
    r"|FM\s+[A-Z]|TO\s+(?:R[A-Z]{3,6}/|SECSTATE|AMEMBASSY|AMCONSUL|USMISSION|SECDEF)"
    r"|INFO\s+(?:R[A-Z]{3,6}/|LOG-|SECSTATE|AMEMBASSY|AMCONSUL|USMISSION)|\d{6}Z\s+[A-Z][a-z]{2}\s+\d{2}$)"
)
# Pieces glued to what precedes them: "VZCZCXYZ0015PP RUEHWEB", "ZZHP 111453Z AUG 06".
_GLUED_ROUTING = re.compile(r"^(VZCZC[A-Z]{3}\d{4})(?=\S)|(?<=ZZH)(?=(?:[OPRZ]\s+){1,2}\d{6}Z)")
# An addressee glued to the previous one: "…PRIORITY 0126RUEHBO/AMEMBASSY BOGOTA".
_GLUED_ADDRESSEE = re.compile(r"(?<=[A-Z0-9])(?=R[A-Z]{3,6}/)")


def parse_jsonl(data: bytes, *, source: str = "") -> Iterator[Record | ParseError]:
    """Yield one Cable (or a ParseError) per non-blank line of a JSON-lines export."""
    for number, raw in enumerate(data.splitlines(), 1):
        if not raw.strip():
            continue
        where = f"{source} line {number}"
        try:
            obj = json.loads(raw)
        except (ValueError, UnicodeDecodeError) as exc:
            yield ParseError(where, f"not valid JSON ({exc})")
            continue
        if not isinstance(obj, dict):
            yield ParseError(where, "a JSON line that is not an object")
            continue
        try:
            yield parse_export_object(obj, source=where)
        except ParseError as exc:
            yield exc


def parse_export_object(obj: dict[str, Any], *, source: str = "") -> Cable:
    """One exported cable object -> Cable (raises ParseError)."""
    body = _text(obj.get("body"))
    if not body.strip():
        raise ParseError(source, "no cable body")
    when = parse_export_date(_text(obj.get("date_time")))
    text = restore_lines(body, header=_text(obj.get("header")))

    cable = parse_cable_text(text, source=source, default_date=when)
    cable.source = source
    cable.id = export_id(obj, body, when) or cable.id or cable.metadata.get("provisional_id", "")
    if cable.id.endswith("-PROVISIONAL"):
        cable.metadata["provisional"] = "yes"
    cable.metadata.pop("provisional_id", None)
    if cable.classification is None and _text(obj.get("classification")).strip():
        cable.classification = _classification(_text(obj["classification"]))
    origin = _text(obj.get("origin")).strip()
    if origin and not cable.origin:
        cable.origin = origin
    if _text(obj.get("_id")):
        cable.metadata["export_id"] = _text(obj["_id"])
    cable.metadata["format"] = "jsonl"
    return cable


def export_id(obj: dict[str, Any], body: str, when: datetime | None) -> str | None:
    """The cable id of one exported object, by the rule in the module docstring."""
    ref = _text(obj.get("reference_id")).strip()
    if ref:
        return canonical_id(ref) or ref
    match = _CLASS_LINE.match(_WEEKDAY_PREFIX.sub("", body))
    if match and when:
        station = " ".join(match["station"].split()).upper()
        made = make_id(when.year, station, match["serial"])
        if made:
            return made
        # An unknown station name: build the id the way WikiLeaks does.
        return canonical_id(f"{when.year % 100:02d}{station.replace(' ', '')}{int(match['serial'])}")
    return None


def parse_export_date(value: str) -> datetime | None:
    """``6/30/2004 10:01`` (month first) or ``2004-01-20 12:12`` -> datetime, else None."""
    if m := _DATE_US.match(value):
        month, day, year = int(m[1]), int(m[2]), int(m[3])
    elif m := _DATE_ISO.match(value):
        year, month, day = int(m[1]), int(m[2]), int(m[3])
    else:
        return None
    try:
        return datetime(year, month, day, int(m[4] or 0), int(m[5] or 0))
    except ValueError:
        return None


def restore_lines(body: str, *, header: str = "") -> str:
    """Put line breaks back into a flattened cable so the cable parser sees its fields.

    Only where they are certain: header fields (E.O., TAGS, SUBJECT, REF,
    Classified by) start lines, gaps of several spaces in the header were line
    breaks, and numbered paragraphs start after a blank line.  Inside the
    paragraphs, double spaces are sentence spacing and are left alone.
    """
    body = _WEEKDAY_PREFIX.sub("", body)
    first = _FIRST_PARA.search(body)
    head, rest = (body[: first.start()], body[first.start() :]) if first else (body, "")
    # The classification line may have a double space inside ("C O N F I D E N T I A L  NEW DELHI 005734").
    class_line = _CLASS_LINE.match(head)
    first_line = " ".join(head[: class_line.end()].split()) if class_line else ""
    head = head[class_line.end() :] if class_line else head
    head = _GLUED_SIPDIS.sub("\n", first_line + head)
    head = _MULTISPACE.sub("\n", head)
    head = _HEADER_LABEL.sub("\n", head)
    rest = _BLANK_RUN.sub("\n\n", _PARA_BREAK.sub("\n\n", rest))
    text = "\n".join(line.strip() for line in head.splitlines() if line.strip())
    text = f"{text}\n\n{rest.strip()}\n" if rest else text + "\n"
    header = header.strip()
    if header:
        header = header.replace(
            "The full text of the original cable is not available.",
            "The full text of the original cable is not available.\n\n",
        )
        header = _GLUED_ROUTING.sub(lambda m: (m[1] or "") + "\n", header)
        header = _GLUED_ADDRESSEE.sub("\n", _ROUTING_BREAK.sub("\n", header))
        header = "\n".join(line.strip() for line in header.splitlines() if line.strip())
        text = f"{header}\n\n{text}"
    return text


def _classification(value: str) -> Classification | None:
    return parse_classification(value)


def _text(value: object) -> str:
    return value if isinstance(value, str) else ""

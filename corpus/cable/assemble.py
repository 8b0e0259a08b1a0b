"""The parts of a cable's text put together as one Cable.

:func:`parse` runs the parts in order: the text made regular (line ends, backslash line ends, an
e-mail wrapper dropped), run-on lines split (:mod:`corpus.cable.runon`), the routing header read
(:mod:`corpus.cable.routing`), the header fields read (:mod:`corpus.cable.fields`), then each of
the cable's facts decided from whatever part states it, in one :class:`Reading`:

- station and origin: FM line, else the classification line's station, else the DE routing;
- date: the DTG, else the DE julian day with the DTG's month, else an export row's date, else
  the page's date; the year also from the classification line ("75 LIBREVILLE 1895");
- id: year + the classification line's station and serial (``09LIMA1661``), else the sender and
  the DE serial, else an export row's id, else inferred (corpus.inference, said in metadata);
- classification: the classification line, else the ZNY line, else the e-mail wrapper's level;
  NOFORN and SBU from the handling and passing lines, NOFORN also from "(S//NF)" paragraphs;

then the body (corpus.cable_body).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime

from corpus.cable.common import julian, year4
from corpus.cable.fields import (
    Fields,
    classified_by_and_reasons,
    clean_subject,
    passing_instructions,
    scan_fields,
)
from corpus.cable.routing import EXPORT_ID, Header, scan_routing
from corpus.cable.runon import split_run_ons
from corpus.cable_body import parse_body
from corpus.classification import find_handling
from corpus.ids import cablegate_month, canonical_id, canonical_station, make_id, split_id
from corpus.inference import infer_year, provisional_id
from corpus.records import Cable, Classification, ParseError
from corpus.refs import parse_references
from corpus.stations import origin_name, parse_sender, station_country, station_for_routing
from corpus.tags import parse_tags

WRAPPER_WINDOW = 4000  # how far into the text the e-mail wrapper's rule line may be
PARTIAL_NOTICE_WINDOW = 2000  # how far into the text WikiLeaks' "partial extract" notice may be
PASSING_LINES = 12  # lines after the classification line read as passing lines when no label follows
BACKSLASH_LINE_ENDS = 3  # more line-end backslashes than this: an export that ends every line so

# The line a WikiLeaks page prints between its export rows and the cable ("----- header ends -----").
_HEADER_ENDS = re.compile(r"^[ \t]*-{3,}[ \t]*header ends[ \t]*-{3,}[ \t]*$", re.I)
_EXPORT_ROW = re.compile(r"^[ \t]*refid:[ \t]*\S+[ \t]*$")  # the page's "refid: 08LIMA1107" row
HEADER_ENDS_WINDOW = 120  # lines after the first header fields where a repeated header may end
_RULE_ENDS = re.compile(r"^[\s\-_=*]+|[\s\-_=*]+$")  # "-------- SHINING PATH … -----" -> the words
_FIRST_SENTENCE = re.compile(r"\S.*?(?:[.!?](?=\s|$)|$)")
DERIVED_TITLE_CHARS = 120  # a summary's first sentence is cut at a word before this
_PARTIAL = re.compile(r"This record is a partial extract of the original cable", re.I)
_LINE_END_BACKSLASH = re.compile(r"[ \t]*\\[ \t]*$", re.M)
_EMAIL_WRAPPER = re.compile(r"^[ \t]*Captions:[^\n]*\n(?:[^\n]*\n){0,12}?[ \t]*_{20,}[ \t]*\n", re.M)
# The SBU passing line: "SENSITIVE", "Sensitive", glued "SIPDIS SENSITIVEE.O. 12958: N/A".
_SENSITIVE = re.compile(r"\bSENSITIVE(?=\b|E\.O\.)|\bSBU\b|^\s*Sensitive\s*$", re.M)


@dataclass
class Reading:
    """One cable's text as its parts read it, and the facts decided from them so far."""

    text: str
    lines: list[str]
    head: Header
    after: int  # the first line after the routing header
    fields: Fields
    source: str
    station: str | None = None
    origin: str | None = None
    created: datetime | None = None
    year: int | None = None
    serial: str | None = None
    cid: str | None = None
    inferred: dict[str, str] = field(default_factory=dict)
    classification: Classification | None = None
    handling: list[str] = field(default_factory=list)


def parse(text: str, source: str, default_date: datetime | None = None) -> Cable:
    text = _regular_text(text)
    lines = split_run_ons(text.split("\n"))
    partial = bool(_PARTIAL.search(text[:PARTIAL_NOTICE_WINDOW]))
    head, after = scan_routing(lines)
    fields = scan_fields(lines, after)
    if fields.classification is None and not (fields.subject or fields.tags or head.sender or head.dtg):
        raise ParseError(source or "<text>", "no classification line, routing header, TAGS or SUBJECT: not a cable")
    r = Reading(text, lines, head, after, fields, source)
    _decide_station(r)
    _decide_date(r, default_date)
    _decide_id(r)
    if r.cid is None or r.created is None:
        r.cid, r.created, r.inferred = _infer(r)
        if r.year is None and r.created is not None:
            r.year = r.created.year
    _decide_classification(r)
    cable = _cable(r, partial)
    _add_metadata(r, cable)
    body, repeated = _body_lines(r)
    if repeated is not None and repeated.classified_by:  # the whole line, not the preview's "1.b an..."
        cable.classified_by, cable.reasons = classified_by_and_reasons(repeated.classified_by)
    _add_body(cable, "\n".join(body))
    _noforn_from_markings(r, cable)
    return cable


def _regular_text(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\xa0", " ")
    if text.count("\\\n") > BACKSLASH_LINE_ENDS:
        # some exports end every line with a backslash ("Ambassador William B. Wood; reasons 1.4 \\")
        text = _LINE_END_BACKSLASH.sub("", text)
    wrapper = _EMAIL_WRAPPER.search(text[:WRAPPER_WINDOW])
    if wrapper and text[wrapper.end():].strip():
        # the State e-mail wrapper's own fields (a "Subject:", "TAGS:", the reader's PM time) come
        # before a rule line; the cable follows it, routing header and all (03ABUDHABI2641)
        text = text[wrapper.end():]
    return text


def _decide_station(r: Reading) -> None:
    station = origin = None
    if r.head.sender:
        station, origin = parse_sender(r.head.sender)
    if station is None and r.fields.class_station:
        station, origin = parse_sender(r.fields.class_station)
    if station is None and r.head.routing:
        station = station_for_routing(r.head.routing)
        if station:
            origin = parse_sender(station)[1]
    if origin is None and station:
        origin = origin_name(station)
    r.station, r.origin = station, origin


def _decide_date(r: Reading, default_date: datetime | None) -> None:
    head = r.head
    created, year = head.dtg, head.dtg_year
    if created is None and year and head.de_julian:
        created = julian(year, head.de_julian, head.de_hhmm or "0000")
    if created is None:
        created = head.fallback_date or default_date
    if year is None and r.fields.class_year:
        year = year4(r.fields.class_year)
    if year is None and created is not None:
        year = created.year
    r.created, r.year = created, year


def _decide_id(r: Reading) -> None:
    head, fields, year = r.head, r.fields, r.year
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
    r.serial = fields.serial or head.de_serial
    if cid is None and year and r.station and r.serial:
        cid = make_id(year, r.station, r.serial)
    if cid is not None and not fields.serial and de_serial and len(head.de_serial or "") <= 4:
        # DE serials are sent modulo 10000 ("#0927" for STATE 030927): an export row in the
        # header may carry the full id
        cid = _full_id_for(cid, "\n".join(r.lines[: fields.body_start]), de_serial) or cid
    if cid is None and head.export_id:
        cid = canonical_id(head.export_id)
    r.cid = cid


def _full_id_for(cid: str, header: str, de_serial: str) -> str | None:
    """An id in the header with the same year and station whose serial ends in the DE serial."""
    mine = split_id(cid)
    if not mine:
        return None
    for m in EXPORT_ID.finditer(header):
        other = canonical_id(m.group(1))
        parts = split_id(other) if other else None
        if parts and parts[:2] == mine[:2] and parts[2] != mine[2] and str(parts[2]).endswith(de_serial.zfill(4)):
            return other
    return None


def _infer(r: Reading) -> tuple[str | None, datetime | None, dict[str, str]]:
    """Id and date where the text states no year or no date (corpus.inference); how, in metadata.

    Without a year the id is left "" and ``metadata["provisional_id"]`` proposes one: the
    reader uses it when the file name is no id either.
    """
    fields, serial, created = r.fields, r.serial, r.created
    station = canonical_station(fields.class_station or "") or r.station
    if r.cid is not None:  # the year is known, the date is not: the Cablegate month, if any
        month = cablegate_month(r.cid)
        if month is None:
            return r.cid, created, {}
        when = datetime(int(month[:4]), int(month[5:]), 1)
        return r.cid, when, {"inferred": f"date: Cablegate id list, {month}", "date_precision": "month"}
    refs = fields.refs.strip()
    cited = [i for ref in parse_references(refs, year=None) for i in ref.ids] if refs else []
    found = None if r.year else infer_year(station, serial, fields.declassify_on, fields.eo, r.text, cited)
    if found is None:
        why = "no station or serial" if r.year else "year unknown"
        return None, created, {"provisional_id": provisional_id(station, serial, r.text), "inferred": f"none: {why}"}
    meta = {"inferred": f"year: {found.how}"}
    if created is None and found.date is not None:
        created = found.date
        meta["date_precision"] = found.precision
    cid = make_id(found.year, station, serial) if station and serial else None
    if cid is None:
        meta["provisional_id"] = provisional_id(station, serial, r.text)
    return cid, created, meta


def _passing_end(r: Reading) -> int:
    """Passing instructions stand between the classification line and the first header label."""
    f = r.fields
    end = f.first_label if f.first_label is not None else f.body_start
    if end <= r.after:  # no header label found (truncated pages): the lines after the class line
        end = r.after + PASSING_LINES
    return end


def _decide_classification(r: Reading) -> None:
    classification = r.fields.classification
    if classification is None and r.head.zny:
        classification = Classification(level=r.head.zny)
    classification = classification or r.head.wrapper_level
    passing = "\n".join(r.lines[r.after : _passing_end(r)])
    r.handling = find_handling("\n".join(r.lines[: r.fields.body_start]))
    if classification is not None:
        if "NOFORN" in r.handling and "NOFORN" not in classification.caveats:
            classification.caveats.append("NOFORN")
        if classification.level == "UNCLASSIFIED" and "SBU" not in classification.caveats:
            if _SENSITIVE.search(passing):
                classification.caveats.append("SBU")
    r.classification = classification


def _cable(r: Reading, partial: bool) -> Cable:
    head, fields = r.head, r.fields
    tags = parse_tags(fields.tags) if fields.tags else []
    countries: list[str] = []
    for tag in tags:
        if tag.kind == "country" and tag.name and tag.name not in countries:
            countries.append(tag.name)
    origin_country = station_country(r.station) if r.station else None
    if origin_country and origin_country not in countries:
        countries.append(origin_country)
    refs = fields.refs.strip()
    references = parse_references(refs, year=r.year, self_id=r.cid) if refs else []
    classified_by, reasons = classified_by_and_reasons(fields.classified_by)
    subject = clean_subject(fields.subject)
    return Cable(
        id=r.cid or "", title=subject, date=r.created, dates=[r.created.date()] if r.created else [],
        countries=countries, origin=r.origin, origin_country=origin_country, source=r.source,
        station=r.station, routing=head.routing, transmission_id=head.transmission_id,
        precedence=head.precedence, info_precedence=head.info_precedence, to=head.to, info=head.info,
        classification=r.classification, handling=r.handling,
        eo=fields.eo, declassify_on=fields.declassify_on, declassify_text=fields.declassify_text,
        tags=tags, subject=subject, references=references, classified_by=classified_by, reasons=reasons,
        partial=partial,
    )  # fmt: skip


def _add_metadata(r: Reading, cable: Cable) -> None:
    cable.metadata.update(r.inferred)
    f = r.fields
    start = f.class_index + 1 if f.class_index is not None else r.after
    instructions = passing_instructions("\n".join(r.lines[start : _passing_end(r)]))
    if instructions:
        cable.metadata["passing"] = instructions
    if r.head.excluded:
        cable.metadata["excluded"] = "; ".join(r.head.excluded)


def _body_lines(r: Reading) -> tuple[list[str], Fields | None]:
    """The body's lines.  A WikiLeaks page may open with a preview of the header fields, then the
    export rows ("id: 159839", "header:"), the routing header again and "----- header ends -----"
    before the whole cable (08LIMA1107): the body is then what follows that cable's own header
    fields, so neither the rows nor the routing lines read as a paragraph.  The page's
    "header ends" line is never body text.  Returns the lines and the repeated header's fields
    (None when the header is not repeated)."""
    start, repeated = r.fields.body_start, None
    for i in range(start, min(len(r.lines), start + HEADER_ENDS_WINDOW)):
        if _HEADER_ENDS.match(r.lines[i]):
            # after the page's export rows: the header before them was a preview, cut short,
            # sometimes inside ¶1 ("1. (C) Summary. ... id: 246088", 10LIMA97)
            if any(_EXPORT_ROW.match(line) for line in r.lines[:i]):
                repeated = scan_fields(r.lines, i + 1)
                start = repeated.body_start
            break
    return [line for line in r.lines[start:] if not _HEADER_ENDS.match(line)], repeated


def _add_body(cable: Cable, body_text: str) -> None:
    body = parse_body(body_text)
    cable.paragraphs = body.paragraphs
    cable.summary = body.summary
    cable.signer = body.signer
    if not cable.subject:
        _derive_title(cable)


def _derive_title(cable: Cable) -> None:
    """A cable without a SUBJECT line (09STATE103113) is titled by its first section heading, else
    the first sentence of its summary; ``metadata["title_derived"]`` says which, for the reader."""
    heading = next((_RULE_ENDS.sub("", p.heading).strip() for p in cable.paragraphs if p.heading), "")
    if heading:
        cable.title, cable.metadata["title_derived"] = heading, "first section heading"
        return
    sentence = _FIRST_SENTENCE.match(" ".join((cable.summary or "").split()))
    if sentence:
        text = sentence.group(0).strip()
        if len(text) > DERIVED_TITLE_CHARS:
            text = text[:DERIVED_TITLE_CHARS].rsplit(" ", 1)[0] + "…"
        cable.title, cable.metadata["title_derived"] = text, "summary"


def _noforn_from_markings(r: Reading, cable: Cable) -> None:
    """"(S//NF)" / "(C/NF)" paragraph markings are the text's own NOFORN even when the header has no
    NOFORN line; say where it came from (the site's metadata only follows the header)."""
    classification = r.classification
    if classification is not None and "NOFORN" not in classification.caveats:
        if any(p.marking and "NF" in p.marking.split("//")[1:] for p in cable.paragraphs):
            classification.caveats.append("NOFORN")
            cable.metadata["noforn_from"] = "paragraph markings"

"""How a record, a paragraph and a citation read: one rule each, as plain text and data.

The command line, the terminal UI and the exports only style what these return (bold, colour,
Markdown); none of them lays a record out, labels a paragraph or formats a citation itself.

    record_title(cable)                    "DAS COULTER'S VISIT TO PERU FOR POL-MIL TALKS"
                                           (a cable's subject, else the record's title)
    display_title(cable)                   "DAS Coulter's visit to Peru for pol-mil talks"
    paragraph_label("cable", "7", "C")     "¶7 (C)"      ¶ for a cable's paragraphs,
    paragraph_label("report", "2.1.3")     "§2.1.3"      § for the sections of other documents
    citation_line(record, paragraph)       '07LIMA2313 ¶7 (C), Embassy Lima, "DAS Coulter's visit to
                                           Peru for pol-mil talks", 2007-07-06'
    header_rows(record, missing)           [HeaderRow("date", "Date", "2007-07-06 17:45 UTC"), …]
    short_date(hit.date)                   "2007-07-06" (or "undated"): the day, wherever a hit is listed
    classification_text(None)              "unmarked"; classification_text("CONFIDENTIAL", short=True) "C"
    FACET_HEADINGS                         {"country": "Country", "year": "Year", …}: the facet panel
    search_json / record_json / cite_json  the shapes of the README's ``--json`` contract

No Textual and no Whoosh here: the CLI imports this module on its fast path.
"""

from __future__ import annotations

import dataclasses
import re
from collections import Counter, defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, Protocol

from corpus.classification import ABBREVIATIONS
from corpus.records import Addressee, Cable, Paragraph, Record, Reference
from index.field_names import FACETS

if TYPE_CHECKING:
    from search.models import CitationLookup, SearchResult

UNTITLED = "(untitled)"
UNDATED = "undated"
UNMARKED = "unmarked"
NO_LEVEL = "—"  # in a narrow column
# The facets the panel shows, in order (index.schema's one list), with their headings: month only
# narrows a year, as a query filter.
FACET_HEADINGS = {name: name.capitalize() for name in FACETS if name != "month"}

_TITLE_WORD = re.compile(r"[A-Za-z][A-Za-z'\u2019\-]*")
_TITLE_SPLIT = re.compile(r"([A-Za-z][A-Za-z'\u2019\-]*)")
_POSSESSIVE = re.compile(r"^(?P<base>.+?)(?P<tail>['\u2019][Ss])$")


class Numbered(Protocol):
    """A paragraph as cited: corpus.records.Paragraph or search.models.ParagraphHit."""

    number: str | None
    marking: str | None


# --- titles ---------------------------------------------------------------------------------


def record_title(record: Record) -> str:
    """A cable's subject, else the record's title ("" when it has neither)."""
    return (getattr(record, "subject", "") or record.title or "").strip()


def display_title(record: Record) -> str:
    """The title, in sentence case when written in capitals (cable subjects).

    Each word takes the case it mostly has in the text ("Coulter", "DAS"); a word
    the text also writes in lower case is lower-cased ("pol-mil", "visit").
    """
    title = record_title(record)
    letters = [c for c in title if c.isalpha()]
    if not letters or sum(c.isupper() for c in letters) < 0.8 * len(letters):
        return title
    wanted = {w.lower() for w in _TITLE_WORD.findall(title)}
    wanted |= {m["base"].lower() for w in wanted if (m := _POSSESSIVE.match(w))}
    forms: dict[str, Counter[str]] = defaultdict(Counter)
    for w in _TITLE_WORD.findall(record.text):
        low = w.lower()
        if low in wanted:
            forms[low][w] += 1
    out: list[str] = []
    first = True
    for piece in _TITLE_SPLIT.split(title):
        if not piece or not piece[0].isalpha():
            out.append(piece.lower() if piece.isupper() else piece)
            continue
        form = _case_of(piece, forms)
        if form is None and (m := _POSSESSIVE.match(piece)):
            base = _case_of(m["base"], forms)
            form = base + m["tail"].lower() if base else None
        if form is None:
            form = piece if len(piece) <= 3 else piece.lower()
        if first:
            form = form[0].upper() + form[1:]
            first = False
        out.append(form)
    return "".join(out)


def _case_of(word: str, forms: dict[str, Counter[str]]) -> str | None:
    seen = forms.get(word.lower())
    if not seen:
        return None
    if word.lower() in seen:
        return word.lower()
    return str(seen.most_common(1)[0][0])


def heading(record: Record) -> tuple[str, str]:
    """(id, title) as a record's first line shows them: ``07LIMA2313  DAS COULTER'S VISIT …``; a
    title the cable does not state says where it comes from: ``… (no subject line: title from its
    first section heading)``."""
    title = record_title(record) or UNTITLED
    derived = record.metadata.get("title_derived")
    return record.id, f"{title} (no subject line: title from its {derived})" if derived else title


# --- dates, paragraphs ------------------------------------------------------------------------


def short_date(value: str | datetime | date | None) -> str:
    """The day: ``2007-07-06`` (a cable's time is left out), or "undated"."""
    if value is None:
        return UNDATED
    if isinstance(value, (datetime, date)):
        return value.strftime("%Y-%m-%d")
    return value[:10] or UNDATED


def classification_text(level: str | None, short: bool = False) -> str:
    """A record's classification as listed: the level, or "unmarked"; ``short``: TS/S/C/LOU/U, or —."""
    if not level:
        return NO_LEVEL if short else UNMARKED
    return ABBREVIATIONS.get(level.upper(), level) if short else level


def long_date(record: Record) -> str:
    """A cable's date-time in UTC (``2009-11-20 16:58 UTC``), another document's day."""
    if record.date is None:
        return UNDATED
    if record.kind == "cable":
        return record.date.strftime("%Y-%m-%d %H:%M UTC")
    return record.date.strftime("%Y-%m-%d")


def iso_date(record: Record) -> str | None:
    """The JSON form: ``2009-11-20T16:58`` for cables, ``2003-04-14`` otherwise."""
    if record.date is None:
        return None
    if record.kind == "cable":
        return record.date.isoformat(timespec="minutes")
    return record.date.date().isoformat()


def paragraph_sign(kind: str) -> str:
    """¶ for the paragraphs of a cable, § for the sections of any other document."""
    return "¶" if kind == "cable" else "§"


def marking_label(marking: str | None) -> str:
    return f"({marking})" if marking else ""


def paragraph_label(kind: str, number: str | None, marking: str | None = None) -> str:
    """``¶7 (C)``, ``¶11``, ``§2.1.3``, ``(SBU)`` for an unnumbered marked paragraph, or ""."""
    label = f"{paragraph_sign(kind)}{number}" if number else ""
    return f"{label} {marking_label(marking)}".strip()


def with_headings(record: Record) -> Iterator[tuple[str | None, Paragraph]]:
    """Each paragraph, with the section heading to show before it (None: the heading goes on)."""
    heading = None
    for para in record.paragraphs:
        if para.heading and para.heading != heading:
            heading = para.heading
            yield heading, para
        else:
            yield None, para


# --- citations ---------------------------------------------------------------------------------


def citation_line(record: Record, paragraph: Numbered | None = None, *,
                  paragraphs: Sequence[Numbered] | None = None) -> str:
    """The ready-to-paste line for the record, one paragraph, or several (``paragraphs``: ¶¶3-4)."""
    head = record.id
    if paragraphs and len(paragraphs) > 1:
        head += " " + _several(record, paragraphs)
    else:
        paragraph = paragraphs[0] if paragraphs else paragraph
        if paragraph is not None and paragraph.number:
            head += " " + paragraph_label(record.kind, paragraph.number, paragraph.marking)
    bits = [head]
    if record.origin:
        bits.append(record.origin)
    title = display_title(record)
    if title:
        bits.append(f'"{title}"')
    if record.date:
        bits.append(short_date(record.date))
    return ", ".join(bits)


def _several(record: Record, paragraphs: Sequence[Numbered]) -> str:
    numbered = [p.number for p in paragraphs if p.number]
    sign = paragraph_sign(record.kind) * 2
    if len(numbered) > 1 and _is_run(record, paragraphs):
        label = f"{sign}{numbered[0]}-{numbered[-1]}"
    else:
        label = f"{sign}{', '.join(numbered)}"
    markings = list(dict.fromkeys(p.marking for p in paragraphs if p.marking))
    return f"{label} ({', '.join(markings)})" if markings else label


def _is_run(record: Record, paragraphs: Sequence[Numbered]) -> bool:
    """Whether the numbered paragraphs given are consecutive numbered paragraphs of the record."""
    numbered = [p.number for p in record.paragraphs if p.number]
    wanted = [p.number for p in paragraphs if p.number]
    if any(n not in numbered for n in wanted):
        return False
    first = numbered.index(wanted[0])
    return numbered[first : first + len(wanted)] == wanted


# --- a record's header -------------------------------------------------------------------------


@dataclass(frozen=True)
class HeaderRow:
    """One line of a record's header: ``key`` names the field (for styling), ``label`` is shown."""

    key: str
    label: str
    value: str


def addressee(a: Addressee) -> str:
    return f"{a.name} ({a.precedence})" if a.precedence else a.name


def reference_label(ref: Reference) -> str:
    """The text says "see Ref A": the label keeps the letter so the reader can tell which is A."""
    return f"(Ref {ref.bullet}: {ref.text})" if ref.bullet else f"({ref.text})"


def reference_text(ref: Reference, missing: set[str] | frozenset[str] = frozenset()) -> str:
    """``A. LIMA 0046 -> 07LIMA46 (not in index)``."""
    ids = ", ".join(i + (" (not in index)" if i in missing else "") for i in ref.ids)
    label = f"{ref.bullet}. " if ref.bullet else ""
    return f"{label}{ref.text}" + (f" -> {ids}" if ids else "")


def header_rows(record: Record, missing: set[str] | frozenset[str] = frozenset()) -> list[HeaderRow]:
    """Every routing and metadata field a reader looks for, in one order, for every way of showing
    a record (``cables show``, the reader's header panel, the Markdown export).  ``missing``: the
    cited ids that are not in the index."""
    rows = [HeaderRow("date", "Date", long_date(record))]
    if record.metadata.get("inferred"):  # a year or date the text does not state (corpus.inference)
        rows.append(HeaderRow("inferred", "Inferred", record.metadata["inferred"]))
    rows.append(HeaderRow("kind", "Kind", record.kind))
    if record.origin:
        country = f" ({record.origin_country})" if record.origin_country else ""
        rows.append(HeaderRow("origin", "From", record.origin + country))
    if isinstance(record, Cable):
        rows += _cable_rows(record, missing)
    if record.countries:
        rows.append(HeaderRow("countries", "Countries", ", ".join(record.countries)))
    for label, attr in (("Signer", "signer"), ("Author", "author"), ("Addressee", "addressee"),
                        ("Place", "place"), ("Event", "event")):
        value = getattr(record, attr, None)
        if value:
            rows.append(HeaderRow(attr, label, value))
    if record.source:
        rows.append(HeaderRow("source", "Source", record.source))
    return rows


def _cable_rows(cable: Cable, missing: set[str] | frozenset[str]) -> list[HeaderRow]:
    rows: list[HeaderRow] = []
    if cable.classification:
        rows.append(HeaderRow("classification", "Classification", str(cable.classification)))
    if cable.handling:
        rows.append(HeaderRow("handling", "Handling", ", ".join(cable.handling)))
    if cable.precedence:
        info = f", {cable.info_precedence} for info" if cable.info_precedence else ""
        rows.append(HeaderRow("precedence", "Precedence", f"{cable.precedence} for action{info}"))
    if cable.to:
        rows.append(HeaderRow("to", "To", "; ".join(addressee(a) for a in cable.to)))
    if cable.info:
        rows.append(HeaderRow("info", "Info", "; ".join(addressee(a) for a in cable.info)))
    declassify = cable.declassify_on.isoformat() if cable.declassify_on else cable.declassify_text
    if cable.eo or declassify:
        eo = ", ".join(x for x in (cable.eo, declassify and f"declassify on {declassify}") if x)
        rows.append(HeaderRow("eo", "E.O.", eo))
    if cable.tags:
        tags = ", ".join(f"{t.code} ({t.name})" if t.name else t.code for t in cable.tags)
        rows.append(HeaderRow("tags", "TAGS", tags))
    if cable.classified_by:
        reasons = f", reasons {cable.reasons}" if cable.reasons else ""
        rows.append(HeaderRow("classified_by", "Classified by", cable.classified_by + reasons))
    rows += [HeaderRow("reference", "Reference", reference_text(ref, missing)) for ref in cable.references]
    return rows


# --- JSON (the README's --json contract) -------------------------------------------------------


def jsonable(value: Any) -> Any:
    """Dataclasses, dates and containers as JSON values (dates ISO)."""
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: jsonable(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [jsonable(v) for v in value]
    return value


def search_json(result: SearchResult) -> dict[str, Any]:
    """``{"query", "total", "page", "page_size", "hits": […], "facets", "suggestion"}``."""
    return {
        "query": result.query,
        "total": result.total,
        "page": result.page,
        "page_size": result.page_size,
        "hits": [
            {
                "id": h.id, "kind": h.kind, "title": h.title, "date": h.date,
                "classification": h.classification, "origin": h.origin, "countries": list(h.countries),
                "score": round(h.score, 4), "snippet": h.snippet,
                "paragraphs": [{"number": p.number, "marking": p.marking, "snippet": p.snippet}
                               for p in h.paragraphs],
            }
            for h in result.hits
        ],
        "facets": result.facets,
        "suggestion": result.suggestion,
    }


def record_json(record: Record, cited_by: list[str] | None = None,
                missing: list[str] | None = None) -> dict[str, Any]:
    """The record's fields (dates ISO), ``paragraphs`` as ``[{"number", "marking", "heading", "text"}]``,
    and, when given, ``cited_by`` and ``missing_references``."""
    data = {"kind": record.kind, **jsonable(record)}
    data["paragraphs"] = [
        {"number": p.number, "marking": p.marking, "heading": p.heading, "text": p.text} for p in record.paragraphs
    ]
    if cited_by is not None:
        data["cited_by"] = cited_by
    if missing is not None:
        data["missing_references"] = missing
    return data


def cite_json(lookup: CitationLookup) -> dict[str, Any]:
    """``{"id", "paragraph", "marking", "text", "citation"}``, ``{"candidates", "message"}`` or ``{"error"}``."""
    if lookup.found:
        c = lookup.found
        return {"id": c.id, "paragraph": c.paragraph, "marking": c.marking, "text": c.text, "citation": c.citation}
    if lookup.candidates:
        return {"candidates": lookup.candidates, "message": lookup.message}
    return {"error": lookup.message}

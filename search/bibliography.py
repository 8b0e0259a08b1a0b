"""A record as a reference manager takes it: CSL-JSON, BibTeX, RIS, and a Chicago note.

One rule, from the record, for every format (the CLI and the TUI only write the result).  The
fields are those Zotero's WikiLeaks PlusD translator gives a cable: item type *report*, title =
the subject (in the case search.presentation.display_title gives it), date, institution = the
originating post, number = the canonical id, the classification in the note, the TAGS as
keywords, the WikiLeaks URL when the record came from a WikiLeaks page.  A paragraph gives its ¶
as the locator.  Other documents take the nearest type with their author body: a report, an
outcome document or a conference paper is a *report*; a note verbale, a speech, a letter, a
treaty … a *document*.

    item = csl_item(cable, "7")
      {"id": "07LIMA2313-p7", "type": "report", "title": "DAS Coulter's visit to Peru for pol-mil talks",
       "publisher": "Embassy Lima", "number": "07LIMA2313", "genre": "Cable",
       "issued": {"date-parts": [[2007, 7, 6]]}, "note": "CONFIDENTIAL",
       "keyword": "PGOV, PINR, PHUM, VE, PE", "locator": "7", "label": "paragraph"}
    chicago(cable, "7")
      "DAS Coulter's Visit to Peru for Pol-mil Talks, Cable 07LIMA2313 (Embassy Lima, 2007), para. 7."
    bibtex([(cable, "7")])     @techreport{07LIMA2313_p7, title = {…}, institution = {Embassy Lima}, …}
    ris([(cable, None)])       TY  - RPRT / TI  - … / PB  - Embassy Lima / SN  - 07LIMA2313 / … / ER  -
    csl_json([(cable, "7")])   the items above as a JSON array
    export("md", listed(lib, "peru-mil"), "peru-mil")   the briefing of a tag's marks (also citations,
                               json, bibtex, ris, csl-json): what `cables export` and the TUI write

``chicago`` is the full note of the Chicago Manual of Style (notes and bibliography) exactly as
a CSL processor renders ``csl_item`` with the ``chicago-notes-bibliography`` style (the tests
render it with citeproc-py and compare): the title in headline case, the year of a report, the
full date of a document, ``n.d.`` when there is none.  ``locator`` and ``label`` are the
citation's part of a CSL item (where it points), not of the work.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from typing import Any

from corpus.records import Cable, Record
from search.marks import by_tag
from search.models import MarkedItem
from search.presentation import display_title, mark_json, paragraph_label

REPORT_KINDS = ("cable", "report", "outcome", "conference-paper")
CABLE_GENRE = "Cable"
_WIKILEAKS_PATH = re.compile(r"cable/(?P<y>\d{4})/(?P<m>\d{2})/(?P<id>[^/]+)\.html?$")
# CSL's headline case leaves these words in lower case (unless they follow a colon or a period).
_STOP_WORDS = frozenset(
    "a an and as at but by down for from in into nor of on onto or over so the till to up via with yet".split()
)
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December")

Cited = tuple[Record, "str | None"]  # a record and the paragraph cited (None: the whole record)


def wikileaks_url(record: Record) -> str | None:
    """The cable's page on wikileaks.org, for a record read from one (``metadata["wikileaks_id"]``)."""
    wid = record.metadata.get("wikileaks_id")
    if not wid:
        return None
    m = _WIKILEAKS_PATH.search(record.source.replace("\\", "/"))
    if m:
        return f"https://wikileaks.org/cable/{m['y']}/{m['m']}/{m['id']}.html"
    created = record.metadata.get("wikileaks_created", "") or (record.date.isoformat() if record.date else "")
    if not re.match(r"\d{4}-\d{2}", created):
        return None
    return f"https://wikileaks.org/cable/{created[:4]}/{created[5:7]}/{wid}.html"


def _author(record: Record) -> str | None:
    if isinstance(record, Cable):
        return None  # a cable's post is its institution, as Zotero has it
    return getattr(record, "author", None) or record.origin or None


def _date_parts(record: Record) -> list[int] | None:
    if record.date is None:
        return None
    precision = record.metadata.get("date_precision", "day")
    parts = [record.date.year, record.date.month, record.date.day]
    return parts[:1] if precision == "year" else parts[:2] if precision == "month" else parts


def _classification(record: Record) -> str | None:
    klass = getattr(record, "classification", None)
    if klass is None:
        return None
    return "//".join([klass.level, *klass.caveats])


def _keywords(record: Record) -> list[str]:
    return [t.code for t in getattr(record, "tags", [])]


def item_id(record: Record, paragraph: str | None) -> str:
    return f"{record.id}-p{paragraph}" if paragraph else record.id


def csl_item(record: Record, paragraph: str | None = None) -> dict[str, Any]:
    """The CSL-JSON item of the record (with the paragraph as the locator)."""
    item: dict[str, Any] = {"id": item_id(record, paragraph),
                  "type": "report" if record.kind in REPORT_KINDS else "document",
                  "title": display_title(record) or record.id}
    author = _author(record)
    if author:
        item["author"] = [{"literal": author}]
    if isinstance(record, Cable):
        if record.origin:
            item["publisher"] = record.origin
        item["number"] = record.id
        item["genre"] = CABLE_GENRE
    parts = _date_parts(record)
    if parts:
        item["issued"] = {"date-parts": [parts]}
    if _classification(record):
        item["note"] = _classification(record)
    if _keywords(record):
        item["keyword"] = ", ".join(_keywords(record))
    if record.language and record.language != "en":
        item["language"] = record.language
    url = wikileaks_url(record)
    if url:
        item["URL"] = url
    if paragraph:
        item["locator"], item["label"] = paragraph, "paragraph"
    return item


def csl_json(cited: Iterable[Cited]) -> str:
    return json.dumps([csl_item(r, p) for r, p in cited], ensure_ascii=False, indent=2) + "\n"


# --- Chicago -----------------------------------------------------------------------------------


def headline_case(title: str) -> str:
    """CSL's title case: each lower-case word capitalised but the short stop words (unless after ':' or '.')."""
    out, prev = [], ":"
    for word in title.split():
        if word.islower() and (word not in _STOP_WORDS or prev in ":."):
            word = word[0].upper() + word[1:]
        out.append(word)
        prev = word[-1]
    return " ".join(out)


def _long_date(parts: list[int]) -> str:
    if len(parts) == 1:
        return str(parts[0])
    if len(parts) == 2:
        return f"{_MONTHS[parts[1] - 1]} {parts[0]}"
    return f"{_MONTHS[parts[1] - 1]} {parts[2]}, {parts[0]}"


def chicago(record: Record, paragraph: str | None = None) -> str:
    """The Chicago full note (see the module docstring)."""
    item = csl_item(record, paragraph)
    title = item["title"] if item.get("language") else headline_case(item["title"])
    parts = [a["literal"] for a in item.get("author", [])]
    parts_date = item.get("issued", {}).get("date-parts", [[]])[0]
    if item["type"] == "report":
        head = title
        if item.get("genre"):
            parts.append(head)
            head = f"{item['genre']} {item['number']}"
        facts = ", ".join(filter(None, [item.get("publisher"), str(parts_date[0]) if parts_date else "n.d."]))
        parts.append(f"{head} ({facts})")
    else:
        parts.append(f"“{title}”")
        parts.append(_long_date(parts_date) if parts_date else "n.d.")
    if paragraph:
        parts.append(f"para. {paragraph}")
    if item.get("URL"):
        parts.append(item["URL"])
    return ", ".join(parts) + "."


# --- BibTeX and RIS ------------------------------------------------------------------------------


def _bib_escape(text: str) -> str:
    return re.sub(r"([{}\\&%$#_^~])", r"\\\1", text)


def _bib_key(record: Record, paragraph: str | None) -> str:
    return re.sub(r"[^A-Za-z0-9_:-]", "_", item_id(record, paragraph).replace("-p", "_p"))


def bibtex_entry(record: Record, paragraph: str | None = None) -> str:
    item = csl_item(record, paragraph)
    kind = "techreport" if item["type"] == "report" else "misc"
    fields: list[tuple[str, str]] = [("title", "{" + _bib_escape(item["title"]) + "}")]
    for author in item.get("author", []):
        fields.append(("author", "{{" + _bib_escape(author["literal"]) + "}}"))
    if kind == "techreport":
        fields.append(("institution", "{" + _bib_escape(item.get("publisher") or _author(record) or "") + "}"))
    if item.get("number"):
        fields += [("number", "{" + _bib_escape(item["number"]) + "}"), ("type", "{" + item["genre"] + "}")]
    date = item.get("issued", {}).get("date-parts", [[]])[0]
    if date:
        fields.append(("year", "{" + str(date[0]) + "}"))
        fields.append(("date", "{" + "-".join(f"{n:02d}" for n in date) + "}"))
    if paragraph:
        fields.append(("pages", "{¶" + _bib_escape(paragraph) + "}"))
    if item.get("note"):
        fields.append(("note", "{" + _bib_escape(item["note"]) + "}"))
    if item.get("keyword"):
        fields.append(("keywords", "{" + _bib_escape(item["keyword"]) + "}"))
    if item.get("language"):
        fields.append(("language", "{" + item["language"] + "}"))
    if item.get("URL"):
        fields.append(("url", "{" + item["URL"] + "}"))
    body = ",\n".join(f"  {name} = {value}" for name, value in fields)
    return f"@{kind}{{{_bib_key(record, paragraph)},\n{body}\n}}\n"


def bibtex(cited: Iterable[Cited]) -> str:
    return "\n".join(bibtex_entry(r, p) for r, p in cited)


def ris_entry(record: Record, paragraph: str | None = None) -> str:
    item = csl_item(record, paragraph)
    lines = [("TY", "RPRT" if item["type"] == "report" else "GEN"), ("TI", item["title"])]
    lines += [("AU", a["literal"]) for a in item.get("author", [])]
    date = item.get("issued", {}).get("date-parts", [[]])[0]
    if date:
        lines += [("PY", str(date[0])), ("DA", "/".join(f"{n:02d}" for n in date))]
    if item.get("publisher"):
        lines.append(("PB", item["publisher"]))
    if item.get("number"):
        lines += [("SN", item["number"]), ("M3", item["genre"])]
    if paragraph:
        lines.append(("SP", f"¶{paragraph}"))
    lines += [("KW", k) for k in _keywords(record)]
    if item.get("note"):
        lines.append(("N1", item["note"]))
    if item.get("language"):
        lines.append(("LA", item["language"]))
    if item.get("URL"):
        lines.append(("UR", item["URL"]))
    lines.append(("ID", item["id"]))
    return "".join(f"{tag}  - {value}\n" for tag, value in lines) + "ER  - \n"


def ris(cited: Iterable[Cited]) -> str:
    return "\n".join(ris_entry(r, p) for r, p in cited)


def render(fmt: str, cited: Iterable[Cited]) -> str:
    """``cited`` in one of CITE_FORMATS: the Chicago notes one a line, BibTeX, RIS or CSL-JSON."""
    cited = list(cited)
    if fmt == "chicago":
        return "".join(chicago(r, p) + "\n" for r, p in cited)
    return {"bibtex": bibtex, "ris": ris, "csl-json": csl_json}[fmt](cited)


CITE_FORMATS = ("chicago", "bibtex", "ris", "csl-json")


# --- exporting marks -------------------------------------------------------------------------------

EXPORT_FORMATS = {"md": ".md", "citations": ".txt", "json": ".json", "bibtex": ".bib", "ris": ".ris",
                  "csl-json": ".json"}


def export(fmt: str, items: list[MarkedItem], tag: str | None = None) -> str:
    """The marks ``items`` (search.marks.listed) in one of EXPORT_FORMATS.

    ``md`` is a briefing grouped by tag, by date within a tag; ``citations`` one citation line a
    mark; ``json`` the marks as ``cables marks --json`` gives them; the reference formats leave out
    the marks whose document is missing (:func:`left_out` names them).
    """
    if fmt == "md":
        return briefing(items, tag)
    if fmt == "citations":
        return "".join(i.citation + (f"  [missing: {i.missing}]" if i.missing else "") + "\n" for i in items)
    if fmt == "json":
        return json.dumps([mark_json(i) for i in items], ensure_ascii=False, indent=2) + "\n"
    return render(fmt, [(i.record, i.mark.paragraph) for i in items if i.record is not None and not i.missing])


def left_out(fmt: str, items: list[MarkedItem]) -> list[MarkedItem]:
    """The marks an export in ``fmt`` cannot carry (a reference format needs the record)."""
    return [i for i in items if i.missing] if fmt in CITE_FORMATS else []


def _by_date(item: MarkedItem) -> tuple[bool, str, str]:
    date = item.record.date if item.record is not None and item.record.date else None
    return (date is None, date.isoformat() if date else "", item.citation)


def briefing(items: list[MarkedItem], tag: str | None = None) -> str:
    """The Markdown briefing: per tag, each mark's citation line, its text, then its note."""
    title = f"Marks tagged {tag}" if tag else "Marks"
    lines = [f"# {title}", "", f"{len(items)} mark{'s' if len(items) != 1 else ''}", ""]
    for name, group in by_tag(items).items():
        lines += [f"## {name or 'Untagged'}", ""]
        for item in sorted(group, key=_by_date):
            lines += [f"### {item.citation}", ""] + _quoted(item) + [""]
            if item.mark.note:
                lines += [f"Note: {item.mark.note}", ""]
    return "\n".join(lines).rstrip() + "\n"


def _quoted(item: MarkedItem) -> list[str]:
    record = item.record
    if item.missing or record is None:
        return [f"_{item.missing}_"]
    if item.paragraph is not None:
        label = paragraph_label(record.kind, None, item.paragraph.marking)
        return _quote(f"{label + ' ' if label else ''}{item.paragraph.text}")
    lines = _quote(f"**{'Subject' if isinstance(record, Cable) else 'Title'}:** {display_title(record) or record.id}")
    summary = getattr(record, "summary", None)
    if summary:
        lines += [">"] + _quote(f"**Summary:** {summary}")
    return lines


def _quote(text: str) -> list[str]:
    return [f"> {line}".rstrip() for line in text.splitlines() or [""]]


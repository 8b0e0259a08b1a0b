"""TEI P5 files (Office of the Historian: FRUS history, RDCR guide) -> ``Document``.

One file gives one ``Document`` (returned in a list so that a caller need not
care): a file holding several ``<div type="document">`` (a letter and its
reply, minutes with an attachment) is read as one record whose paragraphs
carry each part's ``<head>`` as their heading.

* id: ``tei-`` + the root's ``xml:id`` when present, else ``tei-`` + the file
  name stem; a purely numeric stem (``events/1.xml``) is prefixed with its
  folder (``tei-events-1``).
* kind: ``letter`` for a transcribed letter (a document whose ``<head>`` reads
  "A to B", or with an opener/closer), ``document`` for other transcribed
  documents (minutes, memoranda), ``article`` for articles, the monograph, the
  RDCR country guides and the XHTML event pages.
* date: the header's ``<date type="created">``, else the first dateline's
  ``<date when>`` or text, else any header ``<date when>``; None otherwise.
* paragraphs: every ``<p>``, list ``<item>``, table ``<row>`` and ``<ab>`` in
  order, numbered 1..N, heading = the nearest enclosing ``<div>``'s
  ``<head>``; ``<note>`` text is never mixed in: notes follow as paragraphs
  numbered ``n1``, ``n2`` … under the heading "Notes".
  Datelines, salutations and signatures are kept as unnumbered paragraphs.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time
from pathlib import PurePosixPath

from lxml import etree

from corpus.countries import find_countries, normalise_country
from corpus.dates import DateSpan, dateline, parse_date_phrase
from corpus.document import detect_language
from corpus.records import Document, Paragraph, ParseError

__all__ = ["parse_tei"]

_XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True, remove_comments=True, remove_pis=True)
_NUMBERED = {"p", "item", "row", "ab", "li"}
_UNNUMBERED = {"dateline", "salute", "signed", "byline", "docAuthor"}
_HEADS = {"head", "h1", "h2", "h3", "h4", "h5", "h6"}
_SKIP = {"note", "teiHeader", "figure", "graphic", "icon", "img", "link", "link-alttext"}
# "Memorandum From Arthur Kogan Through X to William Franklin" (parentheses removed first)
_A_TO_B = re.compile(
    r"^(?:(?:[\w-]+\s+){0,3}(?:From|from|by)\s+)?(?!(?:Annex|Attachment|Enclosure|Tab|Appendix)\b)"
    r"(?P<a>(?:the\s+)?[A-Z][^,;]+?)(?:\s+Through\s+.+?)?\s+to\s+(?P<b>(?:the\s+)?[A-Z][^,;]+?)(?:,\s.*)?$"
)
_PAREN = re.compile(r"\s*\([^)]*\)")
_WRITTEN_BY = re.compile(r"(?:written|prepared|compiled) by\s+(?P<who>[A-Z][\w.'’ -]+?)(?:,|\s+in\b|$)")
_SPACES = re.compile(r"\s+")
_MEMO = re.compile(r"\b(?:memorandum|minutes|telegram|report|paper|study)\b")


def _local(el: etree._Element) -> str:
    tag = el.tag
    if not isinstance(tag, str):
        return ""
    return tag.rsplit("}", 1)[-1]


def _norm(text: str) -> str:
    return _SPACES.sub(" ", text).strip()


def _text(el: etree._Element, *, skip_blocks: bool = False) -> str:
    """The element's text without notes (and, if asked, without nested paragraphs)."""
    parts: list[str] = []

    def walk(e: etree._Element) -> None:
        if e.text:
            parts.append(e.text)
        for child in e:
            name = _local(child)
            if name in _SKIP or (skip_blocks and name in _NUMBERED | _HEADS | {"list", "table", "div"}):
                pass
            elif name == "lb":
                parts.append(" ")
            else:
                walk(child)
            if child.tail:
                parts.append(child.tail)

    walk(el)
    return _norm("".join(parts))


def _find(root: etree._Element, name: str) -> list[etree._Element]:
    return [e for e in root.iter() if _local(e) == name]


def _header_title(root: etree._Element) -> str:
    titles = [t for t in _find(root, "title") if any(_local(a) == "titleStmt" for a in t.iterancestors())]
    for t in titles:
        if t.get("type") == "complete":
            return _text(t)
    if titles:
        return _text(titles[0])
    # Non-TEI pages (events): a <title> child of the root.
    for child in root:
        if _local(child) == "title":
            return _text(child)
    return ""


def _header_date(root: etree._Element) -> tuple[DateSpan | None, str]:
    dates = [d for d in _find(root, "date") if any(_local(a) == "teiHeader" for a in d.iterancestors())]
    ranked = sorted(dates, key=lambda d: 0 if d.get("type") == "created" else 1)
    for d in ranked:
        when = d.get("when") or _text(d)
        span = parse_date_phrase(when) if when else None
        if span is not None and d.get("type") == "created":
            return span, "created"
    return None, ""


def _walk_body(body: etree._Element) -> tuple[list[Paragraph], list[str]]:
    paragraphs: list[Paragraph] = []
    counter = 0

    def div_head(div: etree._Element) -> str | None:
        for child in div:
            if _local(child) in _HEADS:
                return _text(child) or None
        return None

    def walk(e: etree._Element, heading: str | None) -> None:
        nonlocal counter
        for child in e:
            name = _local(child)
            if not name:
                continue
            if name in _SKIP:
                continue
            if name in ("div", "body", "back", "front", "full-description", "teaser") or name.startswith("div"):
                h = div_head(child) if name.startswith("div") else None
                walk(child, h or heading)
                continue
            if name in _NUMBERED:
                nested = any(_local(d) in _NUMBERED for d in child.iterdescendants())
                t = _text(child, skip_blocks=nested)
                if t:
                    counter += 1
                    paragraphs.append(Paragraph(number=str(counter), heading=heading, text=t))
                if nested:
                    walk(child, heading)
                continue
            if name in _UNNUMBERED:
                t = _text(child)
                if t:
                    paragraphs.append(Paragraph(heading=heading, text=t))
                continue
            if name in _HEADS:
                continue  # carried as Paragraph.heading
            walk(child, heading)

    walk(body, None)
    # Notes anywhere in the body, in document order, once each.
    notes = [t for t in (_text(n) for n in body.iter() if _local(n) == "note") if t]
    return paragraphs, notes


def _stem_id(source: str) -> str:
    path = PurePosixPath(source.replace("\\", "/").split(":")[-1])
    stem = path.stem or "unnamed"
    if stem.isdigit() and path.parent.name:
        stem = f"{path.parent.name}-{stem}"
    return stem


def parse_tei(data: bytes, *, source: str = "") -> list[Document]:
    """Read one TEI (or Office of the Historian XML) file; see the module docstring."""
    src = source or "<tei>"
    root = _root(data, src)
    paragraphs = _paragraphs(root, src)
    doc_divs = [d for d in _find(root, "div") if d.get("type") == "document"]
    title = _header_title(root)
    heads = [_text(h) for d in doc_divs for h in d if _local(h) == "head"]
    span, how = _date(root)
    author, addressee = _author_and_addressee(root, heads, doc_divs)
    body_text = "\n\n".join(p.text for p in paragraphs if not (p.number or "").startswith("n"))
    lang = root.get(_XML_LANG) or detect_language(body_text)
    short = next((_text(t) for t in _find(root, "title") if t.get("type") == "short"), "")
    metadata = {"tei_root": _local(root)}
    if short:
        metadata["short_title"] = short
    if how:
        metadata["date_source"] = how
    if span is not None:
        metadata["date_precision"] = span.precision
    if doc_divs:
        metadata["documents"] = str(len(doc_divs))
    return [
        Document(
            id="tei-" + (root.get(_XML_ID) or _stem_id(src)),
            kind=_kind(root, heads, doc_divs, addressee),
            title=title or (heads[0] if heads else _stem_id(src)),
            date=datetime.combine(span.start, time()) if span is not None else None,
            dates=_body_dates(root, span),
            language=lang if len(lang) == 2 else lang[:2],
            countries=_countries(short, body_text),
            origin=author or "Office of the Historian, U.S. Department of State",
            origin_country=None if author else "United States",
            paragraphs=paragraphs,
            source=source,
            metadata=metadata,
            author=author,
            addressee=addressee,
            place=_place(root) or None,
            event=None,
        )
    ]


def _root(data: bytes, src: str) -> etree._Element:
    try:
        root = etree.fromstring(data, parser=_PARSER)
    except etree.XMLSyntaxError as exc:
        raise ParseError(src, f"not well-formed XML: {exc}") from None
    if root is None:
        raise ParseError(src, "empty XML document")
    return root


def _paragraphs(root: etree._Element, src: str) -> list[Paragraph]:
    """The text's paragraphs, then its notes as paragraphs "n1", "n2" … under the heading "Notes"."""
    bodies = _find(root, "text") or [root]
    paragraphs: list[Paragraph] = []
    notes: list[str] = []
    for body in bodies:
        if any(_local(a) == "text" for a in body.iterancestors()):
            continue  # nested <text> (group) is walked with its parent
        ps, ns = _walk_body(body)
        paragraphs += ps
        notes += ns
    if not any(p.text for p in paragraphs):
        raise ParseError(src, f"no text paragraphs in <{_local(root)}>")
    for i, n in enumerate(notes, 1):
        paragraphs.append(Paragraph(number=f"n{i}", heading="Notes", text=n))
    return paragraphs


def _date(root: etree._Element) -> tuple[DateSpan | None, str]:
    """The document's date and where it was read: the header, a dateline, an event date, a created date."""
    span, how = _header_date(root)
    if span is None:
        for dl in _find(root, "dateline"):
            when = next((d.get("when") for d in dl.iter() if _local(d) == "date" and d.get("when")), None)
            span = parse_date_phrase(when) if when else dateline(_text(dl))[1]
            if span is not None:
                how = "dateline"
                break
    if span is None:
        for tag in ("event-date", "created"):
            el = next((e for e in root if _local(e) == tag), None)
            if el is not None and _text(el):
                span = parse_date_phrase(_text(el))
                how = tag
                if span:
                    break
    return span, how


def _author_and_addressee(
    root: etree._Element, heads: list[str], doc_divs: list[etree._Element]
) -> tuple[str | None, str | None]:
    """ "Telegram From the Embassy in Chile to the Department of State" -> both; else a signature, else
    "written by …" in the source description."""
    author = addressee = None
    if heads:
        m = _A_TO_B.match(_PAREN.sub("", heads[0]))
        if m:
            author, addressee = m.group("a").strip(), m.group("b").strip()
    if author is None:
        # Signatures only inside transcribed documents: the monograph's front
        # matter signs as "The Historian", which is not its author.
        scope = [e for d in doc_divs for e in d.iter()] if doc_divs else [
            e for e in root.iter() if any(_local(a) == "titleStmt" for a in e.iterancestors())
        ]
        for tag in ("signed", "byline", "author"):
            el = next((e for e in scope if _local(e) == tag), None)
            if el is not None:
                pn = next((p for p in el.iter() if _local(p) == "persName"), None)
                author = _text(pn if pn is not None else el) or None
                if author:
                    break
    if author is None:
        m = _WRITTEN_BY.search(" ".join(_text(e) for e in _find(root, "sourceDesc")))
        if m:
            author = m.group("who").strip()
    return author, addressee


def _kind(root: etree._Element, heads: list[str], doc_divs: list[etree._Element], addressee: str | None) -> str:
    if not doc_divs:
        return "article"
    has_letter_parts = any(_find(root, t) for t in ("opener", "salute"))
    first_head = heads[0].lower() if heads else ""
    memo = _MEMO.search(first_head)
    return "letter" if ("letter" in first_head or has_letter_parts or (addressee and not memo)) else "document"


def _countries(short_title: str, body_text: str) -> list[str]:
    """The country a volume's short title names ("Chile"), then those the text names, once each."""
    countries: list[str] = []
    subject = normalise_country(short_title) if short_title else None
    for c in ([subject] if subject else []) + find_countries(body_text):
        if c not in countries:
            countries.append(c)
    return countries


def _body_dates(root: etree._Element, span: DateSpan | None) -> list[date]:
    """Every <date when> of the body, in order, after the document's own date."""
    dates = [span.start] if span is not None else []
    for d in _find(root, "date"):
        when = d.get("when")
        if not when or any(_local(a) == "teiHeader" for a in d.iterancestors()):
            continue
        s = parse_date_phrase(when[:10])
        if s is not None and s.start not in dates:
            dates.append(s.start)
    return dates


def _place(root: etree._Element) -> str | None:
    place = None
    for dl in _find(root, "dateline"):
        pn = next((p for p in dl.iter() if _local(p) == "placeName"), None)
        place = _text(pn) if pn is not None else dateline(_text(dl))[0]
        if place:
            break
    return place

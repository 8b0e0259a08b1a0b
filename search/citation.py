"""Citations: read any way people write a cable or document reference, find it, format it.

Forms read (case does not matter):
    09LIMA1661   09 LIMA 1661   2009 LIMA 1661   09lima1661   09LIMA01661
    LIMA 001661 / LIMA 1661        no year: every LIMA cable numbered 1661 in the index
    09LIMA1661_a                   PlusD
    https://wikileaks.org/cable/2009/11/09LIMA1661.html#par7
    REF: LIMA 0046
  with an optional paragraph: ``¶7``, ``¶ 7``, ``para 7``, ``paragraph 7``, ``par. 7``, ``#par7``,
  anywhere in the text (``para 7 of 09LIMA1661``, ``09LIMA1661 (para 7)``, our own pasted line
  ``09LIMA1661 ¶7 (C), Embassy Lima, …``), or several: ``¶¶3-5``, ``paras 3 and 5`` (the line
  then reads ``¶¶3-5 (SBU, C)``; ``paragraph`` is the first one, ``text`` holds them all);
  documents by id and section: ``UNGDC-PER-2003 12``, ``UNGDC-PER-2003 ¶12``, ``doc-… §2.1.3``, ``… § III``.

The ready-to-paste line (formatted by search.presentation.citation_line):
    07LIMA2313 ¶7 (C), Embassy Lima, "DAS Coulter's visit to Peru for pol-mil talks", 2007-07-06
    <id> §2.1.3, <origin>, "<title>", <date>          (documents)

Look-ups go through the id field only (no full-text query): a citation is
answered in a few milliseconds.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from corpus.records import Paragraph, Record
from search.models import Citation, CitationLookup
from search.presentation import citation_line, display_title, paragraph_sign


class Lookups(Protocol):
    """What a citation asks of an index: either engine (index/engines.py) or the citation table
    beside a Whoosh index (index/citetable.py)."""

    def has(self, id: str) -> bool: ...

    def existing(self, ids: Iterable[str]) -> set[str]: ...

    def get(self, id: str) -> Record | None: ...

    def field_values(self, field: str) -> list[str]: ...

    def id_with(self, field: str, value: str) -> str | None: ...

_URL = re.compile(r"^(?:https?://|www\.)\S+$", re.I)
_FRAGMENT_PAR = re.compile(r"#par(?P<num>\w+)$", re.I)
# A paragraph or section number: digits ("7", "2.1.3", "1.A"), a Roman numeral ("III") or one
# letter ("a") - never a whole word, so "section on security" in a pasted title is no number.
_NUM = r"(?:\d{1,4}[A-Za-z]?|[IVXLC]{1,6}|[A-Za-z])(?:\.[0-9A-Za-z]+)*(?![\w])"
# Further numbers of a list or range ("¶¶3-4", "paras 3 and 4", "¶ 3, 4"): short digit-led ones
# only, so the ", 2009-11-19" of a pasted citation line is not read as paragraphs.
_MORE = r"\s*(?:-|–|—|,|&|\band\b|\bto\b|\bthrough\b|\bthru\b)\s*(?:¶+\s*|§+\s*|\bparas?\b\.?\s*)?\d{1,3}(?:\.[0-9A-Za-z]+)*(?![\w])"  # noqa: E501
# Found anywhere, not only at the end: "09LIMA1661 (para 4)", "para 4 of 09LIMA1661" and our own
# ready-to-paste line "09LIMA1661 ¶7 (C), Embassy Lima, ..." all name a paragraph.
_PARAGRAPH = re.compile(
    r"(?:¶+\s*|§+\s*|#par|\b(?:paragraphs|paragraph|paras|para|pars|par|sections|section|secs|sec)(?![A-Za-z])\.?\s*)"
    rf"(?P<num>{_NUM})(?P<more>(?:{_MORE})*)",
    re.I,
)
_MORE_ITEM = re.compile(
    r"(?P<sep>-|–|—|,|&|\band\b|\bto\b|\bthrough\b|\bthru\b)\s*(?:¶+\s*|§+\s*|\bparas?\b\.?\s*)?"
    r"(?P<num>\d{1,3}(?:\.[0-9A-Za-z]+)*)",
    re.I,
)
_RANGE_SEPS = {"-", "–", "—", "to", "through", "thru"}
_LEADING_OF = re.compile(r"^\s*(?:of|in|from)\b[\s:,]*", re.I)
_REF_LABEL = re.compile(r"^(?:REFTELS?|REFS?|REFERENCE)\s*[:.]?\s*", re.I)
_NO_YEAR = re.compile(r"^(?P<st>[A-Za-z][A-Za-z .'\u2019-]*?)[\s-]*(?P<ser>\d{1,7})$")
_TRAILING_SECTION = re.compile(r"^(?P<id>\S+)\s+(?P<sec>[0-9A-Za-z]{1,8}(?:\.[0-9A-Za-z]+)*)\.?$")


@dataclass
class _Wanted:
    """The paragraphs a citation asks for: one ("7"), a range ("3"-"5") or a list ("3", "5")."""

    numbers: list[str]
    is_range: bool = False

    def label(self) -> str:
        if len(self.numbers) == 1:
            return self.numbers[0]
        return "-".join(self.numbers) if self.is_range else ", ".join(self.numbers)


def _wanted(m: re.Match[str]) -> _Wanted:
    numbers = [m["num"]]
    is_range = False
    for item in _MORE_ITEM.finditer(m["more"] or ""):
        numbers.append(item["num"])
        is_range = is_range or item["sep"].lower() in _RANGE_SEPS
    if is_range:
        numbers = [numbers[0], numbers[-1]]
    return _Wanted(list(dict.fromkeys(numbers)), is_range and len(set(numbers)) > 1)


def _split(text: str) -> tuple[str, _Wanted | None]:
    """(the id part, the paragraphs asked for or None)."""
    s = text.strip().strip(",;")
    wanted = None
    if _URL.match(s):
        frag = _FRAGMENT_PAR.search(s)
        if frag:
            wanted = _Wanted([frag["num"]])
        s = s.split("#", 1)[0].rstrip("/")
        s = s.rsplit("/", 1)[-1]
        s = re.sub(r"\.html?$", "", s, flags=re.I)
    else:
        # Only before a quoted title: a pasted line's title may say "Section 2" itself.
        head = s.split('"', 1)[0]
        m = _PARAGRAPH.search(head)
        if m:
            before, after = s[: m.start()], s[m.end():]
            # Every id has a digit: "see para 4 of 09LIMA1661" has its id after the paragraph.
            if before.strip(" ,;:-([") and (any(c.isdigit() for c in before) or not any(c.isdigit() for c in after)):
                s = before
            else:  # "para 4 of 09LIMA1661"
                s = _LEADING_OF.sub("", after.strip(" ,;:)]"))
            wanted = _wanted(m)
    s = _REF_LABEL.sub("", s.strip(" ([")).strip().strip(",;:-").strip()
    return s, wanted


def _candidates_without_year(index: Lookups, s: str) -> list[str] | None:
    """Every cable of that station and serial in the index, newest year first; None if s is not STATION SERIAL."""
    from corpus.ids import canonical_station

    m = _NO_YEAR.match(s)
    if not m:
        return None
    station = canonical_station(m["st"].strip())
    if station is None:
        return None
    serial = int(m["ser"])
    # Only the years the index holds: one look-up for all of their candidate ids.
    years = sorted(index.field_values("year"), reverse=True)
    candidates = [f"{y[-2:]}{station}{serial}" for y in years]
    present = index.existing(candidates)
    return [cid for cid in candidates if cid in present]


def _resolve(index: Lookups, s: str) -> tuple[list[str], str | None, str | None]:
    """(ids in the index, a paragraph found trailing a document id, the id we tried when none is in the index)."""
    from corpus.ids import canonical_id, find_ids

    tried = None
    cid = canonical_id(s)
    if cid:
        if index.has(cid):
            return [cid], None, None
        tried = cid
    ids = find_ids(s)
    if ids:
        present = [i for i in ids if index.has(i)]
        if present:
            return present, None, None
        tried = tried or ids[0]
    no_year = _candidates_without_year(index, s)
    if no_year:
        return no_year, None, None
    # Documents: their ids as written, or upper-cased ("ungdc-per-2003").
    for form in dict.fromkeys([s, s.upper(), s.lower()]):
        if form and index.has(form):
            return [form], None, None
    m = _TRAILING_SECTION.match(s)
    if m:
        for form in dict.fromkeys([m["id"], m["id"].upper(), m["id"].lower()]):
            if index.has(form):
                return [form], m["sec"], None
    for form in dict.fromkeys([s, s.lower(), *([m["id"].lower()] if m else [])]):
        found = _by_alias(index, form)
        if found:
            return [found], (m["sec"] if m and form == m["id"].lower() else None), None
    return [], None, tried


def _by_alias(index: Lookups, form: str) -> str | None:
    """The id of the document that ``form`` was a former id of ("doc-6fa2fbb2ecef"), if any."""
    return index.id_with("alias", form) if form else None


def _find_paragraph(record: Record, number: str) -> Paragraph | None:
    wanted = number.strip().rstrip(".")
    p = record.paragraph(wanted)
    if p is not None:
        return p
    for p in record.paragraphs:
        if p.number and p.number.lower() == wanted.lower():
            return p
    return None


def _numbers(record: Record) -> str:
    nums = [p.number for p in record.paragraphs if p.number]
    if len(nums) > 12:
        nums = nums[:5] + ["…"] + nums[-3:]
    return ", ".join(nums) or "none"


def _select(record: Record, wanted: _Wanted) -> tuple[list[Paragraph], str | None]:
    """(the paragraphs asked for, in document order; the first number not found, if any)."""
    found = []
    for number in wanted.numbers:
        p = _find_paragraph(record, number)
        if p is None:
            return [], number
        found.append(p)
    if not wanted.is_range:
        return found, None
    # A range takes everything between its ends, unnumbered continuation paragraphs included.
    ends = sorted(next(i for i, q in enumerate(record.paragraphs) if q is p) for p in found)
    return [p for p in record.paragraphs[ends[0] : ends[1] + 1] if p.text], None


def quick_lookup(target: str | Path, text: str) -> CitationLookup | None:
    """:func:`lookup` answered without opening the engine (index/engines.py ``open_lookups``: the
    citation table beside a Whoosh index, Solr's real-time get; no Whoosh, numpy or httpx, a few
    milliseconds); None when there is no such path, when it cannot answer (no current, readable
    table; a node that does not answer; a question not by id), or when it finds nothing (the engine
    then says what is missing, so that a damaged table can never make a cable disappear): the
    caller asks the engine itself."""
    import pickle
    import zlib

    from index.engines import open_lookups
    from index.store import StoreError

    try:
        table = open_lookups(target)
        if table is None:
            return None
        with table:
            found = lookup(table, text)
            return found if found.found or found.candidates else None
    except (OSError, ValueError, LookupError, zlib.error, pickle.UnpicklingError, StoreError):
        return None  # the engine answers, and says what is wrong


def lookup(index: Lookups, text: str) -> CitationLookup:
    """Find what ``text`` cites in ``index`` (either engine of index/engines.py)."""
    from corpus.ids import is_known_cablegate_id

    query = text
    s, paragraph = _split(text)
    if not s:
        return CitationLookup(query=query, message="give a citation, e.g. 09LIMA1661 ¶7")
    ids, trailing, tried = _resolve(index, s)
    if not ids:
        if tried:
            if is_known_cablegate_id(tried):
                msg = f"{tried} is a Cablegate cable that is not in your index"
            else:
                msg = f"no such cable: {tried} is not in your index nor among the Cablegate cables"
        elif _NO_YEAR.match(s):
            msg = f"no cable {s!r} in your index (with the year: e.g. 09LIMA1661)"
        else:
            msg = f"nothing in your index matches {s!r} (try e.g. 09LIMA1661 ¶7)"
        return CitationLookup(query=query, message=msg)
    if len(ids) > 1:
        return CitationLookup(query=query, candidates=ids, message=f"{len(ids)} documents match {s!r}: choose one")
    record = index.get(ids[0])
    if record is None:  # deleted between the look-up and now
        return CitationLookup(query=query, message=f"{ids[0]} is no longer in your index")
    if paragraph is None and trailing:
        paragraph = _Wanted([trailing])
    if paragraph is None:
        return CitationLookup(
            query=query,
            found=Citation(
                id=record.id, paragraph=None, marking=None, text=display_title(record),
                citation=citation_line(record), record=record,
            ),
        )
    paras, missing = _select(record, paragraph)
    if missing is not None or not paras:
        return CitationLookup(
            query=query,
            message=f"{record.id} has no paragraph {paragraph_sign(record.kind)}{missing or paragraph.label()}; "
            f"its paragraphs: {_numbers(record)}",
        )
    if len(paras) == 1:
        p = paras[0]
        return CitationLookup(
            query=query,
            found=Citation(
                id=record.id, paragraph=p.number, marking=p.marking, text=p.text,
                citation=citation_line(record, p), record=record,
            ),
        )
    # Several: ``paragraph`` is the first one (where a reader opens), the text and the line cover all.
    markings = list(dict.fromkeys(p.marking for p in paras if p.marking))
    return CitationLookup(
        query=query,
        found=Citation(
            id=record.id, paragraph=paras[0].number, marking=", ".join(markings) or None,
            text="\n\n".join(p.text for p in paras),
            citation=citation_line(record, paragraphs=paras), record=record, several=True,
        ),
    )

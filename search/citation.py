"""Citations: read any way people write a cable or document reference, find it, format it.

Forms read (case does not matter):
    09LIMA1661   09 LIMA 1661   2009 LIMA 1661   09lima1661   09LIMA01661
    LIMA 001661 / LIMA 1661        no year: every LIMA cable numbered 1661 in the index
    09LIMA1661_a                   PlusD
    https://wikileaks.org/cable/2009/11/09LIMA1661.html#par7
    REF: LIMA 0046
  with an optional paragraph: ``¶7``, ``¶ 7``, ``para 7``, ``paragraph 7``, ``par. 7``, ``#par7``;
  documents by id and section: ``UNGDC-PER-2003 12``, ``UNGDC-PER-2003 ¶12``, ``doc-… §2.1.3``, ``… § III``.

The ready-to-paste line:
    07LIMA2313 ¶7 (C), Embassy Lima, "DAS Coulter's visit to Peru for pol-mil talks", 2007-07-06
    <id> §2.1.3, <origin>, "<title>", <date>          (documents)

Look-ups go through the id field only (no full-text query): a citation is
answered in a few milliseconds.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict

from corpus.records import Cable, Record
from search.models import Citation, CitationLookup

_URL = re.compile(r"^(?:https?://|www\.)\S+$", re.I)
_FRAGMENT_PAR = re.compile(r"#par(?P<num>\w+)$", re.I)
_PARAGRAPH = re.compile(
    r"[\s,;]*(?:¶+\s*|§+\s*|#par|\b(?:paragraph|para|par|section|sec)\b\.?\s*)"
    r"(?P<num>[0-9A-Za-z]+(?:\.[0-9A-Za-z]+)*)\.?\s*$",
    re.I,
)
_REF_LABEL = re.compile(r"^(?:REFTELS?|REFS?|REFERENCE)\s*[:.]?\s*", re.I)
_NO_YEAR = re.compile(r"^(?P<st>[A-Za-z][A-Za-z .'\u2019-]*?)[\s-]*(?P<ser>\d{1,7})$")
_TRAILING_SECTION = re.compile(r"^(?P<id>\S+)\s+(?P<sec>[0-9A-Za-z]{1,8}(?:\.[0-9A-Za-z]+)*)\.?$")
_TITLE_WORD = re.compile(r"[A-Za-z][A-Za-z'\u2019\-]*")
_POSSESSIVE = re.compile(r"^(?P<base>.+?)(?P<tail>['\u2019][Ss])$")


def _split(text: str) -> tuple[str, str | None]:
    """(the id part, the paragraph asked for or None)."""
    s = text.strip().strip(",;")
    paragraph = None
    if _URL.match(s):
        frag = _FRAGMENT_PAR.search(s)
        if frag:
            paragraph = frag["num"]
        s = s.split("#", 1)[0].rstrip("/")
        s = s.rsplit("/", 1)[-1]
        s = re.sub(r"\.html?$", "", s, flags=re.I)
    else:
        m = _PARAGRAPH.search(s)
        if m and m.start() > 0:
            paragraph = m["num"]
            s = s[: m.start()]
    s = _REF_LABEL.sub("", s.strip()).strip().strip(",;").strip()
    return s, paragraph


def _candidates_without_year(index, s: str) -> list[str] | None:
    """Every cable of that station and serial in the index, newest year first; None if s is not STATION SERIAL."""
    from corpus.ids import canonical_station

    m = _NO_YEAR.match(s)
    if not m:
        return None
    station = canonical_station(m["st"].strip())
    if station is None:
        return None
    serial = int(m["ser"])
    # Only the years the index holds, tried against the id terms directly (no search per year);
    # a term can outlive a deleted document, so the few hits are confirmed with has().
    with index.searcher() as searcher:
        reader = searcher.reader()
        years = sorted({y.decode() if isinstance(y, bytes) else y for y in reader.lexicon("year")}, reverse=True)
        found = [cid for y in years if ("id", cid := f"{y[-2:]}{station}{serial}") in reader]
    return [cid for cid in found if index.has(cid)]


def _resolve(index, s: str) -> tuple[list[str], str | None, str | None]:
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
    return [], None, tried


def _find_paragraph(record: Record, number: str):
    wanted = number.strip().rstrip(".")
    p = record.paragraph(wanted)
    if p is not None:
        return p
    for p in record.paragraphs:
        if p.number and p.number.lower() == wanted.lower():
            return p
    return None


def _sign(record: Record) -> str:
    return "¶" if record.kind == "cable" else "§"


def _numbers(record: Record) -> str:
    nums = [p.number for p in record.paragraphs if p.number]
    if len(nums) > 12:
        nums = nums[:5] + ["…"] + nums[-3:]
    return ", ".join(nums) or "none"


def display_title(record: Record) -> str:
    """The title, in sentence case when written in capitals (cable subjects).

    Each word takes the case it mostly has in the text ("Coulter", "DAS"); a word
    the text also writes in lower case is lower-cased ("pol-mil", "visit").
    """
    title = record.title or getattr(record, "subject", "") or ""
    letters = [c for c in title if c.isalpha()]
    if not letters or sum(c.isupper() for c in letters) < 0.8 * len(letters):
        return title
    forms: dict[str, Counter] = defaultdict(Counter)
    for w in _TITLE_WORD.findall(record.text):
        forms[w.lower()][w] += 1

    def case_of(word: str) -> str | None:
        seen = forms.get(word.lower())
        if not seen:
            return None
        if word.lower() in seen:
            return word.lower()
        return seen.most_common(1)[0][0]

    out: list[str] = []
    first = True
    for piece in re.split(r"([A-Za-z][A-Za-z'\u2019\-]*)", title):
        if not piece or not piece[0].isalpha():
            out.append(piece.lower() if piece.isupper() else piece)
            continue
        form = case_of(piece)
        if form is None and (m := _POSSESSIVE.match(piece)):
            base = case_of(m["base"])
            form = base + m["tail"].lower() if base else None
        if form is None:
            form = piece if len(piece) <= 3 else piece.lower()
        if first:
            form = form[0].upper() + form[1:]
            first = False
        out.append(form)
    return "".join(out)


def citation_line(record: Record, paragraph=None) -> str:
    parts = [record.id]
    if paragraph is not None and paragraph.number:
        parts[0] += f" {_sign(record)}{paragraph.number}"
        if paragraph.marking and isinstance(record, Cable):
            parts[0] += f" ({paragraph.marking})"
    bits = [parts[0]]
    if record.origin:
        bits.append(record.origin)
    title = display_title(record)
    if title:
        bits.append(f'"{title}"')
    if record.date:
        bits.append(record.date.date().isoformat())
    return ", ".join(bits)


def lookup(index, text: str) -> CitationLookup:
    """Find what ``text`` cites in ``index`` (an index.engine.Index)."""
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
    paragraph = paragraph or trailing
    if paragraph is None:
        return CitationLookup(
            query=query,
            found=Citation(
                id=record.id, paragraph=None, marking=None, text=display_title(record),
                citation=citation_line(record), record=record,
            ),
        )
    p = _find_paragraph(record, paragraph)
    if p is None:
        return CitationLookup(
            query=query,
            message=f"{record.id} has no paragraph {_sign(record)}{paragraph}; its paragraphs: {_numbers(record)}",
        )
    return CitationLookup(
        query=query,
        found=Citation(
            id=record.id, paragraph=p.number, marking=p.marking, text=p.text,
            citation=citation_line(record, p), record=record,
        ),
    )

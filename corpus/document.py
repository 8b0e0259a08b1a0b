"""Plain-text and markdown diplomatic documents -> ``Document``.

Notes verbales, national reports, outcome documents of meetings, conference
papers, declarations, letters and treaties (the UN Charter in six languages).

Reading order:

1. Clean the lines: markdown emphasis (``**…**``, ``*…*``) is stripped;
   *running headers* (a line of at least 12 characters repeated four times
   or more: page furniture such as a conference name and date) are removed
   and kept once, in order, in ``Document.running_headers``.
2. Blocks (runs of non-blank lines) are joined when a page break or a
   removed header cut a sentence: the first block ends without final
   punctuation and the next starts in lower case, or the first ends with a
   connecting word ("of the", "and").
3. Each line of a block is classified: a label (``I.``, ``2.1.3.``, ``a.``,
   ``A.``, ``- a)``, ``Article 51``; the label may stand alone on its line,
   its text on the next), a bullet (``-``, ``·``, ``•``), an annex heading,
   a heading (a short line without final punctuation, or in capitals), prose.
4. Paragraphs are built from these items.  A labelled item whose text is a
   title ("1.\\nMechanisms or institutional channels", "2.1. GLOBALIZATION AND
   SECURITY.") opens a section: its paragraph carries the title as
   ``heading`` and takes the first prose block that follows as its text.
   Bullets stay inside the paragraph that introduces them.  Annexes (tables)
   are kept whole, one paragraph per annex with its lines.

Citable numbers (``Paragraph.number``) — every number in a document is unique:

* Roman parts: ``"I"``, ``"II"``, ``"III"``.
* Decimal sections and paragraphs: as printed without the final dot
  (``"2.1.3"``), prefixed by the enclosing Roman part when there is one
  (``"I.1"``, ``"I.2"``).
* Lettered items: the letter, prefixed by the nearest enclosing numbered unit
  when there is one (``"I.1.A"``, ``"2.1.1.a"``, ``"III.a"``); a lettered list
  that restarts at "a" in the same scope gets ``-2``, ``-3`` … on every item
  (seed 001: first list ``"a"``…``"u"``, second list ``"a-2"``…``"n-2"``).
  An unnumbered heading ends the scope of a numbered paragraph.
* Treaty articles: the article number (``"51"``; printed ``"Article 51"``).
* Annexes: ``"Annex 1"``.
* Any number that would still repeat gets ``-2``, ``-3`` … (never two alike).
* Unnumbered paragraphs have ``number=None``.

Id: the document symbol the text states of itself near the top (``OEA/Ser.G
CP/doc.3712/03``), else a slug of its date, origin and kind
(``2003-04-14-peru-note-verbale``): readable, citable, stable across copies and
renames.  Two different texts with one slug are told apart at ingest
(``…-2``).  The former id, ``"doc-"`` + 12 hex digits of the SHA-256 of the
whitespace-collapsed text, is kept in ``metadata["aliases"]``: old citations
still resolve.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, time

from corpus.countries import find_countries, normalise_country
from corpus.dates import DateSpan, dateline, find_dates
from corpus.records import Document, Paragraph, ParseError

__all__ = ["parse_document_text", "detect_language", "document_id"]

# ---------------------------------------------------------------- patterns

_EMPH_BOLD = re.compile(r"\*\*(.+?)\*\*")
_EMPH_ITALIC = re.compile(r"(?<![\w*])\*(?=\S)([^*\n]+?)(?<=\S)\*(?![\w*])")
_ROMAN = r"(?:X{0,3}(?:IX|IV|V?I{1,3})|X{1,3}|V|IV|IX)"
# "2.1.3." / "I." / "a." / "A)" / "- a)" / "(b)" with text after it on the same line.
_LABEL_LINE = re.compile(
    rf"^\s*(?P<dash>[-–]\s*)?(?:(?P<dec>\d{{1,2}}(?:\.\d{{1,2}}){{0,4}})\.?|(?P<rom>{_ROMAN})\.|\(?(?P<let>[a-zA-Z])[.)])\s+(?P<text>\S.*)$"
)
# The same label alone on its line (text on the next line).
_LABEL_ONLY = re.compile(
    rf"^\s*(?:(?P<dec>\d{{1,2}}(?:\.\d{{1,2}}){{0,4}})\.|(?P<rom>{_ROMAN})\.|\(?(?P<let>[a-zA-Z])[.)])\s*$"
)
_BULLET = re.compile(r"^\s*(?P<mark>[-–·•▪◦○*])(?:\s+(?P<text>\S.*))?\s*$")
_ANNEX = re.compile(r"^\s*(?P<label>(?:Annex|ANNEX|Anexo|ANEXO|Annexe|ANNEXE)\s+(?:\d{1,2}|[IVX]{1,4}|[A-Z]))\s*$")
# Treaty articles and chapters, in the six UN languages.
_ARTICLE = re.compile(
    r"^\s*(?:(?:Article|ARTICLE|Artículo|ARTÍCULO|Articulo|Статья|المادة)\s+(?P<n>\d{1,3})|第(?P<zh>[一二三四五六七八九十百零〇]+)条)\s*\.?\s*$"
)
_CHAPTER = re.compile(
    r"^\s*(?:Chapter|CHAPTER|Chapitre|CHAPITRE|Capítulo|CAPÍTULO|Глава|الفصل)\b.{0,120}$|^\s*第[一二三四五六七八九十百]+章"
)
_TERMINAL = re.compile(r"[.!?;:\"”’)\]]\s*$")
_CONNECTOR_END = re.compile(r"(?:\b(?:of|the|and|or|to|for|in|on|by|with|de|del|la|las|los|el|y|et|des|du|le|les)|-)\s*$", re.I)
_HEADING_MAX = 90

# Kind detection: first match wins, searched in the opening of the text.
_KIND_RULES: list[tuple[str, re.Pattern[str]]] = [
    (
        "note-verbale",
        re.compile(
            r"presents? (?:its|his|her) compliments|présente ses compliments|saluda (?:muy )?atentamente|note verbale|nota verbal",  # noqa: E501
            re.I,
        ),
    ),
    (
        "conference-paper",
        re.compile(r"\b(?:rapporteur|relator|thematic line|sub-?theme|speaker\s*:|this paper|ponencia)\b", re.I),
    ),
    (
        "outcome",
        re.compile(
            r"\bconclusions and recommendations\b|\bwe,? the (?:experts|heads of state|ministers|participants|representatives)\b"
            r"|\bfinal (?:report|act|communiqu[eé])\b|\boutcome document\b|\bplan of action\b(?=.{0,200}\badopt)",
            re.I | re.S,
        ),
    ),
    ("declaration", re.compile(r"^\s*(?:declaration|declaración|déclaration)\b", re.I | re.M)),
    ("letter", re.compile(r"^\s*(?:dear|excellency|estimado|monsieur|madame)\b", re.I | re.M)),
    ("report", re.compile(r"^\s*(?:national )?report\b|\breport on\b|\binforme\b|\brapport\b", re.I | re.M)),
]

_COMPLIMENTS = re.compile(
    r"^\s*(?:The\s+)?(?P<origin>[A-Z][^.\n]{3,150}?)\s+presents? (?:its|his|her) compliments to (?:the\s+)?(?P<to>[A-Z][\w\s-]{2,100}?)(?:\s+(?:and|of)\b|,)",  # noqa: E501
    re.M,
)
_TRANSMITS = re.compile(r"transmit[^“\"\n]{0,60}[“\"](?P<title>[^”\"]{5,200})[”\"]")
_LABELLED_FIELD = re.compile(r"^(?P<key>[A-Z][A-Z -]{2,30}?)\s*:\s*(?P<value>\S.*)$")
_EVENT = re.compile(
    r"\b(?:the\s+)?(?P<event>(?:(?:[IVX]{1,4}|First|Second|Third|Fourth|Fifth|Sixth|Seventh|Special|Regional)\s+)?"
    r"(?:Meeting|Conference|Summit|Session|Assembly|Congress|Forum|Workshop|Seminar) of [A-Z][\w-]*"
    r"(?:\s+(?:(?:of|on|and|for|the|de|del|la|las|in)\s+)*[A-Z][\w-]*)*)"
)
_HELD_IN = re.compile(
    r"\b(?:assembled|held|meeting|met|gathered|convened)\s+in\s+(?P<place>[A-Z][\w.]+(?:\s[A-Z][\w.]+)*(?:,\s[A-Z][\w.]+(?:\s[A-Z][\w.]+)*)?)"
)
_TITLE_NAMES = re.compile(
    r"Charter of the United Nations|Carta de las Naciones Unidas|Charte des Nations Unies"
    r"|Устав(?:а)? Организации Объединенных Наций|ميثاق الأمم المتحدة|联合国宪章"
)
_SMALL_WORDS = frozenset("a an and at de del el en for in la las los of on or the to y et des du le les".split())

# Stop words for a quick language guess (scripts decide ru/ar/zh).
_STOP = {
    "en": frozenset("the and of to in is that for with which shall by be are this".split()),
    "es": frozenset("el la los las de del y que en por con para una se su".split()),
    "fr": frozenset("le la les des du et que dans pour une est sur au aux qui".split()),
}
_WORD = re.compile(r"[^\W\d_]+")


# ---------------------------------------------------------------- helpers


def document_id(text: str) -> str:
    """``doc-`` + 12 hex digits of the SHA-256 of the whitespace-collapsed text (the former id, now an alias)."""
    norm = " ".join(unicodedata.normalize("NFC", text).split())
    return "doc-" + hashlib.sha256(norm.encode("utf-8")).hexdigest()[:12]


# A document symbol on a line of its own near the top: "OEA/Ser.G CP/doc.3712/03", "A/58/PV.7".
_SYMBOL = re.compile(r"^\s*((?:OEA/Ser\.[A-Z](?:/[\w.]+)*|[A-Z]{1,6}(?:/[A-Z0-9][\w.\-]*)+)(?:\s+[A-Z]{1,6}(?:/[\w.\-]+)+)?)\s*$")
_SYMBOL_LINES = 12  # how far from the top a document's own symbol may stand
_SLUG_WORDS = 3  # words of the origin kept in a slug
_SLUG_STOP = frozenset("of the to and for on in at a an de la del los las el des du le les".split())


def own_symbol(text: str) -> str | None:
    """The document symbol the text states of itself, on its own line near the top, if any."""
    lines = [line for line in text.splitlines() if line.strip()][:_SYMBOL_LINES]
    for line in lines:
        m = _SYMBOL.match(line)
        if m and any(c.isdigit() for c in m.group(1)):
            return " ".join(m.group(1).split())
    return None


def readable_id(
    *, symbol: str | None, when: DateSpan | None, who: str | None, kind: str, language: str = "en"
) -> str:
    """The document's own symbol, else a slug of date, origin and kind: ``2003-04-14-peru-note-verbale``.

    The date is as precise as the text gives it ("2003-04", "2003", "undated"); ``who`` is the
    origin, else the title; a language other than English ends the slug ("undated-charter-united-nations-treaty-fr").
    """
    if symbol:
        return symbol
    date_part = "undated"
    if when is not None:
        date_part = {"year": when.start.strftime("%Y"), "month": when.start.strftime("%Y-%m")}.get(
            when.precision, when.start.isoformat()
        )
    words = [w for w in _slug_words(who or "") if w not in _SLUG_STOP][:_SLUG_WORDS]
    return "-".join([date_part, *words, *_slug_words(kind), *([language] if language != "en" else [])])


def _slug_words(text: str) -> list[str]:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.findall(r"[a-z0-9]+", ascii_text.lower())


LANGUAGE_SAMPLE = 20000  # characters read to tell the language


def detect_language(text: str) -> str:
    """ISO 639-1 guess among en, es, fr, ru, ar, zh from scripts and stop words."""
    sample = text[:LANGUAGE_SAMPLE]
    counts: Counter[str] = Counter()
    for ch in sample:
        o = ord(ch)
        if 0x4E00 <= o <= 0x9FFF:
            counts["zh"] += 1
        elif 0x0600 <= o <= 0x06FF:
            counts["ar"] += 1
        elif 0x0400 <= o <= 0x04FF:
            counts["ru"] += 1
        elif ch.isalpha():
            counts["latin"] += 1
    script, n = max(((k, v) for k, v in counts.items()), key=lambda kv: kv[1], default=("latin", 0))
    if script != "latin" and n > 0:
        return script
    words = [w.lower() for w in _WORD.findall(sample)]
    scores = {lang: sum(1 for w in words if w in stop) for lang, stop in _STOP.items()}
    return max(scores, key=lambda k: scores[k]) if any(scores.values()) else "en"


def _smart_title(text: str) -> str:
    """An all-capitals line in title case, keeping Roman numerals and small words."""
    if not text.isupper():
        return text
    out = []
    for i, w in enumerate(text.split()):
        lw = w.lower()
        if re.fullmatch(_ROMAN, w):
            out.append(w)
        elif i and lw in _SMALL_WORDS:
            out.append(lw)
        else:
            out.append(w[:1] + w[1:].lower())
    return " ".join(out)


def _is_caps(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 3 and sum(c.isupper() for c in letters) / len(letters) > 0.85


def _is_title(text: str, *, limit: int = _HEADING_MAX) -> bool:
    """A section title rather than a paragraph's text."""
    text = text.strip()
    if not text or find_dates(text):
        return False
    if _is_caps(text) and len(text) <= 200:
        return True
    return len(text) <= limit and not _TERMINAL.search(text) and not text.endswith(",") and not text[0].islower()


_ZH_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}


def _zh_number(s: str) -> int:
    """Chinese numerals up to 999 ("一百一十一" -> 111)."""
    total, digit = 0, 0
    for ch in s:
        if ch == "百":
            total += (digit or 1) * 100
            digit = 0
        elif ch == "十":
            total += (digit or 1) * 10
            digit = 0
        else:
            digit = _ZH_DIGITS.get(ch, 0)
    return total + digit


# ---------------------------------------------------------------- stage 1: lines


def _clean_lines(text: str) -> tuple[list[str], list[str]]:
    """Lines without emphasis markup and running headers; and the headers, once each."""
    lines = [_EMPH_ITALIC.sub(r"\1", _EMPH_BOLD.sub(r"\1", ln)).rstrip() for ln in text.splitlines()]
    counts = Counter(ln.strip() for ln in lines if ln.strip())
    # Short repeated lines are usually sub-headings ("FUNCTIONS AND POWERS" in
    # the UN Charter), so page furniture must be long or carry a date.
    headers = {
        s
        for s, c in counts.items()
        if c >= 4
        and any(ch.isalpha() for ch in s)
        and not _BULLET.match(s)
        and (len(s) >= 30 or (len(s) >= 12 and find_dates(s)))
    }
    kept: list[str] = []
    seen: list[str] = []
    for ln in lines:
        s = ln.strip()
        if s in headers:
            if s not in seen:
                seen.append(s)
            kept.append("")  # a removed header still separates blocks
        else:
            kept.append(ln)
    return kept, seen


# ---------------------------------------------------------------- stage 2: blocks


def _blocks(lines: list[str]) -> list[list[str]]:
    blocks: list[list[str]] = []
    cur: list[str] = []
    for ln in lines:
        if ln.strip():
            cur.append(ln)
        elif cur:
            blocks.append(cur)
            cur = []
    if cur:
        blocks.append(cur)
    return blocks


def _starts_structure(line: str) -> bool:
    return bool(
        _LABEL_LINE.match(line) or _LABEL_ONLY.match(line) or _BULLET.match(line) or _ANNEX.match(line)
        or _ARTICLE.match(line)
    )


def _join_broken(blocks: list[list[str]]) -> list[list[str]]:
    """Rejoin blocks split mid-sentence by a page break or a removed header."""
    out: list[list[str]] = []
    for b in blocks:
        if out:
            prev_last = out[-1][-1].strip()
            first = b[0].strip()
            if (
                not _starts_structure(first)
                and not _ANNEX.match(prev_last)
                and not _LABEL_ONLY.match(prev_last)
                and not re.fullmatch(r"[-–·•]", prev_last)
                and (
                    (first[:1].islower() and not _TERMINAL.search(prev_last))
                    or (_CONNECTOR_END.search(prev_last) and not _is_caps(prev_last))
                )
            ):
                out[-1][-1] = out[-1][-1].rstrip() + " " + first
                out[-1].extend(b[1:])
                continue
        out.append(list(b))
    return out


# ---------------------------------------------------------------- stage 3: items


@dataclass
class _Item:
    kind: str  # "label" | "bullet" | "heading" | "prose" | "annex" | "article" | "chapter"
    text: str = ""
    label: str = ""  # "2.1.3", "III", "a"
    label_type: str = ""  # "dec" | "rom" | "let"
    printed: str = ""
    lines: list[str] = field(default_factory=list)  # annex lines


def _label_type(m: re.Match[str]) -> tuple[str, str]:
    for t in ("dec", "rom", "let"):
        if m.group(t):
            return t, m.group(t)
    raise AssertionError("label regex without a label")


def _article(s: str, block: list[str], i: int) -> tuple[_Item | None, int] | None:
    m = _ARTICLE.match(s)
    if not m:
        return None
    n = m.group("n") or str(_zh_number(m.group("zh")))
    return _Item("article", label=n, printed=s), i


def _chapter(s: str, block: list[str], i: int) -> tuple[_Item | None, int] | None:
    return (_Item("chapter", text=s), i) if _CHAPTER.match(s) else None


def _label_alone(s: str, block: list[str], i: int) -> tuple[_Item | None, int] | None:
    """A label alone on its line: its text is the next line, or the next block at a block's end."""
    m = _LABEL_ONLY.match(s)
    if not m:
        return None
    t, lab = _label_type(m)
    if i < len(block):
        return _Item("label", text=block[i].strip(), label=lab, label_type=t, printed=s), i + 1
    return _Item("label", text="", label=lab, label_type=t, printed=s), i


def _label_line(s: str, block: list[str], i: int) -> tuple[_Item | None, int] | None:
    m = _LABEL_LINE.match(s)
    if not m:
        return None
    t, lab = _label_type(m)
    printed = s[: m.start("text")].strip()
    return _Item("label", text=m.group("text").strip(), label=lab, label_type=t, printed=printed), i


def _bullet(s: str, block: list[str], i: int) -> tuple[_Item | None, int] | None:
    """A bullet and its text, on its line or the next; a bullet without text is dropped."""
    m = _BULLET.match(s)
    if not m:
        return None
    text = m.group("text")
    if text is None and i < len(block):
        text = block[i].strip()
        i += 1
    return (_Item("bullet", text=f"{m.group('mark')} {text}") if text else None), i


# The marked lines, tried in order: (the line, its block, the index after it) -> (item, next index) or None.
_LINE_RULES = (_article, _chapter, _label_alone, _label_line, _bullet)


def _items(blocks: list[list[str]]) -> list[_Item]:
    items: list[_Item] = []
    annex: _Item | None = None
    for block in blocks:
        i = 0
        while i < len(block):
            s = block[i].strip()
            i += 1
            m = _ANNEX.match(s)
            if m:
                annex = _Item("annex", label=m.group("label"), printed=m.group("label"))
                items.append(annex)
            elif annex is not None:  # tables: keep every line, cells included
                annex.lines.append(s)
            else:
                i = _take_line(items, s, block, i)
    return items


def _take_line(items: list[_Item], s: str, block: list[str], i: int) -> int:
    """One line outside annexes: a marked line by its rule, else a heading, a continuation or prose."""
    for rule in _LINE_RULES:
        found = rule(s, block, i)
        if found is not None:
            item, i = found
            if item is not None:
                items.append(item)
            return i
    if (len(block) == 1 or (i == 1 and _is_caps(s))) and _is_title(s) and not dateline(s)[1]:
        items.append(_Item("heading", text=s))
    elif items and items[-1].kind == "label" and not items[-1].text:
        items[-1].text = s
    elif items and items[-1].kind in ("prose", "bullet", "label") and i > 1:
        items[-1].text += "\n" + s
    else:
        items.append(_Item("prose", text=s))
    return i


# ---------------------------------------------------------------- stage 4: paragraphs


@dataclass
class _Builder:
    paragraphs: list[Paragraph] = field(default_factory=list)
    awaiting: Paragraph | None = None  # a section title waiting for its first text
    heading: str | None = None
    part: str | None = None  # Roman part
    numbered: str | None = None  # nearest numbered unit (scope of lettered items)
    letters_seen: dict[str, set[str]] = field(default_factory=dict)
    list_index: dict[str, int] = field(default_factory=dict)
    last_letter: str | None = None

    def _close(self) -> None:
        if self.awaiting is not None and not self.awaiting.text:
            self.awaiting.text = self.awaiting.heading or ""
        self.awaiting = None

    def add(self, p: Paragraph, *, awaiting: bool = False) -> None:
        self._close()
        self.paragraphs.append(p)
        if awaiting:
            self.awaiting = p

    def append_text(self, text: str, *, sep: str = "\n") -> None:
        if self.awaiting is not None and not self.awaiting.text:
            self.awaiting.text = text
            self.awaiting = None
        elif self.paragraphs:
            last = self.paragraphs[-1]
            last.text = (last.text + sep + text) if last.text else text
        else:
            self.paragraphs.append(Paragraph(heading=self.heading, text=text))

    def number_for(self, item: _Item) -> str:
        lab, t = item.label, item.label_type
        if t == "rom" or (t == "let" and lab in "IVX" and self._roman_here(lab)):
            self.part, self.numbered, self.last_letter = lab, lab, None
            return lab
        if t == "dec":
            num = f"{self.part}.{lab}" if self.part else lab
            self.numbered, self.last_letter = num, None
            return num
        scope = self.numbered or ""
        seen = self.letters_seen.setdefault(scope, set())
        if lab.lower() == "a" and seen:  # a new list in the same scope
            self.list_index[scope] = self.list_index.get(scope, 1) + 1
            seen.clear()
        seen.add(lab)
        self.last_letter = lab
        num = f"{scope}.{lab}" if scope else lab
        idx = self.list_index.get(scope, 1)
        return f"{num}-{idx}" if idx > 1 else num

    def _roman_here(self, lab: str) -> bool:
        # "I" after "H" is a letter; "V" after "U", "X" after "W" likewise.
        prev = {"I": "H", "V": "U", "X": "W"}[lab]
        return self.last_letter is None or self.last_letter.upper() != prev


def _last_line_is_title_bullet(p: Paragraph) -> bool:
    last = p.text.rsplit("\n", 1)[-1]
    return bool(_BULLET.match(last)) and not _TERMINAL.search(last)


def _paragraphs(items: list[_Item]) -> list[Paragraph]:
    b = _Builder()
    for it in items:
        if it.kind == "annex":
            title = it.lines[0] if it.lines else it.label
            body = "\n".join(ln for ln in it.lines if ln)
            b.add(Paragraph(number=it.label, printed=it.printed, heading=title, text=body or it.label))
            b.heading, b.part, b.numbered = title, None, None
        elif it.kind == "chapter":
            b.heading, b.numbered = it.text, None
        elif it.kind == "article":
            b.add(Paragraph(number=it.label, printed=it.printed, heading=b.heading), awaiting=True)
        elif it.kind == "label":
            number = b.number_for(it)
            # After a number, a title may be long ("III.\nEvaluation of the impact of …").
            if _is_title(it.text, limit=200) or not it.text:
                b.add(Paragraph(number=number, printed=it.printed, heading=it.text or None), awaiting=True)
                if it.text:
                    b.heading = it.text
            else:
                b.add(Paragraph(number=number, printed=it.printed, heading=b.heading, text=it.text))
        elif it.kind == "heading":
            b.add(Paragraph(heading=it.text), awaiting=True)
            b.heading = it.text
            b.numbered = b.part  # an unnumbered heading ends a numbered paragraph's scope
        elif it.kind == "bullet":
            b.append_text(it.text)
        else:  # prose
            last = b.paragraphs[-1] if b.paragraphs else None
            if b.awaiting is not None:
                b.append_text(it.text)
            elif last is not None and last.text and _last_line_is_title_bullet(last):
                b.append_text(it.text)
            elif last is not None and last.number and last.printed and last.printed.startswith("Article"):
                b.append_text(it.text)  # an article runs until the next one
            else:
                b.add(Paragraph(heading=b.heading, text=it.text))
    b._close()
    # Guarantee unique numbers whatever the source did.
    used: Counter[str] = Counter()
    for p in b.paragraphs:
        if p.number is None:
            continue
        used[p.number] += 1
        if used[p.number] > 1:
            n = used[p.number]
            while f"{p.number}-{n}" in used:
                n += 1
            p.number = f"{p.number}-{n}"
            used[p.number] += 1
    return [p for p in b.paragraphs if p.text or p.number]


# ---------------------------------------------------------------- metadata


def _detect_kind(text: str, paragraphs: list[Paragraph]) -> str:
    articles = sum(1 for p in paragraphs if p.printed and _ARTICLE.match(p.printed))
    if articles >= 5:
        return "treaty"
    opening = text[:6000]
    for kind, rx in _KIND_RULES:
        if rx.search(opening):
            return kind
    return "document"


def _first_dateline(paragraphs: list[Paragraph]) -> tuple[str | None, DateSpan | None]:
    for p in paragraphs:
        first = p.text.split("\n", 1)[0]
        if len(first) <= 80:
            place, span = dateline(first)
            if span is not None:
                return place, span
    return None, None


def _labelled_fields(lines: list[str]) -> dict[str, str]:
    out: dict[str, str] = {}
    for ln in lines:
        m = _LABELLED_FIELD.match(ln.strip())
        if m:
            out.setdefault(m.group("key").strip().upper(), m.group("value").strip())
    return out


MIN_LETTERS = 40  # fewer letters than this: too little text to be a document
OPENING_CHARS = 3000  # the opening in which a note's compliments, an event, "held in" are looked for
FIELD_PARAGRAPHS = 12  # the first paragraphs in which "Speaker: …"-style fields are looked for
ADDRESSEE_MAX = 150  # characters: a longer paragraph after the dateline is no addressee block
TITLE_FALLBACK_CHARS = 120  # the first paragraph's first line, cut to this, when nothing else is a title
_OWN_EVENT_KINDS = ("outcome", "conference-paper", "declaration", "report", "document")
_AUTHOR_FIELDS = ("SPEAKER", "AUTHOR", "FROM", "PRESENTED BY", "ORADOR", "PONENTE")


@dataclass
class _Reading:
    """One document's text as the stages read it, and the facts decided from it so far."""

    text: str
    lines: list[str]
    headers: list[str]
    paragraphs: list[Paragraph]
    body: str
    kind: str
    fields: dict[str, str]
    main: DateSpan | None = None
    place: str | None = None
    header_place: str | None = None
    event: str | None = None
    origin: str | None = None
    author: str | None = None
    addressee: str | None = None
    title: str | None = None
    origin_country: str | None = None


def parse_document_text(text: str, *, source: str = "", name: str = "") -> Document:
    """Read a plain-text / markdown diplomatic document (see the module docstring)."""
    r = _read(text, source or name or "<text>")
    language = detect_language(r.body)
    dates = _dates(r)
    _event_and_place(r)
    _origin(r)
    if r.title is None:
        r.title = _title(r)
    countries: list[str] = []
    for c in ([r.origin_country] if r.origin_country else []) + find_countries(r.body):
        if c not in countries:
            countries.append(c)
    return Document(
        id=readable_id(
            symbol=own_symbol(r.text), when=r.main, who=r.origin_country or r.origin or r.title, kind=r.kind,
            language=language,
        ),
        kind=r.kind,
        title=r.title,
        date=datetime.combine(r.main.start, time()) if r.main is not None else None,
        dates=dates,
        language=language,
        countries=countries,
        origin=r.origin,
        origin_country=r.origin_country,
        paragraphs=r.paragraphs,
        source=source,
        metadata=_metadata(r, name),
        author=r.author,
        addressee=r.addressee,
        place=r.place,
        event=r.event,
        running_headers=r.headers,
    )


def _read(text: str, src: str) -> _Reading:
    """Stages 1 to 4 (lines, blocks, items, paragraphs) and the kind; a clear error when there is no document."""
    if "\x00" in text:
        raise ParseError(src, "binary data, not a text document")
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\ufeff", "").replace("\u00a0", " ")
    if not text.strip():
        raise ParseError(src, "empty document")
    if sum(ch.isalpha() for ch in text) < MIN_LETTERS:
        raise ParseError(src, "too little text to be a document")
    lines, headers = _clean_lines(text)
    blocks = _join_broken(_blocks(lines))
    paragraphs = _paragraphs(_items(blocks))
    if not paragraphs:
        raise ParseError(src, "no paragraphs found")
    body = "\n\n".join(p.text for p in paragraphs)
    # Kinds are read off the whole cleaned text: headings included.
    kind = _detect_kind("\n".join(headers + lines), paragraphs)
    fields = _labelled_fields([p.text for p in paragraphs[:FIELD_PARAGRAPHS]])
    return _Reading(text, lines, headers, paragraphs, body, kind, fields)


def _dates(r: _Reading) -> list[date]:
    """The document's own date (``r.main``): its first dateline ("Washington, D.C., April 14, 2003"),
    else the running header's date, else the first date; and every date of the text, in order."""
    r.place, r.main = _first_dateline(r.paragraphs)
    header_span = None
    for h in r.headers:
        hp, hs = dateline(h)
        if hs is not None and header_span is None:
            r.header_place, header_span = hp, hs
    spans = find_dates("\n".join(r.headers) + "\n" + r.body)
    if r.main is None:
        r.main = header_span
    if r.main is None and r.kind != "treaty" and spans:
        # A treaty's body cites older instruments: their dates are not its own.
        r.main = spans[0]
    dates: list[date] = []
    for s in spans:
        # A day range gives both ends; a month gives its first day only.
        for d in (s.start, s.end) if s.precision == "day" else (s.start,):
            if d not in dates:
                dates.append(d)
    return dates


def _event_and_place(r: _Reading) -> None:
    for h in r.headers:
        if not dateline(h)[1]:
            r.event = _smart_title(h)
            break
    opening = r.body[:OPENING_CHARS]
    if r.event is None and r.kind in _OWN_EVENT_KINDS:
        m = _EVENT.search(opening)
        if m:
            r.event = m.group("event")
    if r.place is None:
        if r.header_place:
            r.place = _smart_title(r.header_place)
        else:
            m = _HELD_IN.search(opening)
            if m and r.kind != "note-verbale":
                r.place = m.group("place").rstrip(",.")


def _origin(r: _Reading) -> None:
    """Origin, author and addressee: a note verbale's compliments, a "Speaker:" field, an outcome's event."""
    m = _COMPLIMENTS.search(r.body[:OPENING_CHARS])
    if m:
        r.origin = r.author = " ".join(m.group("origin").split())
        r.addressee = _addressee_block(r.paragraphs, " ".join(m.group("to").split()))
        t = _TRANSMITS.search(r.body[:OPENING_CHARS])
        r.title = f"Note verbale from the {r.origin}" + (f": {t.group('title')}" if t else "")
    for key in _AUTHOR_FIELDS:
        if key in r.fields and r.author is None:
            r.author = _smart_title(r.fields[key])
            r.origin = r.origin or r.author
    if r.origin is None and r.kind == "outcome" and r.event:
        r.origin = r.event
    if r.origin:
        r.origin_country = normalise_country(r.origin) or next(iter(find_countries(r.origin)), None)


def _addressee_block(paragraphs: list[Paragraph], addressee: str) -> str:
    """A fuller addressee block usually follows the dateline."""
    for i, p in enumerate(paragraphs[:-1]):
        if dateline(p.text)[1] is not None:
            q = paragraphs[i + 1]
            nxt = (q.heading if q.number is None and q.heading else q.text).replace("\n", " ")
            if len(nxt) <= ADDRESSEE_MAX and nxt.startswith(addressee.split()[0]):
                addressee = nxt
            break
    return addressee


def _title(r: _Reading) -> str:
    m = _TITLE_NAMES.search(r.body)
    title = None
    if r.kind == "treaty" and m:
        title = m.group(0)
    elif r.kind == "outcome" and r.event:
        heads = " ".join(p.heading or "" for p in r.paragraphs).lower()
        what = "Conclusions and recommendations" if "conclusion" in heads and "recommendation" in heads else "Outcome"
        title = f"{what} of the {r.event}"
    else:
        for p in r.paragraphs:
            h = p.heading
            if h and not _LABELLED_FIELD.match(h) and h not in r.headers and not p.number:
                if r.kind == "conference-paper" and not _is_caps(h):
                    continue
                title = _smart_title(h.rstrip(". "))
                if r.kind != "conference-paper":
                    break
            if p.text and p.heading is None or (p.number and title):
                break
    return title or r.paragraphs[0].text.split("\n", 1)[0][:TITLE_FALLBACK_CHARS]


def _metadata(r: _Reading, name: str) -> dict[str, str]:
    metadata: dict[str, str] = {}
    if name:
        metadata["file_name"] = name
    for key, value in r.fields.items():
        metadata[key.lower().replace(" ", "_")] = value
    if r.main is not None:
        metadata["date_text"] = r.main.text
        metadata["date_precision"] = r.main.precision
    metadata["aliases"] = document_id(r.text)
    return metadata

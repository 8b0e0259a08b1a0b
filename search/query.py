"""The query language of `cables search` and the TUI search box.

Words
    ``security dialogue``       every word must occur (AND is the default); words are
                                stemmed (English Snowball; Spanish for Spanish texts), so
                                ``negotiation`` also finds "negotiating".  Text words search
                                the title (boosted), the body and the Spanish body.
                                Each word is analysed by the very analyser of the field it
                                searches (index.fields.analyse), so a word the index never
                                stores (a stopword: ``into``, ``who``, ``don't``) is left out
                                rather than required: ``entry into force`` finds the cables
                                with "entry" and "force".  A query of such words only lists
                                every document, as an empty one does; they are in ``ignored``.
``"security dialogue"``         a phrase: the words next to each other, in that order
                                (stopwords between them do not count: ``"entry into force"``).
``peru OR chile``               either word.  ``AND`` may be written but is implied.
``NOT chile`` / ``-chile``      exclude documents containing the word.
``negoti*``                     prefix (``*`` and ``?`` inside a word are wildcards; a ``?``
                                ending a word is a question mark: ``downfall?``).
``coulter~`` / ``coulter~2``    fuzzy: the word within 1 (or 2) edits.
``(peru OR chile) -bolivia``    parentheses group.

Fields (``field:value``; a value with spaces in quotes: ``origin:"buenos aires"``;
``field:(a OR b)`` applies the field to every word inside)
    ``country:PE`` / ``country:Peru``  FIPS code, ISO code or name; matches the countries a
                                       document is about OR the country it comes from.
    ``tag:PREL``                       a TAGS code.
    ``class:confidential``             classification level (``u``, ``lou``, ``c``, ``s``,
                                       ``ts`` or the full words; ``classification:`` too).
    ``marking:C``                      documents with paragraphs marked (C); snippets then
                                       show only such paragraphs.
    ``origin:lima``                    a word of the sender ("lima", "embassy", "state").
    ``kind:cable``                     cable, speech, note-verbale, report …
    ``lang:es``                        language (``language:`` too).
    ``from:2007-01`` ``to:2009-12``    date range, inclusive (YYYY, YYYY-MM or YYYY-MM-DD).
    ``to:bogota`` ``info:"amembassy quito"``  a word of a cable's addressees for action (``to:``
                                       with a word, not a date) or for information (``info:``):
                                       name, station or routing indicator (``to:ruehc``); a
                                       match there weighs less than any word of the text.
    ``date:2009`` / ``date:2009-11``   one year, month or day (``year:`` ``month:`` too).
    ``ref:09STATE112900``              documents citing that cable (any id form: ``09 STATE 112900``;
                                       without the year, ``ref:"LIMA 1561"``, that serial of any year).
    ``id:09LIMA1661``                  the document with that id.
    ``title:dialogue``                 a word of the title only.

Field names and OR/AND/NOT are written as shown (OR, AND, NOT in capitals); in a query of six
or more words all in capitals (a pasted subject line: ``LOOKING FOR INFLUENCE NOT POWER, FOR
NOW``) they are words.
A query that is only a citation (``09 LIMA 1661 ¶3``, ``09LIMA1661 para 3``) finds that cable.
Results are ranked by relevance (BM25F, title words count double; among the best 100, the
documents holding the words side by side or in one paragraph first: index/whoosh/ranking.py); a query with
only fields (or none) lists the newest documents first.
A malformed query raises QueryError with a message saying what is wrong.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, field
from datetime import datetime

from corpus.classification import ABBREVIATIONS
from corpus.errors import EXIT_USAGE, CablesError
from index import query_tree as qt
from index.field_names import ADDRESSEE_BOOST, TEXT_FIELDS
from index.fields import analyse

# A token: whitespace, parentheses, field prefix, quoted phrase, stray quote, word.
_TOKEN = re.compile(
    r"""(?P<ws>\s+)
      | (?P<lparen>\()
      | (?P<rparen>\))
      | (?P<minus>-(?=[^\s\-]))
      | (?P<field>[A-Za-z_]+):(?=[^\s)])
      | (?P<phrase>"[^"]*")
      | (?P<quote>")
      | (?P<word>[^\s()"]+)""",
    re.VERBOSE,
)
_FUZZY = re.compile(r"^(?P<word>.+?)~(?P<dist>[12])?$")
_STATION_SERIAL = re.compile(r"^(?P<st>[A-Za-z][A-Za-z .'-]*?)[\s-]*(?P<ser>\d{1,7})$")
_DATE = re.compile(r"^(?P<y>\d{4})(?:-(?P<m>\d{1,2})(?:-(?P<d>\d{1,2}))?)?$")

# class:c, class:confidential, class:unclas … -> the level (corpus.classification's one table).
_CLASS_ALIASES = {
    **{level.lower(): level for level in ABBREVIATIONS},
    **{short.lower(): level for level, short in ABBREVIATIONS.items()},
    "unclas": "UNCLASSIFIED",
    "limited": "LIMITED OFFICIAL USE",
}

FIELD_NAMES = (
    "country", "tag", "class", "classification", "marking", "origin", "kind", "lang", "language",
    "from", "to", "info", "date", "year", "month", "ref", "id", "title",
)


PASTED_WORDS = 6  # a query of this many words all in capitals is a pasted subject line


class QueryError(CablesError, ValueError):
    """A malformed query; the message says what is wrong, in words (exit status 2, a usage error)."""

    exit_status = EXIT_USAGE


@dataclass
class WordSpan:
    """A plain text word of the query and where it stands (for "did you mean")."""

    word: str
    start: int
    end: int


@dataclass
class FieldClause:
    """A ``field:value`` the whole query is ANDed with (top level, not negated, not in an OR):
    a filter typed in the query, ``country:PE`` at ``text[start:end]``."""

    name: str
    value: str
    start: int
    end: int


@dataclass
class ParsedQuery:
    text: str
    query: qt.Node
    # Positive text sub-queries (not under NOT): what snippets highlight.
    highlight: list[qt.Node] = field(default_factory=list)
    markings: set[str] = field(default_factory=set)
    words: list[WordSpan] = field(default_factory=list)  # plain positive words
    ignored: list[str] = field(default_factory=list)  # words left out: the index never stores them
    years: set[str] = field(default_factory=set)
    date_from: str | None = None
    date_to: str | None = None
    clauses: list[FieldClause] = field(default_factory=list)  # the typed filters

    @property
    def has_text(self) -> bool:
        return bool(self.highlight)


def _field_terms(text: str, fields: tuple[str, ...]) -> dict[str, list[str]] | None:
    """The terms each field's own analyser makes of ``text`` (the index's very chain), or None
    when the index never stores them: a word every document's English text drops ("into",
    "who", "don't") can never be required, whatever another field (Spanish) would keep."""
    terms = {name: analyse(name, text) for name in fields}
    english = [name for name in fields if name != "body_es"]
    if english and not any(terms[name] for name in english):
        return None
    return terms


def text_query(word: str, fields: tuple[str, ...] = TEXT_FIELDS) -> qt.Node | None:
    """A plain word (or a phrase's words) over the text fields; None for a word never indexed.

    A phrase's stopwords are dropped as the index drops them, and the index numbers its
    positions without them, so ``"entry into force"`` is the phrase entri·forc.
    """
    terms = _field_terms(word, fields)
    if terms is None:
        return None
    parts: list[qt.Node] = []
    for name, stems in terms.items():
        if len(stems) == 1:
            parts.append(qt.Term(name, stems[0]))
        elif len(stems) > 1:
            parts.append(qt.Phrase(name, tuple(stems)))
    return parts[0] if len(parts) == 1 else qt.Or(tuple(parts))


def _pattern_query(word: str, fields: tuple[str, ...]) -> qt.Node:
    word = word.lower()
    if word.endswith("*") and "*" not in word[:-1] and "?" not in word:
        stem = word[:-1]
        if len(stem) < 2:
            raise QueryError(f"prefix {word!r} is too short: give at least two letters before *")
        return qt.Or(tuple(qt.Prefix(name, stem) for name in fields))
    if len(word.strip("*?")) < 2:
        raise QueryError(f"wildcard {word!r} is too broad: give at least two letters")
    return qt.Or(tuple(qt.Wildcard(name, word) for name in fields))


def _fuzzy_query(word: str, dist: int, fields: tuple[str, ...]) -> qt.Node | None:
    terms = _field_terms(word, fields)
    if terms is None:
        return None
    parts = []
    for name, stems in terms.items():
        if len(stems) == 1:
            parts.append(qt.Fuzzy(name, stems[0], maxdist=dist, prefixlength=1))
    if not parts:
        return None
    return qt.Or(tuple(parts))


def parse_date(value: str, *, end: bool = False) -> datetime:
    """YYYY, YYYY-MM or YYYY-MM-DD -> the first (or, with end=True, last) moment of that period."""
    m = _DATE.match(value.strip())
    if not m:
        raise QueryError(f"not a date: {value!r} (write 2009, 2009-11 or 2009-11-20)")
    y = int(m["y"])
    mo = int(m["m"]) if m["m"] else None
    d = int(m["d"]) if m["d"] else None
    try:
        if not end:
            return datetime(y, mo or 1, d or 1)
        mo = mo or 12
        d = d or calendar.monthrange(y, mo)[1]
        return datetime(y, mo, d, 23, 59, 59, 999999)
    except ValueError:
        raise QueryError(f"not a date: {value!r}") from None


def country_query(value: str) -> qt.Node:
    from corpus.countries import normalise_country

    name = normalise_country(value.strip())
    if not name:
        raise QueryError(f"unknown country {value!r}: give a name (Peru) or a FIPS code (PE)")
    return qt.Or((qt.Term("country", name), qt.Term("origin_country", name)))


def class_level(value: str) -> str:
    """The level ``class:VALUE`` names ("c" -> "CONFIDENTIAL"); QueryError for none."""
    level = _CLASS_ALIASES.get(value.strip().lower().replace("_", " "))
    if not level:
        level = value.strip().upper()
        if level not in _CLASS_ALIASES.values():
            raise QueryError(
                f"unknown classification {value!r}: use unclassified, lou, confidential, secret or top secret"
            )
    return level


def class_query(value: str) -> qt.Node:
    return qt.Term("classification", class_level(value))


def origin_query(value: str) -> qt.Node:
    words = [w for w in re.split(r"\W+", value.lower()) if w]
    if not words:
        raise QueryError("origin: needs a word, e.g. origin:lima")
    terms = [qt.Term("origin_terms", w) for w in words]
    by_words = terms[0] if len(terms) == 1 else qt.And(tuple(terms))
    # The exact display name too, as the facet panel offers it ("Embassy Lima").
    return qt.Or((by_words, qt.Term("origin", value.strip())))


def addressee_query(name: str, value: str) -> qt.Node:
    """``to:bogota``, ``info:"amembassy quito"``, ``to:ruehc``: every word among the addressees'."""
    words = [w for w in re.split(r"[^\w]+", value.lower()) if w]
    if not words:
        raise QueryError(f"{name}: needs a word, e.g. {name}:lima")
    terms = [qt.Term(name, w, boost=ADDRESSEE_BOOST) for w in words]
    return terms[0] if len(terms) == 1 else qt.And(tuple(terms))


def is_date(value: str) -> bool:
    """Whether ``to:`` is given a date (the end of a range) rather than an addressee."""
    return _DATE.match(value.strip()) is not None


def ref_query(value: str) -> qt.Node:
    cid = _canonical(value)
    if cid:
        return qt.Term("references", cid)
    # "REF: LIMA 1561" as cables write it, without the year: that cable of any year.
    from corpus.ids import canonical_station

    m = _STATION_SERIAL.match(value.strip())
    station = canonical_station(m["st"]) if m else None
    if m is None or not station or int(m["ser"]) == 0:
        raise QueryError(f"not a cable id: {value!r} (e.g. ref:09STATE112900 or ref:\"LIMA 1561\")")
    return qt.Wildcard("references", f"??{station}{int(m['ser'])}")


def _canonical(value: str) -> str | None:
    from corpus.ids import canonical_id, find_ids

    value = value.strip()
    cid = canonical_id(value.replace(" ", ""))
    if cid:
        return cid
    found = find_ids(value)
    return found[0] if found else None


def date_query(value: str) -> qt.Node:
    m = _DATE.match(value.strip())
    if not m:
        raise QueryError(f"not a date: {value!r} (write 2009, 2009-11 or 2009-11-20)")
    if m["d"]:
        return qt.DateRange("date", parse_date(value), parse_date(value, end=True))
    if m["m"]:
        return qt.Term("month", f"{m['y']}-{int(m['m']):02d}")
    return qt.Term("year", m["y"])


def range_query(start: str | None, end: str | None) -> qt.Node:
    lo = parse_date(start) if start else None
    hi = parse_date(end, end=True) if end else None
    if lo and hi and lo > hi:
        raise QueryError(f"from:{start} is after to:{end}")
    return qt.DateRange("date", lo, hi)


def field_query(name: str, value: str) -> qt.Node:
    """One field:value clause (also used for the facet filters)."""
    name = name.lower()
    if not value.strip():
        raise QueryError(f"{name}: needs a value")
    if name == "country":
        return country_query(value)
    if name == "tag":
        return qt.Term("tag", value.strip().upper())
    if name in ("class", "classification"):
        return class_query(value)
    if name == "marking":
        return qt.Term("marking", value.strip().upper().strip("()"))
    if name == "origin":
        return origin_query(value)
    if name == "kind":
        return qt.Term("kind", value.strip().lower())
    if name in ("lang", "language"):
        return qt.Term("language", value.strip().lower())
    if name == "from":
        return range_query(value, None)
    if name == "to":
        return range_query(None, value) if is_date(value) else addressee_query("to", value)
    if name == "info":
        return addressee_query("info", value)
    if name in ("date", "year", "month"):
        return date_query(value)
    if name == "ref":
        return ref_query(value)
    if name == "id":
        return qt.Term("id", _canonical(value) or value.strip())
    raise QueryError(f"unknown field {name + ':'!r} (fields: {', '.join(f + ':' for f in FIELD_NAMES)})")


@dataclass
class _Tok:
    kind: str
    text: str
    start: int
    end: int


def _tokenize(text: str) -> list[_Tok]:
    toks: list[_Tok] = []
    # A long query all in capitals is a pasted subject line ("... INFLUENCE NOT POWER"): no operators.
    pasted = text == text.upper() and len(text.split()) >= PASTED_WORDS
    operators = () if pasted else ("OR", "AND", "NOT")
    for m in _TOKEN.finditer(text):
        kind = m.lastgroup or ""
        if kind == "ws":
            continue
        if kind == "quote":
            raise QueryError(f"unbalanced quote in {text!r}: close the phrase with a second \"")
        value = m.group(kind)
        if kind == "word" and value in operators:
            kind = value
        toks.append(_Tok(kind, value, m.start(), m.end()))
    return toks


class _Parser:
    """Recursive descent: or_expr := and_expr (OR and_expr)*; and_expr := unary+; unary := NOT unary | atom."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.toks = _tokenize(text)
        self.pos = 0
        self.depth = 0  # parentheses open
        self.result = ParsedQuery(text=text, query=qt.Nothing())

    def peek(self) -> _Tok | None:
        return self.toks[self.pos] if self.pos < len(self.toks) else None

    def next_kind(self) -> str | None:
        """The kind of the next token; None at the end."""
        tok = self.peek()
        return tok.kind if tok is not None else None

    def take(self) -> _Tok:
        tok = self.toks[self.pos]
        self.pos += 1
        return tok

    def parse(self) -> ParsedQuery:
        q = self.or_expr(fieldname=None, negated=False)
        tok = self.peek()
        if tok is not None:
            if tok.kind == "rparen":
                raise QueryError(f"unbalanced parenthesis in {self.text!r}: a ) with no (")
            raise QueryError(f"unexpected {tok.text!r} in {self.text!r}")
        r = self.result
        if r.date_from and r.date_to and parse_date(r.date_from) > parse_date(r.date_to, end=True):
            raise QueryError(f"from:{r.date_from} is after to:{r.date_to}")
        if q is None:
            # An empty query, or one of stopwords only ("who is"), browses everything.
            q = qt.Every()
        self.result.query = q
        return self.result

    def or_expr(self, fieldname: str | None, negated: bool) -> qt.Node | None:
        found = [self.and_expr(fieldname, negated)]
        while (tok := self.peek()) is not None and tok.kind == "OR":
            self.take()
            if self.next_kind() in (None, "OR", "rparen"):
                raise QueryError(f"OR needs a word on both sides in {self.text!r}")
            found.append(self.and_expr(fieldname, negated))
        parts = [p for p in found if p is not None]
        if len(parts) > 1 and self.depth == 0:
            self.result.clauses.clear()  # "peru OR country:CI": no field filters the whole query
        if not parts:
            return None
        return parts[0] if len(parts) == 1 else qt.Or(tuple(parts))

    def and_expr(self, fieldname: str | None, negated: bool) -> qt.Node | None:
        positives: list[qt.Node] = []
        negatives: list[qt.Node] = []
        seen_any = False
        while (tok := self.peek()) is not None and tok.kind not in ("OR", "rparen"):
            if tok.kind == "AND":
                self.take()
                if self.next_kind() in (None, "OR", "AND", "rparen") or not seen_any:
                    raise QueryError(f"AND needs a word on both sides in {self.text!r}")
                continue
            seen_any = True
            neg, q = self.unary(fieldname, negated)
            if q is None:
                continue
            (negatives if neg else positives).append(q)
        if not seen_any:
            if self.peek() is None and self.pos == 0:
                return None
            raise QueryError(f"missing a word in {self.text!r}")
        if not positives and not negatives:
            return None
        if negatives and not positives:
            positives.append(qt.Every())
        q = positives[0] if len(positives) == 1 else qt.And(tuple(positives))
        if negatives:
            q = qt.AndNot(q, negatives[0] if len(negatives) == 1 else qt.Or(tuple(negatives)))
        return q

    def unary(self, fieldname: str | None, negated: bool) -> tuple[bool, qt.Node | None]:
        tok = self.toks[self.pos]
        if tok.kind in ("NOT", "minus"):
            self.take()
            if self.next_kind() in (None, "OR", "AND", "rparen", "NOT", "minus"):
                raise QueryError(f"{tok.text} needs a word after it in {self.text!r}")
            _, q = self.unary(fieldname, not negated)
            return True, q
        return False, self.atom(fieldname, negated)

    def atom(self, fieldname: str | None, negated: bool) -> qt.Node | None:
        tok = self.take()
        if tok.kind == "lparen":
            self.depth += 1
            q = self.or_expr(fieldname, negated)
            if self.next_kind() != "rparen":
                raise QueryError(f"unbalanced parenthesis in {self.text!r}: a ( with no )")
            self.take()
            self.depth -= 1
            return q
        if tok.kind == "field":
            name = tok.text.lower()
            if name not in FIELD_NAMES:
                field_query(name, "x")  # raises the "unknown field" message
            nxt = self.peek()
            if nxt is not None and nxt.kind == "lparen":
                return self.atom(name, negated)
            if nxt is None or nxt.kind not in ("word", "phrase"):
                raise QueryError(f"{name}: needs a value in {self.text!r}")
            value = self.take()
            if not negated and self.depth == 0:
                raw = value.text[1:-1] if value.kind == "phrase" else value.text
                self.result.clauses.append(FieldClause(name, raw, tok.start, value.end))
            return self.value(name, value, negated)
        if tok.kind in ("word", "phrase"):
            return self.value(fieldname, tok, negated)
        if tok.kind == "rparen":
            raise QueryError(f"unbalanced parenthesis in {self.text!r}: a ) with no (")
        raise QueryError(f"unexpected {tok.text!r} in {self.text!r}")

    def value(self, fieldname: str | None, tok: _Tok, negated: bool) -> qt.Node | None:
        raw = tok.text[1:-1] if tok.kind == "phrase" else tok.text
        q: qt.Node | None
        if fieldname is not None and fieldname != "title":
            q = field_query(fieldname, raw)
            if fieldname == "marking" and not negated:
                self.result.markings.add(raw.strip().upper().strip("()"))
            if fieldname == "from" and not negated:
                self.result.date_from = raw
            if fieldname == "to" and not negated and is_date(raw):
                self.result.date_to = raw
            if fieldname in ("date", "year") and not negated:
                self.result.years.add(raw.strip()[:4])
            return q
        fields = ("title",) if fieldname == "title" else TEXT_FIELDS
        if tok.kind == "phrase":
            if not raw.strip():
                return None
            q = text_query(raw, fields)
        elif (fm := _FUZZY.match(raw)) is not None:
            q = _fuzzy_query(fm["word"], int(fm["dist"] or 1), fields)
        elif "*" in raw or "?" in raw.rstrip("?"):
            q = _pattern_query(raw, fields)
        else:
            q = text_query(raw, fields)
            if q is not None and not negated:
                self.result.words.append(WordSpan(raw, tok.start, tok.end))
        if q is None and not negated and raw.strip():
            self.result.ignored.append(raw)
        if q is not None and not negated:
            self.result.highlight.append(q)
        return q


_CITED_PARAGRAPH = re.compile(r"\s*(?:¶+|#par|\bpara(?:graph)?s?\b\.?)\s*\d+[A-Za-z]?\s*$", re.I)


def cited_id(text: str) -> str | None:
    """The cable id when the whole query is a citation ("09 LIMA 1661 ¶3", "09LIMA1661 para 3")."""
    rest = _CITED_PARAGRAPH.sub("", text).strip()
    if not rest or not any(c.isdigit() for c in rest) or len(rest.split()) > 3:
        return None
    from corpus.ids import canonical_id

    return canonical_id(rest.replace(" ", ""))


def parse_query(text: str) -> ParsedQuery:
    """Parse the query language above into the engine-neutral tree (index/query_tree.py); QueryError when malformed.

    A query that is only a cable citation (``09 LIMA 1661 ¶3``) finds that cable.
    """
    cid = cited_id(text or "")
    if cid:
        return ParsedQuery(text=text, query=qt.Term("id", cid))
    return _Parser(text or "").parse()

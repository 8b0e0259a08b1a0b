"""From a record to the values of the Whoosh fields declared in index/schema.py.

Multi-valued fields (country, tag, caveats …) are given as lists: Whoosh then
indexes each item as one term exactly as written, so a value holding a comma
("CLINTON, HILLARY", "Korea, South") stays one term, and the stored value is
the list itself.  Empty values are left out (None): nothing to index or store.
"""

from __future__ import annotations

import re
from array import array
from collections.abc import Callable
from datetime import UTC, datetime
from functools import cache
from itertools import repeat
from typing import Any

from whoosh.analysis import CharsetFilter, LowercaseFilter, RegexTokenizer, StemFilter, StopFilter

from corpus.records import Addressee, Cable, Record
from index.field_names import TEXT_FIELDS
from index.postings_format import text_postings
from index.schema import build_schema
from index.store import dump_record

_SCHEMA = build_schema()
PARAGRAPH_BREAK = "\n\n"  # between the paragraphs of the body text
_WORD_SPLIT = str.maketrans({c: " " for c in "-/.,;:()'\"&"})


def record_fields(record: Record, content_hash: str) -> dict[str, Any]:
    """The Whoosh field values for ``record``, read from ``content_hash`` (sha256 of its source bytes)."""
    is_cable = isinstance(record, Cable)
    title = (record.subject if is_cable else "") or record.title
    body = _body_text(record)
    when = _naive_utc(record.date)
    classification = _classification(record)
    return {
        "id": record.id,
        "kind": record.kind,
        "title": title or None,
        "body": body or None,
        "body_es": body if record.language == "es" and body else None,
        "country": _values(record.countries),
        "origin_country": _values([record.origin_country] if record.origin_country else []),
        "origin": record.origin or None,
        "origin_terms": _values(_origin_terms(record)),
        "to": _values(_addressee_terms(record.to)) if is_cable else None,
        "info": _values(_addressee_terms(record.info)) if is_cable else None,
        "classification": classification,
        "caveats": _values(record.classification.caveats) if is_cable and record.classification else None,
        "handling": _values(record.handling) if is_cable else None,
        "tag": _values([t.code for t in record.tags]) if is_cable else None,
        "marking": _values(sorted({p.marking for p in record.paragraphs if p.marking})),
        "references": _values([i for ref in record.references for i in ref.ids]) if is_cable else None,
        "alias": _values(record.metadata.get("aliases", "").split()),
        "language": record.language or None,
        "date": when,
        "year": f"{when.year:04d}" if when else None,
        "month": f"{when.year:04d}-{when.month:02d}" if when else None,
        "content_hash": content_hash,
        "released": record.metadata.get("wikileaks_released") or None,
        "source": record.source or None,
        "record": dump_record(record),
    }


def preanalyse(fields: dict[str, Any]) -> dict[str, Any]:
    """The same fields with the text fields already analysed and grouped into their postings.

    Whoosh indexes a list value as the given terms in order (positions 0, 1, 2 …),
    which is exactly what the field's analyser yields once stop words are
    removed and positions renumbered; so running the analyser here, in a parser
    process, and grouping the terms into postings (index.postings_format.text_postings)
    gives the same index while the writer skips the costly part.  The original
    text is kept as the stored value.  The body's paragraphs (blocks apart by a
    blank line) are analysed one by one, and where each starts is kept in the
    ``paragraphs`` column.  Write these with index.whoosh.segment.BulkSegmentWriter.
    """
    out = dict(fields)
    for name in TEXT_FIELDS:
        value = out.get(name)
        if not isinstance(value, str):
            continue
        if name == "body":
            terms, starts = _paragraph_terms(value)
            out["paragraphs"] = array("I", starts).tobytes()
        else:
            terms = analyse(name, value)
        out[name] = text_postings(terms, _SCHEMA[name].format.field_boost)
        if _SCHEMA[name].stored:
            out[f"_stored_{name}"] = value
    return out


def _paragraph_terms(body: str) -> tuple[list[str], list[int]]:
    terms: list[str] = []
    starts: list[int] = []
    for block in body.split(PARAGRAPH_BREAK):
        found = analyse("body", block)
        if found:
            starts.append(len(terms))
            terms.extend(found)
    return terms, starts


def analyse(field: str, text: str) -> list[str]:
    """The terms the schema's analyser for ``field`` makes of ``text``, stop words removed, in order.

    The query side analyses its words with this very function (search/query.py):
    ``analyse("body", "entry into force") == ["entri", "forc"]``, ``analyse("body", "don't") == []``.
    """
    fast = _fast_analyser(field)
    if fast is not None:
        return fast(text)
    return [t.text for t in _SCHEMA[field].analyzer(text, positions=True) if not t.stopped]


_STEM_CACHE_LIMIT = 200_000  # distinct words kept per field; the vocabulary of a corpus fits
_UNSEEN: Any = object()


@cache
def _fast_analyser(field: str) -> Callable[[str], list[str]] | None:
    """The analyser of ``field`` as one plain loop, or None when it is not a chain of known steps.

    Whoosh runs a token through a chain of generators (tokenise, lowercase,
    fold accents, stop, stem): about 2.5 µs a token, a third of a cable's
    indexing cost.  Every step after the tokenizer is a function of the one word,
    so this applies the chain's own steps (pattern, stop list, sizes, stemmer,
    character map) to each distinct word once, with a plain dict as cache.
    tests/index/test_fields.py checks it gives the very same terms.
    """
    items = getattr(_SCHEMA[field].analyzer, "items", None)
    if not items or type(items[0]) is not RegexTokenizer or items[0].gaps:
        return None
    steps = [_word_step(item) for item in items[1:]]
    if any(step is None for step in steps):
        return None
    tokens = _non_capturing(items[0].expression)
    if tokens.groups:
        return None
    findall = tokens.findall
    terms_of: dict[str, str | None] = {}  # word -> its term, None when the chain drops it
    get = terms_of.get

    def word_term(word: str) -> str | None:
        for step in steps:
            word = step(word)
            if word is None:
                return None
        return word

    def terms(text: str) -> list[str]:
        # The loops run in C (map); only a word never seen before goes through the steps.
        words = findall(text)
        found = list(map(get, words, repeat(_UNSEEN)))
        if _UNSEEN in found:
            if len(terms_of) > _STEM_CACHE_LIMIT:
                terms_of.clear()
            for i, term in enumerate(found):
                if term is _UNSEEN:
                    word = words[i]
                    term = terms_of.get(word, _UNSEEN)
                    found[i] = terms_of[word] = word_term(word) if term is _UNSEEN else term
        return [term for term in found if term is not None]

    return terms


def _non_capturing(expression: re.Pattern) -> re.Pattern:
    """The tokenizer's pattern with its groups made non-capturing, so that ``findall`` gives the
    whole matches (Whoosh's ``[\\w\\*]+(\\.?[\\w\\*]+)*`` has a group); the pattern
    itself when it cannot tell every "(" opens a group (an escaped one, one in a set)."""
    pattern = expression.pattern
    if not expression.groups or not isinstance(pattern, str) or pattern.count("(") != expression.groups:
        return expression
    plain = re.compile(re.sub(r"\((?!\?)", "(?:", pattern), expression.flags)
    return plain if plain.groups == 0 else expression


def _word_step(item) -> Callable[[str], str | None] | None:
    """One analyser step as a function of a word (None for a word it drops); None if unknown."""
    kind = type(item)
    if kind is LowercaseFilter:
        return str.lower
    if kind is CharsetFilter:
        return lambda word, charmap=item.charmap: word.translate(charmap)
    if kind is StopFilter:
        stops, minsize, maxsize = item.stops, item.min, item.max

        def stop(word: str) -> str | None:
            if len(word) < minsize or (maxsize is not None and len(word) > maxsize) or word in stops:
                return None
            return word

        return stop
    if kind is StemFilter:
        ignore, stem = item.ignore, item._stem
        return lambda word: word if word in ignore else stem(word)
    return None


def _body_text(record: Record) -> str:
    """What full-text search reads: the paragraphs, each section heading once, and the people named
    in the header (a signer or classifier is something a desk officer searches for)."""
    parts: list[str] = []
    heading = None
    for p in record.paragraphs:
        if p.heading and p.heading != heading:
            heading = p.heading
            parts.append(heading)
        if p.text:
            parts.append(p.text)
    if isinstance(record, Cable):
        parts.extend(x for x in (record.classified_by, record.signer) if x)
    else:
        parts.extend(x for x in (record.author, record.addressee, record.event) if x)
    return PARAGRAPH_BREAK.join(parts)


def _values(items: list[str]) -> list[str] | None:
    # Deduplicate, keeping the first-seen order (it is what a reader sees in the stored list).
    seen = list(dict.fromkeys(i.strip() for i in items if i and i.strip()))
    return seen or None


def _naive_utc(when: datetime | None) -> datetime | None:
    # Whoosh's DATETIME compares against naive datetimes; cables are UTC already.
    if when is None:
        return None
    if when.tzinfo is not None:
        when = when.astimezone(UTC).replace(tzinfo=None)
    return when


def _classification(record: Record) -> str | None:
    if isinstance(record, Cable):
        return record.classification.level if record.classification else None
    # A document states its marking in metadata when it has one (historical memoranda); most have none.
    return (record.metadata.get("classification") or "UNCLASSIFIED").upper()


def _addressee_terms(addressees: list[Addressee]) -> list[str]:
    """The words that find these addressees: "AMEMBASSY BOGOTA" (RUEHBO) -> amembassy, bogota, ruehbo."""
    words: list[str] = []
    for a in addressees:
        words.extend(a.name.lower().translate(_WORD_SPLIT).split())
        words.extend(x.lower() for x in (a.station, a.routing) if x)
    return words


def _origin_terms(record: Record) -> list[str]:
    words: list[str] = []
    if isinstance(record, Cable) and record.station:
        words.append(record.station.lower())
    if record.origin:
        words.extend(record.origin.lower().translate(_WORD_SPLIT).split())
    return words

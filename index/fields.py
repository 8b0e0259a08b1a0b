"""From a record to the values of the Whoosh fields declared in index/schema.py.

Multi-valued fields (country, tag, caveats …) are given as lists: Whoosh then
indexes each item as one term exactly as written, so a value holding a comma
("CLINTON, HILLARY", "Korea, South") stays one term, and the stored value is
the list itself.  Empty values are left out (None): nothing to index or store.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timezone
from functools import cache
from typing import Any

from whoosh.analysis import LowercaseFilter, RegexTokenizer, StemFilter, StopFilter

from corpus.records import Cable, Record
from index.schema import build_schema
from index.store import dump_record

# Fields whose text Whoosh analyses (tokenise, stop, stem): the costly part of indexing.
TEXT_FIELDS = ("title", "body", "body_es")

_SCHEMA = build_schema()
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
    """The same fields with the text fields already analysed into their terms.

    Whoosh indexes a list value as the given terms in order (positions 0, 1, 2 …),
    which is exactly what the field's analyser yields once stop words are
    removed and positions renumbered; so running the analyser here, in a parser
    process, gives the same index while the single writer process skips the
    costly stemming.  The original text is kept as the stored value.
    """
    out = dict(fields)
    for name in TEXT_FIELDS:
        value = out.get(name)
        if not isinstance(value, str):
            continue
        out[name] = analyse(name, value)
        if _SCHEMA[name].stored:
            out[f"_stored_{name}"] = value
    return out


def analyse(field: str, text: str) -> list[str]:
    """The terms the schema's analyser for ``field`` makes of ``text``, stop words removed, in order."""
    fast = _fast_analyser(field)
    if fast is not None:
        return fast(text)
    return [t.text for t in _SCHEMA[field].analyzer(text, positions=True) if not t.stopped]


_STEM_CACHE_LIMIT = 200_000  # distinct words kept per field; the vocabulary of a corpus fits


@cache
def _fast_analyser(field: str) -> Callable[[str], list[str]] | None:
    """The analyser of ``field`` as one plain loop, or None when it is not the usual chain.

    Whoosh runs a token through a chain of generators (tokenise, lowercase,
    stop, stem): about 2.5 µs a token, a third of a cable's indexing cost.  For
    the chain schema.py uses (RegexTokenizer | LowercaseFilter | StopFilter |
    StemFilter) this does the same steps with the chain's own settings (pattern,
    stop list, sizes, stemmer) in one loop, with a plain dict as stem cache.
    tests/index/test_fields.py checks it gives the very same terms.
    """
    items = getattr(_SCHEMA[field].analyzer, "items", None)
    if not items or len(items) != 4:
        return None
    tokenizer, lower, stop, stemmer = items
    kinds = (RegexTokenizer, LowercaseFilter, StopFilter, StemFilter)
    if any(type(item) is not kind for item, kind in zip(items, kinds)) or tokenizer.gaps:
        return None
    finditer = tokenizer.expression.finditer
    stops, minsize, maxsize = stop.stops, stop.min, stop.max
    ignore, stem = stemmer.ignore, stemmer._stem
    stems: dict[str, str] = {}

    def terms(text: str) -> list[str]:
        out = []
        for match in finditer(text):
            word = match.group(0).lower()
            if len(word) < minsize or (maxsize is not None and len(word) > maxsize) or word in stops:
                continue
            term = stems.get(word)
            if term is None:
                if len(stems) > _STEM_CACHE_LIMIT:
                    stems.clear()
                term = stems[word] = word if word in ignore else stem(word)
            out.append(term)
        return out

    return terms


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
    return "\n\n".join(parts)


def _values(items: list[str]) -> list[str] | None:
    # Deduplicate, keeping the first-seen order (it is what a reader sees in the stored list).
    seen = list(dict.fromkeys(i.strip() for i in items if i and i.strip()))
    return seen or None


def _naive_utc(when: datetime | None) -> datetime | None:
    # Whoosh's DATETIME compares against naive datetimes; cables are UTC already.
    if when is None:
        return None
    if when.tzinfo is not None:
        when = when.astimezone(timezone.utc).replace(tzinfo=None)
    return when


def _classification(record: Record) -> str | None:
    if isinstance(record, Cable):
        return record.classification.level if record.classification else None
    # A document states its marking in metadata when it has one (historical memoranda); most have none.
    return (record.metadata.get("classification") or "UNCLASSIFIED").upper()


def _origin_terms(record: Record) -> list[str]:
    words: list[str] = []
    if isinstance(record, Cable) and record.station:
        words.append(record.station.lower())
    if record.origin:
        words.extend(record.origin.lower().translate(_WORD_SPLIT).split())
    return words

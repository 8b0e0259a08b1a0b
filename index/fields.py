"""From a record to the values of the Whoosh fields declared in index/schema.py.

Multi-valued fields (country, tag, caveats …) are given as lists: Whoosh then
indexes each item as one term exactly as written, so a value holding a comma
("CLINTON, HILLARY", "Korea, South") stays one term, and the stored value is
the list itself.  Empty values are left out (None): nothing to index or store.
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

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
    body = record.text
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
        "language": record.language or None,
        "date": when,
        "year": f"{when.year:04d}" if when else None,
        "month": f"{when.year:04d}-{when.month:02d}" if when else None,
        "content_hash": content_hash,
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
        analyzer = _SCHEMA[name].analyzer
        out[name] = [t.text for t in analyzer(value, positions=True) if not t.stopped]
        if _SCHEMA[name].stored:
            out[f"_stored_{name}"] = value
    return out


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

"""A record as a Solr document: the Whoosh field values (index/fields.py), in Solr's JSON form.

The values are those :func:`index.fields.record_fields` gives Whoosh, so both engines index the
same thing; only the form differs: empty fields are left out, the date is an ISO instant in UTC
("2009-11-20T16:58:00Z"), lists stay lists (multi-valued fields), and the text fields (title,
body, body_es) are their terms as :func:`index.fields.analyse` makes them, joined by spaces:
Solr splits them on whitespace and analyses nothing itself (the config set's ``terms`` type), so
both engines hold the very same terms at the very same positions.  ``body_paragraphs`` holds the
body's terms once more, one value per paragraph (where the ``paragraphs`` column says each
starts), for the re-ranking's "all the words in one paragraph" (index/solr/ranking.py).
``record`` is the stored record (index/store.py), read back with :func:`index.store.load_record`::

    doc = solr_document(record, content_hash)
    doc["id"], doc["date"], doc["country"]   # "09LIMA1661", "2009-11-20T16:58:00Z", ["Peru"]
    doc["title"]                             # "peru inform secur dialogu"
    doc["body_paragraphs"][0]                # "pleas find embassi lima respons question pose reftel"
"""

from __future__ import annotations

from array import array
from datetime import datetime
from typing import Any

from corpus.records import Record
from index.field_names import TEXT_FIELDS
from index.fields import analyse, preanalyse, record_fields
from index.postings_format import decode_positions


def solr_document(record: Record, content_hash: str) -> dict[str, Any]:
    """The Solr document for ``record`` read from bytes whose sha256 is ``content_hash``."""
    return solr_values(preanalyse(record_fields(record, content_hash)))


def solr_values(fields: dict[str, Any], *, paragraphs: bool = True) -> dict[str, Any]:
    """Whoosh field values (:func:`index.fields.preanalyse`d or not) as a Solr JSON document.

    ``paragraphs=False`` leaves ``body_paragraphs`` out (a collection made before the field existed).

    A text field may be its text, its terms, or the postings the ingest's parser processes make
    for Whoosh (index/postings_format.py ``TextPostings``): the terms are read back from the positions.
    """
    doc: dict[str, Any] = {}
    starts = fields.get("paragraphs") if paragraphs else None  # the uint32 column of paragraph starts
    for name, value in fields.items():
        if value is None or value == [] or name.startswith("_") or isinstance(value, bytes):
            continue  # _stored_title: Solr needs no stored text (the record has it); bytes: Whoosh's own
        if name in TEXT_FIELDS:
            value = " ".join(_terms(name, value))
            if not value:
                continue
        elif isinstance(value, datetime):
            value = value.replace(microsecond=0).isoformat() + "Z"  # naive UTC (index/fields.py)
        doc[name] = value
    if starts and "body" in doc:
        doc["body_paragraphs"] = _paragraphs(doc["body"].split(" "), starts)
    return doc


def _paragraphs(terms: list[str], starts_column: bytes) -> list[str]:
    """The body's ``terms`` cut where each paragraph starts (the ``paragraphs`` column's uint32 positions)."""
    starts = [s for s in array("I", starts_column) if 0 < s < len(terms)]
    bounds = [0, *starts, len(terms)]
    return [" ".join(terms[a:b]) for a, b in zip(bounds, bounds[1:]) if b > a]


def _terms(field: str, value: Any) -> list[str]:
    """The terms of a text field in order, from its text, its term list or its Whoosh postings."""
    if isinstance(value, str):
        return analyse(field, value)
    if isinstance(value, list):
        return value
    terms = [""] * value.length
    for term, _weight, encoded in value.items:
        word = term.decode("utf-8")
        for position in decode_positions(encoded):
            terms[position] = word
    return [t for t in terms if t]

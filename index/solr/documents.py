"""A record as a Solr document: the Whoosh field values (index/fields.py), in Solr's JSON form.

The values are those :func:`index.fields.record_fields` gives Whoosh, so both engines index the
same thing; only the form differs: empty fields are left out, the date is an ISO instant in UTC
("2009-11-20T16:58:00Z"), lists stay lists (multi-valued fields).  ``record`` is the stored record
(index/store.py), read back with :func:`index.store.load_record`::

    doc = solr_document(record, content_hash)
    doc["id"], doc["date"], doc["country"]   # "09LIMA1661", "2009-11-20T16:58:00Z", ["Peru"]
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from corpus.records import Record
from index.fields import record_fields


def solr_document(record: Record, content_hash: str) -> dict[str, Any]:
    """The Solr document for ``record`` read from bytes whose sha256 is ``content_hash``."""
    return solr_values(record_fields(record, content_hash))


def solr_values(fields: dict[str, Any]) -> dict[str, Any]:
    """Whoosh field values (naive UTC datetimes, None for empty) as a Solr JSON document."""
    doc: dict[str, Any] = {}
    for name, value in fields.items():
        if value is None or value == [] or name.startswith("_stored_"):
            continue
        if isinstance(value, datetime):
            value = value.replace(microsecond=0).isoformat() + "Z"  # naive UTC (index/fields.py)
        doc[name] = value
    return doc

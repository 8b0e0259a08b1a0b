"""Release history: which texts of a record were published, and which one is current.

A cable may be published more than once: WikiLeaks released 08LONDON1452 on 2010-12-13 with an
intelink URL in its text, and again on 2011-02-02 with ``XXXXXXXXXXXX`` in its place.  Every page
of it that a user ingests counts, but only a changed *text* makes a new version: the same words in
another page layout (different markup, wrapping, spacing) are the same version.

- :func:`version_text` is what is compared: the subject (or title), then the paragraphs;
  :func:`text_hash` hashes it with its whitespace collapsed.
- :func:`merge` takes the record the index holds and one just read, and gives the record to keep
  (the newer release: its ``released`` stamp, then the day its page was made, then its content
  hash decide; without stamps on both, the one read last), with ``versions`` listing every distinct text, oldest first, when
  there is more than one; and the ingest's count for it: "unchanged" (a text already known),
  "updated" (a new text, and the newer release) or "older" (a new text from an earlier release:
  added to the history, never searched).  The result does not depend on the order of ingest.
"""

from __future__ import annotations

import hashlib
from dataclasses import replace

from corpus.records import Record, Version


def version_text(record: Record) -> str:
    """The text a version is: ``subject`` (or title), then each paragraph, apart by blank lines."""
    title = getattr(record, "subject", "") or record.title
    return "\n\n".join(x for x in [title, *(p.text for p in record.paragraphs)] if x)


def text_hash(record_or_text: Record | str) -> str:
    """sha256 of the version text with every run of whitespace made one space."""
    text = record_or_text if isinstance(record_or_text, str) else version_text(record_or_text)
    return hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()


def released(record: Record) -> str:
    """The publisher's release stamp of this copy ("2011-02-02 21:09"), "" when it states none."""
    return record.metadata.get("wikileaks_released") or ""


def history(record: Record) -> list[Version]:
    """Every known text of ``record``, oldest first: its versions, or its own text alone."""
    if record.versions:
        return list(record.versions)
    text = version_text(record)
    return [Version(released=released(record), as_of=record.metadata.get("wikileaks_as_of", ""),
                    source=record.source, text_hash=text_hash(text), text=text)]


def merge(current: Record, current_hash: str, incoming: Record, incoming_hash: str) -> tuple[Record, str, str]:
    """(record to keep, its content hash, "unchanged" | "updated" | "older"); see the module docstring."""
    known = {v.text_hash for v in history(current)}
    newer = _is_newer(incoming, incoming_hash, current, current_hash)
    keep, keep_hash = (incoming, incoming_hash) if newer else (current, current_hash)
    pool: dict[str, Version] = {}
    for version in history(current) + history(incoming):
        seen = pool.get(version.text_hash)
        if seen is None or (version.released, version.as_of, version.source) > (seen.released, seen.as_of, seen.source):
            pool[version.text_hash] = version
    own = text_hash(keep)
    # Oldest first; the kept record's own text last whatever its stamp says (it is the one searched).
    versions = sorted(pool.values(), key=lambda v: (v.text_hash == own, v.released, v.as_of, v.text_hash))
    kept = replace(keep, versions=versions if len(versions) > 1 else [])
    incoming_text = text_hash(incoming)
    status = "unchanged" if incoming_text in known else "updated" if newer else "older"
    return kept, keep_hash, status


def _is_newer(a: Record, a_hash: str, b: Record, b_hash: str) -> bool:
    """Whether ``a`` is a later release than ``b``: by release stamp when both state one, then by
    the day the page was made (a WikiLeaks page's latest "reldate" link: 09BERLIN1162 states
    Released 2010-11-28 18:06 on the pages of 2010-12-21 and of 2011-04-11, with other texts),
    then by content hash (so that either order of ingest keeps the same copy); without stamps,
    ``a`` (the one read last)."""
    if released(a) and released(b):
        return _newness(a, a_hash) > _newness(b, b_hash)
    return True


def _newness(record: Record, content_hash: str) -> tuple[str, str, str]:
    return released(record), record.metadata.get("wikileaks_as_of", ""), content_hash

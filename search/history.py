"""What changed between two versions of a record, word by word (``cables diff``, the reader's diff view).

The versions are those the ingest keeps (corpus/versions.py): a record whose text never changed
has one; 08LONDON1452 has two, and between them one change, a redaction::

    d = version_diff(record)                   # oldest -> newest unless told
    d.old.released, d.new.released             # "2010-12-13 23:11", "2011-02-02 21:09"
    c = d.changes[0]
    c.removed, c.added, c.redaction            # "http://www.intelink.sgov.gov/wiki/Portal:Unit ed_Kingdom",
                                               # "XXXXXXXXXXXX", "redacted"

A change is a run of removed words and/or added words with a few words of context either side.
A redaction is a change whose added words are ``XXXX…`` (the publisher's mark for text taken
out); the reverse, ``XXXX…`` replaced by words, is a text restored ("unredacted").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from corpus.errors import EXIT_USAGE, CablesError
from corpus.records import Record, Version
from corpus.versions import history

CONTEXT = 6  # words of context either side of a change
_REDACTED = re.compile(r"X{4,}")


@dataclass
class Change:
    before: str  # context: the words just before the change
    removed: str  # the words of the old version that are gone ("" for none)
    added: str  # the words of the new version that came in ("" for none)
    after: str  # context: the words just after
    redaction: str | None = None  # "redacted" (words replaced by XXXX…), "unredacted" (the reverse), None


@dataclass
class VersionDiff:
    id: str
    versions: list[Version]  # every version, oldest first; the last is the one searched
    old: Version
    new: Version
    old_number: int  # 1-based numbers of the two versions compared
    new_number: int
    changes: list[Change] = field(default_factory=list)

    @property
    def redactions(self) -> int:
        return sum(1 for c in self.changes if c.redaction == "redacted")


def pick_version(versions: list[Version], wanted: str | None, default: int) -> int:
    """The 0-based index of the version named by ``wanted``: its number (1, 2 …) or the start of its
    release stamp ("2011-02", "2010-12-13 23:11"); ``default`` when None."""
    if wanted is None or not str(wanted).strip():
        return default
    wanted = str(wanted).strip()
    if wanted.isdigit() and 1 <= int(wanted) <= len(versions):
        return int(wanted) - 1
    found = [i for i, v in enumerate(versions) if v.released and v.released.startswith(wanted)]
    if len(found) == 1:
        return found[0]
    known = ", ".join(f"{i + 1} ({v.released or 'no release date'})" for i, v in enumerate(versions))
    what = "several versions match" if found else "no version matches"
    raise CablesError(f"{what} {wanted!r}: the versions are {known}", EXIT_USAGE)


def version_diff(record: Record, start: str | None = None, end: str | None = None) -> VersionDiff:
    """The changes from version ``start`` (default: the oldest) to ``end`` (default: the newest)."""
    versions = history(record)
    a = pick_version(versions, start, 0)
    b = pick_version(versions, end, len(versions) - 1)
    old, new = versions[a], versions[b]
    return VersionDiff(record.id, versions, old, new, a + 1, b + 1, word_changes(old.text, new.text))


def word_changes(old: str, new: str) -> list[Change]:
    """The changes between two texts, compared word by word (whitespace is not a change)."""
    a, b = old.split(), new.split()
    changes = []
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            continue
        removed, added = " ".join(a[i1:i2]), " ".join(b[j1:j2])
        changes.append(Change(
            before=" ".join(b[max(0, j1 - CONTEXT):j1]), removed=removed, added=added,
            after=" ".join(b[j2:j2 + CONTEXT]), redaction=_redaction(removed, added),
        ))  # fmt: skip
    return changes


def _redaction(removed: str, added: str) -> str | None:
    if _REDACTED.search(added) and not _REDACTED.search(removed):
        return "redacted"
    if _REDACTED.search(removed) and not _REDACTED.search(added):
        return "unredacted"
    return None

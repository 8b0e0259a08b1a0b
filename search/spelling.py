"""Spelling corrections from the index's own vocabulary ("did you mean").

The index holds stems ("secur"), not words, so a stem-level corrector would
propose "secur" for "secruity".  Instead: every word one edit away from the
misspelt one, stemmed, kept when its stem is in the index; the suggestion is
that edited word itself ("security"), ranked by how many documents hold it.
"""

from __future__ import annotations

import string

from index.schema import ENGLISH

_LETTERS = string.ascii_lowercase
_FIELDS = ("body", "title")


def _edits1(word: str) -> set[str]:
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    deletes = [a + b[1:] for a, b in splits if b]
    transposes = [a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1]
    replaces = [a + c + b[1:] for a, b in splits if b for c in _LETTERS]
    inserts = [a + c + b for a, b in splits for c in _LETTERS]
    return set(deletes + transposes + replaces + inserts)


def _stem(word: str) -> str | None:
    stems = [t.text for t in ENGLISH(word)]
    return stems[0] if len(stems) == 1 else None


def document_frequency(reader, word: str) -> int:
    stem = _stem(word)
    if stem is None:
        return 0
    return sum(reader.doc_frequency(f, stem) for f in _FIELDS)


def corrections(reader, word: str, *, limit: int = 5) -> list[str]:
    """Words one edit from ``word`` whose stem is in the index, most common first."""
    word = word.lower()
    if len(word) < 3 or not word.isalpha():
        return []
    own = _stem(word)
    by_stem: dict[str, str] = {}
    for candidate in sorted(_edits1(word)):
        stem = _stem(candidate)
        if stem is None or stem == own:
            continue
        # Several edits share a stem ("dialogu", "dialogue"): prefer one the stemmer shortened,
        # a written word with its ending, over the bare stem.
        if stem not in by_stem or (by_stem[stem] == stem and candidate != stem):
            by_stem[stem] = candidate
    scored: dict[str, int] = {}
    for stem, candidate in by_stem.items():
        df = sum(reader.doc_frequency(f, stem) for f in _FIELDS)
        if df:
            scored[candidate] = df
    return [w for w, _ in sorted(scored.items(), key=lambda kv: (-kv[1], kv[0]))[:limit]]

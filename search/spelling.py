"""Spelling corrections from the index's own vocabulary ("did you mean").

A word is offered a correction only when all of these hold:

- it is no English word (pyspellchecker's English word list: "who", "forthcoming",
  "calender" are words, "secruity" is not) and no stopword (the query leaves those out);
- the query found fewer than FEW_HITS documents ("chaves", the name in 11 of the 6,712
  WikiLeaks cables, finds them: no suggestion there);
- a word one edit away is in the index RARE_RATIO times as often as the word, or the word
  is in none ("secruity", in one cable, -> "security"; "negotations" -> "negotiations";
  "chaves" -> "chavez" only in an index where "chaves" is that rare and "chavez" common).

The index holds stems ("secur"), not words, so a stem-level corrector would propose
"secur" for "secruity".  Instead: every word one edit away from the misspelt one,
stemmed, kept when its stem is in the index; the suggestion is that edited word
itself ("security"), ranked by how many documents hold it.
"""

from __future__ import annotations

import string
from functools import cache

from index.fields import analyse

_LETTERS = string.ascii_lowercase
_FIELDS = ("body", "title")
FEW_HITS = 3  # a query with fewer hits than this is looked at for misspellings
RARE_RATIO = 20  # a rare word is corrected only to one this many times as common


@cache
def _english_words():
    from spellchecker import SpellChecker

    return SpellChecker(language="en", distance=1).word_frequency


def is_english(word: str) -> bool:
    """True for a word of the English word list ("who", "calender"), False for "secruity"."""
    return word.lower() in _english_words()


def _edits1(word: str) -> set[str]:
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    deletes = [a + b[1:] for a, b in splits if b]
    transposes = [a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1]
    replaces = [a + c + b[1:] for a, b in splits if b for c in _LETTERS]
    inserts = [a + c + b for a, b in splits for c in _LETTERS]
    return set(deletes + transposes + replaces + inserts)


def _stem(word: str) -> str | None:
    stems = analyse("body", word)
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
    by_stem: dict[str, list[str]] = {}
    for candidate in _edits1(word):
        stem = _stem(candidate)
        if stem is not None and stem != own:
            by_stem.setdefault(stem, []).append(candidate)
    scored: dict[str, int] = {}
    for stem, candidates in by_stem.items():
        df = sum(reader.doc_frequency(f, stem) for f in _FIELDS)
        if df:
            # Several edits share a stem ("dialogu", "dialogue"; "chavez", "chavezs"): an English
            # word first, else the shortest (a name's plural is no likelier than the name).
            scored[min(candidates, key=lambda c: (not is_english(c), len(c), c))] = df
    return [w for w, _ in sorted(scored.items(), key=lambda kv: (-kv[1], kv[0]))[:limit]]


def correction(reader, word: str) -> str | None:
    """The word ``word`` is likely a slip for, per the rules above; None when it looks right."""
    if is_english(word):
        return None
    own = document_frequency(reader, word)
    fixes = corrections(reader, word, limit=1)
    # Cables are full of typos: "secruity" is in one cable, so a word merely present is
    # no proof of its spelling; a neighbour RARE_RATIO times as common is the likelier word.
    if fixes and (own == 0 or document_frequency(reader, fixes[0]) >= RARE_RATIO * own):
        return fixes[0]
    return None


def suggestion(reader, parsed, total: int) -> str | None:
    """The query text with its misspelt words corrected ("did you mean"), or None.

    Only for a query that found fewer than FEW_HITS documents; ``parsed`` is the
    search.query.ParsedQuery, whose plain words are looked at.
    """
    if total >= FEW_HITS or not parsed.words:
        return None
    text = parsed.text
    changed = False
    for span in sorted(parsed.words, key=lambda s: s.start, reverse=True):
        fix = correction(reader, span.word)
        if fix:
            text = text[: span.start] + fix + text[span.end :]
            changed = True
    return text if changed else None

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
from typing import TYPE_CHECKING, Any, Protocol

from index.fields import analyse

if TYPE_CHECKING:
    from search.query import ParsedQuery


class Frequencies(Protocol):
    """What "did you mean" asks of the index (search.library gives it, fetched from the engine)."""

    def doc_frequency(self, field: str, term: str) -> int: ...

_LETTERS = string.ascii_lowercase
FIELDS = ("body", "title")  # where a word counts as in use
FEW_HITS = 3  # a query with fewer hits than this is looked at for misspellings
RARE_RATIO = 20  # a rare word is corrected only to one this many times as common
SWAP_WEIGHT = 10  # two letters swapped is the commonest slip
_STOPWORD_DF = 10**9  # an English stopword ("until") counts as the commonest of words


@cache
def _english_words() -> Any:
    from spellchecker import SpellChecker

    return SpellChecker(language="en", distance=1).word_frequency


def is_english(word: str) -> bool:
    """True for a word of the English word list ("who", "calender"), False for "secruity"."""
    return word.lower() in _english_words()


def _edits1(word: str) -> dict[str, int]:
    """Every word one edit from ``word``, with the kind of edit: 0 two letters swapped (the
    commonest slip, "wierd"), 1 a letter left out ("negotations"), 2 one mistyped, 3 one doubled."""
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    edits: dict[str, int] = {}
    for kind, words in enumerate((
        [a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1],
        [a + c + b for a, b in splits for c in _LETTERS],
        [a + c + b[1:] for a, b in splits if b for c in _LETTERS],
        [a + b[1:] for a, b in splits if b],
    )):
        for w in words:
            edits.setdefault(w, kind)
    edits.pop(word, None)
    return edits


def _stem(word: str) -> str | None:
    stems = analyse("body", word)
    return stems[0] if len(stems) == 1 else None


def candidate_stems(words: list[str]) -> list[str]:
    """The stems of ``words`` and of every word one edit from them: all :func:`corrections`
    and :func:`document_frequency` look up, so that an engine answers them in one request."""
    stems: dict[str, None] = {}
    for word in words:
        word = word.lower()
        for candidate in [word, *_edits1(word)] if len(word) >= 3 and word.isalpha() else [word]:
            stem = _stem(candidate)
            if stem is not None:
                stems[stem] = None
    return list(stems)


def document_frequency(reader: Frequencies, word: str) -> int:
    stem = _stem(word)
    if stem is None:
        return 0
    return sum(reader.doc_frequency(f, stem) for f in FIELDS)


def corrections(reader: Frequencies, word: str, *, limit: int = 5) -> list[str]:
    """Words one edit from ``word`` that the index holds (or English stopwords, which it never
    holds: "untill" -> "until"), likeliest first: English words before others ("adress" ->
    "address", not the stray "adness" of one cable), then the most common, swapped letters
    counting SWAP_WEIGHT times ("sieze" -> "seize", not "size")."""
    word = word.lower()
    if len(word) < 3 or not word.isalpha():
        return []
    own = _stem(word)
    best: dict[str, tuple[Any, ...]] = {}  # stem -> (rank key, candidate)
    for candidate, kind in _edits1(word).items():
        english = is_english(candidate)
        stem = _stem(candidate)
        if stem is None:
            if english and analyse("title", candidate) == [] and len(candidate) > 2:
                stem = f" {candidate}"  # a stopword: never indexed, always in use
                df = _STOPWORD_DF
            else:
                continue
        elif stem == own:
            continue
        else:
            df = sum(reader.doc_frequency(f, stem) for f in FIELDS)
        if not df:
            continue
        key = (not english, -df * (SWAP_WEIGHT if kind == 0 else 1), kind, len(candidate), candidate)
        if stem not in best or key < best[stem][0]:
            best[stem] = (key, candidate)
    return [c for _, c in sorted(best.values())[:limit]]


def correction(reader: Frequencies, word: str) -> str | None:
    """The word ``word`` is likely a slip for, per the rules above; None when it looks right."""
    if is_english(word):
        return None
    own = document_frequency(reader, word)
    fixes = corrections(reader, word, limit=1)
    # Cables are full of typos: "secruity" is in one cable, so a word merely present is
    # no proof of its spelling; a neighbour RARE_RATIO times as common is the likelier word.
    if not fixes:
        return None
    fix_df = _STOPWORD_DF if _stem(fixes[0]) is None else document_frequency(reader, fixes[0])
    return fixes[0] if own == 0 or fix_df >= RARE_RATIO * own else None


def suggestion(reader: Frequencies, parsed: ParsedQuery, total: int) -> str | None:
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

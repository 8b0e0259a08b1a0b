"""Snippets: the best matching paragraphs of a hit, matched words wrapped in «».

Paragraphs are scored against the query's stems with the same Snowball
analyzers the index uses, so "negotiations" highlights "negotiating".
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from corpus.records import Paragraph, Record
from index.schema import ENGLISH, SPANISH
from search.models import ParagraphHit

WINDOW = 280  # characters of context in a snippet
_LEAD = 80  # characters shown before the first match
_SPACE = re.compile(r"\s+")


@dataclass
class Terms:
    """The stems a query looks for: English (title/body) and Spanish (body_es)."""

    en: set[str] = field(default_factory=set)
    es: set[str] = field(default_factory=set)
    # Quoted phrases as stem sequences: their words are marked only where they stand together.
    phrases_en: set[tuple[str, ...]] = field(default_factory=set)
    phrases_es: set[tuple[str, ...]] = field(default_factory=set)

    def __bool__(self) -> bool:
        return bool(self.en or self.es or self.phrases_en or self.phrases_es)


def _prefilter_keys(stems: set[str]) -> list[str]:
    # A Snowball stem is the word's beginning, bar a changed last letter ("happi" <- "happy").
    return [s[:-1] if len(s) > 3 else s for s in stems]


# The index analyzers' own tokenizer pattern (whoosh RegexTokenizer default), so spans line up.
_TOKEN = re.compile(r"\w+(?:\.?\w+)*", re.UNICODE)
_stem_cache: dict[tuple[int, str], str | None] = {}
_STEM_CACHE_LIMIT = 200_000


def _stem(word: str, analyzer: Any) -> str | None:
    key = (id(analyzer), word)
    try:
        return _stem_cache[key]
    except KeyError:
        pass
    stems = [t.text for t in analyzer(word)]
    stem = stems[0] if len(stems) == 1 else None
    if len(_stem_cache) >= _STEM_CACHE_LIMIT:
        _stem_cache.clear()
    _stem_cache[key] = stem
    return stem


@lru_cache(maxsize=256)
def _candidates(keys: tuple[str, ...]) -> re.Pattern[str]:
    alternation = "|".join(re.escape(k) for k in sorted(keys, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alternation})\w*(?:\.\w+)*", re.IGNORECASE)


def _matches(text: str, stems: set[str], analyzer: Any, keys: tuple[str, ...] | None = None) -> list[tuple[int, int, str]]:
    """Spans of the words of ``text`` whose stem is in ``stems``.

    Running the whole analyzer over every paragraph costs ~25 µs a word; instead
    only words starting like a wanted stem (``keys``) are found with one regex
    and stemmed one by one (cached).
    """
    found = []
    words = _candidates(keys).finditer(text) if keys else _TOKEN.finditer(text)
    for m in words:
        stem = _stem(m.group().lower(), analyzer)
        if stem in stems:
            found.append((m.start(), m.end(), stem))
    return found


def _words_and_phrases(text: str, stems: set[str], phrases: set[tuple[str, ...]], analyzer: Any, wanted: set[str],
                       keys: tuple[str, ...] | None) -> tuple[list[tuple[int, int, str]], list[tuple[int, int, str]]]:
    """The spans of the searched words and of the phrases in ``text``.  ``wanted`` is every stem
    of both; a word searched only as part of a phrase is not marked on its own."""
    candidates = _matches(text, wanted, analyzer, keys)
    words = [w for w in candidates if w[2] in stems]
    return words, _phrases_in_words(text, phrases, candidates, analyzer) if phrases else []


def _phrases_in_words(
    text: str, phrases: set[tuple[str, ...]], words: list[tuple[int, int, str]], analyzer: Any
) -> list[tuple[int, int, str]]:
    """The phrases among ``words`` (the matched words of ``text``, in order): consecutive matched
    words spelling a phrase, with nothing but stopwords and punctuation between them."""
    found = []
    for phrase in phrases:
        n = len(phrase)
        for i in range(len(words) - n + 1):
            if all(words[i + k][2] == phrase[k] for k in range(n)) and all(
                _only_stopwords(text[words[i + k][1] : words[i + k + 1][0]], analyzer) for k in range(n - 1)
            ):
                found.append((words[i][0], words[i + n - 1][1], " ".join(phrase)))
    return found


def _only_stopwords(gap: str, analyzer: Any) -> bool:
    return all(_stem(m.group().lower(), analyzer) is None for m in _TOKEN.finditer(gap))


def _merge(spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Sorted, without a word span inside a phrase span (a phrase is marked as one)."""
    out: list[tuple[int, int, str]] = []
    for span in sorted(spans, key=lambda s: (s[0], -s[1])):
        if out and span[0] < out[-1][1]:
            continue
        out.append(span)
    return out


def _window(text: str, spans: list[tuple[int, int, str]]) -> str:
    """About WINDOW characters around the first match, matches wrapped in «»."""
    if not spans:
        start, end = 0, min(len(text), WINDOW)
    else:
        start = max(0, spans[0][0] - _LEAD)
        end = min(len(text), start + WINDOW)
    if start > 0:
        space = text.find(" ", start)
        if space != -1 and space < spans[0][0]:
            start = space + 1
    if end < len(text):
        space = text.rfind(" ", start, end)
        if space > start:
            end = space
    out: list[str] = []
    pos = start
    for s, e, _ in spans:
        if s < pos or e > end:
            continue
        out.append(text[pos:s])
        out.append(f"«{text[s:e]}»")
        pos = e
    out.append(text[pos:end])
    snippet = _SPACE.sub(" ", "".join(out)).strip()
    return ("…" if start > 0 else "") + snippet + ("…" if end < len(text) else "")


def paragraph_hits(
    record: Record, terms: Terms, *, markings: set[str] | None = None, limit: int = 3
) -> list[ParagraphHit]:
    """The paragraphs that best match ``terms``, best first (at most ``limit``).

    With ``markings`` only paragraphs bearing one of them are considered.  With no
    terms, the first paragraphs with the marking (if any marking was asked).
    """
    spanish = record.language == "es"
    stems = (terms.es if spanish else terms.en) or terms.en | terms.es
    phrases = (terms.phrases_es if spanish else terms.phrases_en) or terms.phrases_en | terms.phrases_es
    analyzer = SPANISH if spanish else ENGLISH
    paragraphs: list[Paragraph] = [
        p for p in record.paragraphs if p.text and (not markings or (p.marking or "").upper() in markings)
    ]
    if not stems and not phrases:
        if not markings:
            return []
        return [ParagraphHit(number=p.number, marking=p.marking, snippet=_window(p.text, [])) for p in paragraphs[:limit]]
    # Stemming every word of a paragraph to find a phrase costs milliseconds on a cold cache:
    # the words of the phrases are found like the other words (one regex for likely words,
    # only those stemmed), and the phrases read off them (adjacent but for stopwords).
    wanted = stems | {stem for phrase in phrases for stem in phrase}
    keys = None if spanish else tuple(_prefilter_keys(wanted))
    scored: list[tuple[int, int, Paragraph, list[tuple[int, int, str]]]] = []
    for i, p in enumerate(paragraphs):
        words, found = _words_and_phrases(p.text, stems, phrases, analyzer, wanted, keys)
        if words or found:
            # A paragraph holding the quoted phrase beats one that only has its words apart.
            score = 100 * len({s[2] for s in found}) + 10 * len({s[2] for s in words}) + len(words) + len(found)
            scored.append((-score, i, p, _merge(words + found)))
    scored.sort(key=lambda item: (item[0], item[1]))
    return [
        ParagraphHit(number=p.number, marking=p.marking, snippet=_window(p.text, spans))
        for _, _, p, spans in scored[:limit]
    ]


def title_snippet(record: Record, terms: Terms) -> str:
    """Used when no paragraph matches: the opening of the text."""
    for p in record.paragraphs:
        if p.text:
            wanted = terms.en | {stem for phrase in terms.phrases_en for stem in phrase}
            if not wanted:
                return _window(p.text, [])
            words, found = _words_and_phrases(
                p.text, terms.en, terms.phrases_en, ENGLISH, wanted, tuple(_prefilter_keys(wanted))
            )
            spans = _merge(words + found)
            return _window(p.text, spans)
    return ""


def spans(text: str, terms: Terms, language: str = "en") -> list[tuple[int, int]]:
    """Where ``text`` holds what the search matched: each searched word (by its stem) and each
    quoted phrase as one span, in order; a word searched only inside a phrase is not marked alone.
    The same spans the snippets wrap in «», so the reader marks exactly what the result list does."""
    spanish = language == "es"
    stems = (terms.es if spanish else terms.en) or terms.en | terms.es
    phrases = (terms.phrases_es if spanish else terms.phrases_en) or terms.phrases_en | terms.phrases_es
    wanted = stems | {stem for phrase in phrases for stem in phrase}
    if not wanted:
        return []
    keys = None if spanish else tuple(_prefilter_keys(wanted))
    words, found = _words_and_phrases(text, stems, phrases, SPANISH if spanish else ENGLISH, wanted, keys)
    return [(s, e) for s, e, _ in _merge(words + found)]

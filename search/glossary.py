"""How the glossary reads: a term's meanings with their sources, a record's glossary, facet meanings.

The meanings themselves come from corpus.glossary (the bundled TAGS list and cable vocabulary,
the cable's own definitions); this module looks terms up for one record or across the index and
says them as text and JSON, for the CLI (``cables explain``, ``show --json``, the facet lines of
``cables search``) and the terminal UI alike:

    explain_term(lib, "PREL")              [Meaning("PREL", "External Political Relations (Political Affairs)", …)]
    explain_term(lib, "PNP", record)       [Meaning("PNP", "Peruvian Nationalist Party", "defined in the text of 08LIMA1107", …)]
    explain_term(lib, "PNP")               the expansion the indexed cables give most often
    record_glossary(record)                {"PREL": {"meaning": …, "source": …}, "XYZQ": {"meaning": None, "source": None}}
    facet_meaning("tag", "PREL")           "External Political Relations (Political Affairs)"
    term_lines(meanings, "PREL")           ["PREL  External Political Relations (Political Affairs)", "  source: …"]

An unknown code reads "unknown", never a guess.
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING, Any

from corpus import glossary
from corpus.glossary import Meaning, Term
from corpus.records import Record

if TYPE_CHECKING:
    from search.library import Library

UNKNOWN = "unknown"
INDEX_SAMPLE = 500  # cables read (best matches first) to find the most frequent expansion of an acronym
_ACRONYM_LIKE = glossary.TEXT_WORDS


def explain_term(lib: Library | None, term: str, record: Record | None = None) -> list[Meaning]:
    """Every meaning of ``term``: the record's own first (its definition, its GO<country> form),
    then the bundled tables; for a term none of these knows, the expansion the cables of the index
    define most often (over the ``INDEX_SAMPLE`` cables that best match it)."""
    meanings = glossary.explain(term, record)
    if lib is not None and not meanings:
        common = index_expansion(lib, term)
        if common is not None:
            meanings.append(common)
    return meanings


def index_expansion(lib: Library, term: str) -> Meaning | None:
    """The expansion of ``term`` the indexed texts define most often ("PNP" -> "Peruvian Nationalist
    Party", defined in 3 of the 4 cables that define it), or None when none defines it."""
    key = term.strip()
    if not _ACRONYM_LIKE.fullmatch(key):
        return None
    result = lib.search(f'"{key}"', page_size=INDEX_SAMPLE)
    counts: Counter[str] = Counter()
    forms: dict[str, Counter[str]] = {}
    for hit in result.hits:
        record = lib.get(hit.id)
        expansion = glossary.defined_acronyms(record.text).get(key) if record else None
        if expansion:
            norm = " ".join(expansion.lower().split())
            counts[norm] += 1
            forms.setdefault(norm, Counter())[expansion] += 1
    if not counts:
        return None
    best, n = counts.most_common(1)[0]
    written = forms[best].most_common(1)[0][0]
    total = sum(counts.values())
    source = (f"defined so in {n} of the {total} indexed text{'s' if total != 1 else ''} that define {key}"
              f" (of the {min(result.total, INDEX_SAMPLE)} that mention it)")
    return Meaning(key, written, source, "acronym")


def record_glossary(record: Record) -> dict[str, dict[str, str | None]]:
    """``{term: {"meaning", "source"}}`` for every term of the record (``show --json``); an unknown
    TAGS code has ``None`` for both."""
    return {t.term: _entry(t.meaning) for t in glossary.record_terms(record)}


def _entry(meaning: Meaning | None) -> dict[str, str | None]:
    if meaning is None:
        return {"meaning": None, "source": None}
    return {"meaning": meaning.meaning, "source": meaning.source}


def facet_meaning(facet: str, value: str) -> str | None:
    """What a facet value means, where it is a code: the TAGS facet's codes ("PREL" -> "External
    Political Relations (Political Affairs)"); None for other facets and unknown codes."""
    if facet != "tag":
        return None
    found = glossary.tag_meaning(value)
    return found.meaning if found is not None else None


def term_lines(term: str, meanings: list[Meaning]) -> list[str]:
    """``cables explain`` as text: each meaning on a line, its source under it; or "unknown"."""
    if not meanings:
        return [f"{term}  {UNKNOWN}: not in the TAGS list, the cable vocabulary or the routing indicators"
                + ("" if not _ACRONYM_LIKE.fullmatch(term) else ", and no indexed text defines it")]
    lines: list[str] = []
    for m in meanings:
        lines += [f"{m.term}  {m.meaning}", f"  source: {m.source}"]
    return lines


def term_json(term: str, meanings: list[Meaning]) -> dict[str, Any]:
    """``{"term", "meanings": [{"meaning", "source", "kind"}]}``; ``meanings`` empty when unknown."""
    return {"term": term, "meanings": [{"meaning": m.meaning, "source": m.source, "kind": m.kind} for m in meanings]}


def paragraph_terms(record: Record, text: str) -> list[Term]:
    """The terms of one paragraph (or header line) of the record, with their meanings (the reader's
    glossary pane)."""
    return glossary.terms_in(text, record)


def header_terms(record: Record) -> list[Term]:
    """Every term of the record's header: TAGS, handling, precedence, routing, E.O. and reasons."""
    return [t for t in glossary.record_terms(record) if t.kind in ("tag", "handling", "precedence", "routing", "reason")]


def term_line(term: Term) -> str:
    """One line of the reader's glossary pane: ``PREL  External Political Relations (…)`` or ``… unknown``."""
    return f"{term.term}  {term.meaning.meaning if term.meaning else UNKNOWN}"

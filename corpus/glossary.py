"""What a cable's codes and words mean, each meaning with its source; unknown is unknown.

Three kinds of knowledge, all read here and nowhere else:

- TAGS (``corpus/data/tags.tsv``, from the State Department's TAGS handbook, 5 FAH-3, and PlusD's
  labels of it) and country TAGS, which are FIPS 10-4 codes named by corpus.countries::

      tag_meaning("PREL")  -> Meaning("PREL", "External Political Relations (Political Affairs)", …)
      tag_meaning("PE")    -> Meaning("PE", "Peru", source "FIPS 10-4 country code …")
      tag_meaning("ZZZZ")  -> None   (never guessed from the letters)

- the cable's own vocabulary (``corpus/data/cable-vocabulary.tsv``): handling (NOFORN, EXDIS),
  precedence (NIACT IMMEDIATE), routing furniture (ZNY CCCCC), classification reasons (1.4(b)),
  common words (REFTEL, DCM), plus routing indicators from the ACP 117 table (RUEHPE) and the
  ``GO<country>`` forms read against the cable's countries (GOP in a Lima cable: Government of Peru);

- acronyms a text defines itself: ``defined_acronyms("… Peruvian Nationalist Party (PNP) …")``
  gives ``{"PNP": "Peruvian Nationalist Party"}``; "the Government of Peru (GOP)" gives
  ``{"GOP": "Government of Peru"}``.

:func:`explain` answers one term, for one cable or none; :func:`record_terms` lists every term of a
record that has (or is a TAGS code without) a meaning.  search/glossary.py says how they read.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from corpus.countries import fips_country
from corpus.records import Cable, Record

DATA = Path(__file__).parent / "data"
FIPS_SOURCE = ("FIPS 10-4 country code, as cable TAGS use them "
               "(corpus/countries.py: GeoNames' FIPS column with the project's overrides)")
TEXT_SOURCE = "defined in the text of {id}"
GO_SOURCE = ("cable usage: GO + the country's initial(s) names that country's government "
             "(GOP = Government of Peru in the Lima cables); the country is one of {id}'s own")

_ACRONYM = re.compile(r"\(([A-Z][A-Za-z]?[A-Z&/-]{0,8}?s?)\)")
_WORD = re.compile(r"[A-Za-z\u00c0-\u024f][\w'\u2019\u00c0-\u024f]*")
_JOINING = frozenset("of the and for on in to de del la las los el y et des du da do a an at by".split())
_GO_FORM = re.compile(r"^GO([A-Z]{1,3})$")
_REASON = re.compile(r"1\.[45]\s*\(?\s*([a-h])\s*\)?", re.I)
_ROUTING = re.compile(r"^R[A-Z]{3,6}$")
TEXT_WORDS = re.compile(r"\b[A-Z][A-Z/]{1,9}\b")


@dataclass(frozen=True)
class Meaning:
    """One meaning of one term: ``term`` as looked up, ``meaning`` in words, ``source`` named."""

    term: str
    meaning: str
    source: str
    kind: str  # "tag", "country", "handling", "precedence", "routing", "reason", "word", "government", "acronym"


@dataclass(frozen=True)
class Term:
    """A term as it occurs in a record, and its meaning (None: unknown)."""

    term: str
    kind: str
    meaning: Meaning | None


# --- the bundled tables ------------------------------------------------------------------------


def _rows(name: str) -> tuple[dict[str, str], list[list[str]]]:
    """(sources by key, data rows) of a tab-separated file of corpus/data with "@source" lines."""
    sources: dict[str, str] = {}
    rows: list[list[str]] = []
    for line in (DATA / name).read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        if cells[0] == "@source":
            sources[cells[1]] = cells[2]
        else:
            rows.append(cells)
    return sources, rows


@cache
def tags_table() -> dict[str, Meaning]:
    """Every subject and program code of corpus/data/tags.tsv: ``{"PREL": Meaning(…)}``."""
    sources, rows = _rows("tags.tsv")
    table: dict[str, Meaning] = {}
    for code, meaning, category, status, source in rows:
        text = f"{meaning} ({category}{', retired' if status == 'retired' else ''})"
        table[code] = Meaning(code, text, sources[source], "tag")
    return table


@cache
def vocabulary() -> dict[str, Meaning]:
    """The cable vocabulary of corpus/data/cable-vocabulary.tsv: ``{"NOFORN": Meaning(…)}``."""
    sources, rows = _rows("cable-vocabulary.tsv")
    return {term: Meaning(term, meaning, sources[source], kind) for term, kind, meaning, source in rows}


def tag_meaning(code: str) -> Meaning | None:
    """A TAGS code's meaning: subject and program codes from the handbook, countries from FIPS 10-4."""
    code = code.strip().upper()
    found = tags_table().get(code)
    if found is not None:
        return found
    if len(code) == 2:
        name = fips_country(code)
        if name:
            return Meaning(code, name, FIPS_SOURCE, "country")
    return None


def routing_meaning(indicator: str) -> Meaning | None:
    """A routing indicator's station: ``RUEHPE`` -> AMEMBASSY LIMA (ACP 117)."""
    indicator = indicator.strip().upper()
    if not _ROUTING.match(indicator):
        return None
    from corpus.stations import routing_name  # its table loads only when a routing line is read

    name = routing_name(indicator)
    if not name:
        return None
    return Meaning(indicator, f"routing indicator of {name}", _acp_source(), "routing")


@cache
def _acp_source() -> str:
    return _rows("cable-vocabulary.tsv")[0]["ACP-117"]


# --- acronyms a text defines ----------------------------------------------------------------------


def defined_acronyms(text: str) -> dict[str, str]:
    """The acronyms a text defines, in the order it defines them: "Peruvian Nationalist Party (PNP)",
    "the Government of Peru (GOP)".  The words before the parenthesis must spell the acronym with
    their initials (joining words such as "of" may or may not count), so "(C)" markings, "(Ref A)"
    and "(comment)" define nothing."""
    found: dict[str, str] = {}
    for m in _ACRONYM.finditer(text):
        acronym = m.group(1)
        if acronym in found:
            continue
        letters = re.sub(r"[^A-Za-z]", "", acronym)
        if letters.endswith("s") and letters[:-1].isupper():
            letters = letters[:-1]  # a plural: "non-governmental organizations (NGOs)"
        if len(letters) < 2 or not letters.isupper():
            continue
        before = text[max(0, m.start() - 160) : m.start()]
        spans = list(_WORD.finditer(before))
        count = _spelled(letters, [w.group(0) for w in spans])
        if count:
            # as written: "non-governmental organizations", not the words rejoined
            found[acronym] = " ".join(before[spans[-count].start():].split()).rstrip(" ,;:")
    return found


def _spelled(letters: str, words: list[str]) -> int | None:
    """How many words, ending at the parenthesis, spell ``letters`` with their initials (the fewest)."""
    parts = [p for w in words for p in re.split(r"[-/]", w) if p]
    for size in range(1, min(len(parts), len(letters) + 4) + 1):
        window = parts[-size:]
        if window[0].lower() in _JOINING or window[0][0].upper() != letters[0]:
            continue
        if _initials_match(letters, window):
            return _word_count(words, size)
    return None


def _initials_match(letters: str, window: list[str]) -> bool:
    """Whether the words spell the letters: every word gives its initial, a joining word may give none."""
    def match(i: int, j: int) -> bool:
        if j == len(window):
            return i == len(letters)
        word = window[j]
        if i < len(letters) and word[0].upper() == letters[i] and match(i + 1, j + 1):
            return True
        return word.lower() in _JOINING and match(i, j + 1)
    return match(0, 0)


def _word_count(words: list[str], parts: int) -> int:
    """How many of the last words hold the last ``parts`` hyphen- or slash-separated parts."""
    count = total = 0
    for word in reversed(words):
        total += len([p for p in re.split(r"[-/]", word) if p])
        count += 1
        if total >= parts:
            break
    return count


# --- one term, for one cable -----------------------------------------------------------------------


def explain(term: str, record: Record | None = None) -> list[Meaning]:
    """Every meaning of ``term`` the tables (and, given a record, that record) know; [] when unknown.

    With a record, what the record itself says comes first: an acronym it defines, then a
    ``GO<country>`` form read against its countries.  ``explain("GOP", lima_cable)`` ->
    [Meaning("GOP", "Government of Peru", "defined in the text of 08LIMA1107", "acronym")].
    """
    term = " ".join(term.split())
    key = term.upper()
    out: list[Meaning] = []
    if record is not None:
        defined = defined_acronyms(record.text)
        if term in defined or key in defined:
            out.append(Meaning(key, defined.get(term) or defined[key], TEXT_SOURCE.format(id=record.id), "acronym"))
        if not out:
            government = government_form(key, record)
            if government:
                out.append(government)
    for found in (tag_meaning(key) if " " not in key else None, vocabulary().get(key),
                  _reason_meaning(key), routing_meaning(key)):
        if found is not None and found not in out:
            out.append(found)
    return out


def government_form(term: str, record: Record) -> Meaning | None:
    """"GOP" in a cable about Peru: Government of Peru.  The letters after GO must be the initials
    of one of the record's countries (its origin's first, then its TAGS countries); None otherwise."""
    m = _GO_FORM.match(term)
    if not m:
        return None
    wanted = m.group(1)
    countries = [c for c in [record.origin_country, *record.countries] if c]
    for country in dict.fromkeys(countries):
        words = [w for w in _WORD.findall(country) if w.lower() not in _JOINING]
        if wanted in ("".join(w[0] for w in words).upper(), country[: len(wanted)].upper()):
            return Meaning(term, f"Government of {country}", GO_SOURCE.format(id=record.id), "government")
    return None


def _reason_meaning(term: str) -> Meaning | None:
    m = _REASON.fullmatch(term.replace(" ", ""))
    if not m:
        return None
    return vocabulary().get(f"1.4({m.group(1).lower()})")


def reasons(text: str | None) -> list[str]:
    """The classification reasons a "Classified By" line cites, as ``1.4(b)`` keys:
    "1.4 (b) and (d)" -> ["1.4(b)", "1.4(d)"]; "1.b and d." -> ["1.4(b)", "1.4(d)"]."""
    if not text:
        return []
    letters = re.findall(r"(?:1\.[45]\s*)?\(?\b([a-hA-H])\b\)?", re.sub(r"1\.([a-h])", r"(\1)", text))
    return list(dict.fromkeys(f"1.4({letter.lower()})" for letter in letters))


# --- every term of a record ----------------------------------------------------------------------


def record_terms(record: Record) -> list[Term]:
    """The record's terms in reading order, each once: TAGS (unknown ones too), handling, precedence,
    routing indicators, E.O. and reasons, vocabulary words and GO<country> forms of the text, and the
    acronyms the text defines."""
    seen: dict[str, Term] = {}

    def add(term: str, kind: str, meaning: Meaning | None) -> None:
        if term and term not in seen:
            seen[term] = Term(term, kind, meaning)

    if isinstance(record, Cable):
        for tag in record.tags:
            if tag.kind != "person" and tag.kind != "other":
                add(tag.code, "tag", tag_meaning(tag.code))
        for term, kind in _header_terms(record):
            add(term, kind, vocabulary().get(term) or routing_meaning(term))
        for key in reasons(record.reasons):
            add(key, "reason", vocabulary().get(key))
    for acronym, expansion in defined_acronyms(record.text).items():
        add(acronym, "acronym", Meaning(acronym, expansion, TEXT_SOURCE.format(id=record.id), "acronym"))
    for word in _text_words(record.text):
        meaning = government_form(word, record) or vocabulary().get(word)
        if meaning is not None and meaning.kind in ("word", "government", "handling"):
            add(word, meaning.kind, meaning)
    return list(seen.values())


def _header_terms(cable: Cable) -> Iterator[tuple[str, str]]:
    for word in [*cable.handling, *(cable.classification.caveats if cable.classification else [])]:
        yield word, "handling"
    for precedence in [cable.precedence, cable.info_precedence, *(a.precedence for a in cable.to + cable.info)]:
        if precedence:
            yield precedence, "precedence"
    if cable.routing:
        yield cable.routing, "routing"
    if cable.eo:
        yield f"E.O. {cable.eo}", "reason"


def _text_words(text: str) -> Iterator[str]:
    for m in TEXT_WORDS.finditer(text):
        yield m.group(0)


def terms_in(text: str, record: Record) -> list[Term]:
    """The record's terms that occur in ``text`` (one paragraph), in the order of the record."""
    words = set(TEXT_WORDS.findall(text))
    return [t for t in record_terms(record) if t.term in words]
